/* DEFLATE (RFC 1951) and gzip (RFC 1952) decompression. See inflate.h.
 *
 * DEFLATE in one page (section numbers are RFC 1951's):
 *
 *  - The compressed data is a sequence of blocks (3.2.3). Each starts with
 *    3 bits: BFINAL (1 on the last block) and BTYPE: 0 stored (the bytes
 *    as they are), 1 compressed with the fixed Huffman codes, 2 compressed
 *    with codes the block describes first ("dynamic"); 3 is reserved.
 *
 *  - Compressed blocks hold LZ77 data (1.3, 3.2.5): a literal byte, or a
 *    back reference "copy `length` bytes (3..258) starting `distance`
 *    bytes (1..32768) back in the output". Only the last 32 KiB of output
 *    can be referred to (the "window"); here the window is simply the
 *    output buffer, which is kept whole anyway.
 *
 *  - Literals and lengths share one alphabet of symbols (0..255 literal
 *    bytes, 256 end of block, 257..285 lengths); distances have their own
 *    (0..29). A length or distance symbol stands for a range: a base value
 *    plus some extra bits, read raw right after the symbol (tables below).
 *
 *  - Symbols are written with Huffman codes: prefix codes, where frequent
 *    symbols get short codes. DEFLATE uses canonical codes (3.2.2): a
 *    code is fully determined by each symbol's code length, so a block
 *    only has to send the lengths. The lengths themselves are compressed
 *    with a third, small Huffman code (3.2.7).
 *
 *  - Bits are read from each byte starting with its least significant bit
 *    (3.1.1). Numbers (BTYPE, extra bits, lengths) are packed least
 *    significant bit first; Huffman codes most significant bit first.
 *
 * gzip (RFC 1952) wraps one DEFLATE stream with a 10-byte header, optional
 * fields, and a trailer holding the CRC-32 and the length of the output.
 *
 * Decoding has four speed-ups, each a few lines (below): codes of up to
 * 9 bits, most of them, by one table lookup (longer ones a bit at a time
 * through the canonical code); input read 4 bytes at a time; back
 * references that do not overlap copied by memcpy; the CRC-32 taken 8
 * bytes at a time. On a kernel's config (/proc/config.gz: 24 KB in,
 * 100 KB out; read once per load with __kconfig externs) inflate_gzip()
 * takes 0.49 ms (205 MB/s out), zlib's inflate() with its CRC 0.44 ms
 * (232 MB/s); bit by bit, without the tables, it took 1.34 ms. (Medians
 * of 9 runs, each the mean of 300 calls, this thread's CPU time, gcc -O2,
 * a 2-CPU VM; make bench measures it again, section 5b, with
 * bench/inflate_bench.c.)
 * No recursion; no state outside the call. */
#include "inflate.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define MAX_BITS 15	  /* no Huffman code is longer (3.2.7) */
#define LITLEN_CODES 288  /* literal/length symbols in the fixed code (3.2.6) */
#define DIST_CODES 32	  /* distance symbols in the fixed code */
#define CODELEN_CODES 19  /* code length symbols (3.2.7) */
#define MAX_LITLEN 286	  /* the most a dynamic block may declare: 257 + 29 */
#define MAX_DIST 30	  /* likewise for distances */
#define END_OF_BLOCK 256

/* A canonical Huffman code (3.2.2), in the form decoding needs: how many
 * codes there are of each length, and the symbols in code order (by
 * length, then by symbol value). Within one length the codes are
 * consecutive integers, and the first code of a length follows the last
 * one of the length before, shifted left by one bit. So for lengths
 * A:2 B:1 C:3 D:3 the codes are B=0, A=10, C=110, D=111.
 *
 * Decoding a bit at a time walks that order; most codes are short,
 * though, so codes of up to FAST_BITS bits also go in a table indexed by
 * the next FAST_BITS bits of input, which finds the symbol and its length
 * in one look. Longer codes (and the last few bits of the input) take the
 * bit-at-a-time way. */
#define FAST_BITS 9	    /* 512 entries; the fixed codes (5 to 9 bits) fit whole */
#define FAST_LEN_SHIFT 9    /* an entry: symbol | length << 9 (symbols are < 288) */
#define FAST_SYM_MASK 0x1ff
struct huffman {
	/* fast[the next FAST_BITS bits, the first one read lowest]: the
	 * symbol whose code they start with and its length, or 0 when that
	 * code is longer than FAST_BITS or no code starts that way (a real
	 * entry is never 0: its length is at least 1). */
	uint16_t fast[1u << FAST_BITS];
	uint16_t count[MAX_BITS + 1]; /* count[len]: symbols whose code has len bits */
	uint16_t symbol[LITLEN_CODES];
	unsigned max_len;	       /* the longest code; 0 when there is none */
};

