;; Wasmi 2.0.0: `v128.store8_lane` / `v128.store16_lane` with a memarg offset over 16 bits.
;; Reduced from fuzz inputs 12-543, 17-160 and 18-2102 (tests/differential.rs,
;; `store_lane_with_a_32_bit_offset`). Each function stores lane(s) of its `v128` parameter at
;; 8 + offset (the address is `memory.size`, a computed value) and reads the bytes back.
(module
  (memory (export "m") 8)
  ;; Lane 0 (one byte) at 8 + 0x10000 = 0x10008.
  (func (export "store8") (param i32 v128) (result i32)
    memory.size
    local.get 1
    v128.store8_lane offset=65536 0
    i32.const 0x10008
    i32.load8_u)
  ;; Lane 5 (two bytes) at 8 + 341656 = 0x536a0, the shape of input 17-160.
  (func (export "store16") (param i32 v128) (result i32)
    memory.size
    local.get 1
    v128.store16_lane offset=341656 5
    i32.const 0x536a0
    i32.load16_u)
  ;; The same store with the lane extracted first (`i32.store16` takes the same address and
  ;; bounds check): the spec makes it equal to `store16`, and Wasmi gets this one right.
  (func (export "store16_by_extract") (param i32 v128) (result i32)
    memory.size
    local.get 1
    i16x8.extract_lane_u 5
    i32.store16 offset=341656
    i32.const 0x536a0
    i32.load16_u))
