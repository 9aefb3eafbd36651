//! Error messages and tracebacks: where an error happened, and what the culprit was called
//! in the source, recovered from the bytecode as Lua 5.4's debug interface does it.

use super::{Frame, Vm};
use crate::error::LuaError;
use crate::function::LuaProto;
use crate::heap::HeapBackend;
use crate::opcode::OpCode;
use crate::proto::chunk_id;
use crate::value::Value;

/// Where an operand came from, so that an error can name it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Loc {
    None,
    /// An absolute stack slot of the running Lua frame.
    Reg(usize),
    /// Upvalue `n` of the running closure.
    Upval(usize),
    /// Constant `n` of the running function.
    Const(usize),
}

/// Levels a long traceback keeps from its start and from its end (`luaL_traceback`'s
/// LEVELS1 and LEVELS2).
const TRACEBACK_HEAD: usize = 10;
const TRACEBACK_TAIL: usize = 11;

impl<B: HeapBackend> Vm<B> {
    /// A Lua error carrying a string.
    pub fn error_value(&self, msg: &str) -> LuaError<B> {
        LuaError::new(self.str(msg))
    }

    /// `chunk:line:` of the innermost frame if it runs Lua code (luaG_runerror).
    fn where_current(&self) -> String {
        match self.state.frames.last() {
            Some(f) => self.where_frame(f),
            None => String::new(),
        }
    }

    fn where_frame(&self, f: &Frame<B>) -> String {
        match &f.proto {
            Some(p) => format!(
                "{}:{}: ",
                chunk_id(&p.source),
                p.line_at(f.pc.saturating_sub(1))
            ),
            None => String::new(),
        }
    }

    /// `chunk:line:` of the function `level` levels up the call stack (luaL_where):
    /// level 0 is the running function, 1 its caller.
    pub fn where_level(&self, level: usize) -> String {
        let n = self.state.frames.len();
        if level < n {
            self.where_frame(&self.state.frames[n - 1 - level])
        } else {
            String::new()
        }
    }

    /// An error raised by the VM itself while running an opcode: position of the running
    /// Lua function.
    pub fn runtime_error(&self, msg: &str) -> LuaError<B> {
        let w = self.where_current();
        self.error_value(&format!("{w}{msg}"))
    }

    /// An error raised by a library function (luaL_error): position of its caller.
    pub fn native_error(&self, msg: &str) -> LuaError<B> {
        let w = self.where_level(1);
        self.error_value(&format!("{w}{msg}"))
    }

    /// `attempt to <op> a <type> value (<varinfo>)`.
    pub fn type_error(&mut self, v: Value<B>, op: &str, loc: Loc) -> LuaError<B> {
        let t = self.obj_type_name(v);
        let info = self.varinfo(loc);
        self.runtime_error(&format!("attempt to {op} a {t} value{info}"))
    }

    /// ` (local 'x')` and the like, or nothing when the operand has no name.
    pub fn varinfo(&self, loc: Loc) -> String {
        let Some(f) = self.state.frames.last() else {
            return String::new();
        };
        let Some(p) = &f.proto else {
            return String::new();
        };
        let pc = f.pc.saturating_sub(1);
        let found = match loc {
            Loc::None => None,
            Loc::Upval(n) => p.upvalues.get(n).map(|u| ("upvalue", u.name.to_string())),
            Loc::Const(k) => match p.constants.get(k) {
                Some(Value::Str(s)) => Some(("constant", self.lossy(*s))),
                _ => None,
            },
            Loc::Reg(slot) if slot >= f.base => obj_name(self, p, pc, slot - f.base),
            Loc::Reg(_) => None,
        };
        match found {
            // lua5.4 formats the name as a C string: it ends at a NUL.
            Some((kind, name)) => {
                let name = name.split('\0').next().unwrap_or_default();
                format!(" ({kind} '{name}')")
            }
            None => String::new(),
        }
    }

    pub(crate) fn lossy(&self, s: B::Str) -> String {
        self.heap
            .with_str(s, |b| String::from_utf8_lossy(b).into_owned())
    }

