/* A user-space program built against an installed rawbpf, as a user
 * builds one: `cc inspect_object.c $(pkg-config --cflags --libs rawbpf)`
 * (tests/install/check.sh). It opens an object and names its programs
 * and maps, which needs the header, what it includes and the library. */
#include <stdio.h>

#include <rawbpf/rawbpf.h>

int main(int argc, char **argv)
{
	struct rb_object *obj;
	struct rb_error err = { 0 };
	struct rb_program *progs;
	struct rb_map *maps;
	size_t np, nm;

	if (argc != 2) {
		fprintf(stderr, "usage: inspect_object OBJ\n");
		return 2;
	}
	if (rb_object_open(&obj, argv[1], NULL, &err)) {
		fprintf(stderr, "inspect_object: %s\n", err.msg);
		return 1;
	}
	progs = rb_object_programs(obj, &np);
	maps = rb_object_maps(obj, &nm);
	for (size_t i = 0; i < np; i++)
		printf("program %s %s\n", progs[i].fn.name, rb_prog_type_name(progs[i].type));
	for (size_t i = 0; i < nm; i++)
		printf("map %s %s key %u value %u\n", maps[i].name, rb_map_type_name(maps[i].type),
		       maps[i].key_size, maps[i].value_size);
	rb_object_close(obj);
	return 0;
}
