/* The toolbox commands against bpftool, on the same kernel objects:
 * `rawbpf load --pin`, `prog list`, `map list`, `map dump`, `map update`,
 * `map delete`, `prog dump`, `link list`, and their errors.
 *
 * Determinism: the objects are pinned in a BPF filesystem mounted in a
 * private mount namespace (in_bare_mount_namespace), so they are the
 * test's alone, and however the test ends, the namespace's end unmounts
 * the bpffs and the kernel frees what only the pins held. The test also
 * removes the pins itself, and the parent then waits until no program,
 * map or link is left that was not there before. bpftool is the oracle:
 * its JSON (`bpftool -j prog show id N`, `map show id N`, `map dump id N`)
 * must say what rawbpf's --json says, field for field. */
#include <errno.h>
#include <fcntl.h>
#include <net/if.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mount.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "cases.h"
#include "check.h"

#define PIN_DIR "/sys/fs/bpf/tb"
#define BPFTOOL "bpftool"

/* ---- a little JSON: enough for bpftool's output and rawbpf's lines ---- */

/* The end of the JSON value starting at p (a string, number, literal,
 * array or object), or NULL. */
static const char *value_end(const char *p)
{
	int depth = 0, in_string = 0;

	for (const char *q = p; *q; q++) {
		if (in_string) {
			if (*q == '\\' && q[1])
				q++;
			else if (*q == '"')
				in_string = 0;
			if (!in_string && depth == 0)
				return q + 1;
			continue;
		}
		if (*q == '"')
			in_string = 1;
		else if (*q == '{' || *q == '[')
			depth++;
		else if (*q == '}' || *q == ']') {
			if (depth == 0)
				return q; /* the end of the enclosing value */
			if (--depth == 0)
				return q + 1;
		} else if (depth == 0 && *q == ',')
			return q;
	}
	return depth == 0 ? p + strlen(p) : NULL;
}

/* The next member of a flat-ish JSON object after *p (first: obj + 1):
 * its key and raw value; 0, or -1 at the end. */
static int next_member(const char **p, char *key, size_t ksize, char *val, size_t vsize)
{
	const char *name = *p, *name_end, *v, *end;

	while (*name == ' ' || *name == ',' || *name == '\n')
		name++;
	if (*name != '"')
		return -1;
	name_end = strchr(name + 1, '"');
	if (!name_end || name_end[1] != ':')
		return -1;
	v = name_end + 2;
	end = value_end(v);
	if (!end)
		return -1;
	snprintf(key, ksize, "%.*s", (int)(name_end - name - 1), name + 1);
	snprintf(val, vsize, "%.*s", (int)(end - v), v);
	*p = end;
	return 0;
}

/* The raw text of member `key` of the object starting at obj ('{'), at
 * its own level: "12", "\"hash\"", "[1,2]", "{...}". 0 when found. */
static int member(const char *obj, const char *key, char *out, size_t size)
{
	const char *p = obj + 1;
	char name[128];

	while (*p && *p != '}') {
		if (next_member(&p, name, sizeof(name), out, size))
			return -1;
		if (strcmp(name, key) == 0)
			return 0;
	}
	return -1;
}

/* bpftool -j prints one value (an object or an array of objects). */
static const char *first_object(const char *text)
{
	const char *p = strchr(text, '{');

	return p;
}

/* The line of out (rawbpf --json) with "type":TYPE and "id":ID. */
static int line_with_id(const char *out, const char *type, unsigned id, char *line, size_t size)
{
	char t[64], i[32];

	snprintf(t, sizeof(t), "\"type\":\"%s\"", type);
	snprintf(i, sizeof(i), "\"id\":%u,", id);
	return find_line(out, (const char *const[]){ t, i, NULL }, line, size);
}

/* bpftool's bytes ["0x0c","0x00"] as rawbpf's hex "0c00". */
static void bpftool_bytes_to_hex(const char *array, char *hex, size_t size)
{
	size_t n = 0;

	for (const char *p = array; (p = strstr(p, "\"0x")) && n + 3 < size; p += 5) {
		hex[n++] = p[3];
		hex[n++] = p[4];
	}
	hex[n] = '\0';
}

/* ---- the child: everything in the private mount namespace ---- */

struct ids {
	unsigned prog, counters, flows, bss;
};

#define CHECK(cond, ...)                                       \
	do {                                                   \
		if (!(cond)) {                                 \
			snprintf(why, size, __VA_ARGS__);      \
			goto fail;                             \
		}                                              \
	} while (0)

