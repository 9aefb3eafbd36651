//! The operating-system library (manual §6.9). Dates are computed here rather than by the
//! C library: civil-calendar arithmetic, the C locale's `strftime` conversions, and local
//! time from the TZif database (`TZ`, else `/etc/localtime`; UTC when neither is readable).

use super::new_lib;
use crate::error::LuaError;
use crate::heap::HeapBackend;
use crate::value::Value;
use crate::vm::{CallCtx, Vm};
use std::sync::OnceLock;

type R<B> = Result<usize, LuaError<B>>;

pub fn open<B: HeapBackend>(vm: &mut Vm<B>) {
    new_lib(
        vm,
        "os",
        &[
            ("clock", clock),
            ("date", date),
            ("difftime", difftime),
            ("execute", execute),
            ("exit", exit),
            ("getenv", getenv),
            ("remove", remove),
            ("rename", rename),
            ("setlocale", setlocale),
            ("time", time),
            ("tmpname", tmpname),
        ],
    );
}

/// `nil, "name: message", errno` (or `true`) as `luaL_fileresult` returns them.
pub(crate) fn file_result<B: HeapBackend>(
    vm: &mut Vm<B>,
    r: std::io::Result<()>,
    name: Option<&[u8]>,
) -> R<B> {
    match r {
        Ok(()) => {
            vm.push(Value::Bool(true));
            Ok(1)
        }
        Err(e) => push_io_error(vm, &e, name),
    }
}

pub(crate) fn push_io_error<B: HeapBackend>(
    vm: &mut Vm<B>,
    e: &std::io::Error,
    name: Option<&[u8]>,
) -> R<B> {
    let mut msg = Vec::new();
    if let Some(n) = name {
        msg.extend_from_slice(c_str(n));
        msg.extend_from_slice(b": ");
    }
    msg.extend_from_slice(strerror(e).as_bytes());
    vm.push(Value::Nil);
    let s = vm.str(&msg);
    vm.push(s);
    vm.push(Value::Int(e.raw_os_error().unwrap_or(0) as i64));
    Ok(3)
}

/// The C library's text for an error: std renders OS errors as `strerror (os error N)`.
pub(crate) fn strerror(e: &std::io::Error) -> String {
    let s = e.to_string();
    match (e.raw_os_error(), s.rfind(" (os error ")) {
        (Some(_), Some(i)) => s[..i].to_string(),
        _ => s,
    }
}

fn clock<B: HeapBackend>(vm: &mut Vm<B>, _cx: CallCtx) -> R<B> {
    vm.push(Value::Float(cpu_seconds()));
    Ok(1)
}

/// CPU time of the running thread (the interpreter is single-threaded), from the
/// scheduler's nanosecond counter when Linux provides it.
fn cpu_seconds() -> f64 {
    if let Ok(s) = std::fs::read_to_string("/proc/thread-self/schedstat") {
        if let Some(ns) = s
            .split_whitespace()
            .next()
            .and_then(|x| x.parse::<u64>().ok())
        {
            return ns as f64 / 1e9;
        }
    }
    static START: OnceLock<std::time::Instant> = OnceLock::new();
    START
        .get_or_init(std::time::Instant::now)
        .elapsed()
        .as_secs_f64()
}

fn getenv<B: HeapBackend>(vm: &mut Vm<B>, cx: CallCtx) -> R<B> {
    let name = vm.check_str(cx, 0)?;
    let name = vm.lossy(name);
    let v = match std::env::var_os(&name) {
        Some(v) => vm.str(v.to_string_lossy().as_bytes()),
        None => Value::Nil,
    };
    vm.push(v);
    Ok(1)
}

fn path_arg<B: HeapBackend>(vm: &Vm<B>, cx: CallCtx, i: usize) -> Result<Vec<u8>, LuaError<B>> {
    let s = vm.check_str(cx, i)?;
    Ok(vm.str_bytes(s))
}

/// A Lua string as the C library sees it when lua5.4 passes it as a `char *`: up to its
/// first NUL.
pub(crate) fn c_str(b: &[u8]) -> &[u8] {
    &b[..b.iter().position(|&c| c == 0).unwrap_or(b.len())]
}

/// A Lua string as a file name, byte for byte up to a NUL, as `fopen` and `remove` take it.
pub(crate) fn to_path(b: &[u8]) -> std::path::PathBuf {
    use std::os::unix::ffi::OsStrExt;
    std::path::PathBuf::from(std::ffi::OsStr::from_bytes(c_str(b)))
}

fn remove<B: HeapBackend>(vm: &mut Vm<B>, cx: CallCtx) -> R<B> {
    let name = path_arg(vm, cx, 0)?;
    let p = to_path(&name);
    // C's remove() deletes empty directories as well as files.
    let r = match std::fs::symlink_metadata(&p) {
        Ok(m) if m.is_dir() => std::fs::remove_dir(&p),
        _ => std::fs::remove_file(&p),
    };
    file_result(vm, r, Some(&name))
}

