/* Formatting shared by inspect and run: hex, JSON strings, hex dumps, names. */
#include <ctype.h>
#include <inttypes.h>
#include <string.h>

#include "cli.h"

void print_hex(FILE *out, const void *data, size_t size)
{
	const uint8_t *p = data;

	for (size_t i = 0; i < size; i++)
		fprintf(out, "%02x", p[i]);
}

void print_json_string(FILE *out, const char *s)
{
	fputc('"', out);
	for (; *s; s++) {
		unsigned char c = (unsigned char)*s;
		if (c == '"' || c == '\\')
			fprintf(out, "\\%c", c);
		else if (c == '\n')
			fputs("\\n", out);
		else if (c == '\t')
			fputs("\\t", out);
		else if (c < 0x20 || c == 0x7f)
			fprintf(out, "\\u%04x", c);
		else
			fputc(c, out);
	}
	fputc('"', out);
}

void print_hexdump(FILE *out, const void *data, size_t size, const char *indent)
{
	const uint8_t *p = data;

	for (size_t row = 0; row < size; row += 16) {
		fprintf(out, "%s%04zx ", indent, row);
		for (size_t i = row; i < row + 16; i++) {
			if (i < size)
				fprintf(out, " %02x", p[i]);
			else
				fputs("   ", out);
		}
		fputs("  ", out);
		for (size_t i = row; i < row + 16 && i < size; i++)
			fputc(isprint(p[i]) ? p[i] : '.', out);
		fputc('\n', out);
	}
}

void print_scalar(FILE *out, const void *data, size_t size)
{
	if (size == 1) {
		fprintf(out, "%u", *(const uint8_t *)data);
	} else if (size == 2) {
		uint16_t v;
		memcpy(&v, data, 2);
		fprintf(out, "%u", v);
	} else if (size == 4) {
		uint32_t v;
		memcpy(&v, data, 4);
		fprintf(out, "%" PRIu32, v);
	} else if (size == 8) {
		uint64_t v;
		memcpy(&v, data, 8);
		fprintf(out, "%" PRIu64, v);
	} else {
		fputs("0x", out);
		print_hex(out, data, size);
	}
}

const char *map_type_name(uint32_t type)
{
	static const char *names[] = {
		"unspec", "hash", "array", "prog_array", "perf_event_array",
		"percpu_hash", "percpu_array", "stack_trace", "cgroup_array",
		"lru_hash", "lru_percpu_hash", "lpm_trie", "array_of_maps",
		"hash_of_maps", "devmap", "sockmap", "cpumap", "xskmap", "sockhash",
		"cgroup_storage", "reuseport_sockarray", "percpu_cgroup_storage",
		"queue", "stack", "sk_storage", "devmap_hash", "struct_ops",
		"ringbuf", "inode_storage", "task_storage", "bloom_filter",
		"user_ringbuf", "cgrp_storage",
	};
	return type < sizeof(names) / sizeof(names[0]) ? names[type] : "unknown";
}

const char *prog_type_name(uint32_t type)
{
	static const char *names[] = {
		"unspec", "socket_filter", "kprobe", "sched_cls", "sched_act",
		"tracepoint", "xdp", "perf_event", "cgroup_skb", "cgroup_sock",
		"lwt_in", "lwt_out", "lwt_xmit", "sock_ops", "sk_skb",
		"cgroup_device", "sk_msg", "raw_tracepoint", "cgroup_sock_addr",
		"lwt_seg6local", "lirc_mode2", "sk_reuseport", "flow_dissector",
		"cgroup_sysctl", "raw_tracepoint_writable", "cgroup_sockopt",
		"tracing", "struct_ops", "ext", "lsm", "sk_lookup", "syscall",
	};
	return type < sizeof(names) / sizeof(names[0]) ? names[type] : "unknown";
}
