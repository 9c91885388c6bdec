/* The BTF builder of test_btf, shared. */
#include "../btf/builder.c"
