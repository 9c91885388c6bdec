/* /init of the test VMs (make vmtest): runs rawbpf against the booted
 * kernel and reports through the serial console and qemu's isa-debug-exit.
 *
 * Built static (musl), it is the only process at first: it mounts /proc,
 * /sys and /dev, runs each case (rawbpf run --json OBJ [-- CMD]), checks its
 * exit status and output, then checks that nothing is left: no BPF program
 * in the kernel, no entry in kprobe_events or uprobe_events. It prints
 * "vmtest: N passed, N failed" and writes the result to I/O port 0xf4,
 * which makes qemu exit with status (value << 1) | 1.
 *
 * Objects under /t/conf/ come from ../shared/conformance and are present
 * only when the suite is (always in CI); the others are the project's own. */
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <net/if.h>
#include <sched.h>
#include <sys/io.h>
#include <sys/ioctl.h>
#include <sys/mount.h>
#include <sys/reboot.h>
#include <sys/socket.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <termios.h>
#include <unistd.h>

struct test_case {
	const char *name;
	const char *argv[18];  /* rawbpf and its arguments */
	int status;            /* the exit status it must end with */
	const char *expect[4]; /* substrings of stdout, all required */
	const char *expect_err;/* a substring of stderr, or NULL */
	/* Signal cases run without CMD: once stderr (--verbose) shows `ready`
	 * perf events enabled, `driver` runs, then `signal` is sent. */
	int signal;
	int ready;
	const char *driver[4];
	/* A sysfs directory to hide under an empty tmpfs while the case runs:
	 * a PMU's, to act as a kernel before 4.17 that has none; or
	 * /sys/kernel/tracing, to act as a system without tracefs. */
	const char *hide;
	const char *refuse_err; /* a substring stderr must not have, or NULL */
	/* Judges the run instead of `status` and `expect` when set, against
	 * what the VM's kernel says itself (extern_checks.c): 1 right, else 0
	 * with why. */
	int (*check)(int status, const char *out, const char *err, char *why, size_t size);
	/* Set: rawbpf runs in a network namespace of its own, with lo up
	 * (fresh_netns()), as the host's tests do with tests/kernel/kernel/
	 * netns.h; it dies with rawbpf and whatever it started. */
	int netns;
};

/* extern_checks.c */
int vm_check_kconfig(int status, const char *out, const char *err, char *why, size_t size);
int vm_check_typeless(int status, const char *out, const char *err, char *why, size_t size);
int vm_check_kfuncs(int status, const char *out, const char *err, char *why, size_t size);
int vm_check_module_kfunc(int status, const char *out, const char *err, char *why, size_t size);

#define V(k, v) "\"key\":\"" k "\",\"value\":\"" v "\""
#define FIVE "0500000000000000"
#define RUN "/rawbpf", "run", "--json"
#define GETPPID5 "/rbdriver", "getppid", "5"
#define ONE "0100000000000000"
#define CORE_DRIVER "/rbdriver", "core", "1"
/* key 3 comm "rbdriver", 4 cred->uid.val 4242, 6 task_struct___old.state
 * exists (no), 7 __state exists (yes) */
#define CORE_TASK { V("03000000", "7262647269766572"), V("04000000", "9210000000000000"), \
		    V("06000000", "0000000000000000"), V("07000000", ONE) }
/* key 5 list_head matches, 6 callback_head___matches does not, 10 the
 * poisoned enumerator's guarded value, 9 PIDTYPE_PGID */
#define CORE_TYPES { V("05000000", ONE), V("06000000", "0000000000000000"), \
		     V("0a000000", "4d00000000000000"), V("09000000", "0200000000000000") }

#define TRUN "/rawbpf", "test-run", "--json"
#define TRUN_TCP "02000000000202000000000108004500002e12344000400614940a0000010a0000023039" \
		 "00500000000000000000500200000000000068656c6c6f21"
#define TRUN_UDP "02000000000202000000000108004500002212344000401114950a0000010a0000023039" \
		 "0035000e000068656c6c6f21"

