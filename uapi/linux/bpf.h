/* The part of the kernel's BPF ABI (include/uapi/linux/bpf.h) that rawbpf uses.
 *
 * Pinned in the repository so rawbpf builds where no kernel headers are
 * installed. Names and numbers are the kernel's own, so what you read here is
 * what you read in the kernel's documentation. tests/unit/test_uapi.c checks
 * every constant and every struct offset below against the system's
 * <linux/bpf.h> whenever that header is installed.
 *
 * The same file serves BPF programs: progs/ are compiled with -Iuapi, so a
 * program that says #include <linux/bpf.h> (as libbpf-style programs do) gets
 * these definitions. */
#ifndef RAWBPF_UAPI_LINUX_BPF_H
#define RAWBPF_UAPI_LINUX_BPF_H

#include "types.h"

/* ---- Instructions --------------------------------------------------------
 * Every BPF instruction is 8 bytes. The 8-bit opcode is split in three: the
 * class (low 3 bits), and for ALU/JMP the operation (high 4 bits) plus the
 * source bit (K: use imm, X: use src_reg); for loads and stores the size and
 * the mode. A 64-bit immediate load (ld_imm64) is the only instruction that
 * takes two slots: the second slot carries the upper 32 bits in its imm. */
struct bpf_insn {
	__u8 code;        /* opcode */
	__u8 dst_reg : 4; /* destination register */
	__u8 src_reg : 4; /* source register; for ld_imm64 a BPF_PSEUDO_* marker */
	__s16 off;        /* signed offset: memory displacement or jump distance */
	__s32 imm;        /* signed immediate constant */
};

/* instruction classes */
#define BPF_CLASS(code) ((code) & 0x07)
#define BPF_LD 0x00
#define BPF_LDX 0x01
#define BPF_ST 0x02
#define BPF_STX 0x03
#define BPF_ALU 0x04
#define BPF_JMP 0x05
#define BPF_JMP32 0x06
#define BPF_ALU64 0x07

/* load/store size */
#define BPF_SIZE(code) ((code) & 0x18)
#define BPF_W 0x00  /* 32 bits */
#define BPF_H 0x08  /* 16 bits */
#define BPF_B 0x10  /* 8 bits */
#define BPF_DW 0x18 /* 64 bits */

/* load/store mode */
#define BPF_MODE(code) ((code) & 0xe0)
#define BPF_IMM 0x00
#define BPF_ABS 0x20
#define BPF_IND 0x40
#define BPF_MEM 0x60
#define BPF_MEMSX 0x80 /* sign-extending load (cpu v4) */
#define BPF_ATOMIC 0xc0

/* ALU and jump operations */
#define BPF_OP(code) ((code) & 0xf0)
#define BPF_ADD 0x00
#define BPF_SUB 0x10
#define BPF_MUL 0x20
#define BPF_DIV 0x30
#define BPF_OR 0x40
#define BPF_AND 0x50
#define BPF_LSH 0x60
#define BPF_RSH 0x70
#define BPF_NEG 0x80
#define BPF_MOD 0x90
#define BPF_XOR 0xa0
#define BPF_MOV 0xb0
#define BPF_ARSH 0xc0
#define BPF_END 0xd0 /* byte swap; BPF_SRC selects the target order */
#define BPF_TO_LE 0x00
#define BPF_TO_BE 0x08

#define BPF_JA 0x00
#define BPF_JEQ 0x10
#define BPF_JGT 0x20
#define BPF_JGE 0x30
#define BPF_JSET 0x40
#define BPF_JNE 0x50
#define BPF_JSGT 0x60
#define BPF_JSGE 0x70
#define BPF_CALL 0x80
#define BPF_EXIT 0x90
#define BPF_JLT 0xa0
#define BPF_JLE 0xb0
#define BPF_JSLT 0xc0
#define BPF_JSLE 0xd0

/* operand source */
#define BPF_SRC(code) ((code) & 0x08)
#define BPF_K 0x00
#define BPF_X 0x08

