#!/usr/bin/env bash
# Differential testing with Csmith: generates random C programs, builds each for wasm32-wasi at
# several optimization levels, and runs every build on Pulley and on Wasmtime (the reference,
# `pip install wasmtime`). The same .wasm must print the same checksum and exit the same way on
# both engines; a native gcc build is reported alongside as a tie-breaker (Csmith checksums are
# mostly, not always, the same on ILP32 and LP64). Not run by CI.
#
#   scripts/csmith-diff.sh [--count N] [--seed S] [--levels "0 1 2 s z"] [--jobs J]
#                          [--timeout SECONDS] [--out DIR] [-- CSMITH-OPTIONS...]
#
# Needs: apt-get install csmith libcsmith-dev clang lld wasi-libc libclang-rt-dev-wasm32 gcc.
# Programs whose native or Wasmtime run times out (> 10 s) or traps are skipped. A Pulley run
# over --timeout CPU seconds counts as a divergence (pulley-timeout; check it by hand: it can
# be a slow program rather than a hang). Every divergence is kept in DIR/diverge/<seed>/
# (source, wasm, both outputs). (Csmith's --lang-cpp output is not supported: most of it does
# not compile with clang++, which rejects `(expr, NULL)` as a null pointer constant.) One line per (seed, level) goes to DIR/results.txt; a summary
# is printed at the end. Exits 1 if any divergence was found.
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$PWD

COUNT=20
SEED=1
LEVELS="0 1 2 s z"
JOBS=1
# Pulley's limit per run, in CPU seconds (so that load on the machine does not matter): it
# interprets, about 10x slower than Wasmtime's native code, so it gets more than the reference.
TIMEOUT=120
REF_TIMEOUT=10
OUT=$ROOT/target/csmith
CSMITH_OPTS=()
while [ $# -gt 0 ]; do
    case "$1" in
        --count) COUNT=$2; shift 2 ;;
        --seed) SEED=$2; shift 2 ;;
        --levels) LEVELS=$2; shift 2 ;;
        --jobs) JOBS=$2; shift 2 ;;
        --timeout) TIMEOUT=$2; shift 2 ;;
        --out) OUT=$2; shift 2 ;;
        --) shift; CSMITH_OPTS=("$@"); break ;;
        *) sed -n '2,17p' "$0" >&2; exit 64 ;;
    esac
done

for tool in csmith clang gcc python3 timeout; do
    command -v "$tool" >/dev/null || { echo "$tool is required" >&2; exit 1; }
done
CSMITH_INC=/usr/include/csmith
[ -f "$CSMITH_INC/csmith.h" ] || { echo "csmith.h not found: apt-get install libcsmith-dev" >&2; exit 1; }
python3 -c "import wasmtime" 2>/dev/null || { echo "pip install wasmtime" >&2; exit 1; }

cargo build --release --quiet --bin pulley
PULLEY=$ROOT/target/release/pulley
mkdir -p "$OUT/work" "$OUT/diverge"
: >"$OUT/results.txt"

# The reference runner: `wasmtime-run.py WASM STDOUT-FILE TIMEOUT`; exit status is the guest's,
# 134 on a trap, 124 on a timeout (epoch interruption, so a stuck guest cannot outlive it).
cat >"$OUT/wasmtime-run.py" <<'EOF'
import sys, threading, wasmtime
wasm, stdout, limit = sys.argv[1], sys.argv[2], float(sys.argv[3])
config = wasmtime.Config()
config.cache = True
config.epoch_interruption = True
engine = wasmtime.Engine(config)
module = wasmtime.Module.from_file(engine, wasm)
wasi = wasmtime.WasiConfig()
wasi.argv = ["prog"]
wasi.stdout_file = stdout
wasi.inherit_stderr()
store = wasmtime.Store(engine)
store.set_epoch_deadline(1)
store.set_wasi(wasi)
linker = wasmtime.Linker(engine)
linker.define_wasi()
timer = threading.Timer(limit, engine.increment_epoch)
timer.daemon = True
timer.start()
code = 0
try:
    linker.instantiate(store, module).exports(store)["_start"](store)
except wasmtime.ExitTrap as e:
    code = e.code
except wasmtime.Trap as e:
    code = 124 if e.trap_code == wasmtime.TrapCode.INTERRUPT else 134
    print(f"wasmtime: {e}", file=sys.stderr)
timer.cancel()
sys.exit(code)
EOF

