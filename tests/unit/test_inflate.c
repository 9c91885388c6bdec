/* DEFLATE and gzip decompression (elf/inflate.h).
 *
 * Known vectors: the fixtures of tests/unit/inflate/ (made by zlib, see its
 * README.md: every block type, every header field, empty input), files
 * over 64 KiB compressed by the system's gzip when the test runs, streams
 * written bit by bit (inflate/bits.c), and the running kernel's
 * /proc/config.gz. Each output is compared with `gzip -dc`'s, an
 * independent decoder. The decoder's fast paths each have a test that
 * breaks with them: codes at the very end of the input (where the table
 * lookup sees bits that are not input), copies on both sides of
 * distance == length (memcpy or byte by byte), codes of 10 to 15 bits
 * (past the table), and the CRC-32 by 8 bytes against one bit by bit.
 * Broken inputs: every truncation of the fixtures, bad CRC, ISIZE, magic
 * and header CRC, broken Huffman codes, distances past the start, output
 * over the maximum: each a clean error (run under SANITIZE=1 too: no read
 * past the input, no leak). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include <cmocka.h>

#include "elf/inflate.h"
#include "inflate/bits.h"

#define FIXTURES "tests/unit/inflate/"
#define MAX ((size_t)64 << 20)

struct blob {
	uint8_t *data;
	size_t size;
};

static struct blob read_file(const char *path)
{
	struct blob b = { NULL, 0 };
	FILE *f = fopen(path, "rb");
	size_t cap = 0, n;

	if (!f)
		fail_msg("cannot open %s", path);
	do {
		if (b.size == cap) {
			cap = cap ? cap * 2 : 4096;
			b.data = realloc(b.data, cap);
			assert_non_null(b.data);
		}
		n = fread(b.data + b.size, 1, cap - b.size, f);
		b.size += n;
	} while (n > 0);
	fclose(f);
	return b;
}

/* The standard output of a shell command, whole. */
static struct blob run(const char *cmd)
{
	struct blob b = { NULL, 0 };
	FILE *p = popen(cmd, "r");
	size_t cap = 0, n;

	if (!p)
		fail_msg("cannot run %s", cmd);
	do {
		if (b.size == cap) {
			cap = cap ? cap * 2 : 1 << 16;
			b.data = realloc(b.data, cap);
			assert_non_null(b.data);
		}
		n = fread(b.data + b.size, 1, cap - b.size, p);
		b.size += n;
	} while (n > 0);
	if (pclose(p) != 0)
		fail_msg("%s failed", cmd);
	return b;
}

/* Decompress or fail the test with the message. */
static struct blob gunzip(const char *name, const struct blob *in, size_t max)
{
	struct rb_error err = { 0 };
	struct blob out;

	if (inflate_gzip(name, in->data, in->size, max, &out.data, &out.size, &err))
		fail_msg("%s", err.msg);
	assert_int_equal(out.data[out.size], '\0'); /* one NUL past the end */
	return out;
}

static void assert_same(const struct blob *a, const struct blob *b)
{
	assert_int_equal(a->size, b->size);
	assert_memory_equal(a->data, b->data, a->size);
}

/* The error for in[size] (copied to a buffer of exactly that size, so
 * that ASan sees any read past it); fails the test unless it fails. */
static struct rb_error gunzip_error(const uint8_t *in, size_t size, size_t max)
{
	struct rb_error err = { 0 };
	uint8_t *copy = malloc(size ? size : 1), *out = (uint8_t *)&err;
	size_t out_size = 1;

	assert_non_null(copy);
	memcpy(copy, in, size);
	if (inflate_gzip("t.gz", copy, size, max, &out, &out_size, &err) == 0)
		fail_msg("%zu bytes: decompressed, but should fail", size);
	free(copy);
	assert_null(out);
	assert_int_equal(out_size, 0);
	assert_int_equal(err.kind, RB_ERR_INPUT);
	return err;
}

static void assert_gunzip_fails(const struct blob *in, const char *want)
{
	struct rb_error err = gunzip_error(in->data, in->size, MAX);

	if (!strstr(err.msg, want))
		fail_msg("message \"%s\" lacks \"%s\"", err.msg, want);
}

/* ---- Known vectors --------------------------------------------------------- */

static const char *const fixtures[] = {
	"empty.gz", "stored.gz", "fixed.gz", "dynamic.gz", "fields.gz", "mixed.gz",
};

static void fixtures_equal_gzip_output(void **state)
{
	static const size_t sizes[] = { 0, 243, 9672, 9672, 243, 9915 };

	(void)state;
	for (size_t i = 0; i < sizeof(fixtures) / sizeof(fixtures[0]); i++) {
		char path[256], cmd[300];
		struct blob in, out, want;

		snprintf(path, sizeof(path), FIXTURES "%s", fixtures[i]);
		snprintf(cmd, sizeof(cmd), "gzip -dc %s", path);
		in = read_file(path);
		out = gunzip(path, &in, MAX);
		want = run(cmd);
		assert_int_equal(out.size, sizes[i]);
		assert_same(&out, &want);
		free(in.data);
		free(out.data);
		free(want.data);
	}
}

