//! The instruction set: Lua 5.4's register bytecode, one list, everything generated from it.
//!
//! Layout of a packed 32-bit instruction (as in Lua 5.4):
//! ```text
//!  iABC   C(8)      | B(8)  | k(1) | A(8) | Op(7)
//!  iABx   Bx(17)                  | A(8) | Op(7)
//!  iAsBx  sBx(17)                 | A(8) | Op(7)
//!  iAx    Ax(25)                         | Op(7)
//!  isJ    sJ(25)                         | Op(7)
//! ```
//! `sBx`, `sJ`, `sB` and `sC` are stored in excess-K form.

use std::fmt;

/// Operand format of an opcode.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Format {
    ABC,
    ABx,
    AsBx,
    Ax,
    SJ,
}

macro_rules! opcodes {
    ($( $name:ident $luac:literal $fmt:ident $text:literal; )*) => {
        /// Every opcode, with its semantics beside it.
        #[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
        #[repr(u8)]
        pub enum OpCode { $( #[doc = $text] $name, )* }

        impl OpCode {
            pub const ALL: &'static [OpCode] = &[$(OpCode::$name),*];
            pub const COUNT: usize = Self::ALL.len();
            /// Every 7-bit opcode field mapped to an opcode (unused values to EXTRAARG, which
            /// the VM refuses), so decoding needs no bounds check.
            const DECODE: [OpCode; 128] = {
                let mut t = [OpCode::ExtraArg; 128];
                let mut i = 0;
                while i < Self::ALL.len() {
                    t[i] = Self::ALL[i];
                    i += 1;
                }
                t
            };

            /// The name `luac -l` prints.
            pub fn name(self) -> &'static str {
                match self { $(OpCode::$name => $luac,)* }
            }
            pub fn format(self) -> Format {
                match self { $(OpCode::$name => Format::$fmt,)* }
            }
            /// The one-line semantics, as documented on the variant.
            pub fn semantics(self) -> &'static str {
                match self { $(OpCode::$name => $text,)* }
            }
        }
    };
}

