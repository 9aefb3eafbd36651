//! The Lua value: 16 bytes, Copy, generic over the heap backend that owns its objects.

use crate::heap::HeapBackend;
use crate::vm::NativeFn;
use std::fmt;
use std::hash::{Hash, Hasher};

/// A Lua value. Heap objects are backend handles, which are `Copy` like gc-arena's `Gc`.
///
/// # Layout
/// `repr(C, u64)`: an 8-byte tag, then every payload at offset 8, so a value is two aligned
/// 8-byte halves. With Rust's default layout the compiler copied the bytes after a one-byte
/// tag as two overlapping 8-byte moves, and a register written that way and read back whole
/// the next instruction defeated the CPU's store forwarding. The unsafe backend also reads
/// registers half by half: sound with any layout, but a saving only with this one.
#[repr(C, u64)]
pub enum Value<B: HeapBackend> {
    Nil,
    Bool(bool),
    Int(i64),
    Float(f64),
    Str(B::Str),
    Table(B::Table),
    /// A Lua closure or a native closure with upvalues.
    Function(B::Function),
    /// A native function without upvalues: no heap object at all.
    Native(NativeFn<B>),
    Userdata(B::Userdata),
    Thread(B::Thread),
}

impl<B: HeapBackend> Clone for Value<B> {
    #[inline(always)]
    fn clone(&self) -> Self {
        *self
    }
}
impl<B: HeapBackend> Copy for Value<B> {}

impl<B: HeapBackend> Default for Value<B> {
    fn default() -> Self {
        Value::Nil
    }
}

/// The basic types, in the order of `lua_type`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Type {
    Nil,
    Boolean,
    Number,
    String,
    Table,
    Function,
    Userdata,
    Thread,
}

impl Type {
    pub fn name(self) -> &'static str {
        match self {
            Type::Nil => "nil",
            Type::Boolean => "boolean",
            Type::Number => "number",
            Type::String => "string",
            Type::Table => "table",
            Type::Function => "function",
            Type::Userdata => "userdata",
            Type::Thread => "thread",
        }
    }
}

impl<B: HeapBackend> Value<B> {
    #[inline(always)]
    pub fn type_of(&self) -> Type {
        match self {
            Value::Nil => Type::Nil,
            Value::Bool(_) => Type::Boolean,
            Value::Int(_) | Value::Float(_) => Type::Number,
            Value::Str(_) => Type::String,
            Value::Table(_) => Type::Table,
            Value::Function(_) | Value::Native(_) => Type::Function,
            Value::Userdata(_) => Type::Userdata,
            Value::Thread(_) => Type::Thread,
        }
    }
    pub fn type_name(&self) -> &'static str {
        self.type_of().name()
    }
    #[inline(always)]
    pub fn is_falsy(&self) -> bool {
        matches!(self, Value::Nil | Value::Bool(false))
    }
    #[inline(always)]
    pub fn is_nil(&self) -> bool {
        matches!(self, Value::Nil)
    }
    /// A copy that loads the tag and then the payload, for safe backends reading a
    /// register. A plain copy is one 16-byte load, and a register is usually written as
    /// two 8-byte stores (a tag and a payload computed apart) an instruction or two
    /// earlier: the CPU cannot forward two stores to one load, and waits for them to
    /// reach the cache. Numbers, the values written and read back at once (loop
    /// counters, arithmetic), are rebuilt from their halves; the rest copy whole.
    /// (The unsafe backend reads every register as two raw loads instead.)
    #[inline(always)]
    pub fn copy_split(&self) -> Self {
        match *self {
            Value::Int(i) => Value::Int(i),
            Value::Float(f) => Value::Float(f),
            other => other,
        }
    }
    /// Raw equality (`rawequal`): no coercion between types except int/float numbers.
    #[inline]
    pub fn raw_eq(&self, other: &Self) -> bool {
        match (self, other) {
            (Value::Nil, Value::Nil) => true,
            (Value::Bool(a), Value::Bool(b)) => a == b,
            (Value::Int(a), Value::Int(b)) => a == b,
            (Value::Float(a), Value::Float(b)) => a == b,
            (Value::Int(a), Value::Float(b)) | (Value::Float(b), Value::Int(a)) => {
                crate::number::int_eq_float(*a, *b)
            }
            (Value::Str(a), Value::Str(b)) => a == b,
            (Value::Table(a), Value::Table(b)) => a == b,
            (Value::Function(a), Value::Function(b)) => a == b,
            (Value::Native(a), Value::Native(b)) => std::ptr::fn_addr_eq(*a, *b),
            (Value::Userdata(a), Value::Userdata(b)) => a == b,
            (Value::Thread(a), Value::Thread(b)) => a == b,
            _ => false,
        }
    }
}

