# rawbpf build.
#
#   make              library, the rawbpf command, the example BPF programs
#   make deps         install what a fresh Debian machine lacks (as root)
#   make hello        deps, build, and run the hello-world example
#   make fuzz FUZZ_SECONDS=N   fuzz the parsers (libFuzzer)
#   make bench        benchmarks against libbpf (bpftool), docs/BENCHMARKS.md
#   make vmtest       the tests on Debian's 6.1 and 6.12 kernels under qemu
#   make test         unit tests, then tests against the running kernel
#   make test SANITIZE=1   the same, built with ASan and UBSan (in build-san/)
#
# Sources are found by wildcard: a new .c file in elf/ or loader/ joins the
# library, a new tests/unit/test_NAME.c becomes a test binary (with any
# helper files in tests/unit/NAME/), a new progs/NAME.bpf.c an object.

CC       ?= cc
CLANG    ?= clang
CFLAGS   ?= -O2 -g
CFLAGS   += -std=gnu11 -D_GNU_SOURCE -Wall -Wextra -Werror -I.
LDFLAGS  ?=
BUILD    ?= build

ifeq ($(SANITIZE),1)
BUILD    := build-san
CFLAGS   += -fsanitize=address,undefined -fno-omit-frame-pointer -fno-sanitize-recover=all
LDFLAGS  += -fsanitize=address,undefined
endif

# BPF programs: clang's BPF backend, our pinned headers instead of the
# kernel's (-Iuapi provides <linux/bpf.h> and <bpf/bpf_helpers.h>).
BPF_CFLAGS ?= -O2 -g -target bpf -Wall -Werror -Iuapi

