#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0
"""Synthetic kernel images for tests/host/vmlinuz.sh.

Lays out the kallsyms tables of a known symbol list exactly as
scripts/kallsyms.c write_src() of Linux 6.12 does (same filtering,
make_percpus_absolute(), compare_symbols() order, token compression,
8-byte aligned labels in .rodata), inside a minimal x86_64 vmlinux ELF
with a GNU Build ID note, and optionally inside a fake bzImage whose
payload is that ELF compressed by the command line tool given.

  mkvmlinuz.py [--count N] [--relative] [--corrupt WHAT] <vmlinux> <expected>
  mkvmlinuz.py --bzimage <gzip|xz|zstd|lz4> [--truncate-payload] <vmlinux> <bzImage>
  mkvmlinuz.py --nm [--count N] [--relative] [--bits 32] <nm -n output> <expected>
  mkvmlinuz.py --s390 [--truncate-payload] <raw tables> <s390 image>

--nm writes the symbol list itself, as "nm -n vmlinux" prints it, for a
kernel's own scripts/kallsyms to lay out (tests/host/kallsyms-src.sh); the
expected records are the same as for the image this script lays out.

<expected> gets the records a decoder must find, "addr type name" in
kallsyms order.  WHAT: token-index, num-syms, marker, seqs, offsets.
"""
import argparse
import struct
import subprocess
import sys

KSYM_NAME_LEN = 512
BUILD_ID = bytes(range(0x10, 0x24))  # 20 bytes, as ld --build-id=sha1
RODATA_VADDR = 0xffffffff82000000


def symbols(count, percpu=True, text=0xffffffff81000000, rodata=RODATA_VADDR):
    """nm -n order: (addr, type, name); what kallsyms must drop is here too.
    Without percpu (a kernel without SMP), no 0-based percpu section.
    A 32-bit kernel: text and rodata below 4 GiB."""
    s = []
    pcpu = [("__per_cpu_start", "D", 0), ("fixed_percpu_data", "D", 0),
            ("runqueues", "d", 0x40), ("pcpu_dup", "d", 0x80),
            ("pcpu_dup", "b", 0x100), ("__per_cpu_end", "D", 0x200)]
    for name, t, a in pcpu if percpu else []:
        s.append((a, t, name))
    s.append((text, "T", "_text"))
    s.append((text, "T", "startup_64"))
    s.append((text, "W", "weak_at_text"))
    s.append((text, "T", "__underscored_at_text"))
    for i in range(count):
        addr = text + 0x10 * (i + 1)
        if i in (5, 300, 600):
            s.append((addr, "t", "dup_name"))
        s.append((addr, "T" if i % 3 else "t", "func_%04d_%s" % (i, "xy" * (i % 4))))
    s.append((text + 0x20000, "t", "long_" + "L" * 200))  # 2-byte length
    s.append((text + 0x20010, "t", "x" * 600))            # >= KSYM_NAME_LEN
    s.append((0x1234, "A", "an_absolute"))                 # ignored
    s.append((text + 0x20020, "n", "a_debug_n"))           # ignored
    s.append((text + 0x20030, "T", "_etext"))
    s.append((rodata + 0x100, "r", "dup_name"))
    s.append((rodata + 0x200, "R", "__start_rodata_thing"))
    s.append((rodata + 0x200, "R", "rodata_obj"))
    return s


def ignored(name, t):
    return t in "un" or t.upper() == "A" or len(name) >= KSYM_NAME_LEN


def prefix_provide(name):
    n = len(name)
    if n < 8 or not name.startswith("__"):
        return 0
    return int(name[2:].startswith(("start_", "stop_", "end_")) or
               name.endswith("_start") or name.endswith("_end"))


def kallsyms_table(syms, absolute_percpu):
    table = []
    pstart = pend = None
    for a, t, n in syms if absolute_percpu else []:
        if n == "__per_cpu_start":
            pstart = a
        if n == "__per_cpu_end":
            pend = a
    for a, t, n in syms:
        if ignored(n, t):
            continue
        table.append({"addr": a, "sym": t + n, "seq": len(table), "abs": False})
    if absolute_percpu:
        for e in table:
            if pstart <= e["addr"] <= pend:
                e["sym"] = "A" + e["sym"][1:]
                e["abs"] = True

    def key(e):
        n = e["sym"][1:]
        return (e["addr"], int(e["sym"][0] in "wW"), prefix_provide(n),
                len(n) - len(n.lstrip("_")), e["seq"])
    table.sort(key=key)
    return table


def compress(table):
    """scripts/kallsyms.c optimize_token_table(): best_table, compressed names"""
    best = {}
    data = [list(e["sym"].encode()) for e in table]
    for d in data:
        for c in d:
            best[c] = bytes([c])
    for i in range(255, -1, -1):
        if i in best:
            continue
        profit = {}
        for d in data:
            for j in range(len(d) - 1):
                k = d[j] + (d[j + 1] << 8)
                profit[k] = profit.get(k, 0) + 1
        if not profit:
            break
        tok = min(profit, key=lambda k: (-profit[k], k))
        a, b = tok & 0xff, tok >> 8
        best[i] = best[a] + best[b]
        for d in data:
            j, out = 0, []
            while j < len(d):
                if j + 1 < len(d) and d[j] == a and d[j + 1] == b:
                    out.append(i)
                    j += 2
                else:
                    out.append(d[j])
                    j += 1
            d[:] = out
    tokens = [best.get(i, b"") for i in range(256)]
    return tokens, data


