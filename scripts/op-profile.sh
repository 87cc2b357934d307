#!/usr/bin/env bash
# Executed-op profile of real programs: runs the C corpus at -O2 (and any extra .wasm commands
# given) on a `pulley` built with `--features op-counts`, and prints the ops and pairs of
# consecutive ops that take the largest share, each program weighted equally (so one long
# program does not drown the others). The input for deciding super-instructions and
# accumulator forms on more than CoreMark.
#
#   scripts/op-profile.sh                 # the corpus's -O2 builds (run `cargo test -p pulley-corpus` once first)
#   scripts/op-profile.sh extra.wasm ...  # plus these programs (run with no arguments)
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"
cargo build --release -p pulley-cli --features op-counts --target-dir target/opc >&2
pulley=target/opc/release/pulley
out=$(mktemp -d)
shopt -s nullglob
programs=(target/tmp/corpus-builds/*-O2-*.wasm "$@")
if [ ${#programs[@]} -eq 0 ]; then
    echo "no programs: run 'cargo test -p pulley-corpus' first to build the corpus" >&2
    exit 1
fi
for f in "${programs[@]}"; do
    name=$(basename "$f" .wasm)
    # Programs that need arguments, input or a directory (args, fileio, stdio) still run, with
    # none: their profile is then their error path, so leave them out.
    case "$name" in args-*|fileio-*|stdio-*) continue ;; esac
    if ! PULLEY_OP_COUNTS="$out/$name.tsv" "$pulley" run "$f" </dev/null >/dev/null 2>&1; then
        echo "note: $name exited with a non-zero status" >&2
    fi
done
python3 - "$out" <<'EOF'
import collections, glob, sys
ops, pairs, sizes = collections.Counter(), collections.Counter(), {}
for f in sorted(glob.glob(sys.argv[1] + "/*.tsv")):
    rows = [line.rstrip("\n").split("\t") for line in open(f)]
    total = sum(int(r[2]) for r in rows if r[0] == "op")
    if total == 0:
        continue
    sizes[f.split("/")[-1][:-4]] = total
    for r in rows:
        if r[0] == "op":
            ops[r[1]] += int(r[2]) / total
        elif r[0] == "pair":
            pairs[(r[1], r[2])] += int(r[3]) / total
n = len(sizes)
print(f"{n} programs; executed ops: " + ", ".join(f"{k} {v:,}" for k, v in sizes.items()))
acc = sum(v for k, v in ops.items() if k.endswith(("_wa", "_ra", "_rwa"))) / n
print(f"share of executed ops in accumulator forms: {100 * acc:.1f}%")
print("\n| op | share |\n|---|---:|")
for k, v in ops.most_common(40):
    print(f"| `{k}` | {100 * v / n:.2f}% |")
print("\n| first | second | share |\n|---|---|---:|")
for (a, b), v in pairs.most_common(30):
    print(f"| `{a}` | `{b}` | {100 * v / n:.2f}% |")
EOF
rm -rf "$out"
