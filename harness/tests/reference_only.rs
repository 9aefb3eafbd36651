//! Programs on which Debian's `lua5.4` (5.4.4) and the vendored reference (5.4.9) disagree,
//! so they cannot join the shared suite, whose scripts must agree with both. Every backend
//! must match the vendored reference, and the test checks that it is the newer behaviour
//! that the reference shows.

use luatb_harness::oracle::check_script;
use luatb_harness::reference::run_reference;

const CALL_LINE: &[u8] = include_bytes!("../reference-only/call_line_is_the_argument_line.lua");
const CALL_LINE_NAME: &str = "call_line_is_the_argument_line.lua";

#[test]
fn the_reference_puts_a_call_on_its_argument_line() {
    let out = run_reference(CALL_LINE, "@call_line_is_the_argument_line.lua");
    let text = String::from_utf8_lossy(&out.stdout);
    let first = text.lines().next().unwrap_or_default().to_string();
    assert!(
        first.contains(".lua:8: attempt to call a nil value"),
        "vendored reference: {first}"
    );
}

macro_rules! backend {
    ($module:ident, $heap:ty) => {
        mod $module {
            #[test]
            fn call_line_is_the_argument_line() {
                super::check_script::<$heap>(super::CALL_LINE_NAME, super::CALL_LINE);
            }
        }
    };
}

backend!(refcell, luatb_refcell::Heap);
backend!(r#unsafe, luatb_unsafe::Heap);
backend!(transaction, luatb_transaction::Heap);
backend!(guard, luatb_guard::Heap);
