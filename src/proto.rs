//! The compiler's output: a function prototype that does not depend on any heap backend.
//! The VM turns it into a backend-specific prototype when a chunk is loaded.

use crate::opcode::Instruction;
use std::rc::Rc;

/// A constant-table entry.
#[derive(Clone, Debug, PartialEq)]
pub enum Constant {
    Nil,
    Bool(bool),
    Int(i64),
    Float(f64),
    Str(Box<[u8]>),
}

/// How a closure finds upvalue `i` when it is created.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct UpvalDesc {
    pub name: Box<str>,
    /// true: the enclosing function's register `index`; false: its upvalue `index`.
    pub in_stack: bool,
    pub index: u8,
}

/// Debug information for a local variable: its name and the pc range where it is active.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct LocVar {
    pub name: Box<str>,
    /// First instruction where the variable is active.
    pub start_pc: u32,
    /// First instruction where the variable is dead.
    pub end_pc: u32,
}

/// A compiled function.
#[derive(Clone, Debug, Default)]
pub struct Proto {
    /// Chunk name as given to `load` (`"@file.lua"`, `"=stdin"`, or the source text).
    pub source: Rc<[u8]>,
    pub line_defined: u32,
    pub last_line_defined: u32,
    pub num_params: u8,
    pub is_vararg: bool,
    /// Registers this function needs.
    pub max_stack: u8,
    pub code: Vec<Instruction>,
    pub constants: Vec<Constant>,
    pub upvalues: Vec<UpvalDesc>,
    pub protos: Vec<Proto>,
    /// Source line of each instruction (same length as `code`).
    pub line_info: Vec<u32>,
    pub loc_vars: Vec<LocVar>,
}

/// The chunk name as error messages show it (`luaO_chunkid`): `@file` gives `file`,
/// `=name` gives `name`, and a source string gives `[string "first line..."]`. Lengths
/// are in bytes, as in C, and bytes that are not UTF-8 are shown as U+FFFD only after
/// the cut, so a name is cut where lua5.4 cuts it.
pub fn chunk_id(source: &[u8]) -> String {
    /// `LUA_IDSIZE` less its terminating NUL.
    const MAX: usize = 59;
    let shown: Vec<u8> = if let Some(rest) = source.strip_prefix(b"=") {
        rest[..rest.len().min(MAX)].to_vec()
    } else if let Some(rest) = source.strip_prefix(b"@") {
        if rest.len() <= MAX {
            rest.to_vec()
        } else {
            [b"...", &rest[rest.len() - (MAX - 3)..]].concat()
        }
    } else {
        const PREFIX: &[u8] = b"[string \"";
        const SUFFIX: &[u8] = b"\"]";
        let room = MAX - PREFIX.len() - b"...".len() - SUFFIX.len();
        let line_end = source.iter().position(|&c| c == b'\n');
        let body = match line_end {
            None if source.len() < room => source.to_vec(),
            _ => {
                let first = &source[..line_end.unwrap_or(source.len())];
                [&first[..first.len().min(room)], b"..."].concat()
            }
        };
        [PREFIX, &body, SUFFIX].concat()
    };
    String::from_utf8_lossy(&shown).into_owned()
}
