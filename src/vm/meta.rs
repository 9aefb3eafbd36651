//! Metamethods: lookup, and the slow paths of the opcodes that may need one.
//!
//! Every slow path here either produces a value or says which function to call; it never
//! calls Lua itself. The dispatch loop makes the call as a new frame and finishes the
//! opcode with a [`MetaCont`] when the frame returns.

use super::debug::Loc;
use super::Vm;
use crate::error::LuaError;
use crate::heap::HeapBackend;
use crate::number::{self, ArithError, Number, F2I};
use crate::value::{Key, Value};

/// The metamethod events: one list for the compiler and the VM, in `tagmethod.rs`.
pub use crate::tagmethod::TagMethod as Event;

impl Event {
    /// The event of tag-method number `n` as MMBIN's C operand gives it.
    pub fn from_tm(n: usize) -> Option<Event> {
        u8::try_from(n).ok().and_then(Event::from_u8)
    }

    /// The arithmetic operator of an arithmetic/bitwise event (`__add`..`__bnot` are
    /// numbered in the operators' order).
    pub fn arith_op(self) -> Option<ArithOp> {
        (self as usize)
            .checked_sub(Event::Add as usize)
            .and_then(|i| ArithOp::ALL.get(i).copied())
    }
}

pub use crate::number::ArithOp;

/// The metamethod event of an operator.
pub fn arith_event(op: ArithOp) -> Event {
    Event::EVERY[Event::Add as usize + op as usize]
}

/// How to finish an opcode once the metamethod it called returns.
///
/// `repr(C)` gives it a 4-byte tag with every field after it, where Rust's own layout
/// packed the `bool`s into the tag's word; a [`super::ReturnTo`] (which embeds this)
/// was then copied in two overlapping loads that stalled every Lua return.
#[derive(Clone, Copy, Debug)]
#[repr(C)]
pub enum MetaCont {
    /// Store the result in this stack slot.
    Store(u32),
    /// Drop the result (`__newindex`, `__close`).
    Discard,
    /// A comparison: jump unless `truthy(result) == k` (and negate first for `__le`
    /// emulated through `__lt`, which 5.4 no longer does, so `negate` is unused there).
    Cond { k: bool },
    /// A concatenation in progress: store the result at slot `dest`, then carry on with
    /// the `n` values starting at slot `first`.
    Concat { first: u32, n: u32, dest: u32 },
    /// A `__close` run by RETURN: reset the top to where the results end, so that the
    /// repeated RETURN finds them.
    SetTop(u32),
    /// A `__close` run while an error unwinds to the `pcall` (or `xpcall`, with
    /// `handler`) whose function slot is `level`: close the next variable, then make the
    /// `pcall` return. It runs as a frame of its own, so it may yield, and an error in it
    /// is caught by the same `pcall` (see [`Vm::close_error_step`]).
    CloseError { level: u32, handler: bool },
}

/// The outcome of a slow path: a value now, or a function to call.
pub enum Flow<B: HeapBackend> {
    Value(Value<B>),
    Call(Value<B>, [Value<B>; 3], usize),
    /// As `Call`, and the truth of the result is inverted (`__le` emulated by `__lt`).
    CallNot(Value<B>, [Value<B>; 3], usize),
}

/// Longest `__index`/`__newindex` chain followed before giving up (MAXTAGLOOP).
const MAX_TAG_LOOP: usize = 2000;

/// A key as a table lookup takes it: a string as it is, anything else normalised once
/// (outside any loop: left in one, the float-to-integer test of `Key::lookup` was hoisted
/// out of it and paid by every method lookup). `Err(None)` is a key no table holds.
#[inline(always)]
fn probe<B: HeapBackend>(key: Value<B>) -> Result<B::Str, Option<Key<B>>> {
    match key {
        Value::Str(s) => Ok(s),
        _ => Err(Key::lookup(key)),
    }
}

impl<B: HeapBackend> Vm<B> {
    /// The metatable of any value.
    #[inline]
    pub fn metatable_of(&self, v: Value<B>) -> Option<B::Table> {
        match v {
            Value::Table(t) => self.heap.metatable(t),
            Value::Userdata(u) => self.heap.userdata_metatable(u),
            Value::Str(_) => self.type_mt.string,
            Value::Int(_) | Value::Float(_) => self.type_mt.number,
            Value::Bool(_) => self.type_mt.boolean,
            Value::Nil => self.type_mt.nil,
            Value::Function(_) | Value::Native(_) => self.type_mt.function,
            Value::Thread(_) => self.type_mt.thread,
        }
    }

