/* Which maps count by stack: the convention `rawbpf run` prints stacks by.
 *
 * bpf_get_stackid() stores a stack in a STACK_TRACE map and returns its id;
 * a profiler then counts samples in a hash map keyed by the ids (and whose
 * they are). The key is the program's own struct, so rawbpf recognises it
 * by its members' names in the object's BTF, the names libbpf-tools'
 * profile.h and bcc's profile.py use:
 *     struct key_t {
 *             __u32 pid;              // or tgid: whose user stack it is
 *             int user_stack_id;      // or ustack_id, user_stack
 *             int kern_stack_id;      // or kernel_stack_id, kstack_id, kern_stack
 *             char name[16];          // or comm
 *     };
 * A struct with at least one stack id member (a 4-byte integer) is such a
 * key; the map's value is the count (a 4- or 8-byte integer). The pid is
 * the process's (its tgid, bpf_get_current_pid_tgid() >> 32): user
 * addresses are resolved in that process's mappings. */
#include <string.h>

#include "object.h"

/* The first member of struct `s` named one of `names`: its byte offset
 * and size, or -1. */
static int member(const struct btf *btf, const struct btf_type *s, const char *const *names,
		  uint32_t *offset, uint32_t *size)
{
	const struct btf_member *m = btf_members(s);

	for (const char *const *n = names; *n; n++)
		for (unsigned i = 0; i < btf_vlen(s); i++) {
			struct rb_error ignored;
			uint64_t bytes;
			uint32_t bits = btf_member_bit_offset(s, &m[i]);

			if (strcmp(btf_name(btf, m[i].name_off), *n) != 0)
				continue;
			if (bits % 8 || btf_member_bitfield_size(s, &m[i]) ||
			    btf_type_size(btf, m[i].type, &bytes, &ignored) || bytes > UINT32_MAX)
				return -1; /* a bitfield, or no size: not one we read */
			*offset = bits / 8;
			*size = (uint32_t)bytes;
			return 0;
		}
	return -1;
}

int rb_map_stack_key_layout(const struct rb_object *obj, const struct rb_map *map,
			    struct rb_stack_key_layout *out)
{
	static const char *const pid[] = { "pid", "tgid", NULL };
	static const char *const user[] = { "user_stack_id", "ustack_id", "user_stack", NULL };
	static const char *const kern[] = { "kern_stack_id", "kernel_stack_id", "kstack_id",
					    "kern_stack", NULL };
	static const char *const comm[] = { "comm", "name", NULL };
	struct rb_stack_key_layout l = { 0 };
	const struct btf_type *t;
	struct rb_error ignored;
	uint32_t id, size;

	memset(out, 0, sizeof(*out));
	if (!obj->btf || !map->btf_key_type_id || map->is_data ||
	    (map->value_size != 4 && map->value_size != 8) ||
	    btf_resolve(obj->btf, map->btf_key_type_id, &id, &ignored))
		return 0;
	t = btf_type_by_id(obj->btf, id);
	if (!t || btf_kind(t) != BTF_KIND_STRUCT)
		return 0;
	l.has_user = member(obj->btf, t, user, &l.user_offset, &size) == 0 && size == 4;
	l.has_kern = member(obj->btf, t, kern, &l.kern_offset, &size) == 0 && size == 4;
	if (!l.has_user && !l.has_kern)
		return 0;
	l.has_pid = member(obj->btf, t, pid, &l.pid_offset, &size) == 0 && size == 4;
	l.has_comm = member(obj->btf, t, comm, &l.comm_offset, &l.comm_size) == 0;
	/* every member inside the key (BTF and the map's sizes agree at load,
	 * but the map may be sized by --map-size before) */
	if ((l.has_user && l.user_offset + 4 > map->key_size) ||
	    (l.has_kern && l.kern_offset + 4 > map->key_size) ||
	    (l.has_pid && l.pid_offset + 4 > map->key_size) ||
	    (l.has_comm && (uint64_t)l.comm_offset + l.comm_size > map->key_size))
		return 0;
	*out = l;
	return 1;
}
