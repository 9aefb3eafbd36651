//! Semantics of the shared `Table`, instantiated on the refcell heap's handles, checked
//! against a model and, for `#`, against the reference `lua5.4`.

use luatb::error::HeapError;
use luatb::heap::HeapBackend;
use luatb::table::Table;
use luatb::value::{Key, Value};
use luatb_refcell::{Heap, StrRef};
use std::collections::{HashMap, HashSet};
use std::process::Command;

type T = Table<Heap>;
type V = Value<Heap>;

fn key(v: V) -> Key<Heap> {
    Key::new(v).unwrap()
}

fn as_int(v: V) -> i64 {
    match v {
        Value::Int(i) => i,
        other => panic!("expected an integer, got {other:?}"),
    }
}

/// Every field by `next`, in order, checking that no key repeats.
fn pairs(t: &T) -> Vec<(V, V)> {
    let mut out = Vec::new();
    let mut k = Value::Nil;
    while let Some((nk, v)) = t.next(k).unwrap() {
        assert!(!v.is_nil(), "next returned a nil value for {nk:?}");
        out.push((nk, v));
        k = nk;
    }
    let distinct: HashSet<_> = out.iter().map(|(k, _)| key(*k)).collect();
    assert_eq!(distinct.len(), out.len(), "next repeated a key");
    out
}

fn assert_border(t: &T) {
    let n = t.length();
    assert!(n >= 0);
    assert!(n == 0 || !t.get_int(n).is_nil(), "t[{n}] is nil");
    assert!(t.get_int(n + 1).is_nil(), "t[{}] is not nil", n + 1);
}

/// xorshift64*: deterministic cases without a dependency.
struct Rng(u64);
impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_f491_4f6c_dd1d)
    }
    fn below(&mut self, n: u64) -> u64 {
        self.next() % n
    }
}

#[test]
fn empty_table() {
    let t = T::new(0, 0);
    assert_eq!(t.length(), 0);
    assert!(t.get_int(1).is_nil());
    assert!(t.get_int(0).is_nil());
    assert!(t.get_int(i64::MIN).is_nil());
    assert!(t.next(Value::Nil).unwrap().is_none());
    assert_eq!(t.next(Value::Int(1)).err(), Some(HeapError::InvalidNextKey));
}

#[test]
fn forward_fill_builds_an_array() {
    let mut t = T::new(0, 0);
    for i in 1..=100 {
        t.set_int(i, Value::Int(i * 10));
        assert_eq!(t.length(), i);
    }
    assert_eq!(t.array_len(), 100);
    assert_eq!(t.hash_len(), 0);
    for i in 1..=100 {
        assert_eq!(as_int(t.get_int(i)), i * 10);
    }
    let keys: Vec<i64> = pairs(&t).iter().map(|p| as_int(p.0)).collect();
    assert_eq!(keys, (1..=100).collect::<Vec<_>>());
}

#[test]
fn backward_fill_migrates_into_the_array() {
    let mut t = T::new(0, 0);
    for i in (2..=50).rev() {
        t.set_int(i, Value::Int(i));
        // A border either way: 0 while the keys sit in the hash part, 50 once they fill
        // enough of an array part (the suite's table_int_keys.lua compares the exact
        // sequence with the reference Lua).
        assert!(matches!(t.length(), 0 | 50), "length {}", t.length());
    }
    assert_eq!(t.length(), 50);
    t.set_int(1, Value::Int(1));
    assert_eq!(t.length(), 50);
    assert_eq!(t.array_len(), 50);
    assert_eq!(t.hash_len(), 0);
    let keys: Vec<i64> = pairs(&t).iter().map(|p| as_int(p.0)).collect();
    assert_eq!(keys, (1..=50).collect::<Vec<_>>());
}

