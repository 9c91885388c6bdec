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
	/* BPF iterators (Linux 5.8): a tracing program loaded for the BTF id
	 * of bpf_iter_TARGET, attached by BPF_LINK_CREATE with this type */
	BPF_TRACE_ITER = 28,
	BPF_PERF_EVENT = 41,
	/* kprobe_multi links (Linux 5.18): the libbpf-compatible layer says
	 * EOPNOTSUPP for them, as rawbpf attaches no kprobe_multi */
	BPF_TRACE_KPROBE_MULTI = 42,
	/* Hooks on a cgroup (BPF_LINK_CREATE target_fd = the cgroup v2
	 * directory's fd, Linux 5.7), on a network namespace (target_fd = a
	 * netns fd: BPF_FLOW_DISSECTOR 5.8, BPF_SK_LOOKUP 5.9); the section
	 * table passes the same value as the expected attach type at load. */
	BPF_CGROUP_INET_INGRESS = 0,
	BPF_CGROUP_INET_EGRESS = 1,
	BPF_CGROUP_INET_SOCK_CREATE = 2,
	BPF_CGROUP_SOCK_OPS = 3,
	BPF_CGROUP_DEVICE = 6,
	BPF_CGROUP_INET4_BIND = 8,
	BPF_CGROUP_INET6_BIND = 9,
	BPF_CGROUP_INET4_CONNECT = 10,
	BPF_CGROUP_INET6_CONNECT = 11,
	BPF_CGROUP_INET4_POST_BIND = 12,
	BPF_CGROUP_INET6_POST_BIND = 13,
	BPF_CGROUP_UDP4_SENDMSG = 14,
	BPF_CGROUP_UDP6_SENDMSG = 15,
	BPF_FLOW_DISSECTOR = 17,
	BPF_CGROUP_SYSCTL = 18,
	BPF_CGROUP_UDP4_RECVMSG = 19,
	BPF_CGROUP_UDP6_RECVMSG = 20,
	BPF_CGROUP_GETSOCKOPT = 21,
	BPF_CGROUP_SETSOCKOPT = 22,
	BPF_CGROUP_INET_SOCK_RELEASE = 34,
	BPF_SK_LOOKUP = 36,
	/* Hooks on a network interface (BPF_LINK_CREATE target_ifindex):
	 * XDP (Linux 5.9; link_create.flags are if_link.h's XDP_FLAGS_*) and
	 * tcx, tc's ingress and egress without a qdisc (Linux 6.6,
	 * net/sched/tcx.c); XDP programs load with BPF_XDP as libbpf does. */
	BPF_XDP = 37,
	/* XDP programs that a devmap or cpumap entry runs on each frame it
	 * redirects (Linux 5.8, 5.9): loaded with these, never attached */
	BPF_XDP_DEVMAP = 33,
	BPF_XDP_CPUMAP = 35,
	BPF_TCX_INGRESS = 46,
	BPF_TCX_EGRESS = 47,
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

/* BPF_PROG_LOAD prog_flags: a sleepable program (Linux 5.10), which may
 * call helpers that fault pages in; SEC("syscall") programs must be one
 * (kernel/bpf/verifier.c: "Syscall programs can only be sleepable"). */
#define BPF_F_SLEEPABLE (1U << 4)
/* BPF_PROG_LOAD prog_flags: an XDP program that takes multi-buffer frames
 * (Linux 5.18, SEC("xdp.frags")): bpf_xdp_adjust_tail and
 * bpf_xdp_load_bytes see every fragment, and an interface with a large
 * MTU (jumbo frames) accepts it. */
#define BPF_F_XDP_HAS_FRAGS (1U << 5)

/* BPF_PROG_TEST_RUN flags: run on attr.test.cpu (raw tracepoints only,
 * Linux 5.10), and XDP's live-frame mode (5.18), which rawbpf does not use. */
