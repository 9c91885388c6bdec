/* rawbpf's public header under the name programs include:
 *
 *     #include <rawbpf/rawbpf.h>
 *
 * as generated skeletons do. Installed (make install), this file is
 * PREFIX/include/rawbpf/rawbpf.h and loader/rawbpf.h lies beside it, so
 * pkg-config's `-I${includedir}` is all a program needs. In the source
 * tree, build with `-I RAWBPF/include -I RAWBPF` (the tree's root, where
 * loader/rawbpf.h is). */
#include "loader/rawbpf.h"
