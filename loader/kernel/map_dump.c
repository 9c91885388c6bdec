/* Dumping a whole map: BPF_MAP_LOOKUP_BATCH where the kernel has it, else
 * one BPF_MAP_GET_NEXT_KEY and one lookup per entry.
 *
 * BPF_MAP_LOOKUP_BATCH (Linux 5.6) copies up to `count` keys and values per
 * system call, so a map of a million entries is read in thousands of calls
 * instead of two million. Hash maps (htab_map_lookup_batch(), kernel/bpf/
 * hashtab.c) walk bucket by bucket and keep their position as a u32 bucket
 * number in out_batch; arrays (generic_map_lookup_batch(), kernel/bpf/
 * syscall.c) keep it as the last key. A map type without it (stack traces,
 * LPM tries, ...) says ENOTSUPP; a kernel before 5.6 says EINVAL for the
 * unknown command. Either way the dump goes on with next-key iteration. */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "bpf_syscall.h"
#include "kernel.h"

#define ENOTSUPP 524 /* the kernel's own (include/linux/errno.h), seen by user space */
#define BATCH_ENTRIES 256u

int rb_map_fd_lookup_batch(int fd, const void *in_batch, void *out_batch, void *keys,
			   void *values, uint32_t *count, struct rb_error *err)
{
	union bpf_attr attr;

	memset(&attr, 0, sizeof(attr));
	attr.batch.in_batch = rb_ptr(in_batch);
	attr.batch.out_batch = rb_ptr(out_batch);
	attr.batch.keys = rb_ptr(keys);
	attr.batch.values = rb_ptr(values);
	attr.batch.count = *count;
	attr.batch.map_fd = (__u32)fd;
	if (rb_bpf(BPF_MAP_LOOKUP_BATCH, &attr) == 0) {
		*count = attr.batch.count;
		return 1;
	}
	/* ENOENT: the end was reached, and `count` entries came before it */
	*count = attr.batch.count;
	if (errno == ENOENT)
		return 0;
	return rb_fail_errno(err, RB_ERR_KERNEL, errno, "map fd %d: BPF_MAP_LOOKUP_BATCH failed%s",
			     fd, errno == ENOTSUPP || errno == EINVAL
				     ? " (this kernel or map type has no batch lookup)" : "");
}

struct dump {
	const struct rb_map *map;
	size_t value_size;  /* a whole value: every CPU's for per-CPU maps */
	rb_map_entry_fn fn;
	void *ctx;
	size_t count;
	int stopped; /* what fn returned to stop the walk, or 0 */
};

/* One batch's buffers: keys and values for `room` entries, and two
 * position tokens (in_batch, out_batch), each big enough for a key or a
 * hash map's u32 bucket number. */
struct batch {
	uint32_t room;
	size_t token_size;
	char *tokens, *keys, *values;
};

static int batch_alloc(struct batch *b, const struct dump *d, struct rb_error *err)
{
	free(b->keys);
	free(b->values);
	b->keys = malloc((size_t)b->room * d->map->key_size);
	b->values = malloc((size_t)b->room * d->value_size);
	if (!b->tokens)
		b->tokens = calloc(2, b->token_size);
	if (!b->keys || !b->values || !b->tokens)
		return rb_fail(err, RB_ERR_SYSTEM, "map %s: out of memory for a batch",
			       d->map->name);
	return 0;
}

/* Hand a batch to fn, entry by entry, until fn says stop. */
static void batch_deliver(struct dump *d, const struct batch *b, uint32_t n)
{
	for (uint32_t i = 0; i < n && !d->stopped; i++) {
		d->stopped = d->fn(d->ctx, b->keys + (size_t)i * d->map->key_size,
				   b->values + (size_t)i * d->value_size);
		d->count++;
	}
}

