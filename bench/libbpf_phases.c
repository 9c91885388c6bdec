/* Benchmark 6, per-phase cost, the libbpf side: the steps of
 * bench/rawbpf_phases.c with libbpf: bpf_object__open_file(),
 * bpf_object__load(), bpf_program__attach() for every program,
 * bpf_link__destroy() for each link, bpf_object__close().
 * Usage: libbpf_phases RUNS OBJ [noattach] */
#include "bench/phases.h"
#include <bpf/libbpf.h>
#include <errno.h>

static int silent(enum libbpf_print_level level, const char *fmt, va_list ap)
{
	(void)level;
	(void)fmt;
	(void)ap;
	return 0;
}

#define MAX_LINKS 4096

int main(int argc, char **argv)
{
	static struct bpf_link *links[MAX_LINKS];
	int attach, runs = phases_args(argc, argv, &attach);

	libbpf_set_print(silent);
	for (int i = 0; i < runs; i++) {
		struct bpf_object *obj;
		struct bpf_program *prog;
		int n = 0;

		phase_begin(PH_OPEN);
		obj = bpf_object__open_file(argv[2], NULL);
		if (!obj) {
			fprintf(stderr, "open failed\n");
			return 1;
		}
		phase_end(i);
		phase_begin(PH_LOAD);
		if (bpf_object__load(obj)) {
			fprintf(stderr, "load failed\n");
			return 1;
		}
		phase_end(i);
		phase_begin(PH_ATTACH);
		if (attach) {
			bpf_object__for_each_program(prog, obj) {
				if (n == MAX_LINKS || !(links[n] = bpf_program__attach(prog))) {
					fprintf(stderr, "attach failed: %s: %s\n", bpf_program__name(prog), strerror(errno));
					return 1;
				}
				n++;
			}
		}
		phase_end(i);
		phase_begin(PH_DETACH);
		while (n--)
			bpf_link__destroy(links[n]);
		phase_end(i);
		phase_begin(PH_CLOSE);
		bpf_object__close(obj);
		phase_end(i);
	}
	phases_report(runs);
	return 0;
}
