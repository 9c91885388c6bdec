/* The part of include/uapi/linux/magic.h that the loader uses: the
 * filesystem types statfs() reports (f_type), to tell a cgroup v2
 * directory from a v1 one and find where to mount cgroup2
 * (loader/attach/cgroup2.c). Checked against the system's headers by
 * tests/unit/test_uapi.c. */
#ifndef RAWBPF_UAPI_LINUX_MAGIC_H
#define RAWBPF_UAPI_LINUX_MAGIC_H

/* A BPF program built with -Iuapi that includes <linux/magic.h> gets the
 * system's whole header when there is one (uapi/linux/types.h explains). */
#if defined(__bpf__) && defined(__has_include_next)
#if __has_include_next(<linux/magic.h>)
#define RAWBPF_SYSTEM_MAGIC 1
#endif
#endif

#ifdef RAWBPF_SYSTEM_MAGIC
#include_next <linux/magic.h>
#else

#define TMPFS_MAGIC 0x01021994
#define SYSFS_MAGIC 0x62656572
#define CGROUP_SUPER_MAGIC 0x27e0eb    /* cgroup v1 */
#define CGROUP2_SUPER_MAGIC 0x63677270 /* cgroup v2 */

#endif
#endif