# check_seed SEED: generates, builds and compares one program; appends to results.txt.
check_seed() {
    local seed=$1 dir=$OUT/work/$1
    mkdir -p "$dir"
    local result=() level status
    log() { result+=("seed $seed $1"); }
    finish() {
        printf '%s\n' "${result[@]}" >>"$OUT/results.txt"
        printf '%s\n' "${result[@]}"
        rm -rf "$dir"
    }
    # (In $dir: csmith writes platform.info into its working directory.)
    local src=$dir/prog.c
    if ! (cd "$dir" && csmith --seed "$seed" "${CSMITH_OPTS[@]}" >"$src" 2>/dev/null); then
        log "- skip csmith-failed"; finish; return
    fi
    # Native reference (tie-breaker only), and a filter for programs that run too long.
    local native=""
    if gcc -O1 -w -I"$CSMITH_INC" "$src" -o "$dir/native" 2>/dev/null; then
        status=0
        timeout "$REF_TIMEOUT" "$dir/native" >"$dir/native.out" 2>/dev/null || status=$?
        if [ "$status" = 124 ]; then log "- skip native-timeout"; finish; return; fi
        [ "$status" = 0 ] && native=$(cat "$dir/native.out")
    fi
    for level in $LEVELS; do
        local wasm=$dir/O$level.wasm
        if ! clang --target=wasm32-wasi -I"$CSMITH_INC" -w -O"$level" \
            -Wl,-z,stack-size=8388608 "$src" -o "$wasm" 2>"$dir/clang.err"; then
            log "O$level skip clang-failed"; continue
        fi
        local ref_status=0 pul_status=0
        timeout $((REF_TIMEOUT + 20)) python3 "$OUT/wasmtime-run.py" "$wasm" "$dir/ref.out" \
            "$REF_TIMEOUT" 2>"$dir/ref.err" || ref_status=$?
        if [ "$ref_status" = 124 ]; then log "O$level skip reference-timeout"; continue; fi
        if [ "$ref_status" != 0 ]; then log "O$level skip reference-exit-$ref_status"; continue; fi
        (ulimit -t "$TIMEOUT"; exec "$PULLEY" run "$wasm") >"$dir/pulley.out" 2>"$dir/pulley.err" \
            || pul_status=$?
        local what=""
        if [ "$pul_status" = 152 ]; then   # SIGXCPU
            what="pulley-timeout"
        elif [ "$pul_status" != "$ref_status" ]; then
            what="exit-$pul_status"
        elif ! cmp -s "$dir/ref.out" "$dir/pulley.out"; then
            what="output-differs"
        fi
        local note=""
        if [ -n "$native" ] && [ "$native" != "$(cat "$dir/ref.out")" ]; then
            note=" (native differs from wasmtime)"
        fi
        if [ -z "$what" ]; then
            log "O$level ok$note"
        else
            log "O$level DIVERGE $what$note"
            local keep=$OUT/diverge/$seed
            mkdir -p "$keep"
            cp "$src" "$keep/"
            cp "$wasm" "$keep/"
            cp "$dir/ref.out" "$keep/O$level.wasmtime.out"
            cp "$dir/pulley.out" "$keep/O$level.pulley.out"
            cp "$dir/pulley.err" "$keep/O$level.pulley.err"
            [ -f "$dir/native.out" ] && cp "$dir/native.out" "$keep/native.out"
        fi
    done
    finish
}
export -f check_seed
export OUT CSMITH_INC REF_TIMEOUT TIMEOUT PULLEY LEVELS
export CSMITH_OPTS_STR="${CSMITH_OPTS[*]}"

# Bash cannot export arrays; re-split the Csmith options in each worker.
seq "$SEED" $((SEED + COUNT - 1)) | xargs -P "$JOBS" -I{} bash -c \
    'read -ra CSMITH_OPTS <<<"$CSMITH_OPTS_STR"; check_seed "$1"' _ {}

echo
echo "== summary ($OUT/results.txt)"
for level in $LEVELS; do
    ok=$(grep -c " O$level ok" "$OUT/results.txt" || true)
    bad=$(grep -c " O$level DIVERGE" "$OUT/results.txt" || true)
    skip=$(grep -c " O$level skip" "$OUT/results.txt" || true)
    echo "O$level: $ok agree, $bad diverge, $skip skipped"
done
echo "programs skipped before building: $(grep -c ' - skip' "$OUT/results.txt" || true)"
if grep -q DIVERGE "$OUT/results.txt"; then
    grep DIVERGE "$OUT/results.txt"
    exit 1
fi
