/* Links: what BPF_OBJ_GET_INFO_BY_FD says about one attachment.
 *
 * A link (Linux 5.7+) holds a program attached somewhere, and the kernel
 * can say where: each link type fills its own member of bpf_link_info's
 * union (the fill_link_info operation of each type: bpf_raw_tp_link_fill_
 * link_info in kernel/bpf/syscall.c, cgroup_bpf_link_fill_link_info in
 * kernel/bpf/cgroup.c, bpf_xdp_link_fill_link_info in net/core/dev.c, ...).
 * Names (a tracepoint, a kprobe's function, a uprobe's file) are copied
 * into a buffer the caller gives. Attachments made without a link (a perf
 * event with PERF_EVENT_IOC_SET_BPF, as `rawbpf run` attaches tracepoints,
 * kprobes and uprobes; BPF_PROG_ATTACH; XDP or tc by netlink) have no id,
 * and nothing here can list them. */
#include <errno.h>
#include <stdio.h>
#include <string.h>

#include "bpf_syscall.h"
#include "kernel.h"
#include "loader/rawbpf.h"

const char *rb_link_type_name(uint32_t type)
{
	static const char *const names[] = {
		[BPF_LINK_TYPE_UNSPEC] = "unspec",
		[BPF_LINK_TYPE_RAW_TRACEPOINT] = "raw_tracepoint",
		[BPF_LINK_TYPE_TRACING] = "tracing",
		[BPF_LINK_TYPE_CGROUP] = "cgroup",
		[BPF_LINK_TYPE_ITER] = "iter",
		[BPF_LINK_TYPE_NETNS] = "netns",
		[BPF_LINK_TYPE_XDP] = "xdp",
		[BPF_LINK_TYPE_PERF_EVENT] = "perf_event",
		[BPF_LINK_TYPE_KPROBE_MULTI] = "kprobe_multi",
		[BPF_LINK_TYPE_STRUCT_OPS] = "struct_ops",
		[BPF_LINK_TYPE_NETFILTER] = "netfilter",
		[BPF_LINK_TYPE_TCX] = "tcx",
		[BPF_LINK_TYPE_UPROBE_MULTI] = "uprobe_multi",
		[BPF_LINK_TYPE_NETKIT] = "netkit",
		[BPF_LINK_TYPE_SOCKMAP] = "sockmap",
	};

	if (type < sizeof(names) / sizeof(names[0]) && names[type])
		return names[type];
	return "unknown";
}

/* The union member that has a name, and where its buffer goes. */
static void give_name_buffer(struct bpf_link_info *info, uint32_t type, char *buf, uint32_t size)
{
	switch (type) {
	case BPF_LINK_TYPE_RAW_TRACEPOINT:
		info->raw_tracepoint.tp_name = rb_ptr(buf);
		info->raw_tracepoint.tp_name_len = size;
		break;
	case BPF_LINK_TYPE_ITER:
		info->iter.target_name = rb_ptr(buf);
		info->iter.target_name_len = size;
		break;
	case BPF_LINK_TYPE_PERF_EVENT:
		/* one pointer and length in the same place for every kind of
		 * perf event (bpf_perf_link_fill_common) */
		info->perf_event.kprobe.func_name = rb_ptr(buf);
		info->perf_event.kprobe.name_len = size;
		break;
	default:
		break;
	}
}

/* The union member of the link's type, into *out. */
static void fill_target(struct rb_link_info *out, const struct bpf_link_info *info)
{
	switch (info->type) {
	case BPF_LINK_TYPE_TRACING:
		out->attach_type = info->tracing.attach_type;
		out->target_obj_id = info->tracing.target_obj_id;
		out->target_btf_id = info->tracing.target_btf_id;
		break;
	case BPF_LINK_TYPE_CGROUP:
		out->cgroup_id = info->cgroup.cgroup_id;
		out->attach_type = info->cgroup.attach_type;
		break;
	case BPF_LINK_TYPE_NETNS:
		out->netns_ino = info->netns.netns_ino;
		out->attach_type = info->netns.attach_type;
		break;
	case BPF_LINK_TYPE_XDP:
		out->ifindex = info->xdp.ifindex;
		break;
	case BPF_LINK_TYPE_TCX:
	case BPF_LINK_TYPE_NETKIT: /* the same two fields */
		out->ifindex = info->tcx.ifindex;
		out->attach_type = info->tcx.attach_type;
		break;
	case BPF_LINK_TYPE_PERF_EVENT:
		out->perf_event_type = info->perf_event.type;
		/* bpf_perf_link_fill_kprobe(): the offset into the function,
		 * and the address apart (0 unless kallsyms shows addresses) */
		if (info->perf_event.type == BPF_PERF_EVENT_KPROBE ||
		    info->perf_event.type == BPF_PERF_EVENT_KRETPROBE) {
			out->offset = info->perf_event.kprobe.offset;
			out->addr = info->perf_event.kprobe.addr;
		} else if (info->perf_event.type == BPF_PERF_EVENT_UPROBE ||
			   info->perf_event.type == BPF_PERF_EVENT_URETPROBE) {
			out->offset = info->perf_event.uprobe.offset;
		}
		break;
	default:
		break;
	}
}

