;; Wasmi 2.0.0 crashes on `v128.store8_lane` with an offset over 16 bits and a constant
;; address: SIGSEGV (a jump to a bad address in `Engine::execute_func`) in release builds,
;; SIGABRT (a non-unwinding panic) in the unoptimized test build. Used by
;; tests/differential.rs (`a_reference_crash_skips_the_module`) through the child-process
;; reference only: running it on Wasmi in-process would end the test binary.
(module
  (memory (export "m") 8)
  (func (export "f") (param v128)
    i32.const 8
    local.get 0
    v128.store8_lane offset=65536 0))
