//! `luatb::stdlib::printf` against the real `string.format` of C Lua 5.4 (embedded through
//! mlua). Cases are generated; expected outputs and error messages come from the reference.

mod numref_util;

use luatb::stdlib::printf::{self, Spec};
use mlua::{Function, Lua, Value};
use numref_util::{edge_floats, Rng};

/// The reference's `pcall(string.format, fmt, arg)`: `Ok(bytes)` or `Err(message)`.
struct Reference {
    lua: Lua,
    format: Function,
}

impl Reference {
    fn new() -> Self {
        let lua = Lua::new();
        let format = lua
            .load("return function(fmt, v) return pcall(string.format, fmt, v) end")
            .eval()
            .unwrap();
        Reference { lua, format }
    }

    fn run(&self, fmt: &[u8], arg: Arg) -> Result<Vec<u8>, String> {
        let fmt = self.lua.create_string(fmt).unwrap();
        let arg = match arg {
            Arg::Int(i) => Value::Integer(i),
            Arg::Float(f) => Value::Number(f),
            Arg::Str(s) => Value::String(self.lua.create_string(s).unwrap()),
            Arg::Nil => Value::Nil,
        };
        let (ok, v): (bool, Value) = self.format.call((fmt, arg)).unwrap();
        let Value::String(s) = v else {
            panic!("string.format gave {v:?}")
        };
        let bytes = s.as_bytes().to_vec();
        if ok {
            Ok(bytes)
        } else {
            Err(String::from_utf8_lossy(&bytes).into_owned())
        }
    }
}

#[derive(Clone, Copy, Debug)]
enum Arg<'a> {
    Int(i64),
    Float(f64),
    Str(&'a [u8]),
    Nil,
}

/// What `string.format` does with one parsed spec and argument, built from the primitives the
/// way the library will use them.
fn ours(spec: &Spec, arg: Arg) -> Vec<u8> {
    let mut out = Vec::new();
    match (spec.conv, arg) {
        (b'%', _) => out.push(b'%'),
        (b'c', Arg::Int(i)) => printf::format_str(&mut out, spec, &[i as u8]),
        (b'd' | b'i' | b'u' | b'o' | b'x' | b'X', Arg::Int(i)) => {
            printf::format_int(&mut out, spec, i)
        }
        (b'q', Arg::Int(i)) => printf::format_quoted_int(&mut out, i),
        (b'q', Arg::Float(f)) => printf::format_quoted_float(&mut out, f),
        (b'q', Arg::Str(s)) => printf::format_quoted_str(&mut out, s),
        (b's', Arg::Str(s)) => printf::format_str(&mut out, spec, s),
        (b'p', Arg::Nil) => printf::format_str(&mut out, spec, b"(null)"),
        (_, Arg::Float(f)) => printf::format_float(&mut out, spec, f),
        other => panic!("no such case {other:?}"),
    }
    out
}

/// Formats `"%" + spec + "|"` both ways; the trailing bar checks the consumed length. Returns
/// whether the spec was valid.
fn check(r: &Reference, spec: &[u8], arg: Arg) -> bool {
    let mut fmt = b"%".to_vec();
    fmt.extend_from_slice(spec);
    fmt.push(b'|');
    let want = r.run(&fmt, arg);
    let got = printf::parse_spec(&fmt[1..]).map(|(s, used)| {
        let mut out = ours(&s, arg);
        out.extend_from_slice(&fmt[1 + used..]);
        out
    });
    let show = String::from_utf8_lossy(&fmt);
    match (&want, &got) {
        (Ok(w), Ok(g)) => assert_eq!(
            String::from_utf8_lossy(g),
            String::from_utf8_lossy(w),
            "format {show:?} with {arg:?}"
        ),
        (Err(w), Err(g)) => assert_eq!(g, w, "error for {show:?}"),
        _ => panic!("format {show:?} with {arg:?}: reference {want:?}, ours {got:?}"),
    }
    want.is_ok()
}

