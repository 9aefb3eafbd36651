//! Scope bookkeeping done while parsing, so that the errors lua5.4 finds by resolving names
//! (assignment to a `<const>`/`<close>` local, a `goto` with no visible label, `break`
//! outside a loop, a jump into a local's scope) surface at the same point of the parse as
//! there, and therefore win or lose against later syntax errors the same way.
//!
//! Everything is indexed by name so that big chunks stay linear: many labels, gotos or
//! locals never cause a scan over all of them.

use crate::compiler::ast::{Attrib, Name};
use std::collections::HashMap;

const BREAK: &[u8] = b"break";
/// Hidden loop-control locals: they take slots (so goto levels count them) but no name
/// a program can write.
const CONTROL: &[u8] = b"(for state)";

struct Var {
    name: Name,
    /// Whether `bindings` holds an entry for it (hidden locals are not looked up).
    bound: bool,
    readonly: bool,
}

/// A forward `goto` (or `break`) waiting for its label.
struct Goto {
    name: Name,
    line: u32,
    /// Locals active (in `vars`) where the jump starts, lowered as it leaves blocks.
    level: usize,
}

struct Label {
    name: Name,
    line: u32,
}

struct BlockInfo {
    level: usize,
    first_label: usize,
    first_goto: usize,
    is_loop: bool,
}

/// Marks a function opened by [`Resolver::open_function`].
pub(super) struct FuncMark(usize);

#[derive(Default)]
pub(super) struct Resolver {
    /// Active locals of all open functions, outermost first.
    vars: Vec<Var>,
    /// For each local name, whether each active binding is read-only, innermost last.
    /// Functions nest lexically, so the innermost binding is the one a name refers to.
    bindings: HashMap<Name, Vec<bool>>,
    /// Active read-only locals; while there are none, assignments skip the lookup.
    readonly: usize,
    /// Labels of the open blocks of all open functions.
    labels: Vec<Label>,
    label_index: HashMap<Name, Vec<usize>>,
    /// Pending jumps in creation order; `None` once resolved.
    gotos: Vec<Option<Goto>>,
    /// Positions in `gotos` of the pending jumps to each label name, ascending.
    goto_index: HashMap<Name, Vec<usize>>,
    blocks: Vec<BlockInfo>,
    /// Index in `blocks` of the current function's outermost block.
    func_block: usize,
}

fn show(name: &[u8]) -> String {
    String::from_utf8_lossy(name).into_owned()
}

impl Resolver {
    /// Starts a function (or the main chunk): its outermost block, which is not a loop.
    pub(super) fn open_function(&mut self) -> FuncMark {
        let outer = std::mem::replace(&mut self.func_block, self.blocks.len());
        self.enter_block(false);
        FuncMark(outer)
    }

    /// Ends the current function's outermost block; a jump still pending there has no
    /// label anywhere, and the first one in source order is reported.
    pub(super) fn close_function(&mut self, mark: FuncMark) -> Result<(), String> {
        let bl = self.pop_block();
        let pending = self.gotos.get(bl.first_goto..).unwrap_or_default();
        if let Some(gt) = pending.iter().flatten().next() {
            return Err(crate::compiler::undefined_jump_message(&gt.name, gt.line));
        }
        self.gotos.truncate(bl.first_goto);
        self.func_block = mark.0;
        Ok(())
    }

    pub(super) fn enter_block(&mut self, is_loop: bool) {
        self.blocks.push(BlockInfo {
            level: self.vars.len(),
            first_label: self.labels.len(),
            first_goto: self.gotos.len(),
            is_loop,
        });
    }

    /// Ends a block nested in a function. A loop resolves its breaks here; other jumps
    /// still pending now start outside the block's locals.
    pub(super) fn leave_block(&mut self) {
        let bl = self.pop_block();
        if bl.is_loop {
            // The break target lies outside the loop's locals, so it never enters a scope.
            self.take_pending(BREAK, bl.first_goto);
        }
        let moved = self.gotos.get_mut(bl.first_goto..).unwrap_or_default();
        for gt in moved.iter_mut().flatten() {
            gt.level = gt.level.min(bl.level);
        }
    }

