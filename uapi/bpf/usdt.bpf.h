/* USDT probes in a BPF program: libbpf's <bpf/usdt.bpf.h> API, rawbpf's own
 * code, the same maps and layout (the loader fills them: loader/attach/
 * usdt.c), so a program written for libbpf builds and runs unchanged:
 *
 *     SEC("usdt/./app:myapp:request")
 *     int BPF_USDT(on_request, int id, const char *path) { ... }
 *
 * or by hand: bpf_usdt_arg_cnt(ctx), bpf_usdt_arg(ctx, N, &value),
 * bpf_usdt_cookie(ctx).
 *
 * How an argument is found: each probe site's note says where its
 * arguments are at the probe ("-4@%edi 8@-16(%rbp) 4@$3"); the loader
 * turns that into a struct __bpf_usdt_spec, stores it in __bpf_usdt_specs
 * under a spec id, and attaches the site's uprobe with the spec id as its
 * BPF cookie (Linux 5.15). Where the kernel has no cookies, the loader
 * sets LINUX_HAS_BPF_COOKIE to 0 and fills __bpf_usdt_ip_to_spec_id with
 * each site's address instead. The struct layout is the loader's ABI with
 * the program (elf/usdt.h checks the same offsets); the names are
 * libbpf's, for programs that use them.
 *
 * The program is a uprobe program: its context is struct pt_regs, which
 * the program declares (a vmlinux.h, or <linux/ptrace.h>), as with libbpf;
 * say the architecture with -D__TARGET_ARCH_x86 (bpf_tracing.h). */
#ifndef RAWBPF_USDT_BPF_H
#define RAWBPF_USDT_BPF_H

#if __has_include(<linux/errno.h>)
#include <linux/errno.h>
#endif
#include "bpf_helpers.h"
#include "bpf_tracing.h"

#ifndef ESRCH
#define ESRCH 3
#endif
#ifndef ENOENT
#define ENOENT 2
#endif
#ifndef EINVAL
#define EINVAL 22
#endif

/* How many specs and site addresses the maps hold; a program may define
 * them larger (or the ip map as 1 where every kernel has cookies). */
#ifndef BPF_USDT_MAX_SPEC_CNT
#define BPF_USDT_MAX_SPEC_CNT 256
#endif
#ifndef BPF_USDT_MAX_IP_CNT
#define BPF_USDT_MAX_IP_CNT (4 * BPF_USDT_MAX_SPEC_CNT)
#endif
#define BPF_USDT_MAX_ARG_CNT 12

enum __bpf_usdt_arg_type {
	BPF_USDT_ARG_CONST,     /* the value is val_off itself ("4@$5") */
	BPF_USDT_ARG_REG,       /* a register ("-4@%eax") */
	BPF_USDT_ARG_REG_DEREF, /* memory at a register + val_off ("8@-16(%rbp)") */
};

struct __bpf_usdt_arg_spec {
	__u64 val_off;
	enum __bpf_usdt_arg_type arg_type;
	short reg_off;     /* the register's offset in struct pt_regs */
	_Bool arg_signed;
	char arg_bitshift; /* 64 - the argument's size in bits */
};

struct __bpf_usdt_spec {
	struct __bpf_usdt_arg_spec args[BPF_USDT_MAX_ARG_CNT];
	__u64 usdt_cookie;
	short arg_cnt;
};

/* __weak: every file of a program that includes this shares one of each. */
struct {
	__uint(type, BPF_MAP_TYPE_ARRAY);
	__uint(max_entries, BPF_USDT_MAX_SPEC_CNT);
	__type(key, int);
	__type(value, struct __bpf_usdt_spec);
} __bpf_usdt_specs SEC(".maps") __weak;

struct {
	__uint(type, BPF_MAP_TYPE_HASH);
	__uint(max_entries, BPF_USDT_MAX_IP_CNT);
	__type(key, long);
	__type(value, __u32);
} __bpf_usdt_ip_to_spec_id SEC(".maps") __weak;

/* Set by the loader at load time: 1 where bpf_get_attach_cookie() exists. */
extern const _Bool LINUX_HAS_BPF_COOKIE __kconfig;

/* The spec of the site that fired, or NULL. */
static __always_inline struct __bpf_usdt_spec *__rb_usdt_spec(struct pt_regs *ctx)
{
	int id;

	if (LINUX_HAS_BPF_COOKIE) {
		id = (int)bpf_get_attach_cookie(ctx);
	} else {
		long ip = PT_REGS_IP(ctx);
		__u32 *found = bpf_map_lookup_elem(&__bpf_usdt_ip_to_spec_id, &ip);

		if (!found)
			return (void *)0;
		id = (int)*found;
	}
	return bpf_map_lookup_elem(&__bpf_usdt_specs, &id);
}

/* How many arguments the probe has, or -ESRCH. */
__weak __hidden int bpf_usdt_arg_cnt(struct pt_regs *ctx)
{
	struct __bpf_usdt_spec *spec = __rb_usdt_spec(ctx);

	return spec ? spec->arg_cnt : -ESRCH;
}

