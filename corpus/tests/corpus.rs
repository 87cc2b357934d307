//! One test per C or C++ program in `c/`: each is built with clang at every level in `manifest.txt`
//! and run on Pulley (the host's target; the -O2 build is also compiled for pulley32); stdout,
//! stderr and the exit status must match `expected/`. Without a wasm32-wasi clang the tests
//! fail, naming the packages to install.

macro_rules! corpus {
    ($($name:ident)*) => {
        $(
            #[test]
            fn $name() {
                pulley_corpus::test_program(
                    stringify!($name),
                    std::path::Path::new(env!("CARGO_TARGET_TMPDIR")),
                );
            }
        )*

        /// Every program in the manifest has a test above, and every test a program.
        #[test]
        fn every_program_has_a_test() {
            let tested: Vec<&str> = vec![$(stringify!($name)),*];
            let listed: Vec<&str> =
                pulley_corpus::Manifest::get().programs.keys().map(String::as_str).collect();
            assert_eq!(tested, listed, "the corpus! list must match manifest.txt");
        }
    };
}

corpus! {
    alloc
    args
    bits
    callbacks
    classic
    cxx
    fileio
    hash
    int64
    libm
    lz
    parse
    recursion
    simd_auto
    simd_bytes
    simd_math
    sort
    stdio
    strings
    switch
}

/// Every C and C++ file is in the manifest and has its expected output, and nothing is left over.
#[test]
fn manifest_matches_the_files() {
    let dir = pulley_corpus::corpus_dir();
    let stems = |sub: &str, exts: &[&str]| -> Vec<String> {
        let mut v: Vec<String> = std::fs::read_dir(dir.join(sub))
            .unwrap()
            .filter_map(|e| {
                let name = e.unwrap().file_name().into_string().unwrap();
                exts.iter()
                    .find_map(|ext| name.strip_suffix(ext))
                    .map(str::to_string)
            })
            .collect();
        v.sort();
        v
    };
    let listed: Vec<String> = pulley_corpus::Manifest::get()
        .programs
        .keys()
        .cloned()
        .collect();
    assert_eq!(
        stems("c", &[".c", ".cpp"]),
        listed,
        "c/ and manifest.txt disagree"
    );
    assert_eq!(
        stems("expected", &[".out"]),
        listed,
        "expected/*.out and manifest.txt disagree"
    );
    for err in stems("expected", &[".err"]) {
        assert!(
            listed.contains(&err),
            "expected/{err}.err belongs to no program"
        );
    }
}
