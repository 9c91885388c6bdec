/* Attaching USDT probes: SEC("usdt/PATH:PROVIDER:NAME"), and a bare
 * SEC("usdt") with the target from rb_attach_opts (run --attach
 * PROG=PATH:PROVIDER:NAME), libbpf's syntax.
 *
 * A USDT probe is a nop in the target with a note saying where it is and
 * where its arguments are (elf/usdt.h). rawbpf reads the notes with its
 * own ELF reader and, as libbpf's usdt.c does, puts one uprobe on each
 * site of the probe, so the program runs at every one. A program built
 * with <bpf/usdt.bpf.h> (libbpf's or rawbpf's, which agree) finds its
 * arguments through two maps the header defines, which rawbpf fills before
 * attaching:
 *   __bpf_usdt_specs          spec id -> struct __bpf_usdt_spec (where
 *                             each argument is, elf_usdt_parse_args())
 *   __bpf_usdt_ip_to_spec_id  the site's address -> spec id
 * and the spec id of the site that fired is its BPF cookie (Linux 5.15:
 * the uprobe's perf event is attached by BPF_LINK_CREATE with
 * perf_event.bpf_cookie). On older kernels the program looks the address
 * up instead (the header's LINUX_HAS_BPF_COOKIE, a __kconfig extern rawbpf
 * sets from the same probe used here), which works where the address is
 * known before the process runs: an executable that is not position
 * independent (ET_EXEC).
 *
 * A probe with a semaphore is made with the uprobe's ref_ctr_offset (Linux
 * 4.20): the kernel increments the counter in every process that maps the
 * file while the uprobe exists, so the target sees its probe is traced.
 *
 * The map entries stay in the object's maps after a detach (the maps go
 * with the object); spec ids are not reused. */
#include <elf.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "attach.h"
#include "elf/usdt.h"
#include "loader/kernel/kernel.h"
#include "loader/open/read_file.h"

#define SPECS_MAP "__bpf_usdt_specs"
#define IP_MAP "__bpf_usdt_ip_to_spec_id"

/* The link: one uprobe link per site. */
struct usdt_link {
	struct rb_link link; /* first; its fd is -1 */
	size_t count;
	struct rb_link *sites[];
};

static int usdt_detach(struct rb_link *link, struct rb_error *err)
{
	struct usdt_link *ul = (struct usdt_link *)link;
	int ret = 0;

	for (size_t i = 0; i < ul->count; i++) {
		struct rb_error one;
		if (rb_link_destroy(ul->sites[i], &one) && !ret) {
			ret = -1;
			if (err)
				*err = one; /* the first that stays; the rest are alike */
		}
		ul->sites[i] = NULL;
	}
	return ret;
}

static const struct rb_link_ops usdt_link_ops = {
	.name = "usdt",
	.detach = usdt_detach,
};

/* "PATH:PROVIDER:NAME": the last two ':' end the path and the provider. */
static int split_target(const struct rb_program *prog, const char *origin, const char *target,
			char *path, size_t path_size, char *provider, char *name, size_t size,
			struct rb_error *err)
{
	const char *last = strrchr(target, ':'), *mid = NULL;

	for (const char *p = target; last && p < last; p++)
		if (*p == ':')
			mid = p;
	if (!mid || mid == target || mid + 1 == last || !last[1] ||
	    (size_t)(mid - target) >= path_size || (size_t)(last - mid - 1) >= size ||
	    strlen(last + 1) >= size)
		return rb_fail(err, RB_ERR_INPUT, "program %s: %s does not name PATH:PROVIDER:NAME "
			       "(a USDT probe: usdt/PATH:PROVIDER:NAME; rawbpf inspect PATH lists "
			       "them)", prog->fn.name, origin);
	snprintf(path, path_size, "%.*s", (int)(mid - target), target);
	snprintf(provider, size, "%.*s", (int)(last - mid - 1), mid + 1);
	snprintf(name, size, "%s", last + 1);
	return 0;
}