#[test]
fn migration_stops_at_a_gap() {
    let mut t = T::new(0, 0);
    for i in [2, 3, 5, 6] {
        t.set_int(i, Value::Bool(true));
    }
    t.set_int(1, Value::Bool(true));
    assert_eq!(t.length(), 3);
    assert_eq!(t.hash_len(), 2);
    t.set_int(4, Value::Bool(true));
    assert_eq!(t.length(), 6);
    assert_eq!(t.hash_len(), 0);
}

#[test]
fn nil_assignment_removes_fields() {
    let heap = Heap::new();
    let s = heap.intern(b"name");
    let mut t = T::new(0, 0);
    t.set_str(s, Value::Int(1));
    t.set_int(1, Value::Int(1));
    t.set_int(7, Value::Int(7));
    t.set(key(Value::Float(0.5)), Value::Int(2));
    t.set(key(Value::Bool(true)), Value::Int(3));
    assert_eq!(pairs(&t).len(), 5);
    t.set_str(s, Value::Nil);
    t.set_int(7, Value::Nil);
    t.set(key(Value::Float(0.5)), Value::Nil);
    assert!(t.get_str(s).is_nil());
    assert!(t.get_int(7).is_nil());
    assert!(t.get(key(Value::Float(0.5))).is_nil());
    assert_eq!(pairs(&t).len(), 2);
    t.set_int(1, Value::Nil);
    t.set(key(Value::Bool(true)), Value::Nil);
    assert!(pairs(&t).is_empty());
    assert_eq!(t.length(), 0);
    // Nil into an absent field is not an insertion.
    t.set_int(99, Value::Nil);
    assert_eq!(t.hash_len(), 0);
    assert!(pairs(&t).is_empty());
}

#[test]
fn float_keys_are_normalised() {
    assert!(matches!(key(Value::Float(3.0)).0, Value::Int(3)));
    assert!(matches!(key(Value::Float(-0.0)).0, Value::Int(0)));
    assert!(matches!(key(Value::Float(2.5)).0, Value::Float(_)));
    assert!(matches!(key(Value::Float(9.3e18)).0, Value::Float(_)));
    assert_eq!(
        Key::<Heap>::new(Value::Nil).err(),
        Some(HeapError::NilIndex)
    );
    assert_eq!(
        Key::<Heap>::new(Value::Float(f64::NAN)).err(),
        Some(HeapError::NaNIndex)
    );
    let mut t = T::new(0, 0);
    t.set(key(Value::Float(1.0)), Value::Int(10));
    t.set(key(Value::Float(2.0)), Value::Int(20));
    t.set(key(Value::Float(1.5)), Value::Int(15));
    t.set(key(Value::Float(f64::INFINITY)), Value::Int(99));
    assert_eq!(as_int(t.get_int(1)), 10);
    assert_eq!(as_int(t.get(key(Value::Int(2)))), 20);
    assert_eq!(as_int(t.get(key(Value::Float(1.5)))), 15);
    assert_eq!(as_int(t.get(key(Value::Float(f64::INFINITY)))), 99);
    assert_eq!(t.length(), 2);
    t.set(key(Value::Float(2.0)), Value::Nil);
    assert_eq!(t.length(), 1);
    // next accepts the float spelling of an integer key.
    let (k, _) = t.next(Value::Float(1.0)).unwrap().unwrap();
    assert!(matches!(k, Value::Float(_)));
}

#[test]
fn invalid_next_keys() {
    let heap = Heap::new();
    let mut t = T::new(0, 0);
    t.set_int(1, Value::Int(1));
    t.set_str(heap.intern(b"a"), Value::Int(2));
    let absent = [
        Value::Str(heap.intern(b"zzz")),
        Value::Int(99),
        Value::Int(0),
        Value::Int(-1),
        Value::Float(0.5),
        Value::Float(f64::NAN),
        Value::Bool(true),
    ];
    for k in absent {
        assert_eq!(
            t.next(k).err(),
            Some(HeapError::InvalidNextKey),
            "key {k:?}"
        );
    }
    assert!(t.next(Value::Int(1)).is_ok());
    assert!(t.next(Value::Str(heap.intern(b"a"))).unwrap().is_none());
}