    /// How the function running in frame `idx` was called: `("global", "f")`,
    /// `("method", "m")`, `("metamethod", "index")`, ...
    pub(crate) fn frame_fn_name(&self, idx: usize) -> Option<(&'static str, String)> {
        let f = &self.state.frames[idx];
        if !matches!(
            f.ret,
            super::ReturnTo::Results(_) | super::ReturnTo::Meta(_)
        ) || idx == 0
        {
            return None;
        }
        let caller = &self.state.frames[idx - 1];
        let p = caller.proto.as_ref()?;
        funcname_from_code(self, p, caller.pc.checked_sub(1)?)
    }

    /// `attempt to call a X value (global 'f')`: named after the calling instruction.
    pub(crate) fn call_error(&mut self, v: Value<B>, func: usize) -> LuaError<B> {
        let site = self.state.frames.last().and_then(|f| {
            let p = f.proto.as_ref()?;
            funcname_from_code(self, p, f.pc.checked_sub(1)?)
        });
        match site {
            Some((kind, name)) => {
                let t = self.obj_type_name(v);
                let name = name.split('\0').next().unwrap_or_default();
                self.runtime_error(&format!("attempt to call a {t} value ({kind} '{name}')"))
            }
            None => self.type_error(v, "call", Loc::Reg(func)),
        }
    }

    /// The name of the running native function for `bad argument` messages, and whether it
    /// was called as a method.
    pub(crate) fn native_name(&self) -> (String, bool) {
        let idx = self.state.frames.len().saturating_sub(1);
        if let Some((kind, name)) = self.frame_fn_name(idx) {
            return (name, kind == "method");
        }
        if let Some(f) = self.state.frames.last() {
            let func = self.heap.reg(f.func);
            if let Some(n) = self.global_name_of(func) {
                return (n, false);
            }
        }
        ("?".into(), false)
    }

    /// `print` or `string.rep`: where a function is found among the loaded libraries.
    pub(crate) fn global_name_of(&self, func: Value<B>) -> Option<String> {
        let loaded = self.loaded_table()?;
        let mut k = Value::Nil;
        let mut found = None;
        while let Ok(Some((key, lib))) = self.heap.next(loaded, k) {
            k = key;
            let Value::Table(lib) = lib else { continue };
            let Value::Str(libname) = key else { continue };
            let mut k2 = Value::Nil;
            while let Ok(Some((fname, v))) = self.heap.next(lib, k2) {
                k2 = fname;
                if v.raw_eq(&func) {
                    if let Value::Str(fname) = fname {
                        let lib = self.lossy(libname);
                        let f = self.lossy(fname);
                        let name = if lib == "_G" { f } else { format!("{lib}.{f}") };
                        // Prefer the global name, as Lua's search finds `_G` entries first.
                        if lib == "_G" {
                            return Some(name);
                        }
                        found.get_or_insert(name);
                    }
                }
            }
        }
        found
    }

    pub(crate) fn loaded_table(&self) -> Option<B::Table> {
        match self
            .heap
            .get_str(self.registry, self.heap.intern(b"_LOADED"))
        {
            Value::Table(t) => Some(t),
            _ => None,
        }
    }

    /// `bad argument #n to 'name' (msg)`; `arg` is 0-based.
    pub fn arg_error(&self, arg: usize, msg: &str) -> LuaError<B> {
        let (name, method) = self.native_name();
        let mut n = arg + 1;
        if method {
            n -= 1;
            if n == 0 {
                return self.native_error(&format!("calling '{name}' on bad self ({msg})"));
            }
        }
        self.native_error(&format!("bad argument #{n} to '{name}' ({msg})"))
    }

    /// `bad argument #n to 'f' (number expected, got nil)`.
    pub fn arg_type_error(
        &self,
        arg: usize,
        expected: &str,
        got: Value<B>,
        present: bool,
    ) -> LuaError<B> {
        let got = if !present {
            "no value".to_string()
        } else {
            self.obj_type_name(got)
        };
        self.arg_error(arg, &format!("{expected} expected, got {got}"))
    }

