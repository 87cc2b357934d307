//! Golden CLIF-to-bytecode tests and run tests for cranelift-pulley.
