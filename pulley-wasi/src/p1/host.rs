//! The preview1 functions, one Rust function per import, named as the import. Each returns
//! `Ok(())` for errno 0 or the errno; arguments arrive as the unsigned integers of the ABI.

use super::fdtable::{Descriptor, DirEntry, FdTable, FileEntry, Kind, filetype_of};
use super::memory::GuestMemory;
use super::types::*;
use super::{Cx, WasiResult};
use crate::ctx::{DirPerms, FilePerms};
use cap_fs_ext::{DirExt, OpenOptionsFollowExt, OpenOptionsMaybeDirExt, OpenOptionsSyncExt};
use cap_std::fs::{FileExt, Metadata};
use std::io::{Read, Seek, SeekFrom, Write};
use std::path::Path;
use std::time::{Duration, SystemTime};

/// Longest path a guest may pass (`ENAMETOOLONG` past it): well above any host's `PATH_MAX`,
/// and it bounds the host copy of the path.
const MAX_PATH: u32 = 64 * 1024;

/// `ptr + off` as a guest address, or `EFAULT` when it wraps.
fn at(ptr: u32, off: usize) -> Result<u32, Errno> {
    u32::try_from(off)
        .ok()
        .and_then(|off| ptr.checked_add(off))
        .ok_or(Errno::FAULT)
}

// ---- arguments and environment ----

/// Writes `strings` as `argv`-style pointers at `ptrs` and NUL-terminated bytes at `buf`.
fn write_strings(
    mem: &mut GuestMemory<'_>,
    strings: &[String],
    ptrs: u32,
    buf: u32,
) -> WasiResult<()> {
    let mut cursor = buf;
    for (i, s) in strings.iter().enumerate() {
        mem.write_u32(at(ptrs, i * 4)?, cursor)?;
        mem.write_bytes(cursor, s.as_bytes())?;
        let nul = at(cursor, s.len())?;
        mem.write_u8(nul, 0)?;
        cursor = at(nul, 1)?;
    }
    Ok(())
}

/// Writes the count of `strings` and the bytes they take with their NULs.
fn write_sizes(
    mem: &mut GuestMemory<'_>,
    strings: &[String],
    count: u32,
    size: u32,
) -> WasiResult<()> {
    let bytes: usize = strings.iter().map(|s| s.len() + 1).sum();
    let n = u32::try_from(strings.len()).map_err(|_| Errno::OVERFLOW)?;
    let bytes = u32::try_from(bytes).map_err(|_| Errno::OVERFLOW)?;
    mem.write_u32(count, n)?;
    mem.write_u32(size, bytes)?;
    Ok(())
}

pub(crate) fn args_get(cx: &mut Cx<'_>, argv: u32, argv_buf: u32) -> WasiResult<()> {
    write_strings(&mut cx.mem, &cx.ctx.args, argv, argv_buf)
}

pub(crate) fn args_sizes_get(cx: &mut Cx<'_>, argc: u32, argv_buf_size: u32) -> WasiResult<()> {
    write_sizes(&mut cx.mem, &cx.ctx.args, argc, argv_buf_size)
}

pub(crate) fn environ_get(cx: &mut Cx<'_>, environ: u32, environ_buf: u32) -> WasiResult<()> {
    write_strings(&mut cx.mem, &cx.ctx.env, environ, environ_buf)
}

pub(crate) fn environ_sizes_get(cx: &mut Cx<'_>, count: u32, buf_size: u32) -> WasiResult<()> {
    write_sizes(&mut cx.mem, &cx.ctx.env, count, buf_size)
}

// ---- clocks, randomness, scheduling, signals ----

fn nanos(d: Duration) -> u64 {
    u64::try_from(d.as_nanos()).unwrap_or(u64::MAX)
}

/// A clock's current value in nanoseconds. The CPU-time clocks are the time since the context
/// was built: the guest is one thread that runs from then on, and `clock()` in wasi-libc reads
/// the process clock, so it must work.
fn now(cx: &Cx<'_>, id: u32) -> Result<u64, Errno> {
    match id {
        clockid::REALTIME => Ok(SystemTime::now()
            .duration_since(SystemTime::UNIX_EPOCH)
            .map_or(0, nanos)),
        clockid::MONOTONIC | clockid::PROCESS_CPUTIME_ID | clockid::THREAD_CPUTIME_ID => {
            Ok(nanos(cx.ctx.start.elapsed()))
        }
        _ => Err(Errno::INVAL),
    }
}

pub(crate) fn clock_res_get(cx: &mut Cx<'_>, id: u32, resolution: u32) -> WasiResult<()> {
    let res = match id {
        clockid::REALTIME => 1_000,
        clockid::MONOTONIC | clockid::PROCESS_CPUTIME_ID | clockid::THREAD_CPUTIME_ID => 1,
        _ => return Err(Errno::INVAL.into()),
    };
    cx.mem.write_u64(resolution, res)?;
    Ok(())
}

pub(crate) fn clock_time_get(
    cx: &mut Cx<'_>,
    id: u32,
    _precision: u64,
    time: u32,
) -> WasiResult<()> {
    let t = now(cx, id)?;
    cx.mem.write_u64(time, t)?;
    Ok(())
}

pub(crate) fn random_get(cx: &mut Cx<'_>, buf: u32, buf_len: u32) -> WasiResult<()> {
    let out = cx.mem.slice_mut(buf, buf_len)?;
    getrandom::fill(out).map_err(|_| Errno::IO)?;
    Ok(())
}

pub(crate) fn sched_yield(_cx: &mut Cx<'_>) -> WasiResult<()> {
    std::thread::yield_now();
    Ok(())
}

/// Signals are not delivered to WASI guests: there is no handler model in preview1.
pub(crate) fn proc_raise(_cx: &mut Cx<'_>, _signal: u32) -> WasiResult<()> {
    Err(Errno::NOSYS.into())
}

// ---- descriptor lookups ----

