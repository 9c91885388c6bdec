/* Stacks at the end of `rawbpf run`: the maps that count by stack
 * (rb_map_stack_key_layout: a key with pid, user_stack_id, kern_stack_id,
 * comm), each entry with its frames named, and the folded format
 * (--folded) flame-graph tools read:
 *     comm;main;work;hot_function;asm_sysvec_apic_timer_interrupt 42
 * root first: the process's name, its user frames from the outermost in,
 * then the kernel's (a sample that interrupted user code has both), then
 * the count. Identical lines are merged, and the largest count comes first.
 *
 * User frames need the process's mappings, which are gone once it exits:
 * run calls stacks_note_pids() as it runs (a timer), which notes every pid
 * the counts name so far (rb_symbolizer_note_pid). */
#include <stdlib.h>
#include <string.h>

#include "stacks.h"

#define MAX_COUNTED 8
#define MAX_DEPTH 512 /* above the kernel's limit, kernel.perf_event_max_stack (127) */

struct counted {
	const struct rb_map *map;
	struct rb_stack_key_layout l;
};

struct stacks {
	struct rb_object *obj;
	struct rb_symbolizer *sym;
	const struct rb_map *stack_map; /* the object's (first) STACK_TRACE map */
	struct counted counted[MAX_COUNTED];
	size_t ncounted;
};

/* One entry of a counts map, decoded. */
struct entry {
	int pid;
	char comm[64];
	int32_t user_id, kern_id; /* < 0: none (-EFAULT: no user stack, a kernel thread) */
	uint64_t count;
};

static const struct rb_map *first_stack_map(const struct rb_object *obj)
{
	size_t count;
	const struct rb_map *maps = rb_object_maps(obj, &count);

	for (size_t i = 0; i < count; i++)
		if (rb_map_is_stack_trace(&maps[i]) && maps[i].fd >= 0)
			return &maps[i];
	return NULL;
}

int stacks_shown_apart(const struct rb_object *obj, const struct rb_map *map)
{
	struct rb_stack_key_layout l;

	if (!first_stack_map(obj))
		return 0;
	return rb_map_is_stack_trace(map) || rb_map_stack_key_layout(obj, map, &l);
}

int stacks_open(struct stacks **out, struct rb_object *obj, struct rb_error *err)
{
	size_t count;
	struct rb_map *maps = rb_object_maps(obj, &count);
	struct stacks *st;

	*out = NULL;
	if (!first_stack_map(obj))
		return 0;
	st = calloc(1, sizeof(*st));
	if (!st)
		return rb_fail(err, RB_ERR_SYSTEM, "out of memory");
	st->obj = obj;
	st->stack_map = first_stack_map(obj);
	for (size_t i = 0; i < count && st->ncounted < MAX_COUNTED; i++) {
		struct counted *c = &st->counted[st->ncounted];
		if (maps[i].fd >= 0 && rb_map_stack_key_layout(obj, &maps[i], &c->l)) {
			c->map = &maps[i];
			st->ncounted++;
		}
	}
	if (rb_symbolizer_open(&st->sym, err)) {
		free(st);
		return -1;
	}
	*out = st;
	return 0;
}

int stacks_have_counts(const struct stacks *st)
{
	return st && st->ncounted > 0;
}

void stacks_close(struct stacks *st)
{
	if (!st)
		return;
	rb_symbolizer_close(st->sym);
	free(st);
}

static uint32_t u32_at(const uint8_t *p)
{
	uint32_t v;
	memcpy(&v, p, 4);
	return v;
}

static void decode(const struct counted *c, const uint8_t *key, const uint8_t *value,
		   struct entry *e)
{
	const struct rb_stack_key_layout *l = &c->l;
	size_t n;

	*e = (struct entry){ .user_id = -1, .kern_id = -1 };
	if (l->has_pid)
		e->pid = (int)u32_at(key + l->pid_offset);
	if (l->has_user)
		e->user_id = (int32_t)u32_at(key + l->user_offset);
	if (l->has_kern)
		e->kern_id = (int32_t)u32_at(key + l->kern_offset);
	if (l->has_comm) {
		n = l->comm_size < sizeof(e->comm) - 1 ? l->comm_size : sizeof(e->comm) - 1;
		memcpy(e->comm, key + l->comm_offset, n);
		e->comm[n] = '\0'; /* up to the first NUL */
	}
	if (c->map->value_size == 8)
		memcpy(&e->count, value, 8);
	else
		e->count = u32_at(value);
}