struct inflater {
	const char *name;   /* the input, for messages */
	const char *format; /* "gzip" or "deflate", for messages */
	struct rb_error *err;
	const uint8_t *in;
	size_t in_bits; /* the input's size, in bits */
	size_t pos;	/* the next bit to read: pos <= in_bits always */
	uint8_t *out;	/* the output so far, which is also the window */
	size_t out_size, out_cap, max;
	struct huffman litlen, dist; /* the codes of the current block */
};

/* "NAME: gzip: bit offset N (byte N/8): what" */
static int __attribute__((format(printf, 3, 4)))
stream_fail(struct inflater *s, size_t bit, const char *fmt, ...)
{
	char what[512];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(what, sizeof(what), fmt, ap);
	va_end(ap);
	return rb_fail(s->err, RB_ERR_INPUT, "%s: %s: bit offset %zu (byte %zu): %s", s->name,
		       s->format, bit, bit / 8, what);
}

/* ---- Reading bits ---------------------------------------------------------- */

/* The input from bit s->pos on, the first bit lowest (3.1.1): 4 bytes read
 * at once and shifted by the bits of the first already read, so at least
 * 25 bits are good. Near the end of the input fewer bytes are left and
 * the missing ones read as zeros: those bits are not input, and the
 * callers check against in_bits before they use any bit. */
static uint32_t peek_bits(const struct inflater *s)
{
	size_t byte = s->pos / 8, left = s->in_bits / 8 - byte;
	uint32_t v = 0;

	if (left >= 4) {
		const uint8_t *p = s->in + byte;

		v = p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 | (uint32_t)p[3] << 24;
	} else {
		for (size_t i = 0; i < left; i++)
			v |= (uint32_t)s->in[byte + i] << (8 * i);
	}
	return v >> (s->pos % 8);
}

/* n bits (at most 16) as a number, least significant bit first (3.1.1).
 * `what` names the item for the message when the input ends first. */
static int get_bits(struct inflater *s, unsigned n, const char *what, unsigned *value)
{
	*value = 0; /* defined on failure too (and the compiler can see so) */
	if (n > s->in_bits - s->pos)
		return stream_fail(s, s->pos, "truncated: the input ends inside %s", what);
	/* n <= 16 < 25 good bits, and all n are input: checked just above */
	*value = peek_bits(s) & ((1u << n) - 1);
	s->pos += n;
	return 0;
}

/* ---- Huffman codes ----------------------------------------------------------- */

/* Which incomplete codes huffman_build() accepts. */
#define ALLOW_ONE 1	/* one symbol, with a code of 1 bit (the other bit is invalid) */
#define ALLOW_NONE 2	/* no symbol at all */

/* h->fast from h->count and h->symbol (see struct huffman). A code of len
 * bits, sent most significant bit first, is the low len bits of the
 * index bit-reversed; the FAST_BITS - len bits above are whatever follows
 * it, so the entry repeats every 2^len. Codes are assigned as in 3.2.2:
 * consecutive within a length, and shifted left by one at each longer
 * length. Patterns no code of up to FAST_BITS bits starts stay 0: the
 * slow way then reads a longer code, or reports the invalid one. */
static void huffman_fast_table(struct huffman *h)
{
	unsigned code = 0, index = 0;

	memset(h->fast, 0, sizeof(h->fast));
	for (unsigned len = 1; len <= FAST_BITS; len++, code <<= 1)
		for (unsigned j = 0; j < h->count[len]; j++, code++, index++) {
			unsigned reversed = 0;

			for (unsigned b = 0; b < len; b++)
				reversed |= (code >> b & 1) << (len - 1 - b);
			for (unsigned k = reversed; k < 1u << FAST_BITS; k += 1u << len)
				h->fast[k] = (uint16_t)(h->symbol[index] | len << FAST_LEN_SHIFT);
		}
}