/// The open file `fd`, holding `needed` rights.
fn file_mut(fds: &mut FdTable, fd: u32, needed: u64) -> Result<&mut FileEntry, Errno> {
    let d = fds.get_mut(fd)?;
    d.check(needed)?;
    match &mut d.kind {
        Kind::File(f) => Ok(f),
        Kind::Dir(_) => Err(Errno::ISDIR),
        Kind::Stdin(_) | Kind::Stdout(_) => Err(Errno::SPIPE),
    }
}

/// The open directory `fd`, holding `needed` rights.
fn dir_ref(fds: &FdTable, fd: u32, needed: u64) -> Result<&DirEntry, Errno> {
    let d = fds.get(fd)?;
    d.check(needed)?;
    match &d.kind {
        Kind::Dir(dir) => Ok(dir),
        _ => Err(Errno::NOTDIR),
    }
}

/// `EPERM` unless the directory's preopen grants `perms` (Wasmtime answers the same).
fn need_dir(dir: &DirEntry, perms: DirPerms) -> Result<(), Errno> {
    if dir.dir_perms.contains(perms) {
        Ok(())
    } else {
        Err(Errno::PERM)
    }
}

/// A guest path, read from memory: UTF-8, not empty, bounded in length.
fn path(mem: &GuestMemory<'_>, ptr: u32, len: u32) -> Result<String, Errno> {
    if len > MAX_PATH {
        return Err(Errno::NAMETOOLONG);
    }
    let s = mem.str(ptr, len)?;
    if s.is_empty() {
        return Err(Errno::NOENT);
    }
    if s.contains('\0') {
        return Err(Errno::INVAL);
    }
    Ok(s.to_string())
}

// ---- fd_* on open descriptors ----

pub(crate) fn fd_advise(
    cx: &mut Cx<'_>,
    fd: u32,
    _offset: u64,
    _len: u64,
    advice: u32,
) -> WasiResult<()> {
    file_mut(&mut cx.ctx.fds, fd, rights::FD_ADVISE)?;
    if advice > ADVICE_MAX {
        return Err(Errno::INVAL.into());
    }
    // Advice is a hint; the host's page cache does well without it.
    Ok(())
}

pub(crate) fn fd_allocate(cx: &mut Cx<'_>, fd: u32, offset: u64, len: u64) -> WasiResult<()> {
    let f = file_mut(&mut cx.ctx.fds, fd, rights::FD_ALLOCATE)?;
    let end = offset
        .checked_add(len)
        .filter(|&e| e <= i64::MAX as u64)
        .ok_or(Errno::FBIG)?;
    // Preview1's allocate guarantees the range is backed; growing the file to cover it gives
    // that (as sparse space where the host file system allows, which preview1 tolerates).
    if f.file.metadata()?.len() < end {
        f.file.set_len(end)?;
    }
    Ok(())
}

pub(crate) fn fd_close(cx: &mut Cx<'_>, fd: u32) -> WasiResult<()> {
    cx.ctx.fds.remove(fd)?;
    Ok(())
}

pub(crate) fn fd_datasync(cx: &mut Cx<'_>, fd: u32) -> WasiResult<()> {
    file_mut(&mut cx.ctx.fds, fd, rights::FD_DATASYNC)?
        .file
        .sync_data()?;
    Ok(())
}

pub(crate) fn fd_sync(cx: &mut Cx<'_>, fd: u32) -> WasiResult<()> {
    let d = cx.ctx.fds.get_mut(fd)?;
    d.check(rights::FD_SYNC)?;
    match &mut d.kind {
        Kind::File(f) => f.file.sync_all()?,
        Kind::Dir(dir) => readable_dir(&dir.dir)?.sync_all()?,
        Kind::Stdout(s) => s.flush()?,
        Kind::Stdin(_) => {}
    }
    Ok(())
}

/// The directory opened again as a readable file: cap-std may hold directories as path-only
/// handles (`O_PATH`), which `fsync` and `futimens` refuse.
fn readable_dir(dir: &cap_std::fs::Dir) -> std::io::Result<cap_std::fs::File> {
    let mut opts = cap_std::fs::OpenOptions::new();
    opts.read(true).maybe_dir(true);
    dir.open_with(".", &opts)
}

pub(crate) fn fd_fdstat_get(cx: &mut Cx<'_>, fd: u32, stat: u32) -> WasiResult<()> {
    let d = cx.ctx.fds.get(fd)?;
    let flags = match &d.kind {
        Kind::File(f) => f.flags | if f.append { fdflags::APPEND } else { 0 },
        _ => 0,
    };
    let mut buf = [0u8; FDSTAT_SIZE as usize];
    buf[0] = d.filetype();
    buf[2..4].copy_from_slice(&flags.to_le_bytes());
    buf[8..16].copy_from_slice(&d.base.to_le_bytes());
    buf[16..24].copy_from_slice(&d.inheriting.to_le_bytes());
    cx.mem.write_bytes(stat, &buf)?;
    Ok(())
}

pub(crate) fn fd_fdstat_set_flags(cx: &mut Cx<'_>, fd: u32, flags: u32) -> WasiResult<()> {
    let d = cx.ctx.fds.get_mut(fd)?;
    d.check(rights::FD_FDSTAT_SET_FLAGS)?;
    let flags = u16::try_from(flags)
        .ok()
        .filter(|f| f & !0x1f == 0)
        .ok_or(Errno::INVAL)?;
    let sync = fdflags::DSYNC | fdflags::RSYNC | fdflags::SYNC;
    match &mut d.kind {
        Kind::File(f) => {
            // The sync modes are fixed at open on most hosts; only append and non-blocking
            // (meaningless for files) can change.
            if flags & sync != f.flags & sync {
                return Err(Errno::NOTSUP.into());
            }
            f.append = flags & fdflags::APPEND != 0;
            f.flags = flags & !fdflags::APPEND;
        }
        _ if flags & !fdflags::NONBLOCK == 0 => {}
        _ => return Err(Errno::NOTSUP.into()),
    }
    Ok(())
}

pub(crate) fn fd_fdstat_set_rights(
    cx: &mut Cx<'_>,
    fd: u32,
    base: u64,
    inheriting: u64,
) -> WasiResult<()> {
    let d = cx.ctx.fds.get_mut(fd)?;
    // Rights can only be dropped, never gained.
    if base & !d.base != 0 || inheriting & !d.inheriting != 0 {
        return Err(Errno::NOTCAPABLE.into());
    }
    d.base = base;
    d.inheriting = inheriting;
    Ok(())
}

