//! Calls, returns, errors and coroutine switches: everything that moves between frames.

use super::meta::{Event, MetaCont};
use super::{
    CallCtx, CoStatus, Frame, NativeFn, Pending, ReturnTo, Vm, EXTRA_STACK, MAX_FRAMES,
    MAX_NATIVE_DEPTH, MAX_STACK,
};
use crate::error::LuaError;
use crate::function::{Callee, LuaProto};
use crate::heap::HeapBackend;
use crate::value::Value;
use std::rc::Rc;

/// Whether the dispatch loop must stop: a frame returned into Rust (a `Boundary`).
pub(crate) type Exit = bool;

/// A native's result count meaning "replace me by the call I set up" (`Vm::tail_call`).
pub(crate) const TAIL_CALL: usize = usize::MAX;

/// Deepest call chain a coroutine that dies of an error keeps for the debug library (see
/// [`super::ThreadState::wreck`]); a deeper one leaves nothing.
const WRECK_FRAMES: usize = 64;

impl<B: HeapBackend> Vm<B> {
    /// First slot that no live value of the running frame occupies.
    pub(crate) fn free_slot(&self) -> usize {
        match self.state.frames.last() {
            Some(Frame {
                proto: Some(p),
                base,
                ..
            }) => (base + p.max_stack as usize).max(self.state.top),
            _ => self.state.top,
        }
    }

    #[inline(always)]
    fn ensure_stack(&mut self, size: usize) {
        if size > self.heap.stack_size() {
            self.grow_stack_for(size);
        }
    }

    #[cold]
    #[inline(never)]
    fn grow_stack_for(&mut self, size: usize) {
        self.heap.grow_stack(size + size / 2);
    }

    /// Call the value in slot `func` with the `nargs` values after it. A Lua callee gets a
    /// new frame (the dispatch loop runs it); a native callee runs to completion here.
    pub(crate) fn precall(
        &mut self,
        func: usize,
        nargs: usize,
        ret: ReturnTo,
    ) -> Result<Exit, LuaError<B>> {
        let nargs = self.resolve_callable(func, nargs)?;
        match self.heap.reg(func) {
            Value::Function(f) => match self.heap.function(f) {
                Callee::Lua(p) => {
                    self.push_lua_frame(func, nargs, p, f, ret)?;
                    Ok(false)
                }
                Callee::Native(nf) => self.call_native(func, nargs, nf, Some(f), ret),
            },
            Value::Native(nf) => self.call_native(func, nargs, nf, None, ret),
            _ => unreachable!("resolve_callable leaves a function in the slot"),
        }
    }

    /// Make slot `func` hold a function: a callable object's `__call` takes its place and
    /// the object becomes the first argument. Returns the argument count.
    pub(crate) fn resolve_callable(
        &mut self,
        func: usize,
        mut nargs: usize,
    ) -> Result<usize, LuaError<B>> {
        loop {
            let v = self.heap.reg(func);
            if matches!(v, Value::Function(_) | Value::Native(_)) {
                return Ok(nargs);
            }
            let tm = self.metamethod(v, Event::Call);
            if tm.is_nil() {
                return Err(self.call_error(v, func));
            }
            self.ensure_stack(func + nargs + 2 + EXTRA_STACK);
            self.heap.copy_regs(func, func + 1, nargs + 1);
            self.heap.set_reg(func, tm);
            nargs += 1;
        }
    }

    /// A runtime error from a depth limit, noted for [`Vm::depth_limit_hit`].
    #[cold]
    pub(crate) fn depth_error(&mut self, msg: &str) -> LuaError<B> {
        self.depth_limit_hit = true;
        self.runtime_error(msg)
    }

    /// The fixed parameters of a vararg call now live in the new frame; as lua5.4 does,
    /// erase the originals, which the caller's temporaries would otherwise still show
    /// (`debug.getlocal`) and keep alive. Out of line: inlined into every call site of
    /// the dispatch loop, these few instructions changed its register allocation, and a
    /// closure-heavy workload without a single vararg call ran 30% slower on guard.
    #[cold]
    #[inline(never)]
    fn erase_moved_args(&mut self, from: usize, n: usize) {
        self.heap.clear_regs(from, n);
    }