static void run(struct result *r, const char *const *argv)
{
	run_argv(r, (char *const *)argv);
}

#define RUN(r, ...) run(r, (const char *const[]){ __VA_ARGS__, NULL })

/* The "id" of the loaded line for `name`. */
static unsigned loaded_id(const char *out, const char *name)
{
	char needle[96], line[512], id[32];

	snprintf(needle, sizeof(needle), "\"name\":\"%s\"", name);
	if (find_line(out, (const char *const[]){ "\"type\":\"loaded\"", needle, NULL }, line,
		      sizeof(line)) ||
	    member(line, "id", id, sizeof(id)))
		return 0;
	return (unsigned)strtoul(id, NULL, 10);
}

/* Fields of rawbpf's line and bpftool's object that must be equal. */
struct pair {
	const char *ours, *theirs;
};

static int compare_fields(const char *ours, const char *theirs, const struct pair *pairs,
			  size_t n, char *why, size_t size)
{
	char a[1024], b[1024];

	for (size_t i = 0; i < n; i++) {
		if (member(ours, pairs[i].ours, a, sizeof(a)) ||
		    member(theirs, pairs[i].theirs, b, sizeof(b))) {
			snprintf(why, size, "field %s/%s missing:\nrawbpf: %s\nbpftool: %s",
				 pairs[i].ours, pairs[i].theirs, ours, theirs);
			return -1;
		}
		if (strcmp(a, b) != 0) {
			snprintf(why, size, "%s: rawbpf says %s, bpftool %s (bpftool %s)",
				 pairs[i].ours, a, b, pairs[i].theirs);
			return -1;
		}
	}
	return 0;
}

static int map_agrees(unsigned id, const char *list, char *why, size_t size)
{
	static const struct pair pairs[] = {
		{ "id", "id" }, { "map_type", "type" }, { "name", "name" },
		{ "key_size", "bytes_key" }, { "value_size", "bytes_value" },
		{ "max_entries", "max_entries" }, { "flags", "flags" }, { "btf_id", "btf_id" },
	};
	struct result b = { 0 };
	char line[1024], idtext[16];
	int ret = -1;

	snprintf(idtext, sizeof(idtext), "%u", id);
	RUN(&b, BPFTOOL, "-j", "map", "show", "id", idtext);
	if (b.status != 0 || !first_object(b.out))
		snprintf(why, size, "bpftool map show id %u: status %d: %s", id, b.status, b.err);
	else if (line_with_id(list, "map_info", id, line, sizeof(line)))
		snprintf(why, size, "rawbpf map list has no map %u:\n%s", id, list);
	else
		ret = compare_fields(line, first_object(b.out), pairs,
				     sizeof(pairs) / sizeof(pairs[0]), why, size);
	result_free(&b);
	return ret;
}

/* rawbpf map dump --json against bpftool -j map dump: the same entries,
 * in hex and formatted by BTF. `want` entries. */
