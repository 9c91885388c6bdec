#!/bin/sh
# Benchmark 7 (scale): write a BPF C source to stdout.
#   gen_scale.sh progs N   N tracepoint programs and N array maps, program i
#                          counting into map i (each map referenced once)
#   gen_scale.sh sections N  the same, but each program in a section of its
#                          own (raw_tp/rbscale_I: loaded, not attached), as
#                          tools of many hooks are: per-section lookups
#                          (a symbol's section, a .BTF.ext block) grow here
#   gen_scale.sh core N    one program with N CO-RE field relocations against
#                          the kernel's task_struct: alternately a field's
#                          existence and its byte offset, each a constant
#                          the loader patches in (no stack, no helper call,
#                          so the verifier's share stays small and the
#                          loader's CO-RE work is what grows)
# Compiled by bench/run.sh with clang, like progs/.
set -eu
kind=$1
n=$2
echo '#include <linux/bpf.h>'
echo '#include <bpf/bpf_helpers.h>'
echo '#include <bpf/bpf_core_read.h>'
echo 'char LICENSE[] SEC("license") = "GPL";'
case $kind in
progs)
	i=0
	while [ $i -lt "$n" ]; do
		cat <<E
struct { __uint(type, BPF_MAP_TYPE_ARRAY); __uint(max_entries, 1); __type(key, __u32); __type(value, __u64); } m$i SEC(".maps");
SEC("tracepoint/syscalls/sys_enter_getppid") int p$i(void *ctx)
{ __u32 k = 0; __u64 *v = bpf_map_lookup_elem(&m$i, &k); if (v) __sync_fetch_and_add(v, 1); return 0; }
E
		i=$((i + 1))
	done
	;;
sections)
	i=0
	while [ $i -lt "$n" ]; do
		cat <<E
struct { __uint(type, BPF_MAP_TYPE_ARRAY); __uint(max_entries, 1); __type(key, __u32); __type(value, __u64); } m$i SEC(".maps");
SEC("raw_tp/rbscale_$i") int p$i(void *ctx)
{ __u32 k = 0; __u64 *v = bpf_map_lookup_elem(&m$i, &k); if (v) __sync_fetch_and_add(v, 1); return 0; }
E
		i=$((i + 1))
	done
	;;
core)
	# Fields of struct task_struct that every kernel has; each
	# __builtin_preserve_field_info() is one CO-RE record.
	echo 'struct task_struct { int pid; int tgid; unsigned int flags; int prio; int static_prio; int normal_prio; unsigned int policy; int exit_code; int exit_signal; int pdeath_signal; } __attribute__((preserve_access_index));'
	echo 'SEC("tracepoint/syscalls/sys_enter_getppid") int core_many(void *ctx)'
	echo '{ struct task_struct *t = (void *)bpf_get_current_task(); long s = 0;'
	i=0
	while [ $i -lt "$n" ]; do
		case $((i % 10)) in
		0) f=pid ;; 1) f=tgid ;; 2) f=flags ;; 3) f=prio ;; 4) f=static_prio ;;
		5) f=normal_prio ;; 6) f=policy ;; 7) f=exit_code ;; 8) f=exit_signal ;; *) f=pdeath_signal ;;
		esac
		if [ $((i % 2)) = 0 ]; then
			echo "  s += bpf_core_field_exists(t->$f);"
		else
			echo "  s ^= bpf_core_field_offset(t->$f);"
		fi
		i=$((i + 1))
	done
	echo '  return s & 1; }'
	;;
esac
