//! The dispatch loop. Each arm implements the one-line semantics in `opcode.rs`; fast
//! paths are inline, slow paths (metamethods, coercions, errors) live in `meta.rs`.

use super::call::Exit;
use super::debug::Loc;
use super::meta::{ArithOp, Event, Flow, MetaCont};
use super::{Frame, ReturnTo, Vm, EXTRA_STACK};
use crate::error::LuaError;
use crate::function::{Callee, FunctionObj, LuaClosure};
use crate::heap::{HeapBackend, RegisterView};
use crate::number::{self, F2I};
use crate::opcode::OpCode;
use crate::value::Value;

/// The instruction budget while the dispatch loop runs: counted down in a local, and
/// settled with [`Vm::instr_budget`] (which natives charge and the API reads) whenever
/// control may leave straight-line opcode code, and when the loop ends.
struct Fuel {
    left: u64,
    at_sync: u64,
}

impl Fuel {
    fn load(budget: &std::cell::Cell<u64>) -> Fuel {
        let left = budget.get().max(1);
        Fuel {
            left,
            at_sync: left,
        }
    }

    /// Charge what the loop spent since the last settlement, keep what others charged
    /// meanwhile, and carry on from the result. At least 1 is left, as after any
    /// instruction: the next one then finds the budget exhausted.
    #[inline(always)]
    fn sync(&mut self, budget: &std::cell::Cell<u64>) {
        let (spent, now) = (self.at_sync - self.left, budget.get());
        let left = if now > spent { now - spent } else { 1 };
        budget.set(left);
        self.left = left;
        self.at_sync = left;
    }
}

/// How a slow path left things: keep running this frame, or reload the frame on top.
enum Next {
    Same,
    Reload,
    Exit,
}

impl<B: HeapBackend> Vm<B> {
    /// Run Lua frames until a `Boundary` frame returns. Errors leave the frames in place
    /// for [`Vm::unwind`].
    pub(crate) fn execute(&mut self) -> Result<(), LuaError<B>> {
        let mut fuel = Fuel::load(&self.instr_budget);
        let r = self.run_frames(&mut fuel);
        fuel.sync(&self.instr_budget);
        r
    }

