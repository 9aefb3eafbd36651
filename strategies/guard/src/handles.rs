//! Handles: `u32` indices into the heap's arenas, so that a `Value` stays 16 bytes and
//! copying one is copying two words.

macro_rules! handle {
    ($($(#[$doc:meta])* $name:ident),* $(,)?) => {$(
        $(#[$doc])*
        #[derive(Clone, Copy, PartialEq, Eq, Hash, Debug)]
        pub struct $name(pub(crate) u32);

        impl $name {
            #[inline(always)]
            pub(crate) fn at(self) -> usize {
                self.0 as usize
            }
            // Strings take the interner's `u32` index as it is.
            #[allow(dead_code)]
            pub(crate) fn new(i: usize) -> Self {
                $name(u32::try_from(i).expect("arena index overflow"))
            }
            /// The arena index (for tests and experiments).
            pub fn index(self) -> usize {
                self.at()
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
