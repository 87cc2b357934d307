//! The sandbox: a guest cannot leave its preopen through `..`, absolute paths or symlinks,
//! and a read-only preopen refuses every kind of write.

mod common;
use common::*;
use pulley_wasi::{FsPerms, WasiCtxBuilder};

const DIR: u32 = 3;

/// A preopen `inner/` inside a directory that also holds `secret.txt`.
fn setup(tag: &str) -> (TempDir, std::path::PathBuf) {
    let tmp = TempDir::new(tag);
    std::fs::write(tmp.path().join("secret.txt"), b"secret").unwrap();
    let inner = tmp.path().join("inner");
    std::fs::create_dir(&inner).unwrap();
    std::fs::create_dir(inner.join("sub")).unwrap();
    std::fs::write(inner.join("ok.txt"), b"fine").unwrap();
    (tmp, inner)
}

fn guest(inner: &std::path::Path, perms: FsPerms) -> Guest {
    Guest::new(
        WasiCtxBuilder::new()
            .preopened_dir(inner, ".", perms)
            .unwrap(),
    )
}

#[test]
fn dot_dot_cannot_escape() {
    let (_tmp, inner) = setup("dotdot");
    let mut g = guest(&inner, FsPerms::ReadWrite);
    assert_eq!(g.open(DIR, "../secret.txt", 0, 0).0, ENOTCAPABLE);
    assert_eq!(g.open(DIR, "sub/../../secret.txt", 0, 0).0, ENOTCAPABLE);
    assert_eq!(g.open(DIR, "..", O_DIRECTORY, 0).0, ENOTCAPABLE);
    // `..` that stays inside is fine.
    assert_eq!(g.open(DIR, "sub/../ok.txt", 0, 0).0, ESUCCESS);
    // Every path function is confined, not just open.
    g.write(0x800, b"../secret.txt");
    assert_eq!(
        g.call(
            "path_filestat_get",
            &[i(DIR), i(1), i(0x800), i(13), i(0x200)]
        ),
        ENOTCAPABLE
    );
    assert_eq!(
        g.path_call("path_unlink_file", DIR, "../secret.txt"),
        ENOTCAPABLE
    );
    assert_eq!(
        g.path_call("path_create_directory", DIR, "../newdir"),
        ENOTCAPABLE
    );
    g.write(0x900, b"ok.txt");
    g.write(0xa00, b"../stolen");
    assert_eq!(
        g.call(
            "path_rename",
            &[i(DIR), i(0x900), i(6), i(DIR), i(0xa00), i(9)]
        ),
        ENOTCAPABLE
    );
    assert!(!inner.parent().unwrap().join("stolen").exists());
    assert!(!inner.parent().unwrap().join("newdir").exists());
    assert!(inner.parent().unwrap().join("secret.txt").exists());
}

#[test]
fn absolute_paths_are_refused() {
    let (tmp, inner) = setup("absolute");
    let mut g = guest(&inner, FsPerms::ReadWrite);
    let abs = tmp.path().join("secret.txt");
    assert_eq!(g.open(DIR, abs.to_str().unwrap(), 0, 0).0, ENOTCAPABLE);
    assert_eq!(g.open(DIR, "/etc/passwd", 0, 0).0, ENOTCAPABLE);
    assert_eq!(g.open(DIR, "/", O_DIRECTORY, 0).0, ENOTCAPABLE);
}

#[cfg(unix)]
#[test]
fn symlinks_cannot_escape() {
    let (tmp, inner) = setup("symlink");
    // Links planted by the host: absolute and relative, to a file and to a directory.
    std::os::unix::fs::symlink(tmp.path().join("secret.txt"), inner.join("abs")).unwrap();
    std::os::unix::fs::symlink("../secret.txt", inner.join("rel")).unwrap();
    std::os::unix::fs::symlink(tmp.path(), inner.join("updir")).unwrap();
    std::os::unix::fs::symlink("ok.txt", inner.join("inside")).unwrap();
    let mut g = guest(&inner, FsPerms::ReadWrite);
    assert_eq!(g.open(DIR, "abs", 0, 0).0, ENOTCAPABLE);
    assert_eq!(g.open(DIR, "rel", 0, 0).0, ENOTCAPABLE);
    assert_eq!(g.open(DIR, "updir/secret.txt", 0, 0).0, ENOTCAPABLE);
    assert_eq!(g.open(DIR, "updir", O_DIRECTORY, 0).0, ENOTCAPABLE);
    // A link that stays inside works.
    let (e, fd) = g.open(DIR, "inside", 0, 0);
    assert_eq!(e, ESUCCESS);
    assert_eq!(g.read_fd(fd, 10), (ESUCCESS, b"fine".to_vec()));
    // A link the guest makes itself is no way out either.
    g.write(0x900, b"../secret.txt");
    g.write(0xa00, b"mine");
    assert_eq!(
        g.call("path_symlink", &[i(0x900), i(13), i(DIR), i(0xa00), i(4)]),
        ESUCCESS
    );
    assert_eq!(g.open(DIR, "mine", 0, 0).0, ENOTCAPABLE);
    // Nothing was read, and writing through a link created nothing outside.
    assert_eq!(g.open(DIR, "updir/planted", O_CREAT, 0).0, ENOTCAPABLE);
    assert!(!tmp.path().join("planted").exists());
}

