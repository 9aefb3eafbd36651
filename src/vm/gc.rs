//! The tracing collector, written once over [`HeapBackend`]'s `gc_*` methods: a
//! stop-the-world mark and sweep with Lua's pacing (the next cycle starts when the heap
//! has grown to `pause`% of what the last one left), weak tables with ephemeron keys,
//! and `__gc` finalizers.
//!
//! # When it runs
//!
//! Only at [`Vm::gc_checkpoint`]s: after an opcode that allocates (NEWTABLE, CONCAT,
//! CLOSURE) has stored its result, and after a native function's results have been
//! delivered. There every live handle is in a register below the thread's live limit, in
//! a frame, an open upvalue, a parked thread or a VM field, which is what the roots
//! below read. Natives may hold handles in Rust locals while they call Lua through
//! [`Vm::call`], so no collection runs while one is in progress (`native_depth > 1`);
//! the heap just grows until that call returns.
//!
//! Marking uses an explicit gray list, never Rust recursion, so a deep structure cannot
//! overflow the Rust stack.

pub mod budget;
pub mod slab;
pub mod strings;

use super::{Frame, ThreadState, Vm};
use crate::error::LuaError;
use crate::heap::{GcObj, HeapBackend};
use crate::tagmethod::TagMethod as Event;
use crate::value::Value;
use budget::Refusal;
use std::collections::HashSet;

/// Heaps smaller than this are never collected by pacing (only by an explicit request).
/// Lua has no such floor; this one is about a fresh state's heap, so that pacing alone
/// decides from the first cycle on. (It was 256 KiB, which held every small program's
/// garbage until then: peak heap 4.8 times lua5.4's on `closures`.)
const MIN_THRESHOLD: usize = 32 * 1024;

/// The collector's settings and bookkeeping, one per [`Vm`].
pub struct GcState<B: HeapBackend> {
    /// A cycle starts when the heap reaches this many bytes.
    pub(crate) threshold: usize,
    /// Percent of the live size the heap may grow to before the next cycle.
    pub pause: usize,
    pub stepmul: usize,
    /// `collectgarbage("stop")` clears this.
    pub running: bool,
    /// Collect at every checkpoint (`--gc-stress`).
    pub stress: bool,
    /// `collectgarbage("generational")` was the last mode asked for.
    pub generational: bool,
    /// "not enough memory" past this many heap bytes.
    pub max_memory: Option<usize>,
    /// Largest heap size seen at a checkpoint or collection.
    pub peak: usize,
    /// "not enough memory", made before any allocation can fail so that raising it
    /// allocates nothing.
    pub(crate) oom_msg: Option<B::Str>,
    /// Objects whose `__gc` has been run or queued: each is finalized once.
    finalized: HashSet<GcObj<B>>,
    /// Resurrected objects waiting for their `__gc`, in call order.
    pending: Vec<GcObj<B>>,
    /// Finalizers are running: no nested cycle calls them again.
    finalizing: bool,
    pub cycles: u64,
}

impl<B: HeapBackend> Default for GcState<B> {
    fn default() -> Self {
        GcState {
            threshold: MIN_THRESHOLD,
            pause: 200,
            stepmul: 100,
            running: true,
            stress: false,
            // lua.c switches to generational mode at start.
            generational: true,
            max_memory: None,
            peak: 0,
            oom_msg: None,
            finalized: HashSet::new(),
            pending: Vec::new(),
            finalizing: false,
            cycles: 0,
        }
    }
}

/// What one marking phase found besides marks.
struct Cycle<B: HeapBackend> {
    gray: Vec<GcObj<B>>,
    fields: Vec<(Value<B>, Value<B>)>,
    /// Weak tables met: (table, weak keys, weak values).
    weak: Vec<(B::Table, bool, bool)>,
}

/// The first slot above everything a thread may still read. Each frame's registers end
/// where the frame above it starts, so only the innermost frame matters: a Lua frame's
/// registers (and values a multiple-result call left above them, up to `top`), or a
/// native's arguments and pushes (up to `top`). As in lua5.4, a caller's registers above
/// the slot of the function it is calling are dead.
pub fn live_limit<B: HeapBackend>(st: &ThreadState<B>) -> usize {
    match st.frames.last() {
        Some(Frame {
            proto: Some(p),
            base,
            ..
        }) => st.top.max(base + p.max_stack as usize),
        _ => st.top,
    }
}