/* atomic operations live in imm of a BPF_STX | BPF_ATOMIC instruction */
#define BPF_FETCH 0x01
#define BPF_XCHG (0xe0 | BPF_FETCH)
#define BPF_CMPXCHG (0xf0 | BPF_FETCH)

#define MAX_BPF_REG 11 /* r0..r10; r10 is the read-only frame pointer */

/* src_reg markers of an ld_imm64: what the 64-bit immediate means. The loader
 * writes these when it resolves a relocation; clang never emits them. */
#define BPF_PSEUDO_MAP_FD 1        /* imm = map fd; the register gets the map */
#define BPF_PSEUDO_MAP_VALUE 2     /* imm = map fd, next imm = offset in value */
#define BPF_PSEUDO_BTF_ID 3        /* imm = BTF id of a kernel variable */
#define BPF_PSEUDO_FUNC 4          /* imm = instruction offset of a callback */
#define BPF_PSEUDO_MAP_IDX 5       /* imm = index into fd_array */
#define BPF_PSEUDO_MAP_IDX_VALUE 6 /* index into fd_array + value offset */

/* src_reg markers of a call */
#define BPF_PSEUDO_CALL 1       /* BPF-to-BPF call: imm = relative insn offset */
#define BPF_PSEUDO_KFUNC_CALL 2 /* call to a kernel function by BTF id */

/* ---- Commands of bpf(2) -------------------------------------------------- */
enum bpf_cmd {
	BPF_MAP_CREATE = 0,
	BPF_MAP_LOOKUP_ELEM = 1,
	BPF_MAP_UPDATE_ELEM = 2,
	BPF_MAP_DELETE_ELEM = 3,
	BPF_MAP_GET_NEXT_KEY = 4,
	BPF_PROG_LOAD = 5,
	BPF_OBJ_PIN = 6,
	BPF_OBJ_GET = 7,
	BPF_PROG_ATTACH = 8,
	BPF_PROG_DETACH = 9,
	BPF_PROG_TEST_RUN = 10,
	BPF_PROG_GET_NEXT_ID = 11,
	BPF_MAP_GET_NEXT_ID = 12,
	BPF_PROG_GET_FD_BY_ID = 13,
	BPF_MAP_GET_FD_BY_ID = 14,
	BPF_OBJ_GET_INFO_BY_FD = 15,
	BPF_PROG_QUERY = 16,
	BPF_RAW_TRACEPOINT_OPEN = 17,
	BPF_BTF_LOAD = 18,
	BPF_BTF_GET_FD_BY_ID = 19,
	BPF_TASK_FD_QUERY = 20,
	BPF_MAP_LOOKUP_AND_DELETE_ELEM = 21,
	BPF_MAP_FREEZE = 22,
	BPF_BTF_GET_NEXT_ID = 23,
	BPF_MAP_LOOKUP_BATCH = 24,
	BPF_MAP_LOOKUP_AND_DELETE_BATCH = 25,
	BPF_MAP_UPDATE_BATCH = 26,
	BPF_MAP_DELETE_BATCH = 27,
	BPF_LINK_CREATE = 28,
	BPF_LINK_UPDATE = 29,
	BPF_LINK_GET_FD_BY_ID = 30,
	BPF_LINK_GET_NEXT_ID = 31,
	BPF_ENABLE_STATS = 32,
	BPF_ITER_CREATE = 33,
	BPF_LINK_DETACH = 34,
	BPF_PROG_BIND_MAP = 35,
};

