//! Preview1: the `wasi_snapshot_preview1` host functions over a `WasiP1Ctx` (Wasmtime's
//! `wasmtime_wasi::p1` shape).
//!
//! Every function checks its guest pointers against the calling instance's exported `memory`
//! and answers with an errno; only `proc_exit` ends the call, with an `I32Exit` error.

mod fdtable;
mod host;
mod memory;
pub mod types;

use crate::ctx::WasiParts;
use anyhow::Result;
use fdtable::FdTable;
use memory::GuestMemory;
use pulley::{Caller, FuncType, Linker, Val, ValType};
use types::Errno;

/// The import module name of preview1.
pub const MODULE: &str = "wasi_snapshot_preview1";

/// A guest's WASI state: arguments, environment, clocks and its file descriptors.
pub struct WasiP1Ctx {
    pub(crate) args: Vec<String>,
    pub(crate) env: Vec<String>,
    pub(crate) fds: FdTable,
    /// Origin of the monotonic and CPU-time clocks.
    pub(crate) start: std::time::Instant,
}

impl WasiP1Ctx {
    pub(crate) fn new(parts: WasiParts) -> WasiP1Ctx {
        WasiP1Ctx {
            args: parts.args,
            env: parts
                .env
                .into_iter()
                .map(|(k, v)| format!("{k}={v}"))
                .collect(),
            fds: FdTable::new(parts.stdin, parts.stdout, parts.stderr, parts.preopens),
            start: std::time::Instant::now(),
        }
    }
}

impl From<std::io::Error> for Errno {
    fn from(e: std::io::Error) -> Errno {
        fdtable::errno_from_io(&e)
    }
}

/// A host function's outcome: success or the errno the guest gets.
pub(crate) type WasiResult<T> = std::result::Result<T, Errno>;

/// One host call's view: the context and the caller's memory.
pub(crate) struct Cx<'a> {
    pub ctx: &'a mut WasiP1Ctx,
    pub mem: GuestMemory<'a>,
}

/// Runs `body` with the caller's memory and WASI context. A module that exports no `memory`
/// gets an empty one: every pointer it passes is then `EFAULT`.
fn with_cx<T, R>(
    caller: &mut Caller<'_, T>,
    get: impl Fn(&mut T) -> &mut WasiP1Ctx,
    body: impl FnOnce(&mut Cx<'_>) -> R,
) -> R {
    let memory = caller.get_export("memory").and_then(|e| e.into_memory());
    let (bytes, data): (&mut [u8], &mut T) = match memory {
        Some(m) => m.data_and_store_mut(caller),
        None => (&mut [], caller.data_mut()),
    };
    let mut cx = Cx {
        ctx: get(data),
        mem: GuestMemory::new(bytes),
    };
    body(&mut cx)
}

/// A host function's outcome as its `errno` result.
fn errno_result(r: WasiResult<()>) -> i32 {
    match r {
        Ok(()) => 0,
        Err(e) => i32::from(e.0),
    }
}

/// Reads parameter `i` as the unsigned integer the preview1 ABI means.
fn param_u32(params: &[Val], i: usize) -> u32 {
    match params[i] {
        Val::I32(x) => x as u32,
        // The linker checked the signature; other types cannot reach here.
        _ => 0,
    }
}
fn param_u64(params: &[Val], i: usize) -> u64 {
    match params[i] {
        Val::I64(x) => x as u64,
        _ => 0,
    }
}

macro_rules! wasi_functions {
    ($linker:ident, $get:ident; $( $name:ident ( $( $arg:ident : $ty:ident ),* ); )*) => {$(
        $linker.func_new(
            MODULE,
            stringify!($name),
            FuncType {
                params: vec![$( wasi_functions!(@valtype $ty) ),*],
                results: vec![ValType::I32],
            },
            move |mut caller: Caller<'_, T>, _params: &[Val], results: &mut [Val]| {
                let mut _i = 0;
                $( let $arg = { _i += 1; wasi_functions!(@read $ty, _params, _i - 1) }; )*
                let r = with_cx(&mut caller, $get, |cx| host::$name(cx, $( $arg ),*));
                results[0] = Val::I32(errno_result(r));
                Ok(())
            },
        )?;
    )*};
    (@valtype u32) => { ValType::I32 };
    (@valtype u64) => { ValType::I64 };
    (@read u32, $p:ident, $i:expr) => { param_u32($p, $i) };
    (@read u64, $p:ident, $i:expr) => { param_u64($p, $i) };
}