/// Push what a thread's VM state refers to (not its stack).
pub fn trace_state<B: HeapBackend>(st: &ThreadState<B>, out: &mut Vec<GcObj<B>>) {
    for f in &st.frames {
        if let Some(c) = f.closure {
            out.push(GcObj::Function(c));
        }
    }
    for &(_, u) in &st.open_upvals {
        out.push(GcObj::Upval(u));
    }
    if let Some(r) = st.resumer {
        out.push(GcObj::Thread(r));
    }
    if let Some(w) = &st.wreck {
        GcObj::push(out, w.error);
        for (f, &v) in w.frames.iter().zip(&w.funcs) {
            out.extend(f.closure.map(GcObj::Function));
            GcObj::push(out, v);
        }
    }
}

/// What a backend's `gc_refs` gives for a parked thread: its state's references and its
/// live stack slots. Slots above the live limit are cleared, as they are never read
/// before being written and would otherwise keep dead objects alive.
pub fn trace_parked<B: HeapBackend>(
    st: &ThreadState<B>,
    stack: &mut [Value<B>],
    out: &mut Vec<GcObj<B>>,
) {
    trace_state(st, out);
    trace_parked_slice(stack, live_limit(st), out);
}

/// The finalization number a backend's `set_metatable` gives an object whose new
/// metatable has a `__gc` field (0: none, or the object already has one). Lua decides
/// once, when the metatable is set; `counter` is the backend's, kept per heap.
pub fn finalizer_seq<B: HeapBackend>(
    heap: &B,
    mt: Option<B::Table>,
    current: u32,
    counter: &std::cell::Cell<u32>,
) -> u32 {
    match mt {
        Some(mt) if current == 0 && !heap.get_str(mt, heap.intern(b"__gc")).is_nil() => {
            let n = counter.get().wrapping_add(1).max(1);
            counter.set(n);
            n
        }
        _ => current,
    }
}

/// [`trace_parked`] for a backend that keeps its stacks as `Cell`s.
pub fn trace_parked_cells<B: HeapBackend>(
    st: &ThreadState<B>,
    stack: &[std::cell::Cell<Value<B>>],
    out: &mut Vec<GcObj<B>>,
) {
    trace_state(st, out);
    let lim = live_limit(st).min(stack.len());
    for v in &stack[..lim] {
        GcObj::push(out, v.get());
    }
    for v in &stack[lim..] {
        v.set(Value::Nil);
    }
}

/// Push the objects in `stack` below `limit`, and clear the slots from `limit` up.
pub fn trace_parked_slice<B: HeapBackend>(
    stack: &mut [Value<B>],
    limit: usize,
    out: &mut Vec<GcObj<B>>,
) {
    let lim = limit.min(stack.len());
    for v in &stack[..lim] {
        GcObj::push(out, *v);
    }
    stack[lim..].fill(Value::Nil);
}

/// Whether a weak entry holding `v` goes: only collectable objects can, and strings
/// count as values, never collected from a weak table.
fn is_dead<B: HeapBackend>(heap: &B, v: Value<B>) -> bool {
    match v {
        Value::Table(_) | Value::Function(_) | Value::Userdata(_) | Value::Thread(_) => {
            !heap.gc_is_marked(GcObj::of(v).expect("an object"))
        }
        _ => false,
    }
}

fn weak_ref<B: HeapBackend>(v: Value<B>) -> bool {
    matches!(
        v,
        Value::Table(_) | Value::Function(_) | Value::Userdata(_) | Value::Thread(_)
    )
}

impl<B: HeapBackend> Vm<B> {
    /// Called after an allocation: raise an allocation failure the heap recorded, collect
    /// if the heap has grown past the threshold (or always, in stress mode), then enforce
    /// the memory limit.
    #[inline]
    pub(crate) fn gc_checkpoint(&mut self) -> Result<(), LuaError<B>> {
        if self.heap.budget().is_some_and(|b| b.refused().is_some()) {
            return Err(self.oom_error());
        }
        if !B::COLLECTS {
            return Ok(());
        }
        let bytes = self.heap.heap_bytes();
        if bytes < self.gc.threshold && !self.gc.stress {
            return Ok(());
        }
        self.gc_checkpoint_slow(bytes)
    }