static int dump_agrees(unsigned id, int want, char *why, size_t size)
{
	struct result r = { 0 }, b = { 0 };
	char idtext[16], key[4096], value[4096], fmt[4096], hex[4096];
	int ret = -1, entries = 0;
	const char *obj;

	snprintf(idtext, sizeof(idtext), "%u", id);
	RUN(&r, build_path("rawbpf"), "map", "dump", "--json", idtext);
	RUN(&b, BPFTOOL, "-j", "map", "dump", "id", idtext);
	if (r.status != 0 || b.status != 0) {
		snprintf(why, size, "map dump %u: rawbpf %d (%s), bpftool %d (%s)", id, r.status,
			 r.err, b.status, b.err);
		goto out;
	}
	/* each of bpftool's entries is one of rawbpf's lines */
	for (obj = strchr(b.out, '{'); obj; obj = strchr(value_end(obj), '{')) {
		char needle[4200], line[16384], ours[4096];
		entries++;
		if (member(obj, "key", key, sizeof(key)) || member(obj, "value", value, sizeof(value)))
			goto bad;
		bpftool_bytes_to_hex(key, hex, sizeof(hex));
		snprintf(needle, sizeof(needle), "\"key\":\"%s\"", hex);
		if (find_line(r.out, (const char *const[]){ needle, NULL }, line, sizeof(line))) {
			snprintf(why, size, "bpftool's key %s is not in rawbpf's dump:\n%s", hex, r.out);
			goto out;
		}
		bpftool_bytes_to_hex(value, hex, sizeof(hex));
		if (member(line, "value", ours, sizeof(ours)) ||
		    strncmp(ours + 1, hex, strlen(hex)) != 0 || ours[strlen(hex) + 1] != '"') {
			snprintf(why, size, "key %s: rawbpf's value %s, bpftool's %s", needle, ours, hex);
			goto out;
		}
		/* with BTF, bpftool's "formatted" {"key":K,"value":V} are ours */
		if (member(obj, "formatted", fmt, sizeof(fmt)) == 0) {
			char theirs[4096];
			if (member(fmt, "value", theirs, sizeof(theirs)) ||
			    member(line, "value_fmt", ours, sizeof(ours)) || strcmp(ours, theirs)) {
				snprintf(why, size, "value formatted: rawbpf %s, bpftool %s", line, fmt);
				goto out;
			}
			if (member(fmt, "key", theirs, sizeof(theirs)) == 0 &&
			    (member(line, "key_fmt", ours, sizeof(ours)) || strcmp(ours, theirs))) {
				snprintf(why, size, "key formatted: rawbpf %s, bpftool %s", line, fmt);
				goto out;
			}
		}
	}
	if (entries != want || count_lines_with(r.out, (const char *const[]){ "\"type\":\"map\"",
						 NULL }) != want) {
		snprintf(why, size, "map %u: %d entries from bpftool, want %d:\n%s\nrawbpf:\n%s", id,
			 entries, want, b.out, r.out);
		goto out;
	}
	ret = 0;
	goto out;
bad:
	snprintf(why, size, "bpftool's dump does not parse: %s", b.out);
out:
	result_free(&r);
	result_free(&b);
	return ret;
}

static int expect_fail(const char *const *argv, int status, const char *needle, char *why,
		       size_t size)
{
	struct result r = { 0 };
	int ok;

	run(&r, argv);
	ok = r.status == status && strstr(r.err, needle) != NULL;
	if (!ok)
		snprintf(why, size, "%s: status %d (want %d), stderr: %s (want \"%s\")", r.cmd,
			 r.status, status, r.err, needle);
	result_free(&r);
	return ok ? 0 : -1;
}

#define EXPECT_FAIL(status, needle, ...) \
	expect_fail((const char *const[]){ __VA_ARGS__, NULL }, status, needle, why, size)