/* Build the code for symbols 0..n-1 from their code lengths (0: the symbol
 * is unused). A set of lengths may describe more codes than fit in 15
 * bits ("oversubscribed": no prefix code has them) or leave some bit
 * patterns meaning nothing ("incomplete"). Both are refused, except, as
 * zlib allows, a literal/length or distance code of one symbol with a
 * 1-bit code (RFC 1951 3.2.7: "If only one distance code is used, it is
 * encoded using one bit, not zero bits"), and a distance code of no
 * symbol at all: a block of literals only needs none. */
static int huffman_build(struct inflater *s, struct huffman *h, const uint8_t *lengths,
			 unsigned n, unsigned allow, const char *which, size_t at)
{
	uint16_t next[MAX_BITS + 2];
	long left = 1; /* codes still free at the current length */
	unsigned used = 0;

	memset(h->count, 0, sizeof(h->count));
	for (unsigned sym = 0; sym < n; sym++)
		h->count[lengths[sym]]++;
	h->count[0] = 0;
	h->max_len = 0;
	/* Each extra bit of length doubles the free codes; each code of that
	 * length takes one (the Kraft inequality, counted in whole codes). */
	for (unsigned len = 1; len <= MAX_BITS; len++) {
		left = left * 2 - h->count[len];
		if (left < 0)
			return stream_fail(s, at, "the %s code is oversubscribed: its lengths "
					   "ask for more codes of at most %u bit%s than there are",
					   which, len, len == 1 ? "" : "s");
		used += h->count[len];
		if (h->count[len])
			h->max_len = len;
	}
	if (left > 0 && !(used == 1 && h->max_len == 1 && (allow & ALLOW_ONE)) &&
	    !(used == 0 && (allow & ALLOW_NONE)))
		return stream_fail(s, at, "the %s code is incomplete: its %u lengths leave "
				   "codes that mean nothing", which, used);
	/* The symbols in code order: next[len] is where the next symbol with
	 * a code of len bits goes. */
	next[1] = 0;
	for (unsigned len = 1; len <= MAX_BITS; len++)
		next[len + 1] = next[len] + h->count[len];
	for (unsigned sym = 0; sym < n; sym++)
		if (lengths[sym])
			h->symbol[next[lengths[sym]]++] = (uint16_t)sym;
	huffman_fast_table(h);
	return 0;
}

/* Read one symbol: by the table when its code has at most FAST_BITS bits
 * and all of them are input, else a bit at a time. After len bits,
 * `code` is a code of len bits; the codes of that length are first ..
 * first + count[len] - 1, and `index` symbols come before them in code
 * order. Anything below `first` would have ended at a shorter length
 * already. */
static int huffman_decode(struct inflater *s, const struct huffman *h, const char *what,
			  unsigned *sym)
{
	size_t at = s->pos;
	unsigned code = 0, first = 0, index = 0;
	unsigned entry = h->fast[peek_bits(s) & ((1u << FAST_BITS) - 1)];

	/* Within FAST_BITS of the end, the index ends with the zeros
	 * peek_bits() makes up: a code is taken only if it ends within the
	 * input. (Say 5 zero bits are left in a fixed block: the made-up
	 * zeros would complete end of block, 7 zero bits.) */
	if (entry && entry >> FAST_LEN_SHIFT <= s->in_bits - s->pos) {
		s->pos += entry >> FAST_LEN_SHIFT;
		*sym = entry & FAST_SYM_MASK;
		return 0;
	}
	for (unsigned len = 1; len <= h->max_len; len++) {
		if (s->pos == s->in_bits)
			return stream_fail(s, s->pos, "truncated: the input ends inside a %s", what);
		/* the next bit; codes come most significant bit first (3.1.1) */
		code = code << 1 | (s->in[s->pos / 8] >> (s->pos % 8) & 1);
		s->pos++;
		if (code < first + h->count[len]) {
			*sym = h->symbol[index + (code - first)];
			return 0;
		}
		index += h->count[len];
		first = (first + h->count[len]) << 1;
	}
	if (h->max_len == 0)
		return stream_fail(s, at, "the data needs a %s, but the block defines none", what);
	return stream_fail(s, at, "invalid %s: no symbol has this code", what);
}

/* ---- The output (and window) ------------------------------------------------- */

/* Room for n more bytes: the buffer doubles, up to the caller's maximum,
 * and always has one byte more for the NUL that ends it. */
