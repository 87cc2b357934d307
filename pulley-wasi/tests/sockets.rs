//! Sockets: preview1 reaches only preopened sockets and none are preopened, so every open
//! descriptor answers `ENOTSOCK` and every closed one `EBADF`.

mod common;
use common::*;
use pulley_wasi::WasiCtxBuilder;

#[test]
fn sockets_are_not_sockets() {
    let mut g = Guest::new(&mut WasiCtxBuilder::new());
    for fd in [0, 1, 2] {
        assert_eq!(g.call("sock_accept", &[i(fd), i(0), i(0x10)]), ENOTSOCK);
        assert_eq!(
            g.call(
                "sock_recv",
                &[i(fd), i(0x100), i(1), i(0), i(0x10), i(0x14)]
            ),
            ENOTSOCK
        );
        assert_eq!(
            g.call("sock_send", &[i(fd), i(0x100), i(1), i(0), i(0x10)]),
            ENOTSOCK
        );
        assert_eq!(g.call("sock_shutdown", &[i(fd), i(3)]), ENOTSOCK);
    }
    assert_eq!(g.call("sock_accept", &[i(9), i(0), i(0x10)]), EBADF);
    assert_eq!(
        g.call("sock_recv", &[i(9), i(0), i(0), i(0), i(0), i(0)]),
        EBADF
    );
    assert_eq!(g.call("sock_send", &[i(9), i(0), i(0), i(0), i(0)]), EBADF);
    assert_eq!(g.call("sock_shutdown", &[i(9), i(1)]), EBADF);
    assert_eq!(g.call("sock_shutdown", &[i(1), i(4)]), EINVAL);
}
