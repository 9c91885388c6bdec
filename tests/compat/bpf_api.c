/* A user-space program written against libbpf's low-level <bpf/bpf.h>, and
 * nothing of rawbpf's: built once against rawbpf's compatibility layer
 * (-I loader/compat, librawbpf-compat.a) and once, unchanged, against
 * libbpf (-lbpf). tests/kernel/kernel/compat.c runs both and requires the
 * same output, line for line: every result and errno below is libbpf
 * 1.x's convention (-errno and errno set), not rawbpf's.
 *
 * It makes its own BPF filesystem in a private mount namespace, so its
 * pins are seen by nobody and go with the process; every map, program and
 * link it makes is an fd it closes (and the kernel frees at exit anyway).
 * No fd numbers or ids are printed: they differ from run to run.
 * The cgroup part mounts cgroup v2 in that namespace and makes a cgroup
 * of its own, removed at the end (the hierarchy is shared). */
#define _GNU_SOURCE
#include <bpf/bpf.h>
#include <errno.h>
#include <linux/perf_event.h>
#include <sched.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <fcntl.h>
#include <sys/mount.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <unistd.h>

static void say(const char *what, int ret)
{
	if (ret < 0)
		printf("%s: %d errno %d\n", what, ret, errno);
	else
		printf("%s: %s\n", what, ret > 0 ? "fd" : "0");
}

static void map_elements(int fd)
{
	__u32 key, next, in, out, keys[16], total = 0;
	__u64 value, values[16], sum = 0;
	int ret, n = 0;

	for (key = 1; key <= 40; key++) {
		value = key * 100;
		if (bpf_map_update_elem(fd, &key, &value, BPF_ANY))
			printf("update %u failed: errno %d\n", key, errno);
	}
	key = 1;
	say("update existing with BPF_NOEXIST", bpf_map_update_elem(fd, &key, &value, BPF_NOEXIST));
	key = 99;
	say("update missing with BPF_EXIST", bpf_map_update_elem(fd, &key, &value, BPF_EXIST));
	key = 7;
	ret = bpf_map_lookup_elem(fd, &key, &value);
	printf("lookup 7: %d value %llu\n", ret, (unsigned long long)value);
	key = 99;
	say("lookup 99", bpf_map_lookup_elem(fd, &key, &value));
	key = 7;
	say("lookup 7 with flags 0", bpf_map_lookup_elem_flags(fd, &key, &value, 0));
	say("delete 7", bpf_map_delete_elem(fd, &key));
	say("delete 7 again", bpf_map_delete_elem(fd, &key));
	key = 2;
	ret = bpf_map_lookup_and_delete_elem(fd, &key, &value);
	printf("lookup_and_delete 2: %d value %llu\n", ret, (unsigned long long)value);
	say("lookup 2 after", bpf_map_lookup_elem(fd, &key, &value));

	/* every key, by next key: the order is the kernel's, the sum is not */
	for (ret = bpf_map_get_next_key(fd, NULL, &next); ret == 0;
	     ret = bpf_map_get_next_key(fd, &key, &next)) {
		key = next;
		n++;
		sum += key;
	}
	printf("next_key walk: %d keys, sum %llu, end %d errno %d\n", n, (unsigned long long)sum,
	       ret, errno);

	/* and by batches of 16 */
	n = 0;
	sum = 0;
	for (int first = 1;; first = 0) {
		__u32 count = 16;

		ret = bpf_map_lookup_batch(fd, first ? NULL : &in, &out, keys, values, &count, NULL);
		if (ret < 0 && errno != ENOENT) {
			printf("lookup_batch: %d errno %d\n", ret, errno);
			break;
		}
		for (__u32 i = 0; i < count; i++)
			sum += values[i];
		total += count;
		n++;
		if (ret < 0) /* ENOENT: that was the last batch */
			break;
		in = out;
	}
	printf("lookup_batch: %u entries, value sum %llu, last errno %d\n", total,
	       (unsigned long long)sum, errno);
	keys[0] = 10, keys[1] = 11, keys[2] = 12;
	total = 3;
	say("delete_batch 10 11 12", bpf_map_delete_batch(fd, keys, &total, NULL));
	printf("delete_batch count: %u\n", total);
}

