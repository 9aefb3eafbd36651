//! The table library (manual §6.6). Element access goes through `__index`/`__newindex`
//! and lengths through `__len`, as 5.4's `lua_geti`/`lua_seti`/`luaL_len` do; plain
//! tables without a metatable take the raw path.

use super::new_lib;
use crate::error::LuaError;
use crate::heap::HeapBackend;
use crate::value::Value;
use crate::vm::debug::Loc;
use crate::vm::meta::{Event, Flow};
use crate::vm::{CallCtx, Vm};

type R<B> = Result<usize, LuaError<B>>;

pub fn open<B: HeapBackend>(vm: &mut Vm<B>) {
    new_lib(
        vm,
        "table",
        &[
            ("concat", concat),
            ("insert", insert),
            ("move", move_),
            ("pack", pack),
            ("remove", remove),
            ("sort", sort),
            ("unpack", unpack),
        ],
    );
}

/// `t[i]` as `lua_geti`. Every element the library reads counts as one instruction.
pub fn geti<B: HeapBackend>(vm: &mut Vm<B>, t: Value<B>, i: i64) -> Result<Value<B>, LuaError<B>> {
    super::charge(vm, 1)?;
    if let Value::Table(tt) = t {
        let v = vm.heap.get_int(tt, i);
        if !v.is_nil() || vm.heap.metatable(tt).is_none() {
            return Ok(v);
        }
    }
    vm.get_value(t, Value::Int(i))
}

/// `t[i] = v` as `lua_seti`.
pub fn seti<B: HeapBackend>(
    vm: &mut Vm<B>,
    t: Value<B>,
    i: i64,
    v: Value<B>,
) -> Result<(), LuaError<B>> {
    if let Value::Table(tt) = t {
        if vm.heap.metatable(tt).is_none() {
            if let Err(e) = vm.heap.set_int(tt, i, v) {
                vm.store_refused(e, |h| h.set_int(tt, i, v))?;
            }
            return Ok(());
        }
    }
    vm.set_value(t, Value::Int(i), v)
}

/// `#v` with `__len`, which must give an integer (`luaL_len`).
pub fn len_of<B: HeapBackend>(vm: &mut Vm<B>, v: Value<B>) -> Result<i64, LuaError<B>> {
    let n = match vm.len(v, Loc::None)? {
        Flow::Value(n) => n,
        Flow::Call(f, args, k) | Flow::CallNot(f, args, k) => vm.call1(f, &args[..k])?,
    };
    match n {
        Value::Int(i) => Ok(i),
        _ => vm
            .to_integer(n)
            .ok_or_else(|| vm.native_error("object length is not an integer")),
    }
}

/// What a table-like argument must support when it is not a table.
#[derive(Clone, Copy)]
struct Need {
    read: bool,
    write: bool,
    len: bool,
}

const R_: Need = Need {
    read: true,
    write: false,
    len: false,
};
const RW: Need = Need {
    read: true,
    write: true,
    len: false,
};

/// A table, or a value whose metatable provides every access `need` asks for.
fn check_tab<B: HeapBackend>(
    vm: &Vm<B>,
    cx: CallCtx,
    i: usize,
    need: Need,
) -> Result<Value<B>, LuaError<B>> {
    let v = vm.arg(cx, i);
    if matches!(v, Value::Table(_)) {
        return Ok(v);
    }
    if let Some(mt) = vm.metatable_of(v) {
        let has = |e: Event| !vm.heap.get_str(mt, vm.event_names[e as usize]).is_nil();
        if (!need.read || has(Event::Index))
            && (!need.write || has(Event::NewIndex))
            && (!need.len || has(Event::Len))
        {
            return Ok(v);
        }
    }
    Err(vm.arg_type_error(i, "table", v, i < cx.nargs))
}

/// The table argument and its length (`aux_getn`).
fn tab_len<B: HeapBackend>(
    vm: &mut Vm<B>,
    cx: CallCtx,
    i: usize,
    need: Need,
) -> Result<(Value<B>, i64), LuaError<B>> {
    let t = check_tab(vm, cx, i, Need { len: true, ..need })?;
    let n = len_of(vm, t)?;
    Ok((t, n))
}