/* The fixtures are what the README says: BTYPE is bits 1-2 of the first
 * byte after a 10-byte header without optional fields (RFC 1951 3.2.3). */
static void fixtures_have_each_block_type(void **state)
{
	static const struct {
		const char *file;
		unsigned btype;
	} want[] = { { "stored.gz", 0 }, { "fixed.gz", 1 }, { "dynamic.gz", 2 },
		     { "mixed.gz", 1 }, { "empty.gz", 1 } };

	(void)state;
	for (size_t i = 0; i < sizeof(want) / sizeof(want[0]); i++) {
		char path[256];
		struct blob in;

		snprintf(path, sizeof(path), FIXTURES "%s", want[i].file);
		in = read_file(path);
		assert_int_equal(in.data[3], 0); /* no optional field */
		assert_int_equal(in.data[10] >> 1 & 3, want[i].btype);
		free(in.data);
	}
}

static void empty_input_gives_empty_output(void **state)
{
	struct blob in = read_file(FIXTURES "empty.gz"), out;

	(void)state;
	out = gunzip("empty.gz", &in, 0); /* a maximum of 0 bytes is enough */
	assert_non_null(out.data);
	assert_int_equal(out.size, 0);
	free(out.data);
	free(in.data);
}

/* A deterministic file of `size` bytes: text-like random runs, copies
 * from exactly 32768 bytes back (the farthest a distance reaches), from
 * anywhere in the window, and long runs of one byte (matches of 258). */
static struct blob window_file(size_t size)
{
	struct blob b = { malloc(size), size };
	uint32_t x = 12345;
	size_t i = 0;

	assert_non_null(b.data);
#define NEXT() (x = x * 1103515245u + 12345u, x >> 16)
	while (i < size) {
		size_t len = 100 + NEXT() % 5000, back = 0;
		unsigned kind = i < 32768 ? 0 : NEXT() % 4;
		if (len > size - i)
			len = size - i;
		if (kind == 1)
			back = 32768;
		else if (kind == 2)
			back = 1 + NEXT() % 32768;
		for (size_t k = 0; k < len; k++, i++) {
			if (kind == 0)
				b.data[i] = (uint8_t)("abcdefgh \n"[NEXT() % 10]);
			else if (kind == 3)
				b.data[i] = (uint8_t)('A' + len % 26);
			else
				b.data[i] = b.data[i - back];
		}
	}
#undef NEXT
	return b;
}

static void write_file(const char *path, const struct blob *b)
{
	FILE *f = fopen(path, "wb");

	assert_non_null(f);
	assert_int_equal(fwrite(b->data, 1, b->size, f), b->size);
	assert_int_equal(fclose(f), 0);
}

/* Over 64 KiB, so the window (32 KiB) slides: gzip -1 and -9 of the
 * window file, and of random bytes (which zlib stores). */
static void large_files_from_gzip(void **state)
{
	char dir[] = "/tmp/rawbpf-inflate-XXXXXX", path[64], cmd[160];
	struct blob plain[2] = { window_file(300000), { malloc(100000), 100000 } };
	uint32_t x = 99;

	(void)state;
	assert_non_null(mkdtemp(dir));
	assert_non_null(plain[1].data);
	for (size_t i = 0; i < plain[1].size; i++)
		plain[1].data[i] = (uint8_t)((x = x * 1664525u + 1013904223u) >> 24);
	for (int f = 0; f < 2; f++) {
		snprintf(path, sizeof(path), "%s/plain", dir);
		write_file(path, &plain[f]);
		for (int level = 1; level <= 9; level += 8) {
			struct blob gz, out;

			snprintf(cmd, sizeof(cmd), "gzip -%d -c %s", level, path);
			gz = run(cmd);
			out = gunzip(cmd, &gz, MAX);
			assert_same(&out, &plain[f]);
			printf("%s: %zu -> %zu bytes\n", f ? "random bytes" : "window file", gz.size,
			       out.size);
			free(gz.data);
			free(out.data);
		}
		unlink(path);
		free(plain[f].data);
	}
	rmdir(dir);
}

/* The running kernel's config, where the kernel has one
 * (CONFIG_IKCONFIG_PROC): the reason rawbpf has an inflate at all. */
static void proc_config_gz(void **state)
{
	static const char head[] = "#\n# Automatically generated file";
	struct blob in, out, want;
	struct timespec t0, t1;

	(void)state;
	if (access("/proc/config.gz", R_OK) != 0)
		skip();
	in = read_file("/proc/config.gz");
	clock_gettime(CLOCK_MONOTONIC, &t0);
	out = gunzip("/proc/config.gz", &in, MAX);
	clock_gettime(CLOCK_MONOTONIC, &t1);
	printf("/proc/config.gz: %zu -> %zu bytes in %.2f ms\n", in.size, out.size,
	       (t1.tv_sec - t0.tv_sec) * 1e3 + (t1.tv_nsec - t0.tv_nsec) / 1e6);
	assert_true(out.size > sizeof(head));
	assert_memory_equal(out.data, head, sizeof(head) - 1);
	assert_non_null(strstr((char *)out.data, "\nCONFIG_BPF=y\n"));
	want = run("gzip -dc /proc/config.gz");
	assert_same(&out, &want);
	free(in.data);
	free(out.data);
	free(want.data);
}