/* Nothing matched: say what the file has, so a typo is easy to see. */
static int no_such_probe(const struct rb_program *prog, const char *path, const char *provider,
			 const char *name, const struct elf_usdt_note *notes, size_t count,
			 struct rb_error *err)
{
	char list[400] = "";
	int provider_known = 0;
	size_t listed = 0;

	if (!count)
		return rb_fail(err, RB_ERR_INPUT, "program %s: %s has no USDT probes (no "
			       ".note.stapsdt notes: was it built with <sys/sdt.h>?)", prog->fn.name,
			       path);
	for (size_t i = 0; i < count; i++)
		provider_known |= strcmp(notes[i].provider, provider) == 0;
	for (size_t i = 0; i < count; i++) {
		size_t used = strlen(list);
		char one[160];
		int seen = 0;

		if (provider_known && strcmp(notes[i].provider, provider) != 0)
			continue;
		snprintf(one, sizeof(one), "%s:%s", notes[i].provider, notes[i].name);
		for (size_t j = 0; j < i && !seen; j++) /* one entry per probe, not per site */
			seen = (!provider_known || strcmp(notes[j].provider, provider) == 0) &&
			       strcmp(notes[j].provider, notes[i].provider) == 0 &&
			       strcmp(notes[j].name, notes[i].name) == 0;
		if (seen)
			continue;
		if (listed++ < 12)
			snprintf(list + used, sizeof(list) - used, "%s%s", used ? ", " : "", one);
	}
	return rb_fail(err, RB_ERR_INPUT, "program %s: %s has no USDT %s %s%s%s; %s: %s%s",
		       prog->fn.name, path, provider_known ? "probe" : "provider", provider,
		       provider_known ? ":" : "", provider_known ? name : "",
		       provider_known ? "its probes" : "the file's probes", list,
		       listed > 12 ? ", ..." : "");
}

/* The two maps of <bpf/usdt.bpf.h>, with the sizes rawbpf writes. */
static int usdt_maps(struct rb_program *prog, struct rb_map **specs, struct rb_map **ips,
		     struct rb_error *err)
{
	*specs = rb_object_map_by_name(prog->obj, SPECS_MAP);
	*ips = rb_object_map_by_name(prog->obj, IP_MAP);
	if (!*specs || !*ips)
		return rb_fail(err, RB_ERR_INPUT, "program %s (section %s): the object has no %s "
			       "map: a USDT program reads its arguments through the maps of "
			       "<bpf/usdt.bpf.h>; include it", prog->fn.name, prog->fn.section_name,
			       !*specs ? SPECS_MAP : IP_MAP);
	if ((*specs)->key_size != 4 || (*specs)->value_size != sizeof(struct elf_usdt_spec) ||
	    (*ips)->key_size != 8 || (*ips)->value_size != 4)
		return rb_fail(err, RB_ERR_INPUT, "program %s: maps %s (key %u, value %u bytes) and "
			       "%s (key %u, value %u) are not those of <bpf/usdt.bpf.h> (4 and %zu; "
			       "8 and 4)", prog->fn.name, SPECS_MAP, (*specs)->key_size,
			       (*specs)->value_size, IP_MAP, (*ips)->key_size, (*ips)->value_size,
			       sizeof(struct elf_usdt_spec));
	return 0;
}

/* The spec of each site into the maps; spec_ids[i] is site i's. Sites with
 * the same argument text share a spec, as in libbpf. */
