# Extra clang flags for test objects, by name (see the Makefile).
BPF_EXTRA_big_endian = -target bpfeb
BPF_EXTRA_uprobe_own = -DRBDRIVER=\"$(abspath $(BUILD)/tests/tools/rbdriver)\"
BPF_EXTRA_uprobe_missing = -DRBDRIVER=\"$(abspath $(BUILD)/tests/tools/rbdriver)\"
# no debug info, so no .BTF: a legacy object (tests/kernel/kernel/formatting.c)
BPF_EXTRA_fmt_nobtf = -g0
# USDT tests (tests/kernel/kernel/usdt.c): the probes of tests/kernel/tools/rbusdt.c
USDT_FLAGS = -D__TARGET_ARCH_x86 -DRBUSDT=\"$(abspath $(BUILD)/tests/tools/rbusdt)\"
BPF_EXTRA_usdt_args = $(USDT_FLAGS)
BPF_EXTRA_usdt_args_libbpf = $(USDT_FLAGS)
BPF_EXTRA_usdt_bare = $(USDT_FLAGS)

# twin_statics.bpf.o is linked from two units (tests/progs/twin_statics/),
# each with its own `static x` and `static y`, by bpftool's BPF linker
# (bpftool is a test dependency: tests/install-deps.sh). One C file cannot
# hold two statics of one name; a program built from several files can.
BPFTOOL ?= $(shell command -v bpftool || echo /usr/sbin/bpftool)
TWIN := $(BUILD)/tests/progs/twin_statics
$(TWIN).bpf.o: tests/progs/twin_statics/one.c tests/progs/twin_statics/two.c \
		tests/progs/rbdriver.h $(wildcard uapi/*/*.h)
	@mkdir -p $(TWIN)
	$(CLANG) $(BPF_CFLAGS) -c tests/progs/twin_statics/one.c -o $(TWIN)/one.o
	$(CLANG) $(BPF_CFLAGS) -c tests/progs/twin_statics/two.c -o $(TWIN)/two.o
	$(BPFTOOL) gen object $@ $(TWIN)/one.o $(TWIN)/two.o
TEST_PROGS += $(TWIN).bpf.o

# core_types.bpf.o has type_matches records (kind 12), which clang writes
# only from version 15: from an older clang's type_exists records of the
# same types, core_retag makes them (tests/progs/core_types.bpf.c says how).
$(BUILD)/tests/progs/core_retag: tests/progs/core_retag.c $(BUILD)/librawbpf.a $(HEADERS)
	@mkdir -p $(dir $@)
	$(CC) $(CFLAGS) $(LDFLAGS) -o $@ $< $(BUILD)/librawbpf.a
$(BUILD)/tests/progs/core_types.bpf.o: tests/progs/core_types.bpf.c $(wildcard uapi/*/*.h tests/progs/*.h) \
		$(BUILD)/tests/progs/core_retag
	@mkdir -p $(dir $@)
	$(CLANG) $(BPF_CFLAGS) -c $< -o $@.raw
	$(BUILD)/tests/progs/core_retag $@.raw $@
$(BUILD)/tests/progs/usdt_args_libbpf.bpf.o: tests/progs/usdt_args.bpf.c
