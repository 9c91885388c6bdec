#!/bin/sh
# Install what building and testing rawbpf needs, on Debian or Ubuntu, as
# root. Only missing packages are installed, so this is quick when all is
# there. Runtime needs nothing: rawbpf uses libc and the kernel only.
#   clang, llvm        compile the BPF programs (clang -target bpf)
#   gcc, make          build rawbpf itself
#   libcmocka-dev      the unit and kernel tests
#   bpftool            tests compare rawbpf's view of loaded programs with it
#   systemtap-sdt-dev  <sys/sdt.h>: USDT probes in progs/usdt_app.c and the
#                      USDT tests' target (tests/kernel/tools/rbusdt.c)
#   libbpf-dev         tests/headers/ builds its programs against libbpf's
#                      headers too, to compare with rawbpf's (headers only:
#                      nothing of rawbpf links libbpf but bench/)
#   pkg-config, man-db the `make install` test builds through rawbpf.pc and
#                      renders the man page (tests/install/check.sh)
set -e
need=""
command -v clang >/dev/null 2>&1 || need="$need clang"
command -v llvm-objdump >/dev/null 2>&1 || need="$need llvm"
command -v cc >/dev/null 2>&1 || need="$need gcc"
command -v make >/dev/null 2>&1 || need="$need make"
[ -f /usr/include/cmocka.h ] || need="$need libcmocka-dev"
command -v bpftool >/dev/null 2>&1 || [ -x /usr/sbin/bpftool ] || need="$need bpftool"
[ -f /usr/include/bpf/bpf_core_read.h ] || need="$need libbpf-dev"
# <sys/sdt.h>: the USDT probes of progs/usdt_app.c and tests/kernel/tools/rbusdt.c
[ -f /usr/include/sys/sdt.h ] || [ -f "/usr/include/$(cc -print-multiarch 2>/dev/null)/sys/sdt.h" ] || need="$need systemtap-sdt-dev"
command -v pkg-config >/dev/null 2>&1 || need="$need pkg-config"
command -v man >/dev/null 2>&1 || need="$need man-db"
if [ -z "$need" ]; then
	echo "deps: all present"
	exit 0
fi
if [ "$(id -u)" -ne 0 ]; then
	echo "deps: missing:$need — run 'make deps' as root, or install them yourself" >&2
	exit 1
fi
echo "deps: installing$need"
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq
apt-get install -y -qq $need >/dev/null