static int write_specs(struct rb_program *prog, const struct elf_file *elf,
		       const struct elf_usdt_note *const *sites, size_t n, int cookies,
		       uint32_t *spec_ids, struct rb_error *err)
{
	struct rb_map *specs, *ips;

	if (usdt_maps(prog, &specs, &ips, err))
		return -1;
	for (size_t i = 0; i < n; i++) {
		struct elf_usdt_spec spec;
		uint32_t id = prog->obj->usdt_specs_used;
		long ip = (long)sites[i]->pc;

		for (size_t j = 0; j < i; j++)
			if (strcmp(sites[j]->args, sites[i]->args) == 0)
				id = spec_ids[j];
		spec_ids[i] = id;
		if (id == prog->obj->usdt_specs_used) {
			if (id >= specs->max_entries)
				return rb_fail(err, RB_ERR_INPUT, "program %s: %s holds %u USDT specs, "
					       "and this probe needs more (BPF_USDT_MAX_SPEC_CNT, or "
					       "--map-size %s=N)", prog->fn.name, SPECS_MAP,
					       specs->max_entries, SPECS_MAP);
			if (elf_usdt_parse_args(elf, sites[i], &spec, err) ||
			    rb_map_update_elem(specs, &id, sizeof(id), &spec, sizeof(spec), 0, err))
				return -1;
			prog->obj->usdt_specs_used++;
			rb_narrate(&prog->obj->narrator, "attach %s: USDT spec %u: \"%s\", %d "
				   "argument%s", prog->fn.name, id, sites[i]->args, spec.arg_cnt,
				   spec.arg_cnt == 1 ? "" : "s");
		}
		if (!cookies && rb_map_update_elem(ips, &ip, sizeof(ip), &id, sizeof(id), 0, err))
			return -1;
	}
	return 0;
}

/* One uprobe on site `n`, its cookie the spec id. */
static int attach_site(struct rb_program *prog, const char *path, const struct elf_usdt_note *n,
		       int cookies, uint32_t spec_id, struct rb_link **out, struct rb_error *err)
{
	char what[1200], location[600], ref[40] = "";
	struct rb_probe probe;

	if (n->sema_offset)
		snprintf(ref, sizeof(ref), "(0x%llx)", (unsigned long long)n->sema_offset);
	snprintf(location, sizeof(location), "%s:0x%llx%s", path,
		 (unsigned long long)n->pc_offset, ref);
	snprintf(what, sizeof(what), "usdt %s:%s:%s at file offset 0x%llx%s%s", path, n->provider,
		 n->name, (unsigned long long)n->pc_offset, n->sema_offset ? ", semaphore at " : "",
		 n->sema_offset ? ref : "");
	rb_narrate(&prog->obj->narrator, "attach %s: usdt %s:%s site at 0x%llx (file offset 0x%llx)"
		   "%s%s, spec %u", prog->fn.name, n->provider, n->name, (unsigned long long)n->pc,
		   (unsigned long long)n->pc_offset, n->sema_offset ? ", semaphore file offset " : "",
		   ref, spec_id);
	probe = (struct rb_probe){
		.pmu = "uprobe",
		.target = path,
		.offset = n->pc_offset,
		.location = location,
		.what = what,
		.ref_ctr_offset = n->sema_offset,
		.with_cookie = cookies,
		.cookie = spec_id,
	};
	return rb_attach_probe(prog, &probe, out, err);
}

/* Everything the file says, checked before anything is made. */
static int find_sites(struct rb_program *prog, const char *path, const struct elf_file *elf,
		      const char *provider, const char *name, int cookies,
		      struct elf_usdt_note **notes, const struct elf_usdt_note ***sites, size_t *n,
		      struct rb_error *err)
{
	size_t count;
	int semaphores = 0;

