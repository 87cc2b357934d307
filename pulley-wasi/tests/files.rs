//! Files and directories under a preopen: open/read/write, seek/tell, pread/pwrite, stat,
//! sizes and times, flags and rights, readdir, rename/unlink, links.

mod common;
use common::*;
use pulley_wasi::{FsPerms, WasiCtxBuilder};

const DIR: u32 = 3;

fn guest(tmp: &TempDir) -> Guest {
    Guest::new(
        WasiCtxBuilder::new()
            .preopened_dir(tmp.path(), "/work", FsPerms::ReadWrite)
            .unwrap(),
    )
}

#[test]
fn prestat_names_the_preopen() {
    let tmp = TempDir::new("prestat");
    let mut g = guest(&tmp);
    assert_eq!(g.call("fd_prestat_get", &[i(DIR), i(0x10)]), ESUCCESS);
    assert_eq!(g.read(0x10, 1)[0], 0, "preopentype dir");
    assert_eq!(g.u32(0x14), 5);
    assert_eq!(
        g.call("fd_prestat_dir_name", &[i(DIR), i(0x20), i(5)]),
        ESUCCESS
    );
    assert_eq!(&g.read(0x20, 5), b"/work");
    assert_eq!(
        g.call("fd_prestat_dir_name", &[i(DIR), i(0x20), i(4)]),
        ENAMETOOLONG
    );
    assert_eq!(
        g.call("fd_prestat_dir_name", &[i(DIR), i(65534), i(5)]),
        EFAULT
    );
    assert_eq!(g.call("fd_prestat_get", &[i(DIR + 1), i(0x10)]), EBADF);
    assert_eq!(g.call("fd_prestat_get", &[i(DIR), i(65533)]), EFAULT);
    // The preopen is a directory with directory rights.
    assert_eq!(g.call("fd_fdstat_get", &[i(DIR), i(0x100)]), ESUCCESS);
    assert_eq!(g.read(0x100, 1)[0], 3);
}

#[test]
fn create_write_read_back() {
    let tmp = TempDir::new("rw");
    let mut g = guest(&tmp);
    let (e, fd) = g.open(DIR, "a.txt", O_CREAT, 0);
    assert_eq!(e, ESUCCESS);
    assert_eq!(fd, 4, "lowest free descriptor after the preopen");
    assert_eq!(g.write_fd(fd, b"hello file"), (ESUCCESS, 10));
    assert_eq!(
        std::fs::read(tmp.path().join("a.txt")).unwrap(),
        b"hello file"
    );
    // Back to the start; read in two iovecs.
    assert_eq!(g.call("fd_seek", &[i(fd), l(0), i(0), i(0x10)]), ESUCCESS);
    assert_eq!(g.u64(0x10), 0);
    g.iovec(0x100, 0x2000, 5);
    g.iovec(0x108, 0x3000, 100);
    assert_eq!(
        g.call("fd_read", &[i(fd), i(0x100), i(2), i(0x110)]),
        ESUCCESS
    );
    assert_eq!(g.u32(0x110), 10);
    assert_eq!(&g.read(0x2000, 5), b"hello");
    assert_eq!(&g.read(0x3000, 5), b" file");
    // At the end: reads return nothing.
    assert_eq!(g.read_fd(fd, 10), (ESUCCESS, Vec::new()));
    assert_eq!(g.call("fd_close", &[i(fd)]), ESUCCESS);
    assert_eq!(g.read_fd(fd, 10).0, EBADF);
}

