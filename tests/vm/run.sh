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
musl-gcc -O2 -static -std=gnu11 -D_GNU_SOURCE -o "$ROOT/init" tests/vm/init.c
musl-gcc -O1 -static -o "$ROOT/rbdriver" tests/kernel/tools/rbdriver.c
# The project's own objects; uprobe_own names its target by absolute path,
# which in the VM is /rbdriver.
for o in kprobe_count kprobe_missing fentry_getppid; do
	cp "$BUILD/tests/progs/$o.bpf.o" "$ROOT/t/"
done
cp "$BUILD/progs/exec_count_btf.bpf.o" "$ROOT/t/"
clang -O2 -g -target bpf -Iuapi -Itests/progs -DRBDRIVER=\"/rbdriver\" \
	-c tests/progs/uprobe_own.bpf.c -o "$ROOT/t/uprobe_own.bpf.o"
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
	echo "== $pkg"
	status=0
	timeout 900 qemu-system-x86_64 -m 1024 -smp 2 -nographic -no-reboot \
		-kernel "$kernel" -initrd "$VM/initramfs.gz" \
		-append "console=ttyS0 panic=-1 quiet" \
		-device isa-debug-exit,iobase=0xf4,iosize=0x04 > "$VM/$pkg.log" 2>&1 || status=$?
	grep -E '^(vmtest|ok  |FAIL|skip)' "$VM/$pkg.log" || true
	# isa-debug-exit: status (0 << 1) | 1 = 1 means every case passed
	if [ "$status" -ne 1 ]; then
		echo "vmtest: $pkg failed (qemu status $status; log in $VM/$pkg.log)"
		failed=1
	fi
done
exit $failed