#define BPF_F_TEST_RUN_ON_CPU (1U << 0)
#define BPF_F_TEST_XDP_LIVE_FRAMES (1U << 1)

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

	/* BPF_PROG_TEST_RUN (Linux 4.12; ctx_* 5.2, flags and cpu 5.10,
	 * batch_size 5.18): run a loaded program once or `repeat` times on
	 * data and a context user space gives, without attaching it
	 * (net/bpf/test_run.c). The kernel writes retval, duration (mean ns
	 * per run), data_size_out and ctx_size_out back into this attr; an
	 * output bigger than data_size_out or ctx_size_out is cut and the call
	 * fails with ENOSPC, the sizes still set to what it needed. */
	struct {
		__u32 prog_fd;
		__u32 retval;        /* out */
		__u32 data_size_in;
		__u32 data_size_out; /* in: capacity of data_out; out: bytes */
		__aligned_u64 data_in;
		__aligned_u64 data_out;
		__u32 repeat;        /* 0 or 1: once */
		__u32 duration;      /* out: mean ns per run */
		__u32 ctx_size_in;
		__u32 ctx_size_out;  /* in: capacity of ctx_out; out: bytes */
		__aligned_u64 ctx_in;
		__aligned_u64 ctx_out;
		__u32 flags;         /* BPF_F_TEST_* */
		__u32 cpu;           /* with BPF_F_TEST_RUN_ON_CPU */
		__u32 batch_size;    /* XDP live frames only */
	} test;

	/* BPF_MAP_LOOKUP_BATCH and the other batch commands (Linux 5.6): up
	 * to `count` keys and values per call; in_batch/out_batch hold the
	 * position (a hash map's bucket, an array's last key) between calls
	 * (kernel/bpf/syscall.c, generic_map_lookup_batch()). */
	struct {
		__aligned_u64 in_batch;  /* NULL: from the start */
		__aligned_u64 out_batch; /* out: where to go on from */
		__aligned_u64 keys;
		__aligned_u64 values;
		__u32 count;             /* in: room; out: entries copied */
		__u32 map_fd;
		__u64 elem_flags;
		__u64 flags;
	} batch;

	/* BPF_PROG_ATTACH, BPF_PROG_DETACH: the attachments that are no link
	 * (cgroup programs before links, sockmap parsers and verdicts, flow
	 * dissectors, lirc); they stay until detached, whoever closes what. */
	struct {
		__u32 target_fd;              /* the cgroup, sockmap, ... */
		__u32 attach_bpf_fd;          /* the program */
		__u32 attach_type;            /* BPF_* attach type */
		__u32 attach_flags;           /* BPF_F_ALLOW_OVERRIDE, BPF_F_ALLOW_MULTI, ... */
		__u32 replace_bpf_fd;         /* with BPF_F_REPLACE (5.6) */
	};

	struct { /* BPF_LINK_DETACH (5.9): detach, keeping the link fd (now defunct) */
		__u32 link_fd;
	} link_detach;

	/* BPF_ITER_CREATE (Linux 5.8): a new seq_file fd of an iterator link;
	 * each read() of it runs the program over the next kernel objects
	 * (kernel/bpf/bpf_iter.c, bpf_iter_new_fd()). */
	struct {
		__u32 link_fd;
		__u32 flags; /* must be 0 */
	} iter_create;

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
			/* fentry/fexit/fmod_ret/lsm links with a cookie
			 * (Linux 6.0, bpf_tracing_prog_attach()): the cookie
			 * is 8 bytes after target_btf_id, not where
			 * perf_event's is */
			struct {
				__u32 target_btf_id;
				__u64 cookie;
			} tracing;
		};
	} link_create;

	struct { /* BPF_LINK_UPDATE (Linux 5.7): another program in a link */
		__u32 link_fd;
		__u32 new_prog_fd;
		__u32 flags;       /* BPF_F_REPLACE: only if the link holds old_prog_fd's */
		__u32 old_prog_fd;
	} link_update;

	struct { /* BPF_PROG_QUERY: the programs attached to a cgroup, a netns, ... */
		union {
			__u32 target_fd;
			__u32 target_ifindex; /* tcx, netkit (Linux 6.6) */
		};
		__u32 attach_type;
		__u32 query_flags;   /* BPF_F_QUERY_EFFECTIVE */
		__u32 attach_flags;  /* out */
		__aligned_u64 prog_ids;
		union {
			__u32 prog_cnt;  /* in: room in prog_ids; out: how many are attached */
			__u32 count;
		};
		__u32 : 32;
		__aligned_u64 prog_attach_flags; /* Linux 6.0: per program */
		__aligned_u64 link_ids;          /* Linux 6.6 (tcx, netkit) */
		__aligned_u64 link_attach_flags;
		/* out, Linux 6.6: written by queries of the multi-program API,
		 * which cgroup queries became: written whatever size was
		 * passed, so a caller's attr must reach past it */
		__u64 revision;
	} query;
} __attribute__((aligned(8)));