    /// The metamethod for `e` of `v`, or nil.
    #[inline]
    pub fn metamethod(&self, v: Value<B>, e: Event) -> Value<B> {
        match self.metatable_of(v) {
            Some(mt) => self.heap.get_str(mt, self.event_names[e as usize]),
            None => Value::Nil,
        }
    }

    /// The type name used in error messages: `__name` from the metatable when it is a string,
    /// up to its first NUL, since lua5.4 formats it as a C string.
    pub fn obj_type_name(&self, v: Value<B>) -> String {
        if matches!(v, Value::Table(_) | Value::Userdata(_)) {
            if let Value::Str(s) = self.metamethod(v, Event::Name) {
                let bytes = self.str_bytes(s);
                let name = bytes.split(|&b| b == 0).next().unwrap_or_default();
                return String::from_utf8_lossy(name).into_owned();
            }
        }
        v.type_name().to_string()
    }

    // ---- indexing ------------------------------------------------------------------

    /// `obj[key]` with `__index`.
    pub fn index(
        &mut self,
        obj: Value<B>,
        key: Value<B>,
        loc: Loc,
    ) -> Result<Flow<B>, LuaError<B>> {
        if let Value::Table(t) = obj {
            let v = self.raw_lookup(t, probe(key));
            if !v.is_nil() {
                return Ok(Flow::Value(v));
            }
        }
        self.index_chain(obj, key, loc)
    }

    /// `t[key]` once the raw lookup in the table `t` has found nil (the dispatch loop's
    /// fast path): the chain goes on from `t`'s metatable without looking in `t` again, as
    /// `luaV_finishget` does with the slot it is given.
    pub fn index_missed(&mut self, t: B::Table, key: Value<B>) -> Result<Flow<B>, LuaError<B>> {
        self.index_chain(Value::Table(t), key, Loc::None)
    }

    #[inline(always)]
    fn raw_lookup(&self, t: B::Table, key: Result<B::Str, Option<Key<B>>>) -> Value<B> {
        match key {
            Ok(s) => self.heap.get_str(t, s),
            Err(Some(k)) => self.heap.get(t, k),
            Err(None) => Value::Nil,
        }
    }

    /// The `__index` steps after a raw lookup in `obj` (if it is a table) found nothing.
    /// Each step takes the handler of the current object and looks in it, and there are
    /// at most `MAX_TAG_LOOP` steps, as in `luaV_finishget`: a chain of 2000 metatables
    /// still finds a key in its last table.
    fn index_chain(
        &mut self,
        obj: Value<B>,
        key: Value<B>,
        loc: Loc,
    ) -> Result<Flow<B>, LuaError<B>> {
        let key_probe = probe(key);
        let mut obj = obj;
        let mut loc = loc;
        for _ in 0..MAX_TAG_LOOP {
            let tm = if let Value::Table(t) = obj {
                match self.heap.metatable(t) {
                    None => return Ok(Flow::Value(Value::Nil)),
                    Some(mt) => self
                        .heap
                        .get_str(mt, self.event_names[Event::Index as usize]),
                }
            } else {
                let tm = self.metamethod(obj, Event::Index);
                if tm.is_nil() {
                    return Err(self.type_error(obj, "index", loc));
                }
                tm
            };
            match tm {
                Value::Nil => return Ok(Flow::Value(Value::Nil)),
                Value::Function(_) | Value::Native(_) => {
                    return Ok(Flow::Call(tm, [obj, key, Value::Nil], 2))
                }
                Value::Table(t) => {
                    let v = self.raw_lookup(t, key_probe);
                    if !v.is_nil() {
                        return Ok(Flow::Value(v));
                    }
                }
                _ => {}
            }
            obj = tm;
            loc = Loc::None;
        }
        Err(self.runtime_error("'__index' chain too long; possible loop"))
    }

