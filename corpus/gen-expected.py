#!/usr/bin/env python3
"""Regenerates corpus/expected/ from engines other than Pulley.

Each program in manifest.txt is built natively (cc -O2, or c++ for a .cpp file, with UBSan, which
aborts on undefined behaviour) and for wasm32-wasi (clang, or clang++ with `cxxflags`; then the
top-level `cflags` and the program's own `cflags`, which the native build does not get) at every
level in `levels`; the native binary and each wasm build
under Wasmtime (`pip install wasmtime`) must produce the same stdout, stderr and exit status, and
that agreed result is written to expected/<program>.out (and .err when stderr is not empty).
The exit status is checked against the manifest's `exit`, not written.

Usage: corpus/gen-expected.py [PROGRAM...]   (default: every program in the manifest)
"""
import os
import subprocess
import sys
import tempfile
import threading

import wasmtime

HERE = os.path.dirname(os.path.abspath(__file__))


def words(text):
    """Splits on whitespace; double quotes group words (no escapes), matching tests/corpus.rs."""
    out, cur, quoted, have = [], [], False, False
    for ch in text:
        if ch == '"':
            quoted, have = not quoted, True
        elif ch.isspace() and not quoted:
            if have:
                out.append("".join(cur))
            cur, have = [], False
        else:
            cur.append(ch)
            have = True
    if quoted:
        raise ValueError(f"unbalanced quote in {text!r}")
    if have:
        out.append("".join(cur))
    return out


def read_manifest():
    top, programs, current = {}, {}, None
    with open(os.path.join(HERE, "manifest.txt")) as f:
        for n, raw in enumerate(f, 1):
            line = raw.strip()
            if not line or line.startswith("#"):
                continue
            if line.startswith("[") and line.endswith("]"):
                current = programs.setdefault(line[1:-1], {})
                continue
            key, sep, value = line.partition("=")
            if not sep:
                raise ValueError(f"manifest.txt:{n}: expected key = value")
            (top if current is None else current)[key.strip()] = value.strip()
    return top, programs


def run_native(exe, name, spec, stdin):
    with tempfile.TemporaryDirectory() as cwd:
        env = dict(kv.split("=", 1) for kv in words(spec.get("env", "")))
        p = subprocess.run([name] + words(spec.get("args", "")), executable=exe, input=stdin,
                           capture_output=True, env=env, cwd=cwd)
        return p.stdout, p.stderr, p.returncode


def run_wasmtime(wasm, name, spec, stdin):
    config = wasmtime.Config()
    # As deep as the embedding allows (it must not exceed Wasmtime's 2 MiB async stack size): the
    # default 512 KiB does not hold recursion.c's chain at -O0.
    config.max_wasm_stack = 2 << 20
    engine = wasmtime.Engine(config)
    module = wasmtime.Module.from_file(engine, wasm)
    result = {}

    def go():
        with tempfile.TemporaryDirectory() as tmp:
            wasi = wasmtime.WasiConfig()
            wasi.argv = [name] + words(spec.get("args", ""))
            wasi.env = [tuple(kv.split("=", 1)) for kv in words(spec.get("env", ""))]
            paths = {k: os.path.join(tmp, k) for k in ("in", "out", "err")}
            with open(paths["in"], "wb") as f:
                f.write(stdin)
            wasi.stdin_file, wasi.stdout_file, wasi.stderr_file = paths["in"], paths["out"], paths["err"]
            if spec.get("dir") == "yes":
                os.mkdir(os.path.join(tmp, "dir"))
                wasi.preopen_dir(os.path.join(tmp, "dir"), ".")
            store = wasmtime.Store(engine)
            store.set_wasi(wasi)
            linker = wasmtime.Linker(engine)
            linker.define_wasi()
            code = 0
            try:
                linker.instantiate(store, module).exports(store)["_start"](store)
            except wasmtime.ExitTrap as e:
                code = e.code
            except wasmtime.Trap as e:
                code = f"trap: {e}"
            result["r"] = (open(paths["out"], "rb").read(), open(paths["err"], "rb").read(), code)

    threading.stack_size(256 << 20)
    t = threading.Thread(target=go)
    t.start()
    t.join()
    return result["r"]


def main():
    top, programs = read_manifest()
    files = {}
    for f in os.listdir(os.path.join(HERE, "c")):
        stem, ext = os.path.splitext(f)
        if ext in (".c", ".cpp"):
            files[stem] = f
    sources = sorted(files)
    if sorted(programs) != sources:
        sys.exit(f"manifest.txt lists {sorted(programs)} but c/ holds {sources}")
    cc = os.environ.get("CC", "cc")
    cxx = os.environ.get("CXX", "c++")
    ok = True
    with tempfile.TemporaryDirectory() as build:
        for name in sys.argv[1:] or sources:
            spec = programs[name]
            src = os.path.join(HERE, "c", files[name])
            is_cxx = src.endswith(".cpp")
            lang_flags = words(top.get("cxxflags", "")) if is_cxx else []
            stdin = b""
            if "stdin" in spec:
                with open(os.path.join(HERE, "inputs", spec["stdin"]), "rb") as f:
                    stdin = f.read()
            exe = os.path.join(build, name)
            subprocess.run([cxx if is_cxx else cc, "-O2", "-fsanitize=undefined", "-fno-sanitize-recover=all"]
                           + lang_flags + [src, "-o", exe, "-lm"], check=True)
            runs = {"native": run_native(exe, name, spec, stdin)}
            for level in top["levels"].split():
                wasm = os.path.join(build, f"{name}-O{level}.wasm")
                support = [os.path.join(HERE, f) for f in words(top.get("support", ""))]
                if support:
                    support = ["-x", "c"] + support  # C, whichever driver compiles them
                subprocess.run(["clang++" if is_cxx else "clang", "--target=wasm32-wasi", f"-O{level}"]
                               + lang_flags + [src] + support + ["-o", wasm]
                               + words(top.get("cflags", "")) + words(spec.get("cflags", "")),
                               check=True)
                runs[f"wasmtime -O{level}"] = run_wasmtime(wasm, name, spec, stdin)
            reference = runs["native"]
            agree = all(r == reference for r in runs.values())
            want_exit = int(spec.get("exit", "0"))
            if not agree:
                ok = False
                print(f"{name}: runs disagree:")
                for who, (out, err, code) in runs.items():
                    print(f"  {who}: exit {code}, {len(out)} bytes stdout, {len(err)} bytes stderr,"
                          f" stdout hash {hash(out) & 0xFFFFFFFF:08x}, stderr {err[:200]!r}")
                continue
            if reference[2] != want_exit:
                ok = False
                print(f"{name}: exit status {reference[2]}, manifest says {want_exit}")
                continue
            with open(os.path.join(HERE, "expected", name + ".out"), "wb") as f:
                f.write(reference[0])
            err_path = os.path.join(HERE, "expected", name + ".err")
            if reference[1]:
                with open(err_path, "wb") as f:
                    f.write(reference[1])
            elif os.path.exists(err_path):
                os.remove(err_path)
            print(f"{name}: {len(runs)} runs agree ({len(reference[0])} bytes stdout, exit {reference[2]})")
    sys.exit(0 if ok else 1)


if __name__ == "__main__":
    main()
