#!/usr/bin/env python3
"""Write uapi/bpf/bpf_helper_defs.h from a kernel's include/uapi/linux/bpf.h.

    python3 uapi/bpf/gen_helper_defs.py /usr/include/linux/bpf.h > uapi/bpf/bpf_helper_defs.h
    python3 uapi/bpf/gen_helper_defs.py --ids /usr/include/linux/bpf.h > uapi/linux/bpf_func_id.h

With --ids it writes the kernel's enum bpf_func_id instead (BPF_FUNC_name =
id, for programs that call helpers through their own pointers, as
"Linux Observability with BPF" does, and for the loader), from the same ids.

The kernel's bpf.h has what a declaration needs, in two places:
  - the ids: enum bpf_func_id is made by the macro __BPF_FUNC_MAPPER, whose
    FN(name) entries count up from 0 (FN(unspec)); from Linux 6.2 on each
    entry also says its id, FN(name, 42, ##ctx);
  - the prototypes: the big comment before it documents each helper with a
    line " * long bpf_map_update_elem(struct bpf_map *map, ...)" followed by
    " *\tDescription".
Each helper becomes, as in libbpf's bpf_helper_defs.h (written by the
kernel's scripts/bpf_doc.py, whose type mapping this follows):
    static long (* const bpf_map_update_elem)(void *map, ...) = (void *) 2;
What the kernel changed after the header given is taken from NEWER below,
so that an older system header (Debian 12's is Linux 6.1) gives what a
current kernel documents.
"""
import re
import sys

# What the kernel's documentation says since Linux 6.1, applied whatever
# the header given: Linux 6.2 added the last two helpers (new kernel
# functions have been kfuncs since), and corrected three prototypes, which
# does not change a call (the same registers): a dynptr read through is
# const, and a devmap or xskmap key is a u64. libbpf's header has these.
NEWER = [
    (201, "long bpf_dynptr_read(void *dst, u32 len, const struct bpf_dynptr *src, u32 offset, u64 flags)"),
    (202, "long bpf_dynptr_write(const struct bpf_dynptr *dst, u32 offset, void *src, u32 len, u64 flags)"),
    (203, "void *bpf_dynptr_data(const struct bpf_dynptr *ptr, u32 offset, u32 len)"),
    (51, "long bpf_redirect_map(struct bpf_map *map, u64 key, u64 flags)"),
    (210, "void *bpf_cgrp_storage_get(struct bpf_map *map, struct cgroup *cgroup, void *value, u64 flags)"),
    (211, "long bpf_cgrp_storage_delete(struct bpf_map *map, struct cgroup *cgroup)"),
]

# The kernel's names for types, as a BPF program spells them (bpf_doc.py's
# mapped_types): a map is any map the program declares, and the kernel's
# sk_buff, sk_msg and xdp_buff are the contexts programs see.
MAPPED = {
    "u8": "__u8", "u16": "__u16", "u32": "__u32", "u64": "__u64",
    "s32": "__s32", "s64": "__s64",
    "size_t": "unsigned long",
    "struct bpf_map": "void",
    "struct sk_buff": "struct __sk_buff",
    "const struct sk_buff": "const struct __sk_buff",
    "struct sk_msg_buff": "struct sk_msg_md",
    "struct xdp_buff": "struct xdp_md",
}
PLAIN = {"void", "const void", "char", "const char", "int", "long", "unsigned long",
         "__be16", "__be32", "__wsum"}
# Documented once per context type; the first argument is then any context.
OVERLOADED = {"bpf_get_socket_cookie", "bpf_sk_assign"}

PROTO = re.compile(r"^ \* (.*?)\s*(\**)(bpf_\w+)\((.*)\)$")
ARG = re.compile(r"^(.*?)\s*(\**)\s*(\w+)$")


def fail(msg):
    sys.exit("gen_helper_defs.py: " + msg)


def map_type(t, structs):
    known = t in MAPPED or t in PLAIN
    t = MAPPED.get(t, t)
    m = re.match(r"^(?:const )?struct (\w+)$", t)
    if m:
        structs.add(m.group(1))
    elif not known:
        fail("type '%s' is not known: add it to MAPPED or PLAIN" % t)
    return t


def parse_ids(text):
    """{name: id} from __BPF_FUNC_MAPPER (or ___BPF_FUNC_MAPPER)."""
    m = re.search(r"#define ___?BPF_FUNC_MAPPER\(FN[^)]*\)\s*\\\n(.*?)\n\s*/\* \*/", text, re.S)
    if not m:
        fail("no __BPF_FUNC_MAPPER in the header")
    ids = {}
    for pos, e in enumerate(re.finditer(r"FN\((\w+)(?:,\s*(\d+))?", m.group(1))):
        ids["bpf_" + e.group(1)] = int(e.group(2)) if e.group(2) else pos
    return ids


def parse_protos(lines):
    """[(name, ret, star, args)] in the order documented, first of each name."""
    protos, seen = [], set()
    for i, line in enumerate(lines[:-1]):
        m = PROTO.match(line)
        if not m or not re.match(r"^ \*\s+Description$", lines[i + 1]):
            continue
        ret, star, name, args = m.groups()
        if name not in seen:
            seen.add(name)
            protos.append((name, ret, star, args))
    return protos


def declaration(name, ret, star, args, hid, structs):
    out = []
    for i, a in enumerate([a.strip() for a in args.split(",")] if args.strip() else []):
        if a in ("...", "void"):
            out.append(a)
            continue
        m = ARG.match(a)
        if not m:
            fail("%s: cannot read argument '%s'" % (name, a))
        t, s, n = m.groups()
        if name in OVERLOADED and i == 0:
            t, n = "void", "ctx"
        out.append("%s %s%s" % (map_type(t, structs), s, n))
    return "static %s %s(* const %s)(%s) = (void *) %d;" % (
        map_type(ret, structs), star, name, ", ".join(out) or "void", hid)


