/* The libbpf peer for benchmark 2: the same work as
 *     rawbpf run OBJ -- /bin/true
 * done with libbpf: open, load, attach every program by its section name,
 * run /bin/true, detach and unload. Built only by `make bench`, against the
 * distribution's libbpf-dev; rawbpf itself never links libbpf. */
#include <bpf/libbpf.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/wait.h>
#include <unistd.h>

static int silent(enum libbpf_print_level level, const char *fmt, va_list ap)
{
	(void)level;
	(void)fmt;
	(void)ap;
	return 0;
}

int main(int argc, char **argv)
{
	struct bpf_object *obj;
	struct bpf_program *prog;
	struct bpf_link *links[64];
	int n = 0, status;
	pid_t pid;

	if (argc != 2)
		return 2;
	libbpf_set_print(silent);
	obj = bpf_object__open_file(argv[1], NULL);
	if (!obj || bpf_object__load(obj))
		return 1;
	bpf_object__for_each_program(prog, obj) {
		if (n == 64 || !(links[n] = bpf_program__attach(prog)))
			return 1;
		n++;
	}
	pid = fork();
	if (pid == 0) {
		execl("/bin/true", "true", (char *)NULL);
		_exit(127);
	}
	waitpid(pid, &status, 0);
	while (n--)
		bpf_link__destroy(links[n]);
	bpf_object__close(obj);
	return 0;
}