    /// `obj[key] = val` with `__newindex`. `Flow::Value` means done.
    pub fn new_index(
        &mut self,
        obj: Value<B>,
        key: Value<B>,
        val: Value<B>,
        loc: Loc,
    ) -> Result<Flow<B>, LuaError<B>> {
        // As `luaV_finishset`: a key already present in a table is assigned there, and each
        // of at most `MAX_TAG_LOOP` steps takes the current object's handler and then
        // looks in it.
        let key_probe = probe(key);
        if let Value::Table(t) = obj {
            if !self.raw_lookup(t, key_probe).is_nil() {
                self.raw_set(t, key, val)?;
                return Ok(Flow::Value(Value::Nil));
            }
        }
        let mut obj = obj;
        let mut loc = loc;
        for _ in 0..MAX_TAG_LOOP {
            let tm = if let Value::Table(t) = obj {
                let tm = match self.heap.metatable(t) {
                    None => Value::Nil,
                    Some(mt) => self
                        .heap
                        .get_str(mt, self.event_names[Event::NewIndex as usize]),
                };
                if tm.is_nil() {
                    self.raw_set(t, key, val)?;
                    return Ok(Flow::Value(Value::Nil));
                }
                tm
            } else {
                let tm = self.metamethod(obj, Event::NewIndex);
                if tm.is_nil() {
                    return Err(self.type_error(obj, "index", loc));
                }
                tm
            };
            if matches!(tm, Value::Function(_) | Value::Native(_)) {
                return Ok(Flow::Call(tm, [obj, key, val], 3));
            }
            if let Value::Table(t) = tm {
                if !self.raw_lookup(t, key_probe).is_nil() {
                    self.raw_set(t, key, val)?;
                    return Ok(Flow::Value(Value::Nil));
                }
            }
            obj = tm;
            loc = Loc::None;
        }
        Err(self.runtime_error("'__newindex' chain too long; possible loop"))
    }

    /// Raw `t[key] = val`, with Lua's errors for nil and NaN keys.
    pub fn raw_set(
        &mut self,
        t: B::Table,
        key: Value<B>,
        val: Value<B>,
    ) -> Result<(), LuaError<B>> {
        let k = Key::new(key).map_err(|e| self.runtime_error(&e.to_string()))?;
        self.heap
            .set(t, k, val)
            .or_else(|e| self.store_refused(e, |h| h.set(t, k, val)))
    }

    // ---- arithmetic ----------------------------------------------------------------

    /// Arithmetic on two numbers (no coercion): `None` when an operand is not a number
    /// or a bitwise operand has no integer representation.
    #[inline]
    pub fn arith_numbers(
        &self,
        op: ArithOp,
        a: Value<B>,
        b: Value<B>,
    ) -> Result<Option<Value<B>>, LuaError<B>> {
        let as_num = |v: Value<B>| match v {
            Value::Int(i) => Some(Number::Int(i)),
            Value::Float(f) => Some(Number::Float(f)),
            _ => None,
        };
        let (Some(x), Some(y)) = (as_num(a), as_num(b)) else {
            return Ok(None);
        };
        match number::arith(op, x, y) {
            Ok(Number::Int(i)) => Ok(Some(Value::Int(i))),
            Ok(Number::Float(f)) => Ok(Some(Value::Float(f))),
            Err(ArithError::NoIntegerRep) => Ok(None),
            Err(ArithError::DivideByZero) => Err(self.runtime_error("attempt to divide by zero")),
            Err(ArithError::ModuloByZero) => Err(self.runtime_error("attempt to perform 'n%0'")),
        }
    }

    /// The slow path of an arithmetic opcode: numbers, then metamethods, then an error.
    /// `a` and `b` are the operands in source order.
    pub fn arith_slow(
        &mut self,
        op: ArithOp,
        a: Value<B>,
        b: Value<B>,
        la: Loc,
        lb: Loc,
    ) -> Result<Flow<B>, LuaError<B>> {
        if let Some(v) = self.arith_numbers(op, a, b)? {
            return Ok(Flow::Value(v));
        }
        let ev = arith_event(op);
        let mut tm = self.metamethod(a, ev);
        if tm.is_nil() {
            tm = self.metamethod(b, ev);
        }
        if !tm.is_nil() {
            return Ok(Flow::Call(tm, [a, b, Value::Nil], 2));
        }
        Err(self.arith_error(op, a, b, la, lb))
    }

    /// The error for an arithmetic operation no metamethod handles: blame the first
    /// operand unless it is a number (luaG_opinterror).
    pub fn arith_error(
        &mut self,
        op: ArithOp,
        a: Value<B>,
        b: Value<B>,
        la: Loc,
        lb: Loc,
    ) -> LuaError<B> {
        let is_num = |v: &Value<B>| matches!(v, Value::Int(_) | Value::Float(_));
        if op.is_bitwise() && is_num(&a) && is_num(&b) {
            let l = if to_int_strict(a).is_none() { la } else { lb };
            let info = self.varinfo(l);
            return self.runtime_error(&format!("number{info} has no integer representation"));
        }
        let (v, l) = if !is_num(&a) { (a, la) } else { (b, lb) };
        let what = if op.is_bitwise() {
            "perform bitwise operation on"
        } else {
            "perform arithmetic on"
        };
        self.type_error(v, what, l)
    }

