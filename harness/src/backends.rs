//! The backends this build knows, by the names used on the command line, in test modules
//! and in CSV columns.

/// Every backend name, in the order reports list them.
pub const BACKENDS: &[&str] = &["transaction", "refcell", "guard", "unsafe"];

/// Call generic function `$f::<Backend>($args...)` for the backend named `$name`;
/// `None` for an unknown name. This is the one place a name becomes a type.
#[macro_export]
macro_rules! dispatch {
    ($name:expr, $f:ident, $($args:expr),*) => {
        match $name {
            "transaction" => Some($f::<luatb_transaction::Heap>($($args),*)),
            "refcell" => Some($f::<luatb_refcell::Heap>($($args),*)),
            "unsafe" => Some($f::<luatb_unsafe::Heap>($($args),*)),
            "guard" => Some($f::<luatb_guard::Heap>($($args),*)),
            _ => None,
        }
    };
}
pub use dispatch;