/* ---- What link_create.iter_info points at ---------------------------------
 * For iterators that walk one object (Linux 5.9): iter/bpf_map_elem,
 * iter/bpf_sk_storage_map and iter/sockmap walk the map map_fd names
 * (kernel/bpf/map_iter.c, bpf_iter_attach_map()). The kernel takes the
 * size given in iter_info_len; later kernels added cgroup and task fields
 * in the same union. */
union bpf_iter_link_info {
	struct {
		__u32 map_fd;
	} map;
};

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
	/* What `rawbpf prog list` shows besides (the kernel's order, up to the
	 * program's BTF: btf_id came in Linux 5.0). */
	__u32 ifindex;
	__u32 gpl_compatible : 1;
	__u32 : 31;
	__u64 netns_dev;
	__u64 netns_ino;
	__u32 nr_jited_ksyms;
	__u32 nr_jited_func_lens;
	__aligned_u64 jited_ksyms;
	__aligned_u64 jited_func_lens;
	__u32 btf_id;
	__u32 func_info_rec_size;
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

/* ---- What BPF_OBJ_GET_INFO_BY_FD tells about a link ------------------------
 * `rawbpf prog list` says which programs are attached by the links that
 * hold them (kernel/bpf/syscall.c bpf_link_get_info_by_fd(); each link
 * type's fill_link_info). The union says where the link attaches; a name
 * (tp_name, func_name, file_name) is written into a buffer the caller
 * gives, of name_len bytes. perf_event and tcx info came in Linux 6.6. */
enum bpf_link_type {
	BPF_LINK_TYPE_UNSPEC = 0,
	BPF_LINK_TYPE_RAW_TRACEPOINT = 1,
	BPF_LINK_TYPE_TRACING = 2,
	BPF_LINK_TYPE_CGROUP = 3,
	BPF_LINK_TYPE_ITER = 4,
	BPF_LINK_TYPE_NETNS = 5,
	BPF_LINK_TYPE_XDP = 6,
	BPF_LINK_TYPE_PERF_EVENT = 7,
	BPF_LINK_TYPE_KPROBE_MULTI = 8,
	BPF_LINK_TYPE_STRUCT_OPS = 9,
	BPF_LINK_TYPE_NETFILTER = 10,
	BPF_LINK_TYPE_TCX = 11,
	BPF_LINK_TYPE_UPROBE_MULTI = 12,
	BPF_LINK_TYPE_NETKIT = 13,
	BPF_LINK_TYPE_SOCKMAP = 14,
};

/* perf_event link: what kind of perf event the program is on */
enum bpf_perf_event_type {
	BPF_PERF_EVENT_UNSPEC = 0,
	BPF_PERF_EVENT_UPROBE = 1,
	BPF_PERF_EVENT_URETPROBE = 2,
	BPF_PERF_EVENT_KPROBE = 3,
	BPF_PERF_EVENT_KRETPROBE = 4,
	BPF_PERF_EVENT_TRACEPOINT = 5,
	BPF_PERF_EVENT_EVENT = 6,
};

struct bpf_link_info {
	__u32 type; /* enum bpf_link_type */
	__u32 id;
	__u32 prog_id;
	union {
		struct {
			__aligned_u64 tp_name;
			__u32 tp_name_len;
		} raw_tracepoint;
		struct {
			__u32 attach_type;
			__u32 target_obj_id; /* the BTF object's id (a program's for freplace) */
			__u32 target_btf_id; /* the type id in it */
		} tracing;
		struct {
			__u64 cgroup_id;
			__u32 attach_type;
		} cgroup;
		struct {
			__aligned_u64 target_name;
			__u32 target_name_len;
		} iter;
		struct {
			__u32 netns_ino;
			__u32 attach_type;
		} netns;
		struct {
			__u32 ifindex;
		} xdp;
		struct {
			__u32 type; /* enum bpf_perf_event_type */
			__u32 : 32;
			union {
				struct {
					__aligned_u64 file_name;
					__u32 name_len;
					__u32 offset;
				} uprobe;
				struct {
					__aligned_u64 func_name;
					__u32 name_len;
					__u32 offset;
					__u64 addr;
				} kprobe;
				struct {
					__aligned_u64 tp_name;
					__u32 name_len;
				} tracepoint;
			};
		} perf_event;
		struct {
			__u32 ifindex;
			__u32 attach_type;
		} tcx;
	};
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
 * enum bpf_func_id, every helper's number (BPF_FUNC_map_lookup_elem = 1,
 * ...): generated from the kernel's bpf.h with bpf/bpf_helper_defs.h. */
#include "bpf_func_id.h"