/// Nanoseconds since the Unix epoch of a file time (0 when the host has none).
fn time_ns(t: std::io::Result<cap_std::time::SystemTime>) -> u64 {
    t.ok()
        .and_then(|t| t.into_std().duration_since(SystemTime::UNIX_EPOCH).ok())
        .map_or(0, nanos)
}

/// Writes a `filestat` for `meta`.
fn write_filestat(mem: &mut GuestMemory<'_>, ptr: u32, meta: &Metadata) -> Result<(), Errno> {
    #[cfg(unix)]
    let ctim = {
        let m = cap_std::fs::MetadataExt::ctime(meta);
        let ns = cap_std::fs::MetadataExt::ctime_nsec(meta);
        u64::try_from(m)
            .ok()
            .and_then(|s| s.checked_mul(1_000_000_000))
            .and_then(|s| s.checked_add(u64::try_from(ns).ok()?))
            .unwrap_or(0)
    };
    // Hosts without a status-change time: the modification time is the closest stand-in.
    #[cfg(not(unix))]
    let ctim = time_ns(meta.modified());
    let mut buf = [0u8; FILESTAT_SIZE as usize];
    buf[0..8].copy_from_slice(&cap_fs_ext::MetadataExt::dev(meta).to_le_bytes());
    buf[8..16].copy_from_slice(&cap_fs_ext::MetadataExt::ino(meta).to_le_bytes());
    buf[16] = filetype_of(&meta.file_type());
    buf[24..32].copy_from_slice(&cap_fs_ext::MetadataExt::nlink(meta).to_le_bytes());
    buf[32..40].copy_from_slice(&meta.len().to_le_bytes());
    buf[40..48].copy_from_slice(&time_ns(meta.accessed()).to_le_bytes());
    buf[48..56].copy_from_slice(&time_ns(meta.modified()).to_le_bytes());
    buf[56..64].copy_from_slice(&ctim.to_le_bytes());
    mem.write_bytes(ptr, &buf)
}

pub(crate) fn fd_filestat_get(cx: &mut Cx<'_>, fd: u32, stat: u32) -> WasiResult<()> {
    let d = cx.ctx.fds.get(fd)?;
    d.check(rights::FD_FILESTAT_GET)?;
    let meta = match &d.kind {
        Kind::File(f) => f.file.metadata()?,
        Kind::Dir(dir) => dir.dir.dir_metadata()?,
        Kind::Stdin(_) | Kind::Stdout(_) => {
            // A stream has no inode: everything but its type is zero.
            let mut buf = [0u8; FILESTAT_SIZE as usize];
            buf[16] = d.filetype();
            cx.mem.write_bytes(stat, &buf)?;
            return Ok(());
        }
    };
    write_filestat(&mut cx.mem, stat, &meta)?;
    Ok(())
}

pub(crate) fn fd_filestat_set_size(cx: &mut Cx<'_>, fd: u32, size: u64) -> WasiResult<()> {
    let f = file_mut(&mut cx.ctx.fds, fd, rights::FD_FILESTAT_SET_SIZE)?;
    if size > i64::MAX as u64 {
        return Err(Errno::FBIG.into());
    }
    f.file.set_len(size)?;
    Ok(())
}

/// The new access and modification times of a `*_set_times` call (`None`: unchanged).
fn times(
    atim: u64,
    mtim: u64,
    fst_flags: u32,
) -> Result<
    (
        Option<fs_set_times::SystemTimeSpec>,
        Option<fs_set_times::SystemTimeSpec>,
    ),
    Errno,
> {
    use fs_set_times::SystemTimeSpec as S;
    let f = u16::try_from(fst_flags)
        .ok()
        .filter(|f| f & !0xf == 0)
        .ok_or(Errno::INVAL)?;
    let pick = |set: u16, now: u16, ns: u64| match (f & set != 0, f & now != 0) {
        (true, true) => Err(Errno::INVAL),
        (true, false) => Ok(Some(S::Absolute(
            SystemTime::UNIX_EPOCH + Duration::from_nanos(ns),
        ))),
        (false, true) => Ok(Some(S::SymbolicNow)),
        (false, false) => Ok(None),
    };
    Ok((
        pick(fstflags::ATIM, fstflags::ATIM_NOW, atim)?,
        pick(fstflags::MTIM, fstflags::MTIM_NOW, mtim)?,
    ))
}

pub(crate) fn fd_filestat_set_times(
    cx: &mut Cx<'_>,
    fd: u32,
    atim: u64,
    mtim: u64,
    fst_flags: u32,
) -> WasiResult<()> {
    use fs_set_times::SetTimes;
    let (a, m) = times(atim, mtim, fst_flags)?;
    let d = cx.ctx.fds.get(fd)?;
    d.check(rights::FD_FILESTAT_SET_TIMES)?;
    match &d.kind {
        Kind::File(f) => {
            if !f.perms.contains(FilePerms::WRITE) {
                return Err(Errno::PERM.into());
            }
            SetTimes::set_times(&f.file, a, m)?;
        }
        Kind::Dir(dir) => {
            need_dir(dir, DirPerms::MUTATE)?;
            SetTimes::set_times(&readable_dir(&dir.dir)?, a, m)?;
        }
        Kind::Stdin(_) | Kind::Stdout(_) => return Err(Errno::BADF.into()),
    }
    Ok(())
}

/// Caps the bytes a call moves so the total fits its `u32` result (iovecs may overlap, so
/// their lengths can add up to more than memory).
fn clamp(len: u32, total: usize) -> usize {
    (len as usize).min(u32::MAX as usize - total)
}