LIB_SRCS   := $(wildcard elf/*.c loader/*.c) $(filter-out loader/cli/%,$(wildcard loader/*/*.c))
LIB_OBJS   := $(LIB_SRCS:%.c=$(BUILD)/obj/%.o)
CLI_SRCS   := $(wildcard loader/cli/*.c)
CLI_OBJS   := $(CLI_SRCS:%.c=$(BUILD)/obj/%.o)
HEADERS    := $(wildcard elf/*.h loader/*.h loader/*/*.h uapi/*/*.h)

PROGS      := $(patsubst progs/%.bpf.c,$(BUILD)/progs/%.bpf.o,$(wildcard progs/*.bpf.c))
TEST_PROGS := $(patsubst tests/progs/%.bpf.c,$(BUILD)/tests/progs/%.bpf.o,$(wildcard tests/progs/*.bpf.c))
UNIT_TESTS := $(patsubst tests/unit/%.c,$(BUILD)/tests/%,$(wildcard tests/unit/test_*.c))
KERNEL_TESTS := $(patsubst tests/kernel/%.c,$(BUILD)/tests/%,$(wildcard tests/kernel/test_*.c))
TEST_TOOLS := $(patsubst tests/kernel/tools/%.c,$(BUILD)/tests/tools/%,$(wildcard tests/kernel/tools/*.c))
# The compatibility layers (loader/compat/README.md): libbpf's bpf.h and the
# kernel samples' bpf_load.h, in a library of their own.
COMPAT_SRCS := $(wildcard loader/compat/lib/*.c)
COMPAT_OBJS := $(COMPAT_SRCS:%.c=$(BUILD)/obj/%.o)
COMPAT_HDRS := $(wildcard loader/compat/bpf/*.h)
# Loaders written against those headers (tests/compat/), built with include
# flags only, as a user would; bpf_api also against libbpf (libbpf-dev).
COMPAT_TESTS := $(patsubst tests/compat/%.c,$(BUILD)/tests/compat/%,$(wildcard tests/compat/*.c)) \
	$(BUILD)/tests/compat/bpf_api-libbpf
COMPAT_TEST_CFLAGS := -O1 -g -std=gnu11 -Wall -Wextra -Werror \
	$(filter -fsanitize=% -fno-omit-frame-pointer -fno-sanitize-recover=%,$(CFLAGS))

# The conformance suite lives outside the project; it is built when present.
CONFORMANCE ?= ../shared/conformance
ifneq ($(wildcard $(CONFORMANCE)/README.md),)
CONF_OBJS  := $(patsubst $(CONFORMANCE)/%.bpf.c,$(BUILD)/conformance/%.bpf.o,$(wildcard $(CONFORMANCE)/*.bpf.c))
CONF_BINS  := $(BUILD)/conformance/trigger
endif

.PHONY: all test unit-test kernel-test deps clean hello fuzz bench vmtest install
.SECONDEXPANSION:

all: $(BUILD)/rawbpf $(BUILD)/librawbpf-compat.a $(PROGS) $(EXAMPLE_TOOLS)

$(BUILD)/obj/%.o: %.c $(HEADERS)
	@mkdir -p $(dir $@)
	$(CC) $(CFLAGS) -c $< -o $@

$(BUILD)/librawbpf.a: $(LIB_OBJS)
	@rm -f $@
	ar rcs $@ $^

$(BUILD)/obj/loader/compat/lib/%.o: loader/compat/lib/%.c $(HEADERS) $(COMPAT_HDRS)
	@mkdir -p $(dir $@)
	$(CC) $(CFLAGS) -c $< -o $@

$(BUILD)/librawbpf-compat.a: $(COMPAT_OBJS)
	@rm -f $@
	ar rcs $@ $^

$(BUILD)/tests/compat/%: tests/compat/%.c $(COMPAT_HDRS) $(BUILD)/librawbpf-compat.a $(BUILD)/librawbpf.a
	@mkdir -p $(dir $@)
	$(CC) $(COMPAT_TEST_CFLAGS) -Iloader/compat -Iloader/compat/bpf -o $@ $< \
		$(BUILD)/librawbpf-compat.a $(BUILD)/librawbpf.a

# The same source against libbpf's own headers and library.
$(BUILD)/tests/compat/bpf_api-libbpf: tests/compat/bpf_api.c
	@mkdir -p $(dir $@)
	@[ -f /usr/include/bpf/bpf.h ] || apt-get install -y -qq libbpf-dev >/dev/null
	$(CC) -O1 -g -std=gnu11 -Wall -Wextra -Werror -o $@ $< -lbpf

$(BUILD)/rawbpf: $(CLI_OBJS) $(BUILD)/librawbpf.a
	$(CC) $(CFLAGS) $(LDFLAGS) -o $@ $^

$(BUILD)/progs/%.bpf.o: progs/%.bpf.c $(wildcard uapi/*/*.h)
	@mkdir -p $(dir $@)
	$(CLANG) $(BPF_CFLAGS) -c $< -o $@

# progs/execsnoop/: a tool written on a skeleton (README.md, "Skeletons"):
# the BPF object, its skeleton header made by `rawbpf gen skeleton`, and
# the user space compiled against that header and librawbpf.a.
EXAMPLE_TOOLS := $(BUILD)/progs/execsnoop/execsnoop
# progs/usdt_app.c: the target of progs/usdt_hello.bpf.c, a program with
# a <sys/sdt.h> USDT probe (systemtap-sdt-dev).
EXAMPLE_TOOLS += $(BUILD)/progs/usdt_app
$(BUILD)/progs/usdt_app: progs/usdt_app.c
	@mkdir -p $(dir $@)
	$(CC) -O2 -g -Wall -Wextra -Werror -o $@ $<