static const struct test_case cases[] = {
	{ "tracepoint, legacy maps", { RUN, "/t/conf/legacy_count.bpf.o", "--", "/trigger",
				       "getppid", "5" }, 0, { V("00000000", FIVE) } },
	{ "kprobe and kretprobe (conformance)", { RUN, "/t/conf/kprobe.bpf.o", "--", "/trigger",
						  "getppid", "5" }, 0,
	  { V("00000000", FIVE), V("01000000", FIVE) } },
	{ "kprobe and kretprobe, kprobe PMU", { RUN, "--verbose", "--probe-mode", "pmu",
						"/t/kprobe_count.bpf.o", "--", GETPPID5 }, 0,
	  { V("00000000", FIVE), V("01000000", FIVE) }, "perf_event_open(kprobe PMU type" },
	{ "kprobe and kretprobe, kprobe_events", { RUN, "--verbose", "--probe-mode", "tracefs",
						   "/t/kprobe_count.bpf.o", "--", GETPPID5 }, 0,
	  { V("00000000", FIVE), V("01000000", FIVE) }, "write(kprobe_events, \"r:kprobes/rawbpf_" },
	{ "kprobe and kretprobe, no kprobe PMU: auto falls back to kprobe_events",
	  { RUN, "--verbose", "/t/kprobe_count.bpf.o", "--", GETPPID5 }, 0,
	  { V("00000000", FIVE), V("01000000", FIVE) }, "write(kprobe_events, \"p:kprobes/rawbpf_",
	  0, 0, { NULL }, "/sys/bus/event_source/devices/kprobe" },
	/* the PMU is tried first: tracefs is not needed, so not mounted (this
	 * init mounts none, and the tmpfs keeps an earlier case's out of sight) */
	{ "kprobe PMU with no tracefs mounted: none is mounted for it",
	  { RUN, "--verbose", "/t/kprobe_count.bpf.o", "--", GETPPID5 }, 0,
	  { V("00000000", FIVE), V("01000000", FIVE) }, "perf_event_open(kprobe PMU type",
	  0, 0, { NULL }, "/sys/kernel/tracing", "mounted tracefs" },
	{ "kprobe attach failing half-way, kprobe_events",
	  { RUN, "--verbose", "--probe-mode", "tracefs", "/t/kprobe_missing.bpf.o", "--",
	    GETPPID5 }, 1, { NULL }, "detach: write(kprobe_events, \"-:kprobes/rawbpf_" },
	{ "SIGINT ends a run with kprobe_events entries",
	  { RUN, "--verbose", "--probe-mode", "tracefs", "/t/kprobe_count.bpf.o" }, 0,
	  { V("00000000", FIVE), V("01000000", FIVE) }, NULL, SIGINT, 2, { GETPPID5 } },
	{ "SIGTERM ends a run with kprobe_events entries",
	  { RUN, "--verbose", "--probe-mode", "tracefs", "/t/kprobe_count.bpf.o" }, 0,
	  { V("00000000", FIVE), V("01000000", FIVE) }, NULL, SIGTERM, 2, { GETPPID5 } },
	{ "SIGINT ends a run with uprobe PMU events",
	  { RUN, "--verbose", "/t/uprobe_own.bpf.o" }, 0,
	  { V("00000000", FIVE), V("01000000", FIVE) }, NULL, SIGINT, 2,
	  { "/rbdriver", "func", "5" } },
	{ "raw tracepoint", { RUN, "/t/conf/raw_tp.bpf.o", "--", "/trigger", "getppid", "5" }, 0,
	  { V("00000000", FIVE) } },
	{ "uprobe and uretprobe (conformance)", { RUN, "/t/conf/uprobe.bpf.o", "--", "/trigger",
						  "func", "5" }, 0,
	  { V("00000000", FIVE), V("01000000", FIVE) } },
	{ "uprobe and uretprobe, uprobe_events", { RUN, "--verbose", "--probe-mode", "tracefs",
						   "/t/uprobe_own.bpf.o", "--", "/rbdriver",
						   "func", "5" }, 0,
	  { V("00000000", FIVE), V("01000000", FIVE) }, "write(uprobe_events, \"r:uprobes/rawbpf_" },
	{ "SIGTERM ends a run with uprobe_events entries",
	  { RUN, "--verbose", "--probe-mode", "tracefs", "/t/uprobe_own.bpf.o" }, 0,
	  { V("00000000", FIVE), V("01000000", FIVE) }, NULL, SIGTERM, 2,
	  { "/rbdriver", "func", "5" } },
	{ "BTF maps", { RUN, "/t/conf/btf_maps.bpf.o", "--", "/trigger", "getppid", "5" }, 0,
	  { "\"map\":\"total\"," V("00000000", FIVE) } },
	{ "global data", { RUN, "/t/conf/globals.bpf.o", "--", "/trigger", "getppid", "5" }, 0,
	  { V("00000000", "f703000000000000") } },
	{ "BPF-to-BPF calls", { RUN, "/t/conf/subprogs.bpf.o", "--", "/trigger", "getppid", "5" },
	  0, { V("00000000", "0a00000000000000"), V("01000000", "2800000000000000") } },
	{ "ring buffer", { RUN, "/t/conf/ringbuf.bpf.o", "--", "/trigger", "getppid", "5" }, 0,
	  { "\"data\":\"0400000000000000\"" } },
	{ "tp_btf example", { RUN, "/t/exec_count_btf.bpf.o", "--", "/rbdriver", "getppid", "1" },
	  0, { V("72626472697665720000000000000000", "0100000000000000") } },
	/* Output people can read (tests/kernel/kernel/formatting.c): values
	 * and events by BTF, histograms (10 getppids: hists[0] gets 2..10) */
	{ "BTF-formatted map value and event", { RUN, "/t/fmt_values.bpf.o", "--", "/rbdriver",
						 "getppid", "1" }, 0,
	  { "\"key\":\"0000000007000000\",\"value\":\"c8fb60ead4fe000000286bee90eefeff",
	    "\"key_fmt\":{\"pid\":0,\"kind\":7},\"value_fmt\":{\"u8\":200,\"s8\":-5,\"u16\":60000,\"s16\":-300,\"u32\":4000000000,"
	    "\"s32\":-70000,\"u64\":1099511627776,\"s64\":-5000000000,\"comm\":\"rbdriver\","
	    "\"color\":\"BLUE\",\"inner\":{\"port\":8080,\"delta\":-1,\"tag\":\"ab\"},"
	    "\"arr\":[0,0,3],\"flag\":1,\"level\":5,\"code\":2748,\"neg\":-3}}",
	    "\"map\":\"typed_ring\",\"data\":\"0000000000000000726264726976657200000000000000000200"
	    "000000000000\",\"data_fmt\":{\"seq\":0,\"comm\":\"rbdriver\",\"color\":\"GREEN\"}}" } },
	{ "slot histogram", { "/rawbpf", "run", "/t/hist_values.bpf.o", "--", "/rbdriver",
			      "getppid", "10" }, 0,
	  { "  key 0\n     value               : count    distribution\n"
	    "         0 -> 1          : 0        |                                        |\n"
	    "         2 -> 3          : 1        |********************                    |\n"
	    "         4 -> 7          : 2        |****************************************|\n"
	    "         8 -> 15         : 2        |****************************************|\n" } },
	{ "--hist on an array, linear", { RUN, "--hist", "counts:linear", "/t/hist_values.bpf.o",
					  "--", "/rbdriver", "getppid", "10" }, 0,
	  { "{\"type\":\"hist\",\"map\":\"counts\",\"scale\":\"linear\",\"unit\":\"value\","
	    "\"buckets\":[{\"low\":0,\"high\":0,\"count\":1},{\"low\":1,\"high\":1,\"count\":2},"
	    "{\"low\":2,\"high\":2,\"count\":4},{\"low\":3,\"high\":3,\"count\":3}]}" } },
	/* The CO-RE and tail call examples of progs/: rbdriver's parent is
	 * rawbpf (its comm ends the value); the kernel has __state (4 bytes)
	 * and not state; the initialised slot counts every call. */
	{ "CO-RE example core_parent", { RUN, "/t/core_parent.bpf.o", "--", GETPPID5 }, 0,
	  { "\"key\":\"72626472697665720000000000000000\"", "72617762706600000000000000000000\"" } },
	{ "CO-RE example core_field_exists", { RUN, "/t/core_field_exists.bpf.o", "--", GETPPID5 },
	  0, { V("72626472697665720000000000000000", "01000000000000000400000000000000") } },
	{ "tail call example", { RUN, "/t/tail_calls.bpf.o", "--", GETPPID5 }, 0,
	  { V("72626472697665720000000000000000", FIVE) } },
	{ "fentry and fexit", { RUN, "/t/fentry_getppid.bpf.o", "--", GETPPID5 }, 0,
	  { V("00000000", FIVE), V("01000000", FIVE) } },
	/* BPF iterators (tests/kernel/kernel/iterators.c): progs/task_iter's
	 * table lists rawbpf, running the walk (R), with /init (pid 1) as its
	 * parent; iter/bpf_map lists the object's map; iter/bpf_map_elem walks
	 * .data (one element, `answer` = 42), which the 6.18 test machine
	 * refuses (EPERM) and these kernels take. Each run ends by itself. */
	{ "task iterator lists rawbpf", { RUN, "/t/task_iter.bpf.o" }, 0,
	  { "\"text\":\"    PID    PPID COMM             S\"}", "       1 rawbpf           R\"}" } },
	{ "bpf_map iterator lists the object's map", { RUN, "/t/iter_maps.bpf.o" }, 0,
	  { "{\"type\":\"iter\",\"prog\":\"list_maps\",\"text\":\"map ", " iter_marker\"}" } },
	{ "bpf_map_elem iterator walks --iter-map",
	  { RUN, "--iter-map", ".data", "/t/iter_map_elem.bpf.o" }, 0,
	  { "\"text\":\"elem .data[0] = 42\"}" } },
	{ "bpf_map_elem iterator without --iter-map", { RUN, "/t/iter_map_elem.bpf.o" }, 2,
	  { NULL }, "walks the elements of one map: name one of the object's maps with --iter-map" },
	/* USDT (tests/kernel/kernel/usdt.c): rbusdt built static with musl
	 * (an ET_EXEC, where the host's is a PIE), its probes read through
	 * rawbpf's <bpf/usdt.bpf.h> and libbpf's, by the PMU and through
	 * uprobe_events; the semaphore-guarded probe fires (key 14: 3 hits) */
	{ "USDT arguments, rawbpf's usdt.bpf.h", { RUN, "/t/usdt_args.bpf.o", "--", "/rbusdt",
						   "3" }, 0,
	  { "\"value\":\"f8ffffffffffffff\"", "\"value\":\"000efad5feffffff\"",
	    "\"value_fmt\":\"hello from rbusdt\"", "rbusdt: semaphore set" } },
	{ "USDT arguments, libbpf's usdt.bpf.h, uprobe_events",
	  { RUN, "--verbose", "--probe-mode", "tracefs", "/t/usdt_args_libbpf.bpf.o", "--",
	    "/rbusdt", "3" }, 0,
	  { "\"value\":\"1032547698badcfe\"", "\"value\":\"87d6120000000000\"",
	    "\"key\":\"0e000000\",\"value\":\"0300000000000000\"",
	    "rbusdt: semaphore set" }, "(0x" },
	{ "bare usdt with --attach", { RUN, "--attach", "on_konst=/rbusdt:rbtest:konst",
				       "/t/usdt_bare.bpf.o", "--", "/rbusdt", "4" }, 0,
	  { "\"key\":\"00000000\",\"value\":\"0800000000000000\"",
	    "\"key\":\"01000000\",\"value\":\"5401000000000000\"" } },
	/* Sampling (progs/profile.bpf.c, tests/kernel/kernel/sampling.c):
	 * /rbdriver is static here, its symbols from its own .symtab; the
	 * spin's leaf frame is rbdriver_spin_here, a system call's frames are
	 * the kernel's, from kallsyms */
	{ "sampling profile: the spinning function's stack, folded",
	  { "/rawbpf", "run", "--sample-freq", "499", "--folded", "/t/profile.bpf.o", "--",
	    "/rbdriver", "spin", "1000" }, 0, { ";rbdriver_spin_here " } },
	{ "sampling profile: kernel frames named from kallsyms",
	  { RUN, "--sample-freq", "499", "/t/profile.bpf.o", "--", "/rbdriver", "getppid",
	    "1000000" }, 0,
	  { "{\"type\":\"stack\",\"map\":\"counts\"", "\"comm\":\"rbdriver\"",
	    "\"module\":\"[kernel]\"" } },
	/* Ctrl-C while sampling: once both CPUs' events are enabled, 200 ms
	 * of rbdriver's CPU time is sampled, then SIGINT: the stacks are
	 * printed and every event is closed */
	{ "SIGINT ends a sampling run: stacks printed, perf events closed",
	  { RUN, "--verbose", "--sample-freq", "499", "/t/profile.bpf.o" }, 0,
	  { "{\"type\":\"stack\",\"map\":\"counts\"", "\"comm\":\"rbdriver\"" },
	  "detach: close(fd ", SIGINT, 2, { "/rbdriver", "spin", "200" } },
	/* the per-CPU perf events are open when the tracepoint's attach
	 * fails (tests/progs/sample_then_bad_tp.bpf.c): they are undone */
	{ "perf_event attach failing half-way: its perf events closed",
	  { RUN, "--verbose", "/t/sample_then_bad_tp.bpf.o", "--", GETPPID5 }, 1, { NULL },
	  "detach: close(fd " },
	{ "sampling above perf_event_max_sample_rate",
	  { RUN, "--sample-freq", "100000000", "/t/profile.bpf.o", "--", "/rbdriver", "spin",
	    "10" }, 1, { NULL }, "above this kernel's limit" },
	{ "bare uprobe and uretprobe with --attach",
	  { RUN, "--attach", "on_entry=/rbdriver:rbdriver_target", "--attach",
	    "on_return=/rbdriver:rbdriver_target", "/t/uprobe_bare.bpf.o", "--", "/rbdriver",
	    "func", "5" }, 0, { V("00000000", FIVE), V("01000000", FIVE) } },
	{ "USDT: an unknown probe", { RUN, "--attach", "on_konst=/rbusdt:rbtest:nosuch",
				      "/t/usdt_bare.bpf.o", "--", "/rbusdt", "1" }, 2,
	  { NULL }, "has no USDT probe rbtest:nosuch" },
	/* BPF LSM (tests/progs/lsm_getpgid.bpf.c): run.sh boots with lsm= as
	 * the kernel's CONFIG_LSM, bpf in it, which rawbpf reads there (no
	 * securityfs is mounted); each of rbdriver's 7 getpgid(own pid) asks
	 * the hook task_getpgid once. */
	{ "BPF LSM counts task_getpgid", { RUN, "--verbose", "/t/lsm_getpgid.bpf.o", "--",
					   "/rbdriver", "getpgid", "7" }, 0,
	  { V("00000000", "0700000000000000") },
	  "bpf is an active LSM (the kernel command line's lsm=: landlock,lockdown," },
	/* map initialisers (tests/progs/map_in_map.bpf.c, tail_call.bpf.c):
	 * 1 per call through outer[0], 2 through outer[1]; the dispatcher's
	 * tail calls reach odd (key 0) 3 times, even (key 1) twice, and never
	 * fall through (key 2) */
	{ "map of maps with initial inner maps", { RUN, "/t/map_in_map.bpf.o", "--", GETPPID5 },
	  0, { "\"map\":\"outer[0]\",\"outer\":\"outer\",\"outer_key\":\"00000000\",\"inner_map\":"
	       "\"inner_a\"", "\"map\":\"outer[1]\"", V("00000000", "0a00000000000000") } },
	{ "tail calls through an initialised program array",
	  { RUN, "/t/tail_call.bpf.o", "--", GETPPID5 }, 0,
	  { V("00000000", "0300000000000000"), V("01000000", "0200000000000000"),
	    V("02000000", "0000000000000000") } },
	/* CO-RE (tests/progs/core_*.bpf.c), applied by the kernel and by
	 * rawbpf: the values that are the same on every kernel ("rbdriver",
	 * rbdriver core's uid 4242, field and enumerator existence, the
	 * guarded poisoned value 77, SCHED_RESET_ON_FORK's bit, the size of
	 * task_struct.flags); then the translated instructions of both ways,
	 * compared by /core_compare (tests/kernel/kernel/xlated.c). */
	{ "CO-RE task fields, by the kernel",
	  { RUN, "--core-by-kernel", "/t/core_task.bpf.o", "--", CORE_DRIVER }, 0, CORE_TASK },
	{ "CO-RE task fields, by rawbpf", { RUN, "/t/core_task.bpf.o", "--", CORE_DRIVER }, 0,
	  CORE_TASK },
	{ "CO-RE types and enums, by the kernel",
	  { RUN, "--core-by-kernel", "/t/core_types.bpf.o", "--", CORE_DRIVER }, 0, CORE_TYPES },
	{ "CO-RE types and enums, by rawbpf", { RUN, "/t/core_types.bpf.o", "--", CORE_DRIVER }, 0,
	  CORE_TYPES },
	{ "CO-RE bitfield, by the kernel",
	  { RUN, "--core-by-kernel", "/t/core_bits.bpf.o", "--", CORE_DRIVER }, 0,
	  { V("00000000", ONE) } },
	{ "CO-RE bitfield, by rawbpf", { RUN, "/t/core_bits.bpf.o", "--", CORE_DRIVER }, 0,
	  { V("00000000", ONE) } },
	{ "CO-RE resized load, by the kernel",
	  { RUN, "--core-by-kernel", "/t/core_size.bpf.o", "--", CORE_DRIVER }, 0,
	  { V("03000000", "0400000000000000") } },
	{ "CO-RE resized load, by rawbpf", { RUN, "/t/core_size.bpf.o", "--", CORE_DRIVER }, 0,
	  { V("03000000", "0400000000000000") } },
	{ "CO-RE: rawbpf's and the kernel's translated instructions are the same",
	  { "/core_compare", "/t/core_task.bpf.o", "/t/core_bits.bpf.o", "/t/core_types.bpf.o",
	    "/t/core_size.bpf.o" }, 0,
	  { "same /t/core_task.bpf.o", "same /t/core_bits.bpf.o", "same /t/core_types.bpf.o",
	    "same /t/core_size.bpf.o" } },
	/* A field no kernel has (tests/progs/core_guarded, core_unguarded): its
	 * poisoned read is dead code behind bpf_core_field_exists(), and
	 * refused by name when the verifier reaches it. */
	{ "CO-RE unsatisfiable read behind a check: loads",
	  { RUN, "/t/core_guarded.bpf.o", "--", "/rbdriver", "getppid", "1" }, 0,
	  { V("00000000", "0700000000000000") } },
	{ "CO-RE unsatisfiable read reached: refused, naming the field",
	  { RUN, "/t/core_unguarded.bpf.o", "--", "/rbdriver", "getppid", "1" }, 1, { NULL },
	  "struct task_struct has no field rawbpf_no_such_field" },
	/* Externs (tests/progs/extern_*.bpf.c): __kconfig from
	 * /boot/config-$(uname -r), which run.sh adds for each kernel (they
	 * have no /proc/config.gz), LINUX_KERNEL_VERSION from Debian's uname
	 * version; typed and typeless kernel variables, which need
	 * CONFIG_KALLSYMS_ALL (these kernels have it, the host has not); kfuncs
	 * (bpf_rcu_read_lock: 6.2+, so 6.1 refuses it by name) and weak ones the
	 * kernel lacks; strong ones it lacks, refused by name. */
	{ "__kconfig externs from /boot/config", { RUN, "/t/extern_kconfig.bpf.o", "--",
						    "/rbdriver", "getppid", "1" },
	  .check = vm_check_kconfig },
	{ "typed __ksym per-CPU variables", { RUN, "/t/extern_ksym_var.bpf.o", "--", "/rbdriver",
					      "getppid", "1" }, 0,
	  { V("00000000", ONE ONE ONE "0000000000000000" ONE) } },
	{ "typeless __ksym variable from kallsyms", { RUN, "/t/extern_ksym_typeless.bpf.o", "--",
						       "/rbdriver", "getppid", "1" },
	  .check = vm_check_typeless },
	{ "kfuncs, weak kfuncs and addresses", { RUN, "/t/extern_ksym.bpf.o", "--", "/rbdriver",
						 "getppid", "1" }, .check = vm_check_kfuncs },
	{ "strong __ksym externs the kernel lacks", { RUN, "/t/extern_ksym_missing.bpf.o", "--",
						      "/rbdriver", "getppid", "1" }, 2, { NULL },
	  "rawbpf_no_such_kfunc" },
	/* a SEC("tc") program: attached to lo of the case's own namespace */
	{ "a module's kfunc, through fd_array", { RUN, "--verbose", "--iface", "lo",
						"/t/extern_kfunc_module.bpf.o", "--", "/rbdriver",
						"getppid", "1" },
	  .check = vm_check_module_kfunc, .netns = 1 },
	/* rawbpf test-run (BPF_PROG_TEST_RUN): verdicts on hand-built packets
	 * (TRUN_TCP: Ethernet + IPv4 + TCP to port 80, TRUN_UDP: UDP to 53,
	 * as tests/kernel/kernel/test_run.c builds them). No namespace: a test
	 * run sends nothing anywhere. */
	{ "test-run: XDP drops TCP (the book's chapter 7 example)",
	  { TRUN, "--type", "xdp", "/t/book_xdp.bpf.o", "drop_tcp", "--data", TRUN_TCP }, 0,
	  { "\"prog\":\"drop_tcp\",\"retval\":1,\"retval_name\":\"XDP_DROP\"" } },
	{ "test-run: XDP passes UDP (the book's chapter 7 example)",
	  { TRUN, "--type", "xdp", "/t/book_xdp.bpf.o", "drop_tcp", "--data", TRUN_UDP }, 0,
	  { "\"retval\":2,\"retval_name\":\"XDP_PASS\"" } },
	{ "test-run: XDP --repeat 5 counts 5 passes",
	  { TRUN, "/t/trun_xdp.bpf.o", "xdp_verdict", "--data", TRUN_UDP, "--repeat", "5" }, 0,
	  { "\"retval_name\":\"XDP_PASS\"", "\"repeat\":5,", V("02000000", FIVE) } },
	{ "test-run: XDP rewrites addresses, XDP_TX",
	  { TRUN, "/t/trun_xdp.bpf.o", "xdp_rewrite", "--data", TRUN_UDP }, 0,
	  { "\"retval\":3,\"retval_name\":\"XDP_TX\"", "\"changed\":[5,11,29,33]",
	    "\"data\":\"020000000001020000000002080045" } },
	/* grown by 300 bytes, it fits the first (64 KiB) buffer: run once,
	 * its XDP_PASS counted once */
	{ "test-run: XDP output grown past the headroom: one run",
	  { TRUN, "/t/trun_xdp.bpf.o", "xdp_grow", "--data", TRUN_TCP }, 0,
	  { "\"retval_name\":\"XDP_PASS\"", "\"changed\":[60,61,", V("02000000", ONE) } },
	{ "test-run: tc drops TCP to port 80",
	  { TRUN, "/t/trun_tc.bpf.o", "tc_http_drop", "--data", TRUN_TCP }, 0,
	  { "\"retval\":2,\"retval_name\":\"TC_ACT_SHOT\"" } },
	{ "test-run: tc lets UDP through",
	  { TRUN, "/t/trun_tc.bpf.o", "tc_http_drop", "--data", TRUN_UDP }, 0,
	  { "\"retval\":0,\"retval_name\":\"TC_ACT_OK\"" } },
	{ "test-run: socket filter keeps UDP (34 bytes past Ethernet)",
	  { TRUN, "/t/trun_socket.bpf.o", "socket_udp_only", "--data", TRUN_UDP }, 0,
	  { "\"retval\":34,", V("11000000", ONE) } },
	{ "test-run: raw tracepoint on its u64 arguments",
	  { TRUN, "/t/trun_raw_tp.bpf.o", "rawtp_sum", "--ctx",
	    "3412000000000000" "7856000000000000" }, 0,
	  { "\"retval\":26796,", V("00000000", "7856000000000000") } },
	{ "test-run: syscall program writes its ctx (sleepable)",
	  { TRUN, "/t/trun_syscall.bpf.o", "syscall_double", "--ctx",
	    "1500000000000000" "0000000000000000" }, 0,
	  { "\"retval\":7,", "\"ctx\":\"15000000000000002a00000000000000\"" } },
	/* a flow dissector fills the struct bpf_flow_keys that comes back as
	 * data (tests/progs/trun_flow.bpf.c; tests/kernel/kernel/test_run.c) */
	{ "test-run: flow dissector fills the flow keys of a TCP packet",
	  { TRUN, "/t/trun_flow.bpf.o", "dissect_ipv4", "--data", TRUN_TCP }, 0,
	  { "\"retval\":0,\"retval_name\":\"BPF_OK\"",
	    "\"data\":\"0e0022000008000000060800303900500a0000010a000002",
	    "\"flow_keys\":{\"nhoff\":14,\"thoff\":34,\"addr_proto\":2048,\"is_frag\":0,"
	    "\"is_first_frag\":0,\"is_encap\":0,\"ip_proto\":6,\"n_proto\":2048,\"sport\":12345,"
	    "\"dport\":80,\"src\":\"10.0.0.1\",\"dst\":\"10.0.0.2\",\"flags\":0,",
	    V("00000000", ONE) } },
	{ "test-run: a kprobe cannot be test-run: exit 2",
	  { TRUN, "/t/kprobe_count.bpf.o", "on_entry", "--data", TRUN_TCP }, 2, { NULL },
	  "the kernel cannot test-run programs of this type (BPF_PROG_TEST_RUN: ENOTSUPP)" },
	/* The network test kit in the VM: in the case's own namespace lo is
	 * up and /rbnet's traffic gets through (in init's namespace lo is
	 * down: it would fail with ENETUNREACH); the tp_btf example counts
	 * rbnet's exec, so rawbpf ran around it. */
	{ "network namespace of a case: lo up, rbnet udp gets through",
	  { RUN, "/t/exec_count_btf.bpf.o", "--", "/rbnet", "udp", "3" }, 0,
	  { "rbnet udp: sent 3, received 3", V("72626e65740000000000000000000000", ONE) },
	  .netns = 1 },
	/* A socket filter on lo sees each ping packet leave and come back:
	 * 3 requests and 3 replies are 12 ICMP packets (tests/kernel/kernel/
	 * sockets.c says why). */
	{ "socket filter on lo counts pings", { RUN, "--iface", "lo", "/t/sock_proto_count.bpf.o",
						"--", "/rbnet", "ping", "3" }, 0,
	  { "rbnet ping: sent 3, received 3", V("01000000", "0c00000000000000") },
	  .netns = 1 },
	/* cgroup_skb on the root of cgroup v2, which this init does not mount:
	 * rawbpf finds none and mounts it at /sys/fs/cgroup (sysfs's empty
	 * mount point). Everything here is in the root cgroup, and only rbnet
	 * sends: 5 datagrams out, 5 in. */
	{ "cgroup_skb on the cgroup v2 root rawbpf mounts", { RUN, "--verbose",
							     "/t/cgroup_skb_count.bpf.o", "--",
							     "/rbnet", "udp", "5" }, 0,
	  { "rbnet udp: sent 5, received 5", V("00000000", FIVE), V("01000000", FIVE) },
	  "(cgroup /sys/fs/cgroup), BPF_CGROUP_INET_EGRESS, flags 0) = link fd", .netns = 1 },
	/* XDP on lo (tests/progs/iface_xdp.bpf.c): auto mode is a bpf link on
	 * both kernels (5.9+); 3 connections fail, each SYN dropped once (300
	 * ms is under TCP's first retransmission, 1 s). Through netlink, pings
	 * pass (4 requests and 4 replies received on lo) and the detach that
	 * names rawbpf's program (XDP_FLAGS_REPLACE, 0x10) is acknowledged. */
	{ "xdp on lo (link) drops TCP", { RUN, "--iface", "lo", "/t/iface_xdp.bpf.o", "--",
					  "/rbnet", "tcp", "3", "--timeout", "300" }, 1,
	  { "3 tried, 0 connected", V("00000000", "0300000000000000") }, .netns = 1 },
	{ "xdp on lo through netlink passes ping, removed at the end",
	  { RUN, "--verbose", "--net-mode", "netlink", "--iface", "lo", "/t/iface_xdp.bpf.o", "--",
	    "/rbnet", "ping", "4" }, 0,
	  { "rbnet ping: sent 4, received 4", V("01000000", "0800000000000000") },
	  "flags 0x10}) = ack", .netns = 1 },
	/* tc on lo (tests/progs/iface_tc.bpf.c): 5 datagrams out and in. Auto
	 * mode is netlink on 6.1 (no tcx before 6.6) and a tcx link on 6.12;
	 * netlink on both makes a clsact qdisc and removes it again. */
	{ "tc on lo (6.1: netlink, 6.12: tcx) counts both directions",
	  { RUN, "--iface", "lo", "/t/iface_tc.bpf.o", "--", "/rbnet", "udp", "5" }, 0,
	  { "rbnet udp: sent 5, received 5", V("00000000", FIVE), V("01000000", FIVE) },
	  .netns = 1 },
	{ "tc on lo through netlink: clsact made and removed",
	  { RUN, "--verbose", "--net-mode", "netlink", "--iface", "lo", "/t/iface_tc.bpf.o", "--",
	    "/rbnet", "udp", "5" }, 0,
	  { "rbnet udp: sent 5, received 5", V("00000000", FIVE), V("01000000", FIVE) },
	  "RTM_DELQDISC lo (ifindex 1) clsact) = ack", .netns = 1 },
	/* The second program fails (lo has no native XDP) after the first, a
	 * tc classifier, attached: it is undone, and nothing is left. */
	{ "xdp native on lo fails after tc attached: exit 1, nothing left",
	  { RUN, "--xdp-mode", "native", "--iface", "lo", "/t/iface_half.bpf.o", "--", "/rbnet",
	    "udp", "1" }, 1, { NULL },
	  "second_xdp (section xdp): attaching XDP to lo in native mode", .netns = 1 },
};

