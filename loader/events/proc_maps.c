/* A process's mappings, from the text of /proc/PID/maps
 * (fs/proc/task_mmu.c, show_map_vma):
 *     55d0c0a00000-55d0c0a02000 r-xp 00002000 08:01 1234     /usr/bin/busy
 *     START-END PERMS OFFSET DEV INODE PATH
 * PATH may hold spaces (it is the rest of the line), and ends in
 * " (deleted)" for a file removed since. Only executable mappings (x) can
 * hold a frame's address. Pure: the caller reads the file. */
#include <stdlib.h>
#include <string.h>

#include "symbols.h"

const char *pool_intern(struct string_pool *pool, const char *s)
{
	char *copy;

	for (size_t i = 0; i < pool->count; i++)
		if (strcmp(pool->strings[i], s) == 0)
			return pool->strings[i];
	if (pool->count == pool->cap) {
		size_t cap = pool->cap ? pool->cap * 2 : 64;
		char **grown = realloc(pool->strings, cap * sizeof(*grown));
		if (!grown)
			return NULL;
		pool->strings = grown;
		pool->cap = cap;
	}
	copy = strdup(s);
	if (!copy)
		return NULL;
	pool->strings[pool->count++] = copy;
	return copy;
}

void pool_free(struct string_pool *pool)
{
	for (size_t i = 0; i < pool->count; i++)
		free(pool->strings[i]);
	free(pool->strings);
	*pool = (struct string_pool){ 0 };
}

/* A hex number ending at a character of `stop`; *p moves past it. */
static int hex_field(const char **p, const char *stop, uint64_t *out)
{
	char *end;

	*out = strtoull(*p, &end, 16);
	if (end == *p || !*end || !strchr(stop, *end))
		return -1;
	*p = end + 1;
	return 0;
}

/* One line (up to, not including, its '\n'): 1 and *m when it is an
 * executable mapping of a file or of [vdso], 0 when it is another line. */
static int parse_line(const char *line, size_t len, struct string_pool *pool, struct proc_map *m)
{
	char buf[4352]; /* PATH_MAX and the fields before it */
	const char *p = buf, *perms;

	if (len >= sizeof(buf))
		return 0;
	memcpy(buf, line, len);
	buf[len] = '\0';
	if (hex_field(&p, "-", &m->start) || hex_field(&p, " ", &m->end) || m->end <= m->start)
		return 0;
	perms = p;
	if (strlen(perms) < 5 || perms[4] != ' ' || perms[2] != 'x')
		return 0;
	p += 5;
	if (hex_field(&p, " ", &m->offset))
		return 0;
	p += strcspn(p, " "); /* DEV, "08:01" */
	if (*p++ != ' ')
		return 0;
	p += strspn(p, "0123456789"); /* INODE */
	p += strspn(p, " ");
	if (*p != '/' && strcmp(p, "[vdso]") != 0)
		return 0; /* anonymous (a JIT's code), [vsyscall], ... */
	m->path = pool_intern(pool, p);
	return m->path ? 1 : -1;
}

int proc_maps_parse(const char *text, struct string_pool *pool, struct proc_map **out,
		    size_t *count)
{
	struct proc_map *maps = NULL;
	size_t n = 0, cap = 0;

	*out = NULL;
	*count = 0;
	while (*text) {
		size_t len = strcspn(text, "\n");
		struct proc_map m;
		int ret = parse_line(text, len, pool, &m);

		if (ret < 0) {
			free(maps);
			return -1;
		}
		if (ret) {
			if (n == cap) {
				size_t c = cap ? cap * 2 : 32;
				struct proc_map *grown = realloc(maps, c * sizeof(*grown));
				if (!grown) {
					free(maps);
					return -1;
				}
				maps = grown;
				cap = c;
			}
			maps[n++] = m;
		}
		text += len + (text[len] == '\n');
	}
	*out = maps;
	*count = n;
	return 0;
}
