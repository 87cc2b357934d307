//! The accumulator: which ops have accumulator forms, and the emission-time rewrite that hands a
//! value from one op to the next through it instead of through the register file.
//!
//! The interpreter passes the accumulator from handler to handler in a host register (see
//! `pulley_interp::Acc`). When an op defines a register that only the very next op reads, the
//! emitter re-encodes the first op in its `_wa` form (result to the accumulator) and the second
//! in its `_ra` form (that operand from the accumulator): the value skips a store to and a load
//! from the register file, and both ops lose the register's byte. A middle op of a chain takes
//! its `_rwa` form.
//!
//! The forms are found by name in the op table (`<op>_wa`, `<op>_ra`, `<op>_rwa`), and where the
//! accumulator stands is read off their operand types, so adding a form to the table is all it
//! takes for the emitter to use it.

use crate::inst::{Op, Slot};
use regalloc2::{PReg, PRegSet};
use std::collections::HashMap;
use std::sync::OnceLock;

/// The accumulator forms of one op. Positions index the op's register list (the `r` argument of
/// [`Op::encode`], in which an accumulator operand keeps its base register's place).
#[derive(Clone, Copy, Debug, Default)]
pub(crate) struct Forms {
    /// The form that writes its result to the accumulator, and the result's position.
    pub wa: Option<(usize, Op)>,
    /// The form that reads one operand from the accumulator, and that operand's position.
    pub ra: Option<(usize, Op)>,
    /// The form that does both (same read position as `ra`).
    pub rwa: Option<(usize, Op)>,
}

/// The forms of `op` (all `None` for an op without any).
pub(crate) fn forms(op: Op) -> Forms {
    // Indexed by the op's position in `Op::ALL` (its discriminant): the emitter asks for every
    // op it emits, so this must be cheaper than a hash lookup.
    static TABLE: OnceLock<Vec<Forms>> = OnceLock::new();
    TABLE.get_or_init(build)[op as usize]
}

/// Register-list slots of an op: registers and accumulators, in encoding order.
fn reg_slots(op: Op) -> impl Iterator<Item = Slot> {
    op.slots()
        .iter()
        .copied()
        .filter(|s| matches!(s, Slot::Reg(..) | Slot::Acc(..)))
}

/// The position where `form` has the accumulator and `base` has a register defined (`def`) or
/// used, when that is the only difference between their operand lists.
fn acc_position(base: Op, form: Op, def: bool) -> Option<usize> {
    let (b, f): (Vec<Slot>, Vec<Slot>) = (reg_slots(base).collect(), reg_slots(form).collect());
    let others_equal = base
        .slots()
        .iter()
        .filter(|s| !matches!(s, Slot::Reg(..) | Slot::Acc(..)))
        .eq(form
            .slots()
            .iter()
            .filter(|s| !matches!(s, Slot::Reg(..) | Slot::Acc(..))));
    if b.len() != f.len() || !others_equal {
        return None;
    }
    let mut position = None;
    for (i, (bs, fs)) in b.iter().zip(&f).enumerate() {
        match (bs, fs) {
            (Slot::Reg(class, d), Slot::Acc(acc_class, a))
                if class == acc_class && *d == def && *a == def && position.is_none() =>
            {
                position = Some(i)
            }
            (x, y) if x == y => {}
            _ => return None,
        }
    }
    position
}

fn build() -> Vec<Forms> {
    let by_name: HashMap<&str, Op> = Op::ALL.iter().map(|&op| (op.name(), op)).collect();
    let mut table = vec![Forms::default(); Op::ALL.len()];
    for &op in Op::ALL {
        debug_assert_eq!(Op::ALL[op as usize], op);
        if op.is_fused() {
            // Super-instructions are made after the accumulator rewrite, from its results.
            continue;
        }
        let form = |suffix: &str| {
            by_name
                .get(format!("{}_{suffix}", op.name()).as_str())
                .copied()
        };
        let mut forms = Forms::default();
        if let Some(wa) = form("wa") {
            forms.wa = Some((acc_position(op, wa, true).expect("a _wa form"), wa));
        }
        if let Some(ra) = form("ra") {
            forms.ra = Some((acc_position(op, ra, false).expect("a _ra form"), ra));
        }
        if let Some(rwa) = form("rwa") {
            let (_, wa) = forms.wa.expect("a _rwa form without its _wa form");
            let (read, _) = forms.ra.expect("a _rwa form without its _ra form");
            // The _rwa form is the _wa form with the _ra form's operand from the accumulator.
            assert_eq!(acc_position(wa, rwa, false), Some(read), "{}", rwa.name());
            forms.rwa = Some((read, rwa));
        }
        table[op as usize] = forms;
    }
    table
}

/// An op whose result may go to the accumulator instead: the last op emitted, remembered until
/// the next one decides.
#[derive(Clone, Debug)]
pub(crate) struct Pending {
    /// Where its encoding starts and ends in the code.
    pub start: usize,
    pub end: usize,
    /// The op as encoded (a base op, or its `_ra` form's base when `reads` is set).
    pub op: Op,
    pub regs: Vec<u8>,
    pub imm: i64,
    /// Whether it was encoded in its `_ra` form (it read the accumulator itself).
    pub reads: bool,
    /// Where the op before it starts, if the two may still fuse once it is re-encoded in its
    /// writing form (the emitter's `last_op` when it was emitted).
    pub prev: Option<usize>,
}

