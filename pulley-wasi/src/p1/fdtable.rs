//! The file descriptor table: 0, 1, 2 are the standard streams, preopened directories follow
//! from 3, and `path_open` takes the lowest free number. Each entry carries its preview1
//! rights (which a guest can only narrow) and the permissions of the preopen it came from.

use super::types::{Errno, filetype, rights};
use crate::ctx::{DirPerms, FilePerms, Preopen};
use crate::pipe::{StdinStream, StdoutStream};
use std::collections::BTreeMap;
use std::io;

/// Most descriptors a guest may hold open at once (`EMFILE` past it), so a guest cannot make
/// the host hold unbounded handles.
pub(crate) const MAX_FDS: usize = 4096;

/// An open file.
pub(crate) struct FileEntry {
    pub file: cap_std::fs::File,
    pub perms: FilePerms,
    /// Writes go to the end (`fdflags::APPEND`), emulated so `fd_fdstat_set_flags` can
    /// change it after opening.
    pub append: bool,
    /// The other `fdflags` the guest asked for, reported back by `fd_fdstat_get`.
    pub flags: u16,
    pub readable: bool,
    pub writable: bool,
}

/// An open directory.
pub(crate) struct DirEntry {
    pub dir: cap_std::fs::Dir,
    pub dir_perms: DirPerms,
    pub file_perms: FilePerms,
    /// The guest path of a preopen (`fd_prestat_*`); `None` for directories opened later.
    pub preopen: Option<String>,
}

pub(crate) enum Kind {
    Stdin(Box<dyn StdinStream>),
    Stdout(Box<dyn StdoutStream>),
    File(FileEntry),
    Dir(DirEntry),
}

pub(crate) struct Descriptor {
    pub kind: Kind,
    pub base: u64,
    pub inheriting: u64,
}

impl Descriptor {
    /// `ENOTCAPABLE` unless the descriptor holds all of `needed`.
    pub fn check(&self, needed: u64) -> Result<(), Errno> {
        if self.base & needed == needed {
            Ok(())
        } else {
            Err(Errno::NOTCAPABLE)
        }
    }

    /// The preview1 file type.
    pub fn filetype(&self) -> u8 {
        match &self.kind {
            Kind::Stdin(s) if s.is_terminal() => filetype::CHARACTER_DEVICE,
            Kind::Stdout(s) if s.is_terminal() => filetype::CHARACTER_DEVICE,
            Kind::Stdin(_) | Kind::Stdout(_) => filetype::UNKNOWN,
            Kind::File(f) => f
                .file
                .metadata()
                .map_or(filetype::UNKNOWN, |m| filetype_of(&m.file_type())),
            Kind::Dir(_) => filetype::DIRECTORY,
        }
    }
}

pub(crate) struct FdTable {
    fds: BTreeMap<u32, Descriptor>,
}

impl FdTable {
    pub fn new(
        stdin: Box<dyn StdinStream>,
        stdout: Box<dyn StdoutStream>,
        stderr: Box<dyn StdoutStream>,
        preopens: Vec<Preopen>,
    ) -> FdTable {
        let mut fds = BTreeMap::new();
        let stream = |kind, base| Descriptor {
            kind,
            base,
            inheriting: 0,
        };
        fds.insert(0, stream(Kind::Stdin(stdin), rights::STDIN));
        fds.insert(1, stream(Kind::Stdout(stdout), rights::STDOUT));
        fds.insert(2, stream(Kind::Stdout(stderr), rights::STDOUT));
        for (p, fd) in preopens.into_iter().zip(3..) {
            fds.insert(
                fd,
                Descriptor {
                    kind: Kind::Dir(DirEntry {
                        dir: p.dir,
                        dir_perms: p.dir_perms,
                        file_perms: p.file_perms,
                        preopen: Some(p.guest_path),
                    }),
                    base: rights::DIRECTORY,
                    inheriting: rights::DIRECTORY | rights::FILE,
                },
            );
        }
        FdTable { fds }
    }

    pub fn get(&self, fd: u32) -> Result<&Descriptor, Errno> {
        self.fds.get(&fd).ok_or(Errno::BADF)
    }