    fn run_frames(&mut self, fuel: &mut Fuel) -> Result<(), LuaError<B>> {
        'newframe: loop {
            let fi = self.state.frames.len() - 1;
            let (proto, cl, base, mut pc) = {
                let f = &self.state.frames[fi];
                let Some(p) = f.proto.clone() else {
                    return Err(self.runtime_error("internal error: native frame on top"));
                };
                (p, f.closure.expect("Lua frame has a closure"), f.base, f.pc)
            };
            let code = &proto.code[..];
            let k = &proto.constants[..];

            // The frame's registers, lent by the backend. Anything that needs `&mut self`
            // ends the loan (the borrow checker sees to it), and `review!` takes it again.
            let mut regs = self.heap.view(base);
            macro_rules! r {
                ($i:expr) => {
                    regs.get($i)
                };
            }
            macro_rules! set {
                ($i:expr, $v:expr) => {{
                    let v = $v;
                    regs.set($i, v)
                }};
            }
            // Two operands. A backend that pays per access reads them in one; the others
            // as two reads, which LLVM schedules better for them than the array.
            macro_rules! pair {
                ($i:expr, $j:expr) => {
                    if B::FUSED_UPDATES {
                        let [x, y] = regs.get_pair($i, $j);
                        (x, y)
                    } else {
                        (r!($i), r!($j))
                    }
                };
            }
            macro_rules! review {
                () => {{
                    regs = self.heap.view(base);
                    fuel.sync(&self.instr_budget);
                }};
            }
            // Before anything that may run other code: the pc for error positions and the
            // spent fuel for whatever charges or reads the budget.
            macro_rules! savepc {
                () => {{
                    self.state.frames[fi].pc = pc;
                    fuel.sync(&self.instr_budget);
                }};
            }
            // The registers again, after a call that ran no other code.
            macro_rules! reborrow {
                () => {
                    regs = self.heap.view(base)
                };
            }
            // The pc alone, where only an error (a position) can come of what follows.
            macro_rules! setpc {
                () => {
                    self.state.frames[fi].pc = pc
                };
            }
            // Finish a slow path that may have pushed a frame or switched threads.
            macro_rules! next {
                ($e:expr) => {{
                    savepc!();
                    match $e? {
                        Next::Same => review!(),
                        Next::Reload => continue 'newframe,
                        Next::Exit => return Ok(()),
                    }
                }};
            }
            // `+ - *` on two numbers, inline: the commonest arithmetic must not go through
            // the operator table. `$other` is what any other operands give.
            macro_rules! num_op {
                ($x:expr, $y:expr, $int:ident, $float:tt, $other:expr) => {
                    match ($x, $y) {
                        (Value::Int(p), Value::Int(q)) => Value::Int(p.$int(q)),
                        (Value::Float(p), Value::Float(q)) => Value::Float(p $float q),
                        (Value::Int(p), Value::Float(q)) => Value::Float(p as f64 $float q),
                        (Value::Float(p), Value::Int(q)) => Value::Float(p $float q as f64),
                        _ => $other,
                    }
                };
            }
            // A backend that pays per register access computes and stores the result in
            // one access (`apply2`, where nil means "not two numbers"); the others read,
            // compute and write, with the slow path in the match (no `Option<Value>` on the
            // fast path: built in a stack temporary and copied whole into the register, its
            // two halves stalled the copy). On success the MMBIN that follows is skipped.
            macro_rules! arith {
                ($a:expr, $b:expr, $rhs:tt, $op:ident, $int:ident, $float:tt) => {{
                    if B::FUSED_UPDATES {
                        let fast = |x, y| num_op!(x, y, $int, $float, Value::Nil);
                        if !arith!(@apply $a, $b, $rhs, fast) {
                            let (x, y) = (r!($b), arith!(@rhs $rhs));
                            savepc!();
                            match self.arith_numbers(ArithOp::$op, x, y)? {
                                Some(v) => set!($a, v),
                                None => continue,
                            }
                        }
                    } else {
                        let (x, y) = (r!($b), arith!(@rhs $rhs));
                        let v = num_op!(x, y, $int, $float, {
                            savepc!();
                            match self.arith_numbers(ArithOp::$op, x, y)? {
                                Some(v) => v,
                                None => continue,
                            }
                        });
                        set!($a, v);
                    }
                    pc += 1;
                }};
                (@apply $a:expr, $b:expr, (reg $c:expr), $f:ident) => {
                    regs.apply2($a, $b, $c, $f)
                };
                (@apply $a:expr, $b:expr, (konst $c:expr), $f:ident) => {{
                    let y = k[$c];
                    regs.apply1($a, $b, |x| $f(x, y))
                }};
                (@rhs (reg $c:expr)) => {
                    r!($c)
                };
                (@rhs (konst $c:expr)) => {
                    k[$c]
                };
            }
            // A test whose outcome is `res`: skip the JMP that follows when `res != k`, take
            // it here otherwise, without a dispatch of its own (5.4's `donextjump`). The
            // compiler emits every test with its JMP (`cond_jump`).
            macro_rules! cond_jump {
                ($res:expr, $k:expr) => {{
                    let res: bool = $res;
                    if res != $k {
                        pc += 1;
                    } else {
                        let j = code[pc];
                        debug_assert_eq!(j.opcode(), OpCode::Jmp);
                        pc = (pc as i64 + 1 + j.sj() as i64) as usize;
                    }
                }};
            }
            // `LTI`-style tests of a register against the immediate sB.
            macro_rules! cmp_imm {
                ($i:expr, $a:expr, $op:tt, $swap:expr, $le:expr) => {{
                    let i = $i;
                    let x = r!($a);
                    let imm = i.sb() as i64;
                    match x {
                        Value::Int(x) => cond_jump!(x $op imm, i.k()),
                        Value::Float(f) => cond_jump!(f $op imm as f64, i.k()),
                        _ => {
                            savepc!();
                            let y = if i.c() != 0 {
                                Value::Float(imm as f64)
                            } else {
                                Value::Int(imm)
                            };
                            let (l, r) = if $swap { (y, x) } else { (x, y) };
                            let flow = self.less(l, r, $le)?;
                            next!(self.cond_flow(flow, i.k(), &mut pc));
                        }
                    }
                }};
            }
            // Pop this frame and hand its `n` results at R[A] to the caller. Leaving
            // unprotects the caller's registers, where the results go; the backend keeps
            // the left window readable until the next call.
            macro_rules! leave_frame {
                ($a:expr, $n:expr) => {{
                    let (first, n) = (base + $a, $n);
                    if let Some((func, wanted)) = self.state.frames.pop_returning_results() {
                        self.heap.leave_frame(base);
                        self.place_results(func, first, n, wanted);
                        continue 'newframe;
                    }
                    let frame = self.state.frames.pop().expect("running frame");
                    self.heap.leave_frame(base);
                    after_call!(self.finish_return(frame, first, n)?);
                }};
            }
            // A call was made: stay in this frame if nothing was pushed.
            macro_rules! after_call {
                ($exit:expr) => {{
                    let exit: Exit = $exit;
                    if exit {
                        return Ok(());
                    }
                    continue 'newframe;
                }};
            }

            loop {
                let i = code[pc];
                pc += 1;
                self.heap.sync();
                fuel.left -= 1;
                if fuel.left == 0 {
                    savepc!();
                    return Err(self.instructions_exhausted());
                }
                let a = i.a();
                match i.opcode() {
                    OpCode::Move => regs.mov(a, i.b()),
                    OpCode::LoadI => set!(a, Value::Int(i.sbx() as i64)),
                    OpCode::LoadF => set!(a, Value::Float(i.sbx() as f64)),
                    OpCode::LoadK => set!(a, k[i.bx()]),
                    OpCode::LoadKX => {
                        set!(a, k[code[pc].ax()]);
                        pc += 1;
                    }
                    OpCode::LoadFalse => set!(a, Value::Bool(false)),
                    OpCode::LFalseSkip => {
                        set!(a, Value::Bool(false));
                        pc += 1;
                    }
                    OpCode::LoadTrue => set!(a, Value::Bool(true)),
                    OpCode::LoadNil => self.heap.clear_regs(base + a, i.b() + 1),
                    OpCode::GetUpval => {
                        let u = self.heap.closure_upval(cl, i.b());
                        set!(a, self.heap.upval_get(u));
                    }
                    OpCode::SetUpval => {
                        let u = self.heap.closure_upval(cl, i.b());
                        self.heap.upval_set(u, r!(a));
                    }
                    OpCode::GetTabUp => {
                        let u = self.heap.closure_upval(cl, i.b());
                        let t = self.heap.upval_get(u);
                        let key = k[i.c()];
                        if let (Value::Table(t), Value::Str(s)) = (t, key) {
                            let v = self.heap.get_str(t, s);
                            if !v.is_nil() {
                                set!(a, v);
                                continue;
                            }
                        }
                        next!(self.get_slow::<false>(t, key, base + a, Loc::Upval(i.b())));
                    }
                    // The raw lookups give nil when the key is absent or the operand is not
                    // a table, and the slow path (`__index`, errors) takes over. A backend
                    // that pays per register access reads, looks up and stores in one.
                    OpCode::GetTable => {
                        if B::FUSED_UPDATES {
                            let heap = &self.heap;
                            if regs.apply2(a, i.b(), i.c(), |t, key| raw_index(heap, t, key)) {
                                continue;
                            }
                        }
                        let (t, key) = pair!(i.b(), i.c());
                        if let (false, Value::Table(_)) = (B::FUSED_UPDATES, t) {
                            // Integer keys, and string keys computed at run time (`t[k]`).
                            let v = raw_index(&self.heap, t, key);
                            if !v.is_nil() {
                                set!(a, v);
                                continue;
                            }
                        }
                        next!(self.get_slow::<true>(t, key, base + a, Loc::Reg(base + i.b())));
                    }
                    OpCode::GetI => {
                        if B::FUSED_UPDATES {
                            let (heap, key) = (&self.heap, Value::Int(i.c() as i64));
                            if regs.apply1(a, i.b(), |t| raw_index(heap, t, key)) {
                                continue;
                            }
                        }
                        let t = r!(i.b());
                        if let (false, Value::Table(tt)) = (B::FUSED_UPDATES, t) {
                            let v = self.heap.get_int(tt, i.c() as i64);
                            if !v.is_nil() {
                                set!(a, v);
                                continue;
                            }
                        }
                        let key = Value::Int(i.c() as i64);
                        next!(self.get_slow::<true>(t, key, base + a, Loc::Reg(base + i.b())));
                    }
                    OpCode::GetField => {
                        if B::FUSED_UPDATES {
                            let (heap, key) = (&self.heap, k[i.c()]);
                            if regs.apply1(a, i.b(), |t| raw_index(heap, t, key)) {
                                continue;
                            }
                        }
                        let t = r!(i.b());
                        let key = k[i.c()];
                        if let (false, Value::Table(tt), Value::Str(s)) = (B::FUSED_UPDATES, t, key)
                        {
                            let v = self.heap.get_str(tt, s);
                            if !v.is_nil() {
                                set!(a, v);
                                continue;
                            }
                        }
                        next!(self.get_slow::<false>(t, key, base + a, Loc::Reg(base + i.b())));
                    }
                    OpCode::SetTabUp => {
                        let u = self.heap.closure_upval(cl, a);
                        let t = self.heap.upval_get(u);
                        let key = k[i.b()];
                        let v = if i.k() { k[i.c()] } else { r!(i.c()) };
                        if let (Value::Table(tt), Value::Str(s)) = (t, key) {
                            if self.heap.replace_str(tt, s, v) {
                                continue;
                            }
                            if self.heap.metatable(tt).is_none() {
                                self.heap
                                    .set_str(tt, s, v)
                                    .or_else(|e| self.store_refused(e, |h| h.set_str(tt, s, v)))?;
                                reborrow!();
                                continue;
                            }
                        }
                        next!(self.set_slow(t, key, v, Loc::Upval(a)));
                    }
                    OpCode::SetTable => {
                        let (t, key) = pair!(a, i.b());
                        let v = if i.k() { k[i.c()] } else { r!(i.c()) };
                        if let (Value::Table(tt), Value::Int(n)) = (t, key) {
                            if self.heap.replace_int(tt, n, v) {
                                continue;
                            }
                            if self.heap.metatable(tt).is_none() {
                                setpc!();
                                self.heap
                                    .set_int(tt, n, v)
                                    .or_else(|e| self.store_refused(e, |h| h.set_int(tt, n, v)))?;
                                reborrow!();
                                continue;
                            }
                        }
                        // A run-time string key over an existing field: `counts[w] = n`.
                        if let (Value::Table(tt), Value::Str(s)) = (t, key) {
                            if self.heap.replace_str(tt, s, v) {
                                continue;
                            }
                        }
                        next!(self.set_slow(t, key, v, Loc::Reg(base + a)));
                    }
                    OpCode::SetI => {
                        let t = r!(a);
                        let v = if i.k() { k[i.c()] } else { r!(i.c()) };
                        if let Value::Table(tt) = t {
                            let n = i.b() as i64;
                            if self.heap.replace_int(tt, n, v) {
                                continue;
                            }
                            if self.heap.metatable(tt).is_none() {
                                setpc!();
                                self.heap
                                    .set_int(tt, n, v)
                                    .or_else(|e| self.store_refused(e, |h| h.set_int(tt, n, v)))?;
                                reborrow!();
                                continue;
                            }
                        }
                        let key = Value::Int(i.b() as i64);
                        next!(self.set_slow(t, key, v, Loc::Reg(base + a)));
                    }
                    OpCode::SetField => {
                        let t = r!(a);
                        let key = k[i.b()];
                        let v = if i.k() { k[i.c()] } else { r!(i.c()) };
                        if let (Value::Table(tt), Value::Str(s)) = (t, key) {
                            // An existing field is assigned raw even under a metatable:
                            // `__newindex` only sees absent keys.
                            if self.heap.replace_str(tt, s, v) {
                                continue;
                            }
                            if self.heap.metatable(tt).is_none()
                                || !self.heap.get_str(tt, s).is_nil()
                            {
                                setpc!();
                                self.heap
                                    .set_str(tt, s, v)
                                    .or_else(|e| self.store_refused(e, |h| h.set_str(tt, s, v)))?;
                                reborrow!();
                                continue;
                            }
                        }
                        next!(self.set_slow(t, key, v, Loc::Reg(base + a)));
                    }
                    OpCode::NewTable => {
                        let b = i.b();
                        let nhash = if b > 0 { 1usize << (b - 1) } else { 0 };
                        let mut narr = i.c();
                        if i.k() {
                            narr += code[pc].ax() * (crate::opcode::MAX_C as usize + 1);
                        }
                        pc += 1;
                        set!(a, Value::Table(self.heap.new_table(narr, nhash)));
                        savepc!();
                        self.gc_checkpoint()?;
                        review!();
                    }
                    OpCode::Self_ => {
                        let obj = r!(i.b());
                        let key = if i.k() { k[i.c()] } else { r!(i.c()) };
                        if let (Value::Table(tt), Value::Str(s)) = (obj, key) {
                            let v = self.heap.get_str(tt, s);
                            if !v.is_nil() {
                                regs.set_n(a, [v, obj]);
                                continue;
                            }
                        }
                        set!(a + 1, obj);
                        next!(self.get_slow::<false>(obj, key, base + a, Loc::Reg(base + i.b())));
                    }
                    OpCode::AddI => {
                        let imm = i.sc() as i64;
                        // `$other` is what an operand that is not a number gives.
                        macro_rules! add_imm {
                            ($v:expr, $other:expr) => {
                                match $v {
                                    Value::Int(x) => Value::Int(x.wrapping_add(imm)),
                                    Value::Float(x) => Value::Float(x + imm as f64),
                                    _ => $other,
                                }
                            };
                        }
                        if B::FUSED_UPDATES {
                            if !regs.apply1(a, i.b(), |v| add_imm!(v, Value::Nil)) {
                                continue;
                            }
                        } else {
                            set!(a, add_imm!(r!(i.b()), continue));
                        }
                        // Skip the MMBINI, which handles operands that are not numbers.
                        pc += 1;
                    }
                    OpCode::AddK => arith!(a, i.b(), (konst i.c()), Add, wrapping_add, +),
                    OpCode::SubK => arith!(a, i.b(), (konst i.c()), Sub, wrapping_sub, -),
                    OpCode::MulK => arith!(a, i.b(), (konst i.c()), Mul, wrapping_mul, *),
                    OpCode::ModK
                    | OpCode::PowK
                    | OpCode::DivK
                    | OpCode::IDivK
                    | OpCode::BAndK
                    | OpCode::BOrK
                    | OpCode::BXorK => {
                        let op = k_arith_op(i.opcode());
                        let (x, y) = (r!(i.b()), k[i.c()]);
                        if let Some(v) = fast_arith(op, x, y) {
                            set!(a, v);
                            pc += 1;
                            continue;
                        }
                        savepc!();
                        if let Some(v) = self.arith_numbers(op, x, y)? {
                            set!(a, v);
                            pc += 1;
                        }
                    }
                    OpCode::ShrI | OpCode::ShlI => {
                        let v = r!(i.b());
                        let imm = Value::Int(i.sc() as i64);
                        let res = if i.opcode() == OpCode::ShrI {
                            self.arith_numbers(ArithOp::Shr, v, imm)?
                        } else {
                            self.arith_numbers(ArithOp::Shl, imm, v)?
                        };
                        if let Some(res) = res {
                            set!(a, res);
                            pc += 1;
                        }
                    }
                    OpCode::Add => arith!(a, i.b(), (reg i.c()), Add, wrapping_add, +),
                    OpCode::Sub => arith!(a, i.b(), (reg i.c()), Sub, wrapping_sub, -),
                    OpCode::Mul => arith!(a, i.b(), (reg i.c()), Mul, wrapping_mul, *),
                    OpCode::Mod
                    | OpCode::Pow
                    | OpCode::Div
                    | OpCode::IDiv
                    | OpCode::BAnd
                    | OpCode::BOr
                    | OpCode::BXor
                    | OpCode::Shl
                    | OpCode::Shr => {
                        let op = r_arith_op(i.opcode());
                        let (x, y) = pair!(i.b(), i.c());
                        if let Some(v) = fast_arith(op, x, y) {
                            set!(a, v);
                            pc += 1;
                            continue;
                        }
                        savepc!();
                        if let Some(v) = self.arith_numbers(op, x, y)? {
                            set!(a, v);
                            pc += 1;
                        }
                    }
                    OpCode::MmBin | OpCode::MmBinI | OpCode::MmBinK => {
                        let dest = base + code[pc - 2].a();
                        let ev = Event::from_tm(i.c()).and_then(|e| e.arith_op());
                        let Some(op) = ev else {
                            savepc!();
                            return Err(self.runtime_error("invalid MMBIN event"));
                        };
                        let ra = r!(a);
                        let la = Loc::Reg(base + a);
                        let (other, lo) = match i.opcode() {
                            OpCode::MmBin => (r!(i.b()), Loc::Reg(base + i.b())),
                            OpCode::MmBinI => (Value::Int(i.sb() as i64), Loc::None),
                            _ => (k[i.b()], Loc::Const(i.b())),
                        };
                        let flip = i.opcode() != OpCode::MmBin && i.k();
                        let (x, y, lx, ly) = if flip {
                            (other, ra, lo, la)
                        } else {
                            (ra, other, la, lo)
                        };
                        next!(self.arith_flow(op, x, y, lx, ly, dest));
                    }
                    OpCode::Unm => {
                        let v = r!(i.b());
                        match v {
                            Value::Int(x) => set!(a, Value::Int(x.wrapping_neg())),
                            Value::Float(x) => set!(a, Value::Float(-x)),
                            _ => {
                                let l = Loc::Reg(base + i.b());
                                next!(self.arith_flow(ArithOp::Unm, v, v, l, l, base + a));
                            }
                        }
                    }
                    OpCode::BNot => {
                        let v = r!(i.b());
                        match v {
                            Value::Int(x) => set!(a, Value::Int(!x)),
                            _ => {
                                let l = Loc::Reg(base + i.b());
                                next!(self.arith_flow(ArithOp::BNot, v, v, l, l, base + a));
                            }
                        }
                    }
                    OpCode::Not => set!(a, Value::Bool(r!(i.b()).is_falsy())),
                    OpCode::Len => {
                        let v = r!(i.b());
                        match v {
                            Value::Str(s) => set!(a, Value::Int(self.heap.str_len(s) as i64)),
                            Value::Table(t) if self.heap.metatable(t).is_none() => {
                                set!(a, Value::Int(self.heap.length(t)))
                            }
                            _ => {
                                savepc!();
                                let flow = self.len(v, Loc::Reg(base + i.b()))?;
                                next!(self.flow_to(flow, MetaCont::Store((base + a) as u32)));
                            }
                        }
                    }
                    OpCode::Concat => {
                        savepc!();
                        self.state.top = base + a + i.b();
                        if let Some((tm, args, cont)) = self.concat_step(base + a, i.b())? {
                            after_call!(self.call_meta(tm, &args[..2], cont)?);
                        }
                        self.gc_checkpoint()?;
                        review!();
                    }
                    OpCode::Close => {
                        savepc!();
                        self.close_upvals(base + a);
                        if let Some(exit) = self.close_tbc_step(base + a, None)? {
                            after_call!(exit);
                        }
                        review!();
                    }
                    OpCode::Tbc => {
                        savepc!();
                        self.mark_tbc(base + a)?;
                        review!();
                    }
                    OpCode::Jmp => {
                        pc = (pc as i64 + i.sj() as i64) as usize;
                    }
                    OpCode::Eq => {
                        let (x, y) = pair!(a, i.b());
                        setpc!();
                        let flow = self.equals(x, y);
                        reborrow!();
                        if let Flow::Value(v) = flow {
                            cond_jump!(!v.is_falsy(), i.k());
                            continue;
                        }
                        next!(self.cond_flow(flow, i.k(), &mut pc));
                    }
                    OpCode::Lt | OpCode::Le => {
                        let (x, y) = pair!(a, i.b());
                        let le = i.opcode() == OpCode::Le;
                        if let Some(res) = super::meta::compare_numbers(x, y, le) {
                            cond_jump!(res, i.k());
                            continue;
                        }
                        savepc!();
                        let flow = self.less(x, y, le)?;
                        next!(self.cond_flow(flow, i.k(), &mut pc));
                    }
                    OpCode::EqK => cond_jump!(r!(a).raw_eq(&k[i.b()]), i.k()),
                    OpCode::EqI => {
                        let res = match r!(a) {
                            Value::Int(x) => x == i.sb() as i64,
                            Value::Float(x) => x == i.sb() as f64,
                            _ => false,
                        };
                        cond_jump!(res, i.k());
                    }
                    OpCode::LtI => cmp_imm!(i, a, <, false, false),
                    OpCode::LeI => cmp_imm!(i, a, <=, false, true),
                    OpCode::GtI => cmp_imm!(i, a, >, true, false),
                    OpCode::GeI => cmp_imm!(i, a, >=, true, true),
                    OpCode::Test => cond_jump!(!r!(a).is_falsy(), i.k()),
                    OpCode::TestSet => {
                        let v = r!(i.b());
                        if v.is_falsy() == i.k() {
                            pc += 1;
                        } else {
                            set!(a, v);
                            cond_jump!(true, true);
                        }
                    }
                    OpCode::Call => {
                        let func = base + a;
                        let b = i.b();
                        let nargs = if b != 0 {
                            b - 1
                        } else {
                            self.state.top - func - 1
                        };
                        // Lua to Lua, the common case: a new frame and nothing else, so
                        // the fuel need not be settled.
                        setpc!();
                        if let Value::Function(f) = r!(a) {
                            if let Callee::Lua(p) = self.heap.function(f) {
                                let ret = ReturnTo::Results(i.c() as i32 - 1);
                                self.push_lua_frame(func, nargs, p, f, ret)?;
                                continue 'newframe;
                            }
                        }
                        fuel.sync(&self.instr_budget);
                        let (depth, sw) = (self.state.frames.len(), self.switches);
                        let exit =
                            self.precall(func, nargs, ReturnTo::Results(i.c() as i32 - 1))?;
                        if exit {
                            return Ok(());
                        }
                        if self.state.frames.len() == depth && self.switches == sw {
                            review!();
                            continue;
                        }
                        continue 'newframe;
                    }
                    OpCode::TailCall => {
                        let func = base + a;
                        let b = i.b();
                        let nargs = if b != 0 {
                            b - 1
                        } else {
                            self.state.top - func - 1
                        };
                        savepc!();
                        let nargs = self.resolve_callable(func, nargs)?;
                        let lua_callee = match self.heap.reg(func) {
                            Value::Function(f) => match self.heap.function(f) {
                                Callee::Lua(p) => Some((f, p)),
                                Callee::Native(_) => None,
                            },
                            _ => None,
                        };
                        match lua_callee {
                            Some((f, p)) => {
                                // Reuse the frame: this function is done.
                                self.close_upvals(base);
                                let frame = self.state.frames.pop().expect("running frame");
                                // Leaving unprotects the caller's registers, which the copy
                                // writes; the backend keeps the left window readable.
                                self.heap.leave_frame(base);
                                self.heap.copy_regs(func, frame.func, nargs + 1);
                                let Frame { func: dst, ret, .. } = frame;
                                self.push_lua_frame(dst, nargs, p, f, ret)?;
                                continue 'newframe;
                            }
                            None => {
                                // A native runs as an ordinary call while this frame stays
                                // (as in PUC Lua); the RETURN that follows passes its results on.
                                let (depth, sw) = (self.state.frames.len(), self.switches);
                                let exit = self.precall(func, nargs, ReturnTo::Results(-1))?;
                                if exit {
                                    return Ok(());
                                }
                                if self.state.frames.len() == depth && self.switches == sw {
                                    review!();
                                    continue;
                                }
                                continue 'newframe;
                            }
                        }
                    }
                    OpCode::Return0 | OpCode::Return1 => {
                        // The compiler emits these only when nothing needs closing (no
                        // captured local, no to-be-closed variable, not vararg), as 5.4's
                        // does: no upvalue or `__close` work here.
                        debug_assert!(
                            !matches!(self.state.open_upvals.last(), Some(&(s, _)) if s >= base)
                        );
                        debug_assert!(!matches!(self.state.tbc.last(), Some(&s) if s >= base));
                        // No savepc: nothing here can fail or run code while this frame is
                        // on the stack, and it is gone afterwards.
                        leave_frame!(a, (i.opcode() == OpCode::Return1) as usize);
                    }
                    OpCode::Return => {
                        let n = if i.b() != 0 {
                            i.b() - 1
                        } else {
                            self.state.top - (base + a)
                        };
                        savepc!();
                        self.close_upvals(base);
                        if matches!(self.state.tbc.last(), Some(&s) if s >= base) {
                            self.state.top = self.state.top.max(base + a + n);
                            if let Some(exit) = self.close_tbc_step(base, Some(base + a + n))? {
                                after_call!(exit);
                            }
                        }
                        leave_frame!(a, n);
                    }
                    OpCode::ForLoop => {
                        // R[A] index, R[A+1] iterations left (integer) or limit (float),
                        // R[A+2] step, R[A+3] the control variable: updated in place, as
                        // one register access.
                        let jump = regs.update_n::<4, _>(a, |r| match *r {
                            [Value::Int(x), Value::Int(left), Value::Int(step), _] => {
                                if left as u64 == 0 {
                                    return false;
                                }
                                let x = Value::Int(x.wrapping_add(step));
                                (r[0], r[1], r[3]) = (x, Value::Int((left as u64 - 1) as i64), x);
                                true
                            }
                            [Value::Float(x), Value::Float(lim), Value::Float(step), _] => {
                                let x = x + step;
                                if if step > 0.0 { x <= lim } else { lim <= x } {
                                    (r[0], r[3]) = (Value::Float(x), Value::Float(x));
                                    return true;
                                }
                                false
                            }
                            _ => false,
                        });
                        if jump {
                            pc -= i.bx();
                        }
                    }
                    OpCode::ForPrep => {
                        savepc!();
                        if !self.for_prep(base + a)? {
                            pc += i.bx() + 1;
                        }
                        review!();
                    }
                    OpCode::TForPrep => {
                        savepc!();
                        self.mark_tbc(base + a + 3)?;
                        review!();
                        pc += i.bx();
                    }
                    OpCode::TForCall => {
                        let f = base + a;
                        self.heap.copy_regs(f, f + 4, 3);
                        self.state.top = f + 7;
                        savepc!();
                        let (depth, sw) = (self.state.frames.len(), self.switches);
                        let exit = self.precall(f + 4, 2, ReturnTo::Results(i.c() as i32))?;
                        if exit {
                            return Ok(());
                        }
                        if self.state.frames.len() == depth && self.switches == sw {
                            review!();
                            continue;
                        }
                        continue 'newframe;
                    }
                    OpCode::TForLoop => {
                        let v = r!(a + 4);
                        if !v.is_nil() {
                            set!(a + 2, v);
                            pc -= i.bx();
                        }
                    }
                    OpCode::SetList => {
                        let n = if i.b() != 0 {
                            i.b()
                        } else {
                            self.state.top - (base + a) - 1
                        };
                        let mut offset = i.c();
                        if i.k() {
                            offset += code[pc].ax() * (crate::opcode::MAX_C as usize + 1);
                            pc += 1;
                        }
                        if let Value::Table(t) = r!(a) {
                            savepc!();
                            if i.b() == 0 {
                                self.heap.reserve_array(t, offset + n);
                            }
                            for j in 1..=n {
                                // Through the heap, not the view: a refused store may
                                // collect, which needs the whole VM.
                                let (key, v) = ((offset + j) as i64, self.heap.reg(base + a + j));
                                self.heap
                                    .set_int(t, key, v)
                                    .or_else(|e| self.store_refused(e, |h| h.set_int(t, key, v)))?;
                            }
                            review!();
                        }
                    }
                    OpCode::Closure => {
                        let p = proto.protos[i.bx()].clone();
                        let mut upvals = Vec::with_capacity(p.upvalues.len());
                        for d in p.upvalues.iter() {
                            upvals.push(if d.in_stack {
                                self.find_upval(base + d.index as usize)
                            } else {
                                self.heap.closure_upval(cl, d.index as usize)
                            });
                        }
                        review!();
                        let f = self.heap.new_function(FunctionObj::Lua(LuaClosure {
                            proto: p,
                            upvals: upvals.into_boxed_slice(),
                        }));
                        set!(a, Value::Function(f));
                        savepc!();
                        self.gc_checkpoint()?;
                        review!();
                    }
                    OpCode::VarArg => {
                        let (func, nvar) = {
                            let f = &self.state.frames[fi];
                            (f.func, f.nvarargs)
                        };
                        let src = func + 1 + proto.num_params as usize;
                        let wanted = i.c() as i32 - 1;
                        let n = if wanted < 0 { nvar } else { wanted as usize };
                        if base + a + n + EXTRA_STACK > self.heap.stack_size() {
                            savepc!();
                            self.check_frame_stack(base + a + n)?;
                            review!();
                        }
                        let copy = n.min(nvar);
                        self.heap.copy_regs(src, base + a, copy);
                        if n > copy {
                            self.heap.clear_regs(base + a + copy, n - copy);
                        }
                        if wanted < 0 {
                            self.state.top = base + a + n;
                        }
                    }
                    OpCode::VarArgPrep => {}
                    OpCode::ExtraArg => {
                        savepc!();
                        return Err(self.runtime_error("unexpected EXTRAARG"));
                    }
                }
            }
        }
    }

    fn check_frame_stack(&mut self, need: usize) -> Result<(), LuaError<B>> {
        if need > super::MAX_STACK * B::WINDOW.max(1) {
            return Err(self.depth_error("stack overflow"));
        }
        self.heap.grow_stack(need + EXTRA_STACK);
        Ok(())
    }

    /// Deliver a slow path's outcome to `dest`, or call the metamethod it found.
    fn flow_to(&mut self, flow: Flow<B>, cont: MetaCont) -> Result<Next, LuaError<B>> {
        match flow {
            Flow::Value(v) => {
                if let MetaCont::Store(slot) = cont {
                    self.heap.set_reg(slot as usize, v);
                }
                Ok(Next::Same)
            }
            Flow::Call(tm, args, n) | Flow::CallNot(tm, args, n) => {
                Ok(exit_or_reload(self.call_meta(tm, &args[..n], cont)?))
            }
        }
    }

    /// `t[key]` into register `dest`, after the dispatch loop's fast path, which searched
    /// a table for a string key (`INT_KEY` false) or an integer key (`INT_KEY` true). A
    /// table searched there is not searched again: the `__index` chain starts at its
    /// metatable (`luaV_finishget` is likewise handed the slot that missed).
    fn get_slow<const INT_KEY: bool>(
        &mut self,
        t: Value<B>,
        key: Value<B>,
        dest: usize,
        loc: Loc,
    ) -> Result<Next, LuaError<B>> {
        let flow = match (t, key) {
            (Value::Table(t), Value::Int(_)) if INT_KEY => self.index_missed(t, key)?,
            (Value::Table(t), Value::Str(_)) if !INT_KEY => self.index_missed(t, key)?,
            _ => self.index(t, key, loc)?,
        };
        self.flow_to(flow, MetaCont::Store(dest as u32))
    }

    fn set_slow(
        &mut self,
        t: Value<B>,
        key: Value<B>,
        v: Value<B>,
        loc: Loc,
    ) -> Result<Next, LuaError<B>> {
        let flow = self.new_index(t, key, v, loc)?;
        self.flow_to(flow, MetaCont::Discard)
    }

    fn arith_flow(
        &mut self,
        op: ArithOp,
        x: Value<B>,
        y: Value<B>,
        lx: Loc,
        ly: Loc,
        dest: usize,
    ) -> Result<Next, LuaError<B>> {
        let flow = self.arith_slow(op, x, y, lx, ly)?;
        self.flow_to(flow, MetaCont::Store(dest as u32))
    }

    fn cond_flow(&mut self, flow: Flow<B>, k: bool, pc: &mut usize) -> Result<Next, LuaError<B>> {
        match flow {
            Flow::Value(v) => {
                if v.is_falsy() == k {
                    *pc += 1;
                }
                Ok(Next::Same)
            }
            Flow::Call(tm, args, n) => Ok(exit_or_reload(self.call_meta(
                tm,
                &args[..n],
                MetaCont::Cond { k },
            )?)),
            // The result is negated: jumping on `falsy == k` becomes jumping on `falsy == !k`.
            Flow::CallNot(tm, args, n) => Ok(exit_or_reload(self.call_meta(
                tm,
                &args[..n],
                MetaCont::Cond { k: !k },
            )?)),
        }
    }

    fn mark_tbc(&mut self, slot: usize) -> Result<(), LuaError<B>> {
        let v = self.heap.reg(slot);
        if v.is_falsy() {
            return Ok(());
        }
        if self.metamethod(v, Event::Close).is_nil() {
            let name = {
                let f = self.state.frames.last().expect("frame");
                let p = f.proto.as_ref().expect("Lua frame");
                p.local_name(slot - f.base + 1, f.pc.saturating_sub(1))
                    .unwrap_or("?")
                    .to_string()
            };
            return Err(self.runtime_error(&format!("variable '{name}' got a non-closable value")));
        }
        self.state.tbc.push(slot);
        Ok(())
    }

    /// FORPREP: check and convert the control values; false when the loop runs zero times.
    fn for_prep(&mut self, ra: usize) -> Result<bool, LuaError<B>> {
        let init = self.heap.reg(ra);
        let limit = self.heap.reg(ra + 1);
        let step = self.heap.reg(ra + 2);
        if let (Value::Int(init), Value::Int(step)) = (init, step) {
            if step == 0 {
                return Err(self.runtime_error("'for' step is zero"));
            }
            let Some(limit) = self.for_limit(limit, init, step)? else {
                return Ok(false);
            };
            let count = if step > 0 {
                (limit as u64).wrapping_sub(init as u64) / step as u64
            } else {
                let s = (-(step + 1)) as u64 + 1;
                (init as u64).wrapping_sub(limit as u64) / s
            };
            self.heap.set_reg(ra + 1, Value::Int(count as i64));
            self.heap.set_reg(ra + 3, Value::Int(init));
            return Ok(true);
        }
        // Strings that read as numbers are accepted, as `tonumber` would read them.
        let to_f = |vm: &Self, v: Value<B>| match super::meta::to_number_coerce(vm, v) {
            Some(Value::Int(i)) => Some(i as f64),
            Some(Value::Float(f)) => Some(f),
            _ => None,
        };
        let Some(flimit) = to_f(self, limit) else {
            return Err(self.for_error("limit", limit));
        };
        let Some(fstep) = to_f(self, step) else {
            return Err(self.for_error("step", step));
        };
        let Some(finit) = to_f(self, init) else {
            return Err(self.for_error("initial value", init));
        };
        if fstep == 0.0 {
            return Err(self.runtime_error("'for' step is zero"));
        }
        // Skipped only when the bounds are known to be crossed: a NaN bound runs the body
        // once, as in PUC Lua, where the test is `limit < init` rather than `init <= limit`.
        let runs = if fstep > 0.0 {
            !(flimit < finit)
        } else {
            !(finit < flimit)
        };
        if !runs {
            return Ok(false);
        }
        self.heap.set_reg(ra, Value::Float(finit));
        self.heap.set_reg(ra + 1, Value::Float(flimit));
        self.heap.set_reg(ra + 2, Value::Float(fstep));
        self.heap.set_reg(ra + 3, Value::Float(finit));
        Ok(true)
    }

    /// The integer limit of an integer loop, or None when the loop must not run.
    fn for_limit(
        &mut self,
        limit: Value<B>,
        init: i64,
        step: i64,
    ) -> Result<Option<i64>, LuaError<B>> {
        let limit = super::meta::to_number_coerce(self, limit).unwrap_or(limit);
        let lim = match limit {
            Value::Int(l) => l,
            Value::Float(f) => {
                let mode = if step < 0 { F2I::Ceil } else { F2I::Floor };
                match number::float_to_int(f, mode) {
                    Some(l) => l,
                    None => {
                        // Out of the integer range, or NaN, which lua5.4's `forlimit`
                        // treats as below it (`0 < NaN` is false): a loop counting
                        // down from an integer then runs towards `i64::MIN`.
                        if f > 0.0 {
                            if step < 0 {
                                return Ok(None);
                            }
                            i64::MAX
                        } else {
                            if step > 0 {
                                return Ok(None);
                            }
                            i64::MIN
                        }
                    }
                }
            }
            _ => return Err(self.for_error("limit", limit)),
        };
        let skip = if step > 0 { init > lim } else { init < lim };
        Ok(if skip { None } else { Some(lim) })
    }

    fn for_error(&mut self, what: &str, v: Value<B>) -> LuaError<B> {
        let t = self.obj_type_name(v);
        self.runtime_error(&format!("bad 'for' {what} (number expected, got {t})"))
    }
}