    #[inline(always)]
    pub(crate) fn push_lua_frame(
        &mut self,
        func: usize,
        nargs: usize,
        proto: Rc<LuaProto<B>>,
        closure: B::Function,
        ret: ReturnTo,
    ) -> Result<(), LuaError<B>> {
        let np = proto.num_params as usize;
        // Extra arguments of a vararg function stay where they are, below the new base.
        let above = if proto.is_vararg { nargs.max(np) } else { 0 };
        let w = B::WINDOW;
        let base = if w <= 1 {
            func + 1 + above
        } else {
            (func + 1 + above).div_ceil(w) * w
        };
        let top = base + proto.max_stack as usize;
        if self.state.frames.len() >= MAX_FRAMES || top > MAX_STACK * w.max(1) {
            return Err(self.depth_error("stack overflow"));
        }
        self.ensure_stack(top + EXTRA_STACK);
        if base != func + 1 {
            self.heap.copy_regs(func + 1, base, nargs.min(np));
            if proto.is_vararg {
                self.erase_moved_args(func + 1, nargs.min(np));
            }
        }
        if nargs < np {
            self.heap.clear_regs(base + nargs, np - nargs);
        }
        self.heap.enter_frame(base);
        let nvarargs = if proto.is_vararg {
            nargs.saturating_sub(np)
        } else {
            0
        };
        let frames = &mut self.state.frames;
        frames.push_fields(func, base, nvarargs, Some(proto), Some(closure), ret);
        Ok(())
    }

    fn call_native(
        &mut self,
        func: usize,
        nargs: usize,
        f: NativeFn<B>,
        closure: Option<B::Function>,
        ret: ReturnTo,
    ) -> Result<Exit, LuaError<B>> {
        if self.state.frames.len() >= MAX_FRAMES {
            return Err(self.depth_error("stack overflow"));
        }
        let base = func + 1;
        self.ensure_stack(base + nargs + EXTRA_STACK);
        let frames = &mut self.state.frames;
        frames.push_fields(func, base, 0, None, closure, ret);
        self.state.top = base + nargs;
        let n = f(self, CallCtx { base, nargs })?;
        if let Some(p) = self.pending.take() {
            return self.run_pending(p);
        }
        let frame = self.state.frames.pop().expect("native frame");
        if n == TAIL_CALL {
            // The native put a callee and its arguments in its own slot (`Vm::tail_call`):
            // that call takes its place, so a Lua callee can yield.
            let nargs = self.state.top - frame.func - 1;
            return self.precall(frame.func, nargs, frame.ret);
        }
        let first = self.state.top - n;
        let exit = self.finish_return(frame, first, n)?;
        self.gc_checkpoint()?;
        Ok(exit)
    }

    /// Deliver the `n` results at `first` of a frame that has just been popped.
    pub(crate) fn finish_return(
        &mut self,
        frame: Frame<B>,
        first: usize,
        n: usize,
    ) -> Result<Exit, LuaError<B>> {
        match frame.ret {
            ReturnTo::Results(wanted) => {
                self.place_results(frame.func, first, n, wanted);
                Ok(false)
            }
            ReturnTo::Meta(cont) => {
                self.state.meta_depth -= 1;
                let v = if n > 0 {
                    self.heap.reg(first)
                } else {
                    Value::Nil
                };
                // Back to where `call_meta` found it: a native called inside the metamethod
                // leaves the top above the caller's frame, and the next metamethod call
                // would start from there, so a loop of them would climb the stack.
                self.state.top = frame.func;
                self.finish_meta(cont, v)
            }
            ReturnTo::Protected { .. } => {
                let pf = self.state.frames.pop().expect("pcall frame below its body");
                self.heap.copy_regs(first, pf.func + 1, n);
                self.heap.set_reg(pf.func, Value::Bool(true));
                {
                    let f = pf.func;
                    self.finish_return(pf, f, n + 1)
                }
            }
            ReturnTo::Boundary => {
                if first != frame.func {
                    self.heap.copy_regs(first, frame.func, n);
                }
                self.state.top = frame.func + n;
                Ok(true)
            }
            ReturnTo::CoroutineBody => {
                let vals: Vec<Value<B>> = (first..first + n).map(|i| self.heap.reg(i)).collect();
                self.close_upvals(0);
                self.state.status = CoStatus::Dead;
                self.return_to_resumer(true, &vals)
            }
        }
    }

    /// Move `n` results from `first` to the function slot `func`, adjusted to `wanted`
    /// (`-1`: all of them, and the top marks their end).
    #[inline(always)]
    pub(crate) fn place_results(&mut self, func: usize, first: usize, n: usize, wanted: i32) {
        match wanted {
            // One result wanted, the commonest case: no range copy, no top.
            1 if n >= 1 => self.heap.move_reg(func, first),
            // A call as a statement: nothing to move.
            0 => {}
            _ => self.place_results_slow(func, first, n, wanted),
        }
    }

    fn place_results_slow(&mut self, func: usize, first: usize, n: usize, wanted: i32) {
        if first != func {
            let keep = if wanted < 0 {
                n
            } else {
                n.min(wanted as usize)
            };
            self.heap.copy_regs(first, func, keep);
        }
        if wanted < 0 {
            self.state.top = func + n;
        } else if n < wanted as usize {
            self.heap.clear_regs(func + n, wanted as usize - n);
        }
    }

