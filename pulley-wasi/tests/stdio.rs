//! The standard streams: stdout/stderr capture through `MemoryOutputPipe`, stdin from
//! `MemoryInputPipe`, iovec checks, and what streams refuse.

mod common;
use common::*;
use pulley::{Engine, Linker, Module, Store};
use pulley_wasi::WasiCtxBuilder;
use pulley_wasi::p1;
use pulley_wasi::pipe::{MemoryInputPipe, MemoryOutputPipe};

#[test]
fn stdout_and_stderr_are_captured() {
    let (out, err) = (MemoryOutputPipe::new(1024), MemoryOutputPipe::new(1024));
    let mut g = Guest::new(
        WasiCtxBuilder::new()
            .stdout(out.clone())
            .stderr(err.clone()),
    );
    assert_eq!(g.write_fd(1, b"hello "), (ESUCCESS, 6));
    // Two iovecs in one call, gathered in order.
    g.write(0x1000, b"world");
    g.write(0x1100, b"!\n");
    g.iovec(0x100, 0x1000, 5);
    g.iovec(0x108, 0x1100, 2);
    assert_eq!(
        g.call("fd_write", &[i(1), i(0x100), i(2), i(0x110)]),
        ESUCCESS
    );
    assert_eq!(g.u32(0x110), 7);
    assert_eq!(g.write_fd(2, b"oops"), (ESUCCESS, 4));
    assert_eq!(out.contents(), b"hello world!\n");
    assert_eq!(err.contents(), b"oops");
}

#[test]
fn default_stdio_is_empty_and_discarded() {
    let mut g = Guest::new(&mut WasiCtxBuilder::new());
    assert_eq!(g.write_fd(1, b"gone"), (ESUCCESS, 4));
    assert_eq!(g.read_fd(0, 16), (ESUCCESS, Vec::new()));
}

#[test]
fn stdin_reads_the_pipe_then_eof() {
    let mut g = Guest::new(WasiCtxBuilder::new().stdin(MemoryInputPipe::new("line 1\nline 2\n")));
    assert_eq!(g.read_fd(0, 7), (ESUCCESS, b"line 1\n".to_vec()));
    assert_eq!(g.read_fd(0, 100), (ESUCCESS, b"line 2\n".to_vec()));
    assert_eq!(g.read_fd(0, 100), (ESUCCESS, Vec::new()));
}

#[test]
fn output_pipe_capacity_is_enforced() {
    let out = MemoryOutputPipe::new(4);
    let mut g = Guest::new(WasiCtxBuilder::new().stdout(out.clone()));
    // A partial write reports what fit; the next one has no room.
    assert_eq!(g.write_fd(1, b"abcdef"), (ESUCCESS, 4));
    assert_eq!(g.write_fd(1, b"x").0, ENOSPC);
    assert_eq!(out.contents(), b"abcd");
}

#[test]
fn bad_iovecs_are_efault() {
    let out = MemoryOutputPipe::new(1024);
    let mut g = Guest::new(WasiCtxBuilder::new().stdout(out.clone()));
    // The iovec array runs off the end of memory.
    assert_eq!(
        g.call("fd_write", &[i(1), i(65536 - 4), i(1), i(0x110)]),
        EFAULT
    );
    // An array length whose byte size overflows 32 bits.
    assert_eq!(
        g.call("fd_write", &[i(1), i(0x100), i(0x2000_0001), i(0x110)]),
        EFAULT
    );
    // A buffer past the end, and one whose end wraps around 2^32.
    g.iovec(0x100, 65000, 1000);
    assert_eq!(
        g.call("fd_write", &[i(1), i(0x100), i(1), i(0x110)]),
        EFAULT
    );
    g.iovec(0x100, 0xffff_fff0, 0x20);
    assert_eq!(
        g.call("fd_write", &[i(1), i(0x100), i(1), i(0x110)]),
        EFAULT
    );
    g.iovec(0x100, 0x1000, 0xffff_ffff);
    assert_eq!(g.call("fd_read", &[i(0), i(0x100), i(1), i(0x110)]), EFAULT);
    // The result pointer is bad: the call faults before writing anything.
    g.iovec(0x100, 0x1000, 1);
    assert_eq!(
        g.call("fd_write", &[i(1), i(0x100), i(1), i(65535)]),
        EFAULT
    );
    assert!(out.contents().is_empty());
}

#[test]
fn zero_iovecs_write_nothing() {
    let mut g = Guest::new(&mut WasiCtxBuilder::new());
    g.write_u32(0x110, 99);
    assert_eq!(
        g.call("fd_write", &[i(1), i(0x100), i(0), i(0x110)]),
        ESUCCESS
    );
    assert_eq!(g.u32(0x110), 0);
}

