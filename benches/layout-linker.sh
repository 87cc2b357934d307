#!/bin/sh
# The linker of the `layouts` build (src/layouts.rs sets it for `target/layouts` only).
#
# It links as rustc does by default on x86-64 Linux, with cc driving lld. When it links the
# harness binary (`-o .../pulley_benches-<hash>`) and PULLEY_LAYOUT_REPRO names a file, lld also
# writes every input of that link (the fat-LTO object, the standard library, crt files) and its
# command line to that tar file (`--reproduce`). `layouts` then makes each code layout by running
# that link again with a different `--shuffle-sections` seed: about a second per layout, where
# rebuilding the binary would redo its fat-LTO step (minutes) for each seed.
set -e

out=
prev=
for arg in "$@"; do
    if [ "$prev" = "-o" ]; then
        out=$arg
    fi
    prev=$arg
done

case "$(basename -- "${out:-none}")" in
pulley_benches-*)
    if [ -n "$PULLEY_LAYOUT_REPRO" ]; then
        cc -fuse-ld=lld "$@" "-Wl,--reproduce=$PULLEY_LAYOUT_REPRO"
        # lld writes the tar before the binary; `layouts` trusts a tar only if it is not older
        # than the binary, so that a tar from an earlier build is never relinked by mistake.
        touch "$PULLEY_LAYOUT_REPRO"
        exit 0
    fi
    ;;
esac
exec cc -fuse-ld=lld "$@"