fn insert<B: HeapBackend>(vm: &mut Vm<B>, cx: CallCtx) -> R<B> {
    let (t, n) = tab_len(vm, cx, 0, RW)?;
    let end = n.wrapping_add(1);
    let (pos, v) = match cx.nargs {
        2 => (end, vm.arg(cx, 1)),
        3 => {
            let pos = vm.check_int(cx, 1)?;
            // One unsigned comparison accepts exactly 1..=end.
            if (pos as u64).wrapping_sub(1) >= end as u64 {
                return Err(vm.arg_error(1, "position out of bounds"));
            }
            let mut i = end;
            while i > pos {
                let x = geti(vm, t, i - 1)?;
                seti(vm, t, i, x)?;
                i -= 1;
            }
            (pos, vm.arg(cx, 2))
        }
        _ => return Err(vm.native_error("wrong number of arguments to 'insert'")),
    };
    seti(vm, t, pos, v)?;
    Ok(0)
}

fn remove<B: HeapBackend>(vm: &mut Vm<B>, cx: CallCtx) -> R<B> {
    let (t, size) = tab_len(vm, cx, 0, RW)?;
    let mut pos = vm.opt_int(cx, 1, size)?;
    // Removing at `size + 1` (or from an empty table at 0) is allowed and moves nothing.
    if pos != size && (pos as u64).wrapping_sub(1) > size as u64 {
        return Err(vm.arg_error(1, "position out of bounds"));
    }
    let v = geti(vm, t, pos)?;
    while pos < size {
        let next = geti(vm, t, pos + 1)?;
        seti(vm, t, pos, next)?;
        pos += 1;
    }
    seti(vm, t, pos, Value::Nil)?;
    vm.push(v);
    Ok(1)
}

fn move_<B: HeapBackend>(vm: &mut Vm<B>, cx: CallCtx) -> R<B> {
    // lua5.4 checks the three positions before either table.
    let f = vm.check_int(cx, 1)?;
    let e = vm.check_int(cx, 2)?;
    let t = vm.check_int(cx, 3)?;
    let a1 = check_tab(vm, cx, 0, R_)?;
    let dest_idx = if vm.arg(cx, 4).is_nil() { 0 } else { 4 };
    let dest = check_tab(
        vm,
        cx,
        dest_idx,
        Need {
            read: false,
            write: true,
            len: false,
        },
    )?;
    if e >= f {
        if !(f > 0 || e < i64::MAX + f) {
            return Err(vm.arg_error(2, "too many elements to move"));
        }
        let n = e - f + 1;
        if t > i64::MAX - n + 1 {
            return Err(vm.arg_error(3, "destination wrap around"));
        }
        let same = dest_idx == 0 || vm.equal_values(a1, dest)?;
        if t > e || t <= f || !same {
            for i in 0..n {
                let v = geti(vm, a1, f + i)?;
                seti(vm, dest, t + i, v)?;
            }
        } else {
            // Overlapping move to the right: copy from the end so nothing is overwritten.
            for i in (0..n).rev() {
                let v = geti(vm, a1, f + i)?;
                seti(vm, dest, t + i, v)?;
            }
        }
    }
    vm.push(dest);
    Ok(1)
}

fn concat<B: HeapBackend>(vm: &mut Vm<B>, cx: CallCtx) -> R<B> {
    let (t, n) = tab_len(vm, cx, 0, R_)?;
    let sep = match vm.opt_str(cx, 1)? {
        Some(s) => vm.str_bytes(s),
        None => Vec::new(),
    };
    let first = vm.opt_int(cx, 2, 1)?;
    let last = vm.opt_int(cx, 3, n)?;
    let mut out = Vec::new();
    // The same long string can sit at many indices: check the memory limit each time the
    // result has doubled.
    let mut room = 1usize << 16;
    let mut i = first;
    while i <= last {
        if out.len() > room {
            super::ensure_room(vm, out.len())?;
            room = out.len().saturating_mul(2);
        }
        let v = geti(vm, t, i)?;
        if !vm.append_stringish(v, &mut out) {
            let msg = format!(
                "invalid value ({}) at index {i} in table for 'concat'",
                v.type_name()
            );
            return Err(vm.native_error(&msg));
        }
        if i == last {
            break;
        }
        out.extend_from_slice(&sep);
        i += 1;
    }
    let s = vm.str(&out);
    vm.push(s);
    Ok(1)
}

