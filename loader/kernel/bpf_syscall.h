/* The bpf(2) system call.
 *
 * libc has no wrapper for it: every command goes through syscall(2) with a
 * command number, a pointer to a union bpf_attr and the union's size. */
#ifndef RAWBPF_BPF_SYSCALL_H
#define RAWBPF_BPF_SYSCALL_H

#include "uapi/linux/bpf.h"

/* bpf(cmd, attr, sizeof(*attr)): the result (often a new fd), or -1 with
 * errno set. EINTR and EAGAIN (BPF_PROG_LOAD may say EAGAIN when the
 * verifier is interrupted) are retried a few times. */
int rb_bpf(enum bpf_cmd cmd, union bpf_attr *attr);

/* A pointer as bpf_attr carries it: a 64-bit integer. */
static inline __u64 rb_ptr(const void *p)
{
	return (__u64)(unsigned long)p;
}

#endif
