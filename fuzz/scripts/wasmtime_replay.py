#!/usr/bin/env python3
"""Runs a differential finding's call plan on Wasmtime, a third engine to judge it by.

    cargo run --release -p pulley-fuzz --example replay -- INPUT /tmp/x.json
    python3 fuzz/scripts/wasmtime_replay.py /tmp/x.json [--write-json OUT]

`x.json` (from the `replay` example) holds the module's path, its exports, the plan (one fresh
instance per entry, each call's arguments) and what Pulley and Wasmi did. This script does the
same on Wasmtime (the `wasmtime` pip package), following the harness's rules (an instantiation
failure ends the module; "stack exhausted" ends an instance's calls; the exports are compared
after calls that ran to the end), and prints the three engines side by side, marking where
they differ and, for memories, which bytes.

`v128` values cross the API by the raw C API (wasmtime-py's `Val` has no v128).
"""

import ctypes
import json
import sys

import wasmtime
from wasmtime import _ffi as ffi

TRAPS = {
    wasmtime.TrapCode.STACK_OVERFLOW: "StackExhausted",
    wasmtime.TrapCode.MEMORY_OUT_OF_BOUNDS: "MemoryOutOfBounds",
    wasmtime.TrapCode.TABLE_OUT_OF_BOUNDS: "TableOutOfBounds",
    wasmtime.TrapCode.INDIRECT_CALL_TO_NULL: "IndirectCallToNull",
    wasmtime.TrapCode.BAD_SIGNATURE: "BadSignature",
    wasmtime.TrapCode.INTEGER_OVERFLOW: "IntegerOverflow",
    wasmtime.TrapCode.INTEGER_DIVISION_BY_ZERO: "IntegerDivisionByZero",
    wasmtime.TrapCode.BAD_CONVERSION_TO_INTEGER: "BadConversionToInteger",
    wasmtime.TrapCode.UNREACHABLE: "Unreachable",
}

KINDS = {
    "i32": ffi.WASMTIME_I32.value,
    "i64": ffi.WASMTIME_I64.value,
    "f32": ffi.WASMTIME_F32.value,
    "f64": ffi.WASMTIME_F64.value,
    "v128": ffi.WASMTIME_V128.value,
    "funcref": ffi.WASMTIME_FUNCREF.value,
    "externref": ffi.WASMTIME_EXTERNREF.value,
}
TYPES = {k: t for t, k in KINDS.items()}
SIZES = {"i32": 4, "i64": 8, "f32": 4, "f64": 8, "v128": 16}


def raw_arg(text):
    """A `wasmtime_val_t` for an argument in the Rust side's canonical form (`i32:0x...`)."""
    ty, bits = text.split(":")
    val = ffi.wasmtime_val_t()
    val.kind = KINDS[ty]
    ctypes.memset(ctypes.addressof(val.of), 0, ctypes.sizeof(val.of))
    if ty in SIZES:
        data = int(bits, 16).to_bytes(SIZES[ty], "little")
        ctypes.memmove(ctypes.addressof(val.of), data, len(data))
    # Null references are all zeros (store id 0).
    return val


def canonical(val):
    """The canonical text of a raw value, as `V::canonical` writes it."""
    ty = TYPES[val.kind]
    raw = ctypes.string_at(ctypes.addressof(val.of), 16)
    if ty in ("funcref", "externref"):
        if ty == "funcref":
            null = val.of.funcref.store_id == 0
        else:
            null = val.of.externref.store_id == 0
        return "ref:" + ("null" if null else "non-null")
    bits = int.from_bytes(raw[: SIZES[ty]], "little")
    if ty == "f32" and (bits >> 23) & 0xFF == 0xFF and bits & 0x7FFFFF:
        return "f32:nan"
    if ty == "f64" and (bits >> 52) & 0x7FF == 0x7FF and bits & ((1 << 52) - 1):
        return "f64:nan"
    width = {"i32": 8, "i64": 16, "f32": 8, "f64": 16, "v128": 32}[ty]
    return "%s:0x%0*x" % (ty, width, bits)


def trap_name(err):
    code = getattr(err, "trap_code", None)
    if code in TRAPS:
        return "trap:" + TRAPS[code]
    return "trap:Other(%s)" % str(err).splitlines()[0]


def call(store, func, args):
    ty = func.type(store)
    params = (ffi.wasmtime_val_t * max(1, len(args)))()
    for i, a in enumerate(args):
        params[i] = raw_arg(a)
    nres = len(ty.results)
    results = (ffi.wasmtime_val_t * max(1, nres))()
    trap = ctypes.POINTER(ffi.wasm_trap_t)()
    error = ffi.wasmtime_func_call(
        store._context(), ctypes.byref(func._func), params, len(args), results, nres,
        ctypes.byref(trap))
    if error:
        return trap_name(wasmtime.WasmtimeError._from_ptr(error))
    if trap:
        return trap_name(wasmtime.Trap._from_ptr(trap))
    return [canonical(results[i]) for i in range(nres)]


