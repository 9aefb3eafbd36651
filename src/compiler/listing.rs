//! A bytecode listing in the format of `luac -l` (and `luac -l -l` when `full`). Function
//! addresses are stand-ins: each function gets a stable fake pointer.

use crate::opcode::{Instruction, OpCode, MAX_C};
use crate::proto::{Constant, Proto};
use crate::tagmethod::TagMethod;
use std::fmt::Write;

pub fn listing(p: &Proto, full: bool) -> String {
    let mut out = String::new();
    let mut next_id = 0;
    print_function(&mut out, p, full, &mut next_id);
    out
}

fn address(id: usize) -> String {
    format!("0x{:012x}", 0x5555_0000_0000usize + id * 0x100)
}

fn plural(n: usize) -> &'static str {
    if n == 1 {
        ""
    } else {
        "s"
    }
}

fn print_function(out: &mut String, p: &Proto, full: bool, next_id: &mut usize) {
    let id = *next_id;
    *next_id += 1;
    // Children are numbered before printing so CLOSURE comments can name them.
    let first_child = *next_id;
    let mut child_ids = Vec::with_capacity(p.protos.len());
    let mut n = first_child;
    for c in &p.protos {
        child_ids.push(n);
        n += count(c);
    }
    print_header(out, p, id);
    print_code(out, p, &child_ids);
    if full {
        print_debug(out, p, id);
    }
    for c in &p.protos {
        print_function(out, c, full, next_id);
    }
}

fn count(p: &Proto) -> usize {
    1 + p.protos.iter().map(count).sum::<usize>()
}

fn print_header(out: &mut String, p: &Proto, id: usize) {
    let s = &*p.source;
    let name = if let Some(rest) = s.strip_prefix(b"@").or_else(|| s.strip_prefix(b"=")) {
        String::from_utf8_lossy(rest)
    } else if s.starts_with(b"\x1b") {
        "(bstring)".into()
    } else {
        "(string)".into()
    };
    let n = p.code.len();
    let _ = writeln!(
        out,
        "\n{} <{}:{},{}> ({} instruction{} at {})",
        if p.line_defined == 0 {
            "main"
        } else {
            "function"
        },
        name,
        p.line_defined,
        p.last_line_defined,
        n,
        plural(n),
        address(id)
    );
    let np = p.num_params as usize;
    let _ = write!(
        out,
        "{}{} param{}, {} slot{}, {} upvalue{}, ",
        np,
        if p.is_vararg { "+" } else { "" },
        plural(np),
        p.max_stack,
        plural(p.max_stack as usize),
        p.upvalues.len(),
        plural(p.upvalues.len())
    );
    let _ = writeln!(
        out,
        "{} local{}, {} constant{}, {} function{}",
        p.loc_vars.len(),
        plural(p.loc_vars.len()),
        p.constants.len(),
        plural(p.constants.len()),
        p.protos.len(),
        plural(p.protos.len())
    );
}

/// `%.14g`, as Lua prints floats.
pub(crate) fn fmt_g14(f: f64) -> String {
    if f.is_nan() {
        return if f.is_sign_negative() { "-nan" } else { "nan" }.into();
    }
    if f.is_infinite() {
        return if f < 0.0 { "-inf" } else { "inf" }.into();
    }
    if f == 0.0 {
        return if f.is_sign_negative() { "-0" } else { "0" }.into();
    }
    let e = format!("{:.13e}", f);
    let (mant, exp) = e.split_once('e').expect("exponent");
    let exp: i32 = exp.parse().expect("exponent digits");
    if (-4..14).contains(&exp) {
        let decimals = (13 - exp).max(0) as usize;
        let s = format!("{:.*}", decimals, f);
        strip_zeros(&s).to_string()
    } else {
        let m = strip_zeros(mant);
        format!("{}e{}{:02}", m, if exp < 0 { '-' } else { '+' }, exp.abs())
    }
}

fn strip_zeros(s: &str) -> &str {
    if s.contains('.') {
        s.trim_end_matches('0').trim_end_matches('.')
    } else {
        s
    }
}

