/* core_compare(): rawbpf's CO-RE against the kernel's, by the instructions
 * the verifier ends up with (xlated.h).
 *
 * Both loads go through the same library path except for who applies the
 * CO-RE records, so any difference in the translated instructions is a
 * difference in how the records were applied. Two things differ between
 * two loads of one object for other reasons, and are compared for what
 * they mean rather than byte by byte:
 *   - map references: the kernel shows an ld_imm64 of a map as src_reg
 *     BPF_PSEUDO_MAP_FD / BPF_PSEUDO_MAP_VALUE, imm = the map's id and the
 *     next imm = the offset in its value (bpf_insn_prepare_dump() in
 *     kernel/bpf/syscall.c); each load has its own maps, so the ids differ.
 *     They are compared as "the same map of the object, the same offset".
 *   - nothing else: helper calls are the same kernel's addresses (or both
 *     0 when kernel.kptr_restrict hides them), and the programs the tests
 *     compare take no callback addresses.
 * Dead code the verifier removed (a poisoned instruction behind an
 * bpf_core_field_exists that is false) is gone from both. */
#include <errno.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/syscall.h>
#include <unistd.h>

#include "loader/rawbpf.h"
#include "uapi/linux/bpf.h"
#include "xlated.h"

#define MODES 2
static const char *const mode_name[MODES] = { "rawbpf's CO-RE", "the kernel's CO-RE" };

struct loaded {
	struct rb_object *obj;
	struct rb_map *maps;
	size_t map_count;
	uint32_t *map_ids; /* map_ids[i]: the kernel's id of maps[i] */
};

static int sys_bpf(int cmd, union bpf_attr *attr)
{
	return (int)syscall(SYS_bpf, cmd, attr, sizeof(*attr));
}

static int obj_info(int fd, void *info, uint32_t len)
{
	union bpf_attr attr;

	memset(&attr, 0, sizeof(attr));
	attr.info.bpf_fd = (uint32_t)fd;
	attr.info.info_len = len;
	attr.info.info = (uint64_t)(uintptr_t)info;
	return sys_bpf(BPF_OBJ_GET_INFO_BY_FD, &attr);
}

/* The program's translated instructions: *count of them, malloc'd. */
static struct bpf_insn *xlated(int fd, size_t *count)
{
	struct bpf_prog_info info;
	struct bpf_insn *insns;

	memset(&info, 0, sizeof(info));
	if (obj_info(fd, &info, sizeof(info)) || info.xlated_prog_len == 0)
		return NULL;
	insns = malloc(info.xlated_prog_len);
	if (!insns)
		return NULL;
	*count = info.xlated_prog_len / sizeof(*insns);
	memset(&info, 0, sizeof(info));
	info.xlated_prog_len = (uint32_t)(*count * sizeof(*insns));
	info.xlated_prog_insns = (uint64_t)(uintptr_t)insns;
	if (obj_info(fd, &info, sizeof(info))) {
		free(insns);
		return NULL;
	}
	return insns;
}

static int load(struct loaded *l, const char *path, int by_kernel, char *why, size_t size)
{
	struct rb_open_opts opts = { .core_by_kernel = by_kernel };
	struct rb_error err = { 0 };

	memset(l, 0, sizeof(*l));
	if (rb_object_open(&l->obj, path, &opts, &err) || rb_object_load(l->obj, &err)) {
		snprintf(why, size, "%s: loading with %s failed: %s\n", path,
			 mode_name[by_kernel], err.msg);
		return -1;
	}
	l->maps = rb_object_maps(l->obj, &l->map_count);
	l->map_ids = calloc(l->map_count + 1, sizeof(*l->map_ids));
	if (!l->map_ids) {
		snprintf(why, size, "out of memory\n");
		return -1;
	}
	for (size_t i = 0; i < l->map_count; i++) {
		struct bpf_map_info info;
		memset(&info, 0, sizeof(info));
		if (obj_info(l->maps[i].fd, &info, sizeof(info))) {
			snprintf(why, size, "%s: map %s: BPF_OBJ_GET_INFO_BY_FD: %s\n", path,
				 l->maps[i].name, strerror(errno));
			return -1;
		}
		l->map_ids[i] = info.id;
	}
	return 0;
}

static void unload(struct loaded *l)
{
	rb_object_close(l->obj);
	free(l->map_ids);
	memset(l, 0, sizeof(*l));
}

/* Which of the object's maps an xlated ld_imm64 refers to, or -1. */
static long map_of(const struct loaded *l, const struct bpf_insn *insn)
{
	if (insn->src_reg != BPF_PSEUDO_MAP_FD && insn->src_reg != BPF_PSEUDO_MAP_VALUE)
		return -1;
	for (size_t i = 0; i < l->map_count; i++)
		if (l->map_ids[i] == (uint32_t)insn->imm)
			return (long)i;
	return -1;
}