opcodes! {
    Move       "MOVE"       ABC  "R[A] := R[B]";
    LoadI      "LOADI"      AsBx "R[A] := sBx";
    LoadF      "LOADF"      AsBx "R[A] := (float)sBx";
    LoadK      "LOADK"      ABx  "R[A] := K[Bx]";
    LoadKX     "LOADKX"     ABx  "R[A] := K[extra arg]";
    LoadFalse  "LOADFALSE"  ABC  "R[A] := false";
    LFalseSkip "LFALSESKIP" ABC  "R[A] := false; pc++";
    LoadTrue   "LOADTRUE"   ABC  "R[A] := true";
    LoadNil    "LOADNIL"    ABC  "R[A], R[A+1], ..., R[A+B] := nil";
    GetUpval   "GETUPVAL"   ABC  "R[A] := UpValue[B]";
    SetUpval   "SETUPVAL"   ABC  "UpValue[B] := R[A]";
    GetTabUp   "GETTABUP"   ABC  "R[A] := UpValue[B][K[C]:string]";
    GetTable   "GETTABLE"   ABC  "R[A] := R[B][R[C]]";
    GetI       "GETI"       ABC  "R[A] := R[B][C]";
    GetField   "GETFIELD"   ABC  "R[A] := R[B][K[C]:string]";
    SetTabUp   "SETTABUP"   ABC  "UpValue[A][K[B]:string] := RK(C)";
    SetTable   "SETTABLE"   ABC  "R[A][R[B]] := RK(C)";
    SetI       "SETI"       ABC  "R[A][B] := RK(C)";
    SetField   "SETFIELD"   ABC  "R[A][K[B]:string] := RK(C)";
    NewTable   "NEWTABLE"   ABC  "R[A] := {} (B: log2(hash size)+1, C: array size, k: C continues in EXTRAARG)";
    Self_      "SELF"       ABC  "R[A+1] := R[B]; R[A] := R[B][RK(C):string]";
    AddI       "ADDI"       ABC  "R[A] := R[B] + sC";
    AddK       "ADDK"       ABC  "R[A] := R[B] + K[C]:number";
    SubK       "SUBK"       ABC  "R[A] := R[B] - K[C]:number";
    MulK       "MULK"       ABC  "R[A] := R[B] * K[C]:number";
    ModK       "MODK"       ABC  "R[A] := R[B] % K[C]:number";
    PowK       "POWK"       ABC  "R[A] := R[B] ^ K[C]:number";
    DivK       "DIVK"       ABC  "R[A] := R[B] / K[C]:number";
    IDivK      "IDIVK"      ABC  "R[A] := R[B] // K[C]:number";
    BAndK      "BANDK"      ABC  "R[A] := R[B] & K[C]:integer";
    BOrK       "BORK"       ABC  "R[A] := R[B] | K[C]:integer";
    BXorK      "BXORK"      ABC  "R[A] := R[B] ~ K[C]:integer";
    ShrI       "SHRI"       ABC  "R[A] := R[B] >> sC";
    ShlI       "SHLI"       ABC  "R[A] := sC << R[B]";
    Add        "ADD"        ABC  "R[A] := R[B] + R[C]";
    Sub        "SUB"        ABC  "R[A] := R[B] - R[C]";
    Mul        "MUL"        ABC  "R[A] := R[B] * R[C]";
    Mod        "MOD"        ABC  "R[A] := R[B] % R[C]";
    Pow        "POW"        ABC  "R[A] := R[B] ^ R[C]";
    Div        "DIV"        ABC  "R[A] := R[B] / R[C]";
    IDiv       "IDIV"       ABC  "R[A] := R[B] // R[C]";
    BAnd       "BAND"       ABC  "R[A] := R[B] & R[C]";
    BOr        "BOR"        ABC  "R[A] := R[B] | R[C]";
    BXor       "BXOR"       ABC  "R[A] := R[B] ~ R[C]";
    Shl        "SHL"        ABC  "R[A] := R[B] << R[C]";
    Shr        "SHR"        ABC  "R[A] := R[B] >> R[C]";
    MmBin      "MMBIN"      ABC  "call C metamethod over R[A] and R[B]";
    MmBinI     "MMBINI"     ABC  "call C metamethod over R[A] and sB (k: operands swapped)";
    MmBinK     "MMBINK"     ABC  "call C metamethod over R[A] and K[B] (k: operands swapped)";
    Unm        "UNM"        ABC  "R[A] := -R[B]";
    BNot       "BNOT"       ABC  "R[A] := ~R[B]";
    Not        "NOT"        ABC  "R[A] := not R[B]";
    Len        "LEN"        ABC  "R[A] := #R[B] (length operator)";
    Concat     "CONCAT"     ABC  "R[A] := R[A].. ... ..R[A + B - 1]";
    Close      "CLOSE"      ABC  "close all upvalues >= R[A]";
    Tbc        "TBC"        ABC  "mark variable A \"to be closed\"";
    Jmp        "JMP"        SJ   "pc += sJ";
    Eq         "EQ"         ABC  "if ((R[A] == R[B]) ~= k) then pc++";
    Lt         "LT"         ABC  "if ((R[A] <  R[B]) ~= k) then pc++";
    Le         "LE"         ABC  "if ((R[A] <= R[B]) ~= k) then pc++";
    EqK        "EQK"        ABC  "if ((R[A] == K[B]) ~= k) then pc++";
    EqI        "EQI"        ABC  "if ((R[A] == sB) ~= k) then pc++";
    LtI        "LTI"        ABC  "if ((R[A] < sB) ~= k) then pc++";
    LeI        "LEI"        ABC  "if ((R[A] <= sB) ~= k) then pc++";
    GtI        "GTI"        ABC  "if ((R[A] > sB) ~= k) then pc++";
    GeI        "GEI"        ABC  "if ((R[A] >= sB) ~= k) then pc++";
    Test       "TEST"       ABC  "if (not R[A] == k) then pc++";
    TestSet    "TESTSET"    ABC  "if (not R[B] == k) then pc++ else R[A] := R[B]";
    Call       "CALL"       ABC  "R[A], ... ,R[A+C-2] := R[A](R[A+1], ... ,R[A+B-1])";
    TailCall   "TAILCALL"   ABC  "return R[A](R[A+1], ... ,R[A+B-1])";
    Return     "RETURN"     ABC  "return R[A], ... ,R[A+B-2]";
    Return0    "RETURN0"    ABC  "return";
    Return1    "RETURN1"    ABC  "return R[A]";
    ForLoop    "FORLOOP"    ABx  "update counters; if loop continues then pc-=Bx";
    ForPrep    "FORPREP"    ABx  "check values and prepare counters; if not to run then pc+=Bx+1";
    TForPrep   "TFORPREP"   ABx  "create upvalue for R[A + 3]; pc+=Bx";
    TForCall   "TFORCALL"   ABC  "R[A+4], ... ,R[A+3+C] := R[A](R[A+1], R[A+2])";
    TForLoop   "TFORLOOP"   ABx  "if R[A+4] ~= nil then { R[A+2]=R[A+4]; pc -= Bx }";
    SetList    "SETLIST"    ABC  "R[A][C+i] := R[A+i], 1 <= i <= B (B = 0: up to top; k: C continues in EXTRAARG)";
    Closure    "CLOSURE"    ABx  "R[A] := closure(KPROTO[Bx])";
    VarArg     "VARARG"     ABC  "R[A], R[A+1], ..., R[A+C-2] = vararg";
    VarArgPrep "VARARGPREP" ABC  "(adjust vararg parameters)";
    ExtraArg   "EXTRAARG"   Ax   "extra (larger) argument for previous opcode";
}