fn flag_sequences() -> Vec<Vec<u8>> {
    let flags = b"-+ #0";
    let mut seqs = vec![Vec::new()];
    for &a in flags {
        seqs.push(vec![a]);
        for &b in flags {
            seqs.push(vec![a, b]);
        }
    }
    seqs
}

const WIDTHS: [&str; 9] = ["", "1", "5", "12", "99", "100", "123", "05", "007"];
const PRECISIONS: [&str; 10] = [
    "", ".", ".0", ".1", ".5", ".12", ".99", ".100", ".-1", ".3.3",
];

fn sample_arg(conv: u8) -> Arg<'static> {
    match conv {
        b'c' => Arg::Int(65),
        b'd' | b'i' | b'u' | b'o' | b'x' | b'X' => Arg::Int(-42),
        b's' => Arg::Str(b"hello"),
        b'q' => Arg::Str(b"a\nb"),
        b'p' => Arg::Nil,
        _ => Arg::Float(-3.25),
    }
}

/// Every flag pair, width and precision shape with every conversion letter (and some that are
/// not), so each validity rule and error message is exercised. Returns the valid specs.
fn spec_grid(r: &Reference) -> Vec<Vec<u8>> {
    let convs = b"diuoxXcspqaAeEfFgGyblhL$%*n";
    let mut valid = Vec::new();
    for flags in flag_sequences() {
        for w in WIDTHS {
            for p in PRECISIONS {
                for conv in convs.iter().map(|&c| Some(c)).chain([None]) {
                    let mut spec = flags.clone();
                    spec.extend_from_slice(w.as_bytes());
                    spec.extend_from_slice(p.as_bytes());
                    spec.extend(conv);
                    if check(r, &spec, sample_arg(conv.unwrap_or(b'f'))) {
                        valid.push(spec);
                    }
                }
            }
        }
    }
    valid
}

#[test]
fn spec_grid_and_values_match() {
    let r = Reference::new();
    let valid = spec_grid(&r);
    assert!(valid.len() > 5_000, "only {} valid specs", valid.len());
    let mut rng = Rng::new(11);
    let ints = [
        0,
        1,
        -1,
        7,
        8,
        255,
        -255,
        4096,
        i64::MAX,
        i64::MIN,
        1 << 53,
        -123456789,
    ];
    let mut floats = edge_floats();
    floats.retain(|_| rng.below(3) == 0);
    floats.extend((0..10).map(|_| rng.human_float()));
    let strings: [&[u8]; 5] = [
        b"",
        b"x",
        b"hello world",
        b"\xff\x01\x80",
        b"0123456789abcdef",
    ];
    let mut checked = 0;
    for spec in &valid {
        match spec.last() {
            Some(b'd' | b'i' | b'u' | b'o' | b'x' | b'X' | b'c') => {
                for &i in &ints {
                    check(&r, spec, Arg::Int(i));
                }
            }
            Some(b's') => {
                for s in strings {
                    check(&r, spec, Arg::Str(s));
                }
            }
            Some(b'p' | b'q') => {}
            _ => {
                for &f in &floats {
                    check(&r, spec, Arg::Float(f));
                }
            }
        }
        checked += 1;
    }
    assert_eq!(checked, valid.len());
}

#[test]
fn every_precision_of_every_float_conversion() {
    let r = Reference::new();
    let mut rng = Rng::new(12);
    let mut floats: Vec<f64> = (0..60).map(|_| rng.human_float()).collect();
    floats.extend((0..20).map(|_| rng.any_float()));
    floats.extend([
        0.5,
        1.5,
        2.5,
        0.125,
        0.375,
        1e15 + 0.5,
        1e100,
        5e-324,
        1.0,
        0.0,
        9.5,
    ]);
    floats.extend([0.95, 0.9999999, 99.5, 999.5e10, 1.0 / 3.0]);
    for conv in [b'e', b'f', b'g', b'a', b'G', b'E'] {
        for prec in 0..=99 {
            for hash in [false, true] {
                let spec = format!("{}.{prec}{}", if hash { "#" } else { "" }, conv as char);
                for &f in &floats {
                    assert!(check(&r, spec.as_bytes(), Arg::Float(f)));
                }
            }
        }
    }
}

