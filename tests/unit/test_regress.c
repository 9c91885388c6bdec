/* Every input in tests/regress/ (crashes the fuzzer once found) goes
 * through the fuzz target again. Run under SANITIZE=1 to see the
 * sanitizers stay quiet; the plain build checks nothing crashes. */
#include <dirent.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

/* the fuzz target itself: LLVMFuzzerTestOneInput() */
#include "fuzz/fuzz_object.c"

/* Rows of the README's table that name an input: "| NAME.bin | ...". */
static int listed_inputs(void)
{
	FILE *f = fopen("tests/regress/README.md", "r");
	char line[512];
	int n = 0;

	assert_non_null(f);
	while (fgets(line, sizeof(line), f))
		n += strncmp(line, "| ", 2) == 0 && strstr(line, ".bin |") != NULL;
	fclose(f);
	return n;
}

static void regression_inputs_stay_fixed(void **state)
{
	static uint8_t buf[1 << 20];
	DIR *dir = opendir("tests/regress");
	struct dirent *e;
	int inputs = 0;

	(void)state;
	assert_non_null(dir);
	while ((e = readdir(dir))) {
		char path[512];
		FILE *f;
		size_t n;

		/* .bin: not .o, which .gitignore leaves out of the repository */
		if (!strstr(e->d_name, ".bin"))
			continue;
		snprintf(path, sizeof(path), "tests/regress/%s", e->d_name);
		f = fopen(path, "rb");
		assert_non_null(f);
		n = fread(buf, 1, sizeof(buf), f);
		fclose(f);
		printf("replaying %s (%zu bytes)\n", path, n);
		LLVMFuzzerTestOneInput(buf, n);
		inputs++;
	}
	closedir(dir);
	/* as many as tests/regress/README.md lists: none may go missing (a
	 * clone without them would otherwise pass having replayed nothing) */
	assert_int_equal(inputs, listed_inputs());
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(regression_inputs_stay_fixed),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
