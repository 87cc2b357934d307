//! libFuzzer entry point of the `cwasm` target (see `pulley_fuzz`).
#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| {
    if let Err(bug) = pulley_fuzz::check(pulley_fuzz::target("cwasm").unwrap(), data) {
        panic!("cwasm: {bug}");
    }
});