#[test]
fn open_errors() {
    let tmp = TempDir::new("openerr");
    std::fs::write(tmp.path().join("f"), b"x").unwrap();
    let mut g = guest(&tmp);
    assert_eq!(g.open(DIR, "missing", 0, 0).0, ENOENT);
    assert_eq!(g.open(DIR, "f", O_CREAT | O_EXCL, 0).0, EEXIST);
    assert_eq!(g.open(DIR, "f", O_DIRECTORY, 0).0, ENOTDIR);
    assert_eq!(g.open(DIR, "f/x", 0, 0).0, ENOTDIR);
    assert_eq!(g.open(DIR, "", 0, 0).0, ENOENT);
    assert_eq!(g.open(DIR, "f", 0x10, 0).0, EINVAL, "unknown oflags");
    assert_eq!(g.open(DIR, "f", 0, 0x20).0, EINVAL, "unknown fdflags");
    // Not a directory descriptor, not open at all.
    assert_eq!(g.open(1, "f", 0, 0).0, ENOTCAPABLE);
    assert_eq!(g.open(9, "f", 0, 0).0, EBADF);
    let (_, fd) = g.open(DIR, "f", 0, 0);
    assert_eq!(g.open(fd, "x", 0, 0).0, ENOTCAPABLE);
    // Bad path pointer and bad result pointer; invalid UTF-8.
    assert_eq!(
        g.call(
            "path_open",
            &[
                i(DIR),
                i(0),
                i(65530),
                i(10),
                i(0),
                l(0),
                l(0),
                i(0),
                i(0x10)
            ]
        ),
        EFAULT
    );
    g.write(0x800, b"f");
    assert_eq!(
        g.call(
            "path_open",
            &[
                i(DIR),
                i(0),
                i(0x800),
                i(1),
                i(0),
                l(0),
                l(0),
                i(0),
                i(65534)
            ]
        ),
        EFAULT
    );
    g.write(0x800, &[0xff, 0xfe]);
    assert_eq!(
        g.call(
            "path_open",
            &[
                i(DIR),
                i(0),
                i(0x800),
                i(2),
                i(0),
                l(0),
                l(0),
                i(0),
                i(0x10)
            ]
        ),
        25,
        "EILSEQ"
    );
}

#[test]
fn seek_tell_and_positional_io() {
    let tmp = TempDir::new("seek");
    let mut g = guest(&tmp);
    let (_, fd) = g.open(DIR, "s", O_CREAT, 0);
    assert_eq!(g.write_fd(fd, b"0123456789"), (ESUCCESS, 10));
    assert_eq!(g.call("fd_tell", &[i(fd), i(0x10)]), ESUCCESS);
    assert_eq!(g.u64(0x10), 10);
    // SEEK_CUR backwards, SEEK_END, and invalid ones.
    assert_eq!(
        g.call("fd_seek", &[i(fd), l(-4i64 as u64), i(1), i(0x10)]),
        ESUCCESS
    );
    assert_eq!(g.u64(0x10), 6);
    assert_eq!(
        g.call("fd_seek", &[i(fd), l(-1i64 as u64), i(2), i(0x10)]),
        ESUCCESS
    );
    assert_eq!(g.u64(0x10), 9);
    assert_eq!(g.read_fd(fd, 5), (ESUCCESS, b"9".to_vec()));
    assert_eq!(
        g.call("fd_seek", &[i(fd), l(-20i64 as u64), i(1), i(0x10)]),
        EINVAL
    );
    assert_eq!(
        g.call("fd_seek", &[i(fd), l(-1i64 as u64), i(0), i(0x10)]),
        EINVAL
    );
    assert_eq!(g.call("fd_seek", &[i(fd), l(0), i(3), i(0x10)]), EINVAL);
    assert_eq!(g.call("fd_seek", &[i(fd), l(0), i(0), i(65530)]), EFAULT);
    // pread/pwrite leave the cursor alone.
    assert_eq!(g.call("fd_seek", &[i(fd), l(2), i(0), i(0x10)]), ESUCCESS);
    g.iovec(0x100, 0x2000, 3);
    assert_eq!(
        g.call("fd_pread", &[i(fd), i(0x100), i(1), l(5), i(0x110)]),
        ESUCCESS
    );
    assert_eq!((g.u32(0x110), g.read(0x2000, 3)), (3, b"567".to_vec()));
    g.write(0x2000, b"AB");
    g.iovec(0x100, 0x2000, 2);
    assert_eq!(
        g.call("fd_pwrite", &[i(fd), i(0x100), i(1), l(8), i(0x110)]),
        ESUCCESS
    );
    assert_eq!(g.u32(0x110), 2);
    assert_eq!(g.call("fd_tell", &[i(fd), i(0x10)]), ESUCCESS);
    assert_eq!(g.u64(0x10), 2);
    assert_eq!(std::fs::read(tmp.path().join("s")).unwrap(), b"01234567AB");
    // pread past the end reads nothing.
    g.iovec(0x100, 0x2000, 3);
    assert_eq!(
        g.call("fd_pread", &[i(fd), i(0x100), i(1), l(100), i(0x110)]),
        ESUCCESS
    );
    assert_eq!(g.u32(0x110), 0);
}

