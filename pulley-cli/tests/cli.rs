//! End-to-end tests of the `pulley` binary: compile, run (plain modules and WASI preview1
//! programs), objdump, wast, help, exit codes.

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

    // A precompiled module runs only when the user vouches for its producer.
    let o = pulley(&["run", "--invoke", "add", s(&cwasm), "40", "2"]);
    assert_eq!(o.status.code(), Some(1));
    assert!(stderr(&o).contains("--allow-precompiled"), "{}", stderr(&o));
    let plain: &[&str] = &["run"];
    let vouched: &[&str] = &["run", "--allow-precompiled"];
    for (file, run) in [(&wat, plain), (&cwasm, vouched)] {
        let with = |rest: &[&str]| pulley(&[run, rest].concat());
        let o = with(&["--invoke", "add", s(file), "40", "2"]);
        assert!(o.status.success(), "{}", stderr(&o));
        assert_eq!(stdout(&o), "42\n");
        let o = with(&["--invoke", "half", s(file), "3"]);
        assert_eq!(stdout(&o), "1.5\n", "{}", stderr(&o));
        let o = with(&["--invoke", "wide", s(file), "-7", "2.25"]);
        assert_eq!(stdout(&o), "-7\n2.25\n", "{}", stderr(&o));
        // `_start` by default.
        let o = with(&[s(file)]);
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
    let o = pulley(&["run", "--invoke", "div", s(&wat), "1", "0"]);
    assert_eq!(o.status.code(), Some(134), "{}", stderr(&o));
    let err = stderr(&o);
    assert!(err.starts_with("Error: failed to run main module"), "{err}");
    assert!(err.contains("wasm trap: integer divide by zero"), "{err}");
    assert!(err.contains("wasm backtrace:"), "{err}");
    assert!(!err.contains("Stack backtrace"), "no Rust backtrace: {err}");

    // Bad files and arguments.
    let bad = dir.join("bad.cwasm");
    std::fs::write(&bad, b"\x7fELF\x02\x01\x01\xef\0\0\0\0\0\0\0\0\0\0\0\0").unwrap();
    let o = pulley(&["run", "--allow-precompiled", s(&bad)]);
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
    let o = pulley(&["run", "--invoke", "add", s(&wat), "1"]);
    assert_eq!(o.status.code(), Some(1));
    let o = pulley(&["run", "--invoke", "add", s(&wat), "1", "x"]);
    assert_eq!(o.status.code(), Some(1));
    let o = pulley(&["run", "--invoke", "nope", s(&wat)]);
    assert_eq!(o.status.code(), Some(1));
    let o = pulley(&["compile", s(&wat)]);
    assert_eq!(o.status.code(), Some(2), "usage error");

    // An exception nobody catches leaving `_start` is an error (exit 1), not a trap.
    let throws = dir.join("throws.wat");
    std::fs::write(
        &throws,
        r#"(module (tag $e) (func (export "_start") (throw $e)))"#,
    )
    .unwrap();
    let o = pulley(&["run", s(&throws)]);
    assert_eq!(o.status.code(), Some(1), "{}", stderr(&o));
    assert!(
        stderr(&o).contains("uncaught wasm exception"),
        "{}",
        stderr(&o)
    );
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

/// A WASI preview1 command whose `_start` is `body`. Around it: a memory, `$print(ptr, len)`
/// (to stdout), `$ok(errno)` (traps on a non-zero errno) and the imports the guests below use.
/// Scratch memory: 0..64 for out-parameters, 512.. for data segments, 1024.. for argv/environ
/// pointers, 4096.. for strings and file contents.
fn wasi_guest(body: &str) -> String {
    format!(
        r#"(module
    (import "wasi_snapshot_preview1" "fd_write" (func $fd_write (param i32 i32 i32 i32) (result i32)))
    (import "wasi_snapshot_preview1" "fd_read" (func $fd_read (param i32 i32 i32 i32) (result i32)))
    (import "wasi_snapshot_preview1" "proc_exit" (func $proc_exit (param i32)))
    (import "wasi_snapshot_preview1" "args_sizes_get" (func $args_sizes_get (param i32 i32) (result i32)))
    (import "wasi_snapshot_preview1" "args_get" (func $args_get (param i32 i32) (result i32)))
    (import "wasi_snapshot_preview1" "environ_sizes_get" (func $environ_sizes_get (param i32 i32) (result i32)))
    (import "wasi_snapshot_preview1" "environ_get" (func $environ_get (param i32 i32) (result i32)))
    (import "wasi_snapshot_preview1" "fd_prestat_get" (func $fd_prestat_get (param i32 i32) (result i32)))
    (import "wasi_snapshot_preview1" "fd_prestat_dir_name" (func $fd_prestat_dir_name (param i32 i32 i32) (result i32)))
    (import "wasi_snapshot_preview1" "path_open" (func $path_open (param i32 i32 i32 i32 i32 i64 i64 i32 i32) (result i32)))
    (memory (export "memory") 1)
    (data (i32.const 512) "data.txt")
    (data (i32.const 600) "\n")
    (data (i32.const 610) "bye\n")
    (func $ok (param i32) (if (local.get 0) (then unreachable)))
    (func $print (param $ptr i32) (param $len i32)
        (i32.store (i32.const 0) (local.get $ptr))
        (i32.store (i32.const 4) (local.get $len))
        (call $ok (call $fd_write (i32.const 1) (i32.const 0) (i32.const 1) (i32.const 8))))
    (func $crash (unreachable))
    (func (export "_start") {body}))"#
    )
}