static int toolbox_in_namespace(void *ctx, char *why, size_t size)
{
	const char *rawbpf = build_path("rawbpf");
	struct result r = { 0 }, b = { 0 }, list = { 0 };
	struct ids ids;
	char line[4096], idtext[16], flows[16], counters[16];
	static const struct pair prog_pairs[] = {
		{ "id", "id" }, { "prog_type", "type" }, { "name", "name" }, { "tag", "tag" },
		{ "gpl_compatible", "gpl_compatible" }, { "uid", "uid" },
		{ "bytes_xlated", "bytes_xlated" }, { "bytes_jited", "bytes_jited" },
		{ "map_ids", "map_ids" }, { "btf_id", "btf_id" },
	};

	(void)ctx;
	CHECK(mount("bpf", "/sys/fs/bpf", "bpf", 0, NULL) == 0, "mount bpffs: %s", strerror(errno));
	RUN(&r, rawbpf, "load", "--pin", PIN_DIR, "--json", TPROG("toolbox"));
	CHECK(r.status == 0, "rawbpf load --pin: status %d: %s", r.status, r.err);
	ids = (struct ids){ loaded_id(r.out, "tb_sys_enter"), loaded_id(r.out, "counters"),
			    loaded_id(r.out, "flows"), loaded_id(r.out, ".bss") };
	CHECK(ids.prog && ids.counters && ids.flows && ids.bss, "load did not tell every id:\n%s",
	      r.out);
	CHECK(strstr(r.out, "\"pinned\":\"" PIN_DIR "/_bss\""), ".bss is not pinned as _bss:\n%s",
	      r.out);
	CHECK(access(PIN_DIR "/tb_sys_enter", F_OK) == 0 && access(PIN_DIR "/flows", F_OK) == 0,
	      "the pins are not there");
	result_free(&r);

	/* prog list against bpftool prog show */
	RUN(&list, rawbpf, "prog", "list", "--json");
	snprintf(idtext, sizeof(idtext), "%u", ids.prog);
	RUN(&b, BPFTOOL, "-j", "prog", "show", "id", idtext);
	CHECK(list.status == 0 && b.status == 0, "prog list %d (%s), bpftool %d (%s)", list.status,
	      list.err, b.status, b.err);
	CHECK(line_with_id(list.out, "program", ids.prog, line, sizeof(line)) == 0,
	      "prog list has no program %u:\n%s", ids.prog, list.out);
	if (compare_fields(line, first_object(b.out), prog_pairs,
			   sizeof(prog_pairs) / sizeof(prog_pairs[0]), why, size))
		goto fail;
	/* loaded, not attached: no link holds it */
	CHECK(strstr(line, "\"links\":[]") && strstr(line, "\"attached\":\"unknown\""),
	      "a pinned, unattached program: %s", line);
	result_free(&list);
	result_free(&b);

	/* map list against bpftool map show */
	RUN(&list, rawbpf, "map", "list", "--json");
	CHECK(list.status == 0, "map list: %d: %s", list.status, list.err);
	if (map_agrees(ids.counters, list.out, why, size) || map_agrees(ids.flows, list.out, why, size) ||
	    map_agrees(ids.bss, list.out, why, size))
		goto fail;
	result_free(&list);

	/* write entries, by pinned path and by id, both spellings of bytes */
	snprintf(flows, sizeof(flows), "%u", ids.flows);
	snprintf(counters, sizeof(counters), "%u", ids.counters);
	RUN(&r, rawbpf, "map", "update", PIN_DIR "/flows", "0c000000 5000 06 00",
	    "0300000000000000 e803000000000000 6261736800000000 ffffffff00000000");
	CHECK(r.status == 0, "map update flows: %d: %s", r.status, r.err);
	result_free(&r);
	RUN(&r, rawbpf, "map", "update", flows, "0x0d 0x0 0x0 0x0 0x35 0x0 0x11 0x0",
	    "0100000000000000 4000000000000000 646e730000000000 0700000000000000", "noexist");
	CHECK(r.status == 0, "map update flows noexist: %d: %s", r.status, r.err);
	result_free(&r);
	RUN(&r, rawbpf, "map", "update", counters, "02000000", "2a00000000000000", "exist");
	CHECK(r.status == 0, "map update counters: %d: %s", r.status, r.err);
	result_free(&r);
	if (dump_agrees(ids.flows, 2, why, size) || dump_agrees(ids.counters, 4, why, size) ||
	    dump_agrees(ids.bss, 1, why, size))
		goto fail;
	/* people's dump: by BTF */
	RUN(&r, rawbpf, "map", "dump", PIN_DIR "/flows");
	CHECK(r.status == 0 && strstr(r.out, "{ .pid = 12, .port = 80, .proto = 6, .pad = 0 }") &&
	      strstr(r.out, ".comm = \"bash\", .delta = -1 }"), "map dump flows:\n%s%s", r.out, r.err);
	result_free(&r);

	/* delete, then the entry is gone for bpftool too */
	RUN(&r, rawbpf, "map", "delete", flows, "0d000000 3500 1100");
	CHECK(r.status == 0, "map delete: %d: %s", r.status, r.err);
	result_free(&r);
	if (dump_agrees(ids.flows, 1, why, size))
		goto fail;

	/* prog dump: the kernel's instructions, maps named by id */
	snprintf(line, sizeof(line), "map[id:%u counters]", ids.counters);
	RUN(&r, rawbpf, "prog", "dump", PIN_DIR "/tb_sys_enter");
	CHECK(r.status == 0 && strstr(r.out, line) && strstr(r.out, "exit") &&
	      strstr(r.out, "call bpf_get_current_pid_tgid#"), "prog dump:\n%s%s", r.out, r.err);
	result_free(&r);

	/* errors: exit 1 or 2 with a message, no crash */
	if (EXPECT_FAIL(2, "no BPF map with id 4294967295", rawbpf, "map", "dump", "4294967295") ||
	    EXPECT_FAIL(2, "no BPF program with id 4294967295", rawbpf, "prog", "dump", "4294967295") ||
	    EXPECT_FAIL(2, "not a pinned BPF object", rawbpf, "map", "dump", PIN_DIR) ||
	    EXPECT_FAIL(2, "not a pinned BPF object", rawbpf, "map", "dump", "/etc/passwd") ||
	    EXPECT_FAIL(2, "not a pinned BPF object", rawbpf, "map", "dump", PIN_DIR "/nothing") ||
	    EXPECT_FAIL(2, "is a BPF program, not a map", rawbpf, "map", "dump",
			PIN_DIR "/tb_sys_enter") ||
	    EXPECT_FAIL(2, "the key is 1 byte, the map's key size is 8", rawbpf, "map", "update",
			flows, "01", "00") ||
	    EXPECT_FAIL(2, "the value is 1 byte, the map's value size is 32", rawbpf, "map",
			"update", flows, "0c00000050000600", "00") ||
	    EXPECT_FAIL(2, "not a hex digit", rawbpf, "map", "delete", flows, "zz") ||
	    EXPECT_FAIL(1, "no entry has that key", rawbpf, "map", "delete", flows,
			"0d00000035001100") ||
	    EXPECT_FAIL(1, "the key is there already", rawbpf, "map", "update", flows,
			"0c00000050000600",
			"0000000000000000000000000000000000000000000000000000000000000000",
			"noexist") ||
	    EXPECT_FAIL(2, "unknown option", rawbpf, "map", "list", "--nope"))
		goto fail;

	/* remove the pins: then nothing holds the objects */
	RUN(&r, "rm", "-r", PIN_DIR);
	CHECK(r.status == 0, "rm -r %s: %s", PIN_DIR, r.err);
	result_free(&r);
	return 0;
fail:
	result_free(&r);
	result_free(&b);
	result_free(&list);
	return -1;
}