    /// Finish the opcode that called a metamethod, now that its result `v` is known.
    pub(crate) fn finish_meta(&mut self, cont: MetaCont, v: Value<B>) -> Result<Exit, LuaError<B>> {
        match cont {
            MetaCont::Store(slot) => self.heap.set_reg(slot as usize, v),
            MetaCont::Discard => {}
            MetaCont::SetTop(top) => self.state.top = top as usize,
            MetaCont::Cond { k } => {
                if v.is_falsy() == k {
                    if let Some(f) = self.state.frames.last_mut() {
                        f.pc += 1;
                    }
                }
            }
            MetaCont::Concat { first, n, dest } => {
                self.heap.set_reg(dest as usize, v);
                if let Some((tm, args, cont)) = self.concat_step(first as usize, n as usize)? {
                    self.call_meta(tm, &args[..2], cont)?;
                }
            }
            MetaCont::CloseError { level, handler } => {
                return self.close_error_step(level as usize, handler)
            }
        }
        Ok(false)
    }

    /// Call a metamethod for the running Lua frame: its frame is pushed and the dispatch
    /// loop runs it; a native metamethod completes at once.
    pub(crate) fn call_meta(
        &mut self,
        tm: Value<B>,
        args: &[Value<B>],
        cont: MetaCont,
    ) -> Result<Exit, LuaError<B>> {
        let func = self.free_slot();
        self.ensure_stack(func + args.len() + 1 + EXTRA_STACK);
        self.heap.set_reg(func, tm);
        for (i, a) in args.iter().enumerate() {
            self.heap.set_reg(func + 1 + i, *a);
        }
        self.state.top = func + 1 + args.len();
        if self.state.meta_depth + self.native_depth >= MAX_NATIVE_DEPTH {
            return Err(self.depth_error("C stack overflow"));
        }
        self.state.meta_depth += 1;
        let depth = self.state.frames.len();
        let r = self.precall(func, args.len(), ReturnTo::Meta(cont));
        if r.is_err() && self.state.frames.len() == depth {
            self.state.meta_depth -= 1;
        }
        r
    }

    // ---- calling Lua from Rust -----------------------------------------------------

    /// Call `f` with `args` and return all its results. Runs a nested dispatch loop, so a
    /// coroutine cannot yield across it (as across a C function in PUC Lua).
    pub fn call(&mut self, f: Value<B>, args: &[Value<B>]) -> Result<Vec<Value<B>>, LuaError<B>> {
        let (func, saved_top) = self.call_raw(f, args)?;
        let vals = (func..self.state.top).map(|i| self.heap.reg(i)).collect();
        self.state.top = saved_top;
        Ok(vals)
    }

    /// Call `f` with `args` and return its first result (nil if none).
    pub fn call1(&mut self, f: Value<B>, args: &[Value<B>]) -> Result<Value<B>, LuaError<B>> {
        let (func, saved_top) = self.call_raw(f, args)?;
        let v = if self.state.top > func {
            self.heap.reg(func)
        } else {
            Value::Nil
        };
        self.state.top = saved_top;
        Ok(v)
    }

    /// Returns the slot where the results start (they end at `state.top`) and the top to
    /// restore afterwards.
    fn call_raw(&mut self, f: Value<B>, args: &[Value<B>]) -> Result<(usize, usize), LuaError<B>> {
        if self.native_depth + self.state.meta_depth >= MAX_NATIVE_DEPTH {
            return Err(self.depth_error("C stack overflow"));
        }
        let saved_top = self.state.top;
        let func = self.free_slot();
        if func + args.len() + 1 > MAX_STACK * B::WINDOW.max(1) {
            return Err(self.depth_error("stack overflow"));
        }
        self.ensure_stack(func + args.len() + 1 + EXTRA_STACK);
        self.heap.set_reg(func, f);
        for (i, a) in args.iter().enumerate() {
            self.heap.set_reg(func + 1 + i, *a);
        }
        self.state.top = func + 1 + args.len();
        self.native_depth += 1;
        let r = self.call_at(func, args.len());
        self.native_depth -= 1;
        match r {
            Ok(()) => Ok((func, saved_top)),
            Err(e) => {
                self.state.top = saved_top;
                Err(e)
            }
        }
    }

    fn call_at(&mut self, func: usize, nargs: usize) -> Result<(), LuaError<B>> {
        let depth = self.state.frames.len();
        let exit = match self.precall(func, nargs, ReturnTo::Boundary) {
            Ok(x) => x,
            // No frame of this call was pushed (not callable, stack overflow): the frames
            // above are the caller's, and a `pcall` among them must not catch this error.
            Err(e) if self.state.frames.len() == depth => return Err(e),
            Err(e) => self.unwind(e)?,
        };
        if exit {
            Ok(())
        } else {
            self.run()
        }
    }