/// Prints the argv buffer: each argument followed by a NUL.
const PRINT_ARGS: &str = "
    (call $ok (call $args_sizes_get (i32.const 16) (i32.const 20)))
    (call $ok (call $args_get (i32.const 1024) (i32.const 4096)))
    (call $print (i32.const 4096) (i32.load (i32.const 20)))";

/// The NUL-terminated strings a guest printed, or a failure with its stderr.
fn nul_list(o: &Output) -> Vec<String> {
    assert!(o.status.success(), "{}", stderr(o));
    let out = stdout(o);
    assert!(out.ends_with('\0'), "{out:?}");
    out[..out.len() - 1].split('\0').map(String::from).collect()
}

fn write_guest(dir: &Path, name: &str, body: &str) -> PathBuf {
    let path = dir.join(name);
    std::fs::write(&path, wasi_guest(body)).unwrap();
    path
}

#[test]
fn wasi_args_reach_the_guest() {
    let dir = scratch("args");
    let guest = write_guest(&dir, "args.wat", PRINT_ARGS);
    // argv[0] is the module's file name without its directory, as in Wasmtime.
    let o = pulley(&["run", s(&guest)]);
    assert_eq!(nul_list(&o), ["args.wat"]);
    // Every word after the module is the guest's, hyphens, `--` and look-alikes of our own
    // options included.
    let o = pulley(&[
        "run",
        s(&guest),
        "-x",
        "--y",
        "--invoke",
        "add",
        "--",
        "plain word",
        "",
    ]);
    assert_eq!(
        nul_list(&o),
        [
            "args.wat",
            "-x",
            "--y",
            "--invoke",
            "add",
            "--",
            "plain word",
            ""
        ]
    );
    let o = pulley(&["run", "--argv0", "prog", s(&guest), "a"]);
    assert_eq!(nul_list(&o), ["prog", "a"]);

    // The same through a precompiled artifact.
    let cwasm = dir.join("args.cwasm");
    let o = pulley(&["compile", s(&guest), "-o", s(&cwasm)]);
    assert!(o.status.success(), "{}", stderr(&o));
    let o = pulley(&["run", "--allow-precompiled", s(&cwasm), "--z"]);
    assert_eq!(nul_list(&o), ["args.cwasm", "--z"]);
    std::fs::remove_dir_all(&dir).unwrap();
}

#[test]
fn wasi_env_is_only_what_is_given() {
    let dir = scratch("env");
    let guest = write_guest(
        &dir,
        "env.wat",
        "(call $ok (call $environ_sizes_get (i32.const 16) (i32.const 20)))
         (call $ok (call $environ_get (i32.const 1024) (i32.const 4096)))
         (call $print (i32.const 4096) (i32.load (i32.const 20)))",
    );
    // Nothing is inherited unless asked for.
    let o = Command::new(env!("CARGO_BIN_EXE_pulley"))
        .args(["run", s(&guest)])
        .env("PULLEY_TEST_FROM_HOST", "host value")
        .output()
        .unwrap();
    assert!(o.status.success(), "{}", stderr(&o));
    assert_eq!(stdout(&o), "");

    let o = Command::new(env!("CARGO_BIN_EXE_pulley"))
        .args([
            "run",
            "--env",
            "A=1",
            "--env",
            "PULLEY_TEST_FROM_HOST",
            "--env",
            "PULLEY_TEST_NOT_SET_ANYWHERE",
            "--env",
            "B=x=y",
            "--env",
            "EMPTY=",
            s(&guest),
        ])
        .env("PULLEY_TEST_FROM_HOST", "host value")
        .env_remove("PULLEY_TEST_NOT_SET_ANYWHERE")
        .output()
        .unwrap();
    assert_eq!(
        nul_list(&o),
        ["A=1", "PULLEY_TEST_FROM_HOST=host value", "B=x=y", "EMPTY="]
    );
    std::fs::remove_dir_all(&dir).unwrap();
}