    // ---- comparison ----------------------------------------------------------------

    /// `a == b` with `__eq`. `Flow::Value` holds a boolean.
    pub fn equals(&mut self, a: Value<B>, b: Value<B>) -> Flow<B> {
        if a.raw_eq(&b) {
            return Flow::Value(Value::Bool(true));
        }
        match (a, b) {
            (Value::Table(_), Value::Table(_)) | (Value::Userdata(_), Value::Userdata(_)) => {
                let mut tm = self.metamethod(a, Event::Eq);
                if tm.is_nil() {
                    tm = self.metamethod(b, Event::Eq);
                }
                if tm.is_nil() {
                    Flow::Value(Value::Bool(false))
                } else {
                    Flow::Call(tm, [a, b, Value::Nil], 2)
                }
            }
            _ => Flow::Value(Value::Bool(false)),
        }
    }

    /// `a < b` (`le` false) or `a <= b` (`le` true), with `__lt`/`__le`.
    pub fn less(&mut self, a: Value<B>, b: Value<B>, le: bool) -> Result<Flow<B>, LuaError<B>> {
        if let Some(r) = compare_numbers(a, b, le) {
            return Ok(Flow::Value(Value::Bool(r)));
        }
        if let (Value::Str(x), Value::Str(y)) = (a, b) {
            let ord = self
                .heap
                .with_str(x, |xb| self.heap.with_str(y, |yb| compare_strings(xb, yb)));
            let r = if le { ord.is_le() } else { ord.is_lt() };
            return Ok(Flow::Value(Value::Bool(r)));
        }
        let ev = if le { Event::Le } else { Event::Lt };
        let mut tm = self.metamethod(a, ev);
        if tm.is_nil() {
            tm = self.metamethod(b, ev);
        }
        if !tm.is_nil() {
            return Ok(Flow::Call(tm, [a, b, Value::Nil], 2));
        }
        if le {
            // Stock Lua 5.4 keeps the 5.3 fallback: `a <= b` as `not (b < a)`.
            let mut tm = self.metamethod(b, Event::Lt);
            if tm.is_nil() {
                tm = self.metamethod(a, Event::Lt);
            }
            if !tm.is_nil() {
                return Ok(Flow::CallNot(tm, [b, a, Value::Nil], 2));
            }
        }
        Err(self.compare_error(a, b))
    }

    pub fn compare_error(&mut self, a: Value<B>, b: Value<B>) -> LuaError<B> {
        let t1 = self.obj_type_name(a);
        let t2 = self.obj_type_name(b);
        if t1 == t2 {
            self.runtime_error(&format!("attempt to compare two {t1} values"))
        } else {
            self.runtime_error(&format!("attempt to compare {t1} with {t2}"))
        }
    }

    // ---- length and concatenation -------------------------------------------------

    /// `#v` with `__len`.
    pub fn len(&mut self, v: Value<B>, loc: Loc) -> Result<Flow<B>, LuaError<B>> {
        match v {
            Value::Str(s) => Ok(Flow::Value(Value::Int(self.heap.str_len(s) as i64))),
            _ => {
                let tm = self.metamethod(v, Event::Len);
                if !tm.is_nil() {
                    return Ok(Flow::Call(tm, [v, v, Value::Nil], 2));
                }
                match v {
                    Value::Table(t) => Ok(Flow::Value(Value::Int(self.heap.length(t)))),
                    _ => Err(self.type_error(v, "get length of", loc)),
                }
            }
        }
    }

    /// Append the string form of a string or number to `buf`; false for other values.
    pub fn append_stringish(&self, v: Value<B>, buf: &mut Vec<u8>) -> bool {
        match v {
            Value::Str(s) => {
                self.heap.with_str(s, |b| buf.extend_from_slice(b));
                true
            }
            Value::Int(i) => {
                buf.extend_from_slice(number::fmt_int(i).as_bytes());
                true
            }
            Value::Float(f) => {
                buf.extend_from_slice(number::fmt_float(f).as_bytes());
                true
            }
            _ => false,
        }
    }