    /// Run the dispatch loop until a `Boundary` frame returns, catching errors in `pcall`s.
    pub(crate) fn run(&mut self) -> Result<(), LuaError<B>> {
        loop {
            match self.execute() {
                Ok(()) => return Ok(()),
                Err(e) => {
                    if self.unwind(e)? {
                        return Ok(());
                    }
                }
            }
        }
    }

    /// Unwind the frames of the running level after an error, up to the nearest `pcall`
    /// (which then returns false and the error) or `Boundary` (the error goes on to Rust).
    pub(crate) fn unwind(&mut self, mut e: LuaError<B>) -> Result<Exit, LuaError<B>> {
        // Errors commit before they return: the transaction backend applies its queue.
        self.heap.sync();
        // The handler runs where the error was raised, while its frames are still there.
        self.apply_error_handler(&mut e);
        self.keep_wreck(e.value);
        loop {
            let Some(frame) = self.state.frames.pop() else {
                return Err(e);
            };
            if frame.proto.is_some() {
                self.heap.leave_frame(frame.base);
            }
            match frame.ret {
                ReturnTo::Results(_) => continue,
                ReturnTo::Meta(MetaCont::CloseError { level, handler }) => {
                    // A `__close` failed while closing for a pcall: its error replaces
                    // the one in flight, and closing goes on.
                    self.state.meta_depth -= 1;
                    let level = level as usize;
                    self.close_upvals(level);
                    let slot = self.error_slot(level);
                    self.heap.set_reg(slot, e.value);
                    return self.close_error_step(level, handler);
                }
                ReturnTo::Meta(_) => {
                    self.state.meta_depth -= 1;
                    continue;
                }
                ReturnTo::Boundary => {
                    self.close_upvals(frame.func);
                    e = self.close_tbc_on_error(frame.func, e);
                    return Err(e);
                }
                ReturnTo::Protected { handler } => {
                    let level = self
                        .state
                        .frames
                        .last()
                        .expect("pcall frame below its body")
                        .func;
                    self.close_upvals(level);
                    let slot = self.error_slot(level);
                    self.heap.set_reg(slot, e.value);
                    return self.close_error_step(level, handler);
                }
                ReturnTo::CoroutineBody => {
                    self.close_upvals(0);
                    self.record_death(e.value);
                    self.state.status = CoStatus::Dead;
                    // coroutine.wrap re-raises in the resumer, whose frames unwind next.
                    return match self.return_to_resumer(false, &[e.value]) {
                        Ok(x) => Ok(x),
                        Err(e2) => self.unwind(e2),
                    };
                }
            }
        }
    }

    // ---- upvalues and to-be-closed variables ---------------------------------------

    /// The open upvalue for stack slot `slot` of the running thread, shared if it exists.
    pub(crate) fn find_upval(&mut self, slot: usize) -> B::Upval {
        let list = &self.state.open_upvals;
        match list.binary_search_by_key(&slot, |(s, _)| *s) {
            Ok(i) => list[i].1,
            Err(i) => {
                self.heap.before_capture(slot);
                let u = self.heap.new_upval(crate::function::UpvalState::Open {
                    thread: self.heap.current_thread(),
                    slot,
                });
                self.state.open_upvals.insert(i, (slot, u));
                u
            }
        }
    }

    /// Close every open upvalue at or above `level`.
    #[inline]
    pub(crate) fn close_upvals(&mut self, level: usize) {
        while let Some(&(slot, u)) = self.state.open_upvals.last() {
            if slot < level {
                break;
            }
            self.heap.upval_close(u);
            self.state.open_upvals.pop();
        }
    }

    /// Run the `__close` of every to-be-closed variable at or above `level`, newest first.
    pub(crate) fn close_tbc(&mut self, level: usize) -> Result<(), LuaError<B>> {
        while let Some((v, tm)) = self.pop_tbc(level) {
            if !tm.is_nil() {
                self.call(tm, &[v, Value::Nil])?;
            }
        }
        Ok(())
    }

    /// Take the newest to-be-closed variable at or above `level`: its value and `__close`.
    fn pop_tbc(&mut self, level: usize) -> Option<(Value<B>, Value<B>)> {
        let slot = *self.state.tbc.last().filter(|&&s| s >= level)?;
        self.state.tbc.pop();
        let v = self.heap.reg(slot);
        Some((v, self.metamethod(v, Event::Close)))
    }

