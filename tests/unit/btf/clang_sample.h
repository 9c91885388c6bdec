/* A clang-built .BTF and .BTF.ext, embedded (see clang_sample.c). */
#ifndef BTF_CLANG_SAMPLE_H
#define BTF_CLANG_SAMPLE_H

extern const unsigned char sample_btf[];
extern const unsigned int sample_btf_len;
extern const unsigned char sample_btf_ext[];
extern const unsigned int sample_btf_ext_len;

#endif