/* The object a case loads: its argument ending in ".bpf.o". */
static const char *case_object(const struct test_case *c)
{
	for (int i = 0; c->argv[i]; i++) {
		size_t n = strlen(c->argv[i]);
		if (n > 6 && strcmp(c->argv[i] + n - 6, ".bpf.o") == 0)
			return c->argv[i];
	}
	return "";
}

static int count_substr(const char *text, const char *needle)
{
	int n = 0;

	for (const char *p = strstr(text, needle); p; p = strstr(p + 1, needle))
		n++;
	return n;
}

/* Run argv to its end (output to the console); its exit status. */
static int run_quietly(const char *const argv[])
{
	int status;
	pid_t pid = fork();

	if (pid == 0) {
		execv(argv[0], (char *const *)argv);
		_exit(127);
	}
	if (pid < 0 || waitpid(pid, &status, 0) != pid)
		return -1;
	return WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
}

static char out[32768], err[65536];

/* Run the case: stdout into /out, stderr through a pipe read as it comes,
 * so a signal case can wait for the attach to finish. A case that does not
 * end within 60 s is killed and fails. */
/* In the child, before exec: a new network namespace (unshare(2),
 * CLONE_NEWNET, Linux 2.6.24) whose lo is up. A new namespace has only lo,
 * down; SIOCSIFFLAGS with IFF_UP is `ip link set lo up`, and bringing lo
 * up gives it 127.0.0.1 (inetdev_event() in net/ipv4/devinet.c). 0 or -1,
 * with the reason printed. */
