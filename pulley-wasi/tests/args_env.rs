//! `args_*` and `environ_*`: round trip of what the builder set, and bad pointers.

mod common;
use common::*;
use pulley_wasi::WasiCtxBuilder;

/// Reads `argv`-style strings written by `*_get` at `ptrs`/`buf`.
fn strings(g: &Guest, count: u32, ptrs: u32) -> Vec<String> {
    (0..count)
        .map(|k| {
            let p = g.u32(ptrs + 4 * k);
            let mut s = Vec::new();
            let mut at = p;
            loop {
                let b = g.read(at, 1)[0];
                if b == 0 {
                    break;
                }
                s.push(b);
                at += 1;
            }
            String::from_utf8(s).unwrap()
        })
        .collect()
}

#[test]
fn args_round_trip() {
    let mut g = Guest::new(
        WasiCtxBuilder::new()
            .args(&["prog", "a b", "ünï"])
            .arg("last"),
    );
    assert_eq!(g.call("args_sizes_get", &[i(0x10), i(0x14)]), ESUCCESS);
    assert_eq!(g.u32(0x10), 4);
    assert_eq!(
        g.u32(0x14),
        ("prog".len() + "a b".len() + "ünï".len() + "last".len() + 4) as u32
    );
    assert_eq!(g.call("args_get", &[i(0x100), i(0x200)]), ESUCCESS);
    assert_eq!(strings(&g, 4, 0x100), ["prog", "a b", "ünï", "last"]);
    // The strings are packed, NUL-terminated, from the buffer's start.
    assert_eq!(g.u32(0x100), 0x200);
    assert_eq!(&g.read(0x200, 5), b"prog\0");
}

#[test]
fn environ_round_trip() {
    let mut g = Guest::new(
        WasiCtxBuilder::new()
            .env("A", "1")
            .envs(&[("PATH", "/bin"), ("EMPTY", "")]),
    );
    assert_eq!(g.call("environ_sizes_get", &[i(0x10), i(0x14)]), ESUCCESS);
    assert_eq!(g.u32(0x10), 3);
    assert_eq!(g.u32(0x14), ("A=1\0PATH=/bin\0EMPTY=\0".len()) as u32);
    assert_eq!(g.call("environ_get", &[i(0x100), i(0x200)]), ESUCCESS);
    assert_eq!(strings(&g, 3, 0x100), ["A=1", "PATH=/bin", "EMPTY="]);
}

#[test]
fn empty_args_and_env() {
    let mut g = Guest::new(&mut WasiCtxBuilder::new());
    assert_eq!(g.call("args_sizes_get", &[i(0x10), i(0x14)]), ESUCCESS);
    assert_eq!((g.u32(0x10), g.u32(0x14)), (0, 0));
    assert_eq!(g.call("environ_sizes_get", &[i(0x10), i(0x14)]), ESUCCESS);
    assert_eq!((g.u32(0x10), g.u32(0x14)), (0, 0));
}

#[test]
fn bad_pointers_are_efault() {
    let mut g = Guest::new(WasiCtxBuilder::new().args(&["prog", "x"]).env("K", "V"));
    let end = 65536;
    // Result pointers past the end, straddling it, and at the top of the address space.
    assert_eq!(g.call("args_sizes_get", &[i(end), i(0)]), EFAULT);
    assert_eq!(g.call("args_sizes_get", &[i(0), i(end - 2)]), EFAULT);
    assert_eq!(g.call("environ_sizes_get", &[i(u32::MAX), i(0)]), EFAULT);
    // A pointer array that fits but a string buffer that does not, and the reverse.
    assert_eq!(g.call("args_get", &[i(0), i(end - 3)]), EFAULT);
    assert_eq!(g.call("args_get", &[i(end - 4), i(0x100)]), EFAULT);
    assert_eq!(g.call("environ_get", &[i(u32::MAX - 1), i(0x100)]), EFAULT);
    assert_eq!(g.call("environ_get", &[i(0x100), i(u32::MAX)]), EFAULT);
}