/* For the disassembler: "map[out]" in place of an id. */
struct names {
	const struct loaded *l;
	const struct bpf_insn *insns;
	char buf[64];
};

static const char *map_name(void *ctx, size_t i)
{
	struct names *n = ctx;
	long m = map_of(n->l, &n->insns[i]);

	if (m < 0)
		return NULL;
	snprintf(n->buf, sizeof(n->buf), "map[%s]%s", n->l->maps[m].name,
		 n->insns[i].src_reg == BPF_PSEUDO_MAP_VALUE ? " value" : "");
	return n->buf;
}

/* Is slot i the same in both (for an ld_imm64, slots i and i + 1)? */
static int same_insn(const struct loaded l[MODES], const struct bpf_insn *a,
		     const struct bpf_insn *b, size_t i, size_t count)
{
	int wide = a[i].code == (BPF_LD | BPF_IMM | BPF_DW) && i + 1 < count;
	long ma = wide ? map_of(&l[0], &a[i]) : -1, mb = wide ? map_of(&l[1], &b[i]) : -1;

	if (ma >= 0 || mb >= 0)
		return ma == mb && a[i].code == b[i].code && a[i].dst_reg == b[i].dst_reg &&
		       a[i].src_reg == b[i].src_reg && a[i + 1].imm == b[i + 1].imm;
	return memcmp(&a[i], &b[i], (wide ? 2 : 1) * sizeof(*a)) == 0;
}

static void append(char *report, size_t size, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));
static void append(char *report, size_t size, const char *fmt, ...)
{
	size_t used = strlen(report);
	va_list ap;

	if (used + 1 >= size)
		return;
	va_start(ap, fmt);
	vsnprintf(report + used, size - used, fmt, ap);
	va_end(ap);
}

/* Compare program p of both loads; 0 same, 1 different, -1 unreadable. */
static int compare_program(const struct loaded l[MODES], size_t p, char *report, size_t size,
			   struct core_compare_stats *stats)
{
	size_t n[MODES] = { 0 }, count, programs;
	struct rb_program *progs[MODES];
	struct bpf_insn *insns[MODES];
	int ret = 0;

	for (int m = 0; m < MODES; m++) {
		progs[m] = rb_object_programs(l[m].obj, &programs);
		insns[m] = xlated(progs[m][p].fd, &n[m]);
	}
	if (!insns[0] || !insns[1]) {
		append(report, size, "program %s: cannot read its translated instructions: %s\n",
		       progs[0][p].fn.name, strerror(errno));
		free(insns[0]);
		free(insns[1]);
		return -1;
	}
	count = n[0] < n[1] ? n[0] : n[1];
	for (size_t i = 0; i < count && !ret;) {
		size_t step = rb_insn_code(insns[0], i) == (BPF_LD | BPF_IMM | BPF_DW) ? 2 : 1;

		if (!same_insn(l, insns[0], insns[1], i, count)) {
			append(report, size, "program %s: instruction %zu differs:\n",
			       progs[0][p].fn.name, i);
			for (int m = 0; m < MODES; m++) {
				struct names names = { &l[m], insns[m], "" };
				char text[160];
				const uint8_t *raw = (const uint8_t *)&insns[m][i];
				rb_disasm_insn(insns[m], n[m], i, map_name, &names, text,
					       sizeof(text));
				append(report, size, "    %-19s %-40s (%02x %02x %02x%02x %02x%02x%02x%02x)\n",
				       mode_name[m], text, raw[0], raw[1], raw[2], raw[3], raw[4],
				       raw[5], raw[6], raw[7]);
			}
			ret = 1;
		}
		i += step;
	}
	if (!ret && n[0] != n[1]) {
		append(report, size, "program %s: %zu instructions with %s, %zu with %s\n",
		       progs[0][p].fn.name, n[0], mode_name[0], n[1], mode_name[1]);
		ret = 1;
	}
	if (!ret)
		append(report, size, "program %s: %zu translated instructions, the same\n",
		       progs[0][p].fn.name, n[0]);
	stats->programs++;
	stats->insns += count;
	free(insns[0]);
	free(insns[1]);
	return ret;
}

int core_compare(const char *path, char *report, size_t size, struct core_compare_stats *stats)
{
	struct loaded l[MODES];
	size_t programs = 0;
	int ret = 0;

	memset(stats, 0, sizeof(*stats));
	memset(l, 0, sizeof(l));
	report[0] = '\0';
	for (int m = 0; m < MODES && ret == 0; m++)
		if (load(&l[m], path, m, report, size))
			ret = -1;
	if (ret == 0) {
		rb_object_core_relocs(l[0].obj, &stats->core_relocs);
		rb_object_programs(l[0].obj, &programs);
	}
	for (size_t p = 0; p < programs && ret >= 0; p++) {
		int r = compare_program(l, p, report, size, stats);
		ret = r < 0 ? -1 : (ret || r);
	}
	for (int m = 0; m < MODES; m++)
		unload(&l[m]);
	return ret;
}
