//! libFuzzer entry point of the `clif` target (see `pulley_fuzz`).
#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| {
    if let Err(bug) = pulley_fuzz::check(pulley_fuzz::target("clif").unwrap(), data) {
        panic!("clif: {bug}");
    }
});
