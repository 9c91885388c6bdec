/* The part of the kernel's perf ABI (include/uapi/linux/perf_event.h) that
 * rawbpf uses: perf_event_open(2) attributes, the ioctls that attach and
 * enable a BPF program, and the layout of the mmap'd ring buffer that
 * bpf_perf_event_output() writes into. Checked against the system header by
 * tests/unit/test_uapi.c. */
#ifndef RAWBPF_UAPI_LINUX_PERF_EVENT_H
#define RAWBPF_UAPI_LINUX_PERF_EVENT_H

#include <sys/ioctl.h>
#include "types.h"

/* perf_event_attr.type */
enum perf_type_id {
	PERF_TYPE_HARDWARE = 0,
	PERF_TYPE_SOFTWARE = 1,
	PERF_TYPE_TRACEPOINT = 2, /* config = the event id from tracefs */
};

/* perf_event_attr.config for PERF_TYPE_HARDWARE: the CPU's own counters
 * (its PMU), which a VM often lacks. The events perf's `-e` names. */
enum perf_hw_id {
	PERF_COUNT_HW_CPU_CYCLES = 0,
	PERF_COUNT_HW_INSTRUCTIONS = 1,
	PERF_COUNT_HW_CACHE_REFERENCES = 2,
	PERF_COUNT_HW_CACHE_MISSES = 3,
	PERF_COUNT_HW_BRANCH_INSTRUCTIONS = 4,
	PERF_COUNT_HW_BRANCH_MISSES = 5,
	PERF_COUNT_HW_BUS_CYCLES = 6,
	PERF_COUNT_HW_REF_CPU_CYCLES = 9,
};

/* perf_event_attr.config for PERF_TYPE_SOFTWARE: events the kernel counts
 * itself (kernel/events/core.c), there on every machine. */
enum perf_sw_ids {
	PERF_COUNT_SW_CPU_CLOCK = 0,  /* an hrtimer per CPU: what profilers sample */
	PERF_COUNT_SW_TASK_CLOCK = 1,
	PERF_COUNT_SW_PAGE_FAULTS = 2,
	PERF_COUNT_SW_CONTEXT_SWITCHES = 3,
	PERF_COUNT_SW_CPU_MIGRATIONS = 4,
	PERF_COUNT_SW_BPF_OUTPUT = 10, /* the event bpf_perf_event_output() writes */
};

/* perf_event_attr.sample_type bits */
enum perf_event_sample_format {
	PERF_SAMPLE_RAW = 1U << 10, /* the sample carries the BPF program's bytes */
};

/* The size the kernel expects in perf_event_attr.size for this layout. */
#define PERF_ATTR_SIZE_VER5 112

struct perf_event_attr {
	__u32 type;
	__u32 size; /* sizeof(struct perf_event_attr): lets the ABI grow */
	__u64 config;
	union {
		__u64 sample_period; /* a sample every N events */
		__u64 sample_freq;
	};
	__u64 sample_type;
	__u64 read_format;
	__u64 disabled : 1, inherit : 1, pinned : 1, exclusive : 1,
		exclude_user : 1, exclude_kernel : 1, exclude_hv : 1,
		exclude_idle : 1, mmap : 1, comm : 1, freq : 1,
		inherit_stat : 1, enable_on_exec : 1, task : 1,
		watermark : 1, /* wake up by bytes (wakeup_watermark) */
		precise_ip : 2, mmap_data : 1, sample_id_all : 1,
		__reserved_flags : 45;
	union {
		__u32 wakeup_events; /* wake the reader every N samples */
		__u32 wakeup_watermark;
	};
	__u32 bp_type;
	union {
		__u64 bp_addr;
		__u64 kprobe_func; /* for the kprobe PMU: a pointer to the name */
		__u64 uprobe_path; /* for the uprobe PMU: a pointer to the path */
		__u64 config1;
	};
	union {
		__u64 bp_len;
		__u64 kprobe_addr;
		__u64 probe_offset;
		__u64 config2;
	};
	__u64 branch_sample_type;
	__u64 sample_regs_user;
	__u32 sample_stack_user;
	__s32 clockid;
	__u64 sample_regs_intr;
	__u32 aux_watermark;
	__u16 sample_max_stack;
	__u16 __reserved_2;
};

/* perf_event_open(2) flags */
#define PERF_FLAG_FD_CLOEXEC (1UL << 3)

/* ioctls on a perf event fd */
#define PERF_EVENT_IOC_ENABLE _IO('$', 0)
#define PERF_EVENT_IOC_DISABLE _IO('$', 1)
#define PERF_EVENT_IOC_SET_BPF _IOW('$', 8, __u32) /* arg: a program fd */

/* The first page of a perf mmap: metadata. The data pages follow it.
 * Only data_head and data_tail matter to a reader of BPF output:
 *  - the kernel advances data_head after writing records; a reader loads it
 *    with acquire semantics so the record bytes are visible before it reads
 *    them;
 *  - the reader advances data_tail after consuming; it stores it with
 *    release semantics so the kernel never overwrites bytes still being read.
 * Both are free-running byte counters: the position in the data area is
 * counter % data_size. */
struct perf_event_mmap_page {
	__u32 version;
	__u32 compat_version;
	__u32 lock;
	__u32 index;
	__s64 offset;
	__u64 time_enabled;
	__u64 time_running;
	__u64 capabilities;
	__u16 pmc_width;
	__u16 time_shift;
	__u32 time_mult;
	__u64 time_offset;
	__u64 time_zero;
	__u32 size;
	__u32 __reserved_1;
	__u64 time_cycles;
	__u64 time_mask;
	__u8 __reserved[116 * 8]; /* pads the control fields to 1 KiB */
	__u64 data_head;
	__u64 data_tail;
	__u64 data_offset;
	__u64 data_size;
	__u64 aux_head;
	__u64 aux_tail;
	__u64 aux_offset;
	__u64 aux_size;
};

/* Every record in the data area starts with this header; size covers the
 * header and the body, and every record is a multiple of 8 bytes. */
struct perf_event_header {
	__u32 type;
	__u16 misc;
	__u16 size;
};

enum perf_event_type {
	/* body: u64 id; u64 lost — the kernel dropped `lost` samples because the
	 * ring was full */
	PERF_RECORD_LOST = 2,
	/* body (with sample_type PERF_SAMPLE_RAW only): u32 size; u8 data[size].
	 * The kernel pads the raw data so the whole record stays 8-byte aligned:
	 * size is the BPF program's byte count rounded up so that 4 + size is a
	 * multiple of 8. The padding is skipped, not written: it holds whatever
	 * the ring held there before (kernel/events/core.c, perf_output_sample). */
	PERF_RECORD_SAMPLE = 9,
};

#endif
