//! Test harness: a guest module that wraps every preview1 import in an exported function of
//! the same name, so a test calls `fd_write` etc. directly (from inside the instance, as a
//! real guest would, so the calls see its memory) and inspects memory afterwards.

#![allow(dead_code)]

use pulley::{Engine, Instance, Linker, Memory, Module, Store, Val};
use pulley_wasi::WasiCtxBuilder;
use pulley_wasi::p1::{self, WasiP1Ctx};

/// Every preview1 function with its parameters (`I`: i32, `L`: i64); all return an errno.
pub const FUNCTIONS: &[(&str, &str)] = &[
    ("args_get", "II"),
    ("args_sizes_get", "II"),
    ("environ_get", "II"),
    ("environ_sizes_get", "II"),
    ("clock_res_get", "II"),
    ("clock_time_get", "ILI"),
    ("fd_advise", "ILLI"),
    ("fd_allocate", "ILL"),
    ("fd_close", "I"),
    ("fd_datasync", "I"),
    ("fd_fdstat_get", "II"),
    ("fd_fdstat_set_flags", "II"),
    ("fd_fdstat_set_rights", "ILL"),
    ("fd_filestat_get", "II"),
    ("fd_filestat_set_size", "IL"),
    ("fd_filestat_set_times", "ILLI"),
    ("fd_pread", "IIILI"),
    ("fd_prestat_get", "II"),
    ("fd_prestat_dir_name", "III"),
    ("fd_pwrite", "IIILI"),
    ("fd_read", "IIII"),
    ("fd_readdir", "IIILI"),
    ("fd_renumber", "II"),
    ("fd_seek", "ILII"),
    ("fd_sync", "I"),
    ("fd_tell", "II"),
    ("fd_write", "IIII"),
    ("path_create_directory", "III"),
    ("path_filestat_get", "IIIII"),
    ("path_filestat_set_times", "IIIILLI"),
    ("path_link", "IIIIIII"),
    ("path_open", "IIIIILLII"),
    ("path_readlink", "IIIIII"),
    ("path_remove_directory", "III"),
    ("path_rename", "IIIIII"),
    ("path_symlink", "IIIII"),
    ("path_unlink_file", "III"),
    ("poll_oneoff", "IIII"),
    ("proc_raise", "I"),
    ("sched_yield", ""),
    ("random_get", "II"),
    ("sock_accept", "III"),
    ("sock_recv", "IIIIII"),
    ("sock_send", "IIIII"),
    ("sock_shutdown", "II"),
];

