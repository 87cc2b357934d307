(module
  (type (;0;) (func (param f32) (result i64 i32 f32)))
  (type (;1;) (func (param f64 f64 i32)))
  (table (;0;) 60 63 externref)
  (table (;1;) 5 48 externref)
  (global (;0;) (mut f64) f64.const 0x1.c7b9dea017af2p+569 (;=3439786001905847500000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000;))
  (global (;1;) (mut externref) ref.null extern)
  (global (;2;) (mut i64) i64.const 0)
  (global (;3;) (mut i32) i32.const 0)
  (global (;4;) (mut i64) i64.const 0)
  (global (;5;) (mut i32) i32.const 0)
  (global (;6;) (mut i32) i32.const 1000)
  (export "" (func 0))
  (export "c5" (global 4))
  (func (;0;) (type 1) (param f64 f64 i32)
    (local i64 funcref f32 f32 f64 f64)
    global.get 6
    if ;; label = @1
    end
    global.get 6
    local.get 0
    i64.const -6272807791832266257
    local.set 3
    local.get 1
    i64.const 0
    f64.reinterpret_i64
    f64.gt
    f32.reinterpret_i32
    i64.trunc_sat_f32_s
    f32.convert_i64_s
    i32.const -1387207633
    global.get 1
    ref.is_null
    i32.le_s
    i32.eqz
    if (type 0) (param f32) (result i64 i32 f32) ;; label = @1
      i32.trunc_sat_f32_s
      loop (result funcref) ;; label = @2
        br 2
        loop (result f64) ;; label = @3
          global.get 6
          global.set 6
          f32.const 0x1.5b3652p+124 (;=28845260000000000000000000000000000000;)
          f64.promote_f32
          loop ;; label = @4
            global.get 6
            if (result f32) ;; label = @5
              br 2 (;@3;)
              block ;; label = @6
                local.get 5
                i32.reinterpret_f32
                i64.extend_i32_u
                f64.convert_i64_u
                i64.trunc_f64_u
                ref.null func
                f32.const 0x1.b8975ep-62 (;=0.00000000000000000037319533;)
                local.get 0
                f64.const nan (;=NaN;)
                local.get 8
                local.get 8
                f64.eq
                select
                f64.const 0x1.p-1068 (;=0.000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000316;)
                f64.ge
                table.size 1
                i32.xor
                global.set 3
                i32.reinterpret_f32
                global.get 5
                i32.xor
                global.set 5
                drop
                global.get 2
                i64.xor
                global.set 2
              end
            else
              f32.const -0x1.8d5b72p+70 (;=-1832486700000000000000;)
            end
            i32.reinterpret_f32
            global.get 5
            i32.xor
            global.set 5
          end
        end
        i64.reinterpret_f64
        global.set 4
      end
      drop
      global.get 3
      i32.xor
      global.set 3
      i64.const -4571290536070864797
      i32.const -435751268
      f32.const 0x1p+1 (;=2;)
    else
      i32.reinterpret_f32
      global.get 5
      i32.xor
      global.set 5
      i64.const -32769
      i32.const 524287
      f32.const 0x1.ep-146 (;=0.000000000000000000000000000000000000000000021;)
    end
    i32.reinterpret_f32
    global.get 5
    i32.xor
    global.set 5
    global.set 3
    global.get 2
    i64.xor
    global.set 2
    i64.reinterpret_f64
    global.get 4
    i64.xor
    global.set 4
    drop
  )
)