/* The pinned kernel ABI (uapi/linux/) against the system's kernel headers:
 * every constant, struct size, field offset and size, and bitfield layout
 * listed in tests/unit/uapi/abi_list.h must agree. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <cmocka.h>

#include "uapi/table.h"

static void pinned_headers_match_the_system(void **state)
{
	size_t n_sys, n_pin, compared = 0, skipped = 0;
	const struct abi_entry *sys = abi_system(&n_sys), *pin = abi_pinned(&n_pin);
	int mismatches = 0;

	(void)state;
	if (!sys) {
		printf("SKIP: no <linux/bpf.h> on this machine to compare with\n");
		skip();
	}
	assert_int_equal(n_sys, n_pin);
	for (size_t i = 0; i < n_pin; i++) {
		assert_string_equal(sys[i].name, pin[i].name);
		if (sys[i].skip) {
			skipped++;
			continue;
		}
		if (sys[i].value != pin[i].value || sys[i].size != pin[i].size) {
			printf("MISMATCH %s: system %lld (size %lld), pinned %lld (size %lld)\n",
			       pin[i].name, (long long)sys[i].value, (long long)sys[i].size,
			       (long long)pin[i].value, (long long)pin[i].size);
			mismatches++;
		}
		compared++;
	}
	printf("compared %zu ABI facts with the system headers (%zu newer than them)\n",
	       compared, skipped);
	assert_int_equal(mismatches, 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(pinned_headers_match_the_system),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