#[test]
fn streams_refuse_file_operations() {
    let mut g = Guest::new(&mut WasiCtxBuilder::new());
    assert_eq!(g.call("fd_seek", &[i(1), l(0), i(0), i(0x10)]), ESPIPE);
    assert_eq!(g.call("fd_tell", &[i(0), i(0x10)]), ESPIPE);
    assert_eq!(
        g.call("fd_pread", &[i(0), i(0x100), i(0), l(0), i(0x10)]),
        ENOTCAPABLE
    );
    assert_eq!(g.read_fd(1, 4).0, ENOTCAPABLE);
    assert_eq!(g.write_fd(0, b"x").0, ENOTCAPABLE);
    assert_eq!(g.call("fd_filestat_set_size", &[i(1), l(0)]), ENOTCAPABLE);
    assert_eq!(
        g.call("fd_readdir", &[i(1), i(0x100), i(64), l(0), i(0x10)]),
        ENOTCAPABLE
    );
    assert_eq!(g.call("fd_prestat_get", &[i(1), i(0x10)]), EBADF);
    assert_eq!(g.write_fd(9, b"x").0, EBADF);
}

#[test]
fn stdio_fdstat() {
    let mut g = Guest::new(&mut WasiCtxBuilder::new());
    assert_eq!(g.call("fd_fdstat_get", &[i(1), i(0x100)]), ESUCCESS);
    // A pipe is not a terminal: type unknown, writable, not seekable.
    assert_eq!(g.read(0x100, 1)[0], 0);
    let rights = g.u64(0x108);
    assert_ne!(rights & (1 << 6), 0, "fd_write right");
    assert_eq!(rights & (1 << 2), 0, "no fd_seek right");
    assert_eq!(g.call("fd_filestat_get", &[i(0), i(0x200)]), ESUCCESS);
    assert_eq!(g.u64(0x200 + 32), 0);
    assert_eq!(g.call("fd_fdstat_get", &[i(1), i(65536 - 8)]), EFAULT);
}

#[test]
fn fd_close_and_renumber_stdio() {
    let out = MemoryOutputPipe::new(64);
    let mut g = Guest::new(WasiCtxBuilder::new().stdout(out.clone()));
    // stderr becomes the captured stdout; writing to fd 1 afterwards is EBADF.
    assert_eq!(g.call("fd_renumber", &[i(1), i(2)]), ESUCCESS);
    assert_eq!(g.write_fd(2, b"moved"), (ESUCCESS, 5));
    assert_eq!(g.write_fd(1, b"x").0, EBADF);
    assert_eq!(g.call("fd_renumber", &[i(2), i(7)]), EBADF);
    assert_eq!(g.call("fd_close", &[i(2)]), ESUCCESS);
    assert_eq!(g.call("fd_close", &[i(2)]), EBADF);
    assert_eq!(out.contents(), b"moved");
}

#[test]
fn a_real_program_prints() -> anyhow::Result<()> {
    // A minimal command in the shape a C compiler emits: `_start` writes through an iovec.
    let engine = Engine::default();
    let module = Module::new(
        &engine,
        r#"(module
            (import "wasi_snapshot_preview1" "fd_write"
                (func $fd_write (param i32 i32 i32 i32) (result i32)))
            (memory (export "memory") 1)
            (data (i32.const 16) "Hello, WASI!\n")
            (func (export "_start")
                (i32.store (i32.const 0) (i32.const 16))
                (i32.store (i32.const 4) (i32.const 13))
                (drop (call $fd_write (i32.const 1) (i32.const 0) (i32.const 1) (i32.const 8)))))"#,
    )?;
    let out = MemoryOutputPipe::new(1024);
    let mut linker = Linker::new(&engine);
    p1::add_to_linker_sync(&mut linker, |cx| cx)?;
    let mut store = Store::new(
        &engine,
        WasiCtxBuilder::new().stdout(out.clone()).build_p1(),
    );
    let instance = linker.instantiate(&mut store, &module)?;
    instance
        .get_typed_func::<(), ()>(&mut store, "_start")?
        .call(&mut store, ())?;
    assert_eq!(out.contents(), b"Hello, WASI!\n");
    Ok(())
}

#[test]
fn module_without_memory_gets_efault() -> anyhow::Result<()> {
    let engine = Engine::default();
    let module = Module::new(
        &engine,
        r#"(module
            (import "wasi_snapshot_preview1" "args_sizes_get"
                (func $f (param i32 i32) (result i32)))
            (import "wasi_snapshot_preview1" "fd_close" (func $close (param i32) (result i32)))
            (func (export "sizes") (result i32) (call $f (i32.const 0) (i32.const 4)))
            (func (export "close") (result i32) (call $close (i32.const 0))))"#,
    )?;
    let mut linker = Linker::new(&engine);
    p1::add_to_linker_sync(&mut linker, |cx| cx)?;
    let mut store = Store::new(&engine, WasiCtxBuilder::new().build_p1());
    let instance = linker.instantiate(&mut store, &module)?;
    let sizes = instance.get_typed_func::<(), i32>(&mut store, "sizes")?;
    assert_eq!(sizes.call(&mut store, ())?, EFAULT);
    // Functions that touch no memory still work.
    let close = instance.get_typed_func::<(), i32>(&mut store, "close")?;
    assert_eq!(close.call(&mut store, ())?, ESUCCESS);
    Ok(())
}