fn constant(p: &Proto, i: usize) -> String {
    match p.constants.get(i) {
        None => "?".into(),
        Some(Constant::Nil) => "nil".into(),
        Some(Constant::Bool(b)) => b.to_string(),
        Some(Constant::Int(i)) => i.to_string(),
        Some(Constant::Float(f)) => {
            let s = fmt_g14(*f);
            if s.bytes().all(|c| c == b'-' || c.is_ascii_digit()) {
                format!("{s}.0")
            } else {
                s
            }
        }
        Some(Constant::Str(s)) => quote(s),
    }
}

fn quote(s: &[u8]) -> String {
    let mut o = String::from("\"");
    for &c in s {
        match c {
            b'"' => o.push_str("\\\""),
            b'\\' => o.push_str("\\\\"),
            7 => o.push_str("\\a"),
            8 => o.push_str("\\b"),
            12 => o.push_str("\\f"),
            b'\n' => o.push_str("\\n"),
            b'\r' => o.push_str("\\r"),
            b'\t' => o.push_str("\\t"),
            11 => o.push_str("\\v"),
            0x20..=0x7e => o.push(c as char),
            _ => {
                let _ = write!(o, "\\{c:03}");
            }
        }
    }
    o.push('"');
    o
}

fn upvalue_name(p: &Proto, i: usize) -> &str {
    p.upvalues.get(i).map_or("-", |u| &*u.name)
}

fn event(c: usize) -> &'static str {
    TagMethod::from_u8(c as u8).map_or("?", TagMethod::name)
}

fn print_code(out: &mut String, p: &Proto, child_ids: &[usize]) {
    for (pc, &i) in p.code.iter().enumerate() {
        let line = p.line_info.get(pc).copied().unwrap_or(0);
        let _ = write!(out, "\t{}\t", pc + 1);
        if line > 0 {
            let _ = write!(out, "[{line}]\t");
        } else {
            out.push_str("[-]\t");
        }
        let _ = write!(out, "{:<9}\t", i.opcode().name());
        let next = p.code.get(pc + 1).copied();
        out.push_str(&operands(p, pc, i, next, child_ids));
        out.push('\n');
    }
}