static void toolbox_agrees_with_bpftool(void **state)
{
	struct kernel_ids before;
	char why[4096], left[1024];

	(void)state;
	kernel_ids(&before);
	if (in_bare_mount_namespace(toolbox_in_namespace, NULL, why, sizeof(why)))
		fail_msg("%s", why);
	if (wait_no_new_ids(&before, 10, left, sizeof(left)))
		fail_msg("left in the kernel: %s", left);
}

/* Load without --pin: a verifier check; everything is gone at exit. */
static void load_without_pin_unloads(void **state)
{
	struct result r;

	(void)state;
	rawbpf(&r, "load", TPROG("toolbox"));
	expect_status(&r, 0);
	expect_out(&r, "the verifier accepted every program");
	expect_out(&r, "the kernel unloads them now");
	expect_out_line(&r, "program", "tb_sys_enter", "raw_tracepoint", "id ");
	result_free(&r);
}

/* A program a link holds is attached, and prog list says where: a
 * background `rawbpf run` holds a raw tracepoint link until SIGTERM. */
static void prog_list_shows_links(void **state)
{
	struct kernel_ids before;
	struct result r = { 0 }, b = { 0 };
	char line[4096], left[1024], id[32], links[1024];
	struct timespec t0, now;
	pid_t pid;
	int status, found = 0;

	(void)state;
	kernel_ids(&before);
	pid = fork();
	if (pid == 0) {
		int null = open("/dev/null", O_WRONLY);
		dup2(null, 1);
		dup2(null, 2);
		execl(build_path("rawbpf"), "rawbpf", "run", TPROG("toolbox"), (char *)NULL);
		_exit(127);
	}
	assert_true(pid > 0);
	clock_gettime(CLOCK_MONOTONIC, &t0);
	for (;;) { /* until the run has attached: its link appears */
		result_free(&r);
		run_argv(&r, (char *const[]){ (char *)build_path("rawbpf"), "prog", "list", "--json",
					      NULL });
		found = find_line(r.out, (const char *const[]){ "\"name\":\"tb_sys_enter\"",
					"\"link_type\":\"raw_tracepoint\"", NULL },
				  line, sizeof(line)) == 0;
		clock_gettime(CLOCK_MONOTONIC, &now);
		if (found || now.tv_sec - t0.tv_sec >= 10)
			break;
		usleep(20000);
	}
	if (found && member(line, "id", id, sizeof(id)) == 0 &&
	    member(line, "links", links, sizeof(links)) == 0) {
		/* bpftool, while the link lives: the same link, program and hook */
		char link_id[32] = "";
		member(links + 1, "id", link_id, sizeof(link_id));
		run_argv(&b, (char *const[]){ BPFTOOL, "-j", "link", "show", "id", link_id, NULL });
	}
	kill(pid, SIGTERM);
	waitpid(pid, &status, 0);
	if (!found)
		fail_run(&r, "no attached tb_sys_enter in 10 s");
	if (!strstr(line, "\"attach\":\"raw_tracepoint sys_enter\"") ||
	    !strstr(line, "\"attached\":true"))
		fail_run(&r, "the link's attach point: %s", line);
	{
		char prog_id[32] = "", tp[64] = "";
		const char *obj = b.out ? first_object(b.out) : NULL;
		if (!obj || member(obj, "prog_id", prog_id, sizeof(prog_id)) ||
		    member(obj, "tp_name", tp, sizeof(tp)) || strcmp(prog_id, id) ||
		    strcmp(tp, "\"sys_enter\""))
			fail_run(&b, "bpftool's link (prog_id %s, tp_name %s) is not rawbpf's: %s",
				 prog_id, tp, line);
	}
	result_free(&r);
	result_free(&b);
	assert_true(WIFEXITED(status) && WEXITSTATUS(status) == 0);
	if (wait_no_new_ids(&before, 10, left, sizeof(left)))
		fail_msg("left in the kernel: %s", left);
}