static int has_name(uint32_t type)
{
	return type == BPF_LINK_TYPE_RAW_TRACEPOINT || type == BPF_LINK_TYPE_ITER ||
	       type == BPF_LINK_TYPE_PERF_EVENT;
}

int rb_link_info_by_fd(int fd, struct rb_link_info *out, const struct rb_narrator *nar,
		       struct rb_error *err)
{
	struct bpf_link_info info;

	memset(out, 0, sizeof(*out));
	/* first the type, to know which member has a name buffer to give */
	memset(&info, 0, sizeof(info));
	if (rb_obj_info(fd, &info, sizeof(info), nar, "struct bpf_link_info") != 0)
		return rb_fail_errno(err, RB_ERR_KERNEL, errno,
				     "BPF_OBJ_GET_INFO_BY_FD of link fd %d failed", fd);
	if (has_name(info.type)) {
		uint32_t type = info.type;
		memset(&info, 0, sizeof(info));
		give_name_buffer(&info, type, out->target, sizeof(out->target));
		/* a perf_event link whose name does not fit says ENOSPC; one that
		 * has no name (a plain perf event) leaves it "" */
		if (rb_obj_info(fd, &info, sizeof(info), nar, "struct bpf_link_info + name") != 0 &&
		    errno != ENOSPC)
			return rb_fail_errno(err, RB_ERR_KERNEL, errno,
					     "BPF_OBJ_GET_INFO_BY_FD of link fd %d failed", fd);
		out->target[sizeof(out->target) - 1] = '\0';
	}
	out->id = info.id;
	out->type = info.type;
	out->prog_id = info.prog_id;
	fill_target(out, &info);
	return 0;
}

const char *rb_link_perf_event_name(uint32_t type)
{
	switch (type) {
	case BPF_PERF_EVENT_UPROBE: return "uprobe";
	case BPF_PERF_EVENT_URETPROBE: return "uretprobe";
	case BPF_PERF_EVENT_KPROBE: return "kprobe";
	case BPF_PERF_EVENT_KRETPROBE: return "kretprobe";
	case BPF_PERF_EVENT_TRACEPOINT: return "tracepoint";
	case BPF_PERF_EVENT_EVENT: return "perf event";
	default: return NULL;
	}
}

static const char *perf_event_kind(uint32_t type)
{
	const char *name = rb_link_perf_event_name(type);

	return name ? name : "perf event (kind not told: Linux 6.6+ tells it)";
}

void rb_link_info_describe(const struct rb_link_info *l, char *buf, size_t size)
{
	const char *type = rb_link_type_name(l->type);

	switch (l->type) {
	case BPF_LINK_TYPE_RAW_TRACEPOINT:
	case BPF_LINK_TYPE_ITER:
		snprintf(buf, size, "%s %s", type, l->target);
		break;
	case BPF_LINK_TYPE_TRACING:
		snprintf(buf, size, "tracing BTF object %u type %u (attach type %u)",
			 l->target_obj_id, l->target_btf_id, l->attach_type);
		break;
	case BPF_LINK_TYPE_CGROUP:
		snprintf(buf, size, "cgroup id %llu (attach type %u)",
			 (unsigned long long)l->cgroup_id, l->attach_type);
		break;
	case BPF_LINK_TYPE_NETNS:
		snprintf(buf, size, "netns inode %u (attach type %u)", l->netns_ino,
			 l->attach_type);
		break;
	case BPF_LINK_TYPE_XDP:
		snprintf(buf, size, "xdp ifindex %u", l->ifindex);
		break;
	case BPF_LINK_TYPE_TCX:
	case BPF_LINK_TYPE_NETKIT:
		snprintf(buf, size, "%s ifindex %u (%s)", type, l->ifindex,
			 l->attach_type == BPF_TCX_INGRESS ? "ingress" : "egress");
		break;
	case BPF_LINK_TYPE_PERF_EVENT:
		if (l->target[0] && l->offset)
			snprintf(buf, size, "%s %s+0x%llx", perf_event_kind(l->perf_event_type),
				 l->target, (unsigned long long)l->offset);
		else if (l->target[0])
			snprintf(buf, size, "%s %s", perf_event_kind(l->perf_event_type), l->target);
		else
			snprintf(buf, size, "%s", perf_event_kind(l->perf_event_type));
		break;
	default:
		snprintf(buf, size, "%s", type);
		break;
	}
}