$(BUILD)/progs/execsnoop/execsnoop.bpf.o: progs/execsnoop/execsnoop.bpf.c progs/execsnoop/execsnoop.h \
		$(wildcard uapi/*/*.h)
	@mkdir -p $(dir $@)
	$(CLANG) $(BPF_CFLAGS) -c $< -o $@
$(BUILD)/progs/execsnoop/execsnoop.skel.h: $(BUILD)/progs/execsnoop/execsnoop.bpf.o $(BUILD)/rawbpf
	$(BUILD)/rawbpf gen skeleton $< > $@.tmp && mv $@.tmp $@
$(BUILD)/progs/execsnoop/execsnoop: progs/execsnoop/execsnoop.c progs/execsnoop/execsnoop.h \
		$(BUILD)/progs/execsnoop/execsnoop.skel.h $(BUILD)/librawbpf.a
	$(CC) $(CFLAGS) $(LDFLAGS) -I$(BUILD)/progs/execsnoop -Iinclude -o $@ $< $(BUILD)/librawbpf.a

# Test objects may need their own flags: BPF_EXTRA_<name> (see tests/progs/flags.mk).
-include tests/progs/flags.mk
# tests/headers/: libbpf-style programs built against rawbpf's headers and
# libbpf's, compared by tests/unit/test_headers.c (HDR_OBJS).
include tests/headers/headers.mk
$(BUILD)/tests/progs/%.bpf.o: tests/progs/%.bpf.c $(wildcard uapi/*/*.h tests/progs/*.h)
	@mkdir -p $(dir $@)
	$(CLANG) $(BPF_CFLAGS) $(BPF_EXTRA_$*) -c $< -o $@

# (a unit test may #include a CLI or fuzz source it tests: they are prerequisites too)
$(BUILD)/tests/test_%: tests/unit/test_%.c $$(wildcard tests/unit/$$*/*.c tests/unit/$$*/*.h) $(BUILD)/librawbpf.a $(HEADERS) $(CLI_SRCS) fuzz/fuzz_object.c
	@mkdir -p $(dir $@)
	$(CC) $(CFLAGS) $(LDFLAGS) -o $@ $< $(wildcard tests/unit/$*/*.c) $(BUILD)/librawbpf.a -lcmocka

