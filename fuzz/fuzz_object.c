/* libFuzzer target: everything rawbpf parses without the kernel.
 *
 * The input is used four ways:
 *  1. as an object file: rb_object_open_buffer() (ELF, BTF, .BTF.ext, maps,
 *     programs, relocation records), its CO-RE records worked out against
 *     its own BTF, then each program linked with fake map fds (subprograms,
 *     calls, relocations, CO-RE patching, func/line info);
 *  2. as the data area of a perf ring (records walked and reassembled);
 *  3. as the data area of a BPF ring buffer (mapped twice, as the kernel
 *     does);
 *  4. as a gzip file and as a raw DEFLATE stream (elf/inflate.c), and as
 *     kernel config text (elf/kconfig.c), itself and what it inflates to;
 *  5. as an executable with USDT notes (elf/usdt_notes.c, usdt_args.c).
 * Build and run: make fuzz FUZZ_SECONDS=60 (the seeds include the gzip
 * fixtures of tests/unit/inflate/). */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "elf/inflate.h"
#include "elf/kconfig.h"
#include "elf/usdt.h"
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

/* CO-RE against the object's own BTF as the target (no kernel needed):
 * every record computed, as rb_object_load() would; NULL when there are
 * none or one fails. */
static struct rb_core_result *fuzz_core(struct rb_object *obj)
{
	struct rb_core_ctx ctx = { .local = obj->btf, .main = { obj->btf, "fuzz.o" } };
	struct rb_core_result *res;
	struct rb_error err;

	if (!obj->btf || !obj->core_reloc_count)
		return NULL;
	res = calloc(obj->core_reloc_count, sizeof(*res));
	for (size_t i = 0; res && i < obj->core_reloc_count; i++)
		if (rb_core_calc(&ctx, &obj->core_recs[i], &res[i], &err)) {
			free(res);
			res = NULL;
		}
	rb_core_ctx_free(&ctx);
	return res;
}

static void fuzz_object(const uint8_t *data, size_t size)
{
	struct rb_object *obj;
	struct rb_core_result *core;
	struct rb_error err;

	if (rb_object_open_buffer(&obj, "fuzz.o", data, size, NULL, &err))
		return;
	core = fuzz_core(obj);
	/* Fake fds, so linking applies map relocations; never closed. */
	for (size_t i = 0; i < obj->map_count; i++)
		obj->maps[i].fd = 1000 + (int)i;
	for (size_t i = 0; i < obj->program_count; i++) {
		struct rb_relocated linked;
		struct rb_btf_info info;
		if (rb_program_relocate_core(obj, &obj->programs[i], core, &linked, &err))
			continue;
		obj->btf_fd = 999; /* pretend BTF was loaded, to build func/line info */
		if (rb_btf_program_info(obj, &linked, &info, &err) == 0)
			rb_btf_info_free(&info);
		obj->btf_fd = -1;
		rb_relocated_free(&linked);
	}
	for (size_t i = 0; i < obj->map_count; i++)
		obj->maps[i].fd = -1;
	free(core);
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

/* A few names, looked up in the text as a config; strings unescaped. */
static void fuzz_kconfig_text(const uint8_t *text, size_t size)
{
	static const char *const names[] = { "CONFIG_A", "CONFIG_BPF", "A" };
	struct kconfig_value v;
	struct rb_error err;
	char buf[16];

	for (size_t i = 0; i < sizeof(names) / sizeof(names[0]); i++)
		if (kconfig_find("fuzz", (const char *)text, size, names[i], &v, &err) == 1)
			kconfig_string(&v, buf, sizeof(buf));
}

/* 1 MiB of output at most: enough for every path, quick for the fuzzer */
#define FUZZ_INFLATE_MAX ((size_t)1 << 20)

static void fuzz_inflate(const uint8_t *data, size_t size)
{
	struct rb_error err;
	uint8_t *out;
	size_t out_size, end;

	if (inflate_gzip("fuzz.gz", data, size, FUZZ_INFLATE_MAX, &out, &out_size, &err) == 0) {
		fuzz_kconfig_text(out, out_size);
		free(out);
	}
	if (inflate_raw("fuzz", data, size, 0, FUZZ_INFLATE_MAX, &out, &out_size, &end,
			&err) == 0)
		free(out);
	fuzz_kconfig_text(data, size);
}

/* As an executable or library: its USDT notes, and each site's arguments
 * (elf/usdt_notes.c, elf/usdt_args.c). */
static void fuzz_usdt(const uint8_t *data, size_t size)
{
	struct elf_usdt_note *notes;
	struct elf_usdt_spec spec;
	struct elf_file elf;
	struct rb_error err;
	size_t count;

	if (elf_open(&elf, "fuzz", data, size, &err))
		return;
	if (elf_usdt_notes(&elf, &notes, &count, &err) == 0) {
		for (size_t i = 0; i < count; i++)
			elf_usdt_parse_args(&elf, &notes[i], &spec, &err);
		free(notes);
	}
	elf_close(&elf);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	fuzz_object(data, size);
	fuzz_usdt(data, size);
	fuzz_perf_ring(data, size);
	fuzz_ringbuf(data, size);
	fuzz_inflate(data, size);
	return 0;
}