fn rename<B: HeapBackend>(vm: &mut Vm<B>, cx: CallCtx) -> R<B> {
    let from = path_arg(vm, cx, 0)?;
    let to = path_arg(vm, cx, 1)?;
    let r = std::fs::rename(to_path(&from), to_path(&to));
    file_result(vm, r, None)
}

fn tmpname<B: HeapBackend>(vm: &mut Vm<B>, _cx: CallCtx) -> R<B> {
    match make_temp_file() {
        Some((name, _file)) => {
            let s = vm.str(name.as_bytes());
            vm.push(s);
            Ok(1)
        }
        None => Err(vm.native_error("unable to generate a unique filename")),
    }
}

/// A new, empty file `/tmp/lua_XXXXXX` that did not exist before (as `mkstemp`).
pub(crate) fn make_temp_file() -> Option<(String, std::fs::File)> {
    use std::sync::atomic::{AtomicU64, Ordering};
    static COUNTER: AtomicU64 = AtomicU64::new(0);
    const ALPHABET: &[u8] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";
    for _ in 0..100 {
        let nanos = std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map(|d| d.as_nanos() as u64)
            .unwrap_or(0);
        let mut x = nanos
            ^ (std::process::id() as u64) << 32
            ^ COUNTER
                .fetch_add(1, Ordering::Relaxed)
                .wrapping_mul(0x9E37_79B9_7F4A_7C15);
        let mut name = String::from("/tmp/lua_");
        for _ in 0..6 {
            name.push(ALPHABET[(x % ALPHABET.len() as u64) as usize] as char);
            x /= ALPHABET.len() as u64;
        }
        let f = std::fs::OpenOptions::new()
            .read(true)
            .write(true)
            .create_new(true)
            .open(&name);
        match f {
            Ok(f) => return Some((name, f)),
            Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => continue,
            Err(_) => return None,
        }
    }
    None
}

fn setlocale<B: HeapBackend>(vm: &mut Vm<B>, cx: CallCtx) -> R<B> {
    let loc = vm.opt_str(cx, 0)?.map(|s| vm.str_bytes(s));
    let cat = vm.opt_str(cx, 1)?.map(|s| vm.str_bytes(s));
    const CATS: [&[u8]; 6] = [
        b"all",
        b"collate",
        b"ctype",
        b"monetary",
        b"numeric",
        b"time",
    ];
    if let Some(c) = &cat {
        if !CATS.contains(&&c[..]) {
            let msg = format!("invalid option '{}'", String::from_utf8_lossy(c));
            return Err(vm.arg_error(1, &msg));
        }
    }
    // Only the C locale exists here; "" selects the environment's, which is C as well.
    let r = match loc.as_deref() {
        None | Some(b"") | Some(b"C") | Some(b"POSIX") => vm.str("C"),
        Some(_) => Value::Nil,
    };
    vm.push(r);
    Ok(1)
}

fn exit<B: HeapBackend>(vm: &mut Vm<B>, cx: CallCtx) -> R<B> {
    let code = match vm.arg(cx, 0) {
        Value::Bool(b) => {
            if b {
                0
            } else {
                1
            }
        }
        _ => vm.opt_int(cx, 0, 0)? as i32,
    };
    if !vm.arg(cx, 1).is_falsy() {
        // Closing the state first, as lua_close does: the main thread's pending
        // to-be-closed variables, then every finalizer.
        if vm.heap.current_thread() == vm.heap.main_thread() {
            // A failing handler has been popped: go on with the others.
            while vm.close_tbc(0).is_err() {}
        }
        vm.close_state();
    }
    super::io::flush_all(vm);
    if let Some(out) = vm.output.take() {
        use std::io::Write;
        let mut so = std::io::stdout();
        let _ = so.write_all(&out);
    }
    let _ = std::io::Write::flush(&mut std::io::stdout());
    std::process::exit(code)
}

/// `os.execute([command])` through `/bin/sh -c`, as C's `system` does.
fn execute<B: HeapBackend>(vm: &mut Vm<B>, cx: CallCtx) -> R<B> {
    let Some(cmd) = vm.opt_str(cx, 0)? else {
        let shell = std::path::Path::new("/bin/sh").exists();
        vm.push(Value::Bool(shell));
        return Ok(1);
    };
    let cmd = to_path(&vm.str_bytes(cmd));
    // The child writes to the same stdout: what Lua wrote so far goes first.
    super::io::flush_all(vm);
    let status = match std::process::Command::new("/bin/sh")
        .arg("-c")
        .arg(&cmd)
        .status()
    {
        Ok(s) => s,
        Err(e) => return push_io_error(vm, &e, None),
    };
    use std::os::unix::process::ExitStatusExt;
    let (what, code) = match (status.code(), status.signal()) {
        (Some(c), _) => ("exit", c),
        (None, Some(sig)) => ("signal", sig),
        (None, None) => ("exit", 1),
    };
    let ok = what == "exit" && code == 0;
    vm.push(if ok { Value::Bool(true) } else { Value::Nil });
    let w = vm.str(what);
    vm.push(w);
    vm.push(Value::Int(code as i64));
    Ok(3)
}

