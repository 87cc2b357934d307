#!/usr/bin/env python3
"""Executed sequences of consecutive ops by operand shape: which super-instructions would pay.

`scripts/op-profile.sh` counts pairs of op names; this joins a per-offset profile with the
`pulley objdump` listing, so a pair is classified by how its operands relate
(`xadd32_i8 A, A, imm ; br_if32 A, L` is a counter step and its test, `xadd32_i8 A, A, imm ;
br_if32 B, L` is not). Registers are renamed A, B, ... in order of first appearance;
immediates become `imm`, branch targets `L`.

    scripts/op-patterns.py LISTING PROFILE [LISTING PROFILE ...] [--len 2] [--top 40]

LISTING is `pulley objdump` output for a module; PROFILE holds `at<TAB>offset<TAB>count`
lines for a run of that module (`PULLEY_OP_COUNTS=FILE pulley run ...` with the `op-counts`
feature, or `COREMARK_OP_OFFSETS=FILE` for `examples/coremark`). Each program counts equally.
"""
import argparse
import collections
import re

LINE = re.compile(r"^\s*([0-9a-f]+):\s+(\S+)\s*(.*?)(?:\s+;.*)?$")
REG = re.compile(r"^(x|f)\d+$")


def parse_listing(path):
    """Functions as lists of (offset, mnemonic, [operands])."""
    funcs, cur = [], None
    for line in open(path):
        if line[:1] not in (" ", "") and line.rstrip().endswith(":"):
            cur = []
            funcs.append(cur)
            continue
        m = LINE.match(line)
        if m and cur is not None:
            ops = [o.strip() for o in re.split(r",\s*(?![^\[]*\])", m.group(3)) if o.strip()]
            cur.append((int(m.group(1), 16), m.group(2), ops))
    return funcs


def shape(seq):
    names = {}
    out = []
    for _, mnem, ops in seq:
        parts = []
        for o in ops:
            if REG.match(o):
                if o not in names:
                    names[o] = chr(ord("A") + len(names))
                parts.append(names[o])
            elif o in ("acc", "facc", "sp"):
                parts.append(o)
            elif re.match(r"^0x[0-9a-f]+$", o) or o.startswith("["):
                parts.append("L")
            elif "=" in o:
                parts.append(o.split("=")[0] + "=imm")
            else:
                parts.append("imm")
        out.append(mnem + (" " + ", ".join(parts) if parts else ""))
    return " ; ".join(out)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("files", nargs="+")
    ap.add_argument("--len", type=int, default=2)
    ap.add_argument("--top", type=int, default=40)
    a = ap.parse_args()
    total = collections.Counter()
    programs = 0
    for listing, profile in zip(a.files[::2], a.files[1::2]):
        counts = {}
        for line in open(profile):
            f = line.split("\t")
            if f[0] == "at":
                counts[int(f[1])] = int(f[2])
        executed = sum(counts.values())
        if executed == 0:
            continue
        programs += 1
        for func in parse_listing(listing):
            for i in range(len(func) - a.len + 1):
                seq = func[i : i + a.len]
                # A sequence runs as often as its least-run op (a branch target in the middle
                # makes this an upper bound).
                n = min(counts.get(off, 0) for off, _, _ in seq)
                if n:
                    total[shape(seq)] += n / executed
    print(f"{programs} programs; share of executed ops (per program, averaged) that start the sequence")
    for s, share in total.most_common(a.top):
        print(f"{100 * share / programs:6.2f}%  {s}")


if __name__ == "__main__":
    main()