def print_ids(ids, source):
    """enum bpf_func_id, in id order, as the kernel's __BPF_FUNC_MAPPER makes it."""
    print(IDS_HEAD % (len(ids) - 1, source))
    print("enum bpf_func_id {")
    for name, hid in sorted(ids.items(), key=lambda e: e[1]):
        print("\tBPF_FUNC_%s = %d," % (name[len("bpf_"):], hid))
    print("\t__BPF_FUNC_MAX_ID = %d," % (max(ids.values()) + 1))
    print("};\n\n#endif")


def main():
    argv = sys.argv[1:]
    ids_only = argv[:1] == ["--ids"]
    if ids_only:
        argv = argv[1:]
    if len(argv) != 1:
        fail("usage: gen_helper_defs.py [--ids] PATH/TO/linux/bpf.h > bpf_helper_defs.h")
    with open(argv[0]) as f:
        text = f.read()
    ids = parse_ids(text)
    protos = parse_protos(text.split("\n"))
    for hid, proto in NEWER:
        m = PROTO.match(" * " + proto)
        if ids.setdefault(m.group(3), hid) != hid:
            fail("%s: id %d in the header, %d in NEWER" % (m.group(3), ids[m.group(3)], hid))
        protos = [p for p in protos if p[0] != m.group(3)]
        protos.append((m.group(3), m.group(1), m.group(2), m.group(4)))
    if ids_only:
        if sorted(ids.values()) != list(range(len(ids))):
            fail("the ids are not 0..%d without gaps" % (len(ids) - 1))
        print_ids(ids, argv[0])
        return
    missing = sorted(set(ids) - {p[0] for p in protos} - {"bpf_unspec"})
    if missing:
        fail("in the enum but not documented: " + ", ".join(missing))
    structs, decls = set(), []
    for name, ret, star, args in sorted(protos, key=lambda p: ids.get(p[0], -1)):
        if name not in ids:
            fail("%s is documented but not in __BPF_FUNC_MAPPER" % name)
        decls.append(declaration(name, ret, star, args, ids[name], structs))
    print(HEAD % (len(decls), argv[0]))
    print("\n".join("struct %s;" % s for s in sorted(structs)))
    print()
    print("\n".join(decls))
    print("\n#endif")


HEAD = """\
/* Kernel helper functions, as BPF programs call them: all %d of them.
 *
 * GENERATED by uapi/bpf/gen_helper_defs.py from the kernel's bpf.h, here
 *     python3 uapi/bpf/gen_helper_defs.py %s > uapi/bpf/bpf_helper_defs.h
 * Do not edit; change the script. tests/unit/test_helper_ids.c checks every
 * id against the system's <linux/bpf.h>.
 *
 * A BPF program calls helper number N with the instruction `call N`
 * (BPF_JMP | BPF_CALL, imm = N, src_reg = 0). Each helper below is a
 * constant function pointer whose value is that number, the kernel's enum
 * bpf_func_id; clang's BPF backend compiles a call through it into exactly
 * `call N`, and the pointer itself never reaches the object file. The
 * declarations are libbpf's (its bpf_helper_defs.h, made by the kernel's
 * scripts/bpf_doc.py): a `struct bpf_map *` is any map the program
 * declares, so `void *`; u64 is __u64. What each helper does, its
 * arguments and its return value are documented in the kernel's
 * include/uapi/linux/bpf.h (and man 7 bpf-helpers). Pointer arguments are
 * checked by the verifier, not by C: e.g. a `map` must be a map the program
 * refers to, a `size` a constant or a bounded register. Which helpers a
 * program may call depends on its type (the verifier says "unknown func"
 * otherwise).
 *
 * The structs the prototypes name, declared here so that a parameter's
 * `struct T *` is the program's struct T (most are the kernel's, from
 * vmlinux.h; the rest come from <linux/bpf.h>, included before this file,
 * or a vmlinux.h). */
#ifndef RAWBPF_BPF_HELPER_DEFS_H
#define RAWBPF_BPF_HELPER_DEFS_H
"""

IDS_HEAD = """\
/* The kernel's helper ids, enum bpf_func_id: all %d helpers.
 *
 * GENERATED by uapi/bpf/gen_helper_defs.py from the kernel's bpf.h, here
 *     python3 uapi/bpf/gen_helper_defs.py --ids %s > uapi/linux/bpf_func_id.h
 * Do not edit; change the script. tests/unit/test_helper_ids.c checks every
 * id against the system's <linux/bpf.h> and bpf/bpf_helper_defs.h.
 *
 * A call instruction with src_reg 0 calls kernel helper number imm: these
 * numbers. Part of uapi/linux/bpf.h, as in the kernel, where the macro
 * __BPF_FUNC_MAPPER makes the same enum. The loader uses a few to explain
 * itself (a program that calls trace_printk gets its trace_pipe lines
 * printed); BPF programs in the style of the kernel's old samples/bpf and
 * of "Linux Observability with BPF" declare each helper they call as a
 * pointer with this value:
 *     static int (*bpf_map_update_elem)(void *map, const void *key,
 *             const void *value, unsigned long long flags) =
 *             (void *)BPF_FUNC_map_update_elem;
 * (bpf/bpf_helper_defs.h declares them all that way.) */
#ifndef RAWBPF_UAPI_LINUX_BPF_FUNC_ID_H
#define RAWBPF_UAPI_LINUX_BPF_FUNC_ID_H
"""

if __name__ == "__main__":
    main()