static int fresh_netns(void)
{
	struct ifreq ifr;
	int fd, ok;

	if (unshare(CLONE_NEWNET) != 0) {
		perror("vmtest: unshare(CLONE_NEWNET)");
		return -1;
	}
	fd = socket(AF_INET, SOCK_DGRAM | SOCK_CLOEXEC, 0);
	memset(&ifr, 0, sizeof(ifr));
	strcpy(ifr.ifr_name, "lo");
	ok = fd >= 0 && ioctl(fd, SIOCGIFFLAGS, &ifr) == 0 &&
	     (ifr.ifr_flags |= IFF_UP, ioctl(fd, SIOCSIFFLAGS, &ifr) == 0);
	if (!ok)
		perror("vmtest: SIOCSIFFLAGS lo IFF_UP");
	if (fd >= 0)
		close(fd);
	return ok ? 0 : -1;
}

static int run_case(const struct test_case *c)
{
	int errpipe[2], outfd, status, signalled = 0, timed_out = 0;
	size_t len = 0;
	pid_t pid;

	outfd = open("/out", O_RDWR | O_CREAT | O_TRUNC, 0600);
	if (outfd < 0 || pipe(errpipe))
		return 0;
	pid = fork();
	if (pid == 0) {
		dup2(outfd, 1);
		dup2(errpipe[1], 2);
		close(errpipe[0]);
		if (c->netns && fresh_netns() != 0)
			_exit(127);
		execv(c->argv[0], (char *const *)c->argv);
		_exit(127);
	}
	close(errpipe[1]);
	err[0] = '\0';
	for (;;) {
		struct pollfd p = { errpipe[0], POLLIN, 0 };
		char chunk[4096];
		ssize_t n;

		if (poll(&p, 1, 60000) <= 0) {
			timed_out = 1;
			kill(pid, SIGKILL);
			break;
		}
		n = read(errpipe[0], chunk, sizeof(chunk));
		if (n <= 0)
			break;
		if (len + (size_t)n < sizeof(err)) { /* keep the start; it has the trace */
			memcpy(err + len, chunk, (size_t)n);
			len += (size_t)n;
			err[len] = '\0';
		}
		if (c->signal && !signalled &&
		    count_substr(err, "PERF_EVENT_IOC_ENABLE) = 0") >= c->ready) {
			if (run_quietly(c->driver) != 0)
				printf("     (the driver %s failed)\n", c->driver[0]);
			kill(pid, c->signal);
			signalled = 1;
		}
	}
	close(errpipe[0]);
	waitpid(pid, &status, 0);
	len = (size_t)pread(outfd, out, sizeof(out) - 1, 0);
	out[len < sizeof(out) ? len : 0] = '\0';
	close(outfd);
	status = WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
	if (c->check && !timed_out) {
		char why[512] = "";
		if (c->check(status, out, err, why, sizeof(why)))
			return 1;
		printf("FAIL %s: %s\n%s%s", c->name, why, out, err);
		return 0;
	}
	if (timed_out || status != c->status || (c->signal && !signalled)) {
		printf("FAIL %s: exit status %d (expected %d)%s%s\n%s%s", c->name, status,
		       c->status, timed_out ? ", killed after 60 s" : "",
		       c->signal && !signalled ? ", never attached" : "", out, err);
		return 0;
	}
	for (int i = 0; i < 4 && c->expect[i]; i++)
		if (!strstr(out, c->expect[i])) {
			printf("FAIL %s: no %s in\n%s%s", c->name, c->expect[i], out, err);
			return 0;
		}
	if (c->expect_err && !strstr(err, c->expect_err)) {
		printf("FAIL %s: no %s on stderr:\n%s", c->name, c->expect_err, err);
		return 0;
	}
	if (c->refuse_err && strstr(err, c->refuse_err)) {
		printf("FAIL %s: %s on stderr:\n%s", c->name, c->refuse_err, err);
		return 0;
	}
	return 1;
}