/* ---- Streams written bit by bit ------------------------------------------ */

/* inflate_raw() on the stream; *msg is the message on failure. */
static int raw(struct bits *w, size_t max, struct blob *out, struct rb_error *err)
{
	size_t size = bits_align(w), end;
	uint8_t *copy = malloc(size ? size : 1);
	int ret;

	assert_non_null(copy);
	if (size) /* no buffer at all when nothing was written */
		memcpy(copy, w->buf, size);
	ret = inflate_raw("t", copy, size, 0, max, &out->data, &out->size, &end, err);
	if (ret == 0)
		assert_int_equal(end, size);
	else
		assert_null(out->data);
	free(copy);
	free(w->buf);
	*w = (struct bits){ 0 };
	return ret;
}

static void assert_raw_gives(struct bits *w, const char *want, size_t want_size)
{
	struct rb_error err = { 0 };
	struct blob out;

	if (raw(w, MAX, &out, &err))
		fail_msg("%s", err.msg);
	assert_int_equal(out.size, want_size);
	assert_memory_equal(out.data, want, want_size);
	free(out.data);
}

/* The message for a stream that must fail: it contains `want`. */
static void assert_raw_fails(struct bits *w, const char *want)
{
	struct rb_error err = { 0 };
	struct blob out;

	if (raw(w, MAX, &out, &err) == 0)
		fail_msg("decompressed, but should fail with \"%s\"", want);
	assert_int_equal(err.kind, RB_ERR_INPUT);
	if (!strstr(err.msg, want))
		fail_msg("message \"%s\" lacks \"%s\"", err.msg, want);
}

static void fixed_block_header(struct bits *w)
{
	bits_put(w, 1, 1); /* BFINAL */
	bits_put(w, 1, 2); /* BTYPE 1: fixed codes */
}

/* "ab", then copy 4 from 2 back: the copy overlaps what it writes. */
static void handmade_fixed_overlapping_copy(void **state)
{
	struct bits w = { 0 };

	(void)state;
	fixed_block_header(&w);
	bits_fixed_litlen(&w, 'a');
	bits_fixed_litlen(&w, 'b');
	bits_fixed_litlen(&w, 258); /* length 4 */
	bits_fixed_dist(&w, 1);	    /* distance 2 */
	bits_fixed_litlen(&w, 256);
	assert_raw_gives(&w, "ababab", 6);
}

/* Stored blocks of 65535 bytes (the most LEN holds) and more than 64 KiB
 * in all; a block need not be final to be followed by the final one. */
static void handmade_stored_blocks_over_64k(void **state)
{
	static const unsigned lens[] = { 65535, 0, 65535, 1000 };
	char *want = malloc(65535 * 2 + 1000);
	struct bits w = { 0 };
	size_t n = 0;

	(void)state;
	assert_non_null(want);
	for (size_t b = 0; b < 4; b++) {
		bits_put(&w, b == 3, 1);
		bits_put(&w, 0, 2);
		bits_align(&w);
		bits_put(&w, lens[b], 16);
		bits_put(&w, ~lens[b] & 0xffff, 16);
		for (unsigned i = 0; i < lens[b]; i++, n++) {
			want[n] = (char)(n * 7 + n / 251);
			bits_put(&w, (uint8_t)want[n], 8);
		}
	}
	assert_raw_gives(&w, want, n);
	free(want);
}

/* A dynamic block this test's own encoder wrote: literals, a length with
 * extra bits, and a distance code of one 1-bit code (allowed; the other
 * bit is invalid). */
static void handmade_dynamic_block(void **state)
{
	uint8_t lit[266] = { 0 }, dist[1] = { 1 };
	uint16_t code[266];
	struct bits w = { 0 };

	(void)state;
	lit['x'] = 2;
	lit['y'] = 2;
	lit[256] = 2;
	lit[265] = 2; /* lengths 11..12: one extra bit */
	bits_canonical(lit, 266, code);
	bits_dynamic_header(&w, 1, lit, 266, dist, 1);
	bits_code(&w, code['x'], 2);
	bits_code(&w, code['y'], 2);
	bits_code(&w, code[265], 2);
	bits_put(&w, 1, 1);   /* length 12 */
	bits_code(&w, 0, 1);  /* distance symbol 0: distance 1 */
	bits_code(&w, code[256], 2);
	assert_raw_gives(&w, "xyyyyyyyyyyyyy", 14);

	bits_dynamic_header(&w, 1, lit, 266, dist, 1);
	bits_code(&w, code['x'], 2);
	bits_code(&w, code[265], 2);
	bits_put(&w, 0, 1);
	bits_code(&w, 1, 1); /* the bit pattern no distance has */
	assert_raw_fails(&w, "bit offset 1147 (byte 143): invalid distance code: no symbol has "
			 "this code");
}

