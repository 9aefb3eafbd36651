//! Arbitrary bytes to the compiler: it never panics, and every failure is a syntax error
//! in lua5.4's format (`chunk:line: message`, or its bare nesting-limit message).
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    if let Err(e) = luatb::compiler::compile(data, "=fuzz") {
        let msg = e.0;
        assert!(
            msg.starts_with("fuzz:") || msg == "C stack overflow",
            "not a syntax error: {msg:?}"
        );
    }
});