    /// Removes the innermost block, its locals and its labels.
    fn pop_block(&mut self) -> BlockInfo {
        let bl = self.blocks.pop().expect("inside a block");
        while self.vars.len() > bl.level {
            let var = self.vars.pop().expect("counted");
            if var.bound {
                if let Some(stack) = self.bindings.get_mut(&var.name) {
                    stack.pop();
                }
            }
            self.readonly -= var.readonly as usize;
        }
        while self.labels.len() > bl.first_label {
            let label = self.labels.pop().expect("counted");
            if let Some(stack) = self.label_index.get_mut(&label.name) {
                stack.pop();
            }
        }
        bl
    }

    /// Brings a declared local into scope.
    pub(super) fn activate(&mut self, name: &Name, attrib: Attrib) {
        let readonly = attrib != Attrib::None;
        match self.bindings.get_mut(name) {
            Some(stack) => stack.push(readonly),
            None => {
                self.bindings.insert(name.clone(), vec![readonly]);
            }
        }
        self.readonly += readonly as usize;
        self.vars.push(Var {
            name: name.clone(),
            bound: true,
            readonly,
        });
    }

    /// Brings `n` hidden loop-control locals into scope.
    pub(super) fn activate_control(&mut self, n: usize) {
        for _ in 0..n {
            self.vars.push(Var {
                name: CONTROL.into(),
                bound: false,
                readonly: false,
            });
        }
    }

    /// The message for assigning to `name`, if it names a `<const>` or `<close>` local
    /// (of this or an enclosing function).
    pub(super) fn check_assign(&self, name: &[u8]) -> Result<(), String> {
        if self.readonly == 0 {
            return Ok(());
        }
        match self.bindings.get(name).and_then(|s| s.last()) {
            Some(true) => Err(format!(
                "attempt to assign to const variable '{}'",
                show(name)
            )),
            _ => Ok(()),
        }
    }

    /// Line of a label of this name visible in the current function.
    pub(super) fn find_label(&self, name: &[u8]) -> Option<u32> {
        let base = self.blocks[self.func_block].first_label;
        let &i = self.label_index.get(name)?.last()?;
        (i >= base).then(|| self.labels[i].line)
    }

    /// A `goto`: a visible label makes it a backward jump, resolved at once.
    pub(super) fn goto_stat(&mut self, name: Name, line: u32) {
        if self.find_label(&name).is_none() {
            self.add_pending(name, line);
        }
    }

    pub(super) fn break_stat(&mut self, line: u32) {
        self.add_pending(BREAK.into(), line);
    }

    fn add_pending(&mut self, name: Name, line: u32) {
        let at = self.gotos.len();
        match self.goto_index.get_mut(&name) {
            Some(stack) => stack.push(at),
            None => {
                self.goto_index.insert(name.clone(), vec![at]);
            }
        }
        self.gotos.push(Some(Goto {
            name,
            line,
            level: self.vars.len(),
        }));
    }

    /// Declares a label in the current block and resolves the block's pending jumps to it.
    /// `last`: nothing but the block's end follows, so its locals count as already gone.
    pub(super) fn label_stat(&mut self, name: Name, line: u32, last: bool) -> Result<(), String> {
        let bl = self.blocks.last().expect("inside a block");
        let level = if last { bl.level } else { self.vars.len() };
        let first = bl.first_goto;
        for gt in self.take_pending(&name, first) {
            if gt.level < level {
                return Err(format!(
                    "<goto {}> at line {} jumps into the scope of local '{}'",
                    show(&gt.name),
                    gt.line,
                    show(&self.vars[gt.level].name)
                ));
            }
        }
        let at = self.labels.len();
        match self.label_index.get_mut(&name) {
            Some(stack) => stack.push(at),
            None => {
                self.label_index.insert(name.clone(), vec![at]);
            }
        }
        self.labels.push(Label { name, line });
        Ok(())
    }

    /// Removes and returns, in creation order, the pending jumps to `name` made at or
    /// after position `first`.
    fn take_pending(&mut self, name: &[u8], first: usize) -> Vec<Goto> {
        let Some(stack) = self.goto_index.get_mut(name) else {
            return Vec::new();
        };
        let from = stack.partition_point(|&i| i < first);
        let taken: Vec<Goto> = stack
            .drain(from..)
            .filter_map(|i| self.gotos[i].take())
            .collect();
        // Resolved jumps at the end are dropped, but never below `first`: positions of open
        // blocks must keep meaning the same jumps.
        while self.gotos.len() > first && matches!(self.gotos.last(), Some(None)) {
            self.gotos.pop();
        }
        taken
    }
}
