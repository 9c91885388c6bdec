/* Support for the kernel tests: running rawbpf, reading its JSON lines,
 * counting what the kernel has loaded. */
#ifndef KERNEL_SUPPORT_H
#define KERNEL_SUPPORT_H

#include <stddef.h>
#include <stdint.h>

struct result {
	int status;  /* exit status, or 128 + signal */
	char *cmd;   /* the command line, for messages */
	char *out;   /* all of stdout */
	char *err;   /* all of stderr */
	long maxrss_kb; /* the command's peak resident memory (wait4's rusage) */
	int pid;        /* the command's process id: the real parent of any CMD
			   `rawbpf run ... -- CMD` starts */
};

/* Paths under $BUILD (default "build") and $CONFORMANCE. */
const char *build_path(const char *rel);       /* returns a static buffer per call slot */
const char *conformance_dir(void);              /* NULL when the suite is absent */

/* Run argv (NULL-terminated) to completion, capturing stdout and stderr. */
void run_argv(struct result *r, char *const argv[]);
/* What run_argv_limited() sets in the child before exec; 0 leaves a limit
 * as it is. With limits, the child has only fds 0-2 open. */
struct run_limits {
	unsigned long nofile;   /* RLIMIT_NOFILE (ulimit -n) */
	unsigned long as_bytes; /* RLIMIT_AS (ulimit -v) */
	unsigned seconds;       /* watchdog: SIGALRM then (alarm(2) survives exec):
				   a hung command ends with status 128 + 14 */
	int pending_signal;     /* blocked and sent to itself before exec: a signal
				   that came while the command was starting (a
				   pending signal and the mask survive execve) */
};
void run_argv_limited(struct result *r, char *const argv[], const struct run_limits *lim);
void result_free(struct result *r);
/* Print the command, its status and its output, for failed assertions. */
void result_dump(const struct result *r);
/* All of an open file's content, NUL-terminated (malloc'd; NULL on error). */
char *read_all(int fd);

/* The ids of every BPF program, map and link the kernel holds right now.
 * The kernel never reuses an id soon (ids are allocated cyclically), so an
 * id present after a run but not before is something the run left. Also
 * the probe events rawbpf made in tracefs (kprobe_events, uprobe_events):
 * their names start with "rawbpf_". */
#define MAX_IDS 4096
struct kernel_ids {
	uint32_t ids[3][MAX_IDS]; /* programs, maps, links */
	int count[3];
	int probe_events;
};
/* The lines of tracefs's kprobe_events and uprobe_events that name a
 * rawbpf_ event, copied into `what` when it is not NULL; returns how many. */
int rawbpf_probe_events(char *what, size_t size);
void kernel_ids(struct kernel_ids *k);
/* Wait until no program, map or link exists that was not in `before`, and
 * there are no more rawbpf probe events than then.
 * The kernel frees them asynchronously (a program drops its maps after an
 * RCU grace period), so this polls, up to a deadline of `seconds`. Returns
 * 0, or -1 with what is left described in `what`. */
int wait_no_new_ids(const struct kernel_ids *before, int seconds, char *what, size_t size);

/* The value of string field `key` in a flat JSON line (our own output format:
 * no nesting, no escaped quotes in the fields we read). Copies into buf;
 * returns 0 when found. */
int json_field(const char *line, const char *key, char *buf, size_t size);
/* CPUs the kernel may bring online: the highest id in
 * /sys/devices/system/cpu/possible plus one (-1 when unreadable). */
int possible_cpus(void);

/* Run fn(ctx) in a forked child, in a private mount namespace where
 * /sys/kernel/tracing, /sys/kernel/debug and /sys/fs/bpf each have an empty
 * tmpfs mounted over them: the machine as a minimal system boots it, with
 * neither tracefs (nor debugfs's way to it) nor bpffs, whatever the host has
 * mounted. Nothing mounted in there is seen outside, and it all goes when
 * the child exits. fn must not use cmocka's asserts (it runs in the child):
 * it returns 0, or -1 with the reason in why[size]. Returns fn's result,
 * with why copied out of the child; -1 too when the namespace cannot be
 * made. */
typedef int (*bare_fn)(void *ctx, char *why, size_t size);
int in_bare_mount_namespace(bare_fn fn, void *ctx, char *why, size_t size);
/* Is the filesystem at `path` one of type `magic` (statfs f_type)? */
int is_fs_type(const char *path, unsigned long magic);
#define TRACEFS_MAGIC 0x74726163 /* include/uapi/linux/magic.h */
#define BPF_FS_MAGIC  0xcafe4a11

/* Decode lowercase hex into bytes; returns the byte count or -1. */
int hex_decode(const char *hex, uint8_t *out, size_t size);
/* Little-endian u64 from the first 8 (or fewer) bytes. */
uint64_t le_u64(const uint8_t *p, size_t n);
/* Count the lines of `text` that contain every one of the needles (NULL-ended). */
int count_lines_with(const char *text, const char *const needles[]);
/* Copy the first such line into buf; 0 when found. */
int find_line(const char *text, const char *const needles[], char *buf, size_t size);

#endif