/* ---- Map types ----------------------------------------------------------- */
enum bpf_map_type {
	BPF_MAP_TYPE_UNSPEC = 0,
	BPF_MAP_TYPE_HASH = 1,
	BPF_MAP_TYPE_ARRAY = 2,
	BPF_MAP_TYPE_PROG_ARRAY = 3,
	BPF_MAP_TYPE_PERF_EVENT_ARRAY = 4,
	BPF_MAP_TYPE_PERCPU_HASH = 5,
	BPF_MAP_TYPE_PERCPU_ARRAY = 6,
	BPF_MAP_TYPE_STACK_TRACE = 7,
	BPF_MAP_TYPE_CGROUP_ARRAY = 8,
	BPF_MAP_TYPE_LRU_HASH = 9,
	BPF_MAP_TYPE_LRU_PERCPU_HASH = 10,
	BPF_MAP_TYPE_LPM_TRIE = 11,
	BPF_MAP_TYPE_ARRAY_OF_MAPS = 12,
	BPF_MAP_TYPE_HASH_OF_MAPS = 13,
	BPF_MAP_TYPE_DEVMAP = 14,
	BPF_MAP_TYPE_SOCKMAP = 15,
	BPF_MAP_TYPE_CPUMAP = 16,
	BPF_MAP_TYPE_XSKMAP = 17,
	BPF_MAP_TYPE_SOCKHASH = 18,
	BPF_MAP_TYPE_CGROUP_STORAGE = 19,
	BPF_MAP_TYPE_REUSEPORT_SOCKARRAY = 20,
	BPF_MAP_TYPE_PERCPU_CGROUP_STORAGE = 21,
	BPF_MAP_TYPE_QUEUE = 22,
	BPF_MAP_TYPE_STACK = 23,
	BPF_MAP_TYPE_SK_STORAGE = 24,
	BPF_MAP_TYPE_DEVMAP_HASH = 25,
	BPF_MAP_TYPE_STRUCT_OPS = 26,
	BPF_MAP_TYPE_RINGBUF = 27,
	BPF_MAP_TYPE_INODE_STORAGE = 28,
	BPF_MAP_TYPE_TASK_STORAGE = 29,
	BPF_MAP_TYPE_BLOOM_FILTER = 30,
	BPF_MAP_TYPE_USER_RINGBUF = 31,
	BPF_MAP_TYPE_CGRP_STORAGE = 32,
};

/* ---- Program types ------------------------------------------------------- */
enum bpf_prog_type {
	BPF_PROG_TYPE_UNSPEC = 0,
	BPF_PROG_TYPE_SOCKET_FILTER = 1,
	BPF_PROG_TYPE_KPROBE = 2,
	BPF_PROG_TYPE_SCHED_CLS = 3,
	BPF_PROG_TYPE_SCHED_ACT = 4,
	BPF_PROG_TYPE_TRACEPOINT = 5,
	BPF_PROG_TYPE_XDP = 6,
	BPF_PROG_TYPE_PERF_EVENT = 7,
	BPF_PROG_TYPE_CGROUP_SKB = 8,
	BPF_PROG_TYPE_CGROUP_SOCK = 9,
	BPF_PROG_TYPE_LWT_IN = 10,
	BPF_PROG_TYPE_LWT_OUT = 11,
	BPF_PROG_TYPE_LWT_XMIT = 12,
	BPF_PROG_TYPE_SOCK_OPS = 13,
	BPF_PROG_TYPE_SK_SKB = 14,
	BPF_PROG_TYPE_CGROUP_DEVICE = 15,
	BPF_PROG_TYPE_SK_MSG = 16,
	BPF_PROG_TYPE_RAW_TRACEPOINT = 17,
	BPF_PROG_TYPE_CGROUP_SOCK_ADDR = 18,
	BPF_PROG_TYPE_LWT_SEG6LOCAL = 19,
	BPF_PROG_TYPE_LIRC_MODE2 = 20,
	BPF_PROG_TYPE_SK_REUSEPORT = 21,
	BPF_PROG_TYPE_FLOW_DISSECTOR = 22,
	BPF_PROG_TYPE_CGROUP_SYSCTL = 23,
	BPF_PROG_TYPE_RAW_TRACEPOINT_WRITABLE = 24,
	BPF_PROG_TYPE_CGROUP_SOCKOPT = 25,
	BPF_PROG_TYPE_TRACING = 26,
	BPF_PROG_TYPE_STRUCT_OPS = 27,
	BPF_PROG_TYPE_EXT = 28,
	BPF_PROG_TYPE_LSM = 29,
	BPF_PROG_TYPE_SK_LOOKUP = 30,
	BPF_PROG_TYPE_SYSCALL = 31,
};