/* Argument `arg_num` (from 0) into *res, widened to 64 bits (sign-extended
 * when the probe says it is signed): 0, or a negative errno with *res 0. */
__weak __hidden int bpf_usdt_arg(struct pt_regs *ctx, __u64 arg_num, long *res)
{
	struct __bpf_usdt_spec *spec = __rb_usdt_spec(ctx);
	struct __bpf_usdt_arg_spec *arg;
	unsigned long val, reg;
	int shift, ret;

	*res = 0;
	if (!spec)
		return -ESRCH;
	if (arg_num >= BPF_USDT_MAX_ARG_CNT || arg_num >= (__u64)spec->arg_cnt)
		return -ENOENT;
	arg = &spec->args[arg_num];
	if (arg->arg_type == BPF_USDT_ARG_CONST) {
		val = arg->val_off;
	} else if (arg->arg_type == BPF_USDT_ARG_REG ||
		   arg->arg_type == BPF_USDT_ARG_REG_DEREF) {
		/* reg_off is only known at run time: a probe read of the
		 * context, as the verifier wants for a variable offset */
		ret = bpf_probe_read_kernel(&reg, sizeof(reg), (void *)ctx + arg->reg_off);
		if (ret)
			return ret;
		val = reg;
		if (arg->arg_type == BPF_USDT_ARG_REG_DEREF) {
			ret = bpf_probe_read_user(&val, sizeof(val), (void *)(reg + arg->val_off));
			if (ret)
				return ret;
#if __BYTE_ORDER__ == __ORDER_BIG_ENDIAN__
			/* a narrow value is at the start of the 8 bytes read:
			 * the high end of a big-endian word */
			val >>= arg->arg_bitshift;
#endif
		}
	} else {
		return -EINVAL;
	}
	/* keep the low (64 - shift) bits, sign-extended or not */
	shift = arg->arg_bitshift;
	val <<= shift;
	*res = arg->arg_signed ? (long)val >> shift : (long)(val >> shift);
	return 0;
}

/* The cookie user space gave the attachment (0: rawbpf gives none yet). */
__weak __hidden long bpf_usdt_cookie(struct pt_regs *ctx)
{
	struct __bpf_usdt_spec *spec = __rb_usdt_spec(ctx);

	return spec ? (long)spec->usdt_cookie : 0;
}

/* BPF_USDT(name, args...): a program whose parameters are the probe's
 * arguments, each fetched with bpf_usdt_arg() (as BPF_KPROBE does with
 * registers); `ctx` stays in scope. */
#define ___rb_usdt_arg(n) ({ long _v; bpf_usdt_arg(ctx, n, &_v); (void *)_v; })
#define ___bpf_usdt_args0() ctx
#define ___bpf_usdt_args1(x) ___bpf_usdt_args0(), ___rb_usdt_arg(0)
#define ___bpf_usdt_args2(x, args...) ___bpf_usdt_args1(args), ___rb_usdt_arg(1)
#define ___bpf_usdt_args3(x, args...) ___bpf_usdt_args2(args), ___rb_usdt_arg(2)
#define ___bpf_usdt_args4(x, args...) ___bpf_usdt_args3(args), ___rb_usdt_arg(3)
#define ___bpf_usdt_args5(x, args...) ___bpf_usdt_args4(args), ___rb_usdt_arg(4)
#define ___bpf_usdt_args6(x, args...) ___bpf_usdt_args5(args), ___rb_usdt_arg(5)
#define ___bpf_usdt_args7(x, args...) ___bpf_usdt_args6(args), ___rb_usdt_arg(6)
#define ___bpf_usdt_args8(x, args...) ___bpf_usdt_args7(args), ___rb_usdt_arg(7)
#define ___bpf_usdt_args9(x, args...) ___bpf_usdt_args8(args), ___rb_usdt_arg(8)
#define ___bpf_usdt_args10(x, args...) ___bpf_usdt_args9(args), ___rb_usdt_arg(9)
#define ___bpf_usdt_args11(x, args...) ___bpf_usdt_args10(args), ___rb_usdt_arg(10)
#define ___bpf_usdt_args12(x, args...) ___bpf_usdt_args11(args), ___rb_usdt_arg(11)
#define ___bpf_usdt_args(args...) ___bpf_apply(___bpf_usdt_args, ___bpf_narg(args))(args)

#define BPF_USDT(name, args...)							\
name(struct pt_regs *ctx);							\
static __always_inline typeof(name(0)) ____##name(struct pt_regs *ctx, ##args);	\
typeof(name(0)) name(struct pt_regs *ctx)					\
{										\
	_Pragma("GCC diagnostic push")						\
	_Pragma("GCC diagnostic ignored \"-Wint-conversion\"")			\
	return ____##name(___bpf_usdt_args(args));				\
	_Pragma("GCC diagnostic pop")						\
}										\
static __always_inline typeof(name(0)) ____##name(struct pt_regs *ctx, ##args)

#endif
