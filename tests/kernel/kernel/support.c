#include "support.h"

#include <ctype.h>
#include <errno.h>
#include <fcntl.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sched.h>
#include <signal.h>
#include <sys/mount.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/statfs.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "uapi/linux/bpf.h"

const char *build_path(const char *rel)
{
	static char bufs[8][512];
	static int next;
	const char *build = getenv("BUILD");
	char *b = bufs[next++ % 8];

	snprintf(b, sizeof(bufs[0]), "%s/%s", build && *build ? build : "build", rel);
	return b;
}

const char *conformance_dir(void)
{
	static char path[512];
	const char *dir = getenv("CONFORMANCE");
	char readme[600];

	snprintf(path, sizeof(path), "%s", dir && *dir ? dir : "../shared/conformance");
	snprintf(readme, sizeof(readme), "%s/README.md", path);
	return access(readme, R_OK) == 0 ? path : NULL;
}

char *read_all(int fd)
{
	size_t cap = 4096, len = 0;
	char *buf = malloc(cap);
	ssize_t n;

	lseek(fd, 0, SEEK_SET);
	while (buf && (n = read(fd, buf + len, cap - len - 1)) > 0) {
		len += (size_t)n;
		if (cap - len < 2) {
			char *bigger = realloc(buf, cap * 2);
			if (!bigger) {
				free(buf);
				return NULL;
			}
			buf = bigger;
			cap *= 2;
		}
	}
	if (buf)
		buf[len] = '\0';
	return buf;
}

/* Output goes to temporary files, read after the command exits: no pipe can
 * fill up and block the command while we wait for it. */
/* In the child: only fds 0-2 (so that the open-file limit means the same
 * in every test), then the limits. */
static void apply_limits(const struct run_limits *lim)
{
	closefrom(3); /* glibc 2.34 */
	if (lim->nofile)
		setrlimit(RLIMIT_NOFILE, &(struct rlimit){ lim->nofile, lim->nofile });
	if (lim->as_bytes)
		setrlimit(RLIMIT_AS, &(struct rlimit){ lim->as_bytes, lim->as_bytes });
	if (lim->seconds)
		alarm(lim->seconds);
	if (lim->pending_signal) {
		sigset_t set;
		sigemptyset(&set);
		sigaddset(&set, lim->pending_signal);
		sigprocmask(SIG_BLOCK, &set, NULL);
		kill(getpid(), lim->pending_signal);
	}
}

void run_argv(struct result *r, char *const argv[])
{
	run_argv_limited(r, argv, NULL);
}

void run_argv_limited(struct result *r, char *const argv[], const struct run_limits *lim)
{
	struct rusage ru;
	char out_name[] = "/tmp/rawbpf-test-out-XXXXXX", err_name[] = "/tmp/rawbpf-test-err-XXXXXX";
	int out = mkstemp(out_name), err = mkstemp(err_name), ws = 0;
	size_t len = 1;
	pid_t pid;

	for (int i = 0; argv[i]; i++)
		len += strlen(argv[i]) + 1;
	r->cmd = calloc(1, len);
	for (int i = 0; argv[i] && r->cmd; i++)
		strcat(strcat(r->cmd, i ? " " : ""), argv[i]);
	if (out < 0 || err < 0) {
		perror("mkstemp");
		abort(); /* the test machine itself is broken: no result to check */
	}
	unlink(out_name);
	unlink(err_name);
	pid = fork();
	if (pid == 0) {
		dup2(out, 1);
		dup2(err, 2);
		if (lim)
			apply_limits(lim);
		execvp(argv[0], argv);
		_exit(127);
	}
	memset(&ru, 0, sizeof(ru));
	while (wait4(pid, &ws, 0, &ru) < 0 && errno == EINTR)
		;
	r->maxrss_kb = ru.ru_maxrss;
	r->pid = (int)pid;
	r->status = WIFEXITED(ws) ? WEXITSTATUS(ws) : 128 + WTERMSIG(ws);
	r->out = read_all(out);
	r->err = read_all(err);
	close(out);
	close(err);
}

void result_free(struct result *r)
{
	free(r->cmd);
	free(r->out);
	free(r->err);
	r->cmd = r->out = r->err = NULL;
}

void result_dump(const struct result *r)
{
	fprintf(stderr, "---- $ %s\n---- exit status %d\n---- stdout:\n%s---- stderr:\n%s----\n",
		r->cmd ? r->cmd : "?", r->status, r->out ? r->out : "", r->err ? r->err : "");
}

int possible_cpus(void)
{
	int fd = open("/sys/devices/system/cpu/possible", O_RDONLY);
	char *text = fd >= 0 ? read_all(fd) : NULL;
	const char *p = text;
	int highest = -1;

	/* "0-3,8" or "0": the last number in the list is the highest */
	while (p && *p) {
		char *end;
		if (!isdigit((unsigned char)*p)) { /* ',' '-' '\n': not part of a number */
			p++;
			continue;
		}
		highest = (int)strtol(p, &end, 10);
		p = end;
	}
	free(text);
	if (fd >= 0)
		close(fd);
	return highest < 0 ? -1 : highest + 1;
}

