/* The kernel samples' bpf_load.h (samples/bpf/, until Linux 5.10), which
 * the loaders of "Linux Observability with BPF" include: load_bpf_file()
 * loads every map and program of an object and attaches its kprobe,
 * kretprobe, tracepoint and raw_tracepoint programs; the fds land in the
 * global arrays below, in the order of the object's sections.
 *
 * Here it is built on rawbpf's library (rb_object_open, rb_object_load,
 * rb_program_attach: loader/compat/bpf_load.c), with its legacy `maps`
 * sections, BTF maps and global data. Those arrays are the samples'
 * design and live in the compatibility layer, not in the library, which
 * holds no global state. */
#ifndef RAWBPF_COMPAT_BPF_LOAD_H
#define RAWBPF_COMPAT_BPF_LOAD_H

#include <stddef.h>

#include "bpf.h" /* BPF_LOG_BUF_SIZE, and the calls the loaders make on the fds */

#define MAX_MAPS 32
#define MAX_PROGS 32

/* A legacy map definition as the samples read it (7 fields). */
struct bpf_load_map_def {
	unsigned int type;
	unsigned int key_size;
	unsigned int value_size;
	unsigned int max_entries;
	unsigned int map_flags;
	unsigned int inner_map_idx;
	unsigned int numa_node;
};

struct bpf_map_data {
	int fd;
	char *name;
	size_t elf_offset;  /* the definition's offset in its section */
	struct bpf_load_map_def def;
};

extern int prog_fd[MAX_PROGS];
extern int event_fd[MAX_PROGS]; /* the perf event of an attached kprobe or tracepoint, or -1 */
extern int prog_cnt;
extern int map_fd[MAX_MAPS];
extern struct bpf_map_data map_data[MAX_MAPS];
extern int map_data_count;
/* The verifier's log of the program the last load_bpf_file() refused. A
 * loader may define it itself, as the samples' users did. */
extern char bpf_log_buf[BPF_LOG_BUF_SIZE];

/* 0 when every map and program loaded and every kprobe/tracepoint program
 * attached; else 1, with the reason on stderr (and the verifier's log in
 * bpf_log_buf). Objects stay loaded until the process exits. */
int load_bpf_file(char *path);
/* Copy tracefs's trace_pipe (bpf_trace_printk output) to stdout, forever. */
void read_trace_pipe(void);

#endif