static int reserve(struct inflater *s, size_t n, size_t at)
{
	size_t cap = s->out_cap;
	uint8_t *p;

	if (n > s->max - s->out_size)
		return stream_fail(s, at, "the output would be more than %zu bytes, the most "
				   "allowed here (a decompression bomb?)", s->max);
	if (s->out_size + n <= cap)
		return 0;
	while (cap < s->out_size + n)
		cap = cap > s->max / 2 ? s->max : cap * 2;
	p = realloc(s->out, cap + 1);
	if (!p)
		return rb_fail(s->err, RB_ERR_SYSTEM, "%s: out of memory for %zu bytes of "
			       "decompressed data", s->name, cap);
	s->out = p;
	s->out_cap = cap;
	return 0;
}

/* ---- Blocks ------------------------------------------------------------------ */

/* A stored block (3.2.4): up to the next byte boundary, LEN and NLEN (16
 * bits each, NLEN the one's complement of LEN, a check), then LEN bytes. */
static int stored_block(struct inflater *s)
{
	size_t at, byte, avail;
	unsigned len, nlen;

	s->pos = (s->pos + 7) / 8 * 8; /* still <= in_bits, a multiple of 8 */
	at = s->pos;
	byte = s->pos / 8;
	avail = s->in_bits / 8 - byte;
	if (avail < 4)
		return stream_fail(s, at, "truncated: the input ends inside a stored block's "
				   "LEN and NLEN");
	len = s->in[byte] | (unsigned)s->in[byte + 1] << 8;
	nlen = s->in[byte + 2] | (unsigned)s->in[byte + 3] << 8;
	if (len != (~nlen & 0xffff))
		return stream_fail(s, at, "stored block: LEN 0x%04x and NLEN 0x%04x are not "
				   "each other's one's complement", len, nlen);
	if (len > avail - 4)
		return stream_fail(s, at, "truncated: a stored block of %u bytes, but only %zu "
				   "follow", len, avail - 4);
	if (reserve(s, len, at))
		return -1;
	memcpy(s->out + s->out_size, s->in + byte + 4, len);
	s->out_size += len;
	s->pos += (4 + (size_t)len) * 8;
	return 0;
}

/* Lengths 3..258 and distances 1..32768 as base + extra bits (3.2.5):
 * length symbol 257 + i is length_base[i] plus length_extra[i] bits. */
static const uint16_t length_base[29] = {
	3, 4, 5, 6, 7, 8, 9, 10, 11, 13, 15, 17, 19, 23, 27, 31,
	35, 43, 51, 59, 67, 83, 99, 115, 131, 163, 195, 227, 258,
};
static const uint8_t length_extra[29] = {
	0, 0, 0, 0, 0, 0, 0, 0, 1, 1, 1, 1, 2, 2, 2, 2,
	3, 3, 3, 3, 4, 4, 4, 4, 5, 5, 5, 5, 0,
};
static const uint16_t dist_base[MAX_DIST] = {
	1, 2, 3, 4, 5, 7, 9, 13, 17, 25, 33, 49, 65, 97, 129,
	193, 257, 385, 513, 769, 1025, 1537, 2049, 3073, 4097, 6145, 8193, 12289, 16385, 24577,
};
static const uint8_t dist_extra[MAX_DIST] = {
	0, 0, 0, 0, 1, 1, 2, 2, 3, 3, 4, 4, 5, 5, 6,
	6, 7, 7, 8, 8, 9, 9, 10, 10, 11, 11, 12, 12, 13, 13,
};

/* A back reference (1.3, 3.2.5): length bytes from distance back to
 * dst, which has room for them. When distance >= length the source,
 * dst - distance .. dst - distance + length, ends before dst starts, so
 * memcpy may do it. Otherwise the copy overlaps what it writes and must
 * go byte by byte, front to back: a distance shorter than the length
 * repeats the last `distance` bytes (distance 1, length 10: ten copies
 * of the last byte). dst is a parameter, not s->out + s->out_size,
 * so that the compiler need not reload those after each byte stored. */
static void copy_back(uint8_t *dst, unsigned distance, unsigned length)
{
	const uint8_t *src = dst - distance;

	if (distance >= length)
		memcpy(dst, src, length);
	else
		for (unsigned i = 0; i < length; i++)
			dst[i] = src[i];
}

/* The data of a compressed block, with s->litlen and s->dist set: symbols
 * until end of block (3.2.5). */
