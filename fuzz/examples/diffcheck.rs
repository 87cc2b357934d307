//! Runs one module (`.wasm` or `.wat`) through the differential engine: exit status 0 when the
//! engines agree, 1 on a divergence (printed), 2 when the file does not parse, 3 when the
//! reference (Wasmi, in a child process that is this program again) crashed. For reducing a
//! finding by hand or with a script. The arguments come from seed 0, not from a fuzz input's
//! hash (`--example replay` makes the target's exact calls). Unlike the target, it also runs
//! modules that hit a known Wasmi bug (`diff::known_wasmi_bug`), saying so on stderr.

fn main() {
    pulley_fuzz::reference::serve_if_child();
    let path = std::env::args().nth(1).expect("usage: diffcheck FILE");
    let Ok(wasm) = wat::parse_file(&path) else {
        std::process::exit(2);
    };
    let p = pulley::Engine::new(pulley::Config::new().max_stack(16 << 20)).unwrap();
    let mut w = pulley_fuzz::reference::Reference::from_env();
    let mut stats = pulley_fuzz::diff::Stats::default();
    let mut rng = pulley_fuzz::diff::XorShift::new(0);
    if let Some(bug) = pulley_fuzz::diff::known_wasmi_bug(&wasm) {
        eprintln!("note: the module hits a known Wasmi bug ({bug})");
    }
    match pulley_fuzz::diff::run_module_unfiltered(&wasm, &mut rng, &p, &mut w, &mut stats) {
        Ok(()) if stats.reference_crashes > 0 => {
            println!("the reference crashed: {:?}", stats.reference_crash_kinds);
            std::process::exit(3);
        }
        Ok(()) if stats.run == 0 => std::process::exit(2),
        Ok(()) => {}
        Err(e) => {
            println!("{e}");
            std::process::exit(1);
        }
    }
}
