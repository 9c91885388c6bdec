/* Kernel helper functions, as BPF programs call them.
 *
 * A BPF program calls helper number N with the instruction `call N`
 * (BPF_JMP | BPF_CALL, imm = N, src_reg = 0). Each helper below is declared
 * as a static function pointer whose value is that number; clang's BPF
 * backend compiles a call through such a constant into exactly `call N`, and
 * the pointer variable itself never reaches the object file.
 *
 * The numbers are the kernel's enum bpf_func_id (BPF_FUNC_*), which come from
 * <linux/bpf.h> or a vmlinux.h included before this file; the signatures are
 * the ones documented in the kernel's include/uapi/linux/bpf.h and used by
 * libbpf. Pointer arguments are checked by the verifier, not by C: e.g. a
 * `map` must be a map the program refers to, a `size` must be a constant or
 * a bounded register. Unless said otherwise a helper returns 0 on success
 * and a negative errno on failure. */
#ifndef RAWBPF_BPF_HELPER_DEFS_H
#define RAWBPF_BPF_HELPER_DEFS_H

/* Maps. lookup returns a pointer into the map's value (or NULL when the key
 * is absent: the verifier insists the program checks); update takes
 * BPF_ANY, BPF_NOEXIST or BPF_EXIST. */
static void *(*bpf_map_lookup_elem)(void *map, const void *key) = (void *)BPF_FUNC_map_lookup_elem;
static long (*bpf_map_update_elem)(void *map, const void *key, const void *value,
				   __u64 flags) = (void *)BPF_FUNC_map_update_elem;
static long (*bpf_map_delete_elem)(void *map, const void *key) = (void *)BPF_FUNC_map_delete_elem;

/* Copying memory the program may not dereference directly; a fault gives
 * an error and a zeroed dst, never a crash. _user and _kernel (Linux 5.5)
 * say which address space; plain probe_read decides by the address, and
 * only exists on architectures where user and kernel addresses do not
 * overlap. The _str variants stop after the NUL and return the length
 * including it. */
static long (*bpf_probe_read)(void *dst, __u32 size, const void *unsafe_ptr) = (void *)BPF_FUNC_probe_read;
static long (*bpf_probe_read_str)(void *dst, __u32 size, const void *unsafe_ptr) = (void *)BPF_FUNC_probe_read_str;
static long (*bpf_probe_read_user)(void *dst, __u32 size, const void *unsafe_ptr) = (void *)BPF_FUNC_probe_read_user;
static long (*bpf_probe_read_kernel)(void *dst, __u32 size, const void *unsafe_ptr) = (void *)BPF_FUNC_probe_read_kernel;
static long (*bpf_probe_read_user_str)(void *dst, __u32 size, const void *unsafe_ptr) = (void *)BPF_FUNC_probe_read_user_str;
static long (*bpf_probe_read_kernel_str)(void *dst, __u32 size, const void *unsafe_ptr) = (void *)BPF_FUNC_probe_read_kernel_str;

/* The current task and CPU. pid_tgid: the thread id in the low 32 bits, the
 * process id (what user space calls the pid) in the high 32; uid_gid: the
 * uid low, the gid high. comm is the 16-byte task name. get_current_task
 * returns the address of the kernel's struct task_struct. */
static __u64 (*bpf_get_current_pid_tgid)(void) = (void *)BPF_FUNC_get_current_pid_tgid;
static __u64 (*bpf_get_current_uid_gid)(void) = (void *)BPF_FUNC_get_current_uid_gid;
static long (*bpf_get_current_comm)(void *buf, __u32 size_of_buf) = (void *)BPF_FUNC_get_current_comm;
static __u64 (*bpf_get_current_task)(void) = (void *)BPF_FUNC_get_current_task;
static __u32 (*bpf_get_smp_processor_id)(void) = (void *)BPF_FUNC_get_smp_processor_id;
static __u64 (*bpf_ktime_get_ns)(void) = (void *)BPF_FUNC_ktime_get_ns; /* CLOCK_MONOTONIC */
static __u32 (*bpf_get_prandom_u32)(void) = (void *)BPF_FUNC_get_prandom_u32;

/* Debug output to /sys/kernel/tracing/trace_pipe (see bpf_printk). vprintk
 * (Linux 5.16) takes the arguments as an array of u64, data_len bytes. */
static long (*bpf_trace_printk)(const char *fmt, __u32 fmt_size, ...) = (void *)BPF_FUNC_trace_printk;
static long (*bpf_trace_vprintk)(const char *fmt, __u32 fmt_size, const void *data,
				 __u32 data_len) = (void *)BPF_FUNC_trace_vprintk;

/* Jump to the program at `index` of a BPF_MAP_TYPE_PROG_ARRAY; on success it
 * does not return. */
static long (*bpf_tail_call)(void *ctx, void *prog_array_map, __u32 index) = (void *)BPF_FUNC_tail_call;

/* The id of the current stack in a BPF_MAP_TYPE_STACK_TRACE map (flags:
 * frames to skip | BPF_F_USER_STACK ...), or a negative errno. */
static long (*bpf_get_stackid)(void *ctx, void *map, __u64 flags) = (void *)BPF_FUNC_get_stackid;

/* Perf buffer: a sample of `size` bytes into the ring of a
 * BPF_MAP_TYPE_PERF_EVENT_ARRAY; flags BPF_F_CURRENT_CPU picks this CPU's. */
static long (*bpf_perf_event_output)(void *ctx, void *map, __u64 flags, void *data,
				     __u64 size) = (void *)BPF_FUNC_perf_event_output;

/* Ring buffer (Linux 5.8), one shared by all CPUs: output copies a record in;
 * reserve returns space to fill in place (NULL when full), which must then
 * be submitted or discarded. flags: BPF_RB_NO_WAKEUP, BPF_RB_FORCE_WAKEUP. */
static long (*bpf_ringbuf_output)(void *ringbuf, void *data, __u64 size, __u64 flags) = (void *)BPF_FUNC_ringbuf_output;
static void *(*bpf_ringbuf_reserve)(void *ringbuf, __u64 size, __u64 flags) = (void *)BPF_FUNC_ringbuf_reserve;
static void (*bpf_ringbuf_submit)(void *data, __u64 flags) = (void *)BPF_FUNC_ringbuf_submit;
static void (*bpf_ringbuf_discard)(void *data, __u64 flags) = (void *)BPF_FUNC_ringbuf_discard;

/* Per-CPU kernel variables (a typed `extern const int x __ksym;` declared
 * DEFINE_PER_CPU in the kernel), Linux 5.10: the variable's copy on CPU
 * `cpu` (NULL past the last possible CPU), or on this CPU. */
static void *(*bpf_per_cpu_ptr)(const void *percpu_ptr, __u32 cpu) = (void *)BPF_FUNC_per_cpu_ptr;
static void *(*bpf_this_cpu_ptr)(const void *percpu_ptr) = (void *)BPF_FUNC_this_cpu_ptr;

#endif
