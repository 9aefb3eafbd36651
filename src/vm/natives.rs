//! What library functions use: argument checks with Lua's messages, `tostring`, and
//! metamethod-aware get/set that may call back into Lua.

use super::meta::{Event, Flow};
use super::{CallCtx, Vm};
use crate::error::LuaError;
use crate::heap::HeapBackend;
use crate::number::{self, F2I};
use crate::value::Value;
use std::hash::{Hash, Hasher};

impl<B: HeapBackend> Vm<B> {
    /// Argument `i`, which must be present (any value, nil included).
    pub fn check_any(&self, cx: CallCtx, i: usize) -> Result<Value<B>, LuaError<B>> {
        if i >= cx.nargs {
            return Err(self.arg_error(i, "value expected"));
        }
        Ok(self.arg(cx, i))
    }

    pub fn check_table(&self, cx: CallCtx, i: usize) -> Result<B::Table, LuaError<B>> {
        match self.arg(cx, i) {
            Value::Table(t) => Ok(t),
            v => Err(self.arg_type_error(i, "table", v, i < cx.nargs)),
        }
    }

    /// An integer argument; numeric strings are converted, as `luaL_checkinteger` does.
    pub fn check_int(&self, cx: CallCtx, i: usize) -> Result<i64, LuaError<B>> {
        let v = self.arg(cx, i);
        match self.to_integer(v) {
            Some(n) => Ok(n),
            None => {
                if self.to_number(v).is_some() {
                    Err(self.arg_error(i, "number has no integer representation"))
                } else {
                    Err(self.arg_type_error(i, "number", v, i < cx.nargs))
                }
            }
        }
    }

    pub fn opt_int(&self, cx: CallCtx, i: usize, default: i64) -> Result<i64, LuaError<B>> {
        if self.arg(cx, i).is_nil() {
            Ok(default)
        } else {
            self.check_int(cx, i)
        }
    }

    /// A number argument (Int or Float value); numeric strings are converted.
    pub fn check_number(&self, cx: CallCtx, i: usize) -> Result<Value<B>, LuaError<B>> {
        let v = self.arg(cx, i);
        self.to_number(v)
            .ok_or_else(|| self.arg_type_error(i, "number", v, i < cx.nargs))
    }

    /// A string argument; numbers are converted, as `luaL_checklstring` does.
    pub fn check_str(&self, cx: CallCtx, i: usize) -> Result<B::Str, LuaError<B>> {
        let v = self.arg(cx, i);
        match v {
            Value::Str(s) => Ok(s),
            Value::Int(_) | Value::Float(_) => {
                let mut b = Vec::new();
                self.append_stringish(v, &mut b);
                Ok(self.heap.intern(&b))
            }
            _ => Err(self.arg_type_error(i, "string", v, i < cx.nargs)),
        }
    }

    pub fn opt_str(&self, cx: CallCtx, i: usize) -> Result<Option<B::Str>, LuaError<B>> {
        if self.arg(cx, i).is_nil() {
            Ok(None)
        } else {
            self.check_str(cx, i).map(Some)
        }
    }

    /// `lua_tonumber`: numbers, and strings that read as numbers.
    pub fn to_number(&self, v: Value<B>) -> Option<Value<B>> {
        super::meta::to_number_coerce(self, v)
    }

    /// `lua_tointeger`: integers, floats with an integral value, and such strings.
    pub fn to_integer(&self, v: Value<B>) -> Option<i64> {
        match self.to_number(v)? {
            Value::Int(i) => Some(i),
            Value::Float(f) => number::float_to_int(f, F2I::Exact),
            _ => None,
        }
    }

    /// `tostring` without metamethods (numbers, strings, booleans, nil, addresses).
    pub fn tostring_raw(&self, v: Value<B>) -> Vec<u8> {
        let mut out = Vec::new();
        if self.append_stringish(v, &mut out) {
            return out;
        }
        match v {
            Value::Nil => b"nil".to_vec(),
            Value::Bool(b) => {
                if b {
                    b"true".to_vec()
                } else {
                    b"false".to_vec()
                }
            }
            _ => {
                let kind = self.obj_type_name(v);
                format!("{kind}: 0x{:014x}", self.address_of(v)).into_bytes()
            }
        }
    }

