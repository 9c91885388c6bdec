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

# The conformance suite lives outside the project; it is built when present.
CONFORMANCE ?= ../shared/conformance
ifneq ($(wildcard $(CONFORMANCE)/README.md),)
CONF_OBJS  := $(patsubst $(CONFORMANCE)/%.bpf.c,$(BUILD)/conformance/%.bpf.o,$(wildcard $(CONFORMANCE)/*.bpf.c))
CONF_BINS  := $(BUILD)/conformance/trigger
endif

.PHONY: all test unit-test kernel-test deps clean hello fuzz bench vmtest
.SECONDEXPANSION:

all: $(BUILD)/rawbpf $(PROGS)

$(BUILD)/obj/%.o: %.c $(HEADERS)
	@mkdir -p $(dir $@)
	$(CC) $(CFLAGS) -c $< -o $@

$(BUILD)/librawbpf.a: $(LIB_OBJS)
	@rm -f $@
	ar rcs $@ $^

$(BUILD)/rawbpf: $(CLI_OBJS) $(BUILD)/librawbpf.a
	$(CC) $(CFLAGS) $(LDFLAGS) -o $@ $^

$(BUILD)/progs/%.bpf.o: progs/%.bpf.c $(wildcard uapi/*/*.h)
	@mkdir -p $(dir $@)
	$(CLANG) $(BPF_CFLAGS) -c $< -o $@

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

kernel-test: $(BUILD)/rawbpf $(KERNEL_TESTS) $(TEST_PROGS) $(PROGS) $(TEST_TOOLS) $(CONF_OBJS) $(CONF_BINS)
	@BUILD=$(BUILD) CONFORMANCE=$(CONFORMANCE) sh tests/run.sh kernel $(KERNEL_TESTS)

# Fuzzing (libFuzzer, clang's compiler-rt): everything parsed without the
# kernel. The seed corpus is every object the build makes and the gzip
# fixtures (tests/unit/inflate/); crashes are
# written to $(BUILD)/fuzz/ and must become regression tests in tests/.
FUZZ_SECONDS ?= 60
FUZZ_FLAGS := -g -O1 -std=gnu11 -D_GNU_SOURCE -I. -fsanitize=fuzzer,address,undefined \
	-fno-sanitize-recover=all
$(BUILD)/fuzz/fuzz_object: fuzz/fuzz_object.c $(LIB_SRCS) $(HEADERS)
	@mkdir -p $(dir $@)
	$(CLANG) $(FUZZ_FLAGS) -o $@ fuzz/fuzz_object.c $(LIB_SRCS)

fuzz: $(BUILD)/fuzz/fuzz_object $(PROGS) $(TEST_PROGS) $(CONF_OBJS)
	@mkdir -p $(BUILD)/fuzz/corpus
	@cp $(PROGS) $(TEST_PROGS) $(CONF_OBJS) $(wildcard tests/unit/inflate/*.gz) \
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

bench: deps all $(BUILD)/bench/parse_bench $(BUILD)/bench/time_cmd $(CONF_OBJS) $(CONF_BINS) \
		$(BUILD)/bench/rawbpf-static-glibc $(BUILD)/bench/libbpf_load \
		$(BUILD)/bench/rawbpf_core_load $(BUILD)/bench/libbpf_core_load \
		$(filter $(BUILD)/tests/progs/core_%,$(TEST_PROGS)) \
		$(BUILD)/bench/rawbpf_consume $(BUILD)/bench/libbpf_consume $(TEST_TOOLS)
	@command -v musl-gcc >/dev/null || apt-get install -y -qq musl-tools >/dev/null
	@$(MAKE) --no-print-directory $(BUILD)/bench/rawbpf-static-musl
	@BUILD=$(BUILD) sh bench/run.sh | tee $(BUILD)/bench/BENCHMARKS.md

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

# Installs only what is missing, so it is quick on a prepared machine.
deps:
	@sh tests/install-deps.sh

clean:
	rm -rf build build-san