/* ---- What networking programs see ----------------------------------------
 * A program's context (its r1) is a struct the verifier rewrites: each
 * access to a member becomes a load from the kernel's own object (struct
 * sk_buff, xdp_buff, ...; net/core/filter.c, bpf_convert_ctx_access() and
 * xdp_convert_ctx_access()). So the layouts below are an ABI of their own,
 * not the kernel objects' layouts, and the verifier refuses accesses of the
 * wrong size or to members a program type may not read. `data` and
 * `data_end` are 32-bit members that the rewrite turns into pointers: a
 * program reads packet bytes between (void *)(long)ctx->data and
 * (void *)(long)ctx->data_end, after comparing the two. */

/* A pointer member of a context, 8 bytes on every architecture so that the
 * layout is the same for 32-bit user space. */
#define __bpf_md_ptr(type, name) \
	union {                  \
		type name;       \
		__u64 : 64;      \
	} __attribute__((aligned(8)))

/* What an XDP program returns (net/core/dev.c, bpf_prog_run_xdp() and its
 * callers): XDP runs before the kernel allocates an sk_buff. */
enum xdp_action {
	XDP_ABORTED = 0, /* a program error: drop, and trace xdp_exception */
	XDP_DROP,        /* drop the packet */
	XDP_PASS,        /* on to the network stack */
	XDP_TX,          /* send it back out of the interface it came in on */
	XDP_REDIRECT,    /* elsewhere, as bpf_redirect*() said */
};

/* The context of XDP programs (BPF_PROG_TYPE_XDP). */
struct xdp_md {
	__u32 data;
	__u32 data_end;
	__u32 data_meta;       /* room before data (bpf_xdp_adjust_meta) */
	__u32 ingress_ifindex; /* the receiving interface */
	__u32 rx_queue_index;
	__u32 egress_ifindex;  /* Linux 5.8: set for programs on a devmap */
};

/* The context of socket filters, tc programs, cgroup_skb programs and more
 * (include/linux/skbuff.h's struct sk_buff, seen through the verifier).
 * What each program type may read or write: net/core/filter.c,
 * *_is_valid_access(). Socket filters may not read data/data_end: they
 * read packet bytes with bpf_skb_load_bytes() or the legacy
 * load_byte/load_half/load_word instructions (BPF_LD | BPF_ABS). */
struct __sk_buff {
	__u32 len;
	__u32 pkt_type;  /* PACKET_HOST, ... (<linux/if_packet.h>) */
	__u32 mark;
	__u32 queue_mapping;
	__u32 protocol;  /* ETH_P_* in network byte order */
	__u32 vlan_present;
	__u32 vlan_tci;
	__u32 vlan_proto;
	__u32 priority;
	__u32 ingress_ifindex;
	__u32 ifindex;
	__u32 tc_index;
	__u32 cb[5];     /* scratch space shared by programs on one packet */
	__u32 hash;
	__u32 tc_classid;
	__u32 data;
	__u32 data_end;
	__u32 napi_id;

	/* read by BPF_PROG_TYPE_SK_SKB programs, from here to local_port */
	__u32 family;
	__u32 remote_ip4;    /* network byte order */
	__u32 local_ip4;     /* network byte order */
	__u32 remote_ip6[4]; /* network byte order */
	__u32 local_ip6[4];  /* network byte order */
	__u32 remote_port;   /* network byte order */
	__u32 local_port;    /* host byte order */

	__u32 data_meta;
	__bpf_md_ptr(struct bpf_flow_keys *, flow_keys);
	__u64 tstamp;
	__u32 wire_len;
	__u32 gso_segs;
	__bpf_md_ptr(struct bpf_sock *, sk);
	__u32 gso_size;
	__u8 tstamp_type; /* Linux 5.18 */
	__u32 : 24;       /* padding */
	__u64 hwtstamp;   /* Linux 5.16 */
};

/* A socket as programs see it (skb->sk, bpf_sk_lookup_tcp(), ...;
 * net/core/filter.c bpf_sock_convert_ctx_access()); the context of
 * cgroup/sock_create and cgroup/post_bind programs. */
struct bpf_sock {
	__u32 bound_dev_if;
	__u32 family;
	__u32 type;
	__u32 protocol;
	__u32 mark;
	__u32 priority;
	__u32 src_ip4;    /* network byte order; 1, 2 and 4-byte reads */
	__u32 src_ip6[4];
	__u32 src_port;   /* host byte order */
	__be16 dst_port;  /* network byte order */
	__u16 : 16;       /* padding */
	__u32 dst_ip4;
	__u32 dst_ip6[4];
	__u32 state;
	__s32 rx_queue_mapping;
};