    #[cold]
    #[inline(never)]
    fn gc_checkpoint_slow(&mut self, bytes: usize) -> Result<(), LuaError<B>> {
        self.gc.peak = self.gc.peak.max(bytes);
        if self.native_depth > 1 {
            return Ok(());
        }
        if self.gc.running || self.gc.stress {
            self.full_gc();
            self.run_finalizers();
        }
        if let Some(max) = self.gc.max_memory {
            if self.heap.heap_bytes() > max {
                self.full_gc();
                if self.heap.heap_bytes() > max {
                    return Err(self.oom_error());
                }
            }
        }
        Ok(())
    }

    /// lua5.4's memory error: no position, and (once `oom_msg` exists) no allocation.
    /// Any refusal the heap recorded is reported by it.
    #[cold]
    pub(crate) fn oom_error(&mut self) -> LuaError<B> {
        if let Some(b) = self.heap.budget() {
            b.take_refusal();
        }
        let msg = match self.gc.oom_msg {
            Some(s) => s,
            None => {
                let s = self.heap.intern(b"not enough memory");
                self.gc.oom_msg = Some(s);
                s
            }
        };
        LuaError::new(Value::Str(msg))
    }

    /// The error for a table store the heap refused. A refusal at the memory limit first
    /// collects, where a collection may run, and retries the store once with `retry`.
    #[cold]
    #[inline(never)]
    pub(crate) fn store_refused(
        &mut self,
        e: crate::error::HeapError,
        retry: impl FnOnce(&B) -> Result<(), crate::error::HeapError>,
    ) -> Result<(), LuaError<B>> {
        if e != crate::error::HeapError::OutOfMemory {
            return Err(self.runtime_error(&e.to_string()));
        }
        let at_limit = self.heap.budget().and_then(|b| b.take_refusal()) == Some(Refusal::Limit);
        if at_limit && B::COLLECTS && self.native_depth <= 1 {
            self.full_gc();
            if retry(&self.heap).is_ok() {
                return Ok(());
            }
        }
        Err(self.oom_error())
    }

    /// A whole cycle: mark, clear weak entries, queue finalizers, sweep, set the next
    /// threshold. Finalizers are only queued; [`Vm::run_finalizers`] calls them.
    pub fn full_gc(&mut self) {
        if !B::COLLECTS || self.native_depth > 1 {
            return;
        }
        self.heap.sync();
        let before = self.heap.heap_bytes();
        self.gc.peak = self.gc.peak.max(before);
        let mut cx = Cycle {
            gray: Vec::with_capacity(256),
            fields: Vec::new(),
            weak: Vec::new(),
        };
        self.mark_roots(&mut cx.gray);
        self.propagate(&mut cx);
        // Weak values go before resurrection: an object being finalized is already gone
        // from weak values, but stays a weak key until it is really freed.
        self.clear_weak(&cx.weak, false, true);
        self.separate_finalizable(&mut cx.gray);
        self.propagate(&mut cx);
        self.clear_weak(&cx.weak, true, false);
        let heap = &self.heap;
        self.gc.finalized.retain(|o| heap.gc_is_marked(*o));
        self.heap.gc_sweep();
        let live = self.heap.heap_bytes();
        self.gc.threshold = (live / 100 * self.gc.pause)
            .max(MIN_THRESHOLD)
            .min(self.gc.max_memory.unwrap_or(usize::MAX));
        self.gc.cycles += 1;
    }