/* ---- Attach types (the subset rawbpf's section table names) -------------- */
enum bpf_attach_type {
	BPF_TRACE_RAW_TP = 23,
	BPF_TRACE_FENTRY = 24,
	BPF_TRACE_FEXIT = 25,
	BPF_MODIFY_RETURN = 26,
	BPF_LSM_MAC = 27,
	BPF_PERF_EVENT = 41,
};

/* ---- Flags --------------------------------------------------------------- */
/* BPF_MAP_UPDATE_ELEM flags */
#define BPF_ANY 0     /* create a new element or update an existing one */
#define BPF_NOEXIST 1 /* create only */
#define BPF_EXIST 2   /* update only */

/* BPF_MAP_CREATE map_flags */
#define BPF_F_NO_PREALLOC (1U << 0)
#define BPF_F_RDONLY_PROG (1U << 7) /* programs may read, not write */
#define BPF_F_MMAPABLE (1U << 10)

/* bpf_perf_event_output flags: the low 32 bits pick the map index (the
 * CPU's ring); all ones means the CPU the program runs on. */
#define BPF_F_INDEX_MASK 0xffffffffULL
#define BPF_F_CURRENT_CPU BPF_F_INDEX_MASK

/* bpf_get_stackid flags: the low 8 bits are a number of frames to skip */
#define BPF_F_SKIP_FIELD_MASK 0xffULL
#define BPF_F_USER_STACK (1ULL << 8)     /* the user stack, not the kernel's */
#define BPF_F_FAST_STACK_CMP (1ULL << 9) /* compare stacks by hash only */
#define BPF_F_REUSE_STACKID (1ULL << 10) /* a colliding stack replaces the old */

/* bpf_ringbuf_output/submit/discard flags: whether to wake the reader.
 * Neither: the kernel decides (it wakes the reader when it has caught up). */
#define BPF_RB_NO_WAKEUP (1ULL << 0)
#define BPF_RB_FORCE_WAKEUP (1ULL << 1)

/* Kernel object names (maps, programs) are at most 15 characters and a NUL. */
#define BPF_OBJ_NAME_LEN 16U

/* ---- bpf(2)'s single argument --------------------------------------------
 * bpf(cmd, &attr, size) takes one union; each command reads its own member.
 * A caller may pass a smaller size than the kernel knows (the rest is taken
 * as zero), and must zero every byte it does not set: the kernel refuses
 * non-zero bytes beyond the fields of the command (EINVAL). */
union bpf_attr {
	struct { /* BPF_MAP_CREATE */
		__u32 map_type;
		__u32 key_size;
		__u32 value_size;
		__u32 max_entries;
		__u32 map_flags;
		__u32 inner_map_fd;
		__u32 numa_node;
		char map_name[BPF_OBJ_NAME_LEN];
		__u32 map_ifindex;
		__u32 btf_fd;
		__u32 btf_key_type_id;
		__u32 btf_value_type_id;
		__u32 btf_vmlinux_value_type_id;
		__aligned_u64 map_extra;
	};

	struct { /* BPF_MAP_*_ELEM and BPF_MAP_GET_NEXT_KEY */
		__u32 map_fd;
		__aligned_u64 key;
		union {
			__aligned_u64 value;
			__aligned_u64 next_key;
		};
		__u64 flags;
	};