static int compressed_data(struct inflater *s)
{
	for (;;) {
		size_t at = s->pos, dist_at;
		unsigned sym, extra, dsym, length, distance;

		if (huffman_decode(s, &s->litlen, "literal/length code", &sym))
			return -1;
		if (sym < 256) { /* a literal byte */
			if (reserve(s, 1, at))
				return -1;
			s->out[s->out_size++] = (uint8_t)sym;
			continue;
		}
		if (sym == END_OF_BLOCK)
			return 0;
		if (sym - 257 >= 29) /* 286 and 287 exist in the fixed code only */
			return stream_fail(s, at, "invalid length code %u", sym);
		if (get_bits(s, length_extra[sym - 257], "a length's extra bits", &extra))
			return -1;
		length = length_base[sym - 257] + extra;

		dist_at = s->pos;
		if (huffman_decode(s, &s->dist, "distance code", &dsym))
			return -1;
		if (dsym >= MAX_DIST) /* 30 and 31: the fixed code only */
			return stream_fail(s, dist_at, "invalid distance code %u", dsym);
		if (get_bits(s, dist_extra[dsym], "a distance's extra bits", &extra))
			return -1;
		distance = dist_base[dsym] + extra;
		if (distance > s->out_size)
			return stream_fail(s, dist_at, "distance %u goes back past the start of "
					   "the output (%zu bytes so far)", distance, s->out_size);
		if (reserve(s, length, at))
			return -1;
		copy_back(s->out + s->out_size, distance, length);
		s->out_size += length;
	}
}

/* A fixed-Huffman block (3.2.6): lengths that never change, 8 bits for
 * literals 0..143, 9 for 144..255, 7 for 256..279, 8 for 280..287; every
 * distance code 5 bits. */
static int fixed_block(struct inflater *s)
{
	uint8_t lengths[LITLEN_CODES];
	size_t at = s->pos;
	unsigned sym = 0;

	for (; sym < 144; sym++)
		lengths[sym] = 8;
	for (; sym < 256; sym++)
		lengths[sym] = 9;
	for (; sym < 280; sym++)
		lengths[sym] = 7;
	for (; sym < LITLEN_CODES; sym++)
		lengths[sym] = 8;
	if (huffman_build(s, &s->litlen, lengths, LITLEN_CODES, 0, "fixed literal/length", at))
		return -1;
	memset(lengths, 5, DIST_CODES);
	if (huffman_build(s, &s->dist, lengths, DIST_CODES, 0, "fixed distance", at))
		return -1;
	return compressed_data(s);
}

/* The order in which a dynamic block sends the code length code's lengths
 * (3.2.7): the ones most often unused last, so they can be left out. */
static const uint8_t codelen_order[CODELEN_CODES] = {
	16, 17, 18, 0, 8, 7, 9, 6, 10, 5, 11, 4, 12, 3, 13, 2, 14, 1, 15,
};

/* A dynamic-Huffman block (3.2.7). Its header: HLIT (5 bits, literal/
 * length codes - 257), HDIST (5, distance codes - 1), HCLEN (4, code
 * length codes - 4); HCLEN + 4 lengths of 3 bits for the code length
 * code, in codelen_order; then HLIT + 257 + HDIST + 1 code lengths, as
 * one sequence, written with that code: symbols 0..15 are a length, 16
 * repeats the previous length 3..6 times (2 extra bits), 17 writes 3..10
 * zeros (3 bits), 18 writes 11..138 zeros (7 bits). */
