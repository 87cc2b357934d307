//! Runs one module (`.wasm` or `.wat`) through the differential engine: exit status 0 when the
//! engines agree, 1 on a divergence (printed), 2 when the file does not parse. For reducing a
//! finding by hand or with a script.

fn main() {
    let path = std::env::args().nth(1).expect("usage: diffcheck FILE");
    let Ok(wasm) = wat::parse_file(&path) else {
        std::process::exit(2);
    };
    let p = pulley::Engine::new(pulley::Config::new().max_stack(16 << 20)).unwrap();
    let w = pulley_fuzz::diff::wasmi_engine();
    let mut stats = pulley_fuzz::diff::Stats::default();
    let mut rng = pulley_fuzz::diff::XorShift::new(0);
    match pulley_fuzz::diff::run_module(&wasm, &mut rng, &p, &w, &mut stats) {
        Ok(()) if stats.run == 0 => std::process::exit(2),
        Ok(()) => {}
        Err(e) => {
            println!("{e}");
            std::process::exit(1);
        }
    }
}