pub const SIZE_OP: u32 = 7;
pub const SIZE_A: u32 = 8;
pub const SIZE_B: u32 = 8;
pub const SIZE_C: u32 = 8;
pub const SIZE_BX: u32 = 17;
pub const SIZE_AX: u32 = 25;
pub const SIZE_SJ: u32 = 25;
pub const POS_A: u32 = SIZE_OP;
pub const POS_K: u32 = POS_A + SIZE_A;
pub const POS_B: u32 = POS_K + 1;
pub const POS_C: u32 = POS_B + SIZE_B;
pub const POS_BX: u32 = POS_K;
pub const MAX_A: u32 = (1 << SIZE_A) - 1;
pub const MAX_B: u32 = (1 << SIZE_B) - 1;
pub const MAX_C: u32 = (1 << SIZE_C) - 1;
pub const MAX_BX: u32 = (1 << SIZE_BX) - 1;
pub const MAX_AX: u32 = (1 << SIZE_AX) - 1;
pub const MAX_SJ: u32 = (1 << SIZE_SJ) - 1;
/// Excess-K offsets of the signed operands.
pub const OFFSET_SBX: i32 = (MAX_BX >> 1) as i32;
pub const OFFSET_SJ: i32 = (MAX_SJ >> 1) as i32;
pub const OFFSET_SC: i32 = (MAX_C >> 1) as i32;
/// Largest register index a function may use.
pub const MAX_REGS: u32 = 255;
/// SETLIST flushes every this many items, as Lua's LFIELDS_PER_FLUSH.
pub const FIELDS_PER_FLUSH: u32 = 50;

/// One packed instruction: Lua 5.4's 32-bit format, with the opcode also kept decoded
/// beside it, so that dispatch reads a valid `OpCode` directly, with no table lookup.
#[derive(Clone, Copy, PartialEq, Eq, Hash)]
pub struct Instruction {
    op: OpCode,
    raw: u32,
}

impl Instruction {
    #[inline(always)]
    pub fn opcode(self) -> OpCode {
        self.op
    }
    /// The 32 bits as `luac` would store them.
    pub fn raw(self) -> u32 {
        self.raw
    }
    /// The instruction whose 32 bits `luac` stored as `raw`, if its opcode field names an
    /// opcode (reading another compiler's output, as the harness does with the
    /// reference's `string.dump`).
    pub fn decode(raw: u32) -> Option<Self> {
        ((raw & 0x7f) < OpCode::ALL.len() as u32).then(|| Self::from_raw(raw))
    }
    fn from_raw(raw: u32) -> Self {
        Instruction {
            op: OpCode::DECODE[(raw & 0x7f) as usize],
            raw,
        }
    }
    #[inline(always)]
    pub fn a(self) -> usize {
        ((self.raw >> POS_A) & MAX_A) as usize
    }
    #[inline(always)]
    pub fn b(self) -> usize {
        ((self.raw >> POS_B) & MAX_B) as usize
    }
    #[inline(always)]
    pub fn c(self) -> usize {
        ((self.raw >> POS_C) & MAX_C) as usize
    }
    #[inline(always)]
    pub fn k(self) -> bool {
        (self.raw >> POS_K) & 1 != 0
    }
    #[inline(always)]
    pub fn bx(self) -> usize {
        (self.raw >> POS_BX) as usize
    }
    #[inline(always)]
    pub fn sbx(self) -> i32 {
        (self.raw >> POS_BX) as i32 - OFFSET_SBX
    }
    #[inline(always)]
    pub fn ax(self) -> usize {
        (self.raw >> POS_A) as usize
    }
    #[inline(always)]
    pub fn sj(self) -> i32 {
        (self.raw >> POS_A) as i32 - OFFSET_SJ
    }
    /// B read as a signed excess-K operand (EQI, LTI, MMBINI ...).
    #[inline(always)]
    pub fn sb(self) -> i32 {
        self.b() as i32 - OFFSET_SC
    }
    /// C read as a signed excess-K operand (ADDI, SHRI ...).
    #[inline(always)]
    pub fn sc(self) -> i32 {
        self.c() as i32 - OFFSET_SC
    }

