# The header compatibility check (included by the Makefile).
#
# Each program of tests/headers/ is built for each architecture's
# -D__TARGET_ARCH_xxx twice: against rawbpf's headers (-Iuapi), and, when
# libbpf-dev is installed (tests/install-deps.sh installs it), against
# libbpf's and the system's <linux/bpf.h>, as a libbpf user on Debian
# builds. tests/unit/test_headers.c then compares each pair: the same
# instructions, the same CO-RE records. Programs in HDR_RAWBPF_ONLY use what
# libbpf 1.1 lacks and are only checked against expectations.
HDR_ARCHES      := x86 arm64 s390 riscv powerpc
HDR_NAMES       := $(patsubst tests/headers/%.bpf.c,%,$(wildcard tests/headers/*.bpf.c))
HDR_RAWBPF_ONLY := newer
HDR_MULTIARCH   := $(shell $(CC) -print-multiarch 2>/dev/null)
HDR_OBJS        := $(foreach a,$(HDR_ARCHES),$(HDR_NAMES:%=$(BUILD)/tests/headers/rawbpf/$(a)/%.bpf.o))
ifneq ($(wildcard /usr/include/bpf/bpf_core_read.h),)
HDR_LIBBPF_NAMES := $(filter-out $(HDR_RAWBPF_ONLY),$(HDR_NAMES))
HDR_OBJS        += $(foreach a,$(HDR_ARCHES),$(HDR_LIBBPF_NAMES:%=$(BUILD)/tests/headers/libbpf/$(a)/%.bpf.o))
endif

# $* is ARCH/NAME
$(BUILD)/tests/headers/rawbpf/%.bpf.o: tests/headers/$$(notdir $$*).bpf.c tests/headers/kernel_types.h \
		$(wildcard uapi/*/*.h)
	@mkdir -p $(dir $@)
	$(CLANG) $(BPF_CFLAGS) -D__TARGET_ARCH_$(patsubst %/,%,$(dir $*)) -c $< -o $@

$(BUILD)/tests/headers/libbpf/%.bpf.o: tests/headers/$$(notdir $$*).bpf.c tests/headers/kernel_types.h
	@mkdir -p $(dir $@)
	$(CLANG) -O2 -g -target bpf -Wall -Werror -I/usr/include/$(HDR_MULTIARCH) \
		-D__TARGET_ARCH_$(patsubst %/,%,$(dir $*)) -c $< -o $@
