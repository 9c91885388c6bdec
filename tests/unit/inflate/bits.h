/* Writing DEFLATE streams bit by bit (RFC 1951), for streams no compressor
 * makes: broken codes, bad distances, bombs. Test-only; inflate.c is the
 * reader. */
#ifndef INFLATE_BITS_H
#define INFLATE_BITS_H

#include <stddef.h>
#include <stdint.h>

struct bits {
	uint8_t *buf; /* malloc'd, grows; free it */
	size_t cap;
	size_t nbits; /* bits written */
};

/* A number of n bits, least significant bit first (3.1.1). */
void bits_put(struct bits *w, unsigned value, unsigned n);
/* A Huffman code of n bits, most significant bit first. */
void bits_code(struct bits *w, unsigned code, unsigned n);
/* Zero bits up to the next byte boundary; the bytes written so far. */
size_t bits_align(struct bits *w);

/* Symbols of the fixed codes (3.2.6). */
void bits_fixed_litlen(struct bits *w, unsigned sym);
void bits_fixed_dist(struct bits *w, unsigned sym);

/* A canonical code (3.2.2) from code lengths, as the RFC's algorithm
 * assigns it: code[sym] of lengths[sym] bits. */
void bits_canonical(const uint8_t *lengths, unsigned n, uint16_t *code);

/* A dynamic block's header (3.2.7) for these literal/length and distance
 * code lengths, each written as itself (a flat 4-bit code length code:
 * no repeats). */
void bits_dynamic_header(struct bits *w, int final, const uint8_t *lit, unsigned nlit,
			 const uint8_t *dist, unsigned ndist);

#endif