    /// A stable pseudo-address for an object, for `%p` and `tostring`.
    pub fn address_of(&self, v: Value<B>) -> u64 {
        let mut h = crate::interner::BytesHasher::default();
        v.type_name().hash(&mut h);
        crate::value::Key(v).hash(&mut h);
        0x5500_0000_0000 | (h.finish() & 0xff_ffff_fff0)
    }

    /// `luaL_tolstring`: honours `__tostring` and `__name`.
    pub fn tostring(&mut self, v: Value<B>) -> Result<B::Str, LuaError<B>> {
        if let Value::Str(s) = v {
            return Ok(s);
        }
        let tm = self.metamethod(v, Event::ToString);
        if !tm.is_nil() {
            let r = self.call1(tm, &[v])?;
            return match r {
                Value::Str(s) => Ok(s),
                Value::Int(_) | Value::Float(_) => Ok(self.heap.intern(&self.tostring_raw(r))),
                _ => Err(self.native_error("'__tostring' must return a string")),
            };
        }
        Ok(self.heap.intern(&self.tostring_raw(v)))
    }

    /// `obj[key]` with metamethods, from Rust (may call Lua).
    pub fn get_value(&mut self, obj: Value<B>, key: Value<B>) -> Result<Value<B>, LuaError<B>> {
        match self.index(obj, key, super::debug::Loc::None)? {
            Flow::Value(v) => Ok(v),
            Flow::Call(f, args, n) | Flow::CallNot(f, args, n) => self.call1(f, &args[..n]),
        }
    }

    /// `obj[key] = val` with metamethods, from Rust (may call Lua).
    pub fn set_value(
        &mut self,
        obj: Value<B>,
        key: Value<B>,
        val: Value<B>,
    ) -> Result<(), LuaError<B>> {
        match self.new_index(obj, key, val, super::debug::Loc::None)? {
            Flow::Value(_) => Ok(()),
            Flow::Call(f, args, n) | Flow::CallNot(f, args, n) => {
                self.call(f, &args[..n]).map(|_| ())
            }
        }
    }

    /// `a == b` with `__eq`, from Rust.
    pub fn equal_values(&mut self, a: Value<B>, b: Value<B>) -> Result<bool, LuaError<B>> {
        match self.equals(a, b) {
            Flow::Value(v) => Ok(!v.is_falsy()),
            Flow::Call(f, args, n) | Flow::CallNot(f, args, n) => {
                Ok(!self.call1(f, &args[..n])?.is_falsy())
            }
        }
    }

    /// `a < b` with `__lt`, from Rust (for sort).
    pub fn less_than(&mut self, a: Value<B>, b: Value<B>) -> Result<bool, LuaError<B>> {
        match self.less(a, b, false)? {
            Flow::Value(v) => Ok(!v.is_falsy()),
            Flow::Call(f, args, n) => Ok(!self.call1(f, &args[..n])?.is_falsy()),
            Flow::CallNot(f, args, n) => Ok(self.call1(f, &args[..n])?.is_falsy()),
        }
    }

    /// Leave a request for the dispatch loop (pcall, resume, yield).
    pub(crate) fn set_pending(&mut self, p: super::Pending<B>) {
        self.pending = Some(p);
    }

    /// End the running native by calling `f(args...)` in its place, as a Lua-level tail
    /// call: its results are the native's, and unlike [`Vm::call`] a Lua `f` may yield.
    /// The native must return this method's value at once.
    pub fn tail_call(&mut self, f: Value<B>, args: &[Value<B>]) -> Result<usize, LuaError<B>> {
        let func = self.state.frames.last().expect("a native is running").func;
        let need = func + args.len() + 1 + super::EXTRA_STACK;
        if need > self.heap.stack_size() {
            self.heap.grow_stack(need);
        }
        self.heap.set_reg(func, f);
        for (i, a) in args.iter().enumerate() {
            self.heap.set_reg(func + 1 + i, *a);
        }
        self.state.top = func + 1 + args.len();
        Ok(super::call::TAIL_CALL)
    }

    /// The closure running in the innermost frame (for a native's own upvalues).
    pub fn current_function(&self) -> Option<B::Function> {
        self.state.frames.last().and_then(|f| f.closure)
    }
}