static void broken_blocks(void **state)
{
	struct bits w = { 0 };

	(void)state;
	assert_raw_fails(&w, "t: deflate: bit offset 0 (byte 0): truncated: the input ends "
			 "inside a block header"); /* no byte at all */

	bits_put(&w, 1, 1);
	bits_put(&w, 3, 2);
	assert_raw_fails(&w, "bit offset 0 (byte 0): block type 3, which is reserved");

	bits_put(&w, 1, 3);
	bits_align(&w);
	bits_put(&w, 5, 16);
	bits_put(&w, 5, 16);
	assert_raw_fails(&w, "LEN 0x0005 and NLEN 0x0005 are not each other's one's complement");

	bits_put(&w, 1, 3);
	bits_align(&w);
	bits_put(&w, 5, 16);
	bits_put(&w, ~5u & 0xffff, 16);
	bits_put(&w, 'a', 8);
	assert_raw_fails(&w, "truncated: a stored block of 5 bytes, but only 1 follow");

	/* a back reference before anything was written */
	fixed_block_header(&w);
	bits_fixed_litlen(&w, 257);
	bits_fixed_dist(&w, 0);
	assert_raw_fails(&w, "bit offset 10 (byte 1): distance 1 goes back past the start of "
			 "the output (0 bytes so far)");

	fixed_block_header(&w);
	bits_fixed_litlen(&w, 'a');
	bits_fixed_litlen(&w, 257);
	bits_fixed_dist(&w, 1);
	assert_raw_fails(&w, "distance 2 goes back past the start of the output (1 bytes so far)");

	/* symbols the fixed codes have but DEFLATE does not */
	fixed_block_header(&w);
	bits_fixed_litlen(&w, 'a');
	bits_fixed_litlen(&w, 257);
	bits_fixed_dist(&w, 30);
	assert_raw_fails(&w, "t: deflate: bit offset 18 (byte 2): invalid distance code 30");

	fixed_block_header(&w);
	bits_fixed_litlen(&w, 286);
	assert_raw_fails(&w, "bit offset 3 (byte 0): invalid length code 286");

	/* the final block's end is missing */
	fixed_block_header(&w);
	bits_fixed_litlen(&w, 'a');
	assert_raw_fails(&w, "truncated: the input ends inside a literal/length code");

	/* a non-final block and nothing after it: the zero bits that pad its
	 * last byte read as the next block's header, a stored block */
	bits_put(&w, 0, 1);
	bits_put(&w, 1, 2);
	bits_fixed_litlen(&w, 256);
	assert_raw_fails(&w, "bit offset 16 (byte 2): truncated: the input ends inside a stored "
			 "block's LEN and NLEN");
}

/* A dynamic header whose code length code is given raw: HCLEN + 4 lengths
 * in the RFC's order (16, 17, 18, 0, 8, ...). */
static void codelen_header(struct bits *w, unsigned hlit, unsigned hdist, const uint8_t *lens,
			   unsigned n)
{
	bits_put(w, 1, 1);
	bits_put(w, 2, 2);
	bits_put(w, hlit, 5);
	bits_put(w, hdist, 5);
	bits_put(w, n - 4, 4);
	for (unsigned i = 0; i < n; i++)
		bits_put(w, lens[i], 3);
}

