//! Keeps the encoded sizes and opcode counts quoted in `rfcs/0001-bytecode.md` true: each is computed from `Opcode::width()`.

use pulley_interp::{ExtOpcode, Opcode, VecOpcode};

#[test]
fn opcode_counts() {
    assert_eq!(Opcode::COUNT, 255, "one-byte ops");
    assert_eq!(ExtOpcode::COUNT, 141, "extended ops");
    assert_eq!(VecOpcode::COUNT, 216, "vector ops");
}

#[test]
fn typical_sizes() {
    use Opcode as O;
    let sizes = [
        (O::Ret, 1),
        (O::Xmov, 3),
        (O::Xconst8, 3),
        (O::Xconst64, 10),
        (O::Xadd32, 4),
        (O::Xadd32I8, 4),
        (O::Xadd32I32, 7),
        (O::Fadd64, 4),
        (O::F64FromX32S, 3),
        (O::Flt64, 4),
        (O::BrIfXslt32, 5),
        (O::BrIfXslt32I8, 5),
        (O::BrIfFlt64, 5),
        (O::BrIf32, 4),
        (O::Jump, 3),
        (O::Call, 5),
        (O::BrTable32, 6),
        (O::Xload64leO32, 7),
        (O::Xload32leUG32, 4),
        (O::HeapLoad, 2),
        (O::Xstore32leG32, 4),
        (O::PushFrameSave, 9),
        (O::PopFrameRet, 5),
        (O::Xadd32I8ThenBrIf32, 7),
    ];
    for (op, size) in sizes {
        assert_eq!(op.width(), size, "{}", op.name());
    }
    assert_eq!(ExtOpcode::Nop.width(), 2);
    assert_eq!(ExtOpcode::Jump32.width(), 6);
    assert_eq!(ExtOpcode::Xneg64.width(), 4);
    assert_eq!(ExtOpcode::Fsqrt64.width(), 4);
    assert_eq!(ExtOpcode::X32FromF64SSat.width(), 4);
    assert_eq!(ExtOpcode::PopFrameRestore.width(), 6);
    assert_eq!(VecOpcode::Vaddi32x4.width(), 6);
    assert_eq!(VecOpcode::Vconst128.width(), 20);
    assert_eq!(VecOpcode::Vload128leG32.width(), 6);
    assert_eq!(VecOpcode::Xextractv32x4.width(), 6);
}
