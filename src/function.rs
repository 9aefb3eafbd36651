//! Function and upvalue objects, shared by every backend: the backend decides only how
//! they are stored and reached.

use crate::heap::HeapBackend;
use crate::opcode::Instruction;
use crate::proto::{LocVar, Proto, UpvalDesc};
use crate::value::Value;
use crate::vm::NativeFn;
use std::rc::Rc;

/// A prototype ready to run on backend `B`: the compiler's [`Proto`] with its constants
/// interned into `B`'s heap. Immutable, and shared by every closure made from it.
pub struct LuaProto<B: HeapBackend> {
    pub code: Box<[Instruction]>,
    pub constants: Box<[Value<B>]>,
    pub protos: Box<[Rc<LuaProto<B>>]>,
    pub upvalues: Box<[UpvalDesc]>,
    pub num_params: u8,
    pub is_vararg: bool,
    pub max_stack: u8,
    pub source: Rc<[u8]>,
    pub line_defined: u32,
    pub last_line_defined: u32,
    pub line_info: Box<[u32]>,
    pub loc_vars: Box<[LocVar]>,
}

impl<B: HeapBackend> LuaProto<B> {
    /// Intern the constants of `p` (and of its children) into `heap`.
    pub fn load(p: &Proto, heap: &B) -> Rc<Self> {
        use crate::proto::Constant;
        let constants = p
            .constants
            .iter()
            .map(|c| match c {
                Constant::Nil => Value::Nil,
                Constant::Bool(b) => Value::Bool(*b),
                Constant::Int(i) => Value::Int(*i),
                Constant::Float(f) => Value::Float(*f),
                Constant::Str(s) => Value::Str(heap.intern(s)),
            })
            .collect();
        Rc::new(LuaProto {
            code: p.code.clone().into_boxed_slice(),
            constants,
            protos: p.protos.iter().map(|c| Self::load(c, heap)).collect(),
            upvalues: p.upvalues.clone().into_boxed_slice(),
            num_params: p.num_params,
            is_vararg: p.is_vararg,
            max_stack: p.max_stack,
            source: p.source.clone(),
            line_defined: p.line_defined,
            last_line_defined: p.last_line_defined,
            line_info: p.line_info.clone().into_boxed_slice(),
            loc_vars: p.loc_vars.clone().into_boxed_slice(),
        })
    }

    /// Push the strings among the constants of this prototype and of those nested in
    /// it: a closure keeps them alive, since its code (and its children's) loads them.
    pub fn trace_constants(&self, out: &mut Vec<crate::heap::GcObj<B>>) {
        for c in self.constants.iter() {
            crate::heap::GcObj::push(out, *c);
        }
        for p in self.protos.iter() {
            p.trace_constants(out);
        }
    }

    /// Source line of instruction `pc`, or 0 when unknown.
    pub fn line_at(&self, pc: usize) -> u32 {
        self.line_info.get(pc).copied().unwrap_or(0)
    }

    /// Name of the `n`-th (1-based) local variable active at `pc`.
    pub fn local_name(&self, mut n: usize, pc: usize) -> Option<&str> {
        for v in self.loc_vars.iter() {
            if v.start_pc as usize > pc {
                break;
            }
            if pc < v.end_pc as usize {
                n -= 1;
                if n == 0 {
                    return Some(&v.name);
                }
            }
        }
        None
    }
}

/// A Lua closure: a prototype and its upvalues.
pub struct LuaClosure<B: HeapBackend> {
    pub proto: Rc<LuaProto<B>>,
    pub upvals: Box<[B::Upval]>,
}

/// A native closure: a Rust function and its upvalues (plain values, as C closures have).
pub struct NativeClosure<B: HeapBackend> {
    pub f: NativeFn<B>,
    pub upvals: Box<[Value<B>]>,
}

pub enum FunctionObj<B: HeapBackend> {
    Lua(LuaClosure<B>),
    Native(NativeClosure<B>),
}

impl<B: HeapBackend> FunctionObj<B> {
    /// Push what the closure refers to: its upvalues and its constants.
    pub fn trace(&self, out: &mut Vec<crate::heap::GcObj<B>>) {
        match self {
            FunctionObj::Lua(c) => {
                out.extend(c.upvals.iter().map(|&u| crate::heap::GcObj::Upval(u)));
                c.proto.trace_constants(out);
            }
            FunctionObj::Native(c) => {
                for v in c.upvals.iter() {
                    crate::heap::GcObj::push(out, *v);
                }
            }
        }
    }

    /// Heap bytes a backend accounts for this closure.
    pub fn bytes(&self) -> usize {
        std::mem::size_of::<Self>()
            + match self {
                FunctionObj::Lua(c) => c.upvals.len() * std::mem::size_of::<B::Upval>(),
                FunctionObj::Native(c) => c.upvals.len() * std::mem::size_of::<Value<B>>(),
            }
    }
}

impl<B: HeapBackend> UpvalState<B> {
    /// Push what the upvalue keeps alive: its value, or the thread whose slot it is.
    pub fn trace(&self, out: &mut Vec<crate::heap::GcObj<B>>) {
        match self {
            UpvalState::Closed(v) => crate::heap::GcObj::push(out, *v),
            UpvalState::Open { thread, .. } => out.push(crate::heap::GcObj::Thread(*thread)),
        }
    }
}

/// What a call runs.
pub enum Callee<B: HeapBackend> {
    Lua(Rc<LuaProto<B>>),
    Native(NativeFn<B>),
}

/// An upvalue: open while the variable it captured is still a live register of `thread`,
/// closed (owning its value) afterwards.
pub enum UpvalState<B: HeapBackend> {
    Open { thread: B::Thread, slot: usize },
    Closed(Value<B>),
}

impl<B: HeapBackend> Clone for UpvalState<B> {
    fn clone(&self) -> Self {
        match self {
            UpvalState::Open { thread, slot } => UpvalState::Open {
                thread: *thread,
                slot: *slot,
            },
            UpvalState::Closed(v) => UpvalState::Closed(*v),
        }
    }
}