fn difftime<B: HeapBackend>(vm: &mut Vm<B>, cx: CallCtx) -> R<B> {
    let a = vm.check_int(cx, 0)?;
    let b = vm.check_int(cx, 1)?;
    vm.push(Value::Float(a as f64 - b as f64));
    Ok(1)
}

// ---- time and date -----------------------------------------------------------------

/// A broken-down time, as C's `struct tm` (month 0-based, year since 0, not 1900).
#[derive(Clone, Debug, PartialEq)]
struct Tm {
    year: i64,
    mon: i64,
    mday: i64,
    hour: i64,
    min: i64,
    sec: i64,
    wday: i64,
    yday: i64,
    isdst: bool,
    /// Seconds east of UTC, and the zone's abbreviation.
    off: i64,
    zone: String,
}

fn is_leap(y: i64) -> bool {
    y % 4 == 0 && (y % 100 != 0 || y % 400 == 0)
}

/// Days from 1970-01-01 to the given date of the proleptic Gregorian calendar.
fn days_from_civil(y: i64, m: i64, d: i64) -> i64 {
    let y = if m <= 2 { y - 1 } else { y };
    let era = y.div_euclid(400);
    let yoe = y - era * 400;
    let mp = (m + 9) % 12;
    let doy = (153 * mp + 2) / 5 + d - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146_097 + doe - 719_468
}

/// The inverse of [`days_from_civil`]: (year, month 1..=12, day).
fn civil_from_days(z: i64) -> (i64, i64, i64) {
    let z = z + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = doy - (153 * mp + 2) / 5 + 1;
    let m = if mp < 10 { mp + 3 } else { mp - 9 };
    (yoe + era * 400 + i64::from(m <= 2), m, d)
}

/// Break `t` down for a zone `off` seconds east of UTC; `None` if the year does not fit a
/// C `int` as `tm_year` must.
fn breakdown(t: i64, off: i64, isdst: bool, zone: &str) -> Option<Tm> {
    let local = t.checked_add(off)?;
    let days = local.div_euclid(86_400);
    let secs = local.rem_euclid(86_400);
    let (year, month, day) = civil_from_days(days);
    if year - 1900 > i32::MAX as i64 || year - 1900 < i32::MIN as i64 {
        return None;
    }
    Some(Tm {
        year,
        mon: month - 1,
        mday: day,
        hour: secs / 3600,
        min: secs / 60 % 60,
        sec: secs % 60,
        wday: (days + 4).rem_euclid(7),
        yday: days - days_from_civil(year, 1, 1),
        isdst,
        off,
        zone: zone.to_string(),
    })
}

fn gmtime(t: i64) -> Option<Tm> {
    breakdown(t, 0, false, "GMT")
}

fn localtime(t: i64) -> Option<Tm> {
    let (off, dst, abbr) = match zone() {
        Some(z) => z.lookup(t),
        None => (0, false, "UTC".to_string()),
    };
    breakdown(t, off, dst, &abbr)
}

/// `mktime`: the instant of a local broken-down time whose fields may be out of range;
/// `isdst` is the requested daylight-saving flag, `None` to let the zone decide.
fn mktime(
    year: i64,
    mon: i64,
    mday: i64,
    hour: i64,
    min: i64,
    sec: i64,
    isdst: Option<bool>,
) -> Option<i64> {
    let y = year.checked_add(mon.div_euclid(12))?;
    let days = days_from_civil(y, mon.rem_euclid(12) + 1, 1) + mday - 1;
    let local = days * 86_400 + hour * 3600 + min * 60 + sec;
    let Some(z) = zone() else {
        // Plain UTC: asking for daylight time shifts by the customary hour.
        return Some(if isdst == Some(true) {
            local - 3600
        } else {
            local
        });
    };
    thread_local! {
        // glibc starts from the offset its previous mktime used, which decides which
        // of the two instants a repeated hour gets; keep that memory too.
        static GUESS: std::cell::Cell<i64> = const { std::cell::Cell::new(0) };
    }
    let mut t = local - GUESS.with(|g| g.get());
    let mut prev = None;
    for _ in 0..8 {
        let (off, dst, _) = z.lookup(t);
        let next = local - off;
        if next == t {
            break;
        }
        if prev == Some(next) {
            // Oscillating across a skipped hour: take the candidate in daylight time.
            if !dst {
                t = next;
            }
            break;
        }
        prev = Some(t);
        t = next;
    }
    let (_, dst, _) = z.lookup(t);
    if let Some(want) = isdst.filter(|&w| w != dst) {
        // Read the time with the offset of the nearest instant of the requested kind,
        // probing weekly outwards for some eight years as glibc does; failing that,
        // assume the usual one-hour shift.
        const STRIDE: i64 = 601_200;
        let probe = (1..=447)
            .flat_map(|k| [t - k * STRIDE, t + k * STRIDE])
            .map(|p| z.lookup(p))
            .find(|&(_, d, _)| d == want);
        t = match probe {
            Some((off, _, _)) => local - off,
            None if want => t - 3600,
            None => t + 3600,
        };
    }
    GUESS.with(|g| g.set(local - t));
    Some(t)
}