    fn mark_roots(&mut self, gray: &mut Vec<GcObj<B>>) {
        gray.push(GcObj::Table(self.globals));
        gray.push(GcObj::Table(self.registry));
        let mts = &self.type_mt;
        for mt in [
            mts.string,
            mts.number,
            mts.boolean,
            mts.nil,
            mts.function,
            mts.thread,
        ]
        .into_iter()
        .flatten()
        {
            gray.push(GcObj::Table(mt));
        }
        gray.extend(self.event_names.iter().map(|&s| GcObj::Str(s)));
        gray.extend(self.gc.oom_msg.map(GcObj::Str));
        gray.push(GcObj::Thread(self.heap.main_thread()));
        gray.push(GcObj::Thread(self.heap.current_thread()));
        trace_state(&self.state, gray);
        let size = self.heap.stack_size();
        let lim = live_limit(&self.state).min(size);
        for i in 0..lim {
            GcObj::push(gray, self.heap.reg(i));
        }
        self.heap.gc_clear_stack_above(lim);
        if let Some(super::Pending::Resume { co, .. }) = &self.pending {
            gray.push(GcObj::Thread(*co));
        }
        gray.extend(self.gc.pending.iter().copied());
    }

    fn propagate(&mut self, cx: &mut Cycle<B>) {
        loop {
            while let Some(o) = cx.gray.pop() {
                if !self.heap.gc_mark(o) {
                    continue;
                }
                match o {
                    GcObj::Str(_) => {}
                    GcObj::Table(t) => self.trace_table(t, cx),
                    _ => self.heap.gc_refs(o, &mut cx.gray),
                }
            }
            // Ephemerons: a value under a weak key lives when its key does, which
            // marking may have just decided.
            let mut changed = false;
            for i in 0..cx.weak.len() {
                let (t, wk, wv) = cx.weak[i];
                if !wk || wv {
                    continue;
                }
                cx.fields.clear();
                self.heap.gc_table_fields(t, &mut cx.fields);
                for &(k, v) in &cx.fields {
                    if weak_ref(k) && !is_dead(&self.heap, k) {
                        if let Some(o) = GcObj::of(v) {
                            if !self.heap.gc_is_marked(o) {
                                cx.gray.push(o);
                                changed = true;
                            }
                        }
                    }
                }
            }
            if !changed {
                return;
            }
        }
    }

    fn trace_table(&mut self, t: B::Table, cx: &mut Cycle<B>) {
        let (mut wk, mut wv) = (false, false);
        if let Some(mt) = self.heap.metatable(t) {
            cx.gray.push(GcObj::Table(mt));
            if let Value::Str(m) = self
                .heap
                .get_str(mt, self.event_names[Event::Mode as usize])
            {
                self.heap.with_str(m, |b| {
                    wk = b.contains(&b'k');
                    wv = b.contains(&b'v');
                });
            }
        }
        cx.fields.clear();
        self.heap.gc_table_fields(t, &mut cx.fields);
        for &(k, v) in &cx.fields {
            if !wk || !weak_ref(k) {
                GcObj::push(&mut cx.gray, k);
                if !wv {
                    // A value under a strong key (or a key that is no object).
                    GcObj::push(&mut cx.gray, v);
                }
            }
            if wv && !weak_ref(v) {
                GcObj::push(&mut cx.gray, v);
            }
        }
        if wk || wv {
            cx.weak.push((t, wk, wv));
        }
    }

    /// Remove the entries of weak tables whose weak part is dead.
    fn clear_weak(&mut self, weak: &[(B::Table, bool, bool)], keys: bool, values: bool) {
        let mut fields = Vec::new();
        for &(t, wk, wv) in weak {
            fields.clear();
            self.heap.gc_table_fields(t, &mut fields);
            for &(k, v) in &fields {
                let dead = (keys && wk && is_dead(&self.heap, k))
                    || (values && wv && is_dead(&self.heap, v));
                if dead {
                    if let Ok(key) = crate::value::Key::new(k) {
                        let _ = self.heap.set(t, key, Value::Nil);
                    }
                }
            }
        }
        // Cleared through the heap: a deferring backend applies the writes now, before
        // the next phase reads the tables and before their dead keys are freed.
        self.heap.sync();
    }

    /// Unreachable objects registered for finalization and not finalized yet are kept
    /// alive (with all they reach) for one more cycle and queued for their `__gc`.
    fn separate_finalizable(&mut self, gray: &mut Vec<GcObj<B>>) {
        let mut cands = Vec::new();
        self.heap.gc_finalizable(true, &mut cands);
        cands.sort_by_key(|c| std::cmp::Reverse(c.1));
        for (o, _) in cands {
            if self.gc.finalized.insert(o) {
                self.gc.pending.push(o);
                gray.push(o);
            }
        }
    }

