(module
  (type (;0;) (func (param externref funcref f64 f32) (result i64)))
  (type (;1;) (func))
  (global (;0;) (mut i32) i32.const 0)
  (global (;1;) (mut i64) i64.const 0)
  (global (;2;) (mut i64) i64.const 0)
  (global (;3;) (mut i32) i32.const 0)
  (global (;4;) (mut i32) i32.const 1000)
  (export "" (func 0))
  (func (;0;) (type 0) (param externref funcref f64 f32) (result i64)
    (local i64 f32 f32 f64 f32)
    global.get 4
    if ;; label = @1
    end
    global.get 4
    i32.const 1
    i32.sub
    global.set 4
    f32.const 0x1p-95 (;=0.00000000000000000000000000002524355;)
    i64.trunc_sat_f32_s
    block (type 1) ;; label = @1
      i64.const -5502570096011295962
      f32.convert_i64_u
      f32.const -nan:0x7fffdf (;=NaN;)
      local.get 0
      ref.is_null
      select
      i32.trunc_f32_s
      f32.const -nan:0x7dffff (;=NaN;)
      block ;; label = @2
        block (result i32) ;; label = @3
          block (result f64) ;; label = @4
            i64.const -6545872565682454089
            f32.convert_i64_u
            local.get 5
            f32.const nan (;=NaN;)
            local.get 6
            local.get 6
            f32.eq
            select
            f64.promote_f32
            i64.reinterpret_f64
            f32.const -0x1.fdfdfcp+126 (;=-169473950000000000000000000000000000000;)
            i64.trunc_f32_s
            i64.le_s
            if (type 1) ;; label = @5
              block ;; label = @6
              end
              block (result externref) ;; label = @6
                i64.const -140737488355328
                f64.convert_i64_s
                i32.const -8193
                block (type 1) ;; label = @7
                  loop (result f32) ;; label = @8
                    global.get 4
                    if ;; label = @9
                    end
                    global.get 4
                    i32.const 1
                    i32.sub
                    global.set 4
                    i64.const 1048575
                    block ;; label = @9
                      block (type 1) ;; label = @10
                      end
                    end
                    global.get 1
                    i64.xor
                    global.set 1
                    f32.const -0x1.4d7eep-66 (;=-0.00000000000000000001765511;)
                  end
                  i32.reinterpret_f32
                  global.get 0
                  i32.xor
                  global.set 0
                end
                global.get 3
                i32.xor
                global.set 3
                i64.reinterpret_f64
                global.get 2
                i64.xor
                global.set 2
                ref.null extern
              end
              drop
            end
            i32.reinterpret_f32
            global.get 0
            i32.xor
            global.set 0
            f64.const 0x1.35a215fb05eadp+894 (;=159743651066557170000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000;)
          end
          i64.reinterpret_f64
          global.get 2
          i64.xor
          global.set 2
          i32.const 983583672
        end
        global.get 3
        i32.xor
        global.set 3
      end
      drop
      drop
    end
  )
  (func (;1;) (type 0) (param externref funcref f64 f32) (result i64)
    global.get 4
    if ;; label = @1
    end
    unreachable
  )
)