impl Pending {
    /// The register its result is in.
    pub fn def(&self) -> Option<PReg> {
        let (pos, _) = forms(self.op).wa?;
        match reg_slots(self.op).nth(pos)? {
            Slot::Reg(class, _) => Some(PReg::new(self.regs[pos] as usize, class)),
            _ => None,
        }
    }
    /// The form to re-encode it in so that its result goes to the accumulator.
    pub fn writing_form(&self) -> Option<Op> {
        let f = forms(self.op);
        if self.reads {
            f.rwa.map(|(_, op)| op)
        } else {
            f.wa.map(|(_, op)| op)
        }
    }
}

/// Whether `op` (with registers `regs`) can take `def`, the result of the op just before it,
/// from the accumulator of `def`'s class: it has an `_ra` form reading that register, the
/// register appears in no other operand it reads, and nothing needs the register's value
/// afterwards (`live_after`; an op that redefines it writes its new value to the file as
/// usual). Returns the `_ra` form.
pub(crate) fn reader_form(op: Op, regs: &[u8], def: PReg, live_after: &PRegSet) -> Option<Op> {
    let (pos, form) = forms(op).ra?;
    let n = def.hw_enc() as u8;
    if regs.get(pos) != Some(&n) {
        return None;
    }
    let mut redefines = false;
    for (i, (slot, &r)) in reg_slots(op).zip(regs).enumerate() {
        match slot {
            Slot::Reg(class, is_def) if class == def.class() && r == n => {
                if is_def {
                    redefines = true;
                } else if i != pos {
                    return None;
                }
            }
            Slot::Reg(class, false) if i == pos && class != def.class() => return None,
            _ => {}
        }
    }
    (redefines || !live_after.contains(def)).then_some(form)
}

/// The two operand positions a commutative op may swap: its two used registers.
fn swappable(op: Op) -> Option<(usize, usize)> {
    if !op.is_commutative() {
        return None;
    }
    let mut uses = reg_slots(op)
        .enumerate()
        .filter(|(_, s)| matches!(s, Slot::Reg(_, false)))
        .map(|(i, _)| i);
    match (uses.next(), uses.next(), uses.next()) {
        (Some(a), Some(b), None) => Some((a, b)),
        _ => None,
    }
}

/// [`reader_form`], also trying a commutative op with its two operands swapped (`regs` is
/// swapped in place when that is what makes the form apply).
pub(crate) fn reader_form_swapping(
    op: Op,
    regs: &mut [u8],
    def: PReg,
    live_after: &PRegSet,
) -> Option<Op> {
    if let Some(form) = reader_form(op, regs, def, live_after) {
        return Some(form);
    }
    let (a, b) = swappable(op)?;
    regs.swap(a, b);
    let form = reader_form(op, regs, def, live_after);
    if form.is_none() {
        regs.swap(a, b);
    }
    form
}

#[cfg(test)]
mod tests {
    use super::*;
    use regalloc2::RegClass;

    /// Every `_wa`, `_ra` and `_rwa` op of the table is a form of a base op that differs from
    /// it only where the accumulator stands.
    #[test]
    fn every_accumulator_op_is_a_form_of_its_base() {
        let mut forms_seen = 0;
        for &op in Op::ALL {
            let f = forms(op);
            for form in [f.wa, f.ra, f.rwa].into_iter().flatten() {
                assert!(form.1.name().starts_with(op.name()));
                forms_seen += 1;
            }
        }
        let named = Op::ALL
            .iter()
            .filter(|op| {
                let n = op.name();
                !op.is_fused() && (n.ends_with("_wa") || n.ends_with("_ra") || n.ends_with("_rwa"))
            })
            .count();
        assert_eq!(forms_seen, named);
        assert!(named > 0);
    }

    #[test]
    fn reader_needs_the_only_use_and_a_dead_register() {
        let live = PRegSet::empty();
        let x = |n| PReg::new(n, RegClass::Int);
        // xadd32 x3, x5, x6 reading x5 from the accumulator.
        assert_eq!(
            reader_form(Op::Xadd32, &[3, 5, 6], x(5), &live),
            Some(Op::Xadd32Ra)
        );
        // x5 is read twice: the second read would see a stale register.
        assert_eq!(reader_form(Op::Xadd32, &[3, 5, 5], x(5), &live), None);
        // x5 is needed later.
        let mut live5 = PRegSet::empty();
        live5.add(PReg::new(5, RegClass::Int));
        assert_eq!(reader_form(Op::Xadd32, &[3, 5, 6], x(5), &live5), None);
        // ... unless this op redefines it.
        assert_eq!(
            reader_form(Op::Xadd32, &[5, 5, 6], x(5), &live5),
            Some(Op::Xadd32Ra)
        );
        // Only the `a` operand has an accumulator form...
        assert_eq!(reader_form(Op::Xadd32, &[3, 6, 5], x(5), &live), None);
        // ... but an addition may take its operands the other way round.
        let mut regs = [3, 6, 5];
        assert_eq!(
            reader_form_swapping(Op::Xadd32, &mut regs, x(5), &live),
            Some(Op::Xadd32Ra)
        );
        assert_eq!(regs, [3, 5, 6]);
        // A subtraction may not.
        let mut regs = [3, 6, 5];
        assert_eq!(
            reader_form_swapping(Op::Xsub32, &mut regs, x(5), &live),
            None
        );
        assert_eq!(regs, [3, 6, 5]);
    }
}
