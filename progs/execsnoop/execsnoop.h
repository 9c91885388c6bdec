/* What execsnoop's BPF program (execsnoop.bpf.c) tells its user space
 * (execsnoop.c): one record per execve(2), through a ring buffer. Both
 * sides include this header, so the layout is one definition; it uses
 * only C's own types, which mean the same sizes for the BPF target and
 * for 64-bit hosts. */
#ifndef EXECSNOOP_H
#define EXECSNOOP_H

#define EXECSNOOP_COMM_LEN 16      /* TASK_COMM_LEN, include/linux/sched.h */
#define EXECSNOOP_FILENAME_LEN 128 /* longer names are cut */

struct exec_event {
	unsigned int pid;   /* the process that called execve (its tgid) */
	unsigned int ppid;  /* its parent (task->real_parent->tgid) */
	unsigned int uid;
	int retval;         /* execve's: 0, or -errno (-2: ENOENT) */
	char comm[EXECSNOOP_COMM_LEN];         /* after the call: the new program's
						  name, or the old one's if it failed */
	char filename[EXECSNOOP_FILENAME_LEN]; /* the path it was given */
};

#endif