/// Table keys: a value normalised so that float keys with an integer value are integers
/// (Lua's rule: `t[1.0]` and `t[1]` are the same slot). Nil and NaN are never keys.
pub struct Key<B: HeapBackend>(pub Value<B>);

impl<B: HeapBackend> Clone for Key<B> {
    #[inline(always)]
    fn clone(&self) -> Self {
        *self
    }
}
impl<B: HeapBackend> Copy for Key<B> {}

impl<B: HeapBackend> Key<B> {
    /// Normalise a value into a key; `Err` names why it cannot index a table.
    #[inline]
    pub fn new(v: Value<B>) -> Result<Self, crate::error::HeapError> {
        match v {
            Value::Nil => Err(crate::error::HeapError::NilIndex),
            Value::Float(f) => {
                if f.is_nan() {
                    Err(crate::error::HeapError::NaNIndex)
                } else if let Some(i) = crate::number::float_to_int_exact(f) {
                    Ok(Key(Value::Int(i)))
                } else {
                    Ok(Key(v))
                }
            }
            _ => Ok(Key(v)),
        }
    }
    /// Normalise for lookup only: keys that cannot exist map to `None`.
    #[inline]
    pub fn lookup(v: Value<B>) -> Option<Self> {
        Self::new(v).ok()
    }
}

impl<B: HeapBackend> PartialEq for Key<B> {
    #[inline]
    fn eq(&self, other: &Self) -> bool {
        match (&self.0, &other.0) {
            (Value::Float(a), Value::Float(b)) => a.to_bits() == b.to_bits(),
            (a, b) => a.raw_eq(b),
        }
    }
}
impl<B: HeapBackend> Eq for Key<B> {}

impl<B: HeapBackend> Hash for Key<B> {
    #[inline]
    fn hash<H: Hasher>(&self, state: &mut H) {
        match &self.0 {
            Value::Nil => 0u8.hash(state),
            Value::Bool(b) => b.hash(state),
            Value::Int(i) => i.hash(state),
            Value::Float(f) => f.to_bits().hash(state),
            Value::Str(s) => s.hash(state),
            Value::Table(t) => t.hash(state),
            Value::Function(f) => f.hash(state),
            Value::Native(f) => (*f as usize).hash(state),
            Value::Userdata(u) => u.hash(state),
            Value::Thread(t) => t.hash(state),
        }
    }
}

impl<B: HeapBackend> fmt::Debug for Value<B> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Value::Nil => write!(f, "nil"),
            Value::Bool(b) => write!(f, "{b}"),
            Value::Int(i) => write!(f, "{i}"),
            Value::Float(x) => write!(f, "{x:?}"),
            Value::Str(s) => write!(f, "Str({s:?})"),
            Value::Table(t) => write!(f, "Table({t:?})"),
            Value::Function(x) => write!(f, "Function({x:?})"),
            Value::Native(x) => write!(f, "Native({:p})", *x as *const ()),
            Value::Userdata(u) => write!(f, "Userdata({u:?})"),
            Value::Thread(t) => write!(f, "Thread({t:?})"),
        }
    }
}