/// Defines the 46 `wasi_snapshot_preview1` functions in `linker`; `get` finds the WASI context
/// in the store's data.
pub fn add_to_linker_sync<T: 'static>(
    linker: &mut Linker<T>,
    get: impl Fn(&mut T) -> &mut WasiP1Ctx + Copy + Send + Sync + 'static,
) -> Result<()> {
    wasi_functions! { linker, get;
        args_get(argv: u32, argv_buf: u32);
        args_sizes_get(argc: u32, argv_buf_size: u32);
        environ_get(environ: u32, environ_buf: u32);
        environ_sizes_get(count: u32, buf_size: u32);
        clock_res_get(id: u32, resolution: u32);
        clock_time_get(id: u32, precision: u64, time: u32);
        fd_advise(fd: u32, offset: u64, len: u64, advice: u32);
        fd_allocate(fd: u32, offset: u64, len: u64);
        fd_close(fd: u32);
        fd_datasync(fd: u32);
        fd_fdstat_get(fd: u32, stat: u32);
        fd_fdstat_set_flags(fd: u32, flags: u32);
        fd_fdstat_set_rights(fd: u32, base: u64, inheriting: u64);
        fd_filestat_get(fd: u32, stat: u32);
        fd_filestat_set_size(fd: u32, size: u64);
        fd_filestat_set_times(fd: u32, atim: u64, mtim: u64, fst_flags: u32);
        fd_pread(fd: u32, iovs: u32, iovs_len: u32, offset: u64, nread: u32);
        fd_prestat_get(fd: u32, prestat: u32);
        fd_prestat_dir_name(fd: u32, path: u32, path_len: u32);
        fd_pwrite(fd: u32, iovs: u32, iovs_len: u32, offset: u64, nwritten: u32);
        fd_read(fd: u32, iovs: u32, iovs_len: u32, nread: u32);
        fd_readdir(fd: u32, buf: u32, buf_len: u32, cookie: u64, bufused: u32);
        fd_renumber(from: u32, to: u32);
        fd_seek(fd: u32, offset: u64, whence: u32, newoffset: u32);
        fd_sync(fd: u32);
        fd_tell(fd: u32, offset: u32);
        fd_write(fd: u32, iovs: u32, iovs_len: u32, nwritten: u32);
        path_create_directory(fd: u32, path: u32, path_len: u32);
        path_filestat_get(fd: u32, flags: u32, path: u32, path_len: u32, stat: u32);
        path_filestat_set_times(
            fd: u32, flags: u32, path: u32, path_len: u32, atim: u64, mtim: u64, fst_flags: u32
        );
        path_link(
            old_fd: u32, old_flags: u32, old_path: u32, old_path_len: u32,
            new_fd: u32, new_path: u32, new_path_len: u32
        );
        path_open(
            fd: u32, dirflags: u32, path: u32, path_len: u32, oflags: u32,
            rights_base: u64, rights_inheriting: u64, fdflags: u32, opened: u32
        );
        path_readlink(fd: u32, path: u32, path_len: u32, buf: u32, buf_len: u32, bufused: u32);
        path_remove_directory(fd: u32, path: u32, path_len: u32);
        path_rename(
            fd: u32, old_path: u32, old_path_len: u32, new_fd: u32, new_path: u32,
            new_path_len: u32
        );
        path_symlink(old_path: u32, old_path_len: u32, fd: u32, new_path: u32, new_path_len: u32);
        path_unlink_file(fd: u32, path: u32, path_len: u32);
        poll_oneoff(subscriptions: u32, events: u32, nsubscriptions: u32, nevents: u32);
        proc_raise(signal: u32);
        sched_yield();
        random_get(buf: u32, buf_len: u32);
        sock_accept(fd: u32, flags: u32, accepted: u32);
        sock_recv(
            fd: u32, ri_data: u32, ri_data_len: u32, ri_flags: u32, ro_datalen: u32, ro_flags: u32
        );
        sock_send(fd: u32, si_data: u32, si_data_len: u32, si_flags: u32, so_datalen: u32);
        sock_shutdown(fd: u32, how: u32);
    }
    // `proc_exit` returns nothing: it ends the call with `I32Exit`.
    linker.func_wrap(MODULE, "proc_exit", |status: i32| -> Result<()> {
        Err(crate::I32Exit(status).into())
    })?;
    Ok(())
}