#[inline(always)]
fn exit_or_reload(exit: Exit) -> Next {
    if exit {
        Next::Exit
    } else {
        Next::Reload
    }
}

/// `t[key]` without metamethods, for the keys the table-read fast paths handle (integers
/// and strings); nil for any other key, for an absent one, and when `t` is not a table.
#[inline(always)]
fn raw_index<B: HeapBackend>(heap: &B, t: Value<B>, key: Value<B>) -> Value<B> {
    let Value::Table(t) = t else {
        return Value::Nil;
    };
    match key {
        Value::Int(n) => heap.get_int(t, n),
        Value::Str(s) => heap.get_str(t, s),
        _ => Value::Nil,
    }
}

/// Integer and float arithmetic that cannot fail; None sends the opcode to its slow path.
#[inline(always)]
fn fast_arith<B: HeapBackend>(op: ArithOp, x: Value<B>, y: Value<B>) -> Option<Value<B>> {
    match (x, y) {
        (Value::Int(a), Value::Int(b)) => Some(Value::Int(match op {
            ArithOp::Add => a.wrapping_add(b),
            ArithOp::Sub => a.wrapping_sub(b),
            ArithOp::Mul => a.wrapping_mul(b),
            ArithOp::BAnd => a & b,
            ArithOp::BOr => a | b,
            ArithOp::BXor => a ^ b,
            ArithOp::Div => return Some(Value::Float(a as f64 / b as f64)),
            // A zero divisor takes the slow path, which raises the error.
            ArithOp::Mod if b != 0 => number::int_mod(a, b)?,
            ArithOp::IDiv if b != 0 => number::int_floor_div(a, b)?,
            _ => return None,
        })),
        (Value::Float(a), Value::Float(b)) => Some(Value::Float(match op {
            ArithOp::Add => a + b,
            ArithOp::Sub => a - b,
            ArithOp::Mul => a * b,
            ArithOp::Div => a / b,
            ArithOp::Mod => number::float_mod(a, b),
            ArithOp::IDiv => number::float_floor_div(a, b),
            ArithOp::Pow => number::float_pow(a, b),
            _ => return None,
        })),
        (Value::Int(a), Value::Float(b)) => {
            let a = a as f64;
            Some(Value::Float(match op {
                ArithOp::Add => a + b,
                ArithOp::Sub => a - b,
                ArithOp::Mul => a * b,
                ArithOp::Div => a / b,
                _ => return None,
            }))
        }
        (Value::Float(a), Value::Int(b)) => {
            let b = b as f64;
            Some(Value::Float(match op {
                ArithOp::Add => a + b,
                ArithOp::Sub => a - b,
                ArithOp::Mul => a * b,
                ArithOp::Div => a / b,
                _ => return None,
            }))
        }
        _ => None,
    }
}

/// `ADDK`..`BXORK` and `ADD`..`SHR` list their operators in `ArithOp` order.
fn k_arith_op(op: OpCode) -> ArithOp {
    ArithOp::ALL[op as usize - OpCode::AddK as usize]
}

fn r_arith_op(op: OpCode) -> ArithOp {
    ArithOp::ALL[op as usize - OpCode::Add as usize]
}