/* The content of a tracefs probe file, "" when it is empty or absent. */
static void read_events(const char *path, char *buf, size_t size)
{
	FILE *f = fopen(path, "r");
	size_t n = 0;

	if (f) {
		n = fread(buf, 1, size - 1, f);
		fclose(f);
	}
	buf[n] = '\0';
}

/* After every case: no BPF program may remain (the kernel frees them a
 * moment after the last fd closes, so poll for up to 10 s), no BPF link, no probe
 * event in tracefs (rawbpf removes those itself before it exits). */
static int nothing_left(const char *name)
{
	static const char *const files[] = { "/sys/kernel/tracing/kprobe_events",
					     "/sys/kernel/tracing/uprobe_events" };
	union { struct { unsigned start_id, next_id, open_flags; }; char pad[128]; } attr;
	char events[1024];

	for (size_t i = 0; i < 2; i++) {
		read_events(files[i], events, sizeof(events));
		if (events[0]) {
			printf("FAIL %s: %s still holds %s\n", name, files[i], events);
			/* clear them (O_TRUNC removes every probe event), so that
			 * the next cases are judged on their own */
			close(open(files[i], O_WRONLY | O_TRUNC));
			return 0;
		}
	}
	/* BPF_PROG_GET_NEXT_ID (11) and BPF_LINK_GET_NEXT_ID (31) from id 0
	 * fail with ENOENT when there is none */
	static const struct { int cmd; const char *what; } kinds[] = {
		{ 11, "program" }, { 31, "link" } };
	for (size_t k = 0; k < 2; k++) {
		int tries = 0;
		for (; tries < 1000; tries++) {
			memset(&attr, 0, sizeof(attr));
			if (syscall(SYS_bpf, kinds[k].cmd, &attr, sizeof(attr)) != 0)
				break;
			usleep(10000);
		}
		if (tries == 1000) {
			printf("FAIL %s: BPF %s id %u remains\n", name, kinds[k].what, attr.next_id);
			return 0;
		}
	}
	return 1;
}

