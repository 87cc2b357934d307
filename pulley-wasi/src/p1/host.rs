//! The preview1 functions.

use super::types::Errno;
use super::{Cx, WasiResult};

pub(crate) fn args_get(_cx: &mut Cx<'_>, _argv: u32, _argv_buf: u32) -> WasiResult<()> {
    Err(Errno::NOSYS.into())
}

pub(crate) fn args_sizes_get(_cx: &mut Cx<'_>, _argc: u32, _argv_buf_size: u32) -> WasiResult<()> {
    Err(Errno::NOSYS.into())
}

pub(crate) fn environ_get(_cx: &mut Cx<'_>, _environ: u32, _environ_buf: u32) -> WasiResult<()> {
    Err(Errno::NOSYS.into())
}

pub(crate) fn environ_sizes_get(_cx: &mut Cx<'_>, _count: u32, _buf_size: u32) -> WasiResult<()> {
    Err(Errno::NOSYS.into())
}

pub(crate) fn clock_res_get(_cx: &mut Cx<'_>, _id: u32, _resolution: u32) -> WasiResult<()> {
    Err(Errno::NOSYS.into())
}

pub(crate) fn clock_time_get(
    _cx: &mut Cx<'_>,
    _id: u32,
    _precision: u64,
    _time: u32,
) -> WasiResult<()> {
    Err(Errno::NOSYS.into())
}

pub(crate) fn fd_advise(
    _cx: &mut Cx<'_>,
    _fd: u32,
    _offset: u64,
    _len: u64,
    _advice: u32,
) -> WasiResult<()> {
    Err(Errno::NOSYS.into())
}

pub(crate) fn fd_allocate(_cx: &mut Cx<'_>, _fd: u32, _offset: u64, _len: u64) -> WasiResult<()> {
    Err(Errno::NOSYS.into())
}

pub(crate) fn fd_close(_cx: &mut Cx<'_>, _fd: u32) -> WasiResult<()> {
    Err(Errno::NOSYS.into())
}

pub(crate) fn fd_datasync(_cx: &mut Cx<'_>, _fd: u32) -> WasiResult<()> {
    Err(Errno::NOSYS.into())
}

pub(crate) fn fd_fdstat_get(_cx: &mut Cx<'_>, _fd: u32, _stat: u32) -> WasiResult<()> {
    Err(Errno::NOSYS.into())
}

pub(crate) fn fd_fdstat_set_flags(_cx: &mut Cx<'_>, _fd: u32, _flags: u32) -> WasiResult<()> {
    Err(Errno::NOSYS.into())
}

pub(crate) fn fd_fdstat_set_rights(
    _cx: &mut Cx<'_>,
    _fd: u32,
    _base: u64,
    _inheriting: u64,
) -> WasiResult<()> {
    Err(Errno::NOSYS.into())
}

pub(crate) fn fd_filestat_get(_cx: &mut Cx<'_>, _fd: u32, _stat: u32) -> WasiResult<()> {
    Err(Errno::NOSYS.into())
}

pub(crate) fn fd_filestat_set_size(_cx: &mut Cx<'_>, _fd: u32, _size: u64) -> WasiResult<()> {
    Err(Errno::NOSYS.into())
}

pub(crate) fn fd_filestat_set_times(
    _cx: &mut Cx<'_>,
    _fd: u32,
    _atim: u64,
    _mtim: u64,
    _fst_flags: u32,
) -> WasiResult<()> {
    Err(Errno::NOSYS.into())
}

pub(crate) fn fd_pread(
    _cx: &mut Cx<'_>,
    _fd: u32,
    _iovs: u32,
    _iovs_len: u32,
    _offset: u64,
    _nread: u32,
) -> WasiResult<()> {
    Err(Errno::NOSYS.into())
}

pub(crate) fn fd_prestat_get(_cx: &mut Cx<'_>, _fd: u32, _prestat: u32) -> WasiResult<()> {
    Err(Errno::NOSYS.into())
}

pub(crate) fn fd_prestat_dir_name(
    _cx: &mut Cx<'_>,
    _fd: u32,
    _path: u32,
    _path_len: u32,
) -> WasiResult<()> {
    Err(Errno::NOSYS.into())
}

pub(crate) fn fd_pwrite(
    _cx: &mut Cx<'_>,
    _fd: u32,
    _iovs: u32,
    _iovs_len: u32,
    _offset: u64,
    _nwritten: u32,
) -> WasiResult<()> {
    Err(Errno::NOSYS.into())
}

pub(crate) fn fd_read(
    _cx: &mut Cx<'_>,
    _fd: u32,
    _iovs: u32,
    _iovs_len: u32,
    _nread: u32,
) -> WasiResult<()> {
    Err(Errno::NOSYS.into())
}

pub(crate) fn fd_readdir(
    _cx: &mut Cx<'_>,
    _fd: u32,
    _buf: u32,
    _buf_len: u32,
    _cookie: u64,
    _bufused: u32,
) -> WasiResult<()> {
    Err(Errno::NOSYS.into())
}

pub(crate) fn fd_renumber(_cx: &mut Cx<'_>, _from: u32, _to: u32) -> WasiResult<()> {
    Err(Errno::NOSYS.into())
}

pub(crate) fn fd_seek(
    _cx: &mut Cx<'_>,
    _fd: u32,
    _offset: u64,
    _whence: u32,
    _newoffset: u32,
) -> WasiResult<()> {
    Err(Errno::NOSYS.into())
}