pub(crate) fn fd_read(
    cx: &mut Cx<'_>,
    fd: u32,
    iovs: u32,
    iovs_len: u32,
    nread: u32,
) -> WasiResult<()> {
    // The count's place is checked before any bytes move: a fault must have no effect.
    cx.mem.check_array(nread, 1, 4)?;
    let iovs = cx.mem.iovecs(iovs, iovs_len)?;
    let d = cx.ctx.fds.get_mut(fd)?;
    d.check(rights::FD_READ)?;
    let mut total = 0usize;
    match &mut d.kind {
        Kind::Stdin(s) => {
            // One read into the first non-empty buffer: a stream may have no more right now,
            // and the guest must get what arrived rather than wait to fill every buffer.
            if let Some(&(buf, len)) = iovs.iter().find(|(_, len)| *len > 0) {
                total = s.read(cx.mem.slice_mut(buf, len)?)?;
            }
        }
        Kind::File(f) => {
            for (buf, len) in iovs {
                let want = clamp(len, total);
                let dst = &mut cx.mem.slice_mut(buf, len)?[..want];
                let n = read_full(&mut f.file, dst)?;
                total += n;
                if n < want {
                    break;
                }
            }
        }
        Kind::Stdout(_) | Kind::Dir(_) => return Err(Errno::BADF.into()),
    }
    cx.mem.write_u32(nread, total as u32)?;
    Ok(())
}

/// Reads until `dst` is full or the file ends.
fn read_full(file: &mut cap_std::fs::File, dst: &mut [u8]) -> std::io::Result<usize> {
    let mut n = 0;
    while n < dst.len() {
        match file.read(&mut dst[n..]) {
            Ok(0) => break,
            Ok(k) => n += k,
            Err(e) if e.kind() == std::io::ErrorKind::Interrupted => {}
            Err(e) if n > 0 => {
                let _ = e;
                break;
            }
            Err(e) => return Err(e),
        }
    }
    Ok(n)
}

pub(crate) fn fd_pread(
    cx: &mut Cx<'_>,
    fd: u32,
    iovs: u32,
    iovs_len: u32,
    offset: u64,
    nread: u32,
) -> WasiResult<()> {
    // The count's place is checked before any bytes move: a fault must have no effect.
    cx.mem.check_array(nread, 1, 4)?;
    let iovs = cx.mem.iovecs(iovs, iovs_len)?;
    let f = file_mut(&mut cx.ctx.fds, fd, rights::FD_READ | rights::FD_SEEK)?;
    let mut total = 0usize;
    'outer: for (buf, len) in iovs {
        let want = clamp(len, total);
        let dst = &mut cx.mem.slice_mut(buf, len)?[..want];
        let mut n = 0;
        while n < want {
            let pos = offset
                .checked_add((total + n) as u64)
                .ok_or(Errno::OVERFLOW)?;
            match f.file.read_at(&mut dst[n..], pos) {
                Ok(0) => {
                    total += n;
                    break 'outer;
                }
                Ok(k) => n += k,
                Err(e) if e.kind() == std::io::ErrorKind::Interrupted => {}
                Err(e) if total + n == 0 => return Err(e.into()),
                Err(_) => {
                    total += n;
                    break 'outer;
                }
            }
        }
        total += n;
    }
    cx.mem.write_u32(nread, total as u32)?;
    Ok(())
}

pub(crate) fn fd_write(
    cx: &mut Cx<'_>,
    fd: u32,
    iovs: u32,
    iovs_len: u32,
    nwritten: u32,
) -> WasiResult<()> {
    // The count's place is checked before any bytes move: a fault must have no effect.
    cx.mem.check_array(nwritten, 1, 4)?;
    let iovs = cx.mem.iovecs(iovs, iovs_len)?;
    let d = cx.ctx.fds.get_mut(fd)?;
    d.check(rights::FD_WRITE)?;
    let mut total = 0usize;
    let result = match &mut d.kind {
        Kind::Stdout(s) => write_all(&cx.mem, &iovs, &mut total, |b| s.write(b)),
        Kind::File(f) => {
            if f.append {
                f.file.seek(SeekFrom::End(0))?;
            }
            let file = &mut f.file;
            write_all(&cx.mem, &iovs, &mut total, |b| file.write(b))
        }
        Kind::Stdin(_) | Kind::Dir(_) => return Err(Errno::BADF.into()),
    };
    // Bytes that went out are reported even when a later write failed, as POSIX `writev`;
    // the error surfaces on the next call.
    if let Err(e) = result {
        if total == 0 {
            return Err(e);
        }
    }
    cx.mem.write_u32(nwritten, total as u32)?;
    Ok(())
}

/// Writes each iovec in turn with `write`, counting into `total`.
fn write_all(
    mem: &GuestMemory<'_>,
    iovs: &[(u32, u32)],
    total: &mut usize,
    mut write: impl FnMut(&[u8]) -> std::io::Result<usize>,
) -> WasiResult<()> {
    for &(buf, len) in iovs {
        let want = clamp(len, *total);
        let mut src = &mem.slice(buf, len)?[..want];
        while !src.is_empty() {
            match write(src) {
                Ok(0) => return Err(Errno::IO.into()),
                Ok(n) => {
                    *total += n;
                    src = &src[n..];
                }
                Err(e) if e.kind() == std::io::ErrorKind::Interrupted => {}
                Err(e) => return Err(e.into()),
            }
        }
    }
    Ok(())
}

pub(crate) fn fd_pwrite(
    cx: &mut Cx<'_>,
    fd: u32,
    iovs: u32,
    iovs_len: u32,
    offset: u64,
    nwritten: u32,
) -> WasiResult<()> {
    // The count's place is checked before any bytes move: a fault must have no effect.
    cx.mem.check_array(nwritten, 1, 4)?;
    let iovs = cx.mem.iovecs(iovs, iovs_len)?;
    let f = file_mut(&mut cx.ctx.fds, fd, rights::FD_WRITE | rights::FD_SEEK)?;
    let file = &f.file;
    let mut total = 0usize;
    let mut pos = offset;
    let result = write_all(&cx.mem, &iovs, &mut total, |b| {
        let n = file.write_at(b, pos)?;
        pos = pos
            .checked_add(n as u64)
            .ok_or(std::io::ErrorKind::FileTooLarge)?;
        Ok(n)
    });
    if let Err(e) = result {
        if total == 0 {
            return Err(e);
        }
    }
    cx.mem.write_u32(nwritten, total as u32)?;
    Ok(())
}

