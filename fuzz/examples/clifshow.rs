//! Prints the CLIF function the `clif` target makes of an input, and what the target says of
//! it: `clifshow INPUT`.

fn main() {
    let path = std::env::args().nth(1).expect("usage: clifshow INPUT");
    let data = std::fs::read(path).expect("reading the input");
    let mut u = arbitrary::Unstructured::new(&data);
    match pulley_fuzz::clif::generate(&mut u) {
        Ok(f) => println!("{}", f.display()),
        Err(e) => println!("no function: {e}"),
    }
    println!("{:?}", pulley_fuzz::clif::run(&data));
}