fn now() -> i64 {
    match std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH) {
        Ok(d) => d.as_secs() as i64,
        Err(e) => -(e.duration().as_secs() as i64),
    }
}

fn set_field<B: HeapBackend>(vm: &mut Vm<B>, t: B::Table, k: &str, v: Value<B>) {
    let k = vm.heap.intern(k.as_bytes());
    let _ = vm.heap.set_str(t, k, v);
}

/// Store every field of `tm` into the table `t` (`setallfields`).
fn set_all_fields<B: HeapBackend>(vm: &mut Vm<B>, t: Value<B>, tm: &Tm) -> Result<(), LuaError<B>> {
    let fields = [
        ("year", Value::Int(tm.year)),
        ("month", Value::Int(tm.mon + 1)),
        ("day", Value::Int(tm.mday)),
        ("hour", Value::Int(tm.hour)),
        ("min", Value::Int(tm.min)),
        ("sec", Value::Int(tm.sec)),
        ("yday", Value::Int(tm.yday + 1)),
        ("wday", Value::Int(tm.wday + 1)),
        ("isdst", Value::Bool(tm.isdst)),
    ];
    for (k, v) in fields {
        match t {
            Value::Table(tt) if vm.heap.metatable(tt).is_none() => set_field(vm, tt, k, v),
            _ => {
                let key = vm.str(k);
                vm.set_value(t, key, v)?;
            }
        }
    }
    Ok(())
}

/// A field of a date table (`getfield`): an integer fitting a C `int` after removing
/// `delta`, or `default` when absent (an error when there is none).
fn get_field<B: HeapBackend>(
    vm: &mut Vm<B>,
    t: Value<B>,
    key: &str,
    default: Option<i64>,
    delta: i64,
) -> Result<i64, LuaError<B>> {
    let k = vm.str(key);
    let v = vm.get_value(t, k)?;
    match vm.to_integer(v) {
        Some(n) => {
            let fits = if n >= 0 {
                n - delta <= i32::MAX as i64
            } else {
                i32::MIN as i64 + delta <= n
            };
            if !fits {
                return Err(vm.native_error(&format!("field '{key}' is out-of-bound")));
            }
            Ok(n - delta)
        }
        None if !v.is_nil() => Err(vm.native_error(&format!("field '{key}' is not an integer"))),
        None => {
            default.ok_or_else(|| vm.native_error(&format!("field '{key}' missing in date table")))
        }
    }
}

fn time<B: HeapBackend>(vm: &mut Vm<B>, cx: CallCtx) -> R<B> {
    let t = vm.arg(cx, 0);
    if t.is_nil() {
        vm.push(Value::Int(now()));
        return Ok(1);
    }
    vm.check_table(cx, 0)?;
    let year = get_field(vm, t, "year", None, 1900)? + 1900;
    let mon = get_field(vm, t, "month", None, 1)?;
    let mday = get_field(vm, t, "day", None, 0)?;
    let hour = get_field(vm, t, "hour", Some(12), 0)?;
    let min = get_field(vm, t, "min", Some(0), 0)?;
    let sec = get_field(vm, t, "sec", Some(0), 0)?;
    let isdst_key = vm.str("isdst");
    let isdst = match vm.get_value(t, isdst_key)? {
        Value::Nil => None,
        v => Some(!v.is_falsy()),
    };
    let r = mktime(year, mon, mday, hour, min, sec, isdst).and_then(|r| Some((r, localtime(r)?)));
    // C's mktime reports failure as -1, so that instant cannot be produced either.
    let Some((secs, tm)) = r.filter(|(r, _)| *r != -1) else {
        return Err(vm.native_error("time result cannot be represented in this installation"));
    };
    set_all_fields(vm, t, &tm)?;
    vm.push(Value::Int(secs));
    Ok(1)
}