static int list_ids(enum bpf_cmd cmd, uint32_t *ids)
{
	union bpf_attr attr;
	int n = 0;

	memset(&attr, 0, sizeof(attr));
	while (n < MAX_IDS && syscall(SYS_bpf, cmd, &attr, sizeof(attr)) == 0) {
		ids[n++] = attr.next_id;
		attr.start_id = attr.next_id;
	}
	return n;
}

void kernel_ids(struct kernel_ids *k)
{
	static const enum bpf_cmd cmds[3] = { BPF_PROG_GET_NEXT_ID, BPF_MAP_GET_NEXT_ID,
					      BPF_LINK_GET_NEXT_ID };

	for (int i = 0; i < 3; i++)
		k->count[i] = list_ids(cmds[i], k->ids[i]);
	k->probe_events = rawbpf_probe_events(NULL, 0);
}

/* The name the kernel holds for program or map `id` ("" for links, or when
 * it is already gone): it tells a leftover of ours from another BPF user's
 * object, should anything else load programs while the tests run. */
static void object_name(int kind, uint32_t id, char name[BPF_OBJ_NAME_LEN])
{
	static const enum bpf_cmd get_fd[2] = { BPF_PROG_GET_FD_BY_ID, BPF_MAP_GET_FD_BY_ID };
	/* the name's offset in struct bpf_prog_info (after type, id, tag[8],
	 * two lengths, two pointers, load_time, uid, map count and map_ids)
	 * and in struct bpf_map_info */
	static const size_t name_at[2] = { 64, offsetof(struct bpf_map_info, name) };
	uint8_t info[128] __attribute__((aligned(8))) = { 0 };
	union bpf_attr attr;
	int fd;

	name[0] = '\0';
	if (kind > 1)
		return;
	memset(&attr, 0, sizeof(attr));
	attr.prog_id = id; /* map_id shares the field */
	fd = (int)syscall(SYS_bpf, get_fd[kind], &attr, sizeof(attr));
	if (fd < 0)
		return;
	memset(&attr, 0, sizeof(attr));
	attr.info.bpf_fd = (uint32_t)fd;
	attr.info.info_len = (uint32_t)(name_at[kind] + BPF_OBJ_NAME_LEN);
	attr.info.info = (uint64_t)(unsigned long)info;
	if (syscall(SYS_bpf, BPF_OBJ_GET_INFO_BY_FD, &attr, sizeof(attr)) == 0)
		memcpy(name, info + name_at[kind], BPF_OBJ_NAME_LEN - 1);
	name[BPF_OBJ_NAME_LEN - 1] = '\0';
	close(fd);
}

/* How many ids of `now` are not in `before`; with `what`, also which. */
static int new_ids(const struct kernel_ids *before, const struct kernel_ids *now,
		   char *what, size_t size)
{
	static const char *const kinds[3] = { "program", "map", "link" };
	int found = 0;

	if (what)
		what[0] = '\0';
	for (int k = 0; k < 3; k++)
		for (int i = 0; i < now->count[k]; i++) {
			int old = 0;
			for (int j = 0; j < before->count[k] && !old; j++)
				old = before->ids[k][j] == now->ids[k][i];
			if (!old && what) {
				size_t used = strlen(what);
				char name[BPF_OBJ_NAME_LEN];
				object_name(k, now->ids[k][i], name);
				snprintf(what + used, size - used, " %s id %u%s%s%s", kinds[k],
					 now->ids[k][i], name[0] ? " (" : "", name,
					 name[0] ? ")" : "");
			}
			found += !old;
		}
	return found;
}

int rawbpf_probe_events(char *what, size_t size)
{
	static const char *const files[] = { "/sys/kernel/tracing/kprobe_events",
					     "/sys/kernel/tracing/uprobe_events" };
	const char *const needles[] = { "/rawbpf_", NULL };
	int found = 0;

	if (what && size)
		what[0] = '\0';
	for (size_t i = 0; i < sizeof(files) / sizeof(files[0]); i++) {
		int fd = open(files[i], O_RDONLY | O_CLOEXEC);
		char *text;

		if (fd < 0)
			continue; /* tracefs not mounted yet, or no such probes */
		text = read_all(fd);
		close(fd);
		if (!text)
			continue;
		found += count_lines_with(text, needles);
		if (what && size && count_lines_with(text, needles)) {
			size_t used = strlen(what);
			snprintf(what + used, size - used, " %s holds:\n%s", files[i], text);
		}
		free(text);
	}
	return found;
}

int wait_no_new_ids(const struct kernel_ids *before, int seconds, char *what, size_t size)
{
	static struct kernel_ids now;
	struct timespec step = { 0, 10 * 1000 * 1000 };

	/* rawbpf removes its probe events itself, before it exits: no waiting */
	if (rawbpf_probe_events(NULL, 0) > before->probe_events) {
		rawbpf_probe_events(what, size);
		return -1;
	}
	for (int tries = 0; tries <= seconds * 100; tries++) {
		kernel_ids(&now);
		if (new_ids(before, &now, NULL, 0) == 0)
			return 0;
		nanosleep(&step, NULL);
	}
	/* described only now: looking a name up opens (and holds) the object */
	new_ids(before, &now, what, size);
	return -1;
}