static void broken_huffman_codes(void **state)
{
	static const uint8_t four_ones[4] = { 1, 1, 1, 1 }; /* 16, 17, 18, 0 */
	static const uint8_t one_code[4] = { 0, 0, 0, 1 };  /* only 0, 1 bit */
	/* 8: '0', then 0: '10', 16: '11' */
	static const uint8_t with_16[5] = { 2, 0, 0, 2, 1 };
	uint8_t lit[286] = { 0 }, dist[30] = { 0 };
	struct bits w = { 0 };

	(void)state;
	codelen_header(&w, 0, 0, four_ones, 4);
	/* offsets name the dynamic header, after the block's 3 bits */
	assert_raw_fails(&w, "bit offset 3 (byte 0): the code length code is oversubscribed: its "
			 "lengths ask for more codes of at most 1 bit than there are");
	/* one 1-bit code is fine for distances, not for the code length code */
	codelen_header(&w, 0, 0, one_code, 4);
	assert_raw_fails(&w, "the code length code is incomplete");

	codelen_header(&w, 30, 0, one_code, 4);
	assert_raw_fails(&w, "HLIT declares 287 literal/length codes, more than the 286");
	codelen_header(&w, 0, 30, one_code, 4);
	assert_raw_fails(&w, "HDIST declares 31 distance codes, more than the 30");

	codelen_header(&w, 0, 0, with_16, 5);
	bits_code(&w, 3, 2);
	assert_raw_fails(&w, "bit offset 32 (byte 4): code length 16 repeats the previous length, "
			 "but there is none yet");
	codelen_header(&w, 0, 0, with_16, 5);
	for (int i = 0; i < 257; i++)
		bits_code(&w, 0, 1); /* length 8 */
	bits_code(&w, 3, 2);	 /* 16: repeat 3..6 times */
	bits_put(&w, 0, 2);
	assert_raw_fails(&w, "code length 16 repeats 3 times, past the 258 lengths the header "
			 "declares");

	memset(lit, 8, 257); /* 257 codes of 8 bits: only 256 exist */
	dist[0] = 1;
	bits_dynamic_header(&w, 1, lit, 257, dist, 1);
	assert_raw_fails(&w, "the literal/length code is oversubscribed: its lengths ask for more "
			 "codes of at most 8 bits than there are");

	memset(lit, 0, sizeof(lit));
	lit['a'] = 2;
	lit[256] = 2;
	bits_dynamic_header(&w, 1, lit, 257, dist, 1);
	assert_raw_fails(&w, "the literal/length code is incomplete");

	lit[256] = 0;
	lit['a'] = 1;
	lit['b'] = 1;
	bits_dynamic_header(&w, 1, lit, 257, dist, 1);
	assert_raw_fails(&w, "the block has no code for end of block (symbol 256)");

	lit['a'] = 1;
	lit['b'] = 0;
	lit[256] = 2;
	lit[257] = 2;
	dist[0] = 2;
	dist[1] = 2;
	bits_dynamic_header(&w, 1, lit, 258, dist, 3);
	assert_raw_fails(&w, "the distance code is incomplete");

	/* no distance code: fine until a length needs one */
	dist[0] = dist[1] = 0;
	bits_dynamic_header(&w, 1, lit, 258, dist, 1);
	bits_code(&w, 0, 1);  /* 'a' */
	bits_code(&w, 3, 2);  /* 257 */
	assert_raw_fails(&w, "the data needs a distance code, but the block defines none");
	bits_dynamic_header(&w, 1, lit, 258, dist, 1);
	bits_code(&w, 0, 1);
	bits_code(&w, 2, 2);
	assert_raw_gives(&w, "a", 1);
}

/* ---- gzip's wrapper ---------------------------------------------------------- */

static struct blob fixture(const char *name)
{
	char path[256];

	snprintf(path, sizeof(path), FIXTURES "%s", name);
	return read_file(path);
}

static void header_fields(void **state)
{
	struct blob in = fixture("fields.gz"), out;

	(void)state;
	assert_int_equal(in.data[3], 0x1f); /* FTEXT FHCRC FEXTRA FNAME FCOMMENT */
	out = gunzip("fields.gz", &in, MAX);
	assert_int_equal(out.size, 243);
	free(out.data);
	/* the file name's first byte: the header's CRC16 no longer matches */
	in.data[10 + 2 + 8]++;
	assert_gunzip_fails(&in, "t.gz: gzip: byte 59: the header's CRC16 is 0x");
	in.data[10 + 2 + 8]--;
	in.data[3] |= 0x20;
	assert_gunzip_fails(&in, "t.gz: gzip: byte 3: reserved flag bits set (flags 0x3f)");
	free(in.data);
}

static void broken_wrapper(void **state)
{
	struct blob in = fixture("stored.gz"), two;

	(void)state;
	in.data[0] = 0x1e;
	assert_gunzip_fails(&in, "t.gz: gzip: byte 0: not gzip data: it does not start with the "
			    "magic bytes 1f 8b");
	in.data[0] = 0x1f;
	in.data[2] = 7;
	assert_gunzip_fails(&in, "byte 2: compression method 7, not 8 (deflate)");
	in.data[2] = 8;

	/* the stored bytes start after the header (10) and LEN, NLEN (1 + 4):
	 * one changed still decodes, and the CRC catches it */
	in.data[15] ^= 1;
	assert_gunzip_fails(&in, "the trailer's CRC-32 is 0x");
	assert_gunzip_fails(&in, "the data is corrupt");
	in.data[15] ^= 1;
	in.data[in.size - 8] ^= 0x80;
	assert_gunzip_fails(&in, "the trailer's CRC-32 is 0x");
	in.data[in.size - 8] ^= 0x80;
	in.data[in.size - 4]++;
	assert_gunzip_fails(&in, "the trailer's size (ISIZE) is 244, but the data decompressed to "
			    "243 bytes");
	in.data[in.size - 4]--;

	/* two members, and trailing bytes */
	two.size = 2 * in.size;
	two.data = malloc(two.size);
	assert_non_null(two.data);
	memcpy(two.data, in.data, in.size);
	memcpy(two.data + in.size, in.data, in.size);
	assert_gunzip_fails(&two, "byte 266: a second gzip member starts here (gzip files joined "
			    "together): only one member is read");
	two.data[in.size] = 0;
	assert_gunzip_fails(&two, "byte 266: 266 bytes of data after the end of the gzip member");
	free(two.data);
	free(in.data);
}