$(BUILD)/tests/test_%: tests/kernel/test_%.c $$(wildcard tests/kernel/$$*/*.c tests/kernel/$$*/*.h) $(BUILD)/librawbpf.a $(HEADERS)
	@mkdir -p $(dir $@)
	$(CC) $(CFLAGS) $(LDFLAGS) -o $@ $< $(wildcard tests/kernel/$*/*.c) $(BUILD)/librawbpf.a -lcmocka

$(BUILD)/tests/tools/%: tests/kernel/tools/%.c
	@mkdir -p $(dir $@)
	$(CC) -O1 -g -Wall -Wextra -Werror -o $@ $<

$(BUILD)/conformance/%.bpf.o: $(CONFORMANCE)/%.bpf.c $(CONFORMANCE)/rb_test.h
	@mkdir -p $(dir $@)
	$(CLANG) -O2 -g -target bpf -DTRIGGER=\"$(abspath $(BUILD)/conformance/trigger)\" -c $< -o $@

$(BUILD)/conformance/trigger: $(CONFORMANCE)/trigger.c
	@mkdir -p $(dir $@)
	$(CC) -O1 -o $@ $<

test: unit-test kernel-test

unit-test: $(UNIT_TESTS) $(TEST_PROGS) $(PROGS) $(HDR_OBJS)
	@BUILD=$(BUILD) sh tests/run.sh unit $(UNIT_TESTS)

kernel-test: $(BUILD)/rawbpf $(KERNEL_TESTS) $(TEST_PROGS) $(PROGS) $(TEST_TOOLS) $(COMPAT_TESTS) $(EXAMPLE_TOOLS) $(CONF_OBJS) $(CONF_BINS)
	@BUILD=$(BUILD) CONFORMANCE=$(CONFORMANCE) sh tests/run.sh kernel $(KERNEL_TESTS)

# Fuzzing (libFuzzer, clang's compiler-rt): everything parsed without the
# kernel. The seed corpus is every object the build makes and the gzip
# fixtures (tests/unit/inflate/) and an executable with USDT notes; crashes are
# written to $(BUILD)/fuzz/ and must become regression tests in tests/.
FUZZ_SECONDS ?= 60
FUZZ_FLAGS := -g -O1 -std=gnu11 -D_GNU_SOURCE -I. -fsanitize=fuzzer,address,undefined \
	-fno-sanitize-recover=all
$(BUILD)/fuzz/fuzz_object: fuzz/fuzz_object.c $(LIB_SRCS) $(HEADERS)
	@mkdir -p $(dir $@)
	$(CLANG) $(FUZZ_FLAGS) -o $@ fuzz/fuzz_object.c $(LIB_SRCS)

fuzz: $(BUILD)/fuzz/fuzz_object $(PROGS) $(TEST_PROGS) $(CONF_OBJS) $(BUILD)/progs/usdt_app
	@mkdir -p $(BUILD)/fuzz/corpus
	@cp $(PROGS) $(TEST_PROGS) $(CONF_OBJS) $(wildcard tests/unit/inflate/*.gz) $(BUILD)/progs/usdt_app \
		$(BUILD)/fuzz/corpus/ 2>/dev/null || true
	$(BUILD)/fuzz/fuzz_object -max_total_time=$(FUZZ_SECONDS) -print_final_stats=1 \
		-artifact_prefix=$(BUILD)/fuzz/ $(BUILD)/fuzz/corpus

# Benchmarks (docs/BENCHMARKS.md): needs root, bpftool, musl-tools, and
# libbpf-dev for the peer program (the only thing here that links libbpf).
$(BUILD)/bench/%: bench/%.c $(BUILD)/librawbpf.a
	@mkdir -p $(dir $@)
	$(CC) $(CFLAGS) -o $@ $< $(BUILD)/librawbpf.a

$(BUILD)/bench/rawbpf_consume: bench/rawbpf_consume.c bench/consume.h $(BUILD)/librawbpf.a
	@mkdir -p $(dir $@)
	$(CC) $(CFLAGS) -o $@ $< $(BUILD)/librawbpf.a

$(BUILD)/bench/libbpf_consume: bench/libbpf_consume.c bench/consume.h
	@mkdir -p $(dir $@)
	@[ -f /usr/include/bpf/libbpf.h ] || apt-get install -y -qq libbpf-dev >/dev/null
	$(CC) -O2 -I. -o $@ $< -lbpf

$(BUILD)/bench/libbpf_load: bench/libbpf_load.c
	@mkdir -p $(dir $@)
	@[ -f /usr/include/bpf/libbpf.h ] || apt-get install -y -qq libbpf-dev >/dev/null
	$(CC) -O2 -o $@ $< -lbpf

$(BUILD)/bench/rawbpf_phases: bench/rawbpf_phases.c bench/phases.h $(BUILD)/librawbpf.a
	@mkdir -p $(dir $@)
	$(CC) $(CFLAGS) -o $@ $< $(BUILD)/librawbpf.a

# bench/phases.h defines syscall() to count libbpf's bpf() calls: the
# executable must export it for libbpf.so to bind to it (-rdynamic).
$(BUILD)/bench/libbpf_phases: bench/libbpf_phases.c bench/phases.h
	@mkdir -p $(dir $@)
	@[ -f /usr/include/bpf/libbpf.h ] || apt-get install -y -qq libbpf-dev >/dev/null
	$(CC) -O2 -Wall -Wextra -Werror -I. -rdynamic -o $@ $< -lbpf

$(BUILD)/bench/rawbpf_drain: bench/rawbpf_drain.c bench/drain.h $(BUILD)/librawbpf.a
	@mkdir -p $(dir $@)
	$(CC) $(CFLAGS) -o $@ $< $(BUILD)/librawbpf.a

$(BUILD)/bench/libbpf_drain: bench/libbpf_drain.c bench/drain.h
	@mkdir -p $(dir $@)
	@[ -f /usr/include/bpf/libbpf.h ] || apt-get install -y -qq libbpf-dev >/dev/null
	$(CC) -O2 -D_GNU_SOURCE -Wall -Wextra -Werror -I. -o $@ $< -lbpf

# zlib comes with libbpf-dev (zlib1g-dev): the peer of elf/inflate.c
$(BUILD)/bench/inflate_bench: bench/inflate_bench.c $(BUILD)/librawbpf.a
	@mkdir -p $(dir $@)
	@[ -f /usr/include/zlib.h ] || apt-get install -y -qq zlib1g-dev >/dev/null
	$(CC) $(CFLAGS) -o $@ $< $(BUILD)/librawbpf.a -lz

$(BUILD)/bench/libbpf_core_load: bench/libbpf_core_load.c
	@mkdir -p $(dir $@)
	@[ -f /usr/include/bpf/libbpf.h ] || apt-get install -y -qq libbpf-dev >/dev/null
	$(CC) -O2 -o $@ $< -lbpf

$(BUILD)/bench/rawbpf-static-glibc: $(CLI_SRCS) $(LIB_SRCS) $(HEADERS)
	@mkdir -p $(dir $@)
	$(CC) -O2 -std=gnu11 -D_GNU_SOURCE -I. -static -s -o $@ $(CLI_SRCS) $(LIB_SRCS)

$(BUILD)/bench/rawbpf-static-musl: $(CLI_SRCS) $(LIB_SRCS) $(HEADERS)
	@mkdir -p $(dir $@)
	musl-gcc -O2 -std=gnu11 -D_GNU_SOURCE -I. -static -s -o $@ $(CLI_SRCS) $(LIB_SRCS)

# The same at -Os: footprint per build flag (docs/BENCHMARKS.md, section 4).
$(BUILD)/bench/rawbpf-static-musl-Os: $(CLI_SRCS) $(LIB_SRCS) $(HEADERS)
	@mkdir -p $(dir $@)
	musl-gcc -Os -std=gnu11 -D_GNU_SOURCE -I. -static -s -o $@ $(CLI_SRCS) $(LIB_SRCS)

bench: deps all $(BUILD)/bench/parse_bench $(BUILD)/bench/time_cmd $(CONF_OBJS) $(CONF_BINS) \
		$(BUILD)/bench/rawbpf-static-glibc $(BUILD)/bench/libbpf_load \
		$(BUILD)/bench/rawbpf_core_load $(BUILD)/bench/libbpf_core_load \
		$(BUILD)/bench/rawbpf_phases $(BUILD)/bench/libbpf_phases \
		$(filter $(BUILD)/tests/progs/core_%,$(TEST_PROGS)) \
		$(BUILD)/bench/rawbpf_consume $(BUILD)/bench/libbpf_consume $(TEST_TOOLS) \
		$(BUILD)/bench/rawbpf_drain $(BUILD)/bench/libbpf_drain $(BUILD)/bench/inflate_bench
	@command -v musl-gcc >/dev/null || apt-get install -y -qq musl-tools >/dev/null
	@$(MAKE) --no-print-directory $(BUILD)/bench/rawbpf-static-musl $(BUILD)/bench/rawbpf-static-musl-Os
	@BUILD=$(BUILD) CONF_OBJS="$(CONF_OBJS)" sh bench/run.sh | tee $(BUILD)/bench/BENCHMARKS.md

# The kernel matrix: the same objects on Debian's 6.1 and 6.12 cloud kernels
# under qemu (software emulation), where kprobes exist (tests/vm/).
vmtest: all $(TEST_PROGS) $(CONF_OBJS) $(CONF_BINS)
	@command -v qemu-system-x86_64 >/dev/null && command -v cpio >/dev/null && command -v musl-gcc >/dev/null || \
		DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends \
		qemu-system-x86 cpio musl-tools >/dev/null
	@BUILD=$(BUILD) CONFORMANCE=$(CONFORMANCE) sh tests/vm/run.sh

# The first thing to try on a new machine (as root).
hello: deps
	@$(MAKE) --no-print-directory all
	$(BUILD)/rawbpf run $(BUILD)/progs/hello.bpf.o -- /bin/true

# make install PREFIX=/usr/local DESTDIR=: the command, the libraries, the
# headers, pkg-config files and the man page. Layout (README.md, "Installing"):
#   bin/rawbpf
#   lib/librawbpf.a, lib/librawbpf-compat.a
#   include/rawbpf/rawbpf.h          #include <rawbpf/rawbpf.h> (Cflags -I$(includedir))
#   include/rawbpf/loader/rawbpf.h, include/rawbpf/elf/error.h, hex.h   what it includes
#   include/rawbpf/compat/bpf/*.h    libbpf's bpf.h, bpf_load.h (rawbpf-compat.pc)
#   include/rawbpf/bpf-include/      the BPF side, for clang -target bpf only:
#                                    bpf/bpf_helpers.h, linux/bpf.h, ...
#                                    (pkg-config --variable=bpf_includedir rawbpf)
#   lib/pkgconfig/rawbpf.pc, rawbpf-compat.pc
#   share/man/man1/rawbpf.1
PREFIX  ?= /usr/local
DESTDIR ?=
VERSION ?= 0.1.0
INC_DIR := $(DESTDIR)$(PREFIX)/include/rawbpf
BPF_HEADERS := $(filter-out %.py,$(wildcard uapi/*/*.h))