static void pins(int fd, const char *dir)
{
	char path[256];
	__u32 key = 3;
	__u64 value = 0;
	int got;

	snprintf(path, sizeof(path), "%s/hash", dir);
	say("pin", bpf_obj_pin(fd, path));
	say("pin again", bpf_obj_pin(fd, path));
	got = bpf_obj_get(path);
	say("get", got);
	if (got >= 0) {
		int ret = bpf_map_lookup_elem(got, &key, &value);
		printf("lookup 3 through the pin: %d value %llu\n", ret, (unsigned long long)value);
		close(got);
	}
	snprintf(path, sizeof(path), "%s/nothing", dir);
	say("get missing", bpf_obj_get(path));
	snprintf(path, sizeof(path), "%s/hash", dir);
	unlink(path);
}

static void info_and_ids(int fd)
{
	struct bpf_map_info info, again;
	__u32 len = sizeof(info), id = 0, found = 0;
	int byid;

	memset(&info, 0, sizeof(info));
	say("map info", bpf_obj_get_info_by_fd(fd, &info, &len));
	printf("info: type %u key %u value %u max %u name %s len ok %d\n", info.type, info.key_size,
	       info.value_size, info.max_entries, info.name, len == sizeof(info));
	while (bpf_map_get_next_id(id, &id) == 0)
		if (id == info.id)
			found = 1;
	printf("map id found walking ids: %u (walk ended errno %d)\n", found, errno);
	byid = bpf_map_get_fd_by_id(info.id);
	say("map fd by id", byid);
	memset(&again, 0, sizeof(again));
	len = sizeof(again);
	if (byid >= 0 && bpf_obj_get_info_by_fd(byid, &again, &len) == 0)
		printf("by id: same map %d\n", again.id == info.id && strcmp(again.name, info.name) == 0);
	if (byid >= 0)
		close(byid);
}

static void frozen(void)
{
	__u32 key = 0;
	__u64 value = 5;
	int fd = bpf_map_create(BPF_MAP_TYPE_ARRAY, "compat_arr", 4, 8, 4, NULL);

	say("create array", fd);
	say("update array", bpf_map_update_elem(fd, &key, &value, BPF_ANY));
	say("freeze", bpf_map_freeze(fd));
	say("update frozen", bpf_map_update_elem(fd, &key, &value, BPF_ANY));
	say("delete from array", bpf_map_delete_elem(fd, &key));
	close(fd);
}

#define INSN(c, d, s, o, i) ((struct bpf_insn){ .code = (c), .dst_reg = (d), .src_reg = (s), .off = (o), .imm = (i) })
#define MOV_R0(v) INSN(BPF_ALU64 | BPF_MOV | BPF_K, 0, 0, 0, v)
#define EXIT INSN(BPF_JMP | BPF_EXIT, 0, 0, 0, 0)