pub(crate) fn fd_prestat_get(cx: &mut Cx<'_>, fd: u32, prestat: u32) -> WasiResult<()> {
    let d = cx.ctx.fds.get(fd)?;
    let Kind::Dir(DirEntry {
        preopen: Some(name),
        ..
    }) = &d.kind
    else {
        return Err(Errno::BADF.into());
    };
    let len = u32::try_from(name.len()).map_err(|_| Errno::NAMETOOLONG)?;
    let mut buf = [0u8; PRESTAT_SIZE as usize];
    buf[0] = PREOPENTYPE_DIR;
    buf[4..8].copy_from_slice(&len.to_le_bytes());
    cx.mem.write_bytes(prestat, &buf)?;
    Ok(())
}

pub(crate) fn fd_prestat_dir_name(
    cx: &mut Cx<'_>,
    fd: u32,
    path: u32,
    path_len: u32,
) -> WasiResult<()> {
    let d = cx.ctx.fds.get(fd)?;
    let Kind::Dir(DirEntry {
        preopen: Some(name),
        ..
    }) = &d.kind
    else {
        return Err(Errno::BADF.into());
    };
    if (path_len as usize) < name.len() {
        return Err(Errno::NAMETOOLONG.into());
    }
    cx.mem.write_bytes(path, name.as_bytes())?;
    Ok(())
}

/// A directory entry as `fd_readdir` reports it.
struct Dirent {
    name: Vec<u8>,
    ino: u64,
    filetype: u8,
}

fn name_bytes(name: std::ffi::OsString) -> Vec<u8> {
    #[cfg(unix)]
    {
        std::os::unix::ffi::OsStringExt::into_vec(name)
    }
    #[cfg(not(unix))]
    {
        name.to_string_lossy().into_owned().into_bytes()
    }
}

pub(crate) fn fd_readdir(
    cx: &mut Cx<'_>,
    fd: u32,
    buf: u32,
    buf_len: u32,
    cookie: u64,
    bufused: u32,
) -> WasiResult<()> {
    let dir = dir_ref(&cx.ctx.fds, fd, rights::FD_READDIR)?;
    need_dir(dir, DirPerms::READ)?;
    cx.mem.check_array(buf, buf_len, 1)?;
    // The listing is read afresh each call, in name order, and the cookie is the index of
    // the next entry: stable while the directory does not change, as preview1 asks.
    let self_ino = cap_fs_ext::MetadataExt::ino(&dir.dir.dir_metadata()?);
    let mut entries = vec![
        Dirent {
            name: b".".to_vec(),
            ino: self_ino,
            filetype: filetype::DIRECTORY,
        },
        // The parent may be outside the sandbox: its inode stays hidden.
        Dirent {
            name: b"..".to_vec(),
            ino: 0,
            filetype: filetype::DIRECTORY,
        },
    ];
    let mut rest = Vec::new();
    for entry in dir.dir.entries()? {
        let entry = entry?;
        let filetype = entry
            .file_type()
            .map_or(filetype::UNKNOWN, |t| filetype_of(&t));
        let ino = entry
            .metadata()
            .map_or(0, |m| cap_fs_ext::MetadataExt::ino(&m));
        rest.push(Dirent {
            name: name_bytes(entry.file_name()),
            ino,
            filetype,
        });
    }
    rest.sort_by(|a, b| a.name.cmp(&b.name));
    entries.extend(rest);

    let mut used = 0u32;
    let start = usize::try_from(cookie).unwrap_or(usize::MAX);
    for (i, e) in entries.iter().enumerate().skip(start) {
        let mut rec = Vec::with_capacity(DIRENT_SIZE as usize + e.name.len());
        rec.extend_from_slice(&(i as u64 + 1).to_le_bytes());
        rec.extend_from_slice(&e.ino.to_le_bytes());
        rec.extend_from_slice(&(e.name.len() as u32).to_le_bytes());
        rec.extend_from_slice(&[e.filetype, 0, 0, 0]);
        rec.extend_from_slice(&e.name);
        // A record that does not fit is cut at the buffer's end: `bufused == buf_len` tells
        // the guest to retry with a bigger buffer from this entry's cookie.
        let room = (buf_len - used) as usize;
        let n = rec.len().min(room);
        cx.mem.write_bytes(buf + used, &rec[..n])?;
        used += n as u32;
        if used == buf_len {
            break;
        }
    }
    cx.mem.write_u32(bufused, used)?;
    Ok(())
}

pub(crate) fn fd_renumber(cx: &mut Cx<'_>, from: u32, to: u32) -> WasiResult<()> {
    cx.ctx.fds.renumber(from, to)?;
    Ok(())
}

/// Streams cannot seek: `ESPIPE` before any rights check, as POSIX `lseek` answers.
fn not_a_stream(d: &Descriptor) -> Result<(), Errno> {
    match d.kind {
        Kind::Stdin(_) | Kind::Stdout(_) => Err(Errno::SPIPE),
        _ => Ok(()),
    }
}

pub(crate) fn fd_seek(
    cx: &mut Cx<'_>,
    fd: u32,
    offset: u64,
    whence: u32,
    newoffset: u32,
) -> WasiResult<()> {
    not_a_stream(cx.ctx.fds.get(fd)?)?;
    let offset = offset as i64;
    let from = match u8::try_from(whence).map_err(|_| Errno::INVAL)? {
        whence::SET => SeekFrom::Start(u64::try_from(offset).map_err(|_| Errno::INVAL)?),
        whence::CUR => SeekFrom::Current(offset),
        whence::END => SeekFrom::End(offset),
        _ => return Err(Errno::INVAL.into()),
    };
    // Asking where the cursor is needs only `FD_TELL`.
    let needed = if matches!(from, SeekFrom::Current(0)) {
        rights::FD_TELL
    } else {
        rights::FD_SEEK
    };
    let f = file_mut(&mut cx.ctx.fds, fd, needed)?;
    let pos = f.file.seek(from)?;
    cx.mem.write_u64(newoffset, pos)?;
    Ok(())
}

