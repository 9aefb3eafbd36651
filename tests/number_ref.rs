//! `luatb::number` against the real C Lua 5.4 (embedded through mlua): every expected value is
//! computed by the reference at test time.

mod numref_util;

use luatb::number::{self, Number, F2I};
use mlua::{Function, Lua, MultiValue, Value};
use numref_util::{edge_floats, same_float, Rng};

fn func(lua: &Lua, src: &str) -> Function {
    lua.load(src).eval().expect("reference chunk compiles")
}

fn lua_string(v: &Value) -> String {
    match v {
        Value::String(s) => s.to_string_lossy(),
        other => panic!("reference returned {other:?}, wanted a string"),
    }
}

#[test]
fn fmt_float_matches_tostring() {
    let lua = Lua::new();
    let tostring = func(&lua, "return function(x) return tostring(x) end");
    let mut rng = Rng::new(1);
    let mut cases = edge_floats();
    cases.extend((0..20_000).map(|_| rng.any_float()));
    cases.extend((0..20_000).map(|_| rng.human_float()));
    for &f in &cases {
        let want = lua_string(&tostring.call(f).unwrap());
        assert_eq!(
            number::fmt_float(f),
            want,
            "tostring({f:e}) bits {:#x}",
            f.to_bits()
        );
        let mut buf = b"x".to_vec();
        number::write_float(&mut buf, f);
        assert_eq!(&buf[1..], want.as_bytes());
    }
}

#[test]
fn fmt_int_matches_tostring() {
    let lua = Lua::new();
    let tostring = func(&lua, "return function(x) return tostring(x) end");
    let mut rng = Rng::new(2);
    let mut cases = vec![0, 1, -1, 9, 10, -10, i64::MAX, i64::MIN, i64::MIN + 1];
    cases.extend((0..5_000).map(|_| rng.next() as i64 >> rng.below(64)));
    for &i in &cases {
        let want = lua_string(&tostring.call(i).unwrap());
        assert_eq!(number::fmt_int(i), want);
        let mut buf = Vec::new();
        number::write_int(&mut buf, i);
        assert_eq!(buf, want.as_bytes());
    }
}

/// Numerals that stress each branch of the grammar.
fn numeral_cases(rng: &mut Rng) -> Vec<Vec<u8>> {
    let fixed = [
        "0x7fffffffffffffff",
        "0xffffffffffffffff",
        "0x10000000000000000",
        "9223372036854775807",
        "9223372036854775808",
        "-9223372036854775808",
        "-9223372036854775809",
        "1e",
        "0x",
        "  10  ",
        "1e+",
        ".5",
        "5.",
        "0x.8p1",
        "0xA.8p0",
        "",
        " ",
        ".",
        "-",
        "+",
        "+5",
        "--5",
        "+-5",
        "- 5",
        "0x1p",
        "0x1p+",
        "0x1P-2",
        "0X1E",
        "0x1e",
        "1E5",
        "1e-400",
        "1e400",
        "-1e400",
        "inf",
        "nan",
        "-inf",
        "infinity",
        "0x1p99999999999",
        "0x1p-99999999999",
        "0x.p1",
        "0x.",
        "0x1.",
        "1..2",
        "1.2.3",
        "1e5.5",
        "\t\n\x0b\x0c\r7\r\n",
        "7\0",
        "\x007",
        "0x-1",
        "-0x1",
        "-0x8000000000000000",
        "0x1.fffffffffffff8p0",
        "0x1.fffffffffffff7ffp0",
        "0x1.00000000000008p0",
        "0x1.000000000000080000001p0",
        "0x1.00000000000018p0",
        "0x0.0000000000001p-1022",
        "0x0.00000000000008p-1022",
        "0x0.00000000000008000001p-1022",
        "0x1.fffffffffffffp1023",
        "0x1.fffffffffffff8p1023",
        "0xffffffffffffffffff.8",
        "0x123456789abcdef0123.4p-3",
        "000000000000000000000000000001",
        "-0",
        "-0.0",
        "0e0",
        "1e+05",
        "1_000",
        "1 2",
        "0b101",
        "2.2250738585072011e-308",
        "2.4703282292062327e-324",
        "2.4703282292062328e-324",
        "17976931348623158e292",
        "179769313486231580793728971405301e276",
        "0.1e-999999999999999",
    ];
    let mut out: Vec<Vec<u8>> = fixed.iter().map(|s| s.as_bytes().to_vec()).collect();
    let alphabet = b"0123456789abcdefxXpPeE.+- \t\n";
    for _ in 0..30_000 {
        let len = 1 + rng.below(10) as usize;
        out.push((0..len).map(|_| *rng.pick(alphabet)).collect());
    }
    for _ in 0..10_000 {
        let f = rng.human_float();
        let s = match rng.below(3) {
            0 => format!("{f:e}"),
            1 => format!("{f}"),
            _ => format!("{:.*}", rng.below(25) as usize, f),
        };
        out.push(s.into_bytes());
    }
    // Long mantissas decide rounding far past the 17th digit, in both bases.
    let hex_digits = b"0123456789abcdef";
    for _ in 0..5_000 {
        let mut s = b"0x".to_vec();
        let n = 1 + rng.below(30) as usize;
        let dot = rng.below(n as u64 + 1) as usize;
        for k in 0..n {
            if k == dot {
                s.push(b'.');
            }
            s.push(*rng.pick(hex_digits));
        }
        if rng.below(2) == 0 {
            s.extend(format!("p{}", rng.below(2200) as i64 - 1100).bytes());
        }
        out.push(s);
    }
    for _ in 0..5_000 {
        let n = 1 + rng.below(40) as usize;
        let mut s: Vec<u8> = (0..n).map(|_| b'0' + rng.below(10) as u8).collect();
        s.insert(rng.below(n as u64 + 1) as usize, b'.');
        s.extend(format!("e{}", rng.below(700) as i64 - 350).bytes());
        out.push(s);
    }
    out
}

