/* What the libbpf-compatible layer (loader/compat/lib/bpf.c) puts in union
 * bpf_attr and writes back into the caller's options, without a kernel:
 * the layer is compiled into this test, and rb_bpf() is this test's own,
 * which keeps the attr it was given and answers as a kernel would.
 *
 * Some of this the kernel tests cannot see on every machine: a fentry
 * link's cookie needs trampolines (EPERM here), so where link_create puts
 * it is checked by its offset in the attr. The results are compared with
 * libbpf's by tests/compat/bpf_api.c where a kernel runs them. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "loader/compat/lib/bpf.c"

static union bpf_attr seen;
static int calls;
static enum bpf_cmd seen_cmd;

int rb_bpf(enum bpf_cmd cmd, union bpf_attr *attr)
{
	seen = *attr;
	seen_cmd = cmd;
	calls++;
	if (cmd == BPF_PROG_TEST_RUN) { /* what the kernel writes back */
		attr->test.retval = 42;
		attr->test.duration = 1000;
		attr->test.data_size_out = 14;
		attr->test.ctx_size_out = 0;
	}
	return cmd == BPF_LINK_CREATE ? 9 : 0;
}

static void reset(void)
{
	memset(&seen, 0xa5, sizeof(seen));
	calls = 0;
}

static uint64_t u64_at(const union bpf_attr *a, size_t off)
{
	uint64_t v;

	memcpy(&v, (const char *)a + off, sizeof(v));
	return v;
}

/* fentry, fexit, fmod_ret and lsm links read link_create.tracing.cookie,
 * 8 bytes after target_btf_id (link_create in kernel/bpf/syscall.c's
 * union bpf_attr; bpf_tracing_prog_attach()). */
static void tracing_cookie_goes_to_tracing(void **state)
{
	static const enum bpf_attach_type types[] = { BPF_TRACE_FENTRY, BPF_TRACE_FEXIT,
						      BPF_MODIFY_RETURN, BPF_LSM_MAC };
	LIBBPF_OPTS(bpf_link_create_opts, opts, .tracing.cookie = 0x1122334455667788ULL);
	size_t base = offsetof(union bpf_attr, link_create.target_btf_id);

	(void)state;
	assert_int_equal(offsetof(union bpf_attr, link_create.tracing.cookie), base + 8);
	for (size_t i = 0; i < sizeof(types) / sizeof(types[0]); i++) {
		reset();
		assert_int_equal(bpf_link_create(3, 0, types[i], &opts), 9);
		assert_int_equal(seen_cmd, BPF_LINK_CREATE);
		assert_int_equal(seen.link_create.attach_type, types[i]);
		assert_true(seen.link_create.tracing.cookie == 0x1122334455667788ULL);
		assert_int_equal(seen.link_create.tracing.target_btf_id, 0);
		assert_true(u64_at(&seen, base) == 0); /* not perf_event.bpf_cookie */
	}
}

static void perf_event_cookie_goes_to_perf_event(void **state)
{
	LIBBPF_OPTS(bpf_link_create_opts, opts, .perf_event.bpf_cookie = 77);

	(void)state;
	reset();
	assert_int_equal(bpf_link_create(3, 4, BPF_PERF_EVENT, &opts), 9);
	assert_true(seen.link_create.perf_event.bpf_cookie == 77);
	assert_true(u64_at(&seen, offsetof(union bpf_attr, link_create.target_btf_id) + 8) == 0);
}

/* A caller built against a shorter struct: nothing is written past its
 * sz (libbpf's OPTS_SET). The bytes after sz here are canaries. */
static void test_run_writes_only_what_sz_covers(void **state)
{
	struct bpf_test_run_opts opts;

	(void)state;
	memset(&opts, 0x5a, sizeof(opts));
	opts.sz = offsetof(struct bpf_test_run_opts, retval);
	opts.data_in = NULL;
	opts.data_out = NULL;
	opts.data_size_in = 0;
	opts.ctx_in = opts.ctx_out = NULL;
	opts.ctx_size_in = 0;
	opts.data_size_out = 0;
	opts.ctx_size_out = 0;
	reset();
	assert_int_equal(bpf_prog_test_run_opts(3, &opts), 0);
	assert_int_equal(calls, 1);
	assert_int_equal(opts.data_size_out, 14);
	assert_int_equal(opts.retval, 0x5a5a5a5a);   /* past sz: untouched */
	assert_int_equal(opts.duration, 0x5a5a5a5a);
	/* the whole struct: every field written back */
	memset(&opts, 0, sizeof(opts));
	opts.sz = sizeof(opts);
	assert_int_equal(bpf_prog_test_run_opts(3, &opts), 0);
	assert_int_equal(opts.retval, 42);
	assert_int_equal(opts.duration, 1000);
	/* NULL: all defaults, as libbpf takes it */
	reset();
	assert_int_equal(bpf_prog_test_run_opts(3, NULL), 0);
	assert_int_equal(calls, 1);
	assert_int_equal(seen.test.prog_fd, 3);
}

/* libbpf's OPTS_VALID: sz smaller than sz itself, or non-zero bytes past
 * the fields this layer knows, is -EINVAL before any system call. */
static void opts_valid_as_libbpf(void **state)
{
	struct {
		struct bpf_map_create_opts o;
		char newer[16]; /* fields of a newer libbpf */
	} big;
	struct bpf_test_run_opts tiny = { .sz = 4 };

	(void)state;
	reset();
	errno = 0;
	assert_int_equal(bpf_prog_test_run_opts(3, &tiny), -EINVAL);
	assert_int_equal(errno, EINVAL);
	assert_int_equal(calls, 0);
	memset(&big, 0, sizeof(big));
	big.o.sz = sizeof(big);
	assert_int_equal(bpf_map_create(BPF_MAP_TYPE_HASH, "m", 4, 4, 1, &big.o), 0);
	assert_int_equal(calls, 1);
	big.newer[9] = 1;
	reset();
	assert_int_equal(bpf_map_create(BPF_MAP_TYPE_HASH, "m", 4, 4, 1, &big.o), -EINVAL);
	assert_int_equal(calls, 0);
	/* the same rule for every options struct */
	{
		struct {
			struct bpf_link_create_opts o;
			char newer[8];
		} link = { .o.sz = sizeof(link), .newer[0] = 1 };
		struct bpf_obj_get_opts get = { .sz = 2 };
		assert_int_equal(bpf_link_create(3, 4, BPF_PERF_EVENT, &link.o), -EINVAL);
		assert_int_equal(bpf_obj_get_opts("/sys/fs/bpf/x", &get), -EINVAL);
		assert_int_equal(calls, 0);
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(tracing_cookie_goes_to_tracing),
		cmocka_unit_test(perf_event_cookie_goes_to_perf_event),
		cmocka_unit_test(test_run_writes_only_what_sz_covers),
		cmocka_unit_test(opts_valid_as_libbpf),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
