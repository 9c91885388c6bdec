/* The logic of the chapter 3 map_pinning_fetch loader of "Linux
 * Observability with BPF", written anew for rawbpf's tests: open the map
 * book_pin_save.c pinned (BPF_OBJ_GET through bpf_obj_get()) and read key 1. */
#include <errno.h>
#include <stdio.h>
#include <string.h>

#include "bpf.h"

int main(int argc, char **argv)
{
	int key = 1, value = 0, fd;

	if (argc != 2) {
		fprintf(stderr, "usage: %s PATH\n", argv[0]);
		return 2;
	}
	fd = bpf_obj_get(argv[1]);
	if (fd < 0) {
		printf("Failed to fetch the map from %s: %s\n", argv[1], strerror(errno));
		return 1;
	}
	if (bpf_map_lookup_elem(fd, &key, &value) < 0) {
		printf("Failed to read key %d: %s\n", key, strerror(errno));
		return 1;
	}
	printf("Value read from the map: '%d'\n", value);
	return 0;
}