/* ---- link list: links of each kind `rawbpf run` makes, held while the
 * test compares ---- */


/* `rawbpf run OPTS... OBJ -- cat` with cat reading a pipe: the run holds
 * its links until the test closes *in (cat ends, and so does the run),
 * which ends it however the test goes, without a signal race. */
static pid_t start_holding(const char *const *args, int *in)
{
	char *argv[16];
	int fds[2], n = 0;
	pid_t pid;

	argv[n++] = (char *)build_path("rawbpf");
	argv[n++] = "run";
	for (int i = 0; args[i] && n < 13; i++)
		argv[n++] = (char *)args[i];
	argv[n++] = "--";
	argv[n++] = "cat";
	argv[n] = NULL;
	if (pipe(fds) != 0)
		return -1;
	pid = fork();
	if (pid == 0) {
		int null = open("/dev/null", O_WRONLY);
		dup2(fds[0], 0);
		dup2(null, 1);
		dup2(null, 2);
		close(fds[1]);
		execv(argv[0], argv);
		_exit(127);
	}
	close(fds[0]);
	*in = fds[1];
	return pid;
}

static int is_new_link(const struct kernel_ids *before, unsigned id)
{
	for (int i = 0; i < before->count[2]; i++)
		if (before->ids[2][i] == id)
			return 0;
	return 1;
}

/* The object of bpftool's array with "id":ID, copied into buf. */
static int bpftool_link(const char *out, unsigned id, char *buf, size_t size)
{
	char want[32], got[32];

	snprintf(want, sizeof(want), "%u", id);
	for (const char *obj = strchr(out, '{'); obj; obj = strchr(value_end(obj), '{')) {
		const char *end = value_end(obj);
		if (!end)
			return -1;
		if (member(obj, "id", got, sizeof(got)) == 0 && strcmp(got, want) == 0) {
			snprintf(buf, size, "%.*s", (int)(end - obj), obj);
			return 0;
		}
	}
	return -1;
}

/* Every field of rawbpf's line for a link is bpftool's, by the same name
 * ("link_type" is bpftool's "type"), but for rawbpf's own: "type":"link",
 * "link_type_id" and "attach" (its words). bpftool 7.1 prints no ifindex
 * for xdp links (later ones do): that one is checked against lo. */
static int link_agrees(const char *ours, const char *theirs, char *why, size_t size)
{
	const char *p = ours + 1;
	char key[64], a[1024], b[1024], type[64] = "";

	member(ours, "link_type", type, sizeof(type));
	while (next_member(&p, key, sizeof(key), a, sizeof(a)) == 0) {
		const char *their_key = strcmp(key, "link_type") == 0 ? "type" : key;
		if (!strcmp(key, "type") || !strcmp(key, "link_type_id") || !strcmp(key, "attach"))
			continue;
		if (member(theirs, their_key, b, sizeof(b)) != 0) {
			if (!strcmp(type, "\"xdp\"") && !strcmp(key, "ifindex")) {
				snprintf(b, sizeof(b), "%u", if_nametoindex("lo"));
			} else {
				snprintf(why, size, "bpftool has no %s:\nrawbpf: %.1000s\nbpftool: %.1000s", key,
					 ours, theirs);
				return -1;
			}
		}
		if (strcmp(a, b) != 0) {
			snprintf(why, size, "%s: rawbpf says %.200s, bpftool %.200s:\nrawbpf: %.1000s\nbpftool: %.1000s",
				 key, a, b, ours, theirs);
			return -1;
		}
	}
	return 0;
}