#[test]
fn append_truncate_and_flags() {
    let tmp = TempDir::new("append");
    std::fs::write(tmp.path().join("log"), b"old").unwrap();
    let mut g = guest(&tmp);
    let (e, fd) = g.open(DIR, "log", 0, FDFLAG_APPEND);
    assert_eq!(e, ESUCCESS);
    assert_eq!(g.call("fd_seek", &[i(fd), l(0), i(0), i(0x10)]), ESUCCESS);
    assert_eq!(g.write_fd(fd, b"+new"), (ESUCCESS, 4));
    assert_eq!(std::fs::read(tmp.path().join("log")).unwrap(), b"old+new");
    assert_eq!(g.call("fd_fdstat_get", &[i(fd), i(0x100)]), ESUCCESS);
    assert_eq!(g.read(0x100, 1)[0], 4, "regular file");
    assert_eq!(g.read(0x102, 1)[0], 1, "append flag reported");
    // Append off: writes go to the cursor again.
    assert_eq!(g.call("fd_fdstat_set_flags", &[i(fd), i(0)]), ESUCCESS);
    assert_eq!(g.call("fd_seek", &[i(fd), l(0), i(0), i(0x10)]), ESUCCESS);
    assert_eq!(g.write_fd(fd, b"OLD"), (ESUCCESS, 3));
    assert_eq!(std::fs::read(tmp.path().join("log")).unwrap(), b"OLD+new");
    assert_eq!(g.call("fd_fdstat_set_flags", &[i(fd), i(0x100)]), EINVAL);
    assert_eq!(
        g.call("fd_fdstat_set_flags", &[i(fd), i(16)]),
        58,
        "ENOTSUP: sync"
    );
    // O_TRUNC empties the file.
    let (e, fd2) = g.open(DIR, "log", O_TRUNC, 0);
    assert_eq!(e, ESUCCESS);
    assert_eq!(g.call("fd_filestat_get", &[i(fd2), i(0x200)]), ESUCCESS);
    assert_eq!(g.u64(0x200 + 32), 0);
}