/* Every prefix of every fixture is refused, never read past its end. */
static void truncated_at_every_byte(void **state)
{
	(void)state;
	for (size_t f = 0; f < sizeof(fixtures) / sizeof(fixtures[0]); f++) {
		struct blob in = fixture(fixtures[f]);

		for (size_t n = 0; n < in.size; n++) {
			struct rb_error err = gunzip_error(in.data, n, MAX);
			const char *want = n < 2 ? "not gzip data" : "truncated";

			if (!strstr(err.msg, want))
				fail_msg("%s cut at %zu: \"%s\" lacks \"%s\"", fixtures[f], n,
					 err.msg, want);
		}
		free(in.data);
	}
}

static void output_over_the_maximum(void **state)
{
	struct blob in = fixture("dynamic.gz"), out;
	struct rb_error err;
	struct bits w = { 0 };

	(void)state;
	err = gunzip_error(in.data, in.size, 9671);
	assert_non_null(strstr(err.msg, "the output would be more than 9671 bytes, the most "
				       "allowed here"));
	out = gunzip("dynamic.gz", &in, 9672);
	assert_int_equal(out.size, 9672);
	free(out.data);
	free(in.data);

	/* A bomb: one zero byte, then 100000 copies of 258 bytes from 1 back,
	 * 13 bits each: 163 KB that would be 25 MB. The decoder stops at the
	 * first copy past 1 MiB, having allocated no more than that. */
	fixed_block_header(&w);
	bits_fixed_litlen(&w, 0);
	for (int i = 0; i < 100000; i++) {
		bits_fixed_litlen(&w, 285);
		bits_fixed_dist(&w, 0);
	}
	bits_fixed_litlen(&w, 256);
	assert_int_not_equal(raw(&w, 1 << 20, &out, &err), 0);
	/* 1 + 258 * 4064 bytes fit; copy 4065 starts at bit 3 + 8 + 13 * 4064 */
	assert_string_equal(err.msg, "t: deflate: bit offset 52843 (byte 6605): the output would "
			    "be more than 1048576 bytes, the most allowed here (a "
			    "decompression bomb?)");
}

/* ---- The fast paths (table decoding, memcpy copies, CRC by 8 bytes) --------- */

/* inflate_raw() on bytes 0..n-1 of buf, copied to a buffer of exactly n
 * bytes (ASan then sees a read past them): it must fail with `want`. */
static void assert_prefix_fails(const uint8_t *buf, size_t n, const char *want)
{
	uint8_t *copy = malloc(n ? n : 1), *out = NULL;
	struct rb_error err = { 0 };
	size_t out_size = 0, end = 0;

	assert_non_null(copy);
	memcpy(copy, buf, n);
	if (inflate_raw("t", copy, n, 0, MAX, &out, &out_size, &end, &err) == 0)
		fail_msg("%zu bytes: decompressed %zu bytes, but should fail", n, out_size);
	free(copy);
	assert_null(out);
	if (!strstr(err.msg, want))
		fail_msg("%zu bytes: message \"%s\" lacks \"%s\"", n, err.msg, want);
}

/* The decoder reads 4 bytes at once and looks codes of up to 9 bits up
 * in a table indexed by the next 9 bits; near the end of the input some
 * of those bits are zeros that are not input. A code may end exactly at
 * the input's end; a code completed by the made-up zeros must not be
 * taken (in the fixed code, end of block is 7 zero bits). */
static void codes_at_the_end_of_input(void **state)
{
	struct bits w = { 0 };
	char want[8];

	(void)state;
	/* 3 + 6 * 9 + 7 = 64 bits: end of block fills the 8th byte's last 7
	 * bits, fewer than the table's 9 */
	fixed_block_header(&w);
	for (unsigned i = 0; i < 6; i++) {
		want[i] = (char)(0x90 + i); /* 9-bit literals */
		bits_fixed_litlen(&w, 0x90 + i);
	}
	bits_fixed_litlen(&w, 256);
	assert_int_equal(w.nbits, 64);
	assert_raw_gives(&w, want, 6);

	/* The header and `nine` 9-bit literals, no end of block: the last
	 * byte's r = 0..7 zero bits of padding. 7 zero bits are input and
	 * are end of block; fewer are a truncated code. */
	for (unsigned nine = 0; nine < 8; nine++) {
		unsigned bits = 3 + 9 * nine, r = (8 - bits % 8) % 8;

		fixed_block_header(&w);
		for (unsigned i = 0; i < nine; i++) {
			want[i] = (char)(0x90 + i);
			bits_fixed_litlen(&w, 0x90 + i);
		}
		if (r == 7) {
			assert_raw_gives(&w, want, nine);
		} else {
			size_t size = bits_align(&w);

			assert_prefix_fails(w.buf, size, "truncated: the input ends inside a "
					    "literal/length code");
			free(w.buf);
			w = (struct bits){ 0 };
		}
	}
}

/* Lengths 3..258 and distances 1..32768 as symbol + extra bits (RFC 1951
 * 3.2.5), for the test's own encoder. */
