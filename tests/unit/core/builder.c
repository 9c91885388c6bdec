/* The BTF builder of tests/unit/btf/, shared. */
#include "tests/unit/btf/builder.c"