    pub fn abc(op: OpCode, a: u32, b: u32, c: u32, k: bool) -> Self {
        debug_assert!(a <= MAX_A && b <= MAX_B && c <= MAX_C);
        Instruction::from_raw(
            op as u32 | (a << POS_A) | ((k as u32) << POS_K) | (b << POS_B) | (c << POS_C),
        )
    }
    pub fn abx(op: OpCode, a: u32, bx: u32) -> Self {
        debug_assert!(a <= MAX_A && bx <= MAX_BX);
        Instruction::from_raw(op as u32 | (a << POS_A) | (bx << POS_BX))
    }
    pub fn asbx(op: OpCode, a: u32, sbx: i32) -> Self {
        Self::abx(op, a, (sbx + OFFSET_SBX) as u32)
    }
    pub fn ax_(op: OpCode, ax: u32) -> Self {
        debug_assert!(ax <= MAX_AX);
        Instruction::from_raw(op as u32 | (ax << POS_A))
    }
    pub fn sj_(op: OpCode, sj: i32) -> Self {
        Instruction::from_raw(op as u32 | (((sj + OFFSET_SJ) as u32) << POS_A))
    }
    /// Rewrite the sJ field of a jump (used by jump patching).
    pub fn with_sj(self, sj: i32) -> Self {
        Instruction::from_raw((self.raw & 0x7f) | (((sj + OFFSET_SJ) as u32) << POS_A))
    }
    pub fn with_a(self, a: u32) -> Self {
        Instruction::from_raw((self.raw & !(MAX_A << POS_A)) | (a << POS_A))
    }
    pub fn with_b(self, b: u32) -> Self {
        Instruction::from_raw((self.raw & !(MAX_B << POS_B)) | (b << POS_B))
    }
    pub fn with_c(self, c: u32) -> Self {
        Instruction::from_raw((self.raw & !(MAX_C << POS_C)) | (c << POS_C))
    }
    pub fn with_k(self, k: bool) -> Self {
        Instruction::from_raw((self.raw & !(1 << POS_K)) | ((k as u32) << POS_K))
    }
    pub fn with_bx(self, bx: u32) -> Self {
        Instruction::from_raw((self.raw & ((1 << POS_BX) - 1)) | (bx << POS_BX))
    }
}

impl fmt::Debug for Instruction {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let op = self.opcode();
        match op.format() {
            Format::ABC => write!(
                f,
                "{} {} {} {}{}",
                op.name(),
                self.a(),
                self.b(),
                self.c(),
                if self.k() { "k" } else { "" }
            ),
            Format::ABx => write!(f, "{} {} {}", op.name(), self.a(), self.bx()),
            Format::AsBx => write!(f, "{} {} {}", op.name(), self.a(), self.sbx()),
            Format::Ax => write!(f, "{} {}", op.name(), self.ax()),
            Format::SJ => write!(f, "{} {}", op.name(), self.sj()),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn instruction_is_the_packed_word_and_its_opcode() {
        assert_eq!(std::mem::size_of::<Instruction>(), 8);
        for &op in OpCode::ALL {
            let i = Instruction::abc(op, 1, 2, 3, false).with_a(7);
            assert_eq!(i.opcode(), op);
            assert_eq!(i.raw() & 0x7f, op as u32);
            assert_eq!(Instruction::sj_(op, -5).with_sj(9).opcode(), op);
        }
    }

    #[test]
    fn opcodes_fit_seven_bits() {
        assert!(OpCode::COUNT <= 128);
        for (i, op) in OpCode::ALL.iter().enumerate() {
            assert_eq!(*op as usize, i);
        }
    }

    #[test]
    fn fields_round_trip() {
        let i = Instruction::abc(OpCode::Add, 200, 17, 255, true);
        assert_eq!(
            (i.opcode(), i.a(), i.b(), i.c(), i.k()),
            (OpCode::Add, 200, 17, 255, true)
        );
        let j = Instruction::asbx(OpCode::LoadI, 3, -65535);
        assert_eq!((j.a(), j.sbx()), (3, -65535));
        let s = Instruction::sj_(OpCode::Jmp, -1_000_000);
        assert_eq!(s.sj(), -1_000_000);
        assert_eq!(s.with_sj(42).sj(), 42);
        let x = Instruction::abx(OpCode::LoadK, 1, MAX_BX).with_a(9);
        assert_eq!((x.a(), x.bx()), (9, MAX_BX as usize));
    }
}