    /// Start the `__close` of the newest to-be-closed variable at or above `level` as a
    /// metamethod frame, so that it may yield; `None` when none is left. The running
    /// instruction (CLOSE or RETURN) is set to run again after it, to close the next one;
    /// a RETURN passes `results_end` so that its results are found again.
    pub(crate) fn close_tbc_step(
        &mut self,
        level: usize,
        results_end: Option<usize>,
    ) -> Result<Option<Exit>, LuaError<B>> {
        while let Some((v, tm)) = self.pop_tbc(level) {
            if !tm.is_nil() {
                if let Some(f) = self.state.frames.last_mut() {
                    f.pc -= 1;
                }
                let cont = match results_end {
                    Some(end) => MetaCont::SetTop(end as u32),
                    None => MetaCont::Discard,
                };
                return self.call_meta(tm, &[v, Value::Nil], cont).map(Some);
            }
        }
        Ok(None)
    }

    /// Close, for the `pcall` whose function slot is `level` (its frame on top), the next
    /// to-be-closed variable of the frames an error has left; when none is left, make the
    /// `pcall` return false and the error. The error in flight waits just above the
    /// variables still to close (see [`Self::error_slot`]). Each `__close` runs as a frame
    /// of its own (`MetaCont::CloseError`), so that it may yield as in lua5.4; an error in
    /// it replaces the one in flight, through an xpcall's handler, and closing goes on.
    pub(crate) fn close_error_step(
        &mut self,
        level: usize,
        handler: bool,
    ) -> Result<Exit, LuaError<B>> {
        loop {
            let err = self.heap.reg(self.error_slot(level));
            let Some((v, tm)) = self.pop_tbc(level) else {
                break;
            };
            let slot = self.error_slot(level);
            self.heap.set_reg(slot, err);
            self.state.top = slot + 1;
            if tm.is_nil() {
                continue;
            }
            let depth = self.state.frames.len();
            let cont = MetaCont::CloseError {
                level: level as u32,
                handler,
            };
            match self.call_meta(tm, &[v, err], cont) {
                Ok(exit) => return Ok(exit),
                // No frame was made (the method cannot be called): the same rule.
                Err(e) if self.state.frames.len() == depth => {
                    let v = if handler {
                        let h = self.heap.reg(level + 1);
                        self.through_handler(h, e.value)
                    } else {
                        e.value
                    };
                    self.heap.set_reg(slot, v);
                }
                Err(e) => return self.unwind(e),
            }
        }
        let err = self.heap.reg(self.error_slot(level));
        let pf = self
            .state
            .frames
            .pop()
            .expect("pcall frame under its closing");
        self.heap.set_reg(level, Value::Bool(false));
        self.heap.set_reg(level + 1, err);
        self.finish_return(pf, level, 2)
    }

    /// Where the error in flight waits while the variables of a failed `pcall` body
    /// close: above the newest one still to close, and above the pcall's function and
    /// an xpcall's handler (`level + 1`).
    pub(crate) fn error_slot(&self, level: usize) -> usize {
        match self.state.tbc.last() {
            Some(&s) if s >= level => (s + 1).max(level + 2),
            _ => level + 2,
        }
    }

    /// Pass a new error through the message handler in force where it was raised, as
    /// lua5.4 does before anything unwinds (its `L->errfunc`): the nearest `xpcall`'s;
    /// none inside a `pcall` or a coroutine; and otherwise, when this VM stands for the
    /// stand-alone interpreter (`Lua::set_traceback`), lua.c's, which makes the message a
    /// C string and appends a traceback. Native calls in between do not change it, so
    /// `__close` handlers, `load`'s caller (for an error in its reader) and the final
    /// report all see the handled value, as in lua5.4.
    pub(crate) fn apply_error_handler(&mut self, e: &mut LuaError<B>) {
        if e.handled {
            return;
        }
        // A message handler is running from this frame up: an error that would reach its
        // own handler goes back, raw, to the loop that runs it (`through_handler`, or the handling of lua.c's message).
        let floor = self.handler_floor;
        for i in (0..self.state.frames.len()).rev() {
            if floor.is_some_and(|f| i < f) {
                return;
            }
            match self.state.frames[i].ret {
                ReturnTo::Protected { handler }
                | ReturnTo::Meta(MetaCont::CloseError { handler, .. }) => {
                    e.handled = true;
                    if handler {
                        // The frame below is the xpcall's own, its handler in the first slot.
                        let h = self.heap.reg(self.state.frames[i - 1].base);
                        e.value = self.through_handler(h, e.value);
                    }
                    return;
                }
                ReturnTo::CoroutineBody => {
                    e.handled = true;
                    return;
                }
                _ => {}
            }
        }
        if floor.is_some() {
            return;
        }
        e.handled = true;
        // lua.c's handler belongs to the main thread; a coroutine has none of its own.
        if self.want_traceback
            && !self.for_other_thread
            && self.heap.current_thread() == self.heap.main_thread()
        {
            let outer = self.handler_floor.replace(self.state.frames.len());
            e.value = self.standalone_message(e.value);
            self.handler_floor = outer;
        }
    }