/// Clear every visited field, and overwrite one not yet visited: each key is seen once,
/// with its newest value.
#[test]
fn next_survives_clearing_during_traversal() {
    let heap = Heap::new();
    let mut t = T::new(0, 0);
    for i in 1..=40 {
        t.set_int(i, Value::Int(i));
    }
    for i in 1000..1040 {
        t.set_int(i, Value::Int(i));
    }
    let names: Vec<StrRef> = (0..40)
        .map(|i| heap.intern(format!("k{i}").as_bytes()))
        .collect();
    for (i, s) in names.iter().enumerate() {
        t.set_str(*s, Value::Int(i as i64));
    }
    let total = pairs(&t).len();
    assert_eq!(total, 120);
    let last = names[39];
    let mut overwritten = false;
    let mut seen = HashSet::new();
    let mut k = Value::Nil;
    while let Some((nk, v)) = t.next(k).unwrap() {
        assert!(seen.insert(key(nk)), "visited {nk:?} twice");
        if let Value::Str(s) = nk {
            if s == last {
                assert_eq!(matches!(v, Value::Bool(true)), overwritten);
            } else if !seen.contains(&key(Value::Str(last))) {
                t.set_str(last, Value::Bool(true));
                overwritten = true;
            }
        }
        t.set(key(nk), Value::Nil);
        k = nk;
    }
    assert_eq!(seen.len(), total);
    assert!(pairs(&t).is_empty());
    assert_eq!(t.length(), 0);
}

/// Clearing the end of the array part trims it; `next` must still resume from the
/// trimmed key, and must not confuse it with a dead hash slot of the same key.
#[test]
fn next_after_the_array_was_trimmed() {
    let heap = Heap::new();
    // Room enough that no rehash sweeps the dead slot away.
    let mut t = T::new(0, 64);
    // Key 5 lives and dies in the hash part first, then joins the array.
    t.set_int(5, Value::Int(-5));
    t.set_int(5, Value::Nil);
    for i in 1..=5 {
        t.set_int(i, Value::Int(i));
    }
    for i in 0..40 {
        t.set_str(heap.intern(format!("n{i}").as_bytes()), Value::Int(0));
    }
    t.set_int(100, Value::Int(100));
    let mut visited = Vec::new();
    let mut k = Value::Nil;
    while let Some((nk, _)) = t.next(k).unwrap() {
        visited.push(key(nk));
        // Clear in reverse of the array order first: t[5] = nil trims everything.
        if matches!(nk, Value::Int(5)) {
            for i in (1..=5).rev() {
                t.set_int(i, Value::Nil);
            }
            assert_eq!(t.array_len(), 0);
        }
        k = nk;
    }
    assert_eq!(visited.len(), 46);
    let distinct: HashSet<_> = visited.iter().map(|k| Key(k.0)).collect();
    assert_eq!(distinct.len(), 46);
}

#[test]
fn assigning_existing_fields_during_traversal() {
    let mut t = T::new(0, 0);
    for i in 1..=10 {
        t.set_int(i, Value::Int(i));
        t.set_int(i * 100, Value::Int(i));
    }
    let mut k = Value::Nil;
    let mut n = 0;
    while let Some((nk, v)) = t.next(k).unwrap() {
        t.set(key(nk), Value::Int(as_int(v) + 1000));
        n += 1;
        k = nk;
    }
    assert_eq!(n, 20);
    assert!(pairs(&t).iter().all(|(_, v)| as_int(*v) > 1000));
}

#[test]
fn length_after_pops() {
    let mut t = T::new(0, 0);
    for i in 1..=10 {
        t.set_int(i, Value::Int(i));
    }
    for n in (0..10).rev() {
        t.set_int(n + 1, Value::Nil);
        assert_eq!(t.length(), n);
    }
    // A hole in the middle leaves the end alone.
    for i in 1..=10 {
        t.set_int(i, Value::Int(i));
    }
    t.set_int(5, Value::Nil);
    assert_eq!(t.length(), 10);
    assert_border(&t);
    t.set_int(10, Value::Nil);
    assert_eq!(t.length(), 9);
}