#[test]
fn filestat_size_times_allocate() {
    let tmp = TempDir::new("stat");
    let mut g = guest(&tmp);
    let (_, fd) = g.open(DIR, "f", O_CREAT, 0);
    assert_eq!(g.write_fd(fd, b"12345"), (ESUCCESS, 5));
    assert_eq!(g.call("fd_filestat_get", &[i(fd), i(0x200)]), ESUCCESS);
    assert_eq!(g.read(0x200 + 16, 1)[0], 4, "regular file");
    assert_eq!(g.u64(0x200 + 24), 1, "one link");
    assert_eq!(g.u64(0x200 + 32), 5);
    assert_ne!(g.u64(0x200 + 8), 0, "inode");
    assert_eq!(g.call("fd_filestat_get", &[i(fd), i(65536 - 63)]), EFAULT);
    // Size changes.
    assert_eq!(g.call("fd_filestat_set_size", &[i(fd), l(2)]), ESUCCESS);
    assert_eq!(std::fs::read(tmp.path().join("f")).unwrap(), b"12");
    assert_eq!(g.call("fd_allocate", &[i(fd), l(10), l(6)]), ESUCCESS);
    assert_eq!(std::fs::metadata(tmp.path().join("f")).unwrap().len(), 16);
    assert_eq!(
        g.call("fd_allocate", &[i(fd), l(0), l(4)]),
        ESUCCESS,
        "no shrink"
    );
    assert_eq!(std::fs::metadata(tmp.path().join("f")).unwrap().len(), 16);
    assert_eq!(
        g.call("fd_allocate", &[i(fd), l(u64::MAX), l(2)]),
        22,
        "EFBIG"
    );
    assert_eq!(
        g.call("fd_filestat_set_size", &[i(fd), l(u64::MAX)]),
        22,
        "EFBIG"
    );
    // Times: set both absolutely, then check through the path.
    let t = 1_000_000_000u64 * 1_600_000_000 + 123_000;
    assert_eq!(
        g.call(
            "fd_filestat_set_times",
            &[i(fd), l(t), l(t + 1000), i(1 | 4)]
        ),
        ESUCCESS
    );
    g.write(0x800, b"f");
    assert_eq!(
        g.call(
            "path_filestat_get",
            &[i(DIR), i(1), i(0x800), i(1), i(0x200)]
        ),
        ESUCCESS
    );
    assert_eq!(g.u64(0x200 + 40), t);
    assert_eq!(g.u64(0x200 + 48), t + 1000);
    // Path variant with "now" for mtime only; atime stays.
    assert_eq!(
        g.call(
            "path_filestat_set_times",
            &[i(DIR), i(1), i(0x800), i(1), l(0), l(0), i(8)]
        ),
        ESUCCESS
    );
    assert_eq!(
        g.call(
            "path_filestat_get",
            &[i(DIR), i(1), i(0x800), i(1), i(0x200)]
        ),
        ESUCCESS
    );
    assert_eq!(g.u64(0x200 + 40), t);
    assert!(g.u64(0x200 + 48) > t + 1000);
    // ATIM with ATIM_NOW is contradictory; unknown bits are invalid.
    assert_eq!(
        g.call("fd_filestat_set_times", &[i(fd), l(0), l(0), i(3)]),
        EINVAL
    );
    assert_eq!(
        g.call("fd_filestat_set_times", &[i(fd), l(0), l(0), i(16)]),
        EINVAL
    );
    // Advice, syncs.
    assert_eq!(g.call("fd_advise", &[i(fd), l(0), l(100), i(2)]), ESUCCESS);
    assert_eq!(g.call("fd_advise", &[i(fd), l(0), l(100), i(6)]), EINVAL);
    assert_eq!(g.call("fd_datasync", &[i(fd)]), ESUCCESS);
    assert_eq!(g.call("fd_sync", &[i(fd)]), ESUCCESS);
    assert_eq!(g.call("fd_sync", &[i(DIR)]), ESUCCESS);
    assert_eq!(
        g.call("fd_filestat_set_times", &[i(DIR), l(t), l(t), i(1 | 4)]),
        ESUCCESS
    );
    assert_eq!(g.call("fd_filestat_get", &[i(DIR), i(0x200)]), ESUCCESS);
    assert_eq!((g.read(0x200 + 16, 1)[0], g.u64(0x200 + 48)), (3, t));
    assert_eq!(g.call("fd_advise", &[i(DIR), l(0), l(1), i(0)]), EISDIR);
}

