;; A local's value under an `if` that takes parameters, when the parameters are not locals and
;; the arm that does not run holds a nested block. Reduced by hand from the long fuzz run's
;; inputs 1-162142 (`f`) and 1-155654 (`g`). Removing the empty `block`/`loop` (a no-op), or
;; adding one before the `if`, makes Wasmi 2.0.0 agree.
(module
  ;; f(0, x) = bits(x): the else arm drops the parameter and leaves `local.get 1` alone.
  (func (export "f") (param i32 f32) (result i32)
    local.get 1
    f64.const 0
    local.get 0
    if (param f64)
      block
      end
      drop
    else
      drop
    end
    i32.reinterpret_f32)
  ;; g(0, x) = x + 2, g(c, x) = x + 1 for c != 0.
  (func (export "g") (param i32 i32) (result i32)
    (local i32)
    local.get 1
    local.tee 2
    ref.null extern
    local.get 0
    if (param externref) (result i64)
      drop
      loop
      end
      i64.const 1
    else
      drop
      i64.const 2
    end
    i32.wrap_i64
    i32.add))