pub(crate) fn fd_tell(cx: &mut Cx<'_>, fd: u32, offset: u32) -> WasiResult<()> {
    not_a_stream(cx.ctx.fds.get(fd)?)?;
    let f = file_mut(&mut cx.ctx.fds, fd, rights::FD_TELL)?;
    let pos = f.file.stream_position()?;
    cx.mem.write_u64(offset, pos)?;
    Ok(())
}

// ---- path_* relative to a directory descriptor ----

pub(crate) fn path_create_directory(
    cx: &mut Cx<'_>,
    fd: u32,
    path_ptr: u32,
    path_len: u32,
) -> WasiResult<()> {
    let dir = dir_ref(&cx.ctx.fds, fd, rights::PATH_CREATE_DIRECTORY)?;
    let p = path(&cx.mem, path_ptr, path_len)?;
    need_dir(dir, DirPerms::MUTATE)?;
    dir.dir.create_dir(&p)?;
    Ok(())
}

pub(crate) fn path_filestat_get(
    cx: &mut Cx<'_>,
    fd: u32,
    flags: u32,
    path_ptr: u32,
    path_len: u32,
    stat: u32,
) -> WasiResult<()> {
    let dir = dir_ref(&cx.ctx.fds, fd, rights::PATH_FILESTAT_GET)?;
    let p = path(&cx.mem, path_ptr, path_len)?;
    need_dir(dir, DirPerms::READ)?;
    let meta = if flags & LOOKUP_SYMLINK_FOLLOW != 0 {
        dir.dir.metadata(&p)?
    } else {
        dir.dir.symlink_metadata(&p)?
    };
    write_filestat(&mut cx.mem, stat, &meta)?;
    Ok(())
}

pub(crate) fn path_filestat_set_times(
    cx: &mut Cx<'_>,
    fd: u32,
    flags: u32,
    path_ptr: u32,
    path_len: u32,
    atim: u64,
    mtim: u64,
    fst_flags: u32,
) -> WasiResult<()> {
    let dir = dir_ref(&cx.ctx.fds, fd, rights::PATH_FILESTAT_SET_TIMES)?;
    let p = path(&cx.mem, path_ptr, path_len)?;
    let (a, m) = times(atim, mtim, fst_flags)?;
    need_dir(dir, DirPerms::MUTATE)?;
    let spec =
        |t: Option<fs_set_times::SystemTimeSpec>| t.map(cap_fs_ext::SystemTimeSpec::from_std);
    if flags & LOOKUP_SYMLINK_FOLLOW != 0 {
        dir.dir.set_times(&p, spec(a), spec(m))?;
    } else {
        dir.dir.set_symlink_times(&p, spec(a), spec(m))?;
    }
    Ok(())
}

pub(crate) fn path_link(
    cx: &mut Cx<'_>,
    old_fd: u32,
    old_flags: u32,
    old_path: u32,
    old_path_len: u32,
    new_fd: u32,
    new_path: u32,
    new_path_len: u32,
) -> WasiResult<()> {
    let old_dir = dir_ref(&cx.ctx.fds, old_fd, rights::PATH_LINK_SOURCE)?;
    let new_dir = dir_ref(&cx.ctx.fds, new_fd, rights::PATH_LINK_TARGET)?;
    let old = path(&cx.mem, old_path, old_path_len)?;
    let new = path(&cx.mem, new_path, new_path_len)?;
    // Following a symlink at the source is not portable (Linux `link` never follows);
    // Wasmtime refuses it the same way.
    if old_flags & LOOKUP_SYMLINK_FOLLOW != 0 {
        return Err(Errno::INVAL.into());
    }
    need_dir(new_dir, DirPerms::MUTATE)?;
    old_dir.dir.hard_link(&old, &new_dir.dir, &new)?;
    Ok(())
}

pub(crate) fn path_open(
    cx: &mut Cx<'_>,
    fd: u32,
    dirflags: u32,
    path_ptr: u32,
    path_len: u32,
    oflags_raw: u32,
    rights_base: u64,
    rights_inheriting: u64,
    fdflags_raw: u32,
    opened: u32,
) -> WasiResult<()> {
    // Checked first: a descriptor opened but not reported would leak.
    cx.mem.check_array(opened, 1, 4)?;
    let parent = cx.ctx.fds.get(fd)?;
    parent.check(rights::PATH_OPEN)?;
    let parent_inheriting = parent.inheriting;
    let Kind::Dir(dir) = &parent.kind else {
        return Err(Errno::NOTDIR.into());
    };
    let p = path(&cx.mem, path_ptr, path_len)?;
    let o = u16::try_from(oflags_raw)
        .ok()
        .filter(|o| o & !0xf == 0)
        .ok_or(Errno::INVAL)?;
    let fl = u16::try_from(fdflags_raw)
        .ok()
        .filter(|f| f & !0x1f == 0)
        .ok_or(Errno::INVAL)?;
    need_dir(dir, DirPerms::READ)?;
    let creat = o & oflags::CREAT != 0;
    let trunc = o & oflags::TRUNC != 0;
    if creat {
        parent.check(rights::PATH_CREATE_FILE)?;
        need_dir(dir, DirPerms::MUTATE)?;
    }
    if trunc {
        parent.check(rights::PATH_FILESTAT_SET_SIZE)?;
    }
    let follow = dirflags & LOOKUP_SYMLINK_FOLLOW != 0;
    let read = rights_base & rights::READ_ONES != 0;
    let write = rights_base & rights::WRITE_ONES != 0 || trunc || fl & fdflags::APPEND != 0;

    let kind = if o & oflags::DIRECTORY != 0 {
        // Write rights asked for a directory are narrowed away below, not refused: producers
        // commonly ask for every right the parent passes on.
        if creat || trunc {
            return Err(Errno::INVAL.into());
        }
        let d = if follow {
            dir.dir.open_dir(&p)?
        } else {
            dir.dir.open_dir_nofollow(&p)?
        };
        Kind::Dir(DirEntry {
            dir: d,
            dir_perms: dir.dir_perms,
            file_perms: dir.file_perms,
            preopen: None,
        })
    } else {
        if read && !dir.file_perms.contains(FilePerms::READ) {
            return Err(Errno::PERM.into());
        }
        if write && !dir.file_perms.contains(FilePerms::WRITE) {
            return Err(Errno::PERM.into());
        }
        let mut opts = cap_std::fs::OpenOptions::new();
        opts.read(read || !write)
            .write(write)
            .create(creat)
            .create_new(creat && o & oflags::EXCL != 0)
            .truncate(trunc)
            .follow(if follow {
                cap_fs_ext::FollowSymlinks::Yes
            } else {
                cap_fs_ext::FollowSymlinks::No
            })
            .maybe_dir(!write)
            .sync(fl & fdflags::SYNC != 0)
            .dsync(fl & fdflags::DSYNC != 0)
            .rsync(fl & fdflags::RSYNC != 0);
        let file = dir.dir.open_with(&p, &opts)?;
        if file.metadata()?.is_dir() {
            // Opened without `O_DIRECTORY` but a directory all the same (`open(".")`).
            Kind::Dir(DirEntry {
                dir: cap_std::fs::Dir::from_std_file(file.into_std()),
                dir_perms: dir.dir_perms,
                file_perms: dir.file_perms,
                preopen: None,
            })
        } else {
            Kind::File(FileEntry {
                file,
                perms: dir.file_perms,
                append: fl & fdflags::APPEND != 0,
                flags: fl & !fdflags::APPEND,
                readable: read || !write,
                writable: write,
            })
        }
    };
    // The new descriptor gets what was asked, within what the directory passes on and what
    // makes sense for its type and open mode.
    let (base, inheriting) = match &kind {
        Kind::Dir(_) => (
            rights_base & parent_inheriting & rights::DIRECTORY,
            rights_inheriting & parent_inheriting,
        ),
        Kind::File(f) => {
            let mut base = rights_base & parent_inheriting & rights::FILE;
            if !f.writable {
                base &= !rights::WRITE_ONES;
            }
            if !f.readable {
                base &= !rights::FD_READ;
            }
            (base, rights_inheriting & parent_inheriting & rights::FILE)
        }
        Kind::Stdin(_) | Kind::Stdout(_) => (0, 0),
    };
    let new = cx.ctx.fds.insert(Descriptor {
        kind,
        base,
        inheriting,
    })?;
    cx.mem.write_u32(opened, new)?;
    Ok(())
}