static void programs(void)
{
	struct bpf_insn ret42[] = { MOV_R0(42), EXIT }, bad[] = { EXIT }, pass[] = { MOV_R0(1), EXIT };
	unsigned char packet[64] = { [12] = 0x08 }; /* an IPv4 ethertype */
	char log[4096];
	struct bpf_prog_info info;
	__u32 len = sizeof(info), id = 0, found = 0;
	LIBBPF_OPTS(bpf_prog_load_opts, opts, .log_buf = log, .log_size = sizeof(log));
	LIBBPF_OPTS(bpf_test_run_opts, run, .data_in = packet, .data_size_in = sizeof(packet),
		    .repeat = 3);
	int fd, refused, sockmap, verdict;

	fd = bpf_prog_load(BPF_PROG_TYPE_SOCKET_FILTER, "compat_prog", "GPL", ret42, 2, NULL);
	say("prog load", fd);
	say("test run", bpf_prog_test_run_opts(fd, &run));
	printf("test run retval %u\n", run.retval);
	memset(&info, 0, sizeof(info));
	say("prog info", bpf_obj_get_info_by_fd(fd, &info, &len));
	printf("prog info: type %u name %s insns %u\n", info.type, info.name,
	       info.xlated_prog_len / 8);
	while (bpf_prog_get_next_id(id, &id) == 0)
		if (id == info.id)
			found = 1;
	printf("prog id found walking ids: %u\n", found);
	id = bpf_prog_get_fd_by_id(info.id);
	say("prog fd by id", (int)id);
	if ((int)id >= 0)
		close((int)id);
	log[0] = '\0';
	refused = bpf_prog_load(BPF_PROG_TYPE_SOCKET_FILTER, "compat_bad", "GPL", bad, 1, &opts);
	say("bad prog load", refused);
	printf("bad prog log says R0: %d\n", strstr(log, "R0") != NULL);

	/* BPF_PROG_ATTACH without cgroups: a stream verdict program on a sockmap */
	sockmap = bpf_map_create(BPF_MAP_TYPE_SOCKMAP, "compat_sockmap", 4, 4, 1, NULL);
	verdict = bpf_prog_load(BPF_PROG_TYPE_SK_SKB, "compat_verdict", "GPL", pass, 2, NULL);
	say("sockmap", sockmap);
	say("verdict prog", verdict);
	say("prog attach", bpf_prog_attach(verdict, sockmap, BPF_SK_SKB_STREAM_VERDICT, 0));
	say("prog detach2", bpf_prog_detach2(verdict, sockmap, BPF_SK_SKB_STREAM_VERDICT));
	say("prog detach2 again", bpf_prog_detach2(verdict, sockmap, BPF_SK_SKB_STREAM_VERDICT));
	close(verdict);
	close(sockmap);
	close(fd);
}

/* The options structs' rules (libbpf's OPTS_VALID and OPTS_SET): NULL is
 * all defaults; sz must hold sz itself; bytes past the fields the library
 * knows must be zero; results are written back only as far as sz reaches.
 * A syscall program runs with no input at all, so NULL options run it. */
static void options_rules(void)
{
	struct bpf_insn ret7[] = { MOV_R0(7), EXIT };
	LIBBPF_OPTS(bpf_prog_load_opts, sleepable, .prog_flags = BPF_F_SLEEPABLE);
	struct bpf_test_run_opts run;
	struct {
		struct bpf_map_create_opts o;
		char newer[16]; /* a newer libbpf's fields, as a caller built on it has */
	} big;
	int prog = bpf_prog_load(BPF_PROG_TYPE_SYSCALL, "compat_syscall", "GPL", ret7, 2,
				 &sleepable);
	int fd;

	say("syscall prog", prog);
	say("test run, NULL opts", bpf_prog_test_run_opts(prog, NULL));
	memset(&run, 0x5a, sizeof(run));
	run.sz = offsetof(struct bpf_test_run_opts, retval); /* ends before retval */
	run.data_in = run.data_out = NULL;
	run.ctx_in = run.ctx_out = NULL;
	run.data_size_in = run.data_size_out = run.ctx_size_in = run.ctx_size_out = 0;
	say("test run, sz before retval", bpf_prog_test_run_opts(prog, &run));
	printf("retval past sz untouched: %d\n", run.retval == 0x5a5a5a5a);
	memset(&run, 0, sizeof(run));
	run.sz = offsetof(struct bpf_test_run_opts, repeat);
	say("test run, sz through retval", bpf_prog_test_run_opts(prog, &run));
	printf("retval %u\n", run.retval);
	run.sz = 4;
	say("test run, sz 4", bpf_prog_test_run_opts(prog, &run));
	close(prog);

	memset(&big, 0, sizeof(big));
	big.o.sz = sizeof(big);
	fd = bpf_map_create(BPF_MAP_TYPE_ARRAY, "compat_big", 4, 4, 1, &big.o);
	say("map create, longer opts zeroed", fd);
	if (fd >= 0)
		close(fd);
	big.newer[sizeof(big.newer) - 1] = 1;
	say("map create, longer opts not zeroed", bpf_map_create(BPF_MAP_TYPE_ARRAY, "compat_big",
								 4, 4, 1, &big.o));
}