/* What read_entries() gathers, one decoded entry per map entry. */
struct gathered {
	const struct counted *c;
	struct entry *all;
	size_t n, cap;
};

static int gather_one(void *ctx, const void *key, const void *value)
{
	struct gathered *g = ctx;

	if (g->n == g->cap) /* a hash map holds at most max_entries: stop */
		return 1;
	decode(g->c, key, value, &g->all[g->n++]);
	return 0;
}

/* Every entry of counts map c: *out (free() it), *n of them. The library's
 * dump walks the map (in batches where the kernel can) and hands each
 * value in a buffer of the map's full value size. */
static int read_entries(const struct counted *c, struct entry **out, size_t *n,
			struct rb_error *err)
{
	const struct rb_map *map = c->map;
	size_t cap = map->max_entries ? map->max_entries : 1;
	struct gathered g = { c, calloc(cap, sizeof(struct entry)), 0, cap };

	*out = NULL;
	*n = 0;
	if (!g.all)
		return rb_fail(err, RB_ERR_SYSTEM, "out of memory");
	if (rb_map_dump(map, gather_one, &g, NULL, err) < 0) {
		free(g.all);
		return -1;
	}
	*out = g.all;
	*n = g.n;
	return 0;
}

void stacks_note_pids(struct stacks *st)
{
	struct rb_error ignored;

	for (size_t c = 0; st && c < st->ncounted; c++) {
		struct entry *all;
		size_t n;

		if (!st->counted[c].l.has_pid || read_entries(&st->counted[c], &all, &n, &ignored))
			continue;
		for (size_t i = 0; i < n; i++) {
			int seen = 0;
			for (size_t j = 0; j < i && !seen; j++)
				seen = all[j].pid == all[i].pid;
			if (!seen && all[i].pid > 0)
				rb_symbolizer_note_pid(st->sym, all[i].pid);
		}
		free(all);
	}
}

/* Stack `id`'s frames, named: *count of them into frames[MAX_DEPTH]. pid
 * 0: a kernel stack; -1: a stack of unknown kind (the STACK_TRACE map
 * alone), whose kernel addresses (the top half of a 64-bit address space,
 * on x86-64, arm64, riscv64) are named. */
static void frames_of(struct stacks *st, int32_t id, int pid, struct rb_frame *frames,
		      size_t *count)
{
	uint64_t ips[MAX_DEPTH];
	struct rb_error ignored;

	*count = 0;
	if (id < 0 || rb_stack_read(st->stack_map, (uint32_t)id, ips, MAX_DEPTH, count,
				    &ignored) != 1) {
		*count = 0;
		return;
	}
	for (size_t i = 0; i < *count; i++)
		rb_symbolize(st->sym, pid >= 0 ? pid : (int64_t)ips[i] < 0 ? 0 : -1, ips[i], i > 0,
			     &frames[i]);
}

static void print_frames_json(FILE *out, const struct rb_frame *f, size_t n)
{
	fputc('[', out);
	for (size_t i = 0; i < n; i++) {
		fprintf(out, "%s{\"addr\":\"0x%llx\",\"sym\":", i ? "," : "",
			(unsigned long long)f[i].addr);
		if (f[i].sym)
			print_json_string(out, f[i].sym);
		else
			fputs("null", out);
		fprintf(out, ",\"offset\":%llu,\"module\":", (unsigned long long)f[i].offset);
		if (f[i].module)
			print_json_string(out, f[i].module);
		else
			fputs("null", out);
		fputc('}', out);
	}
	fputc(']', out);
}

static void print_frames_human(FILE *out, const struct rb_frame *f, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		fputs("    ", out);
		if (f[i].sym) {
			print_text(out, f[i].sym, 0);
			fprintf(out, "+0x%llx", (unsigned long long)f[i].offset);
		} else {
			fprintf(out, "0x%llx", (unsigned long long)f[i].addr);
		}
		fputs("  ", out);
		print_text(out, f[i].module ? f[i].module : "[unknown]", 0);
		fputc('\n', out);
	}
}