static int dynamic_block(struct inflater *s)
{
	uint8_t lengths[MAX_LITLEN + MAX_DIST], codelen_lengths[CODELEN_CODES] = { 0 };
	struct huffman codelen;
	unsigned hlit, hdist, hclen, nlit, ndist, n;
	size_t at = s->pos;

	if (get_bits(s, 5, "a dynamic block's header", &hlit) ||
	    get_bits(s, 5, "a dynamic block's header", &hdist) ||
	    get_bits(s, 4, "a dynamic block's header", &hclen))
		return -1;
	nlit = hlit + 257;
	ndist = hdist + 1;
	if (nlit > MAX_LITLEN)
		return stream_fail(s, at, "HLIT declares %u literal/length codes, more than the "
				   "%u there are", nlit, MAX_LITLEN);
	if (ndist > MAX_DIST)
		return stream_fail(s, at, "HDIST declares %u distance codes, more than the %u "
				   "there are", ndist, MAX_DIST);
	for (unsigned i = 0; i < hclen + 4; i++) {
		unsigned len;

		if (get_bits(s, 3, "the code length code's lengths", &len))
			return -1;
		codelen_lengths[codelen_order[i]] = (uint8_t)len;
	}
	if (huffman_build(s, &codelen, codelen_lengths, CODELEN_CODES, 0, "code length", at))
		return -1;

	n = nlit + ndist;
	for (unsigned i = 0; i < n;) {
		size_t sym_at = s->pos;
		unsigned sym, repeat, value = 0;

		if (huffman_decode(s, &codelen, "code length code", &sym))
			return -1;
		if (sym < 16) {
			lengths[i++] = (uint8_t)sym;
			continue;
		}
		if (sym == 16) {
			if (i == 0)
				return stream_fail(s, sym_at, "code length 16 repeats the previous "
						   "length, but there is none yet");
			value = lengths[i - 1];
			if (get_bits(s, 2, "a repeat count", &repeat))
				return -1;
			repeat += 3;
		} else if (sym == 17) {
			if (get_bits(s, 3, "a repeat count", &repeat))
				return -1;
			repeat += 3;
		} else {
			if (get_bits(s, 7, "a repeat count", &repeat))
				return -1;
			repeat += 11;
		}
		if (repeat > n - i)
			return stream_fail(s, sym_at, "code length %u repeats %u times, past the "
					   "%u lengths the header declares", sym, repeat, n);
		while (repeat--)
			lengths[i++] = (uint8_t)value;
	}
	/* Without a code for end of block, the block could never end. */
	if (lengths[END_OF_BLOCK] == 0)
		return stream_fail(s, at, "the block has no code for end of block (symbol 256)");
	if (huffman_build(s, &s->litlen, lengths, nlit, ALLOW_ONE, "literal/length", at) ||
	    huffman_build(s, &s->dist, lengths + nlit, ndist, ALLOW_ONE | ALLOW_NONE, "distance",
			  at))
		return -1;
	return compressed_data(s);
}

/* Blocks until the one marked final (3.2.3). */
static int inflate_blocks(struct inflater *s)
{
	unsigned final, type;

	do {
		size_t at = s->pos;

		if (get_bits(s, 1, "a block header", &final) ||
		    get_bits(s, 2, "a block header", &type))
			return -1;
		if (type == 0 && stored_block(s))
			return -1;
		if (type == 1 && fixed_block(s))
			return -1;
		if (type == 2 && dynamic_block(s))
			return -1;
		if (type == 3)
			return stream_fail(s, at, "block type 3, which is reserved (not DEFLATE "
					   "data?)");
	} while (!final);
	return 0;
}

/* Set up, decode, and hand the output over (NUL-terminated) or free it.
 * The stream starts at data[start]; `hint` guesses the output's size,
 * for the first allocation. */
static int inflate_stream(struct inflater *s, const uint8_t *data, size_t size, size_t start,
			  size_t hint, uint8_t **out, size_t *out_size, size_t *end)
{
	*out = NULL;
	*out_size = 0;
	if (size > SIZE_MAX / 8)
		return rb_fail(s->err, RB_ERR_INPUT, "%s: too large to decompress", s->name);
	s->in = data;
	s->in_bits = size * 8;
	s->pos = (start < size ? start : size) * 8;
	/* max + 1 bytes are allocated at most */
	if (s->max > SIZE_MAX / 2)
		s->max = SIZE_MAX / 2;
	/* The first allocation: the hint, but never more than the input could
	 * give (DEFLATE's best is about 1032:1: a 258-byte copy in two 1-bit
	 * codes), so a tiny file cannot claim a huge buffer. */
	if (hint / 1032 > size)
		hint = size * 1032;
	s->out_cap = hint < 4096 ? 4096 : hint;
	if (s->out_cap > s->max)
		s->out_cap = s->max;
	s->out = malloc(s->out_cap + 1);
	if (!s->out)
		return rb_fail(s->err, RB_ERR_SYSTEM, "%s: out of memory", s->name);
	if (inflate_blocks(s)) {
		free(s->out);
		return -1;
	}
	s->out[s->out_size] = '\0';
	*out = s->out;
	*out_size = s->out_size;
	*end = (s->pos + 7) / 8;
	return 0;
}

int inflate_raw(const char *name, const uint8_t *data, size_t size, size_t start, size_t max,
		uint8_t **out, size_t *out_size, size_t *end, struct rb_error *err)
{
	struct inflater s = { .name = name, .format = "deflate", .err = err, .max = max };
	size_t in = start < size ? size - start : 0;

	/* DEFLATE rarely does better than 4:1 on text */
	return inflate_stream(&s, data, size, start, in < SIZE_MAX / 4 ? 4 * in : in, out,
			      out_size, end);
}

