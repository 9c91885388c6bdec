/* The cases of public_header/after.c, the translation unit that includes
 * loader/rawbpf.h before the system's kernel headers. */
#ifndef PUBLIC_HEADER_AFTER_H
#define PUBLIC_HEADER_AFTER_H

void object_read_through_accessors(void **state);
void broken_object_is_refused(void **state);

#endif
