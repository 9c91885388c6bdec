#!/bin/sh
# make vmtest: boot Debian's cloud kernels (6.1 and 6.12, with kprobes and
# BTF) in qemu with software emulation, with an initramfs holding a static
# rawbpf, the test objects and tests/vm/init.c as /init; read the results
# from the serial console, the status from isa-debug-exit.
# Package names are resolved from the archive now: versioned names change.
set -eu
BUILD=${BUILD:-build}
CONF=${CONFORMANCE:-../shared/conformance}
VM=$BUILD/vm
ROOT=$VM/root
rm -rf "$ROOT"
mkdir -p "$ROOT/t/conf" "$ROOT/proc" "$ROOT/sys" "$ROOT/dev"

musl-gcc -O2 -static -std=gnu11 -D_GNU_SOURCE -I. -o "$ROOT/rawbpf" loader/*/*.c loader/*.c elf/*.c
musl-gcc -O2 -static -std=gnu11 -D_GNU_SOURCE -o "$ROOT/init" tests/vm/init.c \
	tests/vm/extern_checks.c
musl-gcc -O1 -static -o "$ROOT/rbdriver" tests/kernel/tools/rbdriver.c
# the network cases' traffic (tests/kernel/tools/rbnet.c), on 127.0.0.1 of
# each case's own network namespace (init.c: netns)
musl-gcc -O1 -static -o "$ROOT/rbnet" tests/kernel/tools/rbnet.c
# CO-RE both ways, compared (tests/vm/core_compare.c): the library without the CLI
musl-gcc -O2 -static -std=gnu11 -D_GNU_SOURCE -I. -o "$ROOT/core_compare" \
	tests/vm/core_compare.c tests/kernel/kernel/xlated.c \
	$(ls loader/*/*.c | grep -v '^loader/cli/') loader/*.c elf/*.c
# The project's own objects; uprobe_own names its target by absolute path,
# which in the VM is /rbdriver.
for o in kprobe_count kprobe_missing fentry_getppid core_task core_bits core_types core_size \
	core_guarded core_unguarded \
	map_in_map tail_call extern_kconfig extern_ksym extern_ksym_var extern_ksym_typeless \
	extern_ksym_missing extern_kfunc_module sock_proto_count cgroup_skb_count lsm_getpgid; do
	cp "$BUILD/tests/progs/$o.bpf.o" "$ROOT/t/"
done
# XDP and tc on lo (tests/kernel/kernel/iface.c; init.c's interface cases)
for o in iface_xdp iface_tc iface_half; do
	cp "$BUILD/tests/progs/$o.bpf.o" "$ROOT/t/"
done
# rawbpf test-run's objects (tests/kernel/kernel/test_run.c; init.c's test-run cases)
for o in trun_xdp trun_tc trun_socket trun_raw_tp trun_syscall trun_flow book_xdp; do
	cp "$BUILD/tests/progs/$o.bpf.o" "$ROOT/t/"
done
# values and histograms by BTF (tests/kernel/kernel/formatting.c; init.c's formatting cases)
for o in fmt_values hist_values; do
	cp "$BUILD/tests/progs/$o.bpf.o" "$ROOT/t/"
done
# BPF iterators (tests/kernel/kernel/iterators.c; init.c's iterator cases)
for o in iter_maps iter_map_elem; do
	cp "$BUILD/tests/progs/$o.bpf.o" "$ROOT/t/"
done
for o in exec_count_btf core_parent core_field_exists tail_calls task_iter; do
	cp "$BUILD/progs/$o.bpf.o" "$ROOT/t/"
done
# sampling and --attach (tests/kernel/kernel/sampling.c; init.c's sampling cases)
cp "$BUILD/progs/profile.bpf.o" "$BUILD/tests/progs/uprobe_bare.bpf.o" \
	"$BUILD/tests/progs/sample_then_bad_tp.bpf.o" "$ROOT/t/"
clang -O2 -g -target bpf -Iuapi -Itests/progs -DRBDRIVER=\"/rbdriver\" \
	-c tests/progs/uprobe_own.bpf.c -o "$ROOT/t/uprobe_own.bpf.o"
# USDT (init.c's USDT cases): the target static with musl, which has no
# <sys/sdt.h>; the header is standalone, so it comes from the system's
# multiarch directory, searched after musl's own (-idirafter).
musl-gcc -O1 -static -idirafter "/usr/include/$(cc -print-multiarch)" -o "$ROOT/rbusdt" \
	tests/kernel/tools/rbusdt.c
for o in usdt_args usdt_args_libbpf usdt_bare; do
	clang -O2 -g -target bpf -Wall -Iuapi -D__TARGET_ARCH_x86 -DRBUSDT=\"/rbusdt\" \
		-c tests/progs/$o.bpf.c -o "$ROOT/t/$o.bpf.o"
done
# The conformance suite's, when it is there (it always is in CI).
if [ -f "$CONF/trigger.c" ]; then
	musl-gcc -O1 -static -o "$ROOT/trigger" "$CONF/trigger.c"
	for o in legacy_count kprobe raw_tp btf_maps globals subprogs ringbuf; do
		cp "$BUILD/conformance/$o.bpf.o" "$ROOT/t/conf/"
	done
	clang -O2 -g -target bpf -DTRIGGER=\"/trigger\" -c "$CONF/uprobe.bpf.c" \
		-o "$ROOT/t/conf/uprobe.bpf.o"
fi
(cd "$ROOT" && find . | cpio -o -H newc --quiet) | gzip -1 > "$VM/initramfs.gz"

failed=0
for pattern in '^linux-image-6\.1\.0-[0-9]+-cloud-amd64-unsigned$' \
	       '^linux-image-6\.12\.[0-9]+\+deb12-cloud-amd64-unsigned$'; do
	pkg=$(apt-cache pkgnames linux-image- | grep -E "$pattern" | sort -V | tail -n 1)
	if [ -z "$pkg" ]; then
		echo "vmtest: no package matches $pattern in the archive"
		failed=1
		continue
	fi
	dir="$VM/$pkg"
	if [ ! -d "$dir" ]; then
		(cd "$VM" && apt-get download -o APT::Sandbox::User=root "$pkg" >/dev/null)
		dpkg-deb -x "$VM/${pkg}"_*.deb "$dir"
	fi
	kernel=$(ls "$dir"/boot/vmlinuz-* | head -n 1)
	# This kernel's own files, in a second cpio archive after the first
	# (the kernel unpacks it over it): its config as /boot/config-RELEASE,
	# where __kconfig externs are read from (Debian's kernels have no
	# /proc/config.gz), and the fou module with what it needs, for a
	# module's kfunc (init.c loads /modules/order's, in order); and the
	# clsact qdisc and bpf filter (Debian builds both as modules, and the
	# VM has no modprobe for the kernel to load them on demand), for tc
	# programs attached through netlink.
	rm -rf "$VM/own" && mkdir -p "$VM/own/boot" "$VM/own/modules"
	cp "$dir"/boot/config-* "$VM/own/boot/"
	for m in net/ipv4/ip_tunnel net/ipv4/udp_tunnel net/ipv6/ip6_udp_tunnel net/ipv4/fou \
		net/sched/sch_ingress net/sched/cls_bpf; do
		ko=$(ls "$dir"/lib/modules/*/kernel/$m.ko* 2>/dev/null | head -n 1)
		[ -n "$ko" ] || continue
		case "$ko" in
		*.xz) xz -dc "$ko" > "$VM/own/modules/${m##*/}.ko" ;;
		*) cp "$ko" "$VM/own/modules/${m##*/}.ko" ;;
		esac
		echo "${m##*/}" >> "$VM/own/modules/order"
	done
	(cd "$VM/own" && find . | cpio -o -H newc --quiet) | gzip -1 |
		cat "$VM/initramfs.gz" - > "$VM/initramfs-$pkg.gz"
	# BPF LSM programs run only where bpf is an active LSM: boot with
	# lsm= as the kernel's own CONFIG_LSM (Debian's lists bpf already;
	# added if a kernel's does not), so that the VM is otherwise the same
	# and rawbpf reads the list from the command line (lsm_active.c).
	lsm=$(sed -n 's/^CONFIG_LSM="\(.*\)"$/\1/p' "$dir"/boot/config-*)
	case ",$lsm," in *,bpf,*) ;; *) lsm="$lsm,bpf" ;; esac
	echo "== $pkg"
	status=0
	timeout 900 qemu-system-x86_64 -m 1024 -smp 2 -nographic -no-reboot \
		-kernel "$kernel" -initrd "$VM/initramfs-$pkg.gz" \
		-append "console=ttyS0 panic=-1 quiet lsm=$lsm" \
		-device isa-debug-exit,iobase=0xf4,iosize=0x04 > "$VM/$pkg.log" 2>&1 || status=$?
	grep -E '^(vmtest|ok  |FAIL|skip)' "$VM/$pkg.log" || true
	# isa-debug-exit: status (0 << 1) | 1 = 1 means every case passed
	if [ "$status" -ne 1 ]; then
		echo "vmtest: $pkg failed (qemu status $status; log in $VM/$pkg.log)"
		failed=1
	fi
done
exit $failed