int json_field(const char *line, const char *key, char *buf, size_t size)
{
	char pattern[64];
	const char *p, *end;

	snprintf(pattern, sizeof(pattern), "\"%s\":\"", key);
	p = strstr(line, pattern);
	if (!p)
		return -1;
	p += strlen(pattern);
	end = strchr(p, '"');
	if (!end || (size_t)(end - p) >= size)
		return -1;
	memcpy(buf, p, (size_t)(end - p));
	buf[end - p] = '\0';
	return 0;
}

int hex_decode(const char *hex, uint8_t *out, size_t size)
{
	size_t n = strlen(hex) / 2;

	if (strlen(hex) % 2 || n > size)
		return -1;
	for (size_t i = 0; i < n; i++) {
		unsigned v;
		if (sscanf(hex + 2 * i, "%2x", &v) != 1)
			return -1;
		out[i] = (uint8_t)v;
	}
	return (int)n;
}

uint64_t le_u64(const uint8_t *p, size_t n)
{
	uint64_t v = 0;

	for (size_t i = 0; i < n && i < 8; i++)
		v |= (uint64_t)p[i] << (8 * i);
	return v;
}

/* Call fn on each line of text holding all needles; stops when fn says so. */
static int each_matching_line(const char *text, const char *const needles[],
			      int (*fn)(void *ctx, const char *line), void *ctx)
{
	int count = 0;

	while (text && *text) {
		const char *nl = strchr(text, '\n');
		size_t len = nl ? (size_t)(nl - text) : strlen(text);
		char *line = strndup(text, len);
		int all = line != NULL, stop = 0;

		for (size_t i = 0; needles[i] && all; i++)
			all = strstr(line, needles[i]) != NULL;
		if (all) {
			count++;
			stop = fn && fn(ctx, line);
		}
		free(line);
		if (stop)
			break;
		text += len + (nl ? 1 : 0);
	}
	return count;
}

int count_lines_with(const char *text, const char *const needles[])
{
	return each_matching_line(text, needles, NULL, NULL);
}

struct line_copy {
	char *buf;
	size_t size;
	int found;
};

static int copy_line(void *ctx, const char *line)
{
	struct line_copy *c = ctx;

	snprintf(c->buf, c->size, "%s", line);
	c->found = 1;
	return 1;
}

int find_line(const char *text, const char *const needles[], char *buf, size_t size)
{
	struct line_copy c = { buf, size, 0 };

	each_matching_line(text, needles, copy_line, &c);
	return c.found ? 0 : -1;
}

int is_fs_type(const char *path, unsigned long magic)
{
	struct statfs st;

	return statfs(path, &st) == 0 && (unsigned long)st.f_type == magic;
}

/* In the child: a mount namespace of its own, whose mounts do not
 * propagate back (MS_PRIVATE on everything), then the tmpfs covers. */
static int hide_mounts(char *why, size_t size)
{
	static const char *const points[] = { "/sys/kernel/tracing", "/sys/kernel/debug",
					       "/sys/fs/bpf" };
	struct stat st;

	if (unshare(CLONE_NEWNS) != 0 || mount(NULL, "/", NULL, MS_REC | MS_PRIVATE, NULL) != 0) {
		snprintf(why, size, "a private mount namespace: %s", strerror(errno));
		return -1;
	}
	for (size_t i = 0; i < sizeof(points) / sizeof(points[0]); i++)
		if (stat(points[i], &st) == 0 &&
		    mount("rawbpf-test", points[i], "tmpfs", 0, "size=64k") != 0) {
			snprintf(why, size, "mount tmpfs over %s: %s", points[i], strerror(errno));
			return -1;
		}
	return 0;
}

int in_bare_mount_namespace(bare_fn fn, void *ctx, char *why, size_t size)
{
	int fds[2], status = 0;
	char *text;
	pid_t pid;

	why[0] = '\0';
	if (pipe(fds) != 0) {
		snprintf(why, size, "pipe: %s", strerror(errno));
		return -1;
	}
	fflush(NULL); /* nothing buffered is written twice */
	pid = fork();
	if (pid == 0) {
		char msg[2048] = "";
		int ret;

		close(fds[0]);
		ret = hide_mounts(msg, sizeof(msg)) || fn(ctx, msg, sizeof(msg));
		if (write(fds[1], msg, strlen(msg)) < 0)
			ret = 1;
		_exit(ret ? 1 : 0);
	}
	close(fds[1]);
	if (pid < 0) {
		close(fds[0]);
		snprintf(why, size, "fork: %s", strerror(errno));
		return -1;
	}
	text = read_all(fds[0]);
	close(fds[0]);
	while (waitpid(pid, &status, 0) < 0 && errno == EINTR)
		;
	snprintf(why, size, "%s", text ? text : "");
	free(text);
	if (!WIFEXITED(status) || WEXITSTATUS(status) != 0) {
		if (!why[0])
			snprintf(why, size, "the child ended with status 0x%x", (unsigned)status);
		return -1;
	}
	return 0;
}