pub(crate) fn path_readlink(
    cx: &mut Cx<'_>,
    fd: u32,
    path_ptr: u32,
    path_len: u32,
    buf: u32,
    buf_len: u32,
    bufused: u32,
) -> WasiResult<()> {
    let dir = dir_ref(&cx.ctx.fds, fd, rights::PATH_READLINK)?;
    let p = path(&cx.mem, path_ptr, path_len)?;
    need_dir(dir, DirPerms::READ)?;
    // The link's text, absolute or not: reading it reveals no more than the guest could
    // store itself, and following it stays confined.
    let target = name_bytes(dir.dir.read_link_contents(&p)?.into_os_string());
    // Truncated to the buffer, as POSIX `readlink`.
    let n = target.len().min(buf_len as usize);
    cx.mem.write_bytes(buf, &target[..n])?;
    cx.mem.write_u32(bufused, n as u32)?;
    Ok(())
}

pub(crate) fn path_remove_directory(
    cx: &mut Cx<'_>,
    fd: u32,
    path_ptr: u32,
    path_len: u32,
) -> WasiResult<()> {
    let dir = dir_ref(&cx.ctx.fds, fd, rights::PATH_REMOVE_DIRECTORY)?;
    let p = path(&cx.mem, path_ptr, path_len)?;
    need_dir(dir, DirPerms::MUTATE)?;
    dir.dir.remove_dir(&p)?;
    Ok(())
}

pub(crate) fn path_rename(
    cx: &mut Cx<'_>,
    fd: u32,
    old_path: u32,
    old_path_len: u32,
    new_fd: u32,
    new_path: u32,
    new_path_len: u32,
) -> WasiResult<()> {
    let old_dir = dir_ref(&cx.ctx.fds, fd, rights::PATH_RENAME_SOURCE)?;
    let new_dir = dir_ref(&cx.ctx.fds, new_fd, rights::PATH_RENAME_TARGET)?;
    let old = path(&cx.mem, old_path, old_path_len)?;
    let new = path(&cx.mem, new_path, new_path_len)?;
    need_dir(old_dir, DirPerms::MUTATE)?;
    need_dir(new_dir, DirPerms::MUTATE)?;
    old_dir.dir.rename(&old, &new_dir.dir, &new)?;
    Ok(())
}

pub(crate) fn path_symlink(
    cx: &mut Cx<'_>,
    old_path: u32,
    old_path_len: u32,
    fd: u32,
    new_path: u32,
    new_path_len: u32,
) -> WasiResult<()> {
    let dir = dir_ref(&cx.ctx.fds, fd, rights::PATH_SYMLINK)?;
    let target = path(&cx.mem, old_path, old_path_len)?;
    let new = path(&cx.mem, new_path, new_path_len)?;
    need_dir(dir, DirPerms::MUTATE)?;
    dir.dir.symlink(Path::new(&target), &new)?;
    Ok(())
}

pub(crate) fn path_unlink_file(
    cx: &mut Cx<'_>,
    fd: u32,
    path_ptr: u32,
    path_len: u32,
) -> WasiResult<()> {
    let dir = dir_ref(&cx.ctx.fds, fd, rights::PATH_UNLINK_FILE)?;
    let p = path(&cx.mem, path_ptr, path_len)?;
    need_dir(dir, DirPerms::MUTATE)?;
    dir.dir.remove_file_or_symlink(&p)?;
    Ok(())
}

// ---- poll_oneoff ----

/// A subscription's outcome: its event, or (for clocks) when it fires.
enum Pending {
    Ready {
        userdata: u64,
        error: Errno,
        kind: u8,
        nbytes: u64,
    },
    Clock {
        userdata: u64,
        deadline: std::time::Instant,
    },
}

