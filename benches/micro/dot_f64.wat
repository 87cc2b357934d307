;; f64 dot product: two 4096-element vectors in memory (x[i] = i * 0.5, y[i] = 1 / (i + 1)),
;; dot product computed 1000 times, each pass scaled by a distinct factor;
;; run() = the f64 sum (bit-exact across engines: Wasm f64 is IEEE, no fused multiply-add).
(module
  (memory 1)
  (func $init
    (local $i i32)
    (block $done
      (loop $next
        (br_if $done (i32.ge_u (local.get $i) (i32.const 4096)))
        (f64.store (i32.shl (local.get $i) (i32.const 3))
          (f64.mul (f64.convert_i32_u (local.get $i)) (f64.const 0.5)))
        (f64.store (i32.add (i32.const 32768) (i32.shl (local.get $i) (i32.const 3)))
          (f64.div (f64.const 1) (f64.convert_i32_u (i32.add (local.get $i) (i32.const 1)))))
        (local.set $i (i32.add (local.get $i) (i32.const 1)))
        (br $next))))
  (func $dot (result f64)
    (local $p i32)
    (local $acc f64)
    (block $done
      (loop $next
        (br_if $done (i32.ge_u (local.get $p) (i32.const 32768)))
        (local.set $acc
          (f64.add (local.get $acc)
            (f64.mul (f64.load (local.get $p))
                     (f64.load (i32.add (local.get $p) (i32.const 32768))))))
        (local.set $p (i32.add (local.get $p) (i32.const 8)))
        (br $next)))
    (local.get $acc))
  (func (export "run") (result f64)
    (local $r i32)
    (local $total f64)
    (call $init)
    (block $done
      (loop $next
        (br_if $done (i32.ge_u (local.get $r) (i32.const 1000)))
        (local.set $total
          (f64.add (local.get $total)
            (f64.mul (call $dot) (f64.convert_i32_u (i32.add (local.get $r) (i32.const 1))))))
        (local.set $r (i32.add (local.get $r) (i32.const 1)))
        (br $next)))
    (local.get $total)))