/// Operands and `; comment` of one instruction, as luac prints them.
fn operands(
    p: &Proto,
    pc: usize,
    i: Instruction,
    next: Option<Instruction>,
    child_ids: &[usize],
) -> String {
    use OpCode::*;
    let (a, b, c, k) = (i.a(), i.b(), i.c(), i.k());
    let (sb, sc, bx, sbx) = (i.sb(), i.sc(), i.bx(), i.sbx());
    let isk = if k { "k" } else { "" };
    let extra = next
        .filter(|n| n.opcode() == ExtraArg)
        .map_or(0, |n| n.ax());
    let extrac = extra * (MAX_C as usize + 1);
    let kc = |idx: usize| constant(p, idx);
    let pcx = pc as i64;
    match i.opcode() {
        Move => format!("{a} {b}"),
        LoadI | LoadF => format!("{a} {sbx}"),
        LoadK => format!("{a} {bx}\t; {}", kc(bx)),
        LoadKX => format!("{a}\t; {}", kc(extra)),
        LoadFalse | LFalseSkip | LoadTrue => format!("{a}"),
        LoadNil => format!("{a} {b}\t; {} out", b + 1),
        GetUpval | SetUpval => format!("{a} {b}\t; {}", upvalue_name(p, b)),
        GetTabUp => format!("{a} {b} {c}\t; {} {}", upvalue_name(p, b), kc(c)),
        GetTable | GetI => format!("{a} {b} {c}"),
        GetField => format!("{a} {b} {c}\t; {}", kc(c)),
        SetTabUp => {
            let mut s = format!("{a} {b} {c}{isk}\t; {} {}", upvalue_name(p, a), kc(b));
            if k {
                s.push_str(&format!(" {}", kc(c)));
            }
            s
        }
        SetTable | SetI => {
            let mut s = format!("{a} {b} {c}{isk}");
            if k {
                s.push_str(&format!("\t; {}", kc(c)));
            }
            s
        }
        SetField => {
            let mut s = format!("{a} {b} {c}{isk}\t; {}", kc(b));
            if k {
                s.push_str(&format!(" {}", kc(c)));
            }
            s
        }
        NewTable => format!("{a} {b} {c}\t; {}", c + extrac),
        Self_ => {
            let mut s = format!("{a} {b} {c}{isk}");
            if k {
                s.push_str(&format!("\t; {}", kc(c)));
            }
            s
        }
        AddI | ShrI | ShlI => format!("{a} {b} {sc}"),
        AddK | SubK | MulK | ModK | PowK | DivK | IDivK | BAndK | BOrK | BXorK => {
            format!("{a} {b} {c}\t; {}", kc(c))
        }
        Add | Sub | Mul | Mod | Pow | Div | IDiv | BAnd | BOr | BXor | Shl | Shr => {
            format!("{a} {b} {c}")
        }
        MmBin => format!("{a} {b} {c}\t; {}", event(c)),
        MmBinI => format!(
            "{a} {sb} {c} {}\t; {}{}",
            k as u8,
            event(c),
            if k { " flip" } else { "" }
        ),
        MmBinK => format!(
            "{a} {b} {c} {}\t; {} {}{}",
            k as u8,
            event(c),
            kc(b),
            if k { " flip" } else { "" }
        ),
        Unm | BNot | Not | Len | Concat => format!("{a} {b}"),
        Close | Tbc => format!("{a}"),
        Jmp => format!("{}\t; to {}", i.sj(), i.sj() as i64 + pcx + 2),
        Eq | Lt | Le => format!("{a} {b} {}", k as u8),
        EqK => format!("{a} {b} {}\t; {}", k as u8, kc(b)),
        EqI | LtI | LeI | GtI | GeI => format!("{a} {sb} {}", k as u8),
        Test => format!("{a} {}", k as u8),
        TestSet => format!("{a} {b} {}", k as u8),
        Call => format!(
            "{a} {b} {c}\t; {} in {}",
            if b == 0 {
                "all".to_string()
            } else {
                (b - 1).to_string()
            },
            if c == 0 {
                "all out".to_string()
            } else {
                format!("{} out", c - 1)
            }
        ),
        TailCall => format!("{a} {b} {c}{isk}\t; {} in", b as i64 - 1),
        Return => format!(
            "{a} {b} {c}{isk}\t; {}",
            if b == 0 {
                "all out".to_string()
            } else {
                format!("{} out", b - 1)
            }
        ),
        Return0 => String::new(),
        Return1 => format!("{a}"),
        ForLoop | TForLoop => format!("{a} {bx}\t; to {}", pcx - bx as i64 + 2),
        ForPrep => format!("{a} {bx}\t; exit to {}", pcx + bx as i64 + 3),
        TForPrep => format!("{a} {bx}\t; to {}", pcx + bx as i64 + 2),
        TForCall => format!("{a} {c}"),
        SetList => {
            let mut s = format!("{a} {b} {c}");
            if k {
                s.push_str(&format!("\t; {}", c + extrac));
            }
            s
        }
        Closure => format!(
            "{a} {bx}\t; {}",
            child_ids.get(bx).map_or("?".to_string(), |&id| address(id))
        ),
        VarArg => format!(
            "{a} {c}\t; {}",
            if c == 0 {
                "all out".to_string()
            } else {
                format!("{} out", c - 1)
            }
        ),
        VarArgPrep => format!("{a}"),
        ExtraArg => format!("{}", i.ax()),
    }
}

fn print_debug(out: &mut String, p: &Proto, id: usize) {
    let addr = address(id);
    let _ = writeln!(out, "constants ({}) for {}:", p.constants.len(), addr);
    for (i, c) in p.constants.iter().enumerate() {
        let tag = match c {
            Constant::Nil => "N",
            Constant::Bool(_) => "B",
            Constant::Int(_) => "I",
            Constant::Float(_) => "F",
            Constant::Str(_) => "S",
        };
        let _ = writeln!(out, "\t{}\t{}\t{}", i, tag, constant(p, i));
    }
    let _ = writeln!(out, "locals ({}) for {}:", p.loc_vars.len(), addr);
    for (i, v) in p.loc_vars.iter().enumerate() {
        let _ = writeln!(
            out,
            "\t{}\t{}\t{}\t{}",
            i,
            v.name,
            v.start_pc + 1,
            v.end_pc + 1
        );
    }
    let _ = writeln!(out, "upvalues ({}) for {}:", p.upvalues.len(), addr);
    for (i, u) in p.upvalues.iter().enumerate() {
        let _ = writeln!(
            out,
            "\t{}\t{}\t{}\t{}",
            i, u.name, u.in_stack as u8, u.index
        );
    }
}
