/* One hexadecimal digit's value: what the kconfig parser (kconfig.c) and
 * the CLI's --data/--ctx parser (loader/cli/bytes_arg.c, through
 * loader/rawbpf.h) both read. */
#ifndef RAWBPF_ELF_HEX_H
#define RAWBPF_ELF_HEX_H

/* 0-15 for '0'-'9', 'a'-'f', 'A'-'F'; -1 for anything else. */
int rb_hex_digit(char c);

#endif