    /// The traceback lua5.4 prints under an uncaught error. Long stacks are cut as
    /// `luaL_traceback` cuts them (see [`Vm::traceback_from`]), which also keeps a deep
    /// stack's traceback from costing a name search per frame.
    pub fn traceback(&self) -> String {
        let mut out = String::from("stack traceback:");
        let n = self.state.frames.len();
        // Levels: the frames, innermost first, then the host's.
        let last = n;
        let elide = last > TRACEBACK_HEAD + TRACEBACK_TAIL;
        for idx in (0..n).rev() {
            let level = n - 1 - idx;
            if elide && level >= TRACEBACK_HEAD && level < last + 1 - TRACEBACK_TAIL {
                if level == TRACEBACK_HEAD {
                    let told = last - (TRACEBACK_HEAD + TRACEBACK_TAIL);
                    out.push_str(&format!("\n\t...\t(skipping {told} levels)"));
                }
                continue;
            }
            let f = &self.state.frames[idx];
            out.push_str("\n\t");
            match &f.proto {
                Some(p) => {
                    out.push_str(&format!(
                        "{}:{}: in ",
                        chunk_id(&p.source),
                        p.line_at(f.pc.saturating_sub(1))
                    ));
                    if idx == 0 && p.line_defined == 0 {
                        out.push_str("main chunk");
                    } else if let Some(desc) = self.describe_frame(idx) {
                        out.push_str(&desc);
                    } else {
                        out.push_str(&format!(
                            "function <{}:{}>",
                            chunk_id(&p.source),
                            p.line_defined
                        ));
                    }
                }
                None => {
                    out.push_str("[C]: in ");
                    match self.describe_frame(idx) {
                        Some(d) => out.push_str(&d),
                        None => {
                            let func = self.frame_func(idx);
                            match self.global_name_of(func) {
                                Some(g) => out.push_str(&format!("function '{g}'")),
                                None => out.push('?'),
                            }
                        }
                    }
                }
            }
        }
        out.push_str("\n\t[C]: in ?");
        out
    }

    fn describe_frame(&self, idx: usize) -> Option<String> {
        let func = self.frame_func(idx);
        if let Some(g) = self.global_name_of(func) {
            return Some(format!("function '{g}'"));
        }
        let (kind, name) = self.frame_fn_name(idx)?;
        if kind == "global" {
            Some(format!("function '{name}'"))
        } else {
            Some(format!("{kind} '{name}'"))
        }
    }
}

/// What the instruction at `pc` calls: a named function, or a metamethod (funcnamefromcode).
fn funcname_from_code<B: HeapBackend>(
    vm: &Vm<B>,
    p: &LuaProto<B>,
    pc: usize,
) -> Option<(&'static str, String)> {
    use crate::vm::meta::Event;
    let i = *p.code.get(pc)?;
    let ev = match i.opcode() {
        OpCode::Call | OpCode::TailCall => return obj_name(vm, p, pc, i.a()),
        OpCode::TForCall => return Some(("for iterator", "for iterator".into())),
        OpCode::Self_ | OpCode::GetTabUp | OpCode::GetTable | OpCode::GetI | OpCode::GetField => {
            Event::Index
        }
        OpCode::SetTabUp | OpCode::SetTable | OpCode::SetI | OpCode::SetField => Event::NewIndex,
        OpCode::MmBin | OpCode::MmBinI | OpCode::MmBinK => Event::from_tm(i.c())?,
        OpCode::Unm => Event::Unm,
        OpCode::BNot => Event::BNot,
        OpCode::Len => Event::Len,
        OpCode::Concat => Event::Concat,
        OpCode::Eq => Event::Eq,
        OpCode::Lt | OpCode::LtI | OpCode::GtI => Event::Lt,
        OpCode::Le | OpCode::LeI | OpCode::GeI => Event::Le,
        OpCode::Close | OpCode::Return => Event::Close,
        _ => return None,
    };
    Some(("metamethod", ev.name()[2..].to_string()))
}

/// Name and kind of the value in register `reg` at `pc` (getobjname).
fn obj_name<B: HeapBackend>(
    vm: &Vm<B>,
    p: &LuaProto<B>,
    pc: usize,
    reg: usize,
) -> Option<(&'static str, String)> {
    if let Some(name) = p.local_name(reg + 1, pc) {
        return Some(("local", name.to_string()));
    }
    let setpc = find_set_reg(p, pc, reg)?;
    let i = p.code[setpc];
    match i.opcode() {
        OpCode::Move => {
            let b = i.b();
            if b < i.a() {
                obj_name(vm, p, setpc, b)
            } else {
                None
            }
        }
        OpCode::GetTabUp => {
            let key = const_str(vm, p, i.c())?;
            let is_env = p
                .upvalues
                .get(i.b())
                .map(|u| &*u.name == "_ENV")
                .unwrap_or(false);
            Some((if is_env { "global" } else { "field" }, key))
        }
        OpCode::GetTable => {
            let key = reg_const_name(vm, p, setpc, i.c()).unwrap_or_else(|| "?".into());
            Some((table_kind(vm, p, setpc, i.b()), key))
        }
        OpCode::GetI => Some(("field", "integer index".into())),
        OpCode::GetField => {
            let key = const_str(vm, p, i.c())?;
            Some((table_kind(vm, p, setpc, i.b()), key))
        }
        OpCode::GetUpval => Some(("upvalue", p.upvalues.get(i.b())?.name.to_string())),
        OpCode::LoadK => Some(("constant", const_str(vm, p, i.bx())?)),
        OpCode::LoadKX => {
            let arg = p.code.get(setpc + 1)?.ax();
            Some(("constant", const_str(vm, p, arg)?))
        }
        OpCode::Self_ => {
            let key = if i.k() {
                const_str(vm, p, i.c())?
            } else {
                reg_const_name(vm, p, setpc, i.c()).unwrap_or_else(|| "?".into())
            };
            Some(("method", key))
        }
        _ => None,
    }
}