    /// lua.c's `msghandler`: the message as a C string (cut at a NUL) with a traceback
    /// appended, or a string-valued `__tostring` as it is.
    fn standalone_message(&mut self, v: Value<B>) -> Value<B> {
        let traceback = self.traceback();
        let mut text = match v {
            Value::Str(s) => self.heap.with_str(s, |b| {
                b[..b.iter().position(|&c| c == 0).unwrap_or(b.len())].to_vec()
            }),
            Value::Int(_) | Value::Float(_) => self.tostring_raw(v),
            _ => match self.handle_error_value(v, 0) {
                (m, false) => return self.str(m),
                (m, true) => m.into_bytes(),
            },
        };
        text.push(b'\n');
        text.extend_from_slice(traceback.as_bytes());
        self.str(text)
    }

    /// An xpcall's message handler applied to the error value `v`. An error inside the
    /// handler goes to the handler in turn, as in lua5.4, until the C stack would
    /// overflow: then "error in error handling". Here that is a loop, not a recursion.
    fn through_handler(&mut self, h: Value<B>, mut v: Value<B>) -> Value<B> {
        let outer = self.handler_floor.replace(self.state.frames.len());
        let mut result = None;
        for _ in 0..super::MAX_NATIVE_DEPTH {
            match self.call1(h, &[v]) {
                Ok(r) => {
                    result = Some(r);
                    break;
                }
                Err(e) => v = e.value,
            }
        }
        self.handler_floor = outer;
        result.unwrap_or_else(|| {
            self.depth_limit_hit = true;
            self.str("error in error handling")
        })
    }

    /// As [`Self::close_tbc`] during an error: each handler gets the error, and an error in
    /// a handler replaces it.
    fn close_tbc_on_error(&mut self, level: usize, mut e: LuaError<B>) -> LuaError<B> {
        while let Some(&slot) = self.state.tbc.last() {
            if slot < level {
                break;
            }
            self.state.tbc.pop();
            let v = self.heap.reg(slot);
            let tm = self.metamethod(v, Event::Close);
            if !tm.is_nil() {
                if let Err(e2) = self.call(tm, &[v, e.value]) {
                    e = e2;
                }
            }
        }
        e
    }

    // ---- pcall and coroutines ------------------------------------------------------

    fn run_pending(&mut self, p: Pending<B>) -> Result<Exit, LuaError<B>> {
        match p {
            Pending::Protected {
                func,
                nargs,
                handler,
            } => {
                let depth = self.state.frames.len();
                match self.precall(func, nargs, ReturnTo::Protected { handler }) {
                    Ok(x) => Ok(x),
                    // The callee could not even start (not callable, stack overflow): the
                    // pcall frame itself is on top, so catch here.
                    Err(mut e) if self.state.frames.len() == depth => {
                        if !e.handled {
                            e.handled = true;
                            if handler {
                                let h = self.heap.reg(self.state.frames[depth - 1].base);
                                e.value = self.through_handler(h, e.value);
                            }
                        }
                        let pf = self.state.frames.pop().expect("pcall frame");
                        self.heap.set_reg(pf.func, Value::Bool(false));
                        self.heap.set_reg(pf.func + 1, e.value);
                        let f = pf.func;
                        self.finish_return(pf, f, 2)
                    }
                    Err(e) => Err(e),
                }
            }
            Pending::Resume { co, first, nargs } => {
                let args: Vec<Value<B>> =
                    (first..first + nargs).map(|i| self.heap.reg(i)).collect();
                self.resume(co, &args)
            }
            Pending::Yield { n } => {
                if self.state.resumer.is_none() {
                    // Raised by the running `yield` itself, a native: no position.
                    return Err(self.error_value("attempt to yield from outside a coroutine"));
                }
                if self.state.resume_depth != self.native_depth {
                    return Err(self.error_value("attempt to yield across a C-call boundary"));
                }
                let top = self.state.top;
                let vals: Vec<Value<B>> = (top - n..top).map(|i| self.heap.reg(i)).collect();
                self.state.status = CoStatus::Suspended;
                self.return_to_resumer(true, &vals)
            }
        }
    }

