/* Giving the object's BTF to the kernel, and what it makes possible.
 *
 * With BTF loaded (BPF_BTF_LOAD gives an fd), maps can be created with
 * their key and value types, and programs loaded with func_info (which
 * instruction starts which function, by BTF FUNC id) and line_info (which
 * source line each instruction comes from). Then the verifier's log shows
 * C source lines, and it verifies global functions on their own.
 *
 * The BTF given is the object's, as open/btf_object.c left it: there it
 * got the fix-ups clang leaves to the loader (a DATASEC's size and its
 * variables' offsets, which clang may write as zeros, from the ELF section
 * and symbol tables). Here, when the kernel refuses it, a copy is
 * rewritten for kernels that predate some kinds (rb_btf_sanitize). */
#include <elf.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "bpf_syscall.h"
#include "elf/btf_ext.h"
#include "kernel.h"

#define BTF_LOG_SIZE (256 * 1024)

static uint32_t first_int(const struct btf *btf)
{
	for (uint32_t id = 1; id < btf->count; id++)
		if (btf_kind(btf_type_by_id(btf, id)) == BTF_KIND_INT)
			return id;
	return 0;
}

static void set_kind(struct btf_type *t, unsigned kind, unsigned vlen)
{
	t->info = (kind << 24) | (vlen & 0xffff);
}

/* Rewrite what older kernels do not know into what they do, the way every
 * loader has to (libbpf calls it sanitisation). Each rewrite keeps the
 * record's size, so no type id moves:
 *   VAR (+4 bytes)          -> INT of 1 byte (+4: its encoding)
 *   DATASEC (+12 per var)   -> STRUCT (+12 per member)          < 5.2
 *   FUNC with global linkage -> static                         < 5.6
 *   FLOAT                   -> an empty STRUCT of the same size < 5.13
 *   DECL_TAG (+4)           -> INT of 1 byte (+4)              < 5.16
 *   TYPE_TAG                -> CONST                           < 5.17
 *   ENUM64 (+12 per value)  -> UNION (+12 per member)          < 6.0
 * rawbpf cannot ask the kernel which it knows without loading probes, so it
 * rewrites them all when the kernel refuses the original. Returns how many
 * types changed. */
unsigned rb_btf_sanitize(struct btf *btf)
{
	uint32_t int_id = first_int(btf);
	unsigned changed = 0;

	for (uint32_t id = 1; id < btf->count; id++) {
		struct btf_type *t = btf_type_mut(btf, id);
		uint32_t *extra = (uint32_t *)(t + 1);
		unsigned vlen = btf_vlen(t);

		switch (btf_kind(t)) {
		case BTF_KIND_VAR:
		case BTF_KIND_DECL_TAG:
			if (btf_kind(t) == BTF_KIND_DECL_TAG)
				t->name_off = 0; /* tags are not type names */
			set_kind(t, BTF_KIND_INT, 0);
			t->size = 1;
			extra[0] = 8; /* encoding: unsigned, 8 bits */
			break;
		case BTF_KIND_DATASEC: {
			/* {type, offset, size} becomes {name_off, type, bit offset} */
			for (unsigned i = 0; i < vlen; i++) {
				uint32_t *v = extra + 3 * i, type = v[0], offset = v[1];
				const struct btf_type *var = btf_type_by_id(btf, type);
				v[0] = var ? var->name_off : 0;
				v[1] = type;
				v[2] = offset * 8;
			}
			set_kind(t, BTF_KIND_STRUCT, vlen);
			t->name_off = 0; /* section names like ".bss" are not C names */
			break;
		}
		case BTF_KIND_FUNC:
			if (!vlen)
				continue;
			set_kind(t, BTF_KIND_FUNC, 0); /* linkage lives in vlen */
			break;
		case BTF_KIND_FLOAT:
			set_kind(t, BTF_KIND_STRUCT, 0);
			break;
		case BTF_KIND_TYPE_TAG:
			set_kind(t, BTF_KIND_CONST, 0);
			t->name_off = 0;
			break;
		case BTF_KIND_ENUM64:
			for (unsigned i = 0; i < vlen; i++) {
				uint32_t *v = extra + 3 * i; /* {name_off, lo, hi} */
				v[1] = int_id;
				v[2] = 0;
			}
			set_kind(t, BTF_KIND_UNION, vlen);
			break;
		default:
			continue;
		}
		changed++;
	}
	return changed;
}