fn date<B: HeapBackend>(vm: &mut Vm<B>, cx: CallCtx) -> R<B> {
    let fmt = match vm.opt_str(cx, 0)? {
        Some(s) => vm.str_bytes(s),
        None => b"%c".to_vec(),
    };
    let t = if vm.arg(cx, 1).is_nil() {
        now()
    } else {
        vm.check_int(cx, 1)?
    };
    let (utc, fmt) = match fmt.strip_prefix(b"!") {
        Some(rest) => (true, rest),
        None => (false, &fmt[..]),
    };
    let tm = if utc { gmtime(t) } else { localtime(t) };
    let Some(tm) = tm else {
        return Err(vm.native_error("date result cannot be represented in this installation"));
    };
    if fmt == b"*t" {
        let tab = vm.heap.new_table(0, 9);
        set_all_fields(vm, Value::Table(tab), &tm)?;
        vm.push(Value::Table(tab));
        return Ok(1);
    }
    let mut out = Vec::new();
    let mut i = 0;
    while i < fmt.len() {
        if fmt[i] != b'%' {
            out.push(fmt[i]);
            i += 1;
            continue;
        }
        let rest = &fmt[i + 1..];
        let Some(n) = conversion_len(rest) else {
            let msg = format!(
                "invalid conversion specifier '%{}'",
                String::from_utf8_lossy(rest)
            );
            return Err(vm.arg_error(0, &msg));
        };
        // E and O modifiers select alternative forms the C locale does not have.
        strftime_one(&mut out, rest[n - 1], &tm);
        i += 1 + n;
    }
    let s = vm.str(&out);
    vm.push(s);
    Ok(1)
}

/// Length of the conversion at the start of `s` (after its '%') if C99 allows it.
fn conversion_len(s: &[u8]) -> Option<usize> {
    const SINGLE: &[u8] = b"aAbBcCdDeFgGhHIjmMnprRStTuUVwWxXyYzZ%";
    match s {
        [c, ..] if SINGLE.contains(c) => Some(1),
        [b'E', c, ..] if b"cCxXyY".contains(c) => Some(2),
        [b'O', c, ..] if b"deHImMSuUVwWy".contains(c) => Some(2),
        _ => None,
    }
}

const DAYS: [&str; 7] = [
    "Sunday",
    "Monday",
    "Tuesday",
    "Wednesday",
    "Thursday",
    "Friday",
    "Saturday",
];
const MONTHS: [&str; 12] = [
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
];

/// Days since the start of the ISO-8601 week-based year that contains `yday`, or a
/// negative number when `yday` still belongs to the previous one.
fn iso_week_days(yday: i64, wday: i64) -> i64 {
    // Weeks start on Monday; week 1 is the one containing the year's first Thursday.
    let monday_offset = (yday - wday + 1 + 3 + 7 * 60).rem_euclid(7);
    yday - monday_offset + 3
}

/// ISO week-based year and week number.
fn iso_week(tm: &Tm) -> (i64, i64) {
    let mut year = tm.year;
    let mut days = iso_week_days(tm.yday, tm.wday);
    if days < 0 {
        year -= 1;
        let len = if is_leap(year) { 366 } else { 365 };
        days = iso_week_days(tm.yday + len, tm.wday);
    } else {
        let len = if is_leap(year) { 366 } else { 365 };
        let next = iso_week_days(tm.yday - len, tm.wday);
        if next >= 0 {
            year += 1;
            days = next;
        }
    }
    (year, days / 7 + 1)
}

fn strftime_one(out: &mut Vec<u8>, c: u8, tm: &Tm) {
    use std::io::Write;
    let hour12 = if tm.hour % 12 == 0 { 12 } else { tm.hour % 12 };
    let _ = match c {
        b'a' => write!(out, "{}", &DAYS[tm.wday as usize][..3]),
        b'A' => write!(out, "{}", DAYS[tm.wday as usize]),
        b'b' | b'h' => write!(out, "{}", &MONTHS[tm.mon as usize][..3]),
        b'B' => write!(out, "{}", MONTHS[tm.mon as usize]),
        b'c' => {
            for &k in b"a b e H:M:S Y" {
                if k.is_ascii_alphabetic() {
                    strftime_one(out, k, tm);
                } else {
                    out.push(k);
                }
            }
            Ok(())
        }
        b'C' => write!(out, "{:02}", tm.year.div_euclid(100)),
        b'd' => write!(out, "{:02}", tm.mday),
        b'D' | b'x' => write!(
            out,
            "{:02}/{:02}/{:02}",
            tm.mon + 1,
            tm.mday,
            tm.year.rem_euclid(100)
        ),
        b'e' => write!(out, "{:2}", tm.mday),
        b'F' => write!(out, "{}-{:02}-{:02}", tm.year, tm.mon + 1, tm.mday),
        b'g' => write!(out, "{:02}", iso_week(tm).0.rem_euclid(100)),
        b'G' => write!(out, "{}", iso_week(tm).0),
        b'H' => write!(out, "{:02}", tm.hour),
        b'I' => write!(out, "{hour12:02}"),
        b'j' => write!(out, "{:03}", tm.yday + 1),
        b'm' => write!(out, "{:02}", tm.mon + 1),
        b'M' => write!(out, "{:02}", tm.min),
        b'n' => writeln!(out),
        b'p' => write!(out, "{}", if tm.hour < 12 { "AM" } else { "PM" }),
        b'r' => write!(
            out,
            "{hour12:02}:{:02}:{:02} {}",
            tm.min,
            tm.sec,
            if tm.hour < 12 { "AM" } else { "PM" }
        ),
        b'R' => write!(out, "{:02}:{:02}", tm.hour, tm.min),
        b'S' => write!(out, "{:02}", tm.sec),
        b't' => write!(out, "\t"),
        b'T' | b'X' => write!(out, "{:02}:{:02}:{:02}", tm.hour, tm.min, tm.sec),
        b'u' => write!(out, "{}", if tm.wday == 0 { 7 } else { tm.wday }),
        b'U' => write!(out, "{:02}", (tm.yday + 7 - tm.wday) / 7),
        b'V' => write!(out, "{:02}", iso_week(tm).1),
        b'w' => write!(out, "{}", tm.wday),
        b'W' => write!(out, "{:02}", (tm.yday + 7 - (tm.wday + 6) % 7) / 7),
        b'y' => write!(out, "{:02}", tm.year.rem_euclid(100)),
        b'Y' => write!(out, "{}", tm.year),
        b'z' => {
            let sign = if tm.off < 0 { '-' } else { '+' };
            let a = tm.off.abs() / 60;
            write!(out, "{sign}{:02}{:02}", a / 60, a % 60)
        }
        b'Z' => write!(out, "{}", tm.zone),
        _ => write!(out, "%"),
    };
}