#[test]
fn str_to_number_matches_tonumber() {
    let lua = Lua::new();
    let tonumber = func(&lua, "return function(s) return tonumber(s) end");
    let mut rng = Rng::new(3);
    let cases = numeral_cases(&mut rng);
    for s in &cases {
        let want = tonumber
            .call::<Value>(lua.create_string(s).unwrap())
            .unwrap();
        let got = number::str_to_number(s);
        let ok = match (&want, got) {
            (Value::Nil, None) => true,
            (Value::Integer(w), Some(Number::Int(g))) => *w == g,
            (Value::Number(w), Some(Number::Float(g))) => same_float(*w, g),
            _ => false,
        };
        assert!(
            ok,
            "tonumber({:?}): reference {want:?}, ours {got:?}",
            String::from_utf8_lossy(s)
        );
    }
}

fn edge_ints(rng: &mut Rng) -> Vec<i64> {
    let mut v = vec![
        0, 1, -1, 2, -2, 3, -3, 5, -5, 7, -7, 63, 64, 65, -63, -64, -65, 100,
    ];
    v.extend([
        i64::MAX,
        i64::MIN,
        i64::MAX - 1,
        i64::MIN + 1,
        1 << 53,
        (1 << 53) + 1,
    ]);
    v.extend([
        -(1 << 53),
        -(1 << 53) - 1,
        1 << 62,
        -(1 << 62),
        1 << 63 >> 1,
    ]);
    v.extend((0..40).map(|_| rng.next() as i64 >> rng.below(64)));
    v
}

#[test]
fn integer_division_modulo_and_shifts_match() {
    let lua = Lua::new();
    let ops = func(
        &lua,
        "return function(a, b)
            local q = b ~= 0 and a // b or 'err'
            local r = b ~= 0 and a % b or 'err'
            return q, r, a << b, a >> b
        end",
    );
    let mut rng = Rng::new(4);
    let ints = edge_ints(&mut rng);
    let mut count = 0;
    for &a in &ints {
        for &b in &ints {
            let got: Vec<Value> = ops
                .call::<MultiValue>((a, b))
                .unwrap()
                .into_iter()
                .collect();
            let as_int = |v: &Value| match v {
                Value::Integer(i) => Some(*i),
                _ => None,
            };
            assert_eq!(number::int_floor_div(a, b), as_int(&got[0]), "{a} // {b}");
            assert_eq!(number::int_mod(a, b), as_int(&got[1]), "{a} % {b}");
            assert_eq!(
                Some(number::shift_left(a, b)),
                as_int(&got[2]),
                "{a} << {b}"
            );
            assert_eq!(
                Some(number::shift_right(a, b)),
                as_int(&got[3]),
                "{a} >> {b}"
            );
            count += 1;
        }
    }
    assert!(count > 4000);
}

