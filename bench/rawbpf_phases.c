/* Benchmark 6, per-phase cost, the rawbpf side: RUNS times in one process,
 * rb_object_open(), rb_object_load() (the BTF, the maps, the programs),
 * rb_object_attach(), rb_object_detach(), rb_object_close(); each phase
 * timed apart, and every bpf(2) call in it counted (bench/phases.h).
 * bench/libbpf_phases.c does the same steps with libbpf.
 * Usage: rawbpf_phases RUNS OBJ [noattach] */
#include "bench/phases.h"
#include "loader/rawbpf.h"

int main(int argc, char **argv)
{
	int attach, runs = phases_args(argc, argv, &attach);

	for (int i = 0; i < runs; i++) {
		struct rb_object *obj;
		struct rb_error err = { 0 };

		phase_begin(PH_OPEN);
		if (rb_object_open(&obj, argv[2], NULL, &err)) {
			fprintf(stderr, "open: %s\n", err.msg);
			return 1;
		}
		phase_end(i);
		phase_begin(PH_LOAD);
		if (rb_object_load(obj, &err)) {
			fprintf(stderr, "load: %s\n", err.msg);
			return 1;
		}
		phase_end(i);
		phase_begin(PH_ATTACH);
		if (attach && rb_object_attach(obj, &err)) {
			fprintf(stderr, "attach: %s\n", err.msg);
			return 1;
		}
		phase_end(i);
		phase_begin(PH_DETACH);
		if (attach && rb_object_detach(obj, &err)) {
			fprintf(stderr, "detach: %s\n", err.msg);
			return 1;
		}
		phase_end(i);
		phase_begin(PH_CLOSE);
		rb_object_close(obj);
		phase_end(i);
	}
	phases_report(runs);
	return 0;
}
