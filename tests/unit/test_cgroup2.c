/* Finding the cgroup v2 mount in /proc/self/mountinfo text
 * (loader/attach/cgroup2.c): the type is after the "-" field, after any
 * number of optional fields; mount points have octal escapes; malformed
 * or cut lines are errors, never reads past the text. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "loader/attach/cgroup2.h"

/* This machine's mountinfo: a v1 layout, cgroup2 beside it. */
static const char hybrid[] =
	"27 1 254:0 / / rw,relatime - ext4 /dev/vda rw,discard\n"
	"31 23 0:28 / /sys/fs/cgroup rw,relatime - tmpfs tmpfs rw,mode=755\n"
	"32 31 0:29 / /sys/fs/cgroup/cpu rw,relatime - cgroup cgroup rw,cpu\n"
	"41 31 0:38 / /sys/fs/cgroup/unified rw,relatime shared:9 master:2 - cgroup2 cgroup2 rw\n";

static int find(const char *text, size_t len, char *path, size_t size)
{
	char why[200];

	return rb_mountinfo_find(text, len, "cgroup2", path, size, why, sizeof(why));
}

static void finds_cgroup2_after_optional_fields(void **state)
{
	char path[64];

	(void)state;
	assert_int_equal(find(hybrid, strlen(hybrid), path, sizeof(path)), 0);
	assert_string_equal(path, "/sys/fs/cgroup/unified");
}

static void v1_only_is_not_found(void **state)
{
	char path[64];
	size_t v1 = strstr(hybrid, "41 31") - hybrid; /* the lines before cgroup2 */

	(void)state;
	assert_int_equal(find(hybrid, v1, path, sizeof(path)), 1);
	/* "cgroup" is not "cgroup2", nor is a type that only begins so */
	{
		const char *other = "1 0 0:1 / /x rw - cgroup2x none rw\n";

		assert_int_equal(find(other, strlen(other), path, sizeof(path)), 1);
	}
}

static void decodes_escapes(void **state)
{
	const char *line = "5 1 0:9 / /mnt/my\\040cg\\134x rw - cgroup2 none rw";
	char path[64];

	(void)state;
	assert_int_equal(find(line, strlen(line), path, sizeof(path)), 0);
	assert_string_equal(path, "/mnt/my cg\\x");
}

static void refuses_malformed_lines(void **state)
{
	const char *no_dash = "5 1 0:9 / /mnt rw cgroup2 none rw\n";
	const char *no_type = "5 1 0:9 / /mnt rw -";
	char path[8];

	(void)state;
	assert_int_equal(find(no_dash, strlen(no_dash), path, sizeof(path)), -1);
	assert_int_equal(find(no_type, strlen(no_type), path, sizeof(path)), -1);
	/* a mount point longer than the buffer */
	assert_int_equal(find(hybrid, strlen(hybrid), path, sizeof(path)), -1);
}

/* Every prefix of the text, copied so that a read past it is caught by
 * the sanitizer: found, not found or malformed, never past the end. */
static void every_cut_stays_in_bounds(void **state)
{
	size_t n = strlen(hybrid);

	(void)state;
	for (size_t len = 0; len <= n; len++) {
		char *copy = malloc(len ? len : 1), path[64];
		int r;

		memcpy(copy, hybrid, len);
		r = find(copy, len, path, sizeof(path));
		assert_true(r >= -1 && r <= 1);
		if (r == 0)
			assert_true(strncmp(path, "/sys/fs/cgroup/unified", strlen(path)) == 0);
		free(copy);
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(finds_cgroup2_after_optional_fields),
		cmocka_unit_test(v1_only_is_not_found),
		cmocka_unit_test(decodes_escapes),
		cmocka_unit_test(refuses_malformed_lines),
		cmocka_unit_test(every_cut_stays_in_bounds),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