	struct { /* BPF_PROG_LOAD */
		__u32 prog_type;
		__u32 insn_cnt;
		__aligned_u64 insns;
		__aligned_u64 license;
		__u32 log_level;   /* 0: no log; 1: log on failure; 2: every state */
		__u32 log_size;
		__aligned_u64 log_buf;
		__u32 kern_version; /* checked only by kprobe programs before 5.0 */
		__u32 prog_flags;
		char prog_name[BPF_OBJ_NAME_LEN];
		__u32 prog_ifindex;
		__u32 expected_attach_type;
		__u32 prog_btf_fd;
		__u32 func_info_rec_size;
		__aligned_u64 func_info;
		__u32 func_info_cnt;
		__u32 line_info_rec_size;
		__aligned_u64 line_info;
		__u32 line_info_cnt;
		__u32 attach_btf_id;
		union {
			__u32 attach_prog_fd;
			__u32 attach_btf_obj_fd;
		};
		__u32 core_relo_cnt;
		__aligned_u64 fd_array;
		__aligned_u64 core_relos;
		__u32 core_relo_rec_size;
		__u32 log_true_size; /* out (6.4+): the size the whole log needs */
	};

	struct { /* BPF_OBJ_PIN, BPF_OBJ_GET */
		__aligned_u64 pathname;
		__u32 bpf_fd;
		__u32 file_flags;
	};

	struct { /* BPF_*_GET_NEXT_ID, BPF_*_GET_FD_BY_ID */
		union {
			__u32 start_id;
			__u32 prog_id;
			__u32 map_id;
			__u32 btf_id;
			__u32 link_id;
		};
		__u32 next_id;
		__u32 open_flags;
	};

	struct { /* BPF_OBJ_GET_INFO_BY_FD */
		__u32 bpf_fd;
		__u32 info_len;
		__aligned_u64 info;
	} info;

	struct { /* BPF_RAW_TRACEPOINT_OPEN */
		__aligned_u64 name;
		__u32 prog_fd;
	} raw_tracepoint;

	struct { /* BPF_BTF_LOAD */
		__aligned_u64 btf;
		__aligned_u64 btf_log_buf;
		__u32 btf_size;
		__u32 btf_log_size;
		__u32 btf_log_level;
		__u32 btf_log_true_size;
	};

	struct { /* BPF_LINK_CREATE */
		union {
			__u32 prog_fd;
			__u32 map_fd;
		};
		union {
			__u32 target_fd;
			__u32 target_ifindex;
		};
		__u32 attach_type;
		__u32 flags;
		union {
			__u32 target_btf_id;
			struct {
				__aligned_u64 iter_info;
				__u32 iter_info_len;
			};
			struct {
				__u64 bpf_cookie;
			} perf_event;
		};
	} link_create;
} __attribute__((aligned(8)));

/* ---- What BPF_OBJ_GET_INFO_BY_FD tells about a map ------------------------
 * The first fields of the kernel's struct bpf_map_info; the kernel copies
 * only as much as info_len asks for. */
struct bpf_map_info {
	__u32 type;
	__u32 id;
	__u32 key_size;
	__u32 value_size;
	__u32 max_entries;
	__u32 map_flags;
	char name[BPF_OBJ_NAME_LEN];
	__u32 ifindex;
	__u32 btf_vmlinux_value_type_id;
	__u64 netns_dev;
	__u64 netns_ino;
	__u32 btf_id;
	__u32 btf_key_type_id;
	__u32 btf_value_type_id;
	__u32 :32;             /* padding */
	__u64 map_extra;       /* Linux 5.16+; older kernels leave it 0 */
} __attribute__((aligned(8)));

/* ---- What BPF_OBJ_GET_INFO_BY_FD tells about a program --------------------
 * The first fields of the kernel's struct bpf_prog_info (the kernel copies
 * only info_len bytes). The tests read a loaded program's instructions as
 * the verifier left them ("translated": xlated_prog_insns, xlated_prog_len
 * bytes); an ld_imm64 of a map shows there as src_reg BPF_PSEUDO_MAP_FD or
 * BPF_PSEUDO_MAP_VALUE with imm = the map's id, not its address
 * (bpf_insn_prepare_dump() in kernel/bpf/syscall.c). */