fn pack<B: HeapBackend>(vm: &mut Vm<B>, cx: CallCtx) -> R<B> {
    let t = vm.heap.new_table(cx.nargs, 1);
    for i in 0..cx.nargs {
        let (k, v) = (i as i64 + 1, vm.arg(cx, i));
        if let Err(e) = vm.heap.set_int(t, k, v) {
            vm.store_refused(e, |h| h.set_int(t, k, v))?;
        }
    }
    let (n, count) = (vm.heap.intern(b"n"), Value::Int(cx.nargs as i64));
    if let Err(e) = vm.heap.set_str(t, n, count) {
        vm.store_refused(e, |h| h.set_str(t, n, count))?;
    }
    vm.push(Value::Table(t));
    Ok(1)
}

fn unpack<B: HeapBackend>(vm: &mut Vm<B>, cx: CallCtx) -> R<B> {
    let t = vm.arg(cx, 0);
    let i = vm.opt_int(cx, 1, 1)?;
    let e = if vm.arg(cx, 2).is_nil() {
        len_of(vm, t)?
    } else {
        vm.check_int(cx, 2)?
    };
    if i > e {
        return Ok(0);
    }
    let n = (e as u64).wrapping_sub(i as u64);
    // The limit is Lua's stack size, whatever slot layout the backend uses.
    if n >= crate::vm::MAX_STACK as u64 || vm.check_stack(n as usize + 1).is_err() {
        return Err(vm.native_error("too many results to unpack"));
    }
    let mut k = i;
    loop {
        let v = geti(vm, t, k)?;
        vm.push(v);
        if k == e {
            break;
        }
        k += 1;
    }
    Ok(n as usize + 1)
}

// ---- sort --------------------------------------------------------------------------

/// The array being sorted and how to order it: the comparator, or `<` when nil.
struct Sorter<B: HeapBackend> {
    t: Value<B>,
    cmp: Value<B>,
}

impl<B: HeapBackend> Sorter<B> {
    fn get(&self, vm: &mut Vm<B>, i: i64) -> Result<Value<B>, LuaError<B>> {
        geti(vm, self.t, i)
    }

    fn set(&self, vm: &mut Vm<B>, i: i64, v: Value<B>) -> Result<(), LuaError<B>> {
        seti(vm, self.t, i, v)
    }

    fn less(&self, vm: &mut Vm<B>, a: Value<B>, b: Value<B>) -> Result<bool, LuaError<B>> {
        if self.cmp.is_nil() {
            vm.less_than(a, b)
        } else {
            Ok(!vm.call1(self.cmp, &[a, b])?.is_falsy())
        }
    }

    fn swap(
        &self,
        vm: &mut Vm<B>,
        i: i64,
        vi: Value<B>,
        j: i64,
        vj: Value<B>,
    ) -> Result<(), LuaError<B>> {
        self.set(vm, i, vj)?;
        self.set(vm, j, vi)
    }

    /// Quicksort of `lo..=up` with median-of-three pivots. The partition scans use the
    /// pivot as a sentinel, so a comparator that is not a strict weak order makes a scan
    /// run past the range; that is reported rather than followed. Past `depth` levels of
    /// bad splits the range goes to heapsort, which keeps the whole sort O(n log n).
    fn quicksort(
        &self,
        vm: &mut Vm<B>,
        mut lo: i64,
        mut up: i64,
        mut depth: u32,
    ) -> Result<(), LuaError<B>> {
        while lo < up {
            let a = self.get(vm, lo)?;
            let b = self.get(vm, up)?;
            if self.less(vm, b, a)? {
                self.swap(vm, lo, a, up, b)?;
            }
            if up - lo == 1 {
                return Ok(());
            }
            if depth == 0 {
                return self.heapsort(vm, lo, up);
            }
            depth -= 1;
            // Small ranges pivot at the middle, large ones at the first quarter, as 5.4
            // does before it resorts to randomised pivots.
            let p = if up - lo < 100 {
                lo + (up - lo) / 2
            } else {
                lo + (up - lo) / 4
            };
            let mut pv = self.get(vm, p)?;
            let a = self.get(vm, lo)?;
            if self.less(vm, pv, a)? {
                self.swap(vm, p, pv, lo, a)?;
                pv = a;
            } else {
                let b = self.get(vm, up)?;
                if self.less(vm, b, pv)? {
                    self.swap(vm, p, pv, up, b)?;
                    pv = b;
                }
            }
            if up - lo == 2 {
                return Ok(());
            }
            // Park the pivot next to the end: `lo` and `up` now bound the scans.
            let before_up = self.get(vm, up - 1)?;
            self.swap(vm, p, pv, up - 1, before_up)?;
            let mid = self.partition(vm, lo, up, pv)?;
            // Recurse into the smaller side, loop on the larger: stack depth O(log n).
            if mid - lo < up - mid {
                self.quicksort(vm, lo, mid - 1, depth)?;
                lo = mid + 1;
            } else {
                self.quicksort(vm, mid + 1, up, depth)?;
                up = mid - 1;
            }
        }
        Ok(())
    }

