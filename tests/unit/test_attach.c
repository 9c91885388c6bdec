/* The section table's attach columns, and what rb_program_attach() refuses
 * before any provider runs. No kernel: the refusals come before anything
 * is opened. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "loader/attach/providers.h"
#include "loader/rawbpf.h"
#include "uapi/linux/bpf.h"

/* An assertion about one row that names the row when it fails. */
#define ROW(d, cond) \
	do { \
		if (!(cond)) \
			fail_msg("section table row %s: not %s", (d)->prefix, #cond); \
	} while (0)

static int starts_with(const char *s, const char *prefix)
{
	return strncmp(s, prefix, strlen(prefix)) == 0;
}

/* Every row's provider attaches programs of the row's type, its flags fit
 * the provider, and a row without a provider says why. */
static void every_row_has_a_provider_for_its_type(void **state)
{
	size_t n;
	const struct rb_section_def *defs = rb_section_defs(&n);

	(void)state;
	assert_true(n > 0);
	for (size_t i = 0; i < n; i++) {
		const struct rb_section_def *d = &defs[i];
		const struct rb_attach_provider *pv = d->provider;
		int ret = (d->flags & RB_SEC_RETURN_PROBE) != 0;
		int btf = (d->flags & RB_SEC_ATTACH_BTF) != 0;

		/* the kernel stage looks up attach_btf_id by this flag */
		ROW(d, btf == (d->prog_type == BPF_PROG_TYPE_TRACING ||
			       d->prog_type == BPF_PROG_TYPE_LSM));
		/* exactly the return probes' prefixes */
		ROW(d, ret == (starts_with(d->prefix, "kret") || starts_with(d->prefix, "uret")));
		if (!pv) {
			ROW(d, d->note != NULL);
			/* only how it loads (sleepable, frags), nothing of attaching */
			ROW(d, (d->flags & ~(RB_SEC_SLEEPABLE | RB_SEC_XDP_FRAGS)) == 0);
			continue;
		}
		/* a note only on a bare name whose target user space gives
		 * (kprobe, uprobe, usdt: run --attach) */
		ROW(d, d->note == NULL || (!strchr(d->prefix, '/') &&
					   (pv->options & RB_ATTACH_OPT_TARGET)));
		ROW(d, pv->name != NULL);
		ROW(d, pv->attach != NULL);
		if (pv == &rb_provider_tracepoint) {
			ROW(d, d->prog_type == BPF_PROG_TYPE_TRACEPOINT);
		} else if (pv == &rb_provider_kprobe) {
			ROW(d, d->prog_type == BPF_PROG_TYPE_KPROBE);
			ROW(d, starts_with(d->prefix, "kprobe") || starts_with(d->prefix, "kretprobe"));
		} else if (pv == &rb_provider_uprobe) {
			ROW(d, d->prog_type == BPF_PROG_TYPE_KPROBE);
			ROW(d, starts_with(d->prefix, "uprobe") || starts_with(d->prefix, "uretprobe"));
		} else if (pv == &rb_provider_raw_tp) {
			ROW(d, d->prog_type == BPF_PROG_TYPE_RAW_TRACEPOINT);
		} else if (pv == &rb_provider_btf_tracing) {
			ROW(d, btf);
			ROW(d, d->expected_attach_type == BPF_TRACE_RAW_TP ||
				       d->expected_attach_type == BPF_TRACE_FENTRY ||
				       d->expected_attach_type == BPF_TRACE_FEXIT);
		} else if (pv == &rb_provider_socket_filter) {
			ROW(d, d->prog_type == BPF_PROG_TYPE_SOCKET_FILTER);
			ROW(d, pv->options == RB_ATTACH_OPT_IFACE);
		} else if (pv == &rb_provider_cgroup) {
			/* libbpf's names: cgroup_skb/..., cgroup/..., sockops */
			ROW(d, starts_with(d->prefix, "cgroup") || strcmp(d->prefix, "sockops") == 0);
			ROW(d, pv->options == RB_ATTACH_OPT_CGROUP);
		} else if (pv == &rb_provider_netns) {
			ROW(d, (d->prog_type == BPF_PROG_TYPE_SK_LOOKUP &&
				d->expected_attach_type == BPF_SK_LOOKUP) ||
				       (d->prog_type == BPF_PROG_TYPE_FLOW_DISSECTOR &&
					d->expected_attach_type == BPF_FLOW_DISSECTOR));
		} else if (pv == &rb_provider_xdp) {
			ROW(d, d->prog_type == BPF_PROG_TYPE_XDP && d->expected_attach_type == BPF_XDP);
			ROW(d, pv->options == (RB_ATTACH_OPT_IFACE | RB_ATTACH_OPT_XDP_MODE));
		} else if (pv == &rb_provider_tc) {
			/* tc.c reads the direction from the expected attach type */
			ROW(d, d->prog_type == BPF_PROG_TYPE_SCHED_CLS);
			ROW(d, d->expected_attach_type == (strstr(d->prefix, "/ingress") ? BPF_TCX_INGRESS
							   : strstr(d->prefix, "/egress") ? BPF_TCX_EGRESS
							   : 0));
			ROW(d, pv->options == RB_ATTACH_OPT_IFACE);
		} else if (pv == &rb_provider_lsm) {
			ROW(d, btf && d->prog_type == BPF_PROG_TYPE_LSM &&
				       d->expected_attach_type == BPF_LSM_MAC);
		} else if (pv == &rb_provider_usdt) {
			/* usdt/PATH:PROVIDER:NAME, or bare usdt with a target given */
			ROW(d, d->prog_type == BPF_PROG_TYPE_KPROBE && starts_with(d->prefix, "usdt"));
			ROW(d, pv->options == RB_ATTACH_OPT_TARGET);
		} else if (pv == &rb_provider_perf_sample) {
			/* perf_event: one event per CPU, by the sampling options */
			ROW(d, d->prog_type == BPF_PROG_TYPE_PERF_EVENT);
			ROW(d, pv->options == RB_ATTACH_OPT_SAMPLE);
		} else if (pv == &rb_provider_iter) {
			/* iter/TARGET: by the BTF id of bpf_iter_TARGET (iter_targets.c) */
			ROW(d, btf && d->prog_type == BPF_PROG_TYPE_TRACING &&
				       d->expected_attach_type == BPF_TRACE_ITER);
			ROW(d, starts_with(d->prefix, "iter"));
			ROW(d, pv->options == RB_ATTACH_OPT_ITER_MAP);
		} else {
			fail_msg("row %s: a provider this test does not know", d->prefix);
		}
		/* only probes return */
		if (ret)
			ROW(d, pv == &rb_provider_kprobe || pv == &rb_provider_uprobe);
	}
}

/* A program as rb_object_open() makes it, never loaded (fd -1). */
static struct rb_program program(const char *section)
{
	struct rb_program p = { .fd = -1, .target = "" };
	const struct rb_section_def *d = rb_section_def_find(section);

	p.fn.name = "prog";
	p.fn.section_name = section;
	p.def = d;
	if (d && d->prefix[strlen(d->prefix) - 1] == '/')
		p.target = section + strlen(d->prefix);
	return p;
}

static void expect_refusal(struct rb_program *p, const struct rb_attach_opts *opts,
			   const char *needle)
{
	struct rb_link *link = NULL; /* stays NULL: nothing was attached */
	struct rb_error err = { 0 };

	assert_int_equal(rb_program_attach(p, opts, &link, &err), -1);
	assert_null(link);
	assert_int_equal(err.kind, RB_ERR_INPUT);
	if (!strstr(err.msg, needle))
		fail_msg("'%s' not in: %s", needle, err.msg);
}

/* An option the provider cannot use is refused, naming it, before the
 * program's state is even looked at: it would otherwise be ignored. */
static void options_a_provider_cannot_use_are_refused(void **state)
{
	struct rb_program tp = program("tracepoint/syscalls/sys_enter_getppid");
	struct rb_program btf = program("tp_btf/sched_switch");
	struct rb_program xdp = program("xdp");
	struct rb_program action = program("action");
	struct rb_program custom = program("mysection");

	(void)state;
	expect_refusal(&tp, &(struct rb_attach_opts){ .iface = "eth0" },
		       "tracepoint provider cannot use the iface option");
	expect_refusal(&tp, &(struct rb_attach_opts){ .cgroup = "/sys/fs/cgroup" },
		       "cannot use the cgroup option");
	expect_refusal(&tp, &(struct rb_attach_opts){ .cookie = 1 },
		       "cannot use the cookie option");
	/* the target of a BTF tracing program was fixed when it loaded */
	expect_refusal(&btf, &(struct rb_attach_opts){ .target = "sched_wakeup" },
		       "BTF id");
	expect_refusal(&xdp, &(struct rb_attach_opts){ .cgroup = "/sys/fs/cgroup" },
		       "xdp provider cannot use the cgroup option");
	/* no provider: the row's note says why */
	expect_refusal(&action, NULL, "interface");
	expect_refusal(&custom, NULL, "implies no program type");
	/* with options it can use, the next refusal is the program's state */
	expect_refusal(&tp, &(struct rb_attach_opts){ .target = "syscalls/sys_enter_getpid" },
		       "is not loaded");
	expect_refusal(&btf, NULL, "is not loaded");
}

/* A link slot that holds an attachment is refused, and keeps it: written
 * over, the attachment would run on with nothing left to detach it. */
static void a_link_that_holds_one_is_not_overwritten(void **state)
{
	struct rb_program tp = program("tracepoint/syscalls/sys_enter_getppid");
	struct rb_link *held = (struct rb_link *)&tp, *link = held; /* any non-NULL link */
	struct rb_error err = { 0 };

	(void)state;
	assert_int_equal(rb_program_attach(&tp, NULL, &link, &err), -1);
	assert_ptr_equal(link, held);
	assert_int_equal(err.kind, RB_ERR_INPUT);
	assert_non_null(strstr(err.msg, "already holds an attachment"));
}

/* A kind that attaches somewhere, given by --type to a section that names
 * no place (kprobe/FUNC would): nothing to attach to unless the caller
 * names it. */
static void a_type_from_open_gives_no_target(void **state)
{
	struct rb_program custom = program("mysection");

	(void)state;
	custom.def = rb_section_def_by_type_name("kprobe");
	custom.type = custom.def->prog_type;
	expect_refusal(&custom, NULL, "its type, kprobe, was given at open (--type), and the "
		       "section names no kprobe target");
	expect_refusal(&custom, &(struct rb_attach_opts){ .target = "do_exit" }, "is not loaded");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(every_row_has_a_provider_for_its_type),
		cmocka_unit_test(options_a_provider_cannot_use_are_refused),
		cmocka_unit_test(a_link_that_holds_one_is_not_overwritten),
		cmocka_unit_test(a_type_from_open_gives_no_target),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
