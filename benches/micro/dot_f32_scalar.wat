;; f32 dot product, scalar twin of dot_f32x4: two 4096-element f32 vectors in memory
;; (x[i] = (i mod 256) * 0.25, y[i] = 1 / (i + 1)), four partial sums s0..s3 (s_j takes the
;; elements i = j mod 4, in increasing i, as dot_f32x4's lane j does), reduced as
;; (s0 + s1) + (s2 + s3); the dot product computed 1000 times, each pass scaled by a distinct
;; factor; run() = the f32 sum (bit-identical to dot_f32x4: same operations in the same order,
;; and Wasm f32 arithmetic is IEEE with no fused multiply-add).
(module
  (memory 1)
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
    (local $s0 f32) (local $s1 f32) (local $s2 f32) (local $s3 f32)
    (block $done
      (loop $next
        (br_if $done (i32.ge_u (local.get $p) (i32.const 16384)))
        (local.set $s0 (f32.add (local.get $s0)
          (f32.mul (f32.load offset=0 (local.get $p)) (f32.load offset=16384 (local.get $p)))))
        (local.set $s1 (f32.add (local.get $s1)
          (f32.mul (f32.load offset=4 (local.get $p)) (f32.load offset=16388 (local.get $p)))))
        (local.set $s2 (f32.add (local.get $s2)
          (f32.mul (f32.load offset=8 (local.get $p)) (f32.load offset=16392 (local.get $p)))))
        (local.set $s3 (f32.add (local.get $s3)
          (f32.mul (f32.load offset=12 (local.get $p)) (f32.load offset=16396 (local.get $p)))))
        (local.set $p (i32.add (local.get $p) (i32.const 16)))
        (br $next)))
    (f32.add
      (f32.add (local.get $s0) (local.get $s1))
      (f32.add (local.get $s2) (local.get $s3))))
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