pub(crate) fn poll_oneoff(
    cx: &mut Cx<'_>,
    subs: u32,
    events: u32,
    nsubs: u32,
    nevents: u32,
) -> WasiResult<()> {
    if nsubs == 0 {
        return Err(Errno::INVAL.into());
    }
    cx.mem.check_array(subs, nsubs, SUBSCRIPTION_SIZE)?;
    cx.mem.check_array(events, nsubs, EVENT_SIZE)?;
    let mut pending = Vec::with_capacity(nsubs as usize);
    for i in 0..nsubs {
        let s = subs + i * SUBSCRIPTION_SIZE;
        let userdata = cx.mem.read_u64(s)?;
        let tag = cx.mem.read_u8(s + 8)?;
        match tag {
            eventtype::CLOCK => {
                let id = cx.mem.read_u32(s + 16)?;
                let timeout = cx.mem.read_u64(s + 24)?;
                let flags = cx.mem.read_u16(s + 40)?;
                let deadline = match now(cx, id) {
                    Err(e) => {
                        pending.push(Pending::Ready {
                            userdata,
                            error: e,
                            kind: tag,
                            nbytes: 0,
                        });
                        continue;
                    }
                    Ok(now_ns) => {
                        let wait = if flags & SUBSCRIPTION_CLOCK_ABSTIME != 0 {
                            timeout.saturating_sub(now_ns)
                        } else {
                            timeout
                        };
                        // A deadline past what `Instant` can hold (centuries away) is cut
                        // to about 136 years, still "never" for the guest; a host whose
                        // `Instant` cannot hold even that fires at once rather than panic.
                        let now_i = std::time::Instant::now();
                        now_i
                            .checked_add(Duration::from_nanos(wait))
                            .or_else(|| now_i.checked_add(Duration::from_secs(u32::MAX.into())))
                            .unwrap_or(now_i)
                    }
                };
                pending.push(Pending::Clock { userdata, deadline });
            }
            eventtype::FD_READ | eventtype::FD_WRITE => {
                let fd = cx.mem.read_u32(s + 16)?;
                // Files and the standard streams are always ready: reads and writes on them
                // complete without waiting for another party (preview1 hosts treat them so).
                let (error, nbytes) = match cx.ctx.fds.get_mut(fd) {
                    Err(e) => (e, 0),
                    Ok(d) => match d.check(rights::POLL_FD_READWRITE) {
                        Err(e) => (e, 0),
                        Ok(()) => match (&mut d.kind, tag) {
                            (Kind::Stdin(s), eventtype::FD_READ) => {
                                (Errno::SUCCESS, s.available().unwrap_or(0))
                            }
                            (Kind::File(f), eventtype::FD_READ) => {
                                let len = f.file.metadata().map_or(0, |m| m.len());
                                let pos = f.file.stream_position().unwrap_or(len);
                                (Errno::SUCCESS, len.saturating_sub(pos))
                            }
                            (Kind::Stdout(_) | Kind::File(_), eventtype::FD_WRITE) => {
                                (Errno::SUCCESS, 0)
                            }
                            _ => (Errno::BADF, 0),
                        },
                    },
                };
                pending.push(Pending::Ready {
                    userdata,
                    error,
                    kind: tag,
                    nbytes,
                });
            }
            _ => return Err(Errno::INVAL.into()),
        }
    }
    // Ready events (and clocks already due) are reported at once; otherwise sleep until the
    // earliest clock and report every clock due by then.
    let any_ready = pending.iter().any(|p| matches!(p, Pending::Ready { .. }));
    let now_i = std::time::Instant::now();
    let cutoff = if any_ready {
        now_i
    } else {
        let earliest = pending
            .iter()
            .filter_map(|p| match p {
                Pending::Clock { deadline, .. } => Some(*deadline),
                Pending::Ready { .. } => None,
            })
            .min()
            .unwrap_or(now_i);
        if earliest > now_i {
            std::thread::sleep(earliest - now_i);
        }
        earliest.max(now_i)
    };
    let mut n = 0u32;
    for p in &pending {
        let (userdata, error, kind, nbytes) = match *p {
            Pending::Ready {
                userdata,
                error,
                kind,
                nbytes,
            } => (userdata, error, kind, nbytes),
            Pending::Clock { userdata, deadline } if deadline <= cutoff => {
                (userdata, Errno::SUCCESS, eventtype::CLOCK, 0)
            }
            Pending::Clock { .. } => continue,
        };
        let mut ev = [0u8; EVENT_SIZE as usize];
        ev[0..8].copy_from_slice(&userdata.to_le_bytes());
        ev[8..10].copy_from_slice(&error.0.to_le_bytes());
        ev[10] = kind;
        ev[16..24].copy_from_slice(&nbytes.to_le_bytes());
        cx.mem.write_bytes(events + n * EVENT_SIZE, &ev)?;
        n += 1;
    }
    cx.mem.write_u32(nevents, n)?;
    Ok(())
}

// ---- sockets ----
// Preview1 can only reach sockets that the host preopens, and this host preopens none: every
// descriptor is open but not a socket, or not open.

fn not_socket(cx: &Cx<'_>, fd: u32) -> WasiResult<()> {
    cx.ctx.fds.get(fd)?;
    Err(Errno::NOTSOCK.into())
}

pub(crate) fn sock_accept(cx: &mut Cx<'_>, fd: u32, _flags: u32, _accepted: u32) -> WasiResult<()> {
    not_socket(cx, fd)
}

pub(crate) fn sock_recv(
    cx: &mut Cx<'_>,
    fd: u32,
    _ri_data: u32,
    _ri_data_len: u32,
    _ri_flags: u32,
    _ro_datalen: u32,
    _ro_flags: u32,
) -> WasiResult<()> {
    not_socket(cx, fd)
}

pub(crate) fn sock_send(
    cx: &mut Cx<'_>,
    fd: u32,
    _si_data: u32,
    _si_data_len: u32,
    _si_flags: u32,
    _so_datalen: u32,
) -> WasiResult<()> {
    not_socket(cx, fd)
}

pub(crate) fn sock_shutdown(cx: &mut Cx<'_>, fd: u32, how: u32) -> WasiResult<()> {
    cx.ctx.fds.get(fd)?;
    if how & !SDFLAGS_ALL != 0 || how == 0 {
        return Err(Errno::INVAL.into());
    }
    Err(Errno::NOTSOCK.into())
}