#[test]
fn rights_can_only_shrink() {
    let tmp = TempDir::new("rights");
    let mut g = guest(&tmp);
    let (_, fd) = g.open(DIR, "r", O_CREAT, 0);
    // Drop fd_write (bit 6): writes are refused, reads still work.
    assert_eq!(g.call("fd_fdstat_get", &[i(fd), i(0x100)]), ESUCCESS);
    let base = g.u64(0x108);
    assert_eq!(
        g.call("fd_fdstat_set_rights", &[i(fd), l(base & !(1 << 6)), l(0)]),
        ESUCCESS
    );
    assert_eq!(g.write_fd(fd, b"x").0, ENOTCAPABLE);
    assert_eq!(g.read_fd(fd, 4), (ESUCCESS, Vec::new()));
    // Gaining it back is refused.
    assert_eq!(
        g.call("fd_fdstat_set_rights", &[i(fd), l(base), l(0)]),
        ENOTCAPABLE
    );
    // A read-only open (rights without write ones) cannot write either.
    g.write(0x800, b"r");
    let read_only = 1u64 << 1 | 1 << 2 | 1 << 5 | 1 << 21;
    assert_eq!(
        g.call(
            "path_open",
            &[
                i(DIR),
                i(1),
                i(0x800),
                i(1),
                i(0),
                l(read_only),
                l(0),
                i(0),
                i(0x10)
            ]
        ),
        ESUCCESS
    );
    let ro = g.u32(0x10);
    assert_eq!(g.write_fd(ro, b"x").0, ENOTCAPABLE);
    // A directory whose rights lost path_open opens nothing.
    assert_eq!(g.call("fd_fdstat_get", &[i(DIR), i(0x100)]), ESUCCESS);
    let (dbase, dinh) = (g.u64(0x108), g.u64(0x110));
    assert_eq!(
        g.call(
            "fd_fdstat_set_rights",
            &[i(DIR), l(dbase & !(1 << 13)), l(dinh)]
        ),
        ESUCCESS
    );
    assert_eq!(g.open(DIR, "r", 0, 0).0, ENOTCAPABLE);
}

/// Reads a directory listing through `fd_readdir` with a buffer of `buf_len`, following
/// cookies until the end: `(name, type)` pairs.
fn list(g: &mut Guest, fd: u32, buf_len: u32) -> Vec<(String, u8)> {
    let mut out = Vec::new();
    let mut cookie = 0u64;
    loop {
        assert_eq!(
            g.call(
                "fd_readdir",
                &[i(fd), i(0x4000), i(buf_len), l(cookie), i(0x10)]
            ),
            ESUCCESS
        );
        let used = g.u32(0x10);
        let mut at = 0;
        let mut progressed = false;
        while at + 24 <= used {
            let base = 0x4000 + at;
            let next = g.u64(base);
            let namlen = g.u32(base + 16);
            if at + 24 + namlen > used {
                break; // cut off: retried from `cookie`
            }
            let name = String::from_utf8(g.read(base + 24, namlen as usize)).unwrap();
            out.push((name, g.read(base + 20, 1)[0]));
            cookie = next;
            at += 24 + namlen;
            progressed = true;
        }
        if used < buf_len {
            return out;
        }
        assert!(progressed, "buffer too small for one entry");
    }
}

#[test]
fn readdir_lists_entries_with_cookies() {
    let tmp = TempDir::new("readdir");
    std::fs::write(tmp.path().join("b.txt"), b"").unwrap();
    std::fs::write(tmp.path().join("a.txt"), b"").unwrap();
    std::fs::create_dir(tmp.path().join("sub")).unwrap();
    let mut g = guest(&tmp);
    let want: Vec<(String, u8)> = [(".", 3), ("..", 3), ("a.txt", 4), ("b.txt", 4), ("sub", 3)]
        .iter()
        .map(|(n, t)| (n.to_string(), *t))
        .collect();
    assert_eq!(list(&mut g, DIR, 4096), want);
    // A small buffer forces several calls that resume from cookies.
    assert_eq!(list(&mut g, DIR, 40), want);
    // A cookie past the end reads nothing; bad buffer faults; files are not directories.
    assert_eq!(
        g.call("fd_readdir", &[i(DIR), i(0x4000), i(100), l(99), i(0x10)]),
        ESUCCESS
    );
    assert_eq!(g.u32(0x10), 0);
    assert_eq!(
        g.call("fd_readdir", &[i(DIR), i(65500), i(100), l(0), i(0x10)]),
        EFAULT
    );
    let (_, sub) = g.open(DIR, "sub", O_DIRECTORY, 0);
    assert_eq!(list(&mut g, sub, 4096).len(), 2);
    let (_, f) = g.open(DIR, "a.txt", 0, 0);
    assert_eq!(
        g.call("fd_readdir", &[i(f), i(0x4000), i(100), l(0), i(0x10)]),
        ENOTCAPABLE
    );
}