/* 1 done, 0 batch lookup is not there (nothing delivered yet), -1 error. */
static int dump_batched(struct dump *d, struct rb_error *err)
{
	const struct rb_map *map = d->map;
	struct batch b = { .room = map->max_entries < BATCH_ENTRIES ? map->max_entries
								    : BATCH_ENTRIES,
			   .token_size = map->key_size > 4 ? map->key_size : 4 };
	int ret = -1, more, first = 1;
	struct rb_error why;

	if (b.room == 0)
		b.room = 1;
	while (batch_alloc(&b, d, err) == 0) {
		uint32_t n = b.room;

		more = rb_map_fd_lookup_batch(map->fd, first ? NULL : b.tokens,
					      b.tokens + b.token_size, b.keys, b.values, &n, &why);
		/* ENOSPC: a hash bucket holds more entries than the room */
		if (more < 0 && why.errnum == ENOSPC && b.room < (1u << 20)) {
			b.room *= 2;
			continue;
		}
		if (more < 0 && first && (why.errnum == ENOTSUPP || why.errnum == EINVAL)) {
			rb_narrate(map->narrator, "map %s: no BPF_MAP_LOOKUP_BATCH here (%s): "
				   "next key by next key", map->name, strerror(why.errnum));
			ret = 0;
			break;
		}
		if (more < 0) {
			if (err)
				*err = why;
			rb_map_error(map, -1, err);
			break;
		}
		rb_narrate(map->narrator, "bpf(BPF_MAP_LOOKUP_BATCH, %s, count %u) = %u entries%s",
			   map->name, b.room, n, more ? "" : " (the end)");
		batch_deliver(d, &b, n);
		if (!more || d->stopped) {
			ret = 1;
			break;
		}
		memcpy(b.tokens, b.tokens + b.token_size, b.token_size); /* go on from there */
		first = 0;
	}
	free(b.tokens);
	free(b.keys);
	free(b.values);
	return ret;
}

static int dump_by_next_key(struct dump *d, struct rb_error *err)
{
	const struct rb_map *map = d->map;
	char *key = calloc(2, map->key_size ? map->key_size : 1);
	char *value = malloc(d->value_size ? d->value_size : 1);
	char *next = key + map->key_size;
	int ret = 0, have = 0;
	/* A map holds at most max_entries keys: a walk that meets more has
	 * started again (BPF_MAP_GET_NEXT_KEY on a key deleted meanwhile gives
	 * the first key: htab_map_get_next_key()), and on a map that changes
	 * all the time it could go round for ever. */
	uint64_t steps = 0, bound = map->max_entries ? map->max_entries : UINT64_MAX;

	if (!key || !value) {
		free(key);
		free(value);
		return rb_fail(err, RB_ERR_SYSTEM, "map %s: out of memory", map->name);
	}
	while (steps++ < bound && (ret = rb_map_next_key(map, have ? key : NULL, next, err)) == 1) {
		memcpy(key, next, map->key_size);
		have = 1;
		ret = rb_map_lookup(map, key, value, err);
		if (ret < 0)
			break;
		if (ret == 0) /* deleted since: go on from it anyway */
			continue;
		d->stopped = d->fn(d->ctx, key, value);
		d->count++;
		if (d->stopped)
			break;
	}
	free(key);
	free(value);
	return ret < 0 ? -1 : 0;
}

int rb_map_dump(const struct rb_map *map, rb_map_entry_fn fn, void *ctx, size_t *count,
		struct rb_error *err)
{
	struct dump d = { .map = map, .fn = fn, .ctx = ctx };
	int cpus = 1, done;

	if (count)
		*count = 0;
	if (map->fd < 0)
		return rb_fail(err, RB_ERR_INPUT, "map %s is not loaded (no fd)", map->name);
	if (rb_map_is_per_cpu(map) && rb_possible_cpus(&cpus, err))
		return -1;
	d.value_size = rb_map_value_buffer_size(map, cpus);
	done = dump_batched(&d, err);
	if (done == 0)
		done = dump_by_next_key(&d, err);
	if (count)
		*count = d.count;
	if (d.stopped)
		return d.stopped;
	return done < 0 ? -1 : 0;
}