    /// Switch to coroutine `co` (whose status the caller has checked) and start or
    /// continue it with `args`.
    fn resume(&mut self, co: B::Thread, args: &[Value<B>]) -> Result<Exit, LuaError<B>> {
        let me = self.heap.current_thread();
        // The resumer, main thread included, is "normal" while the coroutine runs.
        self.state.status = CoStatus::Normal;
        self.heap.switch_thread(co, &mut self.state);
        self.switches += 1;
        self.state.status = CoStatus::Running;
        self.state.resumer = Some(me);
        self.state.resume_depth = self.native_depth;
        let started = !self.state.frames.is_empty();
        let first = if started { self.state.top } else { 1 };
        self.ensure_stack(first + args.len() + EXTRA_STACK);
        for (i, a) in args.iter().enumerate() {
            self.heap.set_reg(first + i, *a);
        }
        self.state.top = first + args.len();
        if started {
            // The coroutine is inside `yield`: the resume arguments are its results.
            let yf = self
                .state
                .frames
                .pop()
                .expect("suspended coroutine is in yield");
            self.finish_return(yf, first, args.len())
        } else {
            self.precall(0, args.len(), ReturnTo::CoroutineBody)
        }
    }

    /// Leave the running coroutine for its resumer, completing the resumer's `resume`
    /// with `ok` and `vals`.
    fn return_to_resumer(&mut self, ok: bool, vals: &[Value<B>]) -> Result<Exit, LuaError<B>> {
        let co = self.heap.current_thread();
        let resumer = self
            .state
            .resumer
            .take()
            .expect("a coroutine has a resumer");
        self.heap.switch_thread(resumer, &mut self.state);
        self.switches += 1;
        self.state.status = CoStatus::Running;
        let rf = self.state.frames.pop().expect("resumer is inside resume");
        let wrap = self.is_wrap_frame(&rf);
        if wrap && !ok {
            // coroutine.wrap propagates the error, with position for string messages.
            self.state.frames.push(rf);
            let mut v = match self.close_thread(co) {
                Err(e) => e,
                Ok(()) => vals[0],
            };
            if let Value::Str(s) = v {
                let w = self.where_level(1);
                let mut m = w.into_bytes();
                self.heap.with_str(s, |b| m.extend_from_slice(b));
                v = Value::Str(self.heap.intern(&m));
            }
            return Err(LuaError::new(v));
        }
        let first = rf.func;
        let n0 = if wrap { 0 } else { 1 };
        self.ensure_stack(first + vals.len() + 1 + EXTRA_STACK);
        if !wrap {
            self.heap.set_reg(first, Value::Bool(ok));
        }
        for (i, v) in vals.iter().enumerate() {
            self.heap.set_reg(first + n0 + i, *v);
        }
        self.finish_return(rf, first, vals.len() + n0)
    }

    // ---- coroutine death and coroutine.close ---------------------------------------

    /// Coroutines dead by an error: thread -> `{e = error, n = count, [i] = value}`, the
    /// values of their pending to-be-closed variables, oldest first. As in lua5.4 those
    /// `__close`s wait for `coroutine.close` (which `coroutine.wrap` calls at once), and
    /// `close` reports the error.
    fn deaths(&mut self) -> B::Table {
        let k = self.heap.intern(b"_DEADCO");
        if let Value::Table(t) = self.heap.get_str(self.registry, k) {
            return t;
        }
        let t = self.heap.new_table(0, 4);
        let _ = self.heap.set_str(self.registry, k, Value::Table(t));
        t
    }

    /// The running coroutine dies of `err`: keep what `coroutine.close` will need.
    /// Before an error unwinds a coroutine that no `pcall` in it protects, keep a copy of
    /// its frames for the debug library (see [`super::ThreadState::wreck`]).
    fn keep_wreck(&mut self, error: Value<B>) {
        if self.heap.current_thread() == self.heap.main_thread()
            || self.state.frames.iter().any(|f| {
                matches!(
                    f.ret,
                    ReturnTo::Protected { .. } | ReturnTo::Meta(MetaCont::CloseError { .. })
                )
            })
            || self
                .state
                .wreck
                .as_ref()
                .is_some_and(|w| w.error.raw_eq(&error))
        {
            return;
        }
        // The copy is outside the heap's accounting, and a dead coroutine can be kept
        // forever: only a chain of ordinary depth is kept, so a program that keeps many
        // coroutines dead of deep recursion cannot hold unaccounted memory in them.
        if self.state.frames.len() > WRECK_FRAMES {
            self.state.wreck = None;
            return;
        }
        let frames: Vec<Frame<B>> = self.state.frames.iter().cloned().collect();
        let funcs = frames.iter().map(|f| self.heap.reg(f.func)).collect();
        self.state.wreck = Some(Box::new(super::Wreck {
            error,
            frames,
            funcs,
        }));
    }