/* A stack id that is an error (bpf_get_stackid, kernel/bpf/stackmap.c):
 * -EFAULT is "no such stack" (a kernel thread's user stack, a sample in
 * user mode's kernel one) and goes unsaid; the others lost a stack. */
static void print_lost(FILE *out, const char *which, int32_t id)
{
	if (id >= 0 || id == -14 /* EFAULT */ || id == -1 /* the key has no such member */)
		return;
	fprintf(out, "    [%s stack lost: %d%s]\n", which, id,
		id == -17 ? " EEXIST, its slot in the stack map held another stack: a "
			    "larger max_entries, or BPF_F_REUSE_STACKID" : "");
}

/* A name in a folded line: ';' separates frames and ' ' ends the stack,
 * so neither (nor any byte outside printable ASCII) may be in one. */
static void fold_name(FILE *f, const char *s)
{
	for (; *s; s++)
		fputc(*s == ';' || *s <= ' ' || *s > '~' ? '_' : *s, f);
}

/* A frame in a folded line: its function, else "[FILE]" (the basename of
 * its module: which library at least), else "[unknown]" as perf writes it. */
static void fold_frame(FILE *f, const struct rb_frame *fr)
{
	const char *base = fr->module ? strrchr(fr->module, '/') : NULL;

	fputc(';', f);
	if (fr->sym) {
		fold_name(f, fr->sym);
	} else if (base && base[1]) {
		fputc('[', f);
		fold_name(f, base + 1);
		fputc(']', f);
	} else {
		fputs("[unknown]", f);
	}
}

/* The folded line of entry e (without the count), malloc'd. */
static char *folded_line(const struct entry *e, const struct rb_frame *user, size_t nu,
			 const struct rb_frame *kern, size_t nk)
{
	char *line = NULL;
	size_t len;
	FILE *f = open_memstream(&line, &len);

	if (!f)
		return NULL;
	fold_name(f, e->comm[0] ? e->comm : "[unknown]");
	for (size_t i = nu; i-- > 0;)
		fold_frame(f, &user[i]);
	for (size_t i = nk; i-- > 0;)
		fold_frame(f, &kern[i]);
	fclose(f);
	return line;
}

struct folded {
	char *line;
	uint64_t count;
};

static int by_line(const void *a, const void *b)
{
	return strcmp(((const struct folded *)a)->line, ((const struct folded *)b)->line);
}

static int by_count_desc(const void *a, const void *b)
{
	const struct folded *x = a, *y = b;

	if (x->count != y->count)
		return x->count < y->count ? 1 : -1;
	return strcmp(x->line, y->line);
}

static int by_entry_count_desc(const void *a, const void *b)
{
	const struct entry *x = a, *y = b;

	if (x->count != y->count)
		return x->count < y->count ? 1 : -1;
	return x->pid - y->pid;
}

static int print_counted(FILE *out, struct stacks *st, const struct counted *c, int json,
			 struct folded **fold, size_t *nfold, struct rb_error *err)
{
	struct rb_frame user[MAX_DEPTH], kern[MAX_DEPTH];
	struct entry *all;
	size_t n;