/* The links the test made, as rawbpf's --json says them (needles of the
 * line of each): a raw tracepoint, sk_lookup in this netns, XDP on lo, two
 * cgroup_skb links on the cgroup v2 root, a bpf_map iterator. */
static const char *const expected_links[][3] = {
	{ "\"link_type\":\"raw_tracepoint\"", "\"tp_name\":\"sys_enter\"", NULL },
	{ "\"link_type\":\"netns\"", "\"attach_type\":\"sk_lookup\"", "\"netns_ino\":" },
	{ "\"link_type\":\"xdp\"", "\"ifindex\":", NULL },
	{ "\"link_type\":\"cgroup\"", "\"attach_type\":\"cgroup_inet_egress\"", "\"cgroup_id\":" },
	{ "\"link_type\":\"cgroup\"", "\"attach_type\":\"cgroup_inet_ingress\"", "\"cgroup_id\":" },
	{ "\"link_type\":\"iter\"", "\"target_name\":\"bpf_map\"", NULL },
};
#define N_EXPECTED (sizeof(expected_links) / sizeof(expected_links[0]))

/* The new links of rawbpf's list, copied into lines (one a string). */
static size_t new_links(const char *out, const struct kernel_ids *before, char lines[][1024],
			size_t max)
{
	size_t n = 0;

	for (const char *l = out; *l && n < max;) {
		size_t len = strcspn(l, "\n");
		char id[32];
		snprintf(lines[n], 1024, "%.*s", (int)len, l);
		if (strstr(lines[n], "\"type\":\"link\"") && member(lines[n], "id", id, sizeof(id)) == 0 &&
		    is_new_link(before, (unsigned)strtoul(id, NULL, 10)))
			n++;
		l += len + (l[len] == '\n');
	}
	return n;
}

static int has_expected(char lines[][1024], size_t n, size_t which)
{
	for (size_t i = 0; i < n; i++) {
		int all = 1;
		for (int k = 0; k < 3 && expected_links[which][k]; k++)
			all &= strstr(lines[i], expected_links[which][k]) != NULL;
		if (all)
			return 1;
	}
	return 0;
}

static int links_agree(const struct kernel_ids *before, char *why, size_t size)
{
	static char lines[64][1024];
	struct result r = { 0 }, b = { 0 }, h = { 0 };
	struct timespec t0, now;
	char theirs[2048], id[32], prog[32], want[512];
	size_t n = 0, found;
	int ret = -1;

	clock_gettime(CLOCK_MONOTONIC, &t0);
	for (;;) { /* until every run has attached */
		result_free(&r);
		RUN(&r, build_path("rawbpf"), "link", "list", "--json");
		n = r.status == 0 ? new_links(r.out, before, lines, 64) : 0;
		found = 0;
		for (size_t i = 0; i < N_EXPECTED; i++)
			found += has_expected(lines, n, i);
		clock_gettime(CLOCK_MONOTONIC, &now);
		if (found == N_EXPECTED || now.tv_sec - t0.tv_sec >= 10)
			break;
		usleep(20000);
	}
	CHECK(found == N_EXPECTED && n == N_EXPECTED,
	      "after 10 s, %zu of the %zu links the runs make, %zu new links:\n%s%s", found,
	      N_EXPECTED, n, r.out, r.err);
	/* bpftool at once: the links live until the runs end */
	RUN(&b, BPFTOOL, "-j", "link", "list");
	RUN(&h, build_path("rawbpf"), "link", "list");
	CHECK(b.status == 0 && h.status == 0, "bpftool link list %d (%s), rawbpf link list %d (%s)",
	      b.status, b.err, h.status, h.err);
	for (size_t i = 0; i < n; i++) {
		CHECK(member(lines[i], "id", id, sizeof(id)) == 0 &&
		      bpftool_link(b.out, (unsigned)strtoul(id, NULL, 10), theirs, sizeof(theirs)) == 0,
		      "bpftool does not list link %s: %s", id, b.out);
		if (link_agrees(lines[i], theirs, why, size))
			goto out;
	}
	/* people's list: a header, then id, type, program, where, in columns */
	CHECK(strstr(h.out, "ID     TYPE             PROG    ATTACHED TO\n") == h.out,
	      "rawbpf link list's header:\n%s", h.out);
	for (size_t i = 0; i < n; i++) {
		char type[64], attach[320];
		member(lines[i], "id", id, sizeof(id));
		member(lines[i], "prog_id", prog, sizeof(prog));
		member(lines[i], "link_type", type, sizeof(type));
		member(lines[i], "attach", attach, sizeof(attach));
		type[strlen(type) - 1] = attach[strlen(attach) - 1] = '\0'; /* the quotes */
		snprintf(want, sizeof(want), "\n%-6s %-16s %-7s %s\n", id, type + 1, prog, attach + 1);
		CHECK(strstr(h.out, want), "rawbpf link list has no line \"%s\":\n%s", want + 1, h.out);
	}
	CHECK(strstr(h.out, "raw_tracepoint sys_enter\n") && strstr(h.out, " iter bpf_map\n") &&
	      strstr(h.out, "are not listed here)"), "rawbpf link list:\n%s", h.out);
	ret = 0;
out:
fail:
	result_free(&r);
	result_free(&b);
	result_free(&h);
	return ret;
}

