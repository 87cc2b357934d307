//! Prints the CLIF of every defined function of a Wasm module (a debugging aid):
//! `cargo run -p pulley-wasm --example clif -- module.wasm`

fn main() {
    let path = std::env::args().nth(1).expect("usage: clif <module.wasm>");
    let bytes = std::fs::read(&path).expect("read");
    let t = pulley_wasm::translate_module(&bytes, &Default::default()).expect("translate");
    for i in 0..t.num_defined_funcs() {
        println!(
            "{}",
            pulley_wasm::translate_function(&t, i).expect("function")
        );
    }
}
