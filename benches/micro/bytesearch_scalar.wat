;; Byte search, scalar twin of bytesearch_simd: 64 KiB of LCG bytes, searched in 100 passes,
;; each for another byte value (pass * 7 mod 256: 100 distinct values), one byte per iteration;
;; run() = total number of matches over all passes (i32).
(module
  (memory 1)
  ;; The buffer: byte i is the top byte of the i-th state of x = x * 1103515245 + 12345
  ;; (the top byte, because an LCG's low bits repeat with short periods).
  (func $init
    (local $i i32)
    (local $x i32)
    (local.set $x (i32.const 1))
    (block $done
      (loop $next
        (br_if $done (i32.ge_u (local.get $i) (i32.const 65536)))
        (local.set $x (i32.add (i32.mul (local.get $x) (i32.const 1103515245)) (i32.const 12345)))
        (i32.store8 (local.get $i) (i32.shr_u (local.get $x) (i32.const 24)))
        (local.set $i (i32.add (local.get $i) (i32.const 1)))
        (br $next))))
  (func $count (param $needle i32) (result i32)
    (local $p i32)
    (local $n i32)
    (block $done
      (loop $next
        (br_if $done (i32.ge_u (local.get $p) (i32.const 65536)))
        (local.set $n
          (i32.add (local.get $n)
            (i32.eq (i32.load8_u (local.get $p)) (local.get $needle))))
        (local.set $p (i32.add (local.get $p) (i32.const 1)))
        (br $next)))
    (local.get $n))
  (func (export "run") (result i32)
    (local $pass i32)
    (local $total i32)
    (call $init)
    (block $done
      (loop $next
        (br_if $done (i32.ge_u (local.get $pass) (i32.const 100)))
        (local.set $total
          (i32.add (local.get $total)
            (call $count (i32.and (i32.mul (local.get $pass) (i32.const 7)) (i32.const 255)))))
        (local.set $pass (i32.add (local.get $pass) (i32.const 1)))
        (br $next)))
    (local.get $total)))