def align(buf, n=8):
    while len(buf) % n:
        buf += b"\0"


def write_src(table, absolute_percpu, corrupt):
    tokens, data = compress(table)
    n = len(table)
    out = bytearray()
    lay = {}
    lay["num"] = len(out)
    out += struct.pack("<I", n + (256 if corrupt == "num-syms" else 0))
    align(out)
    lay["names"] = len(out)
    markers = []
    for i, d in enumerate(data):
        if i % 256 == 0:
            markers.append(len(out) - lay["names"])
        ln = len(d)
        out += bytes([ln]) if ln <= 0x7f else bytes([(ln & 0x7f) | 0x80, ln >> 7])
        out += bytes(d)
    align(out)
    lay["markers"] = len(out)
    if corrupt == "marker":
        markers[1] += 2
    for m in markers:
        out += struct.pack("<I", m)
    align(out)
    lay["token_table"] = len(out)
    idx = []
    for t in tokens:
        idx.append(len(out) - lay["token_table"])
        out += t + b"\0"
    align(out)
    lay["token_index"] = len(out)
    if corrupt == "token-index":
        idx[100], idx[101] = idx[101], idx[100]
    for i in idx:
        out += struct.pack("<H", i)
    align(out)
    lay["offsets"] = len(out)
    relative_base = min(e["addr"] for e in table if not e["abs"])
    offs = []
    for e in table:
        if not absolute_percpu:
            offs.append(e["addr"] - relative_base)
            assert 0 <= offs[-1] <= 0xffffffff, "kallsyms failure"
        elif e["abs"]:
            offs.append(e["addr"])
            assert 0 <= offs[-1] <= 0x7fffffff, "kallsyms failure"
        else:
            offs.append(relative_base - e["addr"] - 1)
            assert -0x80000000 <= offs[-1] < 0, "kallsyms failure"
    if corrupt == "offsets":
        offs[len(offs) // 2], offs[len(offs) // 2 + 1] = \
            offs[len(offs) // 2 + 1], offs[len(offs) // 2]
    for o in offs:
        out += struct.pack("<I", o & 0xffffffff)
    align(out)
    out += struct.pack("<Q", relative_base)
    align(out)
    for i, e in enumerate(table):
        e["seq"] = i
    by_name = sorted(table, key=lambda e: (e["sym"][1:].encode(), e["addr"], e["seq"]))
    if corrupt == "seqs":
        by_name[10], by_name[11] = by_name[11], by_name[10]
    for e in by_name:
        out += struct.pack(">I", e["seq"])[1:]
    align(out)
    return bytes(out)


def elf(rodata):
    """ELF header, PT_LOAD of the data, PT_NOTE of the Build ID, no sections"""
    note = struct.pack("<III", 4, len(BUILD_ID), 3) + b"GNU\0" + BUILD_ID
    # something before the tables, as .text is
    text = bytes((i * 7 + 3) & 0xff for i in range(4096))
    hdr_size, ph_size = 64, 56
    note_off = hdr_size + 2 * ph_size
    text_off = (note_off + len(note) + 0xfff) & ~0xfff
    ro_off = text_off + len(text)
    ehdr = b"\x7fELF" + bytes([2, 1, 1, 0]) + bytes(8)
    ehdr += struct.pack("<HHIQQQIHHHHHH", 2, 62, 1, 0xffffffff81000000,
                        hdr_size, 0, 0, hdr_size, ph_size, 2, 64, 0, 0)
    load = struct.pack("<IIQQQQQQ", 1, 5, text_off, RODATA_VADDR - len(text),
                       0x1000000, len(text) + len(rodata), len(text) + len(rodata), 0x1000)
    pnote = struct.pack("<IIQQQQQQ", 4, 4, note_off, 0xffffffff826be000, 0,
                        len(note), len(note), 4)
    out = bytearray(ehdr + load + pnote + note)
    out += bytes(text_off - len(out))
    out += text + rodata
    return bytes(out)


def bzimage(vmlinux, comp, truncate=False):
    cmd = {"gzip": ["gzip", "-n", "-9", "-c"],
           "xz": ["xz", "--check=crc32", "--x86", "--lzma2=dict=1MiB", "-c"],
           "zstd": ["zstd", "-q", "-19", "-c"],
           "lz4": ["lz4", "-l", "-9", "-q", "-c"]}[comp]
    relocs = b"\0\0\0\0" + bytes(range(64))  # vmlinux.relocs after the ELF
    plain = vmlinux + relocs
    payload = subprocess.run(cmd, input=plain, stdout=subprocess.PIPE, check=True).stdout
    if truncate:  # the stream cut in half, its recorded size intact
        payload = payload[:len(payload) // 2] + payload[-4:]
    if comp != "gzip":  # size_append (gzip has the size in its trailer)
        payload += struct.pack("<I", len(plain))
    setup_sects = 3
    setup = bytearray((setup_sects + 1) * 512)
    setup[0x1f1] = setup_sects
    struct.pack_into("<H", setup, 0x1fe, 0xaa55)
    setup[0x202:0x206] = b"HdrS"
    struct.pack_into("<H", setup, 0x206, 0x020f)
    head = bytes(0x2a0)  # the decompressor's code
    struct.pack_into("<II", setup, 0x248, len(head), len(payload))
    return bytes(setup) + head + payload + b"\xcc" * 100


def vdso(note_id):
    """a 64-bit big-endian ELF (an s390 vDSO image) whose PT_NOTE holds
    a Build ID of its own"""
    note = struct.pack(">III", 4, len(note_id), 3) + b"GNU\0" + note_id
    note_off = 64 + 56
    ehdr = b"\x7fELF" + bytes([2, 2, 1, 0]) + bytes(8)
    ehdr += struct.pack(">HHIQQQIHHHHHH", 3, 22, 1, 0, 64, 0, 0, 64, 56, 1,
                        64, 0, 0)
    ph = struct.pack(">IIQQQQQQ", 4, 4, note_off, note_off, note_off,
                     len(note), len(note), 4)
    return ehdr + ph + note


def s390_image(raw, truncate=False):
    """arch/s390/boot: the IPL record (a PSW, two CCWs), the decompressor
    (here: a gzip magic at an 8-aligned offset that is no stream, as the
    decompressor's code has), the gzipped vmlinux.bin at the next 8-aligned
    offset, the Secure Boot trailer.  vmlinux.bin is raw (objcopy -O
    binary): the tables, the kernel's .notes with its Build ID (big-endian)
    and, a page further, a vDSO image with a Build ID of its own."""
    note = struct.pack(">III", 4, len(BUILD_ID), 3) + b"GNU\0" + BUILD_ID
    plain = bytearray(raw)
    while len(plain) % 4:
        plain += b"\0"
    plain += note
    while len(plain) % 4096:
        plain += b"\0"
    plain += vdso(bytes(range(0x40, 0x54)))
    payload = subprocess.run(["gzip", "-n", "-9", "-c"], input=bytes(plain),
                             stdout=subprocess.PIPE, check=True).stdout
    if truncate:
        payload = payload[:len(payload) // 2]
    img = bytearray(struct.pack(">II", 0x00080000, 0x80000000 + 0x10000))
    img += bytes.fromhex("0200001860000050" "0200006860000050")
    img += b"\x40" * (80 - len(img))
    img += bytes(0x100 - len(img))
    img += b"\x1f\x8b\x08\x00" + bytes(0x200 - 4)  # the magic in code
    img += payload
    img += bytes(32 + (-(len(img) + 32)) % 4096)
    img[-8:] = struct.pack(">Q", 0x000000207a49504c)
    return bytes(img)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--count", type=int, default=700)
    ap.add_argument("--relative", action="store_true")
    ap.add_argument("--corrupt")
    ap.add_argument("--bzimage")
    ap.add_argument("--truncate-payload", action="store_true")
    ap.add_argument("--nm", action="store_true")
    ap.add_argument("--s390", action="store_true")
    ap.add_argument("--bits", type=int, choices=(32, 64), default=64)
    ap.add_argument("input")
    ap.add_argument("output")
    a = ap.parse_args()
    if a.s390:
        with open(a.input, "rb") as f:
            img = s390_image(f.read(), a.truncate_payload)
        with open(a.output, "wb") as f:
            f.write(img)
        return
    if a.bzimage:
        with open(a.input, "rb") as f:
            img = bzimage(f.read(), a.bzimage, a.truncate_payload)
        with open(a.output, "wb") as f:
            f.write(img)
        return
    absolute = not a.relative
    if a.bits == 32:
        syms = symbols(a.count, absolute, 0xc1000000, 0xc2000000)
    else:
        syms = symbols(a.count, absolute)
    table = kallsyms_table(syms, absolute)
    width = a.bits // 4
    if a.nm:
        with open(a.input, "w") as f:
            for addr, t, n in sorted(syms, key=lambda e: e[0]):
                f.write("%0*x %s %s\n" % (width, addr, t, n))
        with open(a.output, "w") as f:
            for e in table:
                f.write("%016x %s %s\n" % (e["addr"], e["sym"][0], e["sym"][1:]))
        return
    with open(a.input, "wb") as f:
        f.write(elf(write_src(table, absolute, a.corrupt)))
    with open(a.output, "w") as f:
        for e in table:
            f.write("%016x %s %s\n" % (e["addr"], e["sym"][0], e["sym"][1:]))


if __name__ == "__main__":
    sys.exit(main())
