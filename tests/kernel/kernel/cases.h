/* The kernel tests, in groups, one file each; test_kernel.c runs them all
 * as one cmocka group, so the summary counts every test. */
#ifndef KERNEL_CASES_H
#define KERNEL_CASES_H

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <cmocka.h>

#define DECLARE_CASES(group) \
	extern const struct CMUnitTest group##_tests[]; \
	extern const size_t group##_count

#define DEFINE_COUNT(group) \
	const size_t group##_count = sizeof(group##_tests) / sizeof(group##_tests[0])

DECLARE_CASES(example);     /* examples.c: progs/ and inspect */
DECLARE_CASES(object);      /* objects.c: what real objects contain */
DECLARE_CASES(feature);     /* features.c: BTF, globals, other attach kinds */
DECLARE_CASES(cli);         /* cli.c: bad input, usage, CMD, signals */
DECLARE_CASES(conformance); /* conformance.c: ../shared/conformance */
DECLARE_CASES(stream);      /* streaming.c: events while run runs, SIGCHLD */
DECLARE_CASES(input);       /* inputs.c: non-regular files, resource limits */
DECLARE_CASES(pin);         /* pins.c: pinning safety */
DECLARE_CASES(message);     /* messages.c: broken objects, escaped names */
DECLARE_CASES(cleanup);     /* cleanup.c: stale probe events */
DECLARE_CASES(map);         /* maps.c: maps of maps, tail calls, maps alone */
DECLARE_CASES(core);        /* core.c: CO-RE both ways, the kernel as oracle */
DECLARE_CASES(extern);      /* externs.c: __kconfig, __ksym, kfuncs */
DECLARE_CASES(toolbox);     /* toolbox.c: load --pin, prog/map list, dump, update vs bpftool */
DECLARE_CASES(toolbox_map); /* toolbox_maps.c: batched dumps, map update/delete, ids, prog dump */
DECLARE_CASES(test_run);    /* test_run.c: BPF_PROG_TEST_RUN, rawbpf test-run */
DECLARE_CASES(netkit);      /* netkit.c: the network test kit (netns.h, rbnet) */
DECLARE_CASES(socket);      /* sockets.c: socket filters, cgroup, netns and LSM programs */
DECLARE_CASES(iface);       /* iface.c: XDP and tc on an interface, links and netlink */
DECLARE_CASES(net_example); /* net_examples.c: progs/ networking examples, book_* objects */

DECLARE_CASES(user_api);    /* user_api.c: map access, dumps, mmap'd globals, pins by path */
DECLARE_CASES(compat);      /* compat.c: libbpf's bpf.h and the book's bpf_load.h loaders */
DECLARE_CASES(skeleton);    /* skeleton.c: gen skeleton, compiled and run; progs/execsnoop */
DECLARE_CASES(usdt);        /* usdt.c: USDT probes, both usdt.bpf.h, inspect PATH */
DECLARE_CASES(formatting);  /* formatting.c: values and events by BTF, histograms */
DECLARE_CASES(iterator);    /* iterators.c: iter/task, iter/bpf_map, rb_link_iter_open */
DECLARE_CASES(sampling);    /* sampling.c: perf_event sampling, stacks, --folded, --attach */

#endif