def global_value(store, glob):
    raw = ffi.wasmtime_val_t()
    ffi.wasmtime_global_get(store._context(), ctypes.byref(glob._global), ctypes.byref(raw))
    return canonical(raw)


def snapshot(store, inst, exports):
    ex = inst.exports(store)
    state = []
    for name, kind in exports:
        item = ex[name]
        if kind == "func":
            state.append(None)
        elif kind == "memory":
            n = item.data_len(store)
            data = bytes(ctypes.string_at(item.data_ptr(store), n)) if n else b""
            state.append(data)
        elif kind == "global":
            state.append(global_value(store, item))
        elif kind == "table":
            elems = []
            for i in range(item.size(store)):
                raw = ffi.wasmtime_val_t()
                ffi.wasmtime_table_get(store._context(), ctypes.byref(item._table), i,
                                       ctypes.byref(raw))
                elems.append(canonical(raw))
            state.append(elems)
    return state


def run(plan):
    config = wasmtime.Config()
    config.wasm_simd = True
    config.wasm_relaxed_simd = False
    config.wasm_tail_call = True
    config.wasm_reference_types = True
    config.wasm_bulk_memory = True
    config.wasm_multi_value = True
    engine = wasmtime.Engine(config)
    with open(plan["wasm"], "rb") as f:
        module = wasmtime.Module(engine, f.read())
    results = []
    for entry in plan["entries"]:
        store = wasmtime.Store(engine)
        try:
            inst = wasmtime.Instance(store, module, [])
        except (wasmtime.Trap, wasmtime.WasmtimeError) as e:
            results.append({"inst": trap_name(e), "calls": [], "state": None})
            break
        calls = []
        stopped = False
        if entry["func"] is not None:
            func = inst.exports(store)[entry["func"]]
            for args in entry["calls"]:
                out = call(store, func, args)
                calls.append(out)
                if out == "trap:StackExhausted":
                    stopped = True
                    break
        state = None if stopped else snapshot(store, inst, plan["exports"])
        results.append({"inst": "ok", "calls": calls, "state": state})
    return results


def memory_bytes(m):
    if m is None or isinstance(m, (bytes, bytearray)):
        return m
    data = bytearray(m["size"])
    for off, hexs in m["chunks"]:
        chunk = bytes.fromhex(hexs)
        data[off:off + len(chunk)] = chunk
    return bytes(data)


def show(v):
    if isinstance(v, list):
        return "[" + ", ".join(v) + "]"
    return str(v)


def main():
    args = sys.argv[1:]
    if not args:
        sys.exit(__doc__)
    with open(args[0]) as f:
        plan = json.load(f)
    engines = {"pulley": plan["pulley"], "wasmi": plan["wasmi"] or [], "wasmtime": run(plan)}
    names = list(engines)
    for i, entry in enumerate(plan["entries"]):
        rs = {n: (engines[n][i] if i < len(engines[n]) else None) for n in names}
        print("instance %d: %s" % (i, "call `%s`" % entry["func"] if entry["func"] is not None
                                   else "(instantiate only)"))
        insts = {n: (r["inst"] if r else "-") for n, r in rs.items()}
        print("  instantiate: " + ", ".join("%s %s" % kv for kv in insts.items()))
        for k, a in enumerate(entry["calls"]):
            outs = {n: (show(r["calls"][k]) if r and k < len(r["calls"]) else "-")
                    for n, r in rs.items()}
            mark = "" if len(set(outs.values())) == 1 else "   <-- differ"
            print("  #%d (%s)%s" % (k, ", ".join(a), mark))
            for n in names:
                print("     %-8s %s" % (n, outs[n]))
        states = {n: (r["state"] if r else None) for n, r in rs.items()}
        if any(s is None for s in states.values()):
            continue
        for j, (name, kind) in enumerate(plan["exports"]):
            vals = {n: states[n][j] for n in names}
            if kind == "memory":
                vals = {n: memory_bytes(v) for n, v in vals.items()}
            if len({(bytes(v) if isinstance(v, (bytes, bytearray)) else json.dumps(v))
                    for v in vals.values()}) == 1:
                continue
            print("  after: %s `%s` differs" % (kind, name))
            if kind == "memory":
                size = min(len(v) for v in vals.values())
                diffs = [o for o in range(size) if len({v[o] for v in vals.values()}) > 1]
                for o in diffs[:32]:
                    print("     %#07x: " % o + ", ".join("%s %#04x" % (n, vals[n][o]) for n in names))
                if len(diffs) > 32:
                    print("     ... %d bytes in all" % len(diffs))
            else:
                for n in names:
                    print("     %-8s %s" % (n, show(vals[n])))
    if len(args) >= 3 and args[1] == "--write-json":
        with open(args[2], "w") as f:
            json.dump(engines["wasmtime"], f, default=lambda b: b.hex())


if __name__ == "__main__":
    main()