	if (read_entries(c, &all, &n, err))
		return -1;
	qsort(all, n, sizeof(*all), by_entry_count_desc);
	if (!json && !fold) {
		fputs("map ", out);
		print_text(out, c->map->name, 0);
		fprintf(out, " (%s, %u entries: samples by stack; frames from map ",
			rb_map_type_name(c->map->type), (unsigned)n);
		print_text(out, st->stack_map->name, 0);
		fputs(")\n", out);
	}
	if (fold) {
		struct folded *grown = realloc(*fold, (*nfold + n + 1) * sizeof(**fold));
		if (!grown) {
			free(all);
			return rb_fail(err, RB_ERR_SYSTEM, "out of memory");
		}
		*fold = grown;
	}
	for (size_t i = 0; i < n; i++) {
		const struct entry *e = &all[i];
		size_t nu, nk;

		frames_of(st, e->user_id, e->pid, user, &nu);
		frames_of(st, e->kern_id, 0, kern, &nk);
		if (fold) {
			char *line = folded_line(e, user, nu, kern, nk);
			if (!line) {
				free(all);
				return rb_fail(err, RB_ERR_SYSTEM, "out of memory");
			}
			(*fold)[(*nfold)++] = (struct folded){ line, e->count };
		} else if (json) {
			fputs("{\"type\":\"stack\",\"map\":", out);
			print_json_string(out, c->map->name);
			fprintf(out, ",\"pid\":%d,\"comm\":", e->pid);
			print_json_string(out, e->comm);
			fprintf(out, ",\"count\":%llu,\"user_stack_id\":%d,\"kern_stack_id\":%d,"
				"\"user\":", (unsigned long long)e->count, e->user_id, e->kern_id);
			print_frames_json(out, user, nu);
			fputs(",\"kernel\":", out);
			print_frames_json(out, kern, nk);
			fputs("}\n", out);
		} else {
			fprintf(out, "  %llu  ", (unsigned long long)e->count);
			print_text(out, e->comm[0] ? e->comm : "?", 0);
			fprintf(out, " (pid %d)\n", e->pid);
			print_lost(out, "kernel", e->kern_id);
			print_frames_human(out, kern, nk);
			if (nk && nu)
				fputs("    --\n", out);
			print_lost(out, "user", e->user_id);
			print_frames_human(out, user, nu);
		}
	}
	free(all);
	return 0;
}

/* The STACK_TRACE map alone (no map counts by it): each stack, kernel
 * addresses named (user ones need a pid, which nothing gives). */
static int print_stack_map(FILE *out, struct stacks *st, int json, struct rb_error *err)
{
	struct rb_frame frames[MAX_DEPTH];
	const struct rb_map *map = st->stack_map;
	uint32_t key = 0, next;
	int has_key = 0;

	if (!json) {
		fputs("map ", out);
		print_text(out, map->name, 0);
		fprintf(out, " (stack_trace, max_entries %u)\n", map->max_entries);
	}
	for (uint32_t i = 0; i < map->max_entries; i++) {
		size_t n;
		int more = rb_map_next_key(map, has_key ? &key : NULL, &next, err);
		if (more <= 0)
			return more;
		key = next;
		has_key = 1;
		frames_of(st, (int32_t)key, -1, frames, &n);
		if (json) {
			fputs("{\"type\":\"stack\",\"map\":", out);
			print_json_string(out, map->name);
			fprintf(out, ",\"stack_id\":%u,\"frames\":", key);
			print_frames_json(out, frames, n);
			fputs("}\n", out);
		} else {
			fprintf(out, "  stack %u\n", key);
			print_frames_human(out, frames, n);
		}
	}
	return 0;
}

int print_stacks(FILE *out, struct stacks *st, int json, int folded, struct rb_error *err)
{
	struct folded *fold = NULL;
	size_t nfold = 0, kept = 0;
	int ret = 0;

	if (!st)
		return 0;
	stacks_note_pids(st); /* the processes still alive, once more */
	if (!st->ncounted)
		return folded ? 0 : print_stack_map(out, st, json, err);
	for (size_t c = 0; c < st->ncounted && !ret; c++)
		ret = print_counted(out, st, &st->counted[c], json, folded ? &fold : NULL, &nfold,
				    err);
	if (folded && !ret && nfold) {
		/* merge identical lines (two pids of one name), then by count */
		qsort(fold, nfold, sizeof(*fold), by_line);
		for (size_t i = 0; i < nfold; i++) {
			if (kept && strcmp(fold[kept - 1].line, fold[i].line) == 0) {
				fold[kept - 1].count += fold[i].count;
				free(fold[i].line);
			} else {
				fold[kept++] = fold[i];
			}
		}
		qsort(fold, kept, sizeof(*fold), by_count_desc);
		for (size_t i = 0; i < kept; i++)
			fprintf(out, "%s %llu\n", fold[i].line, (unsigned long long)fold[i].count);
		nfold = kept;
	}
	for (size_t i = 0; i < nfold; i++)
		free(fold[i].line);
	free(fold);
	return ret;
}
