/* The logic of the chapter 3 map_pinning_save loader of "Linux
 * Observability with BPF", written anew for rawbpf's tests: make an array
 * map by hand with libbpf 0.x's bpf_create_map(), write key 1, and pin the
 * map so that it outlives this process (book_pin_fetch.c reads it back).
 * PATH is argv[1] (the book's was /sys/fs/bpf/my_array). */
#include <errno.h>
#include <stdio.h>
#include <string.h>

#include "bpf.h"

int main(int argc, char **argv)
{
	int key = 1, value = 1234, fd;

	if (argc != 2) {
		fprintf(stderr, "usage: %s PATH\n", argv[0]);
		return 2;
	}
	fd = bpf_create_map(BPF_MAP_TYPE_ARRAY, sizeof(key), sizeof(value), 100, 0);
	if (fd < 0) {
		printf("Failed to create map: %d (%s)\n", fd, strerror(errno));
		return 1;
	}
	if (bpf_map_update_elem(fd, &key, &value, BPF_ANY) < 0) {
		printf("Failed to update map: %s\n", strerror(errno));
		return 1;
	}
	if (bpf_obj_pin(fd, argv[1]) < 0) {
		printf("Failed to pin map at %s: %s\n", argv[1], strerror(errno));
		return 1;
	}
	printf("pinned at %s\n", argv[1]);
	return 0;
}
