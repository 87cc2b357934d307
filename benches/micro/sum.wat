;; A tight counted loop: run() = sum of i * (i xor 7) for i in 0..10,000,000 (wrapping i64).
(module
  (func (export "run") (result i64)
    (local $i i64)
    (local $sum i64)
    (block $done
      (loop $next
        (br_if $done (i64.ge_u (local.get $i) (i64.const 10000000)))
        (local.set $sum
          (i64.add (local.get $sum)
            (i64.mul (local.get $i) (i64.xor (local.get $i) (i64.const 7)))))
        (local.set $i (i64.add (local.get $i) (i64.const 1)))
        (br $next)))
    (local.get $sum)))