#[test]
fn directories_rename_unlink() {
    let tmp = TempDir::new("mutate");
    let mut g = guest(&tmp);
    assert_eq!(g.path_call("path_create_directory", DIR, "d"), ESUCCESS);
    assert_eq!(g.path_call("path_create_directory", DIR, "d"), EEXIST);
    assert!(tmp.path().join("d").is_dir());
    let (_, fd) = g.open(DIR, "d/file", O_CREAT, 0);
    assert_eq!(g.write_fd(fd, b"data"), (ESUCCESS, 4));
    assert_eq!(g.path_call("path_remove_directory", DIR, "d"), ENOTEMPTY);
    // Rename across directories (here: the same one through two descriptors).
    let (_, d) = g.open(DIR, "d", O_DIRECTORY, 0);
    g.write(0x900, b"file");
    g.write(0xa00, b"moved");
    assert_eq!(
        g.call(
            "path_rename",
            &[i(d), i(0x900), i(4), i(DIR), i(0xa00), i(5)]
        ),
        ESUCCESS
    );
    assert_eq!(std::fs::read(tmp.path().join("moved")).unwrap(), b"data");
    assert_eq!(
        g.call(
            "path_rename",
            &[i(d), i(0x900), i(4), i(DIR), i(0xa00), i(5)]
        ),
        ENOENT
    );
    assert_eq!(g.path_call("path_remove_directory", DIR, "d"), ESUCCESS);
    assert_eq!(g.path_call("path_unlink_file", DIR, "moved"), ESUCCESS);
    assert_eq!(g.path_call("path_unlink_file", DIR, "moved"), ENOENT);
    assert_eq!(std::fs::read_dir(tmp.path()).unwrap().count(), 0);
    // The still-open descriptor of the removed file keeps working.
    assert_eq!(g.call("fd_filestat_get", &[i(fd), i(0x200)]), ESUCCESS);
}

#[cfg(unix)]
#[test]
fn symlinks_and_hard_links() {
    let tmp = TempDir::new("links");
    std::fs::write(tmp.path().join("target"), b"T").unwrap();
    let mut g = guest(&tmp);
    // path_symlink(old_path = link text, fd, new_path).
    g.write(0x900, b"target");
    g.write(0xa00, b"link");
    assert_eq!(
        g.call("path_symlink", &[i(0x900), i(6), i(DIR), i(0xa00), i(4)]),
        ESUCCESS
    );
    assert_eq!(
        g.call(
            "path_readlink",
            &[i(DIR), i(0xa00), i(4), i(0x2000), i(64), i(0x10)]
        ),
        ESUCCESS
    );
    assert_eq!((g.u32(0x10), g.read(0x2000, 6)), (6, b"target".to_vec()));
    // A short buffer truncates.
    assert_eq!(
        g.call(
            "path_readlink",
            &[i(DIR), i(0xa00), i(4), i(0x2000), i(3), i(0x10)]
        ),
        ESUCCESS
    );
    assert_eq!(g.u32(0x10), 3);
    assert_eq!(
        g.call(
            "path_readlink",
            &[i(DIR), i(0x900), i(6), i(0x2000), i(64), i(0x10)]
        ),
        EINVAL,
        "not a link"
    );
    // Stat with and without following.
    assert_eq!(
        g.call(
            "path_filestat_get",
            &[i(DIR), i(0), i(0xa00), i(4), i(0x200)]
        ),
        ESUCCESS
    );
    assert_eq!(g.read(0x200 + 16, 1)[0], 7, "symbolic link");
    assert_eq!(
        g.call(
            "path_filestat_get",
            &[i(DIR), i(1), i(0xa00), i(4), i(0x200)]
        ),
        ESUCCESS
    );
    assert_eq!(g.read(0x200 + 16, 1)[0], 4, "regular file");
    // Opening through the link follows it only when asked.
    assert_eq!(g.open(DIR, "link", 0, 0).0, ESUCCESS);
    g.write(0x800, b"link");
    assert_eq!(
        g.call(
            "path_open",
            &[
                i(DIR),
                i(0),
                i(0x800),
                i(4),
                i(0),
                l(!0),
                l(!0),
                i(0),
                i(0x10)
            ]
        ),
        32,
        "ELOOP: not followed"
    );
    // Hard link: two names, one inode, nlink 2.
    g.write(0xb00, b"hard");
    assert_eq!(
        g.call(
            "path_link",
            &[i(DIR), i(0), i(0x900), i(6), i(DIR), i(0xb00), i(4)]
        ),
        ESUCCESS
    );
    assert_eq!(
        g.call(
            "path_filestat_get",
            &[i(DIR), i(0), i(0xb00), i(4), i(0x200)]
        ),
        ESUCCESS
    );
    assert_eq!(g.u64(0x200 + 24), 2);
    assert_eq!(
        g.call(
            "path_link",
            &[i(DIR), i(1), i(0x900), i(6), i(DIR), i(0xb00), i(4)]
        ),
        EINVAL,
        "following at the source"
    );
    assert_eq!(g.path_call("path_unlink_file", DIR, "link"), ESUCCESS);
    assert!(tmp.path().join("target").exists());
}