    /// Split `lo+1 ..= up-2` around the pivot (parked at `up - 1`); returns where the
    /// pivot ends up.
    fn partition(
        &self,
        vm: &mut Vm<B>,
        lo: i64,
        up: i64,
        pivot: Value<B>,
    ) -> Result<i64, LuaError<B>> {
        let (mut i, mut j) = (lo, up - 1);
        loop {
            i += 1;
            let mut vi = self.get(vm, i)?;
            while self.less(vm, vi, pivot)? {
                if i == up - 1 {
                    return Err(vm.native_error("invalid order function for sorting"));
                }
                i += 1;
                vi = self.get(vm, i)?;
            }
            j -= 1;
            let mut vj = self.get(vm, j)?;
            while self.less(vm, pivot, vj)? {
                if j < i {
                    return Err(vm.native_error("invalid order function for sorting"));
                }
                j -= 1;
                vj = self.get(vm, j)?;
            }
            if j < i {
                let last = self.get(vm, up - 1)?;
                self.swap(vm, up - 1, last, i, vi)?;
                return Ok(i);
            }
            self.swap(vm, i, vi, j, vj)?;
        }
    }

    fn heapsort(&self, vm: &mut Vm<B>, lo: i64, up: i64) -> Result<(), LuaError<B>> {
        let n = up - lo + 1;
        for start in (0..n / 2).rev() {
            self.sift_down(vm, lo, start, n)?;
        }
        for end in (1..n).rev() {
            let a = self.get(vm, lo)?;
            let b = self.get(vm, lo + end)?;
            self.swap(vm, lo, a, lo + end, b)?;
            self.sift_down(vm, lo, 0, end)?;
        }
        Ok(())
    }

    /// Restore the max-heap below `root` among the first `n` elements from `lo`.
    fn sift_down(&self, vm: &mut Vm<B>, lo: i64, mut root: i64, n: i64) -> Result<(), LuaError<B>> {
        loop {
            let mut child = 2 * root + 1;
            if child >= n {
                return Ok(());
            }
            let mut vc = self.get(vm, lo + child)?;
            if child + 1 < n {
                let right = self.get(vm, lo + child + 1)?;
                if self.less(vm, vc, right)? {
                    child += 1;
                    vc = right;
                }
            }
            let vr = self.get(vm, lo + root)?;
            if !self.less(vm, vr, vc)? {
                return Ok(());
            }
            self.swap(vm, lo + root, vr, lo + child, vc)?;
            root = child;
        }
    }
}

fn sort<B: HeapBackend>(vm: &mut Vm<B>, cx: CallCtx) -> R<B> {
    let (t, n) = tab_len(vm, cx, 0, RW)?;
    if n > 1 {
        if n >= i32::MAX as i64 {
            return Err(vm.arg_error(0, "array too big"));
        }
        let cmp = vm.arg(cx, 1);
        if !cmp.is_nil() && !matches!(cmp, Value::Function(_) | Value::Native(_)) {
            return Err(vm.arg_type_error(1, "function", cmp, true));
        }
        let depth = 3 * (64 - (n as u64).leading_zeros()) + 10;
        Sorter { t, cmp }.quicksort(vm, 1, n, depth)?;
    }
    Ok(0)
}