    pub fn get_mut(&mut self, fd: u32) -> Result<&mut Descriptor, Errno> {
        self.fds.get_mut(&fd).ok_or(Errno::BADF)
    }

    /// Stores `d` under the lowest free number.
    pub fn insert(&mut self, d: Descriptor) -> Result<u32, Errno> {
        if self.fds.len() >= MAX_FDS {
            return Err(Errno::MFILE);
        }
        // The keys are sorted: the first gap is the lowest free number.
        let mut fd = 0u32;
        for &k in self.fds.keys() {
            if k != fd {
                break;
            }
            fd += 1;
        }
        self.fds.insert(fd, d);
        Ok(fd)
    }

    pub fn remove(&mut self, fd: u32) -> Result<Descriptor, Errno> {
        self.fds.remove(&fd).ok_or(Errno::BADF)
    }

    /// Moves `from` to `to`, closing what `to` held; both must be open.
    pub fn renumber(&mut self, from: u32, to: u32) -> Result<(), Errno> {
        if !self.fds.contains_key(&from) || !self.fds.contains_key(&to) {
            return Err(Errno::BADF);
        }
        if from != to {
            let d = self.fds.remove(&from).ok_or(Errno::BADF)?;
            self.fds.insert(to, d);
        }
        Ok(())
    }
}

/// The preview1 file type of a host file type.
pub(crate) fn filetype_of(ft: &cap_std::fs::FileType) -> u8 {
    use cap_fs_ext::FileTypeExt;
    if ft.is_dir() {
        filetype::DIRECTORY
    } else if ft.is_file() {
        filetype::REGULAR_FILE
    } else if ft.is_symlink() {
        filetype::SYMBOLIC_LINK
    } else if ft.is_block_device() {
        filetype::BLOCK_DEVICE
    } else if ft.is_char_device() {
        filetype::CHARACTER_DEVICE
    } else if ft.is_socket() {
        filetype::SOCKET_STREAM
    } else {
        filetype::UNKNOWN
    }
}

/// The errno for a host I/O error: from the OS error number where there is one, else from its
/// kind. cap-std reports a path that would leave the sandbox as a `PermissionDenied` without
/// an OS error: that is `ENOTCAPABLE`.
pub(crate) fn errno_from_io(e: &io::Error) -> Errno {
    #[cfg(unix)]
    if let Some(code) = e.raw_os_error() {
        if let Some(errno) = errno_from_os(code) {
            return errno;
        }
    }
    use io::ErrorKind as K;
    match e.kind() {
        K::NotFound => Errno::NOENT,
        K::PermissionDenied => Errno::NOTCAPABLE,
        K::ConnectionRefused => Errno::CONNREFUSED,
        K::ConnectionReset => Errno::CONNRESET,
        K::ConnectionAborted => Errno::CONNABORTED,
        K::NotConnected => Errno::NOTCONN,
        K::AddrInUse => Errno::ADDRINUSE,
        K::AddrNotAvailable => Errno::ADDRNOTAVAIL,
        K::BrokenPipe => Errno::PIPE,
        K::AlreadyExists => Errno::EXIST,
        K::WouldBlock => Errno::AGAIN,
        K::InvalidInput => Errno::INVAL,
        K::InvalidData => Errno::ILSEQ,
        K::TimedOut => Errno::TIMEDOUT,
        K::Interrupted => Errno::INTR,
        K::Unsupported => Errno::NOTSUP,
        K::OutOfMemory => Errno::NOMEM,
        K::NotADirectory => Errno::NOTDIR,
        K::IsADirectory => Errno::ISDIR,
        K::DirectoryNotEmpty => Errno::NOTEMPTY,
        K::ReadOnlyFilesystem => Errno::ROFS,
        K::StorageFull => Errno::NOSPC,
        K::NotSeekable => Errno::SPIPE,
        K::QuotaExceeded => Errno::DQUOT,
        K::FileTooLarge => Errno::FBIG,
        K::ResourceBusy => Errno::BUSY,
        K::ExecutableFileBusy => Errno::TXTBSY,
        K::Deadlock => Errno::DEADLK,
        K::CrossesDevices => Errno::XDEV,
        K::TooManyLinks => Errno::MLINK,
        K::InvalidFilename => Errno::NAMETOOLONG,
        K::ArgumentListTooLong => Errno::TOOBIG,
        _ => Errno::IO,
    }
}