const STRS: [&[u8]; 3] = [b"abc", b"", b"a longer string here"];

#[test]
fn random_specs_and_values_match() {
    let r = Reference::new();
    let mut rng = Rng::new(13);
    let mut valid = 0;
    for _ in 0..60_000 {
        let conv = *rng.pick(b"diuoxXcsaAeEfgG");
        let mut spec: Vec<u8> = (0..rng.below(4)).map(|_| *rng.pick(b"-+ #0")).collect();
        if rng.below(3) > 0 {
            spec.extend(rng.below(40).to_string().bytes());
        }
        if rng.below(2) == 0 {
            spec.push(b'.');
            spec.extend(rng.below(40).to_string().bytes());
        }
        spec.push(conv);
        let arg = match conv {
            b'c' => Arg::Int(rng.below(256) as i64),
            b's' => Arg::Str(STRS[rng.below(STRS.len() as u64) as usize]),
            b'a' | b'A' | b'e' | b'E' | b'f' | b'F' | b'g' | b'G' => {
                Arg::Float(if rng.below(2) == 0 {
                    rng.human_float()
                } else {
                    rng.any_float()
                })
            }
            _ => Arg::Int(rng.next() as i64 >> rng.below(64)),
        };
        valid += check(&r, &spec, arg) as usize;
    }
    assert!(valid > 20_000, "only {valid} valid random specs");
}

#[test]
fn spec_length_limit_matches() {
    let r = Reference::new();
    for n in 0..30 {
        for fill in [b"-", b"0", b"5", b"."] {
            let mut spec = fill.repeat(n);
            spec.push(b'd');
            check(&r, &spec, Arg::Int(1));
        }
    }
    assert_eq!(
        printf::parse_spec(b"%").unwrap(),
        (
            Spec {
                conv: b'%',
                ..Spec::default()
            },
            1
        )
    );
}

#[test]
fn quoted_values_match() {
    let r = Reference::new();
    let mut rng = Rng::new(14);
    let alphabet: Vec<u8> = (0..=255u8).chain(*b"0123456789\"\\\n\r\0").collect();
    for _ in 0..5_000 {
        let s: Vec<u8> = (0..rng.below(12)).map(|_| *rng.pick(&alphabet)).collect();
        check(&r, b"q", Arg::Str(&s));
    }
    for i in [0, 1, -1, i64::MAX, i64::MIN, i64::MIN + 1] {
        check(&r, b"q", Arg::Int(i));
    }
    for _ in 0..2_000 {
        check(&r, b"q", Arg::Int(rng.next() as i64 >> rng.below(64)));
    }
    let mut floats = edge_floats();
    floats.extend((0..2_000).map(|_| rng.any_float()));
    floats.extend((0..2_000).map(|_| rng.human_float()));
    for &f in &floats {
        check(&r, b"q", Arg::Float(f));
    }
}

/// Values just below powers of ten, where rounding to the precision carries into a new digit and
/// `%g` changes style (including glibc's "%#.2g" of 99.5 giving "1.e+02").
#[test]
fn rounding_carry_boundaries_match() {
    let r = Reference::new();
    let mut floats = Vec::new();
    for k in -7..22 {
        for j in 1..18 {
            let p = 10f64.powi(k);
            floats.extend([
                p * (1.0 - 10f64.powi(-j)),
                p * (1.0 - 5.0 * 10f64.powi(-j - 1)),
            ]);
        }
    }
    let mut n = 0;
    for conv in ["g", "e", "f", "G"] {
        for prec in 0..20 {
            for flags in ["", "#", "+#", "0#"] {
                let spec = format!("{flags}25.{prec}{conv}");
                for &f in &floats {
                    assert!(check(&r, spec.as_bytes(), Arg::Float(f)));
                    n += 1;
                }
            }
        }
    }
    assert!(n > 100_000);
}
