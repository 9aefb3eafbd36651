//! Handles: slot index and generation in the committed heap's arenas (8 bytes, so a
//! `Value` stays 16); a handle kept past its object's collection is refused.

use luatb::vm::gc::slab::Id;

macro_rules! handle {
    ($($(#[$doc:meta])* $name:ident),* $(,)?) => {$(
        $(#[$doc])*
        #[derive(Clone, Copy, PartialEq, Eq, Hash, Debug)]
        pub struct $name(pub(crate) Id);

        #[allow(dead_code)]
        impl $name {
            #[inline(always)]
            pub(crate) fn at(self) -> Id {
                self.0
            }
            pub(crate) fn new(i: Id) -> Self {
                $name(i)
            }
            /// The arena slot (for tests and experiments); slots are reused once freed.
            pub fn index(self) -> usize {
                self.0.idx as usize
            }
        }
    )*};
}

handle!(
    /// An interned string: its index in the interner.
    StrRef,
    TableRef,
    FunctionRef,
    UpvalRef,
    UserdataRef,
    ThreadRef,
);