    /// `coroutine.close` resets a coroutine that died of an error: nothing is left for the
    /// debug library to show.
    fn forget_wreck(&mut self, co: B::Thread) {
        if !self.heap.with_thread_state(co, |s| s.wreck.is_some()) {
            return;
        }
        let me = self.heap.current_thread();
        self.heap.switch_thread(co, &mut self.state);
        self.state.wreck = None;
        self.heap.switch_thread(me, &mut self.state);
        self.switches += 2;
    }

    fn record_death(&mut self, err: Value<B>) {
        let slots = std::mem::take(&mut self.state.tbc);
        let rec = self.heap.new_table(slots.len(), 2);
        for (i, &slot) in slots.iter().enumerate() {
            let _ = self.heap.set_int(rec, i as i64 + 1, self.heap.reg(slot));
        }
        let (n, e) = (self.heap.intern(b"n"), self.heap.intern(b"e"));
        let _ = self.heap.set_str(rec, n, Value::Int(slots.len() as i64));
        let _ = self.heap.set_str(rec, e, err);
        let th = Value::Thread(self.heap.current_thread());
        let deaths = self.deaths();
        if let Ok(k) = crate::value::Key::new(th) {
            let _ = self.heap.set(deaths, k, Value::Table(rec));
        }
    }

    /// `coroutine.close` of a suspended or dead coroutine: the pending `__close`s run,
    /// newest first, each seeing the error so far (a coroutine dead by an error starts
    /// with that error). It ends dead with nothing left to report; returns the final error.
    pub(crate) fn close_thread(&mut self, co: B::Thread) -> Result<(), Value<B>> {
        if self.co_status(co) == CoStatus::Suspended {
            let me = self.heap.current_thread();
            self.state.status = CoStatus::Normal;
            self.heap.switch_thread(co, &mut self.state);
            self.switches += 1;
            self.close_upvals(0);
            let mut err = None;
            let saved = self.unyieldable(me);
            while let Some(slot) = self.state.tbc.pop() {
                let v = self.heap.reg(slot);
                err = self.run_close(v, err);
            }
            (self.state.resumer, self.state.resume_depth) = saved;
            self.state.frames.clear();
            self.state.status = CoStatus::Dead;
            self.heap.switch_thread(me, &mut self.state);
            self.switches += 1;
            self.state.status = CoStatus::Running;
            return err.map_or(Ok(()), Err);
        }
        self.forget_wreck(co);
        let deaths = self.deaths();
        let Ok(key) = crate::value::Key::new(Value::Thread(co)) else {
            return Ok(());
        };
        let Value::Table(rec) = self.heap.get(deaths, key) else {
            return Ok(());
        };
        let _ = self.heap.set(deaths, key, Value::Nil);
        let (n, e) = (self.heap.intern(b"n"), self.heap.intern(b"e"));
        let n = match self.heap.get_str(rec, n) {
            Value::Int(n) => n,
            _ => 0,
        };
        let mut err = Some(self.heap.get_str(rec, e));
        let saved = self.unyieldable(co);
        let outer = std::mem::replace(&mut self.for_other_thread, true);
        for i in (1..=n).rev() {
            let v = self.heap.get_int(rec, i);
            err = self.run_close(v, err);
        }
        self.for_other_thread = outer;
        (self.state.resumer, self.state.resume_depth) = saved;
        err.map_or(Ok(()), Err)
    }

    /// lua5.4 runs a closed coroutine's `__close` handlers on that coroutine, made
    /// non-yieldable: a `yield` in one is "across a C-call boundary", wherever `close`
    /// was called from. Returns the state to restore afterwards.
    fn unyieldable(&mut self, other: B::Thread) -> (Option<B::Thread>, u32) {
        let saved = (self.state.resumer, self.state.resume_depth);
        self.state.resumer = Some(self.state.resumer.unwrap_or(other));
        self.state.resume_depth = u32::MAX;
        saved
    }

    /// Run `v`'s `__close` given the error so far; an error it raises replaces that one.
    fn run_close(&mut self, v: Value<B>, err: Option<Value<B>>) -> Option<Value<B>> {
        let tm = self.metamethod(v, Event::Close);
        if tm.is_nil() {
            return err;
        }
        match self.call(tm, &[v, err.unwrap_or(Value::Nil)]) {
            Ok(_) => err,
            Err(e) => Some(e.value),
        }
    }

    fn is_wrap_frame(&self, f: &Frame<B>) -> bool {
        match f.closure {
            Some(c) => {
                matches!(self.heap.function(c), Callee::Native(nf) if std::ptr::fn_addr_eq(nf, crate::stdlib::coroutine::wrap_call::<B> as NativeFn<B>))
            }
            None => false,
        }
    }
}