#[test]
fn constructor_hints() {
    let mut t = T::new(3, 2);
    t.set_int(1, Value::Int(1));
    t.set_int(2, Value::Nil);
    t.set_int(3, Value::Int(3));
    assert_eq!(t.length(), 3);
    assert_eq!(t.hash_len(), 0);
    let keys: Vec<i64> = pairs(&t).iter().map(|p| as_int(p.0)).collect();
    assert_eq!(keys, vec![1, 3]);
    // Past the hint the array only grows by appending.
    t.set_int(5, Value::Int(5));
    assert_eq!(t.hash_len(), 1);
    assert_eq!(t.length(), 3);
}

#[test]
fn reserve_array_pulls_keys_from_the_hash_part() {
    let mut t = T::new(0, 0);
    t.set_int(1, Value::Int(1));
    t.set_int(3, Value::Int(3));
    t.set_int(6, Value::Int(6));
    t.set_int(7, Value::Int(7));
    assert_eq!(t.length(), 1);
    t.reserve_array(4);
    assert_eq!(t.length(), 3);
    assert_eq!(t.hash_len(), 2);
    t.reserve_array(6);
    assert_eq!(t.length(), 7);
    assert_eq!(t.hash_len(), 0);
    assert_border(&t);
    assert_eq!(pairs(&t).len(), 4);
}

#[test]
fn flags_cleared_by_string_stores() {
    let heap = Heap::new();
    let mut t = T::new(0, 0);
    t.flags = 0b1010;
    t.set_int(1, Value::Int(1));
    t.set(key(Value::Float(0.5)), Value::Int(1));
    assert_eq!(t.flags, 0b1010);
    t.set_str(heap.intern(b"__index"), Value::Nil);
    assert_eq!(t.flags, 0);
    t.flags = 1;
    t.set(key(Value::Str(heap.intern(b"x"))), Value::Int(1));
    assert_eq!(t.flags, 0);
    t.invalidate_flags();
    assert_eq!(t.flags, 0);
}

#[test]
fn string_keys() {
    let heap = Heap::new();
    let mut t = T::new(0, 4);
    let names: Vec<StrRef> = (0..1000)
        .map(|i| heap.intern(format!("field{i}").as_bytes()))
        .collect();
    for (i, s) in names.iter().enumerate() {
        t.set_str(*s, Value::Int(i as i64));
    }
    assert_eq!(t.length(), 0);
    assert_eq!(t.hash_len(), 1000);
    for (i, s) in names.iter().enumerate() {
        assert_eq!(as_int(t.get_str(*s)), i as i64);
        assert_eq!(as_int(t.get(key(Value::Str(*s)))), i as i64);
    }
    // Interned: a second intern of the same bytes finds the same field.
    assert_eq!(as_int(t.get_str(heap.intern(b"field7"))), 7);
    assert!(t.get_str(heap.intern(b"missing")).is_nil());
    for s in names.iter().step_by(2) {
        t.set_str(*s, Value::Nil);
    }
    assert_eq!(pairs(&t).len(), 500);
    // Insert/delete churn reuses dead slots and rehashes without losing fields.
    for round in 0..20 {
        for s in names.iter().step_by(2) {
            t.set_str(*s, Value::Int(round));
        }
        for s in names.iter().step_by(2) {
            t.set_str(*s, Value::Nil);
        }
    }
    assert_eq!(pairs(&t).len(), 500);
    assert_eq!(as_int(t.get_str(names[999])), 999);
}