// ---- the local time zone -----------------------------------------------------------

/// One kind of local time: offset east of UTC, daylight saving, abbreviation.
#[derive(Clone, Debug, PartialEq)]
struct LocalType {
    off: i64,
    dst: bool,
    abbr: String,
}

/// A POSIX `TZ` rule (`EST5EDT,M3.2.0,M11.1.0`): standard time, and optionally a daylight
/// saving time with the rules for when it starts and ends (local time).
#[derive(Clone, Debug, PartialEq)]
struct PosixRule {
    std: LocalType,
    dst: Option<(LocalType, RuleDate, i64, RuleDate, i64)>,
}

/// When in a year a rule switches: `Jn` (1..=365, no Feb 29), `n` (0..=365), `Mm.w.d`.
#[derive(Clone, Copy, Debug, PartialEq)]
enum RuleDate {
    Julian1(i64),
    Julian0(i64),
    MonthWeekDay(i64, i64, i64),
}

#[derive(Debug)]
struct Zone {
    /// Transition instants with the type in force from each on, ascending.
    transitions: Vec<(i64, usize)>,
    types: Vec<LocalType>,
    /// What applies after the last transition (and with no transitions at all).
    rule: Option<PosixRule>,
}

fn zone() -> Option<&'static Zone> {
    static ZONE: OnceLock<Option<Zone>> = OnceLock::new();
    ZONE.get_or_init(load_zone).as_ref()
}

fn load_zone() -> Option<Zone> {
    match std::env::var("TZ") {
        Ok(tz) => {
            let name = tz.strip_prefix(':').unwrap_or(&tz);
            if name.is_empty() {
                return None;
            }
            let path = if name.starts_with('/') {
                name.to_string()
            } else {
                format!("/usr/share/zoneinfo/{name}")
            };
            if let Ok(data) = std::fs::read(path) {
                return parse_tzif(&data);
            }
            let rule = parse_posix_rule(name.as_bytes())?;
            Some(Zone {
                transitions: Vec::new(),
                types: Vec::new(),
                rule: Some(rule),
            })
        }
        Err(_) => parse_tzif(&std::fs::read("/etc/localtime").ok()?),
    }
}

fn be_i64(b: &[u8], at: usize, wide: bool) -> Option<i64> {
    if wide {
        Some(i64::from_be_bytes(b.get(at..at + 8)?.try_into().ok()?))
    } else {
        Some(i32::from_be_bytes(b.get(at..at + 4)?.try_into().ok()?) as i64)
    }
}

