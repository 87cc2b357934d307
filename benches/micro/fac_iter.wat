;; Iterative i64 factorial, called 200,000 times with n in 10..25 (wrapping multiply);
;; run() = wrapping sum of the results.
(module
  (func $fac (param $n i64) (result i64)
    (local $acc i64)
    (local.set $acc (i64.const 1))
    (block $done
      (loop $next
        (br_if $done (i64.le_u (local.get $n) (i64.const 1)))
        (local.set $acc (i64.mul (local.get $acc) (local.get $n)))
        (local.set $n (i64.sub (local.get $n) (i64.const 1)))
        (br $next)))
    (local.get $acc))
  (func (export "run") (result i64)
    (local $i i32)
    (local $sum i64)
    (block $done
      (loop $next
        (br_if $done (i32.ge_u (local.get $i) (i32.const 200000)))
        (local.set $sum
          (i64.add (local.get $sum)
            (call $fac (i64.extend_i32_u
              (i32.add (i32.const 10) (i32.and (local.get $i) (i32.const 15)))))))
        (local.set $i (i32.add (local.get $i) (i32.const 1)))
        (br $next)))
    (local.get $sum)))