#[test]
fn large_tables() {
    const N: i64 = 1_000_000;
    let mut t = T::new(0, 0);
    for i in 1..=N {
        t.set_int(i, Value::Int(i));
    }
    assert_eq!(t.length(), N);
    assert_eq!(as_int(t.get_int(N / 2)), N / 2);

    let mut b = T::new(0, 0);
    for i in (1..=N).rev() {
        b.set_int(i, Value::Int(i));
    }
    assert_eq!(b.length(), N);
    assert_eq!(b.hash_len(), 0);
    assert_eq!(as_int(b.get_int(N)), N);

    let mut s = T::new(0, 0);
    for i in 1..=N {
        s.set_int(i * 7, Value::Int(i));
    }
    assert_eq!(s.length(), 0);
    assert_eq!(s.hash_len(), N as usize);
    for i in (1..=N).step_by(997) {
        assert_eq!(as_int(s.get_int(i * 7)), i);
        assert!(s.get_int(i * 7 + 1).is_nil());
    }
    let mut count = 0;
    s.for_each(|_, _| count += 1);
    assert_eq!(count, N as usize);
    assert!(s.bytes() >= N as usize * 32);
    for i in 1..=N {
        s.set_int(i * 7, Value::Nil);
    }
    assert!(pairs(&s).is_empty());
}

// ---- model-based random operations ------------------------------------------------

#[derive(Clone, Copy, PartialEq, Eq, Hash, Debug)]
enum MKey {
    I(i64),
    S(usize),
    F(u64),
    B(bool),
}

#[test]
fn random_operations_match_a_model() {
    let heap = Heap::new();
    let names: Vec<StrRef> = (0..12)
        .map(|i| heap.intern(format!("s{i}").as_bytes()))
        .collect();
    let to_value = |k: MKey| -> V {
        match k {
            MKey::I(i) => Value::Int(i),
            MKey::S(i) => Value::Str(names[i]),
            MKey::F(b) => Value::Float(f64::from_bits(b)),
            MKey::B(b) => Value::Bool(b),
        }
    };
    let to_mkey = |v: V| -> MKey {
        match v {
            Value::Int(i) => MKey::I(i),
            Value::Str(s) => MKey::S(names.iter().position(|n| *n == s).unwrap()),
            Value::Float(f) => MKey::F(f.to_bits()),
            Value::Bool(b) => MKey::B(b),
            other => panic!("unexpected key {other:?}"),
        }
    };
    let mut rng = Rng(0x9e37_79b9_7f4a_7c15);
    for case in 0..60 {
        let narr = rng.below(6) as usize;
        let mut t = T::new(narr, rng.below(4) as usize);
        let mut model: HashMap<MKey, i64> = HashMap::new();
        let span = [8, 40, 300][case % 3];
        for step in 0..400 {
            let k = match rng.below(10) {
                0..=5 => MKey::I(rng.below(span) as i64 - 2),
                6 | 7 => MKey::S(rng.below(12) as usize),
                8 => MKey::F((rng.below(8) as f64 + 0.5).to_bits()),
                _ => MKey::B(rng.below(2) == 0),
            };
            let v = if rng.below(3) == 0 {
                None
            } else {
                Some(step as i64)
            };
            t.set(key(to_value(k)), v.map_or(Value::Nil, Value::Int));
            match v {
                Some(v) => model.insert(k, v),
                None => model.remove(&k),
            };
            assert_border(&t);
            if step % 50 == 49 {
                let got: HashMap<MKey, i64> = pairs(&t)
                    .into_iter()
                    .map(|(k, v)| (to_mkey(k), as_int(v)))
                    .collect();
                assert_eq!(got, model, "case {case} step {step}");
            }
        }
        for (k, v) in &model {
            assert_eq!(as_int(t.get(key(to_value(*k)))), *v);
        }
        // Clear a random half while traversing: each live key is seen exactly once.
        let before: HashSet<MKey> = model.keys().copied().collect();
        let mut seen = HashSet::new();
        let mut k = Value::Nil;
        while let Some((nk, _)) = t.next(k).unwrap() {
            assert!(seen.insert(to_mkey(nk)));
            if rng.below(2) == 0 {
                t.set(key(nk), Value::Nil);
                model.remove(&to_mkey(nk));
            }
            k = nk;
        }
        assert_eq!(seen, before);
        let left: HashSet<MKey> = pairs(&t).into_iter().map(|p| to_mkey(p.0)).collect();
        assert_eq!(left, model.keys().copied().collect());
        assert_border(&t);
    }
}

