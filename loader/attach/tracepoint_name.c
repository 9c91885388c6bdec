/* Checking and splitting "CATEGORY/NAME" (see tracepoint_name.h). */
#include <string.h>

#include "tracepoint_name.h"

int rb_trace_name_valid(const char *s)
{
	return s[0] != '\0' && !strchr(s, '/') && strcmp(s, ".") != 0 &&
	       strcmp(s, "..") != 0;
}

int rb_tracepoint_split(const char *target, char *category, size_t size,
			const char **name)
{
	const char *slash = strchr(target, '/');
	size_t len;

	if (!slash)
		return -1;
	len = (size_t)(slash - target);
	if (len >= size)
		return -1;
	memcpy(category, target, len);
	category[len] = '\0';
	/* The name must not hold another '/': "a/b/c" is not a tracepoint. */
	if (!rb_trace_name_valid(category) || !rb_trace_name_valid(slash + 1))
		return -1;
	*name = slash + 1;
	return 0;
}
