/* See bits.h. */
#include "bits.h"

#include <stdlib.h>
#include <string.h>

static void put_bit(struct bits *w, unsigned bit)
{
	if (w->nbits / 8 >= w->cap) {
		size_t cap = w->cap ? w->cap * 2 : 256;
		w->buf = realloc(w->buf, cap);
		if (!w->buf)
			abort();
		memset(w->buf + w->cap, 0, cap - w->cap);
		w->cap = cap;
	}
	w->buf[w->nbits / 8] |= (uint8_t)((bit & 1) << (w->nbits % 8));
	w->nbits++;
}

void bits_put(struct bits *w, unsigned value, unsigned n)
{
	for (unsigned i = 0; i < n; i++)
		put_bit(w, value >> i);
}

void bits_code(struct bits *w, unsigned code, unsigned n)
{
	while (n--)
		put_bit(w, code >> n);
}

size_t bits_align(struct bits *w)
{
	while (w->nbits % 8)
		put_bit(w, 0);
	return w->nbits / 8;
}

void bits_fixed_litlen(struct bits *w, unsigned sym)
{
	if (sym < 144)
		bits_code(w, 0x30 + sym, 8);
	else if (sym < 256)
		bits_code(w, 0x190 + sym - 144, 9);
	else if (sym < 280)
		bits_code(w, sym - 256, 7);
	else
		bits_code(w, 0xc0 + sym - 280, 8);
}

void bits_fixed_dist(struct bits *w, unsigned sym)
{
	bits_code(w, sym, 5);
}

void bits_canonical(const uint8_t *lengths, unsigned n, uint16_t *code)
{
	unsigned count[16] = { 0 }, next[16] = { 0 }, c = 0;

	for (unsigned i = 0; i < n; i++)
		count[lengths[i]]++;
	count[0] = 0;
	for (unsigned len = 1; len < 16; len++) {
		c = (c + count[len - 1]) << 1;
		next[len] = c;
	}
	for (unsigned i = 0; i < n; i++)
		code[i] = lengths[i] ? (uint16_t)next[lengths[i]]++ : 0;
}

void bits_dynamic_header(struct bits *w, int final, const uint8_t *lit, unsigned nlit,
			 const uint8_t *dist, unsigned ndist)
{
	/* code length symbols 0..15 get 4 bits each (16 codes: complete),
	 * 16..18 none; so length L is written as the 4-bit code L */
	static const uint8_t order[19] = { 16, 17, 18, 0, 8, 7, 9, 6, 10, 5,
					   11, 4, 12, 3, 13, 2, 14, 1, 15 };

	bits_put(w, final, 1);
	bits_put(w, 2, 2);
	bits_put(w, nlit - 257, 5);
	bits_put(w, ndist - 1, 5);
	bits_put(w, 19 - 4, 4);
	for (unsigned i = 0; i < 19; i++)
		bits_put(w, order[i] < 16 ? 4 : 0, 3);
	for (unsigned i = 0; i < nlit; i++)
		bits_code(w, lit[i], 4);
	for (unsigned i = 0; i < ndist; i++)
		bits_code(w, dist[i], 4);
}
