#!/usr/bin/env python3
"""Makes the gzip fixtures of tests/unit/inflate/ (see README.md there).

Run once from the repository's root; the files are committed, so the
tests need neither python3 nor this script. Each file holds a different
shape of gzip data; the tests check the decompressed text against
`gzip -dc` and against the CRC-32 that zlib wrote into each trailer."""
import gzip
import struct
import zlib

DIR = "tests/unit/inflate/"


def text(lines):
    """Config-like text: compressible, but not one repeated line."""
    out = ["#\n# A sample kernel configuration, for rawbpf's tests\n#\n"]
    for i in range(lines):
        if i % 7 == 3:
            out.append("# CONFIG_SAMPLE_%d is not set\n" % i)
        elif i % 5 == 1:
            out.append('CONFIG_SAMPLE_STRING_%d="value %d"\n' % (i, i * 37 % 101))
        else:
            out.append("CONFIG_SAMPLE_%d=%s\n" % (i, "ym"[i % 2]))
    return "".join(out).encode()


def member(deflate, data, flags=0, extra=b"", name=b"", comment=b""):
    """A gzip member (RFC 1952 2.3) around raw DEFLATE data."""
    header = struct.pack("<BBBBIBB", 0x1F, 0x8B, 8, flags, 0, 0, 3)
    if flags & 4:
        header += struct.pack("<H", len(extra)) + extra
    if flags & 8:
        header += name + b"\0"
    if flags & 16:
        header += comment + b"\0"
    if flags & 2:
        header += struct.pack("<H", zlib.crc32(header) & 0xFFFF)
    trailer = struct.pack("<II", zlib.crc32(data), len(data) & 0xFFFFFFFF)
    return header + deflate + trailer


def raw(data, level=9, strategy=zlib.Z_DEFAULT_STRATEGY):
    c = zlib.compressobj(level, zlib.DEFLATED, -15, 9, strategy)
    return c.compress(data) + c.flush()


def write(name, blob):
    with open(DIR + name, "wb") as f:
        f.write(blob)


small = text(8)
big = text(400)
# empty input: a single fixed block holding only end-of-block
write("empty.gz", gzip.compress(b"", 9, mtime=0))
# stored blocks (zlib level 0)
write("stored.gz", gzip.compress(small, 0, mtime=0))
# fixed Huffman codes, with back references (zlib's Z_FIXED strategy)
write("fixed.gz", member(raw(big, 9, zlib.Z_FIXED), big))
# dynamic Huffman codes, as gzip -9 makes them
write("dynamic.gz", member(raw(big, 9), big))
# every optional header field: FTEXT FHCRC FEXTRA FNAME FCOMMENT
write("fields.gz", member(raw(small, 9), small, 1 | 2 | 4 | 8 | 16,
                          extra=b"RB\x04\x00test", name=b"sample.config",
                          comment=b"made by make_fixtures.py"))
# all three block types in one stream: a fixed block, the empty stored
# block a sync flush adds, then dynamic blocks
c = zlib.compressobj(9, zlib.DEFLATED, -15)
mixed = c.compress(small) + c.flush(zlib.Z_SYNC_FLUSH) + c.compress(big) + c.flush()
write("mixed.gz", member(mixed, small + big))
