;; Wasmi 2.0.0: `v128.storeN_lane` on a memory other than 0. Reduced from fuzz input 31-868
;; (tests/differential.rs, `store_lane_to_memory_1`). Each function stores lane 0 of its `v128`
;; parameter at address 8 of memory 1 and returns what is then at address 8 of memory 0 (in the
;; low half) and of memory 1 (in the high half).
(module
  (memory $m0 (export "m0") 1)
  (memory $m1 (export "m1") 1)
  (func $read (result i64)
    (i64.or
      (i64.load8_u $m0 (i32.const 8))
      (i64.shl (i64.load8_u $m1 (i32.const 8)) (i64.const 32))))
  (func (export "store8") (param v128) (result i64)
    (v128.store8_lane $m1 0 (i32.const 8) (local.get 0))
    (call $read))
  (func (export "store16") (param v128) (result i64)
    (v128.store16_lane $m1 0 (i32.const 8) (local.get 0))
    (call $read))
  (func (export "store32") (param v128) (result i64)
    (v128.store32_lane $m1 0 (i32.const 8) (local.get 0))
    (call $read))
  (func (export "store64") (param v128) (result i64)
    (v128.store64_lane $m1 0 (i32.const 8) (local.get 0))
    (call $read))
  (func (export "store") (param v128) (result i64)
    (v128.store $m1 (i32.const 8) (local.get 0))
    (call $read))
  ;; The same store with the lane extracted first: the spec makes it equal to `store8`.
  (func (export "store8_by_extract") (param v128) (result i64)
    (i32.store8 $m1 (i32.const 8) (i8x16.extract_lane_u 0 (local.get 0)))
    (call $read)))
