# Extra clang flags for test objects, by name (see the Makefile).
BPF_EXTRA_big_endian = -target bpfeb