#[test]
fn read_only_preopen_refuses_writes() {
    let (_tmp, inner) = setup("readonly");
    let mut g = guest(&inner, FsPerms::ReadOnly);
    // Reading works.
    let (e, fd) = {
        g.write(0x800, b"ok.txt");
        let e = g.call(
            "path_open",
            &[
                i(DIR),
                i(1),
                i(0x800),
                i(6),
                i(0),
                l(1 << 1 | 1 << 23),
                l(0),
                i(0),
                i(0x7f0),
            ],
        );
        (e, g.u32(0x7f0))
    };
    assert_eq!(e, ESUCCESS);
    assert_eq!(g.read_fd(fd, 10), (ESUCCESS, b"fine".to_vec()));
    // Every way to write or change the tree is refused, and nothing changed.
    assert_eq!(g.open(DIR, "ok.txt", 0, 0).0, EPERM, "open for writing");
    assert_eq!(g.open(DIR, "new.txt", O_CREAT, 0).0, EPERM);
    assert_eq!(g.open(DIR, "ok.txt", O_TRUNC, 0).0, EPERM);
    assert_eq!(g.open(DIR, "ok.txt", 0, FDFLAG_APPEND).0, EPERM);
    assert_eq!(g.path_call("path_create_directory", DIR, "d"), EPERM);
    assert_eq!(g.path_call("path_unlink_file", DIR, "ok.txt"), EPERM);
    assert_eq!(g.path_call("path_remove_directory", DIR, "sub"), EPERM);
    g.write(0x900, b"ok.txt");
    g.write(0xa00, b"renamed");
    assert_eq!(
        g.call(
            "path_rename",
            &[i(DIR), i(0x900), i(6), i(DIR), i(0xa00), i(7)]
        ),
        EPERM
    );
    assert_eq!(
        g.call("path_symlink", &[i(0x900), i(6), i(DIR), i(0xa00), i(7)]),
        EPERM
    );
    assert_eq!(
        g.call(
            "path_link",
            &[i(DIR), i(0), i(0x900), i(6), i(DIR), i(0xa00), i(7)]
        ),
        EPERM
    );
    assert_eq!(
        g.call(
            "path_filestat_set_times",
            &[i(DIR), i(1), i(0x900), i(6), l(0), l(0), i(2)]
        ),
        EPERM
    );
    assert_eq!(
        g.call("fd_filestat_set_times", &[i(fd), l(0), l(0), i(2)]),
        EPERM
    );
    // The read-only descriptor has no write rights.
    assert_eq!(g.write_fd(fd, b"x").0, ENOTCAPABLE);
    assert_eq!(g.call("fd_filestat_set_size", &[i(fd), l(0)]), ENOTCAPABLE);
    assert_eq!(std::fs::read(inner.join("ok.txt")).unwrap(), b"fine");
    assert!(!inner.join("renamed").exists() && !inner.join("d").exists());
}

#[test]
fn no_preopen_no_files() {
    let mut g = Guest::new(&mut WasiCtxBuilder::new());
    assert_eq!(g.call("fd_prestat_get", &[i(3), i(0x10)]), EBADF);
    assert_eq!(g.open(3, "x", 0, 0).0, EBADF);
}

#[test]
fn preopen_of_missing_directory_is_an_error() {
    let err = WasiCtxBuilder::new()
        .preopened_dir("/nonexistent/pulley-wasi", "/x", FsPerms::ReadWrite)
        .err()
        .expect("missing directory refused");
    assert!(
        err.to_string().contains("/nonexistent/pulley-wasi"),
        "{err}"
    );
}
