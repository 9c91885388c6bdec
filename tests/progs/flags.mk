# Extra clang flags for test objects, by name (see the Makefile).
BPF_EXTRA_big_endian = -target bpfeb
BPF_EXTRA_uprobe_own = -DRBDRIVER=\"$(abspath $(BUILD)/tests/tools/rbdriver)\"
BPF_EXTRA_uprobe_missing = -DRBDRIVER=\"$(abspath $(BUILD)/tests/tools/rbdriver)\"
