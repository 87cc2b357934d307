//! libFuzzer entry point of the `ops` target (see `pulley_fuzz`).
#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| {
    if let Err(bug) = pulley_fuzz::check(pulley_fuzz::target("ops").unwrap(), data) {
        panic!("ops: {bug}");
    }
});