/// Read a TZif file (RFC 8536), preferring the 64-bit data of versions 2 and later.
fn parse_tzif(data: &[u8]) -> Option<Zone> {
    let header = |b: &[u8]| -> Option<[usize; 6]> {
        if b.get(..4)? != b"TZif" {
            return None;
        }
        let mut counts = [0usize; 6];
        for (i, c) in counts.iter_mut().enumerate() {
            *c = be_i64(b, 20 + 4 * i, false)? as usize;
        }
        Some(counts)
    };
    let [isut, isstd, leap, timecnt, typecnt, charcnt] = header(data)?;
    let v1_len = 44 + timecnt * 5 + typecnt * 6 + charcnt + leap * 8 + isstd + isut;
    let (body, wide) = if data[4] >= b'2' {
        (data.get(v1_len..)?, true)
    } else {
        (data, false)
    };
    let [isut, isstd, leap, timecnt, typecnt, charcnt] = header(body)?;
    let tsize = if wide { 8 } else { 4 };
    let mut at = 44;
    let mut transitions = Vec::with_capacity(timecnt);
    for i in 0..timecnt {
        let t = be_i64(body, at + i * tsize, wide)?;
        let ty = *body.get(at + timecnt * tsize + i)? as usize;
        transitions.push((t, ty));
    }
    at += timecnt * (tsize + 1);
    let abbrs = body.get(at + typecnt * 6..at + typecnt * 6 + charcnt)?;
    let mut types = Vec::with_capacity(typecnt);
    for i in 0..typecnt {
        let rec = body.get(at + i * 6..at + i * 6 + 6)?;
        let off = i32::from_be_bytes(rec[..4].try_into().ok()?) as i64;
        let idx = rec[5] as usize;
        let end = abbrs.get(idx..)?.iter().position(|&c| c == 0)? + idx;
        types.push(LocalType {
            off,
            dst: rec[4] != 0,
            abbr: String::from_utf8_lossy(&abbrs[idx..end]).into_owned(),
        });
    }
    if transitions.iter().any(|&(_, ty)| ty >= types.len()) || types.is_empty() {
        return None;
    }
    at += typecnt * 6 + charcnt + leap * (tsize + 4) + isstd + isut;
    let rule = if wide {
        let footer = body.get(at..)?;
        let footer = footer.strip_prefix(b"\n")?;
        let end = footer.iter().position(|&c| c == b'\n')?;
        parse_posix_rule(&footer[..end])
    } else {
        None
    };
    Some(Zone {
        transitions,
        types,
        rule,
    })
}

impl Zone {
    /// Offset, daylight-saving flag and abbreviation in force at instant `t`.
    fn lookup(&self, t: i64) -> (i64, bool, String) {
        let idx = self.transitions.partition_point(|&(at, _)| at <= t);
        let ty = if idx == 0 {
            // Before the first transition: the first standard type (RFC 8536 §3.2).
            if let (true, Some(rule)) = (self.transitions.is_empty(), &self.rule) {
                return rule.lookup(t);
            }
            self.types
                .iter()
                .find(|ty| !ty.dst)
                .unwrap_or(&self.types[0])
        } else if idx == self.transitions.len() && self.rule.is_some() {
            return self.rule.as_ref().map(|r| r.lookup(t)).unwrap_or_default();
        } else {
            &self.types[self.transitions[idx - 1].1]
        };
        (ty.off, ty.dst, ty.abbr.clone())
    }
}

impl PosixRule {
    fn lookup(&self, t: i64) -> (i64, bool, String) {
        let pick = |ty: &LocalType| (ty.off, ty.dst, ty.abbr.clone());
        let Some((dst, start, start_time, end, end_time)) = &self.dst else {
            return pick(&self.std);
        };
        // Like glibc, years before 1970 use 1970's switch instants.
        let year = civil_from_days((t + self.std.off).div_euclid(86_400))
            .0
            .max(1970);
        // Switch instants in UTC: DST starts by standard time and ends by daylight time.
        let on = rule_day(*start, year) * 86_400 + start_time - self.std.off;
        let off = rule_day(*end, year) * 86_400 + end_time - dst.off;
        let in_dst = if on < off {
            on <= t && t < off
        } else {
            !(off <= t && t < on)
        };
        if in_dst {
            pick(dst)
        } else {
            pick(&self.std)
        }
    }
}

/// Day (since the epoch) on which a rule date falls in `year`.
fn rule_day(d: RuleDate, year: i64) -> i64 {
    let jan1 = days_from_civil(year, 1, 1);
    match d {
        RuleDate::Julian1(n) => {
            let leap_skip = i64::from(is_leap(year) && n >= 60);
            jan1 + n - 1 + leap_skip
        }
        RuleDate::Julian0(n) => jan1 + n,
        RuleDate::MonthWeekDay(m, w, wd) => {
            let first = days_from_civil(year, m, 1);
            let first_wd = (first + 4).rem_euclid(7);
            let mut day = first + (wd - first_wd).rem_euclid(7) + (w - 1) * 7;
            let next_month = if m == 12 {
                days_from_civil(year + 1, 1, 1)
            } else {
                days_from_civil(year, m + 1, 1)
            };
            // Week 5 means the last such weekday of the month.
            while day >= next_month {
                day -= 7;
            }
            day
        }
    }
}

/// A small cursor over a POSIX TZ string.
struct Cursor<'a>(&'a [u8]);

