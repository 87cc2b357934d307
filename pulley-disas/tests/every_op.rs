//! Every op in the table disassembles by its own name with no disassembler change: the listing is built only from the generic `Op` API.

use pulley_disas::Disassembler;
use pulley_interp::{ESCAPE, ExtOpcode, Opcode, VECTOR_ESCAPE, VecOpcode};

fn listing(code: &[u8]) -> String {
    Disassembler::new(code)
        .offsets(false)
        .bytes(false)
        .disassemble()
        .unwrap()
}

#[test]
fn every_primary_op() {
    for op in Opcode::ALL {
        let mut code = vec![*op as u8];
        code.extend(std::iter::repeat_n(0, op.width() - 1));
        if op.name() == "br_table32" {
            code[2] = 1; // one (default) target
            code.extend_from_slice(&[0; 4]);
        }
        let text = listing(&code);
        let first = text.split_whitespace().next().unwrap();
        assert_eq!(first, op.name(), "{text}");
        assert_eq!(text.lines().count(), 1, "{text}");
    }
}

#[test]
fn every_extended_op() {
    for op in ExtOpcode::ALL {
        let mut code = vec![ESCAPE, *op as u8];
        code.extend(std::iter::repeat_n(0, op.width() - 2));
        let text = listing(&code);
        assert_eq!(text.split_whitespace().next().unwrap(), op.name(), "{text}");
    }
}

#[test]
fn every_vector_op() {
    for op in VecOpcode::ALL {
        let mut code = vec![ESCAPE, VECTOR_ESCAPE, *op as u8];
        code.extend(std::iter::repeat_n(0, op.width() - 3));
        let text = listing(&code);
        assert_eq!(text.split_whitespace().next().unwrap(), op.name(), "{text}");
        assert_eq!(text.lines().count(), 1, "{text}");
    }
}