/* The modules run.sh put in /modules, loaded in the order of
 * /modules/order (dependencies first): fou, whose kfunc
 * bpf_skb_set_fou_encap the module kfunc case calls (finit_module(2)). */
static void load_modules(void)
{
	FILE *order = fopen("/modules/order", "r");
	char name[128], path[256];

	while (order && fscanf(order, "%127s", name) == 1) {
		int fd;

		snprintf(path, sizeof(path), "/modules/%s.ko", name);
		fd = open(path, O_RDONLY | O_CLOEXEC);
		if (fd < 0 || syscall(SYS_finit_module, fd, "", 0) != 0)
			printf("vmtest: module %s not loaded\n", name);
		if (fd >= 0)
			close(fd);
	}
	if (order)
		fclose(order);
}

int main(void)
{
	int passed = 0, failed = 0, console, ok;
	char version[256] = "";
	FILE *f;

	mount("proc", "/proc", "proc", 0, NULL);
	mount("sysfs", "/sys", "sysfs", 0, NULL);
	mount("devtmpfs", "/dev", "devtmpfs", 0, NULL);
	console = open("/dev/console", O_RDWR);
	if (console >= 0) {
		dup2(console, 0);
		dup2(console, 1);
		dup2(console, 2);
	}
	setvbuf(stdout, NULL, _IOLBF, 0);
	f = fopen("/proc/version", "r");
	if (f && fgets(version, sizeof(version), f))
		printf("\nvmtest: %s", version); /* own line: the console may have
						      printed escapes before */
	if (f)
		fclose(f);
	load_modules();
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		const struct test_case *c = &cases[i];
		if (access(case_object(c), F_OK) != 0) {
			printf("skip %s: no %s (../shared/conformance absent)\n", c->name,
			       case_object(c));
			continue;
		}
		if (c->hide && mount("vmtest", c->hide, "tmpfs", 0, NULL) != 0) {
			printf("FAIL %s: cannot hide %s\n", c->name, c->hide);
			failed++;
			continue;
		}
		ok = run_case(c);
		if (c->hide)
			umount(c->hide);
		/* both checks, always: a failed case must not hide a leftover */
		if (ok & nothing_left(c->name)) {
			printf("ok   %s\n", c->name);
			passed++;
		} else {
			failed++;
		}
	}
	printf("vmtest: %d passed, %d failed\n", passed, failed);
	fflush(stdout);
	/* Wait until the serial port has sent it all: qemu exits at once on
	 * the port write below, and would drop what is still queued. */
	tcdrain(STDOUT_FILENO);
	/* isa-debug-exit: qemu exits with (value << 1) | 1 */
	if (ioperm(0xf4, 1, 1) == 0)
		outb(failed ? 1 : 0, 0xf4);
	reboot(RB_POWER_OFF); /* if the port is missing */
	return 0;
}