static void link_list_agrees_with_bpftool(void **state)
{
	static const char *const runs[][8] = {
		{ NULL, "toolbox" },
		{ NULL, "sk_lookup_count" },
		{ NULL, "iface_xdp_pass", "--iface", "lo", "--xdp-mode", "skb", "--net-mode", "link" },
		{ NULL, "cgroup_skb_count" }, /* the cgroup v2 root: it only counts */
		{ NULL, "iter_maps" },
	};
	enum { RUNS = sizeof(runs) / sizeof(runs[0]) };
	struct kernel_ids before;
	pid_t pids[RUNS];
	int in[RUNS], failed = 0, status[RUNS];
	char why[4096] = "", left[1024], obj[128];

	(void)state;
	kernel_ids(&before);
	for (int i = 0; i < RUNS; i++) {
		const char *args[8] = { 0 };
		int n = 0;
		for (int k = 2; k < 8 && runs[i][k]; k++)
			args[n++] = runs[i][k];
		snprintf(obj, sizeof(obj), "tests/progs/%s.bpf.o", runs[i][1]);
		args[n] = build_path(obj);
		pids[i] = start_holding(args, &in[i]); /* the child has args by now */
		if (pids[i] < 0)
			fail_msg("fork or pipe: %s", strerror(errno));
	}
	failed = links_agree(&before, why, sizeof(why)) != 0;
	for (int i = 0; i < RUNS; i++)
		close(in[i]); /* cat ends; each run detaches and exits */
	for (int i = 0; i < RUNS; i++)
		waitpid(pids[i], &status[i], 0);
	if (failed)
		fail_msg("%s", why);
	for (int i = 0; i < RUNS; i++)
		if (!WIFEXITED(status[i]) || WEXITSTATUS(status[i]) != 0)
			fail_msg("rawbpf run %s: status 0x%x", runs[i][1], status[i]);
	if (wait_no_new_ids(&before, 10, left, sizeof(left)))
		fail_msg("left in the kernel: %s", left);
}

/* Usage errors name what to type instead. */
static void link_list_usage(void **state)
{
	char why[512];
	const char *rawbpf = build_path("rawbpf");
	size_t size = sizeof(why);

	(void)state;
	if (EXPECT_FAIL(2, "unknown option '--nope'", rawbpf, "link", "list", "--nope") ||
	    EXPECT_FAIL(2, "usage: rawbpf link list [--json] [--verbose]", rawbpf, "link", "show") ||
	    EXPECT_FAIL(2, "say list", rawbpf, "link"))
		fail_msg("%s", why);
}

/* make install into a temporary DESTDIR, and the tree used as a user
 * would: pkg-config, a program built and run, BPF headers, the man page
 * (tests/install/check.sh says each step). */
static void make_install_tree_works(void **state)
{
	struct result r;

	(void)state;
	run_argv(&r, (char *const[]){ "sh", "tests/install/check.sh", NULL });
	if (r.status != 0)
		fail_run(&r, "tests/install/check.sh failed");
	if (!strstr(r.out, "man page: renders cleanly"))
		fail_run(&r, "check.sh did not get to the end");
	result_free(&r);
}

const struct CMUnitTest toolbox_tests[] = {
	cmocka_unit_test(toolbox_agrees_with_bpftool),
	cmocka_unit_test(load_without_pin_unloads),
	cmocka_unit_test(prog_list_shows_links),
	cmocka_unit_test(link_list_agrees_with_bpftool),
	cmocka_unit_test(link_list_usage),
	cmocka_unit_test(make_install_tree_works),
};
DEFINE_COUNT(toolbox);
