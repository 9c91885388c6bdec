/* rawbpf inspect PATH on an executable or shared library: its USDT probes
 * (rb_usdt_list()), one line per site, or with --json one object per site:
 *   {"type":"usdt","provider":"P","name":"N","address":N,"file_offset":N,
 *    "semaphore":N,"semaphore_offset":N,"args":"SPEC","arg_count":N} */
#include <fcntl.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "cli.h"

/* Is `path` an ELF executable or shared library (e_type ET_EXEC or ET_DYN,
 * at offset 16 of the ELF header) rather than a BPF object (ET_REL)? */
int is_elf_executable(const char *path)
{
	unsigned char h[18];
	struct stat st;
	ssize_t n = -1;
	/* non-blocking, and regular files only: a FIFO without a writer would
	 * block the read; whatever is not a regular file goes to
	 * rb_object_open(), which says what it is */
	int fd = open(path, O_RDONLY | O_NONBLOCK | O_CLOEXEC);

	if (fd >= 0 && fstat(fd, &st) == 0 && S_ISREG(st.st_mode))
		n = read(fd, h, sizeof(h));
	if (fd >= 0)
		close(fd);
	return n == (ssize_t)sizeof(h) && memcmp(h, "\177ELF", 4) == 0 &&
	       (h[16] == 2 || h[16] == 3) && h[17] == 0;
}

static void print_json(const char *path, const struct rb_usdt_probe *p)
{
	fputs("{\"type\":\"usdt\",\"path\":", stdout);
	print_json_string(stdout, path);
	fputs(",\"provider\":", stdout);
	print_json_string(stdout, p->provider);
	fputs(",\"name\":", stdout);
	print_json_string(stdout, p->name);
	printf(",\"address\":%llu,\"file_offset\":%llu,\"semaphore\":%llu,\"semaphore_offset\":%llu,"
	       "\"args\":", (unsigned long long)p->address, (unsigned long long)p->file_offset,
	       (unsigned long long)p->semaphore, (unsigned long long)p->semaphore_offset);
	print_json_string(stdout, p->args);
	printf(",\"arg_count\":%d}\n", p->arg_count);
}

int inspect_usdt(const char *path, int json)
{
	struct rb_usdt_list list;
	struct rb_error err = { 0 };

	if (rb_usdt_list(path, &list, &err))
		return report_error(&err);
	if (!json) {
		printf("%s: ELF64 executable or shared library, %zu USDT probe site%s%s\n", path,
		       list.count, list.count == 1 ? "" : "s",
		       list.count ? "" : " (no .note.stapsdt: not built with <sys/sdt.h>)");
		if (list.count)
			printf("  %-16s %-20s %18s %18s  %s\n", "provider", "name", "address",
			       "semaphore", "arguments");
	}
	for (size_t i = 0; i < list.count; i++) {
		const struct rb_usdt_probe *p = &list.probes[i];
		char sema[24] = "-";

		if (json) {
			print_json(path, p);
			continue;
		}
		if (p->semaphore)
			snprintf(sema, sizeof(sema), "0x%llx", (unsigned long long)p->semaphore);
		fputs("  ", stdout);
		print_text(stdout, p->provider, 16);
		putchar(' ');
		print_text(stdout, p->name, 20);
		printf(" %#18llx %18s  ", (unsigned long long)p->address, sema);
		print_text(stdout, p->args[0] ? p->args : "(none)", 0);
		if (p->arg_count < 0)
			fputs("  (not understood: rawbpf reads x86-64's operands)", stdout);
		putchar('\n');
	}
	rb_usdt_list_free(&list);
	return 0;
}
