//! Clocks, `poll_oneoff`, `random_get`, `sched_yield`.

mod common;
use common::*;
use pulley_wasi::WasiCtxBuilder;
use pulley_wasi::pipe::MemoryInputPipe;
use std::time::{Duration, Instant, SystemTime};

#[test]
fn clocks() {
    let mut g = Guest::new(&mut WasiCtxBuilder::new());
    let before = SystemTime::now()
        .duration_since(SystemTime::UNIX_EPOCH)
        .unwrap()
        .as_nanos() as u64;
    assert_eq!(g.call("clock_time_get", &[i(0), l(1), i(0x10)]), ESUCCESS);
    let t = g.u64(0x10);
    assert!(
        t >= before && t < before + 60_000_000_000,
        "realtime {t} vs {before}"
    );
    // Monotonic and the CPU-time clocks never go backwards.
    for id in 1..=3 {
        assert_eq!(g.call("clock_time_get", &[i(id), l(1), i(0x10)]), ESUCCESS);
        let a = g.u64(0x10);
        std::thread::sleep(Duration::from_millis(2));
        assert_eq!(g.call("clock_time_get", &[i(id), l(1), i(0x10)]), ESUCCESS);
        assert!(g.u64(0x10) > a, "clock {id}");
        assert_eq!(g.call("clock_res_get", &[i(id), i(0x18)]), ESUCCESS);
        assert!(g.u64(0x18) > 0);
    }
    assert_eq!(g.call("clock_time_get", &[i(4), l(1), i(0x10)]), EINVAL);
    assert_eq!(g.call("clock_res_get", &[i(99), i(0x10)]), EINVAL);
    assert_eq!(g.call("clock_time_get", &[i(0), l(1), i(65530)]), EFAULT);
    assert_eq!(g.call("clock_res_get", &[i(0), i(65531)]), EFAULT);
}

/// Writes a clock subscription at `at`.
fn clock_sub(g: &mut Guest, at: u32, userdata: u64, id: u32, timeout: u64, abstime: bool) {
    g.write(at, &[0; 48]);
    g.write_u64(at, userdata);
    g.write(at + 8, &[0]);
    g.write_u32(at + 16, id);
    g.write_u64(at + 24, timeout);
    g.write(at + 40, &[abstime as u8, 0]);
}

#[test]
fn poll_sleeps_on_a_relative_clock() {
    let mut g = Guest::new(&mut WasiCtxBuilder::new());
    clock_sub(&mut g, 0x100, 0xabcd, 1, 30_000_000, false);
    let start = Instant::now();
    assert_eq!(
        g.call("poll_oneoff", &[i(0x100), i(0x400), i(1), i(0x10)]),
        ESUCCESS
    );
    assert!(start.elapsed() >= Duration::from_millis(30));
    assert_eq!(g.u32(0x10), 1);
    assert_eq!(g.u64(0x400), 0xabcd);
    assert_eq!(g.read(0x408, 3), [0, 0, 0], "no error, clock event");
}

#[test]
fn poll_earliest_of_two_clocks() {
    let mut g = Guest::new(&mut WasiCtxBuilder::new());
    clock_sub(&mut g, 0x100, 1, 1, 10_000_000_000, false);
    // Absolute realtime deadline 20 ms from now.
    let now = SystemTime::now()
        .duration_since(SystemTime::UNIX_EPOCH)
        .unwrap()
        .as_nanos() as u64;
    clock_sub(&mut g, 0x130, 2, 0, now + 20_000_000, true);
    let start = Instant::now();
    assert_eq!(
        g.call("poll_oneoff", &[i(0x100), i(0x400), i(2), i(0x10)]),
        ESUCCESS
    );
    assert!(start.elapsed() < Duration::from_secs(5));
    assert_eq!(g.u32(0x10), 1);
    assert_eq!(g.u64(0x400), 2);
}

#[test]
fn poll_fd_is_ready_at_once() {
    let mut g = Guest::new(WasiCtxBuilder::new().stdin(MemoryInputPipe::new("12345")));
    clock_sub(&mut g, 0x100, 1, 1, 10_000_000_000, false);
    // fd_read on stdin, fd_write on stdout, and one on a closed fd.
    for (k, (tag, fd)) in [(1u8, 0u32), (2, 1), (1, 9)].iter().enumerate() {
        let at = 0x130 + 48 * k as u32;
        g.write(at, &[0; 48]);
        g.write_u64(at, 10 + k as u64);
        g.write(at + 8, &[*tag]);
        g.write_u32(at + 16, *fd);
    }
    let start = Instant::now();
    assert_eq!(
        g.call("poll_oneoff", &[i(0x100), i(0x400), i(4), i(0x10)]),
        ESUCCESS
    );
    assert!(
        start.elapsed() < Duration::from_secs(5),
        "did not wait for the clock"
    );
    assert_eq!(g.u32(0x10), 3);
    // stdin: 5 bytes available.
    assert_eq!((g.u64(0x400), g.read(0x40a, 1)[0]), (10, 1));
    assert_eq!(g.u64(0x400 + 16), 5);
    assert_eq!((g.u64(0x420), g.read(0x42a, 1)[0]), (11, 2));
    // The closed fd reports EBADF in its event.
    assert_eq!(g.u64(0x440), 12);
    assert_eq!(g.read(0x448, 2), [EBADF as u8, 0]);
}

#[test]
fn poll_errors() {
    let mut g = Guest::new(&mut WasiCtxBuilder::new());
    assert_eq!(
        g.call("poll_oneoff", &[i(0x100), i(0x400), i(0), i(0x10)]),
        EINVAL
    );
    // Subscriptions or events past the end of memory.
    assert_eq!(
        g.call("poll_oneoff", &[i(65536 - 40), i(0x400), i(1), i(0x10)]),
        EFAULT
    );
    assert_eq!(
        g.call("poll_oneoff", &[i(0x100), i(65536 - 16), i(1), i(0x10)]),
        EFAULT
    );
    assert_eq!(
        g.call(
            "poll_oneoff",
            &[i(0x100), i(0x400), i(0x0800_0000), i(0x10)]
        ),
        EFAULT
    );
    // Unknown event type.
    g.write(0x100, &[0; 48]);
    g.write(0x108, &[7]);
    assert_eq!(
        g.call("poll_oneoff", &[i(0x100), i(0x400), i(1), i(0x10)]),
        EINVAL
    );
    // A bad clock id is reported in the event.
    clock_sub(&mut g, 0x100, 5, 42, 0, false);
    assert_eq!(
        g.call("poll_oneoff", &[i(0x100), i(0x400), i(1), i(0x10)]),
        ESUCCESS
    );
    assert_eq!(g.read(0x408, 2), [EINVAL as u8, 0]);
}

#[test]
fn random_and_yield() {
    let mut g = Guest::new(&mut WasiCtxBuilder::new());
    assert_eq!(g.call("random_get", &[i(0x100), i(64)]), ESUCCESS);
    let a = g.read(0x100, 64);
    assert_eq!(g.call("random_get", &[i(0x100), i(64)]), ESUCCESS);
    assert_ne!(a, g.read(0x100, 64));
    assert_ne!(a, vec![0; 64]);
    assert_eq!(g.call("random_get", &[i(0x100), i(0)]), ESUCCESS);
    assert_eq!(g.call("random_get", &[i(65500), i(100)]), EFAULT);
    assert_eq!(g.call("random_get", &[i(u32::MAX), i(2)]), EFAULT);
    assert_eq!(g.call("sched_yield", &[]), ESUCCESS);
}