    /// Call the queued `__gc` metamethods. An error in one is reported as a warning
    /// (when warnings are on) and does not stop the others.
    pub fn run_finalizers(&mut self) {
        if self.gc.finalizing || self.gc.pending.is_empty() || self.native_depth > 1 {
            return;
        }
        self.gc.finalizing = true;
        let saved_running = self.gc.running;
        // A finalizer's own allocations must not start a nested cycle.
        self.gc.running = false;
        let stress = std::mem::replace(&mut self.gc.stress, false);
        while !self.gc.pending.is_empty() {
            let o = self.gc.pending.remove(0);
            let v = match o {
                GcObj::Table(t) => Value::Table(t),
                GcObj::Userdata(u) => Value::Userdata(u),
                _ => continue,
            };
            // Only a function is called: anything else in `__gc` is ignored.
            let f = self.metamethod(v, Event::Gc);
            if !matches!(f, Value::Function(_) | Value::Native(_)) {
                continue;
            }
            if let Err(e) = self.call(f, &[v]) {
                self.warn_gc(e.value);
            }
        }
        self.gc.running = saved_running;
        self.gc.stress = stress;
        self.gc.finalizing = false;
    }

    /// lua5.4's warning for an error in a finalizer, shown once `warn("@on")` ran.
    fn warn_gc(&mut self, err: Value<B>) {
        let key = self.heap.intern(b"_WARN");
        if self.heap.get_str(self.registry, key).is_nil() {
            return;
        }
        let msg = match err {
            Value::Str(_) | Value::Int(_) | Value::Float(_) => self.tostring_raw(err),
            _ => b"error object is not a string".to_vec(),
        };
        let mut line = b"Lua warning: error in __gc (".to_vec();
        line.extend_from_slice(&msg);
        line.extend_from_slice(b")\n");
        use std::io::Write;
        let _ = std::io::stderr().write_all(&line);
    }

    /// Close the state: every object with a `__gc` not run yet is finalized, newest
    /// first, as when lua.c closes its state at exit.
    pub fn close_state(&mut self) {
        self.full_gc();
        self.run_finalizers();
        if !B::COLLECTS {
            return;
        }
        let mut all = Vec::new();
        self.heap.gc_finalizable(false, &mut all);
        all.sort_by_key(|c| std::cmp::Reverse(c.1));
        for (o, _) in all {
            if self.gc.finalized.insert(o) {
                self.gc.pending.push(o);
            }
        }
        self.run_finalizers();
    }

    /// The error of `--max-instructions`. The limit stays exhausted once it has fired:
    /// every later instruction raises it again, so a `pcall` loop cannot run on past it.
    /// The embedder re-arms it with `set_max_instructions`.
    #[cold]
    pub(crate) fn instructions_exhausted(&mut self) -> LuaError<B> {
        self.instr_budget.set(1);
        self.runtime_error("instruction limit exceeded")
    }

    /// Stop with an error after `n` more VM instructions (`None`: no limit).
    pub fn set_max_instructions(&mut self, n: Option<u64>) {
        self.instr_budget
            .set(n.map_or(u64::MAX, |n| n.saturating_add(1)));
        self.instr_armed = self.instr_budget.get();
    }

    /// VM steps since the instruction limit was last set (or since the start): one per
    /// bytecode executed, plus the units library loops charge (pattern matching, the table
    /// library), which the limit counts too.
    pub fn instructions_run(&self) -> u64 {
        self.instr_armed.saturating_sub(self.instr_budget.get())
    }

    /// `collectgarbage("count")`: the heap in KB.
    pub fn gc_heap_kb(&self) -> f64 {
        self.heap.heap_bytes() as f64 / 1024.0
    }

    pub fn peak_heap_bytes(&self) -> usize {
        self.gc.peak.max(self.heap.heap_bytes())
    }

    /// Whether a depth limit has fired: a stack overflow, too many nested native calls or
    /// resumes ("C stack overflow"), or an error handler that kept failing.
    pub fn depth_limit_hit(&self) -> bool {
        self.depth_limit_hit
    }
}