/// "global" when the table register holds `_ENV`, else "field".
fn table_kind<B: HeapBackend>(vm: &Vm<B>, p: &LuaProto<B>, pc: usize, t: usize) -> &'static str {
    match obj_name(vm, p, pc, t) {
        Some((_, name)) if name == "_ENV" => "global",
        _ => "field",
    }
}

fn reg_const_name<B: HeapBackend>(
    vm: &Vm<B>,
    p: &LuaProto<B>,
    pc: usize,
    reg: usize,
) -> Option<String> {
    match obj_name(vm, p, pc, reg) {
        Some(("constant", name)) => Some(name),
        _ => None,
    }
}

fn const_str<B: HeapBackend>(vm: &Vm<B>, p: &LuaProto<B>, k: usize) -> Option<String> {
    match p.constants.get(k)? {
        Value::Str(s) => Some(vm.lossy(*s)),
        _ => None,
    }
}

/// The last instruction before `lastpc` that wrote register `reg`, following only the
/// straight-line flow and forward jumps that stay before `lastpc` (findsetreg).
fn find_set_reg<B: HeapBackend>(p: &LuaProto<B>, lastpc: usize, reg: usize) -> Option<usize> {
    let mut lastpc = lastpc;
    if let Some(i) = p.code.get(lastpc) {
        // An MMBIN reports the arithmetic instruction just before it.
        if matches!(i.opcode(), OpCode::MmBin | OpCode::MmBinI | OpCode::MmBinK) {
            lastpc = lastpc.saturating_sub(1);
        }
    }
    let mut setpc = None;
    let mut jmptarget = 0usize;
    for pc in 0..lastpc {
        let i = p.code[pc];
        let a = i.a();
        let changed = match i.opcode() {
            OpCode::LoadNil => a <= reg && reg <= a + i.b(),
            OpCode::TForCall => reg >= a + 2,
            OpCode::Call | OpCode::TailCall => reg >= a,
            OpCode::Jmp => {
                let dest = (pc as i64 + 1 + i.sj() as i64) as usize;
                if dest <= lastpc && dest > jmptarget {
                    jmptarget = dest;
                }
                false
            }
            op => sets_a(op) && reg == a,
        };
        if changed {
            setpc = Some(if pc < jmptarget { usize::MAX } else { pc });
        }
    }
    match setpc {
        Some(usize::MAX) | None => None,
        s => s,
    }
}

/// Opcodes that write register A (testAMode).
fn sets_a(op: OpCode) -> bool {
    use OpCode::*;
    !matches!(
        op,
        SetUpval
            | SetTabUp
            | SetTable
            | SetI
            | SetField
            | MmBin
            | MmBinI
            | MmBinK
            | Close
            | Tbc
            | Jmp
            | Eq
            | Lt
            | Le
            | EqK
            | EqI
            | LtI
            | LeI
            | GtI
            | GeI
            | Test
            | Return
            | Return0
            | Return1
            | TForPrep
            | SetList
            | VarArgPrep
            | ExtraArg
            | ForLoop
            | ForPrep
            | TForLoop
            | TailCall
    )
}

/// A stack level as the debug library counts them: 0 is the innermost frame.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Level {
    /// Index into the thread's frames.
    Frame(usize),
    /// The host's C code below the main thread's first frame, which lua.c's tracebacks
    /// show as `[C]: in ?`.
    Host,
}