static const uint16_t len_base[29] = {
	3, 4, 5, 6, 7, 8, 9, 10, 11, 13, 15, 17, 19, 23, 27, 31,
	35, 43, 51, 59, 67, 83, 99, 115, 131, 163, 195, 227, 258,
};
static const uint8_t len_extra[29] = {
	0, 0, 0, 0, 0, 0, 0, 0, 1, 1, 1, 1, 2, 2, 2, 2, 3, 3, 3, 3, 4, 4, 4, 4, 5, 5, 5, 5, 0,
};
static const uint16_t dist_base[30] = {
	1, 2, 3, 4, 5, 7, 9, 13, 17, 25, 33, 49, 65, 97, 129,
	193, 257, 385, 513, 769, 1025, 1537, 2049, 3073, 4097, 6145, 8193, 12289, 16385, 24577,
};
static const uint8_t dist_extra[30] = {
	0, 0, 0, 0, 1, 1, 2, 2, 3, 3, 4, 4, 5, 5, 6, 6, 7, 7, 8, 8, 9, 9, 10, 10, 11, 11, 12, 12, 13, 13,
};

static void fixed_copy(struct bits *w, unsigned length, unsigned distance)
{
	unsigned l = 28, d = 29;

	while (len_base[l] > length)
		l--;
	while (dist_base[d] > distance)
		d--;
	bits_fixed_litlen(w, 257 + l);
	bits_put(w, length - len_base[l], len_extra[l]);
	bits_fixed_dist(w, d);
	bits_put(w, distance - dist_base[d], dist_extra[d]);
}

/* Copies on both sides of distance == length (memcpy when the source ends
 * before the destination starts, byte by byte when they overlap), the
 * shortest and longest of each: 32768 bytes of a stored block, then one
 * copy and a literal, checked against a byte-by-byte copy. */
static void copies_around_distance_equal_length(void **state)
{
	static const unsigned lengths[] = { 3, 4, 5, 257, 258 };
	static const unsigned distances[] = { 1, 2, 3, 4, 5, 6, 256, 257, 258, 259, 32768 };
	enum { PREFIX = 32768 };
	uint8_t *want = malloc(PREFIX + 258 + 1);

	(void)state;
	assert_non_null(want);
	for (size_t i = 0; i < PREFIX; i++)
		want[i] = (uint8_t)(i * 131 + i / 256 * 7 + 1);
	for (size_t l = 0; l < sizeof(lengths) / sizeof(lengths[0]); l++)
		for (size_t d = 0; d < sizeof(distances) / sizeof(distances[0]); d++) {
			unsigned length = lengths[l], distance = distances[d];
			struct bits w = { 0 };

			bits_put(&w, 0, 1); /* a stored block, not final */
			bits_put(&w, 0, 2);
			bits_align(&w);
			bits_put(&w, PREFIX, 16);
			bits_put(&w, ~(unsigned)PREFIX & 0xffff, 16);
			for (size_t i = 0; i < PREFIX; i++)
				bits_put(&w, want[i], 8);
			fixed_block_header(&w);
			fixed_copy(&w, length, distance);
			bits_fixed_litlen(&w, '!');
			bits_fixed_litlen(&w, 256);
			for (unsigned i = 0; i < length; i++)
				want[PREFIX + i] = want[PREFIX + i - distance];
			want[PREFIX + length] = '!';
			assert_raw_gives(&w, (const char *)want, PREFIX + length + 1);
		}
	free(want);
}

/* A dynamic block whose codes are 1 to 15 bits long: literals 'a'..'n'
 * get 1..14 bits, end of block and length symbol 257 (3) 15 each; the
 * distance symbols 0..15 likewise 1..15, 15 (complete codes: 2^-1 + ...
 * + 2^-14 + 2 * 2^-15 = 1). Codes over 9 bits miss the table and are read
 * bit by bit; the stream ends with a 15-bit end of block exactly at the
 * end of its last byte. Every truncation is refused. */
static void codes_longer_than_the_table(void **state)
{
	uint8_t lit[258] = { 0 }, dist[16];
	uint16_t lit_code[258], dist_code[16];
	uint8_t want[4096];
	size_t n = 0, size;
	unsigned seed = 12345;
	struct bits w = { 0 };
	uint8_t *stream;

	(void)state;
	for (unsigned i = 0; i < 14; i++)
		lit['a' + i] = (uint8_t)(i + 1);
	lit[256] = 15;
	lit[257] = 15;
	for (unsigned i = 0; i < 16; i++)
		dist[i] = (uint8_t)(i < 15 ? i + 1 : 15);
	bits_canonical(lit, 258, lit_code);
	bits_canonical(dist, 16, dist_code);
	bits_dynamic_header(&w, 1, lit, 258, dist, 16);
	/* every literal, in a pseudo-random order, then copies of 3 from
	 * every distance symbol (all have at least 193 + 63 bytes behind) */
	while (n < 600) {
		unsigned c;

		seed = seed * 1103515245u + 12345u;
		c = seed >> 16 & 15;
		c = c < 14 ? c : seed >> 20 & 7; /* favour 'a'..'h' a bit */
		want[n++] = (uint8_t)('a' + c);
		bits_code(&w, lit_code['a' + c], lit['a' + c]);
	}
	for (unsigned d = 0; d < 16; d++) {
		unsigned distance = dist_base[d] + (d < 4 ? 0 : (1u << dist_extra[d]) - 1);

		bits_code(&w, lit_code[257], 15);
		bits_code(&w, dist_code[d], dist[d]);
		bits_put(&w, distance - dist_base[d], dist_extra[d]);
		for (unsigned i = 0; i < 3; i++, n++)
			want[n] = want[n - distance];
	}
	/* 'a' (1 bit) until end of block ends on a byte boundary */
	while ((w.nbits + 15) % 8) {
		want[n++] = 'a';
		bits_code(&w, lit_code['a'], 1);
	}
	bits_code(&w, lit_code[256], 15);
	size = bits_align(&w);
	stream = malloc(size);
	assert_non_null(stream);
	memcpy(stream, w.buf, size);
	assert_raw_gives(&w, (const char *)want, n);
	for (size_t cut = 0; cut < size; cut++)
		assert_prefix_fails(stream, cut, "truncated");
	free(stream);
}

