/* libFuzzer target: everything rawbpf parses without the kernel.
 *
 * The input is used three ways:
 *  1. as an object file: rb_object_open_buffer() (ELF, BTF, .BTF.ext, maps,
 *     programs, relocation records), then each program linked with fake
 *     map fds (subprograms, calls, relocations, func/line info);
 *  2. as the data area of a perf ring (records walked and reassembled);
 *  3. as the data area of a BPF ring buffer (mapped twice, as the kernel
 *     does).
 * Build and run: make fuzz FUZZ_SECONDS=60 */
#include <stdint.h>
#include <string.h>

#include "loader/kernel/kernel.h"
#include "loader/events/perf_ring.h"
#include "loader/events/ringbuf.h"

#define RING 4096

static void on_sample(void *ctx, int cpu, const void *data, uint32_t size)
{
	(void)ctx;
	(void)cpu;
	if (size)
		*(volatile uint8_t *)ctx = ((const uint8_t *)data)[size - 1];
}

static void on_lost(void *ctx, int cpu, uint64_t lost)
{
	(void)ctx;
	(void)cpu;
	(void)lost;
}

static void on_ring_sample(void *ctx, const void *data, uint32_t size)
{
	on_sample(ctx, 0, data, size);
}

static void fuzz_object(const uint8_t *data, size_t size)
{
	struct rb_object *obj;
	struct rb_error err;

	if (rb_object_open_buffer(&obj, "fuzz.o", data, size, NULL, &err))
		return;
	/* Fake fds, so linking applies map relocations; never closed. */
	for (size_t i = 0; i < obj->map_count; i++)
		obj->maps[i].fd = 1000 + (int)i;
	for (size_t i = 0; i < obj->program_count; i++) {
		struct rb_relocated linked;
		struct rb_btf_info info;
		if (rb_program_relocate(obj, &obj->programs[i], &linked, &err))
			continue;
		obj->btf_fd = 999; /* pretend BTF was loaded, to build func/line info */
		if (rb_btf_program_info(obj, &linked, &info, &err) == 0)
			rb_btf_info_free(&info);
		obj->btf_fd = -1;
		rb_relocated_free(&linked);
	}
	for (size_t i = 0; i < obj->map_count; i++)
		obj->maps[i].fd = -1;
	rb_object_close(obj);
}

static void fuzz_perf_ring(const uint8_t *data, size_t size)
{
	static struct perf_event_mmap_page meta;
	static uint8_t ring[RING], scratch[RING];
	uint8_t sink;
	struct rb_perf_ring r = { &meta, ring, RING, scratch, 0 };
	struct rb_error err;
	size_t n = size < RING ? size : RING;

	memset(ring, 0, sizeof(ring));
	memcpy(ring, data, n);
	meta.data_tail = 0;
	meta.data_head = n & ~(size_t)7;
	rb_perf_ring_consume(&r, on_sample, on_lost, &sink, &err);
}

static void fuzz_ringbuf(const uint8_t *data, size_t size)
{
	static uint8_t twice[2 * RING];
	static unsigned long consumer, producer;
	uint8_t sink;
	struct rb_ringbuf_area area = { &consumer, &producer, twice, RING, "fuzz" };
	struct rb_error err;
	size_t n = size < RING ? size : RING;

	memset(twice, 0, sizeof(twice));
	memcpy(twice, data, n);
	memcpy(twice + RING, twice, RING); /* the kernel maps the data twice */
	consumer = 0;
	producer = n & ~(size_t)7;
	rb_ringbuf_walk(&area, on_ring_sample, &sink, &err);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	fuzz_object(data, size);
	fuzz_perf_ring(data, size);
	fuzz_ringbuf(data, size);
	return 0;
}
