/* Tracepoint names from section names: "CATEGORY/NAME", checked before
 * they become a path under tracefs's events/. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include <cmocka.h>

#include "loader/attach/tracepoint_name.h"

static void valid_components(void **state)
{
	(void)state;
	assert_true(rb_trace_name_valid("syscalls"));
	assert_true(rb_trace_name_valid("sys_enter_execve"));
	assert_true(rb_trace_name_valid("...")); /* odd, but a plain name */
	assert_false(rb_trace_name_valid(""));
	assert_false(rb_trace_name_valid("."));
	assert_false(rb_trace_name_valid(".."));
	assert_false(rb_trace_name_valid("a/b"));
	assert_false(rb_trace_name_valid("/"));
}

static void splits_category_and_name(void **state)
{
	char category[32];
	const char *name = NULL;
	const char *target = "syscalls/sys_enter_getppid";

	(void)state;
	assert_int_equal(rb_tracepoint_split(target, category, sizeof(category), &name), 0);
	assert_string_equal(category, "syscalls");
	assert_string_equal(name, "sys_enter_getppid");
	assert_ptr_equal(name, target + strlen("syscalls/")); /* points into target */
}

static void refuses_malformed_targets(void **state)
{
	static const char *const bad[] = {
		"",                  /* tracepoint/ with nothing after it */
		"sys_enter_getppid", /* no category */
		"/sys_enter_getppid",
		"syscalls/",
		"syscalls/a/b",      /* the name may not hold a '/' */
		"../x",
		"./x",
		"syscalls/..",
		"syscalls/.",
		"..//etc/passwd",
	};
	char category[32];
	const char *name = NULL;

	(void)state;
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++)
		if (rb_tracepoint_split(bad[i], category, sizeof(category), &name) != -1)
			fail_msg("'%s' was accepted", bad[i]);
	assert_null(name);
}

/* The category must fit the caller's buffer with its NUL. */
static void category_too_long(void **state)
{
	char category[8];
	const char *name = NULL;

	(void)state;
	assert_int_equal(rb_tracepoint_split("1234567/x", category, sizeof(category), &name), 0);
	assert_string_equal(category, "1234567");
	assert_int_equal(rb_tracepoint_split("12345678/x", category, sizeof(category), &name), -1);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(valid_components),
		cmocka_unit_test(splits_category_and_name),
		cmocka_unit_test(refuses_malformed_targets),
		cmocka_unit_test(category_too_long),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