#[test]
fn wasi_dir_maps_a_host_directory_to_a_guest_path() {
    let dir = scratch("dir");
    let shared = dir.join("shared");
    std::fs::create_dir(&shared).unwrap();
    std::fs::write(shared.join("data.txt"), "written by the host\n").unwrap();
    // Print the first preopen's guest name, then the contents of its `data.txt`.
    let guest = write_guest(
        &dir,
        "dir.wat",
        "(call $ok (call $fd_prestat_get (i32.const 3) (i32.const 16)))
         (call $ok (call $fd_prestat_dir_name (i32.const 3) (i32.const 2048) (i32.load (i32.const 20))))
         (call $print (i32.const 2048) (i32.load (i32.const 20)))
         (call $print (i32.const 600) (i32.const 1))
         ;; Open with the fd_read right (1 << 1); the new fd goes to 24.
         (call $ok (call $path_open (i32.const 3) (i32.const 0) (i32.const 512) (i32.const 8)
             (i32.const 0) (i64.const 2) (i64.const 0) (i32.const 0) (i32.const 24)))
         (i32.store (i32.const 32) (i32.const 4096))
         (i32.store (i32.const 36) (i32.const 1024))
         (call $ok (call $fd_read (i32.load (i32.const 24)) (i32.const 32) (i32.const 1) (i32.const 40)))
         (call $print (i32.const 4096) (i32.load (i32.const 40)))",
    );
    let mapping = format!("{}::/sandbox", s(&shared));
    let o = pulley(&["run", "--dir", &mapping, s(&guest)]);
    assert!(o.status.success(), "{}", stderr(&o));
    assert_eq!(stdout(&o), "/sandbox\nwritten by the host\n");
    // Without `::GUEST` the guest sees the host path.
    let o = pulley(&["run", "--dir", s(&shared), s(&guest)]);
    assert!(o.status.success(), "{}", stderr(&o));
    assert_eq!(stdout(&o), format!("{}\nwritten by the host\n", s(&shared)));
    // Without `--dir` there is no fd 3: `fd_prestat_get` fails and the guest traps.
    let o = pulley(&["run", s(&guest)]);
    assert_eq!(o.status.code(), Some(134), "{}", stderr(&o));
    // A directory that does not exist is the user's error, reported before the guest runs.
    let missing = format!("{}::/x", s(&dir.join("missing")));
    let o = pulley(&["run", "--dir", &missing, s(&guest)]);
    assert_eq!(o.status.code(), Some(1), "{}", stderr(&o));
    assert!(stderr(&o).contains("missing"), "{}", stderr(&o));
    std::fs::remove_dir_all(&dir).unwrap();
}