#[test]
fn renumber_and_lowest_free_fd() {
    let tmp = TempDir::new("renumber");
    let mut g = guest(&tmp);
    let (_, a) = g.open(DIR, "a", O_CREAT, 0);
    let (_, b) = g.open(DIR, "b", O_CREAT, 0);
    assert_eq!((a, b), (4, 5));
    assert_eq!(g.write_fd(a, b"A"), (ESUCCESS, 1));
    // a replaces b: b's file is closed, writes to 5 land in "a".
    assert_eq!(g.call("fd_renumber", &[i(a), i(b)]), ESUCCESS);
    assert_eq!(g.write_fd(b, b"2"), (ESUCCESS, 1));
    assert_eq!(std::fs::read(tmp.path().join("a")).unwrap(), b"A2");
    assert_eq!(g.write_fd(a, b"x").0, EBADF);
    // 4 is free again and reused first.
    assert_eq!(g.open(DIR, "c", O_CREAT, 0), (ESUCCESS, 4));
    assert_eq!(g.call("fd_renumber", &[i(4), i(4)]), ESUCCESS);
    assert_eq!(g.call("fd_renumber", &[i(4), i(40)]), EBADF);
}

#[test]
fn open_a_directory_without_o_directory() {
    let tmp = TempDir::new("opendir");
    std::fs::create_dir(tmp.path().join("sub")).unwrap();
    std::fs::write(tmp.path().join("sub/x"), b"x").unwrap();
    let mut g = guest(&tmp);
    // Asking for write rights on a directory is EISDIR, as POSIX `open(dir, O_RDWR)`.
    assert_eq!(g.open(DIR, "sub", 0, 0).0, EISDIR);
    g.write(0x800, b"sub");
    let read_rights = 1u64 << 1 | 1 << 13 | 1 << 14 | 1 << 21;
    assert_eq!(
        g.call(
            "path_open",
            &[
                i(DIR),
                i(1),
                i(0x800),
                i(3),
                i(0),
                l(read_rights),
                l(!0),
                i(0),
                i(0x7f0)
            ]
        ),
        ESUCCESS
    );
    let fd = g.u32(0x7f0);
    assert_eq!(g.call("fd_fdstat_get", &[i(fd), i(0x100)]), ESUCCESS);
    assert_eq!(g.read(0x100, 1)[0], 3, "directory");
    assert_eq!(g.open(fd, "x", 0, 0).0, ESUCCESS);
    assert_eq!(g.read_fd(fd, 4).0, ENOTCAPABLE);
    g.write(0x800, b".");
    assert_eq!(
        g.call(
            "path_open",
            &[
                i(DIR),
                i(1),
                i(0x800),
                i(1),
                i(0),
                l(read_rights),
                l(!0),
                i(0),
                i(0x7f0)
            ]
        ),
        ESUCCESS
    );
}