    /// Concatenate the `n` values at slots `first..`, right to left as Lua does. Returns
    /// `None` when done (the result is in slot `first`), or the metamethod call to make.
    pub fn concat_step(
        &mut self,
        first: usize,
        mut n: usize,
    ) -> Result<Option<(Value<B>, [Value<B>; 3], MetaCont)>, LuaError<B>> {
        let mut buf = Vec::new();
        while n > 1 {
            let top = first + n;
            let a = self.heap.reg(top - 2);
            let b = self.heap.reg(top - 1);
            let stringish =
                |v: &Value<B>| matches!(v, Value::Str(_) | Value::Int(_) | Value::Float(_));
            if !stringish(&a) || !stringish(&b) {
                let mut tm = self.metamethod(a, Event::Concat);
                if tm.is_nil() {
                    tm = self.metamethod(b, Event::Concat);
                }
                if tm.is_nil() {
                    let culprit = if stringish(&a) { b } else { a };
                    let slot = if stringish(&a) { top - 1 } else { top - 2 };
                    return Err(self.type_error(culprit, "concatenate", Loc::Reg(slot)));
                }
                return Ok(Some((
                    tm,
                    [a, b, Value::Nil],
                    MetaCont::Concat {
                        first: first as u32,
                        n: (n - 1) as u32,
                        dest: (top - 2) as u32,
                    },
                )));
            }
            // Gather the longest run of strings and numbers ending at the top.
            let mut k = 2;
            while k < n {
                let v = self.heap.reg(top - k - 1);
                if !stringish(&v) {
                    break;
                }
                k += 1;
            }
            buf.clear();
            for slot in top - k..top {
                let v = self.heap.reg(slot);
                self.append_stringish(v, &mut buf);
            }
            self.charge_bytes(buf.len());
            let s = self.heap.intern(&buf);
            self.heap.set_reg(top - k, Value::Str(s));
            n -= k - 1;
        }
        Ok(None)
    }
}

/// An operand of a bitwise operator: integers, and floats with an exact integer value.
#[inline]
pub fn to_int_strict<B: HeapBackend>(v: Value<B>) -> Option<i64> {
    match v {
        Value::Int(i) => Some(i),
        Value::Float(f) => number::float_to_int(f, F2I::Exact),
        _ => None,
    }
}

/// String-to-number coercion as `tonumber` does it.
pub fn to_number_coerce<B: HeapBackend>(vm: &Vm<B>, v: Value<B>) -> Option<Value<B>> {
    match v {
        Value::Int(_) | Value::Float(_) => Some(v),
        Value::Str(s) => vm.heap.with_str(s, |b| match number::str_to_number(b)? {
            Number::Int(i) => Some(Value::Int(i)),
            Number::Float(f) => Some(Value::Float(f)),
        }),
        _ => None,
    }
}

/// Numeric `<`/`<=` with Lua's exact int/float comparison; `None` if not both numbers.
#[inline]
pub fn compare_numbers<B: HeapBackend>(a: Value<B>, b: Value<B>, le: bool) -> Option<bool> {
    Some(match (a, b) {
        (Value::Int(x), Value::Int(y)) => {
            if le {
                x <= y
            } else {
                x < y
            }
        }
        (Value::Float(x), Value::Float(y)) => {
            if le {
                x <= y
            } else {
                x < y
            }
        }
        (Value::Int(x), Value::Float(y)) => {
            if le {
                number::le_int_float(x, y)
            } else {
                number::lt_int_float(x, y)
            }
        }
        (Value::Float(x), Value::Int(y)) => {
            if le {
                number::le_float_int(x, y)
            } else {
                number::lt_float_int(x, y)
            }
        }
        _ => return None,
    })
}

/// `strcoll` in the C locale is byte order, with embedded zeros compared as Lua does.
fn compare_strings(a: &[u8], b: &[u8]) -> std::cmp::Ordering {
    a.cmp(b)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::opcode::OpCode;

    /// The index arithmetic between events, operators and opcodes relies on one order.
    #[test]
    fn operator_lists_share_one_order() {
        for (i, op) in ArithOp::ALL.iter().enumerate() {
            assert_eq!(*op as usize, i);
            assert_eq!(arith_event(*op).arith_op(), Some(*op));
            assert!(arith_event(*op).name().starts_with("__"));
        }
        assert_eq!(arith_event(ArithOp::BNot), Event::BNot);
        assert_eq!(
            OpCode::BXorK as usize - OpCode::AddK as usize,
            ArithOp::BXor as usize
        );
        assert_eq!(
            OpCode::Shr as usize - OpCode::Add as usize,
            ArithOp::Shr as usize
        );
        assert_eq!(Event::Index.arith_op(), None);
        assert_eq!(Event::Lt.arith_op(), None);
    }
}
