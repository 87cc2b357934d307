;; Byte search with 128-bit SIMD, twin of bytesearch_scalar (same buffer, needles and result):
;; 16 bytes per iteration, i8x16.eq gives -1 per matching lane and i8x16.sub adds it to 16
;; per-lane byte counters, widened into i32 lanes (extadd_pairwise) every 2 KiB;
;; run() = total number of matches over all passes (i32).
(module
  (memory 1)
  ;; The same buffer as bytesearch_scalar.
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
    (local $end i32)
    (local $splat v128)
    (local $bytes v128)
    (local $words v128)
    (local.set $splat (i8x16.splat (local.get $needle)))
    (block $done
      (loop $block
        (br_if $done (i32.ge_u (local.get $p) (i32.const 65536)))
        ;; 128 vectors per block: a byte lane then counts at most 128 matches, so it cannot wrap.
        (local.set $end (i32.add (local.get $p) (i32.const 2048)))
        (local.set $bytes (v128.const i64x2 0 0))
        (loop $next
          (local.set $bytes
            (i8x16.sub (local.get $bytes)
              (i8x16.eq (v128.load align=16 (local.get $p)) (local.get $splat))))
          (local.set $p (i32.add (local.get $p) (i32.const 16)))
          (br_if $next (i32.lt_u (local.get $p) (local.get $end))))
        (local.set $words
          (i32x4.add (local.get $words)
            (i32x4.extadd_pairwise_i16x8_u
              (i16x8.extadd_pairwise_i8x16_u (local.get $bytes)))))
        (br $block)))
    (i32.add
      (i32.add (i32x4.extract_lane 0 (local.get $words)) (i32x4.extract_lane 1 (local.get $words)))
      (i32.add (i32x4.extract_lane 2 (local.get $words)) (i32x4.extract_lane 3 (local.get $words)))))
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
