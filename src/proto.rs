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
    pub source: Rc<str>,
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
/// `=name` gives `name`, and a source string gives `[string "first line..."]`.
pub fn chunk_id(source: &str) -> String {
    const MAX: usize = 60;
    if let Some(rest) = source.strip_prefix('=') {
        rest.chars().take(MAX - 1).collect()
    } else if let Some(rest) = source.strip_prefix('@') {
        if rest.len() < MAX {
            rest.to_string()
        } else {
            let tail: String = rest
                .chars()
                .rev()
                .take(MAX - 4)
                .collect::<Vec<_>>()
                .into_iter()
                .rev()
                .collect();
            format!("...{tail}")
        }
    } else {
        let first = source.split('\n').next().unwrap_or("");
        let truncated = first.len() < source.len();
        let budget = MAX - "[string \"...\"]".len() - 1;
        if !truncated && first.len() <= budget {
            format!("[string \"{first}\"]")
        } else {
            let mut s: String = first.chars().take(budget).collect();
            while s.len() > budget {
                s.pop();
            }
            format!("[string \"{s}...\"]")
        }
    }
}
