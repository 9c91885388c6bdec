/* The pinned kernel ABI (uapi/linux/) against the system's kernel headers.
 *
 * rawbpf carries its own copy of the few kernel definitions it needs, so it
 * builds without kernel headers. A copy can be wrong, and a wrong offset in
 * union bpf_attr does not fail to compile: the kernel just reads another
 * field. So every constant, struct size, field offset and size, and bitfield
 * position listed in tests/unit/uapi/abi_list.h is computed twice -- through
 * <linux/bpf.h> and <linux/perf_event.h> (uapi/system.c) and through
 * uapi/linux/ (uapi/pinned.c) -- and the two tables must agree. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <cmocka.h>

#include "uapi/table.h"

#define MAX_ENTRIES 2048

static struct abi_entry sys[MAX_ENTRIES], pin[MAX_ENTRIES];

static void report_mismatch(const struct abi_entry *s, const struct abi_entry *p)
{
	if (p->size >= 0) /* a field: value is its offset */
		printf("MISMATCH %s: system offset %lld size %lld, pinned offset %lld size %lld\n",
		       p->name, (long long)s->value, (long long)s->size,
		       (long long)p->value, (long long)p->size);
	else
		printf("MISMATCH %s: system %#llx, pinned %#llx\n", p->name,
		       (unsigned long long)s->value, (unsigned long long)p->value);
}

static void pinned_headers_match_the_system(void **state)
{
	long n_sys = abi_system(sys, MAX_ENTRIES);
	long n_pin = abi_pinned(pin, MAX_ENTRIES);
	int compared = 0, newer = 0, mismatches = 0;

	(void)state;
	if (n_sys < 0) {
		printf("SKIP: no <linux/bpf.h> and <linux/perf_event.h> to compare with\n");
		skip();
	}
	/* Both tables come from the same list, so they line up entry by entry. */
	assert_true(n_pin <= MAX_ENTRIES);
	assert_int_equal(n_sys, n_pin);
	for (long i = 0; i < n_pin; i++) {
		assert_string_equal(sys[i].name, pin[i].name);
		assert_false(pin[i].newer); /* the pinned headers have it all */
		if (sys[i].newer) {
			printf("not compared (newer than the system headers): %s\n", pin[i].name);
			newer++;
			continue;
		}
		if (sys[i].value != pin[i].value || sys[i].size != pin[i].size) {
			report_mismatch(&sys[i], &pin[i]);
			mismatches++;
		}
		compared++;
	}
	printf("compared %d ABI facts with the system headers, %d mismatches\n",
	       compared, mismatches);
	assert_int_equal(mismatches, 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(pinned_headers_match_the_system),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