impl Cursor<'_> {
    fn peek(&self) -> Option<u8> {
        self.0.first().copied()
    }
    fn eat(&mut self, c: u8) -> bool {
        if self.peek() == Some(c) {
            self.0 = &self.0[1..];
            true
        } else {
            false
        }
    }
    fn number(&mut self) -> Option<i64> {
        let n = self.0.iter().take_while(|c| c.is_ascii_digit()).count();
        if n == 0 {
            return None;
        }
        let v = std::str::from_utf8(&self.0[..n]).ok()?.parse().ok()?;
        self.0 = &self.0[n..];
        Some(v)
    }
    /// `NAME` or `<+03>`.
    fn abbr(&mut self) -> Option<String> {
        let (s, skip) = if self.eat(b'<') {
            let n = self.0.iter().position(|&c| c == b'>')?;
            (&self.0[..n], n + 1)
        } else {
            let n = self
                .0
                .iter()
                .take_while(|c| c.is_ascii_alphabetic())
                .count();
            (&self.0[..n], n)
        };
        if s.len() < 3 {
            return None;
        }
        let out = String::from_utf8_lossy(s).into_owned();
        self.0 = &self.0[skip..];
        Some(out)
    }
    /// `[+-]hh[:mm[:ss]]` in seconds.
    fn time(&mut self) -> Option<i64> {
        let neg = self.eat(b'-');
        if !neg {
            self.eat(b'+');
        }
        let mut secs = self.number()? * 3600;
        if self.eat(b':') {
            secs += self.number()? * 60;
            if self.eat(b':') {
                secs += self.number()?;
            }
        }
        Some(if neg { -secs } else { secs })
    }
    fn date(&mut self) -> Option<(RuleDate, i64)> {
        let d = if self.eat(b'M') {
            let m = self.number()?;
            self.eat(b'.').then_some(())?;
            let w = self.number()?;
            self.eat(b'.').then_some(())?;
            RuleDate::MonthWeekDay(m, w, self.number()?)
        } else if self.eat(b'J') {
            RuleDate::Julian1(self.number()?)
        } else {
            RuleDate::Julian0(self.number()?)
        };
        let t = if self.eat(b'/') { self.time()? } else { 7200 };
        Some((d, t))
    }
}

fn parse_posix_rule(s: &[u8]) -> Option<PosixRule> {
    let mut c = Cursor(s);
    let std_abbr = c.abbr()?;
    // POSIX offsets count west of Greenwich; ours count east.
    let std = LocalType {
        off: -c.time()?,
        dst: false,
        abbr: std_abbr,
    };
    if c.peek().is_none() {
        return Some(PosixRule { std, dst: None });
    }
    let dst_abbr = c.abbr()?;
    let dst_off = match c.peek() {
        Some(b',') | None => std.off + 3600,
        _ => -c.time()?,
    };
    let dst = LocalType {
        off: dst_off,
        dst: true,
        abbr: dst_abbr,
    };
    let (start, st, end, et) = if c.eat(b',') {
        let (start, st) = c.date()?;
        c.eat(b',').then_some(())?;
        let (end, et) = c.date()?;
        (start, st, end, et)
    } else {
        // The historical US default.
        (
            RuleDate::MonthWeekDay(3, 2, 0),
            7200,
            RuleDate::MonthWeekDay(11, 1, 0),
            7200,
        )
    };
    Some(PosixRule {
        std,
        dst: Some((dst, start, st, end, et)),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn civil_calendar_round_trips() {
        for &(y, m, d) in &[
            (1970, 1, 1),
            (2000, 2, 29),
            (1969, 12, 31),
            (-1, 3, 1),
            (2400, 12, 31),
        ] {
            assert_eq!(civil_from_days(days_from_civil(y, m, d)), (y, m, d));
        }
        assert_eq!(days_from_civil(2023, 11, 14), 19675);
    }

    #[test]
    fn posix_rule_switches_at_local_two_am() {
        let r = parse_posix_rule(b"EST5EDT,M3.2.0,M11.1.0").unwrap();
        // 2023-03-12 06:59:59 UTC is 01:59:59 EST; one second later is 03:00 EDT.
        let t = days_from_civil(2023, 3, 12) * 86_400 + 7 * 3600;
        assert_eq!(r.lookup(t - 1).2, "EST");
        assert_eq!(r.lookup(t).2, "EDT");
        assert_eq!(r.lookup(t).0, -4 * 3600);
    }

    #[test]
    fn iso_weeks_at_year_boundaries() {
        // 2021-01-03 (Sunday) is in week 53 of 2020; 2024-12-30 (Monday) in week 1 of 2025.
        let tm = gmtime(days_from_civil(2021, 1, 3) * 86_400).unwrap();
        assert_eq!(iso_week(&tm), (2020, 53));
        let tm = gmtime(days_from_civil(2024, 12, 30) * 86_400).unwrap();
        assert_eq!(iso_week(&tm), (2025, 1));
    }
}