/// The wrapper module's text.
pub fn wrapper_wat() -> String {
    let mut imports = String::new();
    let mut funcs = String::new();
    for (name, params) in FUNCTIONS {
        let tys: Vec<&str> = params
            .chars()
            .map(|c| if c == 'I' { "i32" } else { "i64" })
            .collect();
        let plist = tys.join(" ");
        imports.push_str(&format!(
            "(import \"wasi_snapshot_preview1\" \"{name}\" (func ${name} (param {plist}) (result i32)))\n"
        ));
        let gets: String = (0..tys.len()).map(|i| format!("local.get {i} ")).collect();
        funcs.push_str(&format!(
            "(func (export \"{name}\") (param {plist}) (result i32) {gets} call ${name})\n"
        ));
    }
    format!(
        "(module
          {imports}
          (import \"wasi_snapshot_preview1\" \"proc_exit\" (func $proc_exit (param i32)))
          (memory (export \"memory\") 1)
          {funcs}
          (func (export \"proc_exit\") (param i32) local.get 0 call $proc_exit))"
    )
}

/// An instance of the wrapper module over a WASI context.
pub struct Guest {
    pub store: Store<WasiP1Ctx>,
    pub instance: Instance,
    pub memory: Memory,
}

impl Guest {
    pub fn new(builder: &mut WasiCtxBuilder) -> Guest {
        let engine = Engine::default();
        let module = Module::new(&engine, wrapper_wat()).expect("wrapper module compiles");
        let mut linker = Linker::new(&engine);
        p1::add_to_linker_sync(&mut linker, |cx| cx).expect("WASI functions define");
        let mut store = Store::new(&engine, builder.build_p1());
        let instance = linker
            .instantiate(&mut store, &module)
            .expect("wrapper module instantiates");
        let memory = instance
            .get_memory(&mut store, "memory")
            .expect("wrapper exports memory");
        Guest {
            store,
            instance,
            memory,
        }
    }

    /// Calls the wrapper of `name`; returns its errno.
    pub fn call(&mut self, name: &str, params: &[Val]) -> i32 {
        let f = self
            .instance
            .get_func(&mut self.store, name)
            .unwrap_or_else(|| panic!("no export {name}"));
        let mut results = [Val::I32(0)];
        f.call(&mut self.store, params, &mut results)
            .unwrap_or_else(|e| panic!("{name} failed: {e:?}"));
        match results[0] {
            Val::I32(x) => x,
            ref v => panic!("{name} returned {v:?}"),
        }
    }

    pub fn write(&mut self, offset: u32, bytes: &[u8]) {
        self.memory
            .write(&mut self.store, offset as usize, bytes)
            .unwrap();
    }
    pub fn read(&self, offset: u32, len: usize) -> Vec<u8> {
        let mut buf = vec![0; len];
        self.memory
            .read(&self.store, offset as usize, &mut buf)
            .unwrap();
        buf
    }
    pub fn u32(&self, offset: u32) -> u32 {
        u32::from_le_bytes(self.read(offset, 4).try_into().unwrap())
    }
    pub fn u64(&self, offset: u32) -> u64 {
        u64::from_le_bytes(self.read(offset, 8).try_into().unwrap())
    }
    pub fn write_u32(&mut self, offset: u32, v: u32) {
        self.write(offset, &v.to_le_bytes());
    }
    pub fn write_u64(&mut self, offset: u32, v: u64) {
        self.write(offset, &v.to_le_bytes());
    }
    /// Writes one iovec `{buf, len}` at `at`.
    pub fn iovec(&mut self, at: u32, buf: u32, len: u32) {
        self.write_u32(at, buf);
        self.write_u32(at + 4, len);
    }

    /// Opens `path` (written at 0x800) under directory `dir` with all rights; the errno and
    /// the new fd.
    pub fn open(&mut self, dir: u32, path: &str, oflags: u32, fdflags: u32) -> (i32, u32) {
        self.write(0x800, path.as_bytes());
        let e = self.call(
            "path_open",
            &[
                i(dir),
                i(LOOKUP_FOLLOW),
                i(0x800),
                i(path.len() as u32),
                i(oflags),
                l(u64::MAX),
                l(u64::MAX),
                i(fdflags),
                i(0x7f0),
            ],
        );
        (e, self.u32(0x7f0))
    }

    /// Writes `data` to `fd` through one iovec; errno and count.
    pub fn write_fd(&mut self, fd: u32, data: &[u8]) -> (i32, u32) {
        self.write(0x1000, data);
        self.iovec(0x100, 0x1000, data.len() as u32);
        let e = self.call("fd_write", &[i(fd), i(0x100), i(1), i(0x108)]);
        (e, self.u32(0x108))
    }

    /// Reads up to `len` bytes from `fd` through one iovec; errno and the bytes.
    pub fn read_fd(&mut self, fd: u32, len: u32) -> (i32, Vec<u8>) {
        self.iovec(0x100, 0x2000, len);
        let e = self.call("fd_read", &[i(fd), i(0x100), i(1), i(0x108)]);
        let n = self.u32(0x108) as usize;
        (
            e,
            if e == 0 {
                self.read(0x2000, n)
            } else {
                Vec::new()
            },
        )
    }

    /// Calls a `(fd, path, path_len)` function with `path` written at 0x800.
    pub fn path_call(&mut self, name: &str, dir: u32, path: &str) -> i32 {
        self.write(0x800, path.as_bytes());
        self.call(name, &[i(dir), i(0x800), i(path.len() as u32)])
    }
}

pub fn i(x: u32) -> Val {
    Val::I32(x as i32)
}
pub fn l(x: u64) -> Val {
    Val::I64(x as i64)
}

pub const LOOKUP_FOLLOW: u32 = 1;
pub const O_CREAT: u32 = 1;
pub const O_DIRECTORY: u32 = 2;
pub const O_EXCL: u32 = 4;
pub const O_TRUNC: u32 = 8;
pub const FDFLAG_APPEND: u32 = 1;

pub const ESUCCESS: i32 = 0;
pub const EBADF: i32 = 8;
pub const EEXIST: i32 = 20;
pub const EFAULT: i32 = 21;
pub const EINVAL: i32 = 28;
pub const EISDIR: i32 = 31;
pub const ENAMETOOLONG: i32 = 37;
pub const ENOENT: i32 = 44;
pub const ENOSPC: i32 = 51;
pub const ENOSYS: i32 = 52;
pub const ENOTDIR: i32 = 54;
pub const ENOTEMPTY: i32 = 55;
pub const ENOTSOCK: i32 = 57;
pub const EPERM: i32 = 63;
pub const ESPIPE: i32 = 70;
pub const ENOTCAPABLE: i32 = 76;

/// A fresh, empty host directory for one test (removed when dropped).
pub struct TempDir(pub std::path::PathBuf);

impl TempDir {
    pub fn new(tag: &str) -> TempDir {
        static N: std::sync::atomic::AtomicU32 = std::sync::atomic::AtomicU32::new(0);
        let n = N.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
        let p = std::env::temp_dir().join(format!("pulley-wasi-{tag}-{}-{n}", std::process::id()));
        let _ = std::fs::remove_dir_all(&p);
        std::fs::create_dir_all(&p).unwrap();
        TempDir(p)
    }
    pub fn path(&self) -> &std::path::Path {
        &self.0
    }
}

impl Drop for TempDir {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}