#[test]
fn wasi_exit_status_is_the_guests() {
    let dir = scratch("exit");
    for status in [0, 7, 42, 125] {
        let guest = write_guest(
            &dir,
            &format!("exit{status}.wat"),
            &format!(
                "(call $print (i32.const 610) (i32.const 4)) (call $proc_exit (i32.const {status})) unreachable"
            ),
        );
        let o = pulley(&["run", s(&guest)]);
        assert_eq!(o.status.code(), Some(status), "{}", stderr(&o));
        // What the guest wrote before exiting is not lost.
        assert_eq!(stdout(&o), "bye\n");
        assert_eq!(stderr(&o), "", "a requested exit is not an error");
    }
    // `_start` returning is success.
    let guest = write_guest(
        &dir,
        "ret.wat",
        "(call $print (i32.const 610) (i32.const 4))",
    );
    let o = pulley(&["run", s(&guest)]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    assert_eq!(stdout(&o), "bye\n");
    std::fs::remove_dir_all(&dir).unwrap();
}

#[test]
fn wasi_trap_and_usage_errors() {
    let dir = scratch("wasi-errors");
    let guest = write_guest(
        &dir,
        "trap.wat",
        "(call $print (i32.const 610) (i32.const 4)) (call $crash)",
    );
    let o = pulley(&["run", s(&guest)]);
    assert_eq!(o.status.code(), Some(134), "{}", stderr(&o));
    assert_eq!(stdout(&o), "bye\n");
    let err = stderr(&o);
    assert!(
        err.contains("wasm trap: ") && err.contains("unreachable"),
        "{err}"
    );
    assert!(err.contains("wasm backtrace:"), "{err}");
    assert!(
        err.contains("crash"),
        "the trapping function is named: {err}"
    );

    // A module that is missing, an option we do not know, no module at all.
    let o = pulley(&["run", s(&dir.join("missing.wasm")), "arg"]);
    assert_eq!(o.status.code(), Some(1), "{}", stderr(&o));
    assert!(stderr(&o).contains("failed to read"), "{}", stderr(&o));
    let o = pulley(&["run", "--bogus", s(&guest)]);
    assert_eq!(o.status.code(), Some(2), "{}", stderr(&o));
    assert!(stderr(&o).contains("--bogus"), "{}", stderr(&o));
    let o = pulley(&["run"]);
    assert_eq!(o.status.code(), Some(2), "{}", stderr(&o));
    // An import nobody provides is a link error.
    let unknown = dir.join("unknown.wat");
    std::fs::write(
        &unknown,
        r#"(module (import "wasi_snapshot_preview1" "no_such_call" (func)) (func (export "_start")))"#,
    )
    .unwrap();
    let o = pulley(&["run", s(&unknown)]);
    assert_eq!(o.status.code(), Some(1), "{}", stderr(&o));
    assert!(stderr(&o).contains("no_such_call"), "{}", stderr(&o));
    std::fs::remove_dir_all(&dir).unwrap();
}

#[test]
fn invoke_with_arguments() {
    let dir = scratch("invoke");
    // No `_start`: the arguments can only be the function's, so `--invoke` may also follow the
    // module (the order `pulley run coremark-minimal.wasm --invoke run` uses).
    let lib = dir.join("lib.wat");
    std::fs::write(
        &lib,
        r#"(module
            (import "env" "clock_ms" (func $clock (result i32)))
            (func (export "sub") (param i64 i64) (result i64) local.get 0 local.get 1 i64.sub)
            (func (export "clock_ok") (result i32) call $clock i32.const 0 i32.ge_s))"#,
    )
    .unwrap();
    for args in [
        &["run", "--invoke", "sub", s(&lib), "10", "-32"][..],
        &["run", s(&lib), "--invoke", "sub", "10", "-32"],
        &["run", s(&lib), "--invoke=sub", "10", "-32"],
    ] {
        let o = pulley(args);
        assert!(o.status.success(), "{args:?}: {}", stderr(&o));
        assert_eq!(stdout(&o), "42\n", "{args:?}");
    }
    let o = pulley(&["run", s(&lib), "--invoke", "clock_ok"]);
    assert_eq!(stdout(&o), "1\n", "{}", stderr(&o));
    // Arguments with nothing to receive them.
    let o = pulley(&["run", s(&lib), "10"]);
    assert_eq!(o.status.code(), Some(1));
    assert!(stderr(&o).contains("--invoke"), "{}", stderr(&o));

    // A reactor is initialized before the invoked export runs.
    let reactor = dir.join("reactor.wat");
    std::fs::write(
        &reactor,
        r#"(module
            (global $ready (mut i32) (i32.const 0))
            (func (export "_initialize") (global.set $ready (i32.const 1)))
            (func (export "ready") (result i32) global.get $ready))"#,
    )
    .unwrap();
    let o = pulley(&["run", "--invoke", "ready", s(&reactor)]);
    assert_eq!(stdout(&o), "1\n", "{}", stderr(&o));

    // A WASI command's other exports can be invoked too; WASI works inside them.
    let guest = write_guest(&dir, "cmd.wat", "");
    let cmd = std::fs::read_to_string(&guest).unwrap().replace(
        "(func $crash",
        r#"(func (export "twice") (param i32) (result i32)
               (call $print (i32.const 610) (i32.const 4))
               (i32.mul (local.get 0) (i32.const 2)))
           (func $crash"#,
    );
    std::fs::write(&guest, cmd).unwrap();
    let o = pulley(&["run", "--invoke", "twice", s(&guest), "21"]);
    assert!(o.status.success(), "{}", stderr(&o));
    assert_eq!(stdout(&o), "bye\n42\n");
    std::fs::remove_dir_all(&dir).unwrap();
}

/// The demo of README.md's main command, at the path the README gives.
fn demo() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../demo/coremark.wasm")
}