int rb_load_btf(struct rb_object *obj, struct rb_error *err)
{
	union bpf_attr attr;
	char *log;
	int fd;

	if (!obj->btf)
		return 0;
	memset(&attr, 0, sizeof(attr));
	attr.btf = rb_ptr(obj->btf->data);
	attr.btf_size = (__u32)obj->btf->size;
	fd = rb_bpf(BPF_BTF_LOAD, &attr);
	if (fd >= 0) {
		obj->btf_fd = fd;
		rb_narrate(&obj->narrator, "bpf(BPF_BTF_LOAD, %zu bytes, %u types) = fd %d", obj->btf->size,
			 obj->btf->count - 1, fd);
		return 0;
	}
	/* No fd or no memory left is not a refusal of the BTF: loading on
	 * without it would only fail later, at the first map, and blur why. */
	if (rb_errno_is_resource(errno))
		return rb_fail_errno(err, RB_ERR_SYSTEM, errno, "%s: BPF_BTF_LOAD failed", obj->path);
	/* Refused: perhaps the kernel predates some kinds. Try the rewritten
	 * BTF on a copy, so the object's own stays intact for inspect. */
	{
		struct btf copy = *obj->btf;
		copy.data = malloc(obj->btf->size);
		if (copy.data) {
			unsigned changed;
			memcpy(copy.data, obj->btf->data, obj->btf->size);
			changed = rb_btf_sanitize(&copy);
			attr.btf = rb_ptr(copy.data);
			fd = changed ? rb_bpf(BPF_BTF_LOAD, &attr) : -1;
			free(copy.data);
			attr.btf = rb_ptr(obj->btf->data);
			if (fd >= 0) {
				obj->btf_fd = fd;
				rb_narrate(&obj->narrator, "bpf(BPF_BTF_LOAD) of the original failed; with %u "
					 "types rewritten for an older kernel = fd %d", changed, fd);
				return 0;
			}
		}
	}
	/* Still refused: ask again with the kernel's log, to say why, then go
	 * on without BTF. Programs that need it (global functions) will say so. */
	log = calloc(1, BTF_LOG_SIZE);
	attr.btf_log_buf = rb_ptr(log);
	attr.btf_log_size = log ? BTF_LOG_SIZE : 0;
	attr.btf_log_level = log ? 1 : 0;
	fd = rb_bpf(BPF_BTF_LOAD, &attr);
	if (fd >= 0) { /* accepted the second time: keep it */
		obj->btf_fd = fd;
		free(log);
		return 0;
	}
	{
		const char *last = log ? log : "";
		size_t n = log ? strlen(log) : 0;
		while (n && log[n - 1] == '\n')
			log[--n] = '\0';
		if (log && strrchr(log, '\n'))
			last = strrchr(log, '\n') + 1;
		snprintf(obj->btf_warning, sizeof(obj->btf_warning),
			 "the kernel refused the object's BTF (%s%s%s); loading without it",
			 strerror(errno), last[0] ? ": " : "", last);
	}
	rb_narrate(&obj->narrator, "%s", obj->btf_warning);
	free(log);
	return 0;
}

/* func_info and line_info of a flattened program: the records of each placed
 * function, moved to where it landed. The kernel wants instruction indexes
 * (the ELF has byte offsets) in increasing order, which placement order
 * gives: functions are placed at increasing bases. */
int rb_btf_program_info(const struct rb_object *obj, const struct rb_relocated *flat,
			struct rb_btf_info *out, struct rb_error *err)
{
	const struct btf_ext *ext = obj->btf_ext;

	*out = (struct rb_btf_info){ 0 };
	if (!ext || obj->btf_fd < 0)
		return 0;
	for (int pass = 0; pass < 2; pass++) {
		const struct btf_ext_info *info = pass == 0 ? &ext->func_info : &ext->line_info;
		size_t rec = pass == 0 ? sizeof(struct bpf_func_info_rec)
				       : sizeof(struct bpf_line_info_rec);
		size_t cap = 0, n = 0;
		uint8_t *recs = NULL;

		for (size_t f = 0; f < flat->fn_count; f++) {
			const struct rb_function *fn = flat->fns[f].fn;
			struct btf_ext_block block;

			btf_ext_find_block(info, obj->btf, fn->section_name, &block);
			/* the function's records: from its first instruction on
			 * (sorted: elf/btf_ext.c), up to the next function's */
			for (uint32_t i = btf_ext_first_at(&block, (uint32_t)(fn->first_insn *
									      sizeof(struct bpf_insn)));
			     i < block.count; i++) {
				const uint8_t *r = block.records + (size_t)i * block.rec_size;
				uint32_t insn_off;
				size_t insn;
				memcpy(&insn_off, r, 4);
				insn = insn_off / sizeof(struct bpf_insn);
				if (insn >= fn->first_insn + fn->insn_count)
					break;
				if (n == cap) {
					uint8_t *grown = realloc(recs, (cap = cap ? 2 * cap : 16) * rec);
					if (!grown) {
						free(recs);
						rb_btf_info_free(out);
						return rb_fail(err, RB_ERR_SYSTEM, "out of memory");
					}
					recs = grown;
				}
				memcpy(recs + n * rec, r, rec); /* the fields the kernel knows */
				insn_off = (uint32_t)(flat->fns[f].base + insn - fn->first_insn);
				memcpy(recs + n * rec, &insn_off, 4);
				n++;
			}
		}
		if (pass == 0) {
			out->func_info = recs;
			out->func_count = (uint32_t)n;
		} else {
			out->line_info = recs;
			out->line_count = (uint32_t)n;
		}
	}
	return 0;
}

void rb_btf_info_free(struct rb_btf_info *info)
{
	free(info->func_info);
	free(info->line_info);
	free(info->core_relos);
	*info = (struct rb_btf_info){ 0 };
}

/* The BTF id of the DATASEC describing a global-data section, or 0. */
uint32_t rb_btf_datasec_id(const struct rb_object *obj, const char *section)
{
	int64_t id = obj->btf ? btf_find_by_name_kind(obj->btf, section, BTF_KIND_DATASEC) : -1;

	return id > 0 ? (uint32_t)id : 0;
}