/* BPF_LINK_CREATE: a perf event program on a software event of this
 * process (Linux 5.15+ makes that a link). */
static void links(void)
{
	struct bpf_insn ret0[] = { MOV_R0(0), EXIT };
	struct perf_event_attr pe = { .type = PERF_TYPE_SOFTWARE, .size = sizeof(pe),
				      .config = PERF_COUNT_SW_CPU_CLOCK, .sample_period = 1000000 };
	struct bpf_link_info info;
	__u32 len = sizeof(info);
	int prog, event, link;

	prog = bpf_prog_load(BPF_PROG_TYPE_PERF_EVENT, "compat_perf", "GPL", ret0, 2, NULL);
	event = (int)syscall(SYS_perf_event_open, &pe, 0, -1, -1, PERF_FLAG_FD_CLOEXEC);
	say("perf prog", prog);
	say("perf event", event);
	link = bpf_link_create(prog, event, BPF_PERF_EVENT, NULL);
	say("link create", link);
	memset(&info, 0, sizeof(info));
	say("link info", bpf_obj_get_info_by_fd(link, &info, &len));
	printf("link type %u (perf_event %d)\n", info.type, info.type == BPF_LINK_TYPE_PERF_EVENT);
	say("link detach", bpf_link_detach(link));
	say("link create bad fd", bpf_link_create(prog, -1, BPF_PERF_EVENT, NULL));
	close(link);
	close(event);
	close(prog);
}

/* The errno's name, for the results whose errno says which rule refused. */
static const char *errname(int e)
{
	switch (e) {
	case EINVAL: return "EINVAL";
	case ENOSPC: return "ENOSPC";
	case EPERM: return "EPERM";
	case EBADF: return "EBADF";
	case ENOLINK: return "ENOLINK";
	case ENOENT: return "ENOENT";
	case EEXIST: return "EEXIST";
	default: return "another errno";
	}
}

static void say_name(const char *what, int ret)
{
	if (ret < 0)
		printf("%s: %d %s (errno %s)\n", what, ret, errname(-ret), errname(errno));
	else
		printf("%s: %s\n", what, ret > 0 ? "fd" : "0");
}

static __u32 prog_id(int fd)
{
	struct bpf_prog_info info;
	__u32 len = sizeof(info);

	memset(&info, 0, sizeof(info));
	return bpf_obj_get_info_by_fd(fd, &info, &len) == 0 ? info.id : 0;
}

/* Whether ids[0..n) are want[0..n) in some order: the kernel's list
 * order is no part of what is compared. */
static int same_ids(const __u32 *ids, __u32 n, const __u32 *want, __u32 nwant)
{
	if (n != nwant)
		return 0;
	for (__u32 i = 0; i < nwant; i++) {
		int seen = 0;

		for (__u32 j = 0; j < n; j++)
			seen |= ids[j] == want[i] && want[i] != 0;
		if (!seen)
			return 0;
	}
	return 1;
}

/* bpf_prog_query() of the cgroup's egress programs, against the ids
 * expected there. */
static void query(int cg, const char *what, const __u32 *want, __u32 nwant)
{
	__u32 ids[4] = { 0 }, cnt = 4, flags = 0x5a5a5a5a;
	int ret = bpf_prog_query(cg, BPF_CGROUP_INET_EGRESS, 0, &flags, ids, &cnt);

	if (ret < 0) {
		say_name(what, ret);
		return;
	}
	printf("%s: %u program%s, %s, attach_flags %u\n", what, cnt, cnt == 1 ? "" : "s",
	       cnt == 0 ? "none" : same_ids(ids, cnt, want, nwant) ? (cnt == 1 ? "id matches" : "ids match")
								   : "ids DIFFER",
	       flags);
}

/* BPF_PROG_QUERY and BPF_LINK_UPDATE on a cgroup v2 directory: a link
 * whose program is swapped, a second program attached beside it, the
 * count written back when the room is too small, and detaching both. */