/* The context of cgroup/connect4, cgroup/bind4, cgroup/sendmsg4 and their
 * IPv6 and recvmsg twins (BPF_PROG_TYPE_CGROUP_SOCK_ADDR): the address the
 * process passed, which the program may rewrite. */
struct bpf_sock_addr {
	__u32 user_family;
	__u32 user_ip4;      /* network byte order; the program may write it */
	__u32 user_ip6[4];   /* network byte order */
	__u32 user_port;     /* network byte order */
	__u32 family;
	__u32 type;
	__u32 protocol;
	__u32 msg_src_ip4;   /* sendmsg: the source address, network order */
	__u32 msg_src_ip6[4];
	__bpf_md_ptr(struct bpf_sock *, sk);
};

/* The context of sk_lookup programs (Linux 5.9, BPF_PROG_TYPE_SK_LOOKUP):
 * a packet looking for its socket, which the program may pick with
 * bpf_sk_assign(). */
struct bpf_sk_lookup {
	union {
		__bpf_md_ptr(struct bpf_sock *, sk); /* the socket selected */
		__u64 cookie; /* its cookie, in BPF_PROG_TEST_RUN */
	};
	__u32 family;
	__u32 protocol;
	__u32 remote_ip4;    /* network byte order */
	__u32 remote_ip6[4]; /* network byte order */
	__be16 remote_port;  /* network byte order */
	__u16 : 16;          /* padding */
	__u32 local_ip4;     /* network byte order */
	__u32 local_ip6[4];  /* network byte order */
	__u32 local_port;    /* host byte order */
	__u32 ingress_ifindex; /* Linux 5.17 */
};

/* What a flow dissector program fills in (BPF_PROG_TYPE_FLOW_DISSECTOR;
 * __sk_buff.flow_keys points to it): the parsed addresses and ports of a
 * packet, for the kernel's hashing and classification. */
struct bpf_flow_keys {
	__u16 nhoff;      /* offset of the network header */
	__u16 thoff;      /* offset of the transport header */
	__u16 addr_proto; /* ETH_P_* of the addresses */
	__u8 is_frag;
	__u8 is_first_frag;
	__u8 is_encap;
	__u8 ip_proto;
	__be16 n_proto;
	__be16 sport;
	__be16 dport;
	union {
		struct {
			__be32 ipv4_src;
			__be32 ipv4_dst;
		};
		struct {
			__u32 ipv6_src[4]; /* network byte order */
			__u32 ipv6_dst[4];
		};
	};
	__u32 flags;      /* BPF_FLOW_DISSECTOR_F_* */
	__be32 flow_label;
};

/* Flags of the helpers that change an skb (bpf_skb_store_bytes, the
 * checksum helpers bpf_l3_csum_replace and bpf_l4_csum_replace) and of
 * bpf_redirect. */
#define BPF_F_RECOMPUTE_CSUM (1ULL << 0) /* skb_store_bytes: fix skb->csum */
#define BPF_F_INVALIDATE_HASH (1ULL << 1)
#define BPF_F_HDR_FIELD_MASK 0xfULL      /* csum_replace: the field's size */
#define BPF_F_PSEUDO_HDR (1ULL << 4)     /* l4: a pseudo-header field */
#define BPF_F_MARK_MANGLED_0 (1ULL << 5)
#define BPF_F_MARK_ENFORCE (1ULL << 6)
#define BPF_F_INGRESS (1ULL << 0)        /* bpf_redirect: into, not out */

/* What sk_skb, sk_msg and sk_reuseport programs return. */
enum sk_action {
	SK_DROP = 0,
	SK_PASS,
};

/* What flow dissector and lightweight-tunnel (lwt_*) programs return. */
enum bpf_ret_code {
	BPF_OK = 0,
	BPF_DROP = 2,
	BPF_REDIRECT = 7,
	BPF_LWT_REROUTE = 128,            /* lwt: route again by the new header */
	BPF_FLOW_DISSECTOR_CONTINUE = 129, /* Linux 6.1: dissect in C instead */
};

/* bpf_flow_keys.flags, in: what the caller asks the dissector for */
#define BPF_FLOW_DISSECTOR_F_PARSE_1ST_FRAG (1U << 0)
#define BPF_FLOW_DISSECTOR_F_STOP_AT_FLOW_LABEL (1U << 1)
#define BPF_FLOW_DISSECTOR_F_STOP_AT_ENCAP (1U << 2)

#endif
