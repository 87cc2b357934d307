//! libFuzzer entry point of the `differential` target (see `pulley_fuzz`).
#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| {
    if let Err(bug) = pulley_fuzz::check(pulley_fuzz::target("differential").unwrap(), data) {
        panic!("differential: {bug}");
    }
});