/* ---- gzip (RFC 1952) --------------------------------------------------------- */

/* CRC-32 (RFC 1952 section 8, ISO 3309): the remainder of the data, as a
 * polynomial over GF(2), divided by 0x04C11DB7; bits are taken least
 * significant first, so the polynomial appears bit-reversed, 0xEDB88320,
 * and the register starts and ends inverted. table[0] holds the effect
 * of each byte value, so the division can go a byte at a time.
 *
 * It goes 8 bytes at a time ("slicing by 8"): table[k][b] is the effect
 * of byte b followed by k zero bytes. The register's effect is linear
 * (XOR) in each byte, so 8 bytes are 8 independent lookups, XORed,
 * instead of 8 lookups each waiting for the one before. Built once per
 * inflate_gzip() call (8 KiB on its stack, about 4000 steps): the
 * library keeps no state between calls. */
typedef uint32_t crc32_tables[8][256];

static void crc32_table(crc32_tables table)
{
	for (uint32_t n = 0; n < 256; n++) {
		uint32_t c = n;
		for (int k = 0; k < 8; k++)
			c = c & 1 ? 0xEDB88320u ^ (c >> 1) : c >> 1;
		table[0][n] = c;
	}
	/* one more zero byte: shift it through, as a byte at a time would */
	for (int k = 1; k < 8; k++)
		for (int b = 0; b < 256; b++)
			table[k][b] = table[k - 1][b] >> 8 ^ table[0][table[k - 1][b] & 0xff];
}

static uint32_t crc32_of(const crc32_tables table, const uint8_t *p, size_t n)
{
	uint32_t c = 0xffffffffu;
	size_t i = 0;

	for (; n - i >= 8; i += 8) {
		/* the register, 4 bytes, meets the first 4 data bytes */
		uint32_t lo = c ^ (p[i] | (uint32_t)p[i + 1] << 8 | (uint32_t)p[i + 2] << 16 |
				   (uint32_t)p[i + 3] << 24);

		c = table[7][lo & 0xff] ^ table[6][lo >> 8 & 0xff] ^ table[5][lo >> 16 & 0xff] ^
		    table[4][lo >> 24] ^ table[3][p[i + 4]] ^ table[2][p[i + 5]] ^
		    table[1][p[i + 6]] ^ table[0][p[i + 7]];
	}
	for (; i < n; i++)
		c = table[0][(c ^ p[i]) & 0xff] ^ (c >> 8);
	return c ^ 0xffffffffu;
}

static uint32_t le32(const uint8_t *p)
{
	return p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 | (uint32_t)p[3] << 24;
}

/* "NAME: gzip: byte N: what" */
static int __attribute__((format(printf, 4, 5)))
gzip_fail(const char *name, struct rb_error *err, size_t byte, const char *fmt, ...)
{
	char what[512];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(what, sizeof(what), fmt, ap);
	va_end(ap);
	return rb_fail(err, RB_ERR_INPUT, "%s: gzip: byte %zu: %s", name, byte, what);
}

/* The header's flag bits (RFC 1952 2.3.1). */
#define FTEXT 0x01    /* probably text: a hint only */
#define FHCRC 0x02    /* a CRC16 of the header follows it */
#define FEXTRA 0x04   /* XLEN (2 bytes) and XLEN bytes of extra fields */
#define FNAME 0x08    /* the original file name, ending with a zero byte */
#define FCOMMENT 0x10 /* a comment, ending with a zero byte */
#define FRESERVED 0xe0

/* A zero-terminated header field at data[*pos]: skipped. */
static int skip_string(const char *name, const uint8_t *data, size_t size, size_t *pos,
		       const char *what, struct rb_error *err)
{
	const uint8_t *nul = memchr(data + *pos, 0, size - *pos);

	if (!nul)
		return gzip_fail(name, err, *pos, "truncated: the %s has no terminating zero byte",
				 what);
	*pos = (size_t)(nul - data) + 1;
	return 0;
}

/* The member header (RFC 1952 2.3): ID1 ID2 (0x1f 0x8b), CM (8: deflate),
 * FLG, MTIME (4 bytes), XFL, OS; then the optional fields FLG announces, in
 * this order. *pos: where the DEFLATE data starts. */