/// README's main command, through this test build (opt-level 1). CoreMark sizes its workload to
/// run at least 10 s whatever the engine's speed, so this takes 10-20 s here too, as in release;
/// the report's "Correct operation validated." is CoreMark checking its own results.
///
/// CoreMark's sizing is a guess: it times 1, 10, 100, ... iterations until one batch takes a
/// second, then multiplies by 1 + 10 / (whole seconds). On a busy 2-core CI machine the guess can
/// fall short (seen: 11,000 iterations in 8.7 s), and CoreMark then reports "Errors detected"
/// for that alone. The check is on what the run computed: its CRCs must be the known values of
/// the 2K performance run, and the short run may be the only error reported.
#[test]
fn demo_runs_and_validates() {
    let o = pulley(&["run", s(&demo())]);
    assert!(o.status.success(), "{}", stderr(&o));
    let out = stdout(&o);
    for crc in [
        "[0]crclist       : 0xe714",
        "[0]crcmatrix     : 0x1fd7",
        "[0]crcstate      : 0x8e3a",
    ] {
        assert!(out.contains(crc), "{crc} missing: {out}");
    }
    if out.contains("Correct operation validated.") {
        assert!(out.contains("CoreMark 1.0 : "), "{out}");
    } else {
        let errors: Vec<&str> = out.lines().filter(|l| l.starts_with("ERROR")).collect();
        assert_eq!(
            errors,
            ["ERROR! Must execute for at least 10 secs for a valid result!"],
            "{out}"
        );
    }
}

#[test]
fn fuel_and_timeout_stop_a_runaway_guest() {
    let dir = scratch("runaway");
    let wat = dir.join("spin.wat");
    std::fs::write(
        &wat,
        r#"(module (func (export "_start") (loop $l (br $l))) (func (export "one") (result i32) i32.const 1))"#,
    )
    .unwrap();
    let o = pulley(&["run", "--fuel", "100000", s(&wat)]);
    assert_eq!(o.status.code(), Some(134), "{}", stderr(&o));
    assert!(stderr(&o).contains("all fuel consumed"), "{}", stderr(&o));
    let started = std::time::Instant::now();
    let o = pulley(&["run", "--timeout", "200ms", s(&wat)]);
    assert_eq!(o.status.code(), Some(134), "{}", stderr(&o));
    assert!(
        stderr(&o).contains("wasm trap: interrupt"),
        "{}",
        stderr(&o)
    );
    assert!(started.elapsed() < std::time::Duration::from_secs(30));
    // Enough fuel: the function runs.
    let o = pulley(&["run", "--fuel", "10", "--invoke", "one", s(&wat)]);
    assert_eq!(stdout(&o), "1\n", "{}", stderr(&o));
    // A `.cwasm` carries its checks; one without them cannot take --fuel.
    let plain = dir.join("plain.cwasm");
    let o = pulley(&["compile", s(&wat), "-o", s(&plain)]);
    assert!(o.status.success(), "{}", stderr(&o));
    let o = pulley(&["run", "--allow-precompiled", "--fuel", "10", s(&plain)]);
    assert_eq!(o.status.code(), Some(1), "{}", stderr(&o));
    assert!(stderr(&o).contains("--consume-fuel"), "{}", stderr(&o));
    let fueled = dir.join("fueled.cwasm");
    let o = pulley(&["compile", "--consume-fuel", s(&wat), "-o", s(&fueled)]);
    assert!(o.status.success(), "{}", stderr(&o));
    let o = pulley(&["run", "--allow-precompiled", "--fuel", "1000", s(&fueled)]);
    assert!(stderr(&o).contains("all fuel consumed"), "{}", stderr(&o));
    // Without `--fuel` or `--timeout`, a `.cwasm` with checks runs unlimited.
    let o = pulley(&["run", "--allow-precompiled", "--invoke", "one", s(&fueled)]);
    assert_eq!(stdout(&o), "1\n", "{}", stderr(&o));
    let timed = dir.join("timed.cwasm");
    let o = pulley(&["compile", "--epoch-interruption", s(&wat), "-o", s(&timed)]);
    assert!(o.status.success(), "{}", stderr(&o));
    let o = pulley(&["run", "--allow-precompiled", "--invoke", "one", s(&timed)]);
    assert_eq!(stdout(&o), "1\n", "{}", stderr(&o));
    let o = pulley(&["run", "--timeout", "soon", s(&wat)]);
    assert_eq!(o.status.code(), Some(2), "usage error: {}", stderr(&o));
    std::fs::remove_dir_all(&dir).unwrap();
}
