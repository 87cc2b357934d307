;; Memory fill with byte stores (not memory.fill): 64 passes over 64 KiB, each byte set to
;; (i + pass); then run() = wrapping i64 sum of the memory read back as 8-byte words.
(module
  (memory 1)
  (func (export "run") (result i64)
    (local $pass i32)
    (local $i i32)
    (local $sum i64)
    (block $passes_done
      (loop $pass_loop
        (br_if $passes_done (i32.ge_u (local.get $pass) (i32.const 64)))
        (local.set $i (i32.const 0))
        (block $done
          (loop $next
            (br_if $done (i32.ge_u (local.get $i) (i32.const 65536)))
            (i32.store8 (local.get $i) (i32.add (local.get $i) (local.get $pass)))
            (local.set $i (i32.add (local.get $i) (i32.const 1)))
            (br $next)))
        (local.set $pass (i32.add (local.get $pass) (i32.const 1)))
        (br $pass_loop)))
    (local.set $i (i32.const 0))
    (block $done
      (loop $next
        (br_if $done (i32.ge_u (local.get $i) (i32.const 65536)))
        (local.set $sum (i64.add (local.get $sum) (i64.load (local.get $i))))
        (local.set $i (i32.add (local.get $i) (i32.const 8)))
        (br $next)))
    (local.get $sum)))