#define BPF_TAG_SIZE 8
struct bpf_prog_info {
	__u32 type;
	__u32 id;
	__u8 tag[BPF_TAG_SIZE];
	__u32 jited_prog_len;
	__u32 xlated_prog_len;
	__aligned_u64 jited_prog_insns;
	__aligned_u64 xlated_prog_insns;
	__u64 load_time;
	__u32 created_by_uid;
	__u32 nr_map_ids;
	__aligned_u64 map_ids;
	char name[BPF_OBJ_NAME_LEN];
} __attribute__((aligned(8)));

/* ---- What BPF_OBJ_GET_INFO_BY_FD tells about a BTF object ------------------
 * The kernel's BTF and each module's (Linux 5.11+: name, name_len,
 * kernel_btf). `btf` and `name` are buffers the kernel fills, of btf_size
 * and name_len bytes; it sets btf_size to the blob's size. */
struct bpf_btf_info {
	__aligned_u64 btf;
	__u32 btf_size;
	__u32 id;
	__aligned_u64 name;
	__u32 name_len;
	__u32 kernel_btf; /* 1: vmlinux's or a module's, not a program's */
} __attribute__((aligned(8)));

/* ---- CO-RE records for the kernel (Linux 5.17+) ---------------------------
 * BPF_PROG_LOAD can apply CO-RE relocations itself (attr.core_relos,
 * core_relo_cnt, core_relo_rec_size; kernel/bpf/btf.c bpf_core_apply()): the
 * records of .BTF.ext, with insn_off in bytes from the start of the loaded
 * program, and type_id and access_str_off in the BTF given as prog_btf_fd.
 * `kind` is an enum bpf_core_relo_kind (elf/core_relo.h restates it). */
struct bpf_core_relo {
	__u32 insn_off;
	__u32 type_id;
	__u32 access_str_off;
	__u32 kind;
};

/* ---- Helper function ids -------------------------------------------------
 * A call instruction with src_reg 0 calls kernel helper number imm. The BPF
 * side (bpf/bpf_helper_defs.h) declares the same numbers; the loader uses a
 * few to explain itself (e.g. a program that calls trace_printk gets its
 * trace_pipe lines printed). */
#define BPF_FUNC_map_lookup_elem 1
#define BPF_FUNC_map_update_elem 2
#define BPF_FUNC_map_delete_elem 3
#define BPF_FUNC_probe_read 4
#define BPF_FUNC_ktime_get_ns 5
#define BPF_FUNC_trace_printk 6
#define BPF_FUNC_get_prandom_u32 7
#define BPF_FUNC_get_smp_processor_id 8
#define BPF_FUNC_tail_call 12
#define BPF_FUNC_get_current_pid_tgid 14
#define BPF_FUNC_get_current_uid_gid 15
#define BPF_FUNC_get_current_comm 16
#define BPF_FUNC_perf_event_output 25
#define BPF_FUNC_get_stackid 27
#define BPF_FUNC_get_current_task 35
#define BPF_FUNC_probe_read_str 45
#define BPF_FUNC_probe_read_user 112
#define BPF_FUNC_probe_read_kernel 113
#define BPF_FUNC_probe_read_user_str 114
#define BPF_FUNC_probe_read_kernel_str 115
#define BPF_FUNC_ringbuf_output 130
#define BPF_FUNC_ringbuf_reserve 131
#define BPF_FUNC_ringbuf_submit 132
#define BPF_FUNC_ringbuf_discard 133
#define BPF_FUNC_per_cpu_ptr 153  /* a per-CPU __ksym variable on CPU n */
#define BPF_FUNC_this_cpu_ptr 154 /* ... on this CPU */
#define BPF_FUNC_get_attach_cookie 174 /* LINUX_HAS_BPF_COOKIE probes for it */
#define BPF_FUNC_trace_vprintk 177

#endif
