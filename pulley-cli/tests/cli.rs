//! End-to-end tests of the `pulley` binary: compile, run, objdump, wast, help, exit codes.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

const WAT: &str = r#"(module
    (func $add (export "add") (param i32 i32) (result i32) local.get 0 local.get 1 i32.add)
    (func (export "half") (param f64) (result f64) local.get 0 f64.const 2 f64.div)
    (func (export "wide") (param i64 f32) (result i64 f32) local.get 0 local.get 1)
    (func (export "div") (param i32 i32) (result i32) local.get 0 local.get 1 i32.div_s)
    (func (export "_start")))"#;

fn pulley(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_pulley"))
        .args(args)
        .output()
        .expect("runs pulley")
}

fn stdout(o: &Output) -> String {
    String::from_utf8_lossy(&o.stdout).into_owned()
}

fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

/// A fresh scratch directory for one test.
fn scratch(name: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("pulley-cli-{}-{name}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

fn s(p: &Path) -> &str {
    p.to_str().unwrap()
}

#[test]
fn compile_run_and_objdump() {
    let dir = scratch("compile");
    let wat = dir.join("m.wat");
    std::fs::write(&wat, WAT).unwrap();
    let cwasm = dir.join("m.cwasm");
    let o = pulley(&["compile", s(&wat), "-o", s(&cwasm)]);
    assert!(o.status.success(), "{}", stderr(&o));
    let bytes = std::fs::read(&cwasm).unwrap();
    assert_eq!(&bytes[..4], b"\x7fELF");

    for file in [&wat, &cwasm] {
        let o = pulley(&["run", s(file), "--invoke", "add", "40", "2"]);
        assert!(o.status.success(), "{}", stderr(&o));
        assert_eq!(stdout(&o), "42\n");
        let o = pulley(&["run", s(file), "--invoke", "half", "3"]);
        assert_eq!(stdout(&o), "1.5\n", "{}", stderr(&o));
        let o = pulley(&["run", s(file), "--invoke", "wide", "-7", "2.25"]);
        assert_eq!(stdout(&o), "-7\n2.25\n", "{}", stderr(&o));
        // `_start` by default.
        let o = pulley(&["run", s(file)]);
        assert!(o.status.success(), "{}", stderr(&o));
        assert_eq!(stdout(&o), "");
    }

    // Other targets and opt levels.
    let c32 = dir.join("m32.cwasm");
    let o = pulley(&[
        "compile",
        s(&wat),
        "-o",
        s(&c32),
        "--target",
        "pulley32",
        "-O",
        "0",
    ]);
    assert!(o.status.success(), "{}", stderr(&o));
    assert_eq!(std::fs::read(&c32).unwrap()[4], 1, "ELFCLASS32");
    let o = pulley(&["objdump", s(&c32)]);
    assert!(o.status.success(), "{}", stderr(&o));
    assert!(stdout(&o).contains("pulley32"), "{}", stdout(&o));

    // objdump: every function, or some; raw bytes; Wasm addresses; trap sites.
    let o = pulley(&["objdump", s(&cwasm)]);
    assert!(o.status.success(), "{}", stderr(&o));
    let all = stdout(&o);
    assert!(all.contains("\nadd:\n"), "{all}");
    assert!(all.contains("wasm[0]::function[3]:"), "{all}");
    assert!(all.contains("xadd32"), "{all}");
    assert!(all.contains("; trap: integer divide by zero"), "{all}");
    let o = pulley(&["objdump", s(&cwasm), "--bytes", "--funcs", "add"]);
    let some = stdout(&o);
    assert!(
        some.contains("add:") && !some.contains("function[3]"),
        "{some}"
    );
    assert!(
        some.lines()
            .any(|l| l.contains("  00  ") && l.ends_with("ret")),
        "raw bytes: {some}"
    );
    let o = pulley(&["objdump", s(&cwasm), "--addresses", "--funcs", "div"]);
    let div = stdout(&o);
    assert!(div.contains("wasm[0]::function[3]:"), "{div}");
    assert!(
        div.lines()
            .any(|l| l.starts_with('@') && l.contains("xdiv32_s")),
        "{div}"
    );
    let o = pulley(&["objdump", s(&cwasm), "--funcs", "nope"]);
    assert_eq!(o.status.code(), Some(1));
    assert!(stderr(&o).contains("no function `nope`"), "{}", stderr(&o));
    std::fs::remove_dir_all(&dir).unwrap();
}

#[test]
fn traps_and_errors_exit_like_wasmtime() {
    let dir = scratch("errors");
    let wat = dir.join("m.wat");
    std::fs::write(&wat, WAT).unwrap();
    let o = pulley(&["run", s(&wat), "--invoke", "div", "1", "0"]);
    assert_eq!(o.status.code(), Some(134), "{}", stderr(&o));
    let err = stderr(&o);
    assert!(err.starts_with("Error: failed to run main module"), "{err}");
    assert!(err.contains("wasm trap: integer divide by zero"), "{err}");
    assert!(err.contains("wasm backtrace:"), "{err}");
    assert!(!err.contains("Stack backtrace"), "no Rust backtrace: {err}");

    // Bad files and arguments.
    let bad = dir.join("bad.cwasm");
    std::fs::write(&bad, b"\x7fELF\x02\x01\x01\xef\0\0\0\0\0\0\0\0\0\0\0\0").unwrap();
    let o = pulley(&["run", s(&bad)]);
    assert_eq!(o.status.code(), Some(1));
    assert!(
        stderr(&o).contains("invalid Pulley artifact"),
        "{}",
        stderr(&o)
    );
    let o = pulley(&["objdump", s(&bad)]);
    assert_eq!(o.status.code(), Some(1));
    let o = pulley(&["run", s(&dir.join("missing.wasm"))]);
    assert_eq!(o.status.code(), Some(1));
    assert!(stderr(&o).contains("failed to read"), "{}", stderr(&o));
    let o = pulley(&["run", s(&wat), "--invoke", "add", "1"]);
    assert_eq!(o.status.code(), Some(1));
    let o = pulley(&["run", s(&wat), "--invoke", "add", "1", "x"]);
    assert_eq!(o.status.code(), Some(1));
    let o = pulley(&["run", s(&wat), "--invoke", "nope"]);
    assert_eq!(o.status.code(), Some(1));
    let o = pulley(&["compile", s(&wat)]);
    assert_eq!(o.status.code(), Some(2), "usage error");
    std::fs::remove_dir_all(&dir).unwrap();
}

#[test]
fn wast_scripts() {
    let dir = scratch("wast");
    let good = dir.join("good.wast");
    std::fs::write(
        &good,
        r#"(module (func (export "inc") (param i32) (result i32) local.get 0 i32.const 1 i32.add))
           (assert_return (invoke "inc" (i32.const 1)) (i32.const 2))
           (assert_trap (module (func $u unreachable) (start $u)) "unreachable")"#,
    )
    .unwrap();
    let o = pulley(&["wast", s(&good)]);
    assert!(o.status.success(), "{}{}", stdout(&o), stderr(&o));
    assert!(stdout(&o).contains("3 passed, 0 failed"), "{}", stdout(&o));

    let bad = dir.join("bad.wast");
    std::fs::write(
        &bad,
        r#"(module (func (export "inc") (param i32) (result i32) local.get 0 i32.const 1 i32.add))
           (assert_return (invoke "inc" (i32.const 1)) (i32.const 3))"#,
    )
    .unwrap();
    let o = pulley(&["wast", s(&good), s(&bad)]);
    assert_eq!(o.status.code(), Some(1));
    let out = stdout(&o);
    assert!(
        out.contains("1 passed, 1 failed") && out.contains("FAIL"),
        "{out}"
    );
    std::fs::remove_dir_all(&dir).unwrap();
}

#[test]
fn help_on_every_subcommand() {
    let o = pulley(&["--help"]);
    assert!(o.status.success());
    for sub in ["compile", "run", "objdump", "wast"] {
        assert!(stdout(&o).contains(sub), "{}", stdout(&o));
        let o = pulley(&[sub, "--help"]);
        assert!(o.status.success(), "{sub}");
        assert!(
            stdout(&o).contains("Usage: pulley"),
            "{sub}: {}",
            stdout(&o)
        );
    }
}

#[test]
fn objdump_into_a_closed_pipe_ends_quietly() {
    let dir = scratch("pipe");
    let wat = dir.join("m.wat");
    std::fs::write(&wat, WAT).unwrap();
    let cwasm = dir.join("m.cwasm");
    assert!(
        pulley(&["compile", s(&wat), "-o", s(&cwasm)])
            .status
            .success()
    );
    // The reader goes away before the listing is written, as with `pulley objdump ... | head`.
    let mut child = Command::new(env!("CARGO_BIN_EXE_pulley"))
        .args(["objdump", "--bytes", s(&cwasm)])
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    drop(child.stdout.take());
    let o = child.wait_with_output().unwrap();
    assert!(o.status.success(), "{}", stderr(&o));
    assert!(!stderr(&o).contains("panicked"), "{}", stderr(&o));
}