// ---- `#` against the reference implementation --------------------------------------

/// Run a Lua chunk with the reference interpreter and return its output.
fn lua(src: &str) -> String {
    let out = Command::new("/usr/bin/lua5.4")
        .arg("-e")
        .arg(src)
        .output()
        .expect("running /usr/bin/lua5.4");
    assert!(
        out.status.success(),
        "lua5.4 failed: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout).unwrap()
}

/// One operation that leaves a proper sequence a proper sequence, as Lua source and
/// applied to our table the way the VM and library would apply it.
fn random_op(rng: &mut Rng, t: &mut T, heap: &Heap, n: i64) -> String {
    let v = rng.below(1000) as i64 + 1;
    match rng.below(11) {
        0 | 1 => {
            t.set_int(n + 1, Value::Int(v));
            format!("t[#t+1]={v}")
        }
        2 => {
            t.set_int(n, Value::Nil);
            "t[#t]=nil".into()
        }
        3 => {
            let p = rng.below(n as u64 + 1) as i64 + 1;
            for i in (p..=n).rev() {
                t.set_int(i + 1, t.get_int(i));
            }
            t.set_int(p, Value::Int(v));
            format!("table.insert(t,{p},{v})")
        }
        4 if n > 0 => {
            let p = rng.below(n as u64) as i64 + 1;
            for i in p..n {
                t.set_int(i, t.get_int(i + 1));
            }
            t.set_int(n, Value::Nil);
            format!("table.remove(t,{p})")
        }
        5 => {
            t.set_int(n, Value::Nil);
            "table.remove(t)".into()
        }
        6 if n > 0 => {
            let p = rng.below(n as u64) as i64 + 1;
            t.set_int(p, Value::Int(v));
            format!("t[{p}]={v}")
        }
        7 => {
            let name = format!("f{}", rng.below(5));
            let s = heap.intern(name.as_bytes());
            if rng.below(2) == 0 {
                t.set_str(s, Value::Nil);
                format!("t.{name}=nil")
            } else {
                t.set_str(s, Value::Int(v));
                format!("t.{name}={v}")
            }
        }
        8 => {
            let m = rng.below(20) as i64 + 1;
            for i in (n + 1..=n + m).rev() {
                t.set_int(i, Value::Int(i));
            }
            format!("for i=#t+{m},#t+1,-1 do t[i]=i end")
        }
        9 => {
            t.set_int(n + 2, Value::Int(v));
            t.set_int(n + 1, Value::Int(v));
            format!("do local n=#t t[n+2]={v} t[n+1]={v} end")
        }
        _ => {
            let k = rng.below(12) as i64;
            *t = T::new(k as usize, 0);
            for i in 1..=k {
                t.set_int(i, Value::Int(i));
            }
            let items: Vec<String> = (1..=k).map(|i| i.to_string()).collect();
            format!("t={{{}}}", items.join(","))
        }
    }
}

#[test]
fn length_matches_lua_on_sequences() {
    let heap = Heap::new();
    let mut rng = Rng(0x1234_5678_9abc_def1);
    for _case in 0..40 {
        let mut t = T::new(0, 0);
        let mut src = String::from("local t={} local o={}\n");
        let mut ours = Vec::new();
        for _ in 0..150 {
            let n = t.length();
            let op = random_op(&mut rng, &mut t, &heap, n);
            src.push_str(&op);
            src.push_str(" o[#o+1]=#t\n");
            assert_border(&t);
            ours.push(t.length().to_string());
        }
        src.push_str("io.write(table.concat(o,' '))");
        assert_eq!(lua(&src), ours.join(" "), "script:\n{src}");
    }
}

/// Constructors with nil items: when the last or second-last item is non-nil, the
/// border Lua reports is that of the last non-nil item, and so is ours.
#[test]
fn length_matches_lua_on_constructors() {
    let mut src = String::new();
    let mut ours = Vec::new();
    for len in 1..=8usize {
        for mask in 0u32..(1 << len) {
            let present = |i: usize| mask & (1 << i) != 0;
            if !present(len - 1) && (len < 2 || !present(len - 2)) {
                continue;
            }
            let mut t = T::new(len, 0);
            let mut items = Vec::new();
            for i in 0..len {
                let v = if present(i) {
                    Value::Int(i as i64 + 1)
                } else {
                    Value::Nil
                };
                t.set_int(i as i64 + 1, v);
                items.push(if present(i) {
                    (i + 1).to_string()
                } else {
                    "nil".into()
                });
            }
            ours.push(t.length().to_string());
            src.push_str(&format!("io.write(#{{{}}},' ')\n", items.join(",")));
        }
    }
    let expected = lua(&src);
    assert_eq!(expected.split_whitespace().collect::<Vec<_>>(), ours);
}

// ---- `replace`: the in-place store the transaction backend's commit tries first -------

/// `replace_int`/`replace_str` (the dispatch loop's first try), then `replace` (the
/// transaction commit's), then `set` must leave a table exactly as `set` alone does, in
/// contents, traversal order and border; where a `replace` stores, the table's size
/// cannot change (the commit skips its byte accounting then), and the first two store
/// exactly when the old and new values are both non-nil.
#[test]
fn replace_agrees_with_set() {
    let heap = Heap::new();
    let names: Vec<StrRef> = (0..6)
        .map(|i| heap.intern(format!("r{i}").as_bytes()))
        .collect();
    let mut rng = Rng(0x5151_7e57_0bad_cafe);
    let (mut replaced, mut refused) = (0, 0);
    for case in 0..40 {
        let narr = rng.below(6) as usize;
        let nhash = rng.below(4) as usize;
        let (mut with_replace, mut plain) = (T::new(narr, nhash), T::new(narr, nhash));
        let span = [6, 30, 200][case % 3];
        for step in 0..300 {
            let k = if rng.below(4) == 0 {
                Value::Str(names[rng.below(6) as usize])
            } else {
                Value::Int(rng.below(span) as i64 - 1)
            };
            let v = if rng.below(4) == 0 {
                Value::Nil
            } else {
                Value::Int(step)
            };
            let before = with_replace.bytes();
            // The dispatch loop's fast path: stores only over a non-nil value, never nil.
            let was = plain.get(key(k));
            let stored = match k {
                Value::Int(n) => with_replace.replace_int(n, v),
                Value::Str(s) => with_replace.replace_str(s, v),
                _ => unreachable!(),
            };
            assert_eq!(
                stored,
                !v.is_nil() && !was.is_nil(),
                "case {case} step {step}"
            );
            if stored {
                plain.set(key(k), v);
                assert_eq!(with_replace.bytes(), before, "replace_* changed the size");
                continue;
            }
            if with_replace.replace(key(k), v) {
                replaced += 1;
                assert_eq!(with_replace.bytes(), before, "replace changed the size");
            } else {
                refused += 1;
                with_replace.set(key(k), v);
            }
            plain.set(key(k), v);
            assert_eq!(
                with_replace.length(),
                plain.length(),
                "case {case} step {step}"
            );
            if step % 30 == 29 {
                let fields =
                    |t: &T| -> Vec<String> { pairs(t).iter().map(|f| format!("{f:?}")).collect() };
                assert_eq!(
                    fields(&with_replace),
                    fields(&plain),
                    "case {case} step {step}"
                );
            }
        }
    }
    // Both outcomes were exercised.
    assert!(
        replaced > 1000 && refused > 1000,
        "{replaced} replaced, {refused} refused"
    );
}