install: $(BUILD)/rawbpf $(BUILD)/librawbpf.a $(BUILD)/librawbpf-compat.a
	install -d $(DESTDIR)$(PREFIX)/bin $(DESTDIR)$(PREFIX)/lib/pkgconfig \
		$(DESTDIR)$(PREFIX)/share/man/man1 $(INC_DIR)/loader $(INC_DIR)/elf \
		$(INC_DIR)/compat/bpf
	install -m 755 $(BUILD)/rawbpf $(DESTDIR)$(PREFIX)/bin/rawbpf
	install -m 644 $(BUILD)/librawbpf.a $(BUILD)/librawbpf-compat.a $(DESTDIR)$(PREFIX)/lib/
	install -m 644 loader/rawbpf.h $(INC_DIR)/loader/rawbpf.h
	install -m 644 elf/error.h elf/hex.h $(INC_DIR)/elf/
	install -m 644 include/rawbpf/rawbpf.h $(INC_DIR)/rawbpf.h
	$(if $(COMPAT_HDRS),install -m 644 $(COMPAT_HDRS) $(INC_DIR)/compat/bpf/)
	for h in $(BPF_HEADERS); do \
		install -d $(INC_DIR)/bpf-include/$$(dirname $${h#uapi/}) && \
		install -m 644 $$h $(INC_DIR)/bpf-include/$${h#uapi/} || exit 1; \
	done
	install -m 644 docs/rawbpf.1 $(DESTDIR)$(PREFIX)/share/man/man1/rawbpf.1
	printf '%s\n' 'prefix=$(PREFIX)' 'libdir=$${prefix}/lib' 'includedir=$${prefix}/include' \
		'bpf_includedir=$${includedir}/rawbpf/bpf-include' '' 'Name: rawbpf' \
		'Description: load eBPF objects with libc and the kernel ABI only' \
		'Version: $(VERSION)' 'Cflags: -I$${includedir}' 'Libs: -L$${libdir} -lrawbpf' \
		> $(DESTDIR)$(PREFIX)/lib/pkgconfig/rawbpf.pc
	printf '%s\n' 'prefix=$(PREFIX)' 'libdir=$${prefix}/lib' 'includedir=$${prefix}/include' '' \
		'Name: rawbpf-compat' \
		"Description: libbpf's bpf.h and the kernel samples' bpf_load.h over rawbpf" \
		'Version: $(VERSION)' 'Requires: rawbpf' \
		'Cflags: -I$${includedir}/rawbpf/compat -I$${includedir}/rawbpf/compat/bpf' \
		'Libs: -L$${libdir} -lrawbpf-compat' > $(DESTDIR)$(PREFIX)/lib/pkgconfig/rawbpf-compat.pc

# Installs only what is missing, so it is quick on a prepared machine.
deps:
	@sh tests/install-deps.sh

clean:
	rm -rf build build-san