static int gzip_header(const char *name, const uint8_t *data, size_t size,
		       const crc32_tables crc_table, size_t *pos, struct rb_error *err)
{
	unsigned flags;

	if (size < 2 || data[0] != 0x1f || data[1] != 0x8b)
		return gzip_fail(name, err, 0, "not gzip data: it does not start with the magic "
				 "bytes 1f 8b");
	if (size < 10)
		return gzip_fail(name, err, size, "truncated: a gzip header is 10 bytes, the "
				 "data %zu", size);
	if (data[2] != 8)
		return gzip_fail(name, err, 2, "compression method %u, not 8 (deflate), the only "
				 "one RFC 1952 defines", data[2]);
	flags = data[3];
	if (flags & FRESERVED)
		return gzip_fail(name, err, 3, "reserved flag bits set (flags 0x%02x)", flags);
	*pos = 10;
	if (flags & FEXTRA) {
		size_t xlen;

		if (size - *pos < 2)
			return gzip_fail(name, err, *pos, "truncated: the extra field's length "
					 "(XLEN) is missing");
		xlen = data[*pos] | (size_t)data[*pos + 1] << 8;
		if (size - *pos - 2 < xlen)
			return gzip_fail(name, err, *pos, "truncated: an extra field of %zu bytes, "
					 "but only %zu follow", xlen, size - *pos - 2);
		*pos += 2 + xlen;
	}
	if ((flags & FNAME) && skip_string(name, data, size, pos, "file name (FNAME)", err))
		return -1;
	if ((flags & FCOMMENT) && skip_string(name, data, size, pos, "comment (FCOMMENT)", err))
		return -1;
	if (flags & FHCRC) {
		unsigned want, got;

		if (size - *pos < 2)
			return gzip_fail(name, err, *pos, "truncated: the header's CRC16 (FHCRC) "
					 "is missing");
		/* the low 16 bits of the CRC-32 of the header up to here */
		want = data[*pos] | (unsigned)data[*pos + 1] << 8;
		got = crc32_of(crc_table, data, *pos) & 0xffff;
		if (want != got)
			return gzip_fail(name, err, *pos, "the header's CRC16 is 0x%04x, but the "
					 "header's bytes give 0x%04x: the header is corrupt", want,
					 got);
		*pos += 2;
	}
	return 0;
}

int inflate_gzip(const char *name, const uint8_t *data, size_t size, size_t max, uint8_t **out,
		 size_t *out_size, struct rb_error *err)
{
	struct inflater s = { .name = name, .format = "gzip", .err = err, .max = max };
	crc32_tables crc_table;
	uint32_t crc, isize;
	size_t pos = 0, end;

	*out = NULL;
	*out_size = 0;
	crc32_table(crc_table);
	if (gzip_header(name, data, size, crc_table, &pos, err))
		return -1;
	/* ISIZE, the output's size mod 2^32, is the last 4 bytes of a single
	 * member: a good first allocation, checked below like the CRC. */
	if (inflate_stream(&s, data, size, pos, size >= 18 ? le32(data + size - 4) : 0, out,
			   out_size, &end))
		return -1;
	/* The trailer (2.3.1): CRC32 of the output, then ISIZE. */
	if (size - end < 8) {
		gzip_fail(name, err, end, "truncated: the 8-byte trailer (CRC-32 and size) is "
			  "missing after the compressed data");
		goto fail;
	}
	crc = crc32_of(crc_table, *out, *out_size);
	if (crc != le32(data + end)) {
		gzip_fail(name, err, end, "the trailer's CRC-32 is 0x%08x, but the decompressed "
			  "data's is 0x%08x: the data is corrupt", le32(data + end), crc);
		goto fail;
	}
	isize = le32(data + end + 4);
	if (isize != (uint32_t)*out_size) {
		gzip_fail(name, err, end + 4, "the trailer's size (ISIZE) is %u, but the data "
			  "decompressed to %zu bytes", isize, *out_size);
		goto fail;
	}
	end += 8;
	if (end < size) {
		if (size - end >= 2 && data[end] == 0x1f && data[end + 1] == 0x8b)
			gzip_fail(name, err, end, "a second gzip member starts here (gzip files "
				  "joined together): only one member is read");
		else
			gzip_fail(name, err, end, "%zu bytes of data after the end of the gzip "
				  "member", size - end);
		goto fail;
	}
	return 0;
fail:
	free(*out);
	*out = NULL;
	*out_size = 0;
	return -1;
}