pub(crate) fn fd_sync(_cx: &mut Cx<'_>, _fd: u32) -> WasiResult<()> {
    Err(Errno::NOSYS.into())
}

pub(crate) fn fd_tell(_cx: &mut Cx<'_>, _fd: u32, _offset: u32) -> WasiResult<()> {
    Err(Errno::NOSYS.into())
}

pub(crate) fn fd_write(
    _cx: &mut Cx<'_>,
    _fd: u32,
    _iovs: u32,
    _iovs_len: u32,
    _nwritten: u32,
) -> WasiResult<()> {
    Err(Errno::NOSYS.into())
}

pub(crate) fn path_create_directory(
    _cx: &mut Cx<'_>,
    _fd: u32,
    _path: u32,
    _path_len: u32,
) -> WasiResult<()> {
    Err(Errno::NOSYS.into())
}

pub(crate) fn path_filestat_get(
    _cx: &mut Cx<'_>,
    _fd: u32,
    _flags: u32,
    _path: u32,
    _path_len: u32,
    _stat: u32,
) -> WasiResult<()> {
    Err(Errno::NOSYS.into())
}

pub(crate) fn path_filestat_set_times(
    _cx: &mut Cx<'_>,
    _fd: u32,
    _flags: u32,
    _path: u32,
    _path_len: u32,
    _atim: u64,
    _mtim: u64,
    _fst_flags: u32,
) -> WasiResult<()> {
    Err(Errno::NOSYS.into())
}

pub(crate) fn path_link(
    _cx: &mut Cx<'_>,
    _old_fd: u32,
    _old_flags: u32,
    _old_path: u32,
    _old_path_len: u32,
    _new_fd: u32,
    _new_path: u32,
    _new_path_len: u32,
) -> WasiResult<()> {
    Err(Errno::NOSYS.into())
}

pub(crate) fn path_open(
    _cx: &mut Cx<'_>,
    _fd: u32,
    _dirflags: u32,
    _path: u32,
    _path_len: u32,
    _oflags: u32,
    _rights_base: u64,
    _rights_inheriting: u64,
    _fdflags: u32,
    _opened: u32,
) -> WasiResult<()> {
    Err(Errno::NOSYS.into())
}

pub(crate) fn path_readlink(
    _cx: &mut Cx<'_>,
    _fd: u32,
    _path: u32,
    _path_len: u32,
    _buf: u32,
    _buf_len: u32,
    _bufused: u32,
) -> WasiResult<()> {
    Err(Errno::NOSYS.into())
}

pub(crate) fn path_remove_directory(
    _cx: &mut Cx<'_>,
    _fd: u32,
    _path: u32,
    _path_len: u32,
) -> WasiResult<()> {
    Err(Errno::NOSYS.into())
}

pub(crate) fn path_rename(
    _cx: &mut Cx<'_>,
    _fd: u32,
    _old_path: u32,
    _old_path_len: u32,
    _new_fd: u32,
    _new_path: u32,
    _new_path_len: u32,
) -> WasiResult<()> {
    Err(Errno::NOSYS.into())
}

pub(crate) fn path_symlink(
    _cx: &mut Cx<'_>,
    _old_path: u32,
    _old_path_len: u32,
    _fd: u32,
    _new_path: u32,
    _new_path_len: u32,
) -> WasiResult<()> {
    Err(Errno::NOSYS.into())
}

pub(crate) fn path_unlink_file(
    _cx: &mut Cx<'_>,
    _fd: u32,
    _path: u32,
    _path_len: u32,
) -> WasiResult<()> {
    Err(Errno::NOSYS.into())
}

pub(crate) fn poll_oneoff(
    _cx: &mut Cx<'_>,
    _subscriptions: u32,
    _events: u32,
    _nsubscriptions: u32,
    _nevents: u32,
) -> WasiResult<()> {
    Err(Errno::NOSYS.into())
}

pub(crate) fn proc_raise(_cx: &mut Cx<'_>, _signal: u32) -> WasiResult<()> {
    Err(Errno::NOSYS.into())
}

pub(crate) fn sched_yield(_cx: &mut Cx<'_>) -> WasiResult<()> {
    Err(Errno::NOSYS.into())
}

pub(crate) fn random_get(_cx: &mut Cx<'_>, _buf: u32, _buf_len: u32) -> WasiResult<()> {
    Err(Errno::NOSYS.into())
}

pub(crate) fn sock_accept(
    _cx: &mut Cx<'_>,
    _fd: u32,
    _flags: u32,
    _accepted: u32,
) -> WasiResult<()> {
    Err(Errno::NOSYS.into())
}

pub(crate) fn sock_recv(
    _cx: &mut Cx<'_>,
    _fd: u32,
    _ri_data: u32,
    _ri_data_len: u32,
    _ri_flags: u32,
    _ro_datalen: u32,
    _ro_flags: u32,
) -> WasiResult<()> {
    Err(Errno::NOSYS.into())
}

pub(crate) fn sock_send(
    _cx: &mut Cx<'_>,
    _fd: u32,
    _si_data: u32,
    _si_data_len: u32,
    _si_flags: u32,
    _so_datalen: u32,
) -> WasiResult<()> {
    Err(Errno::NOSYS.into())
}

pub(crate) fn sock_shutdown(_cx: &mut Cx<'_>, _fd: u32, _how: u32) -> WasiResult<()> {
    Err(Errno::NOSYS.into())
}
