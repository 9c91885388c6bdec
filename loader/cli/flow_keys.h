/* flow_keys.c: a flow dissector test run's struct bpf_flow_keys, printed. */
#ifndef RAWBPF_CLI_FLOW_KEYS_H
#define RAWBPF_CLI_FLOW_KEYS_H

#include <stddef.h>
#include <stdio.h>

/* The fields, for people (lines) or as one JSON object; -1 when `size` is
 * too short to hold the struct (nothing printed). */
int flow_keys_print(FILE *out, const void *data, size_t size, int json);

#endif