impl<B: HeapBackend> Vm<B> {
    /// Run `f` with thread `th` in place of the running one (its frames and its stack),
    /// so that the debug library can look into a suspended coroutine.
    pub(crate) fn on_thread<R>(&mut self, th: B::Thread, f: impl FnOnce(&mut Self) -> R) -> R {
        let me = self.heap.current_thread();
        if th == me {
            return f(self);
        }
        self.heap.switch_thread(th, &mut self.state);
        self.switches += 1;
        // A coroutine that died of an error shows the frames the error found.
        let wrecked = self.state.status == super::CoStatus::Dead && self.state.frames.is_empty();
        if wrecked {
            let frames = self.state.wreck.as_ref().map(|w| w.frames.clone());
            for frame in frames.into_iter().flatten() {
                self.state.frames.push(frame);
            }
        }
        let r = f(self);
        if wrecked {
            self.state.frames.clear();
        }
        self.heap.switch_thread(me, &mut self.state);
        // The dispatch loop reloads its frame after a call that switched threads.
        self.switches += 1;
        r
    }

    /// The function running in frame `idx`. A dead coroutine's registers may be gone:
    /// its frames' functions were kept with them.
    pub(crate) fn frame_func(&self, idx: usize) -> Value<B> {
        match &self.state.wreck {
            Some(w) if self.state.status == super::CoStatus::Dead => {
                w.funcs.get(idx).copied().unwrap_or(Value::Nil)
            }
            _ => self.heap.reg(self.state.frames[idx].func),
        }
    }

    /// Number of levels of the running thread, the host's level included.
    pub(crate) fn level_count(&self) -> usize {
        let host = self.heap.current_thread() == self.heap.main_thread();
        self.state.frames.len() + usize::from(host)
    }

    pub(crate) fn level(&self, level: usize) -> Option<Level> {
        let n = self.state.frames.len();
        if level < n {
            Some(Level::Frame(n - 1 - level))
        } else if level < self.level_count() {
            Some(Level::Host)
        } else {
            None
        }
    }

    /// The line running in frame `idx`, or -1 in a native frame.
    pub(crate) fn frame_line(&self, idx: usize) -> i64 {
        let f = &self.state.frames[idx];
        match &f.proto {
            Some(p) => i64::from(p.line_at(f.pc.saturating_sub(1))),
            None => -1,
        }
    }

    /// One line of `debug.traceback`, without its leading tab.
    pub(crate) fn traceback_entry(&self, level: Level) -> String {
        let Level::Frame(idx) = level else {
            return "[C]: in ?".into();
        };
        let f = &self.state.frames[idx];
        let place = match &f.proto {
            Some(p) => format!("{}:{}:", chunk_id(&p.source), self.frame_line(idx)),
            None => "[C]:".into(),
        };
        let func = self.frame_func(idx);
        let what = if let Some(g) = self.global_name_of(func) {
            format!("function '{g}'")
        } else if let Some((kind, name)) = self.frame_fn_name(idx) {
            format!("{kind} '{name}'")
        } else {
            match &f.proto {
                Some(p) if p.line_defined == 0 => "main chunk".into(),
                Some(p) => format!("function <{}:{}>", chunk_id(&p.source), p.line_defined),
                None => "?".into(),
            }
        };
        format!("{place} in {what}")
    }

    /// `stack traceback:` and the levels from `level` out, the middle of a long stack
    /// elided as lua5.4 does it: the first ten levels and the last eleven stay.
    pub(crate) fn traceback_from(&self, level: i64) -> String {
        let mut out = String::from("stack traceback:");
        let total = self.level_count();
        let Ok(first) = usize::try_from(level) else {
            return out;
        };
        let last = total.saturating_sub(1);
        let mut lv = first;
        let elide = first < total && last - first > TRACEBACK_HEAD + TRACEBACK_TAIL;
        while let Some(l) = self.level(lv) {
            if elide && lv == first + TRACEBACK_HEAD {
                // lua5.4 counts one level fewer than it leaves out; its message is kept.
                let told = last - first - (TRACEBACK_HEAD + TRACEBACK_TAIL);
                out.push_str(&format!("\n\t...\t(skipping {told} levels)"));
                lv = last + 1 - TRACEBACK_TAIL;
                continue;
            }
            out.push_str("\n\t");
            out.push_str(&self.traceback_entry(l));
            lv += 1;
        }
        out
    }
}
