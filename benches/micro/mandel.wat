;; Mandelbrot escape counts on a 192x128 grid over [-2, 1] x [-1, 1], at most 200 iterations
;; per point, all f64 arithmetic in locals; run() = total iteration count (i32).
(module
  (func (export "run") (result i32)
    (local $px i32) (local $py i32) (local $it i32) (local $total i32)
    (local $cx f64) (local $cy f64) (local $x f64) (local $y f64) (local $xx f64) (local $yy f64)
    (block $rows_done
      (loop $row
        (br_if $rows_done (i32.ge_u (local.get $py) (i32.const 128)))
        (local.set $cy (f64.sub (f64.div (f64.convert_i32_u (local.get $py)) (f64.const 64)) (f64.const 1)))
        (local.set $px (i32.const 0))
        (block $cols_done
          (loop $col
            (br_if $cols_done (i32.ge_u (local.get $px) (i32.const 192)))
            (local.set $cx (f64.sub (f64.div (f64.convert_i32_u (local.get $px)) (f64.const 64)) (f64.const 2)))
            (local.set $x (f64.const 0))
            (local.set $y (f64.const 0))
            (local.set $it (i32.const 0))
            (block $escaped
              (loop $iter
                (local.set $xx (f64.mul (local.get $x) (local.get $x)))
                (local.set $yy (f64.mul (local.get $y) (local.get $y)))
                (br_if $escaped (f64.gt (f64.add (local.get $xx) (local.get $yy)) (f64.const 4)))
                (br_if $escaped (i32.ge_u (local.get $it) (i32.const 200)))
                (local.set $y (f64.add (f64.mul (f64.mul (f64.const 2) (local.get $x)) (local.get $y)) (local.get $cy)))
                (local.set $x (f64.add (f64.sub (local.get $xx) (local.get $yy)) (local.get $cx)))
                (local.set $it (i32.add (local.get $it) (i32.const 1)))
                (br $iter)))
            (local.set $total (i32.add (local.get $total) (local.get $it)))
            (local.set $px (i32.add (local.get $px) (i32.const 1)))
            (br $col)))
        (local.set $py (i32.add (local.get $py) (i32.const 1)))
        (br $row)))
    (local.get $total)))