#[test]
fn float_arithmetic_matches() {
    let lua = Lua::new();
    let ops = func(
        &lua,
        "return function(a, b) return a // b, a % b, a ^ b end",
    );
    let mut rng = Rng::new(5);
    let mut floats = vec![
        0.0, -0.0, 0.5, -0.5, 1.0, -1.0, 2.0, 3.0, -3.0, 5.5, -5.5, 1e300,
    ];
    floats.extend([
        f64::INFINITY,
        f64::NEG_INFINITY,
        f64::NAN,
        1e-310,
        -2.0,
        0.1,
        7.0,
        1e16,
    ]);
    floats.extend((0..40).map(|_| rng.human_float()));
    for &a in &floats {
        for &b in &floats {
            let (q, r, p): (f64, f64, f64) = ops.call((a, b)).unwrap();
            assert!(
                same_float(number::float_floor_div(a, b), q),
                "{a:e} // {b:e}"
            );
            assert!(
                same_float(number::float_mod(a, b), r),
                "{a:e} % {b:e}: want {r:e}"
            );
            assert!(same_float(number::float_pow(a, b), p), "{a:e} ^ {b:e}");
        }
    }
}

/// Floats around the integer range limits and around large integers, where a naive conversion
/// of the integer to float would round.
fn comparison_floats(rng: &mut Rng) -> Vec<f64> {
    let mut v = edge_floats();
    v.extend([
        9223372036854775807.0,
        9223372036854774784.0,
        -9223372036854775808.0,
    ]);
    v.extend([
        -9223372036854777856.0,
        9007199254740993.0,
        9007199254740994.0,
    ]);
    v.extend((0..60).map(|_| rng.human_float()));
    v.extend((0..30).map(|_| (rng.next() as i64 >> rng.below(12)) as f64));
    v
}

#[test]
fn mixed_comparisons_match() {
    let lua = Lua::new();
    let cmp = func(
        &lua,
        "return function(i, f) return i < f, i <= f, f < i, f <= i, i == f end",
    );
    let mut rng = Rng::new(6);
    let mut ints = edge_ints(&mut rng);
    ints.extend([
        9223372036854775807,
        9223372036854774784,
        9223372036854774785,
    ]);
    ints.extend([9007199254740993, -9007199254740993, 9007199254740995]);
    let floats = comparison_floats(&mut rng);
    for &i in &ints {
        for &f in &floats {
            let want: (bool, bool, bool, bool, bool) = cmp.call((i, f)).unwrap();
            let got = (
                number::lt_int_float(i, f),
                number::le_int_float(i, f),
                number::lt_float_int(f, i),
                number::le_float_int(f, i),
                number::int_eq_float(i, f),
            );
            assert_eq!(got, want, "compare {i} with {f:e}");
        }
    }
}

#[test]
fn float_to_int_modes_match() {
    let lua = Lua::new();
    let conv = func(
        &lua,
        "return function(f)
            local fl, ce = math.floor(f), math.ceil(f)
            return math.tointeger(f),
                   math.type(fl) == 'integer' and fl or nil,
                   math.type(ce) == 'integer' and ce or nil,
                   (pcall(function() return f | 0 end))
        end",
    );
    let mut rng = Rng::new(7);
    let mut floats = comparison_floats(&mut rng);
    floats.extend((0..2000).map(|_| rng.any_float()));
    for &f in &floats {
        let (exact, floor, ceil, bitwise_ok): (Option<i64>, Option<i64>, Option<i64>, bool) =
            conv.call(f).unwrap();
        assert_eq!(
            number::float_to_int(f, F2I::Exact),
            exact,
            "tointeger({f:e})"
        );
        assert_eq!(number::float_to_int_exact(f), exact);
        assert_eq!(number::float_to_int(f, F2I::Floor), floor, "floor({f:e})");
        assert_eq!(number::float_to_int(f, F2I::Ceil), ceil, "ceil({f:e})");
        let strict = number::to_integer_strict(Number::Float(f));
        assert_eq!(strict.is_some(), bitwise_ok, "{f:e} | 0");
        assert_eq!(strict, exact);
    }
    assert_eq!(
        number::to_integer_strict(Number::Int(i64::MIN)),
        Some(i64::MIN)
    );
}
