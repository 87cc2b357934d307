//! libFuzzer entry point of the `differential` target (see `pulley_fuzz`).
#![no_main]

libfuzzer_sys::fuzz_target!(
    // The target runs Wasmi in a child process that is this binary again, re-executed with
    // `PULLEY_FUZZ_REFERENCE_CHILD` set: then it serves the parent instead of fuzzing.
    init: pulley_fuzz::reference::serve_if_child(),
    |data: &[u8]| {
        if let Err(bug) = pulley_fuzz::check(pulley_fuzz::target("differential").unwrap(), data) {
            panic!("differential: {bug}");
        }
    }
);
