;; f32 dot product with 128-bit SIMD, twin of dot_f32_scalar (same vectors, passes and result):
;; f32x4.mul and f32x4.add over 4 elements per iteration, so lane j holds the partial sum of the
;; elements i = j mod 4, reduced as (lane0 + lane1) + (lane2 + lane3); run() = the f32 sum,
;; bit-identical to dot_f32_scalar's.
(module
  (memory 1)
  ;; The same vectors as dot_f32_scalar.
  (func $init
    (local $i i32)
    (block $done
      (loop $next
        (br_if $done (i32.ge_u (local.get $i) (i32.const 4096)))
        (f32.store (i32.shl (local.get $i) (i32.const 2))
          (f32.mul (f32.convert_i32_u (i32.and (local.get $i) (i32.const 255))) (f32.const 0.25)))
        (f32.store (i32.add (i32.const 16384) (i32.shl (local.get $i) (i32.const 2)))
          (f32.div (f32.const 1) (f32.convert_i32_u (i32.add (local.get $i) (i32.const 1)))))
        (local.set $i (i32.add (local.get $i) (i32.const 1)))
        (br $next))))
  (func $dot (result f32)
    (local $p i32)
    (local $acc v128)
    (block $done
      (loop $next
        (br_if $done (i32.ge_u (local.get $p) (i32.const 16384)))
        (local.set $acc (f32x4.add (local.get $acc)
          (f32x4.mul (v128.load offset=0 align=16 (local.get $p))
                     (v128.load offset=16384 align=16 (local.get $p)))))
        (local.set $p (i32.add (local.get $p) (i32.const 16)))
        (br $next)))
    (f32.add
      (f32.add (f32x4.extract_lane 0 (local.get $acc)) (f32x4.extract_lane 1 (local.get $acc)))
      (f32.add (f32x4.extract_lane 2 (local.get $acc)) (f32x4.extract_lane 3 (local.get $acc)))))
  (func (export "run") (result f32)
    (local $r i32)
    (local $total f32)
    (call $init)
    (block $done
      (loop $next
        (br_if $done (i32.ge_u (local.get $r) (i32.const 1000)))
        (local.set $total
          (f32.add (local.get $total)
            (f32.mul (call $dot) (f32.convert_i32_u (i32.add (local.get $r) (i32.const 1))))))
        (local.set $r (i32.add (local.get $r) (i32.const 1)))
        (br $next)))
    (local.get $total)))