/* CRC-32 bit by bit, as RFC 1952 section 8 defines it: an independent
 * check of the table-driven one, which goes 8 bytes at a time. */
static uint32_t crc32_bitwise(const uint8_t *p, size_t n)
{
	uint32_t c = 0xffffffffu;

	for (size_t i = 0; i < n; i++) {
		c ^= p[i];
		for (int k = 0; k < 8; k++)
			c = c & 1 ? 0xEDB88320u ^ (c >> 1) : c >> 1;
	}
	return c ^ 0xffffffffu;
}

/* gzip members of stored blocks, for sizes around the 8-byte steps: the
 * right CRC-32 is accepted, and one off by a bit is refused with the
 * bitwise CRC in the message. */
static void crc32_of_every_length_class(void **state)
{
	static const size_t sizes[] = { 0, 1, 7, 8, 9, 15, 16, 1023, 1024, 1031, 70001 };
	uint8_t *data = malloc(70001);

	(void)state;
	assert_non_null(data);
	for (size_t i = 0; i < 70001; i++)
		data[i] = (uint8_t)(i * 2654435761u >> 13);
	for (size_t k = 0; k < sizeof(sizes) / sizeof(sizes[0]); k++) {
		size_t size = sizes[k], done = 0;
		uint32_t crc = crc32_bitwise(data, size);
		struct bits w = { 0 };
		struct blob in, out;
		struct rb_error err;
		char want[128];

		for (unsigned i = 0; i < 10; i++) /* ID1 ID2 CM FLG MTIME XFL OS */
			bits_put(&w, (uint8_t[]){ 0x1f, 0x8b, 8, 0, 0, 0, 0, 0, 0, 3 }[i], 8);
		do { /* stored blocks of at most 65535 bytes */
			size_t len = size - done < 65535 ? size - done : 65535;

			bits_put(&w, done + len == size, 1);
			bits_put(&w, 0, 2);
			bits_align(&w);
			bits_put(&w, (unsigned)len, 16);
			bits_put(&w, ~(unsigned)len & 0xffff, 16);
			for (size_t i = 0; i < len; i++)
				bits_put(&w, data[done + i], 8);
			done += len;
		} while (done < size);
		bits_put(&w, crc & 0xffff, 16);
		bits_put(&w, crc >> 16, 16);
		bits_put(&w, (unsigned)size & 0xffff, 16);
		bits_put(&w, (unsigned)(size >> 16), 16);
		in.size = bits_align(&w);
		in.data = w.buf;
		out = gunzip("t.gz", &in, MAX);
		assert_int_equal(out.size, size);
		assert_memory_equal(out.data, data, size);
		free(out.data);

		in.data[in.size - 8] ^= 1; /* the CRC's lowest bit */
		err = gunzip_error(in.data, in.size, MAX);
		snprintf(want, sizeof(want), "the decompressed data's is 0x%08x", crc);
		if (!strstr(err.msg, want))
			fail_msg("%zu bytes: message \"%s\" lacks \"%s\"", size, err.msg, want);
		free(in.data);
	}
	free(data);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(fixtures_equal_gzip_output),
		cmocka_unit_test(fixtures_have_each_block_type),
		cmocka_unit_test(empty_input_gives_empty_output),
		cmocka_unit_test(large_files_from_gzip),
		cmocka_unit_test(proc_config_gz),
		cmocka_unit_test(handmade_fixed_overlapping_copy),
		cmocka_unit_test(handmade_stored_blocks_over_64k),
		cmocka_unit_test(handmade_dynamic_block),
		cmocka_unit_test(broken_blocks),
		cmocka_unit_test(broken_huffman_codes),
		cmocka_unit_test(header_fields),
		cmocka_unit_test(broken_wrapper),
		cmocka_unit_test(truncated_at_every_byte),
		cmocka_unit_test(output_over_the_maximum),
		cmocka_unit_test(codes_at_the_end_of_input),
		cmocka_unit_test(copies_around_distance_equal_length),
		cmocka_unit_test(codes_longer_than_the_table),
		cmocka_unit_test(crc32_of_every_length_class),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