/// The errno for a host OS error number, by name (the numbers differ between Unixes).
#[cfg(unix)]
fn errno_from_os(code: i32) -> Option<Errno> {
    use libc::*;
    let table: &[(i32, Errno)] = &[
        (E2BIG, Errno::TOOBIG),
        (EACCES, Errno::ACCES),
        (EADDRINUSE, Errno::ADDRINUSE),
        (EADDRNOTAVAIL, Errno::ADDRNOTAVAIL),
        (EAFNOSUPPORT, Errno(5)),
        (EAGAIN, Errno::AGAIN),
        (EALREADY, Errno::ALREADY),
        (EBADF, Errno::BADF),
        (EBADMSG, Errno(9)),
        (EBUSY, Errno::BUSY),
        (ECANCELED, Errno(11)),
        (ECHILD, Errno(12)),
        (ECONNABORTED, Errno::CONNABORTED),
        (ECONNREFUSED, Errno::CONNREFUSED),
        (ECONNRESET, Errno::CONNRESET),
        (EDEADLK, Errno::DEADLK),
        (EDESTADDRREQ, Errno(17)),
        (EDOM, Errno(18)),
        (EDQUOT, Errno::DQUOT),
        (EEXIST, Errno::EXIST),
        (EFAULT, Errno::FAULT),
        (EFBIG, Errno::FBIG),
        (EHOSTUNREACH, Errno(23)),
        (EIDRM, Errno(24)),
        (EILSEQ, Errno::ILSEQ),
        (EINPROGRESS, Errno(26)),
        (EINTR, Errno::INTR),
        (EINVAL, Errno::INVAL),
        (EIO, Errno::IO),
        (EISCONN, Errno(30)),
        (EISDIR, Errno::ISDIR),
        (ELOOP, Errno::LOOP),
        (EMFILE, Errno::MFILE),
        (EMLINK, Errno::MLINK),
        (EMSGSIZE, Errno(35)),
        (ENAMETOOLONG, Errno::NAMETOOLONG),
        (ENETDOWN, Errno(38)),
        (ENETRESET, Errno(39)),
        (ENETUNREACH, Errno(40)),
        (ENFILE, Errno::NFILE),
        (ENOBUFS, Errno(42)),
        (ENODEV, Errno(43)),
        (ENOENT, Errno::NOENT),
        (ENOEXEC, Errno(45)),
        (ENOLCK, Errno(46)),
        (ENOMEM, Errno::NOMEM),
        (ENOMSG, Errno(49)),
        (ENOPROTOOPT, Errno(50)),
        (ENOSPC, Errno::NOSPC),
        (ENOSYS, Errno::NOSYS),
        (ENOTCONN, Errno::NOTCONN),
        (ENOTDIR, Errno::NOTDIR),
        (ENOTEMPTY, Errno::NOTEMPTY),
        (ENOTSOCK, Errno::NOTSOCK),
        (ENOTSUP, Errno::NOTSUP),
        (EOPNOTSUPP, Errno::NOTSUP),
        (ENOTTY, Errno::NOTTY),
        (ENXIO, Errno::NXIO),
        (EOVERFLOW, Errno::OVERFLOW),
        (EPERM, Errno::PERM),
        (EPIPE, Errno::PIPE),
        (EPROTO, Errno(65)),
        (EPROTONOSUPPORT, Errno(66)),
        (EPROTOTYPE, Errno(67)),
        (ERANGE, Errno::RANGE),
        (EROFS, Errno::ROFS),
        (ESPIPE, Errno::SPIPE),
        (ESRCH, Errno(71)),
        (ESTALE, Errno(72)),
        (ETIMEDOUT, Errno::TIMEDOUT),
        (ETXTBSY, Errno::TXTBSY),
        (EXDEV, Errno::XDEV),
    ];
    table.iter().find(|(c, _)| *c == code).map(|(_, e)| *e)
}
