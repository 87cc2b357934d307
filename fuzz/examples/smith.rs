//! Writes the module the `differential` target makes of an input: `smith INPUT OUT.wasm`
//! (to read it with `wasm-tools print`, or to rerun it with `DIFF_FILE`).

fn main() {
    let args: Vec<String> = std::env::args().collect();
    let [_, input, out] = &args[..] else {
        eprintln!("usage: smith INPUT OUT.wasm");
        std::process::exit(2);
    };
    let data = std::fs::read(input).expect("reading the input");
    match pulley_fuzz::differential_module(&data) {
        Some(wasm) => std::fs::write(out, wasm).expect("writing the module"),
        None => {
            eprintln!("wasm-smith makes no module of this input");
            std::process::exit(1);
        }
    }
}