	*sites = NULL;
	*n = 0;
	if (elf_usdt_notes(elf, notes, &count, err))
		return -1;
	*sites = calloc(count ? count : 1, sizeof(**sites));
	if (!*sites)
		return rb_fail(err, RB_ERR_SYSTEM, "out of memory");
	for (size_t i = 0; i < count; i++)
		if (strcmp((*notes)[i].provider, provider) == 0 && strcmp((*notes)[i].name, name) == 0) {
			(*sites)[(*n)++] = &(*notes)[i];
			semaphores |= (*notes)[i].semaphore != 0;
		}
	if (!*n)
		return no_such_probe(prog, path, provider, name, *notes, count, err);
	if (!cookies && elf->type != ET_EXEC)
		return rb_fail(err, RB_ERR_KERNEL, "program %s: %s:%s in %s: this kernel has no BPF "
			       "cookies (Linux 5.15), so the program finds a site by its address, "
			       "and %s is position independent (a library or a PIE): its addresses "
			       "are known only once a process maps it", prog->fn.name, provider,
			       name, path, path);
	if (semaphores && prog->obj->probe_mode != RB_PROBE_TRACEFS &&
	    rb_uprobe_ref_ctr_shift() < 0 && access("/sys/bus/event_source/devices/uprobe", F_OK) == 0)
		return rb_fail(err, RB_ERR_KERNEL, "program %s: %s:%s has a semaphore, and this "
			       "kernel's uprobe PMU takes no ref_ctr_offset (Linux 4.20)",
			       prog->fn.name, provider, name);
	return 0;
}

static int attach_usdt(struct rb_program *prog, const struct rb_attach_opts *opts,
		       struct rb_link **out, struct rb_error *err)
{
	char origin[600], given[512], path[512], provider[128], name[128], what[600];
	const struct elf_usdt_note **sites = NULL;
	struct elf_usdt_note *notes = NULL;
	struct usdt_link *ul = NULL;
	uint32_t *spec_ids = NULL;
	struct elf_file elf = { 0 };
	int cookies = rb_kernel_has_bpf_cookie(), ret = -1;
	uint8_t *data = NULL;
	size_t size, n = 0;

	rb_target_origin(prog, opts, origin, sizeof(origin));
	if (split_target(prog, origin, opts->target, given, sizeof(given), provider, name,
			 sizeof(name), err) ||
	    rb_uprobe_resolve_binary(prog, origin, given, path, sizeof(path), err))
		return -1;
	snprintf(what, sizeof(what), "usdt target %s", path);
	if (rb_read_elf_tables(path, what, RB_UPROBE_TARGET_MAX_SIZE, &data, &size, err))
		return -1;
	if (elf_open(&elf, path, data, size, err) ||
	    find_sites(prog, path, &elf, provider, name, cookies, &notes, &sites, &n, err))
		goto out;
	spec_ids = calloc(n, sizeof(*spec_ids));
	ul = calloc(1, sizeof(*ul) + n * sizeof(ul->sites[0]));
	if (!spec_ids || !ul) {
		rb_fail(err, RB_ERR_SYSTEM, "out of memory");
		goto out;
	}
	rb_narrate(&prog->obj->narrator, "attach %s: %s has %zu site%s of USDT probe %s:%s; BPF "
		   "cookies: %s", prog->fn.name, path, n, n == 1 ? "" : "s", provider, name,
		   cookies ? "yes (the spec id)" : "no (" IP_MAP ")");
	/* The maps first: a site may fire as soon as its uprobe exists. */
	if (write_specs(prog, &elf, sites, n, cookies, spec_ids, err))
		goto out;
	for (ul->count = 0; ul->count < n; ul->count++)
		if (attach_site(prog, path, sites[ul->count], cookies, spec_ids[ul->count],
				&ul->sites[ul->count], err))
			goto out;
	ul->link.ops = &usdt_link_ops;
	ul->link.fd = -1;
	ul->link.narrator = prog->obj->narrator;
	*out = &ul->link;
	ul = NULL;
	ret = 0;
out:
	if (ul) { /* undo the sites attached so far */
		struct rb_error left;
		if (usdt_detach(&ul->link, &left) && err) {
			size_t used = strlen(err->msg);
			snprintf(err->msg + used, sizeof(err->msg) - used, "; and %s", left.msg);
		}
		free(ul);
	}
	free(spec_ids);
	free(sites);
	free(notes);
	elf_close(&elf);
	rb_free_elf_tables(data, size);
	return ret;
}

/* usdt/PATH:PROVIDER:NAME, and bare usdt with a target given. */
const struct rb_attach_provider rb_provider_usdt = {
	.name = "usdt",
	.options = RB_ATTACH_OPT_TARGET,
	.attach = attach_usdt,
};
