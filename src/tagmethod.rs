//! Metamethod events, numbered as in Lua 5.4: MMBIN/MMBINI/MMBINK carry this number in C.

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[repr(u8)]
pub enum TagMethod {
    Index = 0,
    NewIndex,
    Gc,
    Mode,
    Len,
    Eq,
    Add,
    Sub,
    Mul,
    Mod,
    Pow,
    Div,
    IDiv,
    BAnd,
    BOr,
    BXor,
    Shl,
    Shr,
    Unm,
    BNot,
    Lt,
    Le,
    Concat,
    Call,
    Close,
    // Looked up by name like the tag methods, but never carried by an instruction.
    ToString,
    Name,
    Metatable,
    Pairs,
}

impl TagMethod {
    pub const ALL: [TagMethod; 25] = {
        use TagMethod::*;
        [
            Index, NewIndex, Gc, Mode, Len, Eq, Add, Sub, Mul, Mod, Pow, Div, IDiv, BAnd, BOr,
            BXor, Shl, Shr, Unm, BNot, Lt, Le, Concat, Call, Close,
        ]
    };

    /// Every key the VM looks up in metatables, in discriminant order.
    pub const EVERY: [TagMethod; 29] = {
        use TagMethod::*;
        [
            Index, NewIndex, Gc, Mode, Len, Eq, Add, Sub, Mul, Mod, Pow, Div, IDiv, BAnd, BOr,
            BXor, Shl, Shr, Unm, BNot, Lt, Le, Concat, Call, Close, ToString, Name, Metatable,
            Pairs,
        ]
    };

    /// The event for an MMBIN operand, if it is one.
    pub fn from_u8(n: u8) -> Option<TagMethod> {
        Self::ALL.get(n as usize).copied()
    }

    /// The metatable key: `"__add"` ...
    pub fn name(self) -> &'static str {
        use TagMethod::*;
        match self {
            Index => "__index",
            NewIndex => "__newindex",
            Gc => "__gc",
            Mode => "__mode",
            Len => "__len",
            Eq => "__eq",
            Add => "__add",
            Sub => "__sub",
            Mul => "__mul",
            Mod => "__mod",
            Pow => "__pow",
            Div => "__div",
            IDiv => "__idiv",
            BAnd => "__band",
            BOr => "__bor",
            BXor => "__bxor",
            Shl => "__shl",
            Shr => "__shr",
            Unm => "__unm",
            BNot => "__bnot",
            Lt => "__lt",
            Le => "__le",
            Concat => "__concat",
            Call => "__call",
            Close => "__close",
            ToString => "__tostring",
            Name => "__name",
            Metatable => "__metatable",
            Pairs => "__pairs",
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbering_matches_lua() {
        for (i, tm) in TagMethod::ALL.iter().enumerate() {
            assert_eq!(*tm as usize, i);
            assert_eq!(TagMethod::from_u8(i as u8), Some(*tm));
        }
        assert_eq!(TagMethod::Eq as u8, 5);
        assert_eq!(TagMethod::Add as u8, 6);
        assert_eq!(TagMethod::Shr.name(), "__shr");
        assert_eq!(TagMethod::from_u8(25), None);
    }
}