static void cgroups(void)
{
	char root[] = "/tmp/rawbpf_cgroup_XXXXXX", dir[128];
	struct bpf_insn pass[] = { MOV_R0(1), EXIT };
	LIBBPF_OPTS(bpf_prog_load_opts, egress, .expected_attach_type = BPF_CGROUP_INET_EGRESS);
	LIBBPF_OPTS(bpf_link_update_opts, replace, .flags = BPF_F_REPLACE);
	LIBBPF_OPTS(bpf_link_update_opts, no_flag);
	LIBBPF_OPTS(bpf_prog_query_opts, q);
	struct {
		struct bpf_link_update_opts o;
		char newer[8];
	} big;
	__u32 ids[4], attach[4], both[2], cnt;
	int cg, a, b, link, ret;

	/* cgroup v2, mounted in this process's mount namespace: where it
	 * cannot be, the same line from both builds, and nothing else */
	if (!mkdtemp(root))
		return;
	if (mount("cgroup2", root, "cgroup2", 0, NULL) != 0) {
		printf("cgroup v2: not available\n");
		rmdir(root);
		return;
	}
	snprintf(dir, sizeof(dir), "%s/rawbpf_compat_%d", root, (int)getpid());
	cg = mkdir(dir, 0755) == 0 ? open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC) : -1;
	printf("cgroup v2: %s\n", cg >= 0 ? "a cgroup of its own" : "no cgroup made");
	if (cg < 0)
		goto out_mount;

	a = bpf_prog_load(BPF_PROG_TYPE_CGROUP_SKB, "compat_cg_a", "GPL", pass, 2, &egress);
	b = bpf_prog_load(BPF_PROG_TYPE_CGROUP_SKB, "compat_cg_b", "GPL", pass, 2, &egress);
	say("cgroup prog a", a);
	say("cgroup prog b", b);
	both[0] = prog_id(a);
	both[1] = prog_id(b);
	query(cg, "query before", NULL, 0);

	link = bpf_link_create(a, cg, BPF_CGROUP_INET_EGRESS, NULL);
	say("cgroup link create", link);
	query(cg, "query a linked", &both[0], 1);
	say_name("link update to b", bpf_link_update(link, b, NULL));
	query(cg, "query b linked", &both[1], 1);

	/* the link holds b now: replacing "a" is refused */
	replace.old_prog_fd = (__u32)a;
	say_name("link update, replace a (holds b)", bpf_link_update(link, a, &replace));
	replace.old_prog_fd = (__u32)b;
	say_name("link update, replace b with b", bpf_link_update(link, b, &replace));
	no_flag.old_prog_fd = (__u32)b; /* without BPF_F_REPLACE */
	say_name("link update, old_prog_fd without BPF_F_REPLACE",
		 bpf_link_update(link, a, &no_flag));
	say_name("link update on a program fd", bpf_link_update(a, b, NULL));
	say_name("link update on fd -1", bpf_link_update(-1, b, NULL));
	memset(&big, 0, sizeof(big));
	big.o.sz = sizeof(big);
	say_name("link update, longer opts zeroed", bpf_link_update(link, b, &big.o));
	big.newer[0] = 1;
	say_name("link update, longer opts not zeroed", bpf_link_update(link, b, &big.o));
	query(cg, "query still b", &both[1], 1);

	/* a second program beside the link's (both BPF_F_ALLOW_MULTI) */
	say_name("prog attach a multi", bpf_prog_attach(a, cg, BPF_CGROUP_INET_EGRESS,
						       BPF_F_ALLOW_MULTI));
	query(cg, "query a and b", both, 2);
	memset(ids, 0, sizeof(ids));
	cnt = 1;
	ret = bpf_prog_query(cg, BPF_CGROUP_INET_EGRESS, 0, NULL, ids, &cnt);
	printf("query room 1: %d %s, count %u, the id copied is one of them %d\n", ret,
	       errname(-ret), cnt, ids[0] && (ids[0] == both[0] || ids[0] == both[1]));
	cnt = 0;
	ret = bpf_prog_query(cg, BPF_CGROUP_INET_EGRESS, 0, NULL, NULL, &cnt);
	printf("query count only: %d, count %u\n", ret, cnt);

	memset(attach, 0x5a, sizeof(attach));
	q.prog_ids = ids;
	q.prog_cnt = 4;
	q.prog_attach_flags = attach;
	ret = bpf_prog_query_opts(cg, BPF_CGROUP_INET_EGRESS, &q);
	printf("query_opts: %d, count %u, attach_flags %u, per program %u %u, ids match %d\n", ret,
	       q.prog_cnt, q.attach_flags, attach[0], attach[1], same_ids(ids, q.prog_cnt, both, 2));
	q.prog_attach_flags = NULL;
	q.query_flags = BPF_F_QUERY_EFFECTIVE;
	q.prog_cnt = 4;
	ret = bpf_prog_query_opts(cg, BPF_CGROUP_INET_EGRESS, &q);
	printf("query_opts effective: %d, count %u, attach_flags %u, ids match %d\n", ret,
	       q.prog_cnt, q.attach_flags, same_ids(ids, q.prog_cnt, both, 2));
	/* an opts struct that ends before prog_cnt: no room given, and the
	 * count not written back past sz */
	memset(&q, 0, sizeof(q));
	q.sz = offsetof(struct bpf_prog_query_opts, prog_cnt);
	q.prog_ids = ids;
	q.prog_cnt = 77;
	ret = bpf_prog_query_opts(cg, BPF_CGROUP_INET_EGRESS, &q);
	printf("query_opts, sz before prog_cnt: %d, attach_flags %u, prog_cnt past sz untouched %d\n",
	       ret, q.attach_flags, q.prog_cnt == 77);
	q.sz = 4;
	say_name("query_opts, sz 4", bpf_prog_query_opts(cg, BPF_CGROUP_INET_EGRESS, &q));
	cnt = 3;
	ret = bpf_prog_query(a, BPF_CGROUP_INET_EGRESS, 0, NULL, ids, &cnt);
	printf("query a program fd: %d %s, count kept %d\n", ret, errname(-ret), cnt == 3);

	say_name("prog detach2 a", bpf_prog_detach2(a, cg, BPF_CGROUP_INET_EGRESS));
	say_name("prog detach2 a again", bpf_prog_detach2(a, cg, BPF_CGROUP_INET_EGRESS));
	query(cg, "query after detach2", &both[1], 1);
	say_name("cgroup link detach", bpf_link_detach(link));
	query(cg, "query after link detach", NULL, 0);
	say_name("link update after detach", bpf_link_update(link, a, NULL));

	close(link);
	close(b);
	close(a);
	close(cg);
	if (rmdir(dir) != 0)
		printf("rmdir cgroup: errno %s\n", errname(errno));
out_mount:
	umount(root);
	rmdir(root);
}

int main(void)
{
	char dir[] = "/tmp/rawbpf_compat_XXXXXX";
	LIBBPF_OPTS(bpf_map_create_opts, opts, .map_flags = BPF_F_NO_PREALLOC);
	int fd;

	setvbuf(stdout, NULL, _IOLBF, 0);
	if (unshare(CLONE_NEWNS) || mount(NULL, "/", NULL, MS_REC | MS_PRIVATE, NULL) ||
	    !mkdtemp(dir) || mount("bpf", dir, "bpf", 0, NULL)) {
		perror("a private bpffs");
		return 2;
	}
	fd = bpf_map_create(BPF_MAP_TYPE_HASH, "compat_hash", 4, 8, 64, &opts);
	say("create hash", fd);
	say("create with key 0", bpf_map_create(BPF_MAP_TYPE_HASH, "bad", 0, 8, 64, NULL));
	if (fd >= 0) {
		map_elements(fd);
		pins(fd, dir);
		info_and_ids(fd);
		close(fd);
	}
	frozen();
	programs();
	options_rules();
	links();
	cgroups();
	umount(dir);
	rmdir(dir);
	printf("done\n");
	return 0;
}
