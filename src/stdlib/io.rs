//! The input/output library (manual §6.8). A file is a userdata holding an [`LFile`]
//! with its own read-ahead and write buffers; `io.stdout` writes through the VM's output
//! sink, the same one `print` uses, so captured output keeps its order.

use super::os::{make_temp_file, push_io_error, strerror, to_path};
use crate::error::LuaError;
use crate::function::{FunctionObj, NativeClosure};
use crate::heap::HeapBackend;
use crate::number::{self, Number};
use crate::value::{Key, Value};
use crate::vm::{CallCtx, NativeFn, Vm};
use std::fs::File;
use std::io::{self, Read, Seek, SeekFrom, Write};

type R<B> = Result<usize, LuaError<B>>;

const REG_META: &[u8] = b"FILE*";
const REG_INPUT: &[u8] = b"_IO_input";
const REG_OUTPUT: &[u8] = b"_IO_output";
const REG_OPEN: &[u8] = b"_IO_open";
/// Most formats a `lines` iterator may carry (as 5.4's MAXARGLINE).
const MAX_LINE_ARGS: usize = 250;
/// Longest numeral `read("n")` looks at (L_MAXLENNUM).
const MAX_NUMERAL: usize = 200;
const CHUNK: usize = 8192;

pub fn open<B: HeapBackend>(vm: &mut Vm<B>) {
    let io = super::new_lib(
        vm,
        "io",
        &[
            ("close", io_close),
            ("flush", io_flush),
            ("input", io_input),
            ("lines", io_lines),
            ("open", io_open),
            ("output", io_output),
            ("popen", io_popen),
            ("read", io_read),
            ("tmpfile", io_tmpfile),
            ("type", io_type),
            ("write", io_write),
        ],
    );
    let methods: &[(&str, NativeFn<B>)] = &[
        ("close", f_close),
        ("flush", f_flush),
        ("lines", f_lines),
        ("read", f_read),
        ("seek", f_seek),
        ("setvbuf", f_setvbuf),
        ("write", f_write),
    ];
    let index = vm.heap.new_table(0, methods.len());
    for (n, f) in methods {
        super::set_fn(vm, index, n, *f);
    }
    let mt = vm.heap.new_table(0, 6);
    let metas: &[(&str, NativeFn<B>)] = &[
        ("__close", f_gc),
        ("__gc", f_gc),
        ("__tostring", f_tostring),
    ];
    for (n, f) in metas {
        super::set_fn(vm, mt, n, *f);
    }
    set(vm, mt, b"__index", Value::Table(index));
    let name = vm.str("FILE*");
    set(vm, mt, b"__name", name);
    set(vm, vm.registry(), REG_META, Value::Table(mt));
    let std_files = [
        (Kind::Stdin, "stdin", Some(REG_INPUT)),
        (Kind::Stdout, "stdout", Some(REG_OUTPUT)),
        (Kind::Stderr, "stderr", None),
    ];
    for (kind, field, reg) in std_files {
        let mut lf = LFile::new(kind, None, kind == Kind::Stdin, kind != Kind::Stdin);
        if kind == Kind::Stderr {
            // C's stderr is unbuffered.
            lf.buffering = Buffering::No;
        }
        let f = new_file(vm, lf);
        set(vm, io, field.as_bytes(), f);
        if let Some(r) = reg {
            set(vm, vm.registry(), r, f);
        }
    }
}

fn set<B: HeapBackend>(vm: &Vm<B>, t: B::Table, k: &[u8], v: Value<B>) {
    let k = vm.heap.intern(k);
    let _ = vm.heap.set_str(t, k, v);
}

fn get<B: HeapBackend>(vm: &Vm<B>, t: B::Table, k: &[u8]) -> Value<B> {
    vm.heap.get_str(t, vm.heap.intern(k))
}

// ---- the file object ---------------------------------------------------------------

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Kind {
    Stdin,
    Stdout,
    Stderr,
    Regular,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Buffering {
    No,
    Full,
    Line,
}

/// An open (or closed) stream. Reads come from `rbuf[rpos..]` first; writes collect in
/// `wbuf`. Only one of the two is ever non-empty: switching direction flushes the
/// writes or gives back the read-ahead, so the OS file position stays meaningful.
pub(crate) struct LFile {
    kind: Kind,
    file: Option<File>,
    closed: bool,
    /// What the open mode allows; the other direction fails with EBADF, as in C.
    readable: bool,
    writable: bool,
    rbuf: Vec<u8>,
    rpos: usize,
    wbuf: Vec<u8>,
    buffering: Buffering,
}

impl Drop for LFile {
    fn drop(&mut self) {
        let _ = self.flush();
    }
}

fn ebadf() -> io::Error {
    io::Error::from_raw_os_error(9)
}

impl LFile {
    fn new(kind: Kind, file: Option<File>, readable: bool, writable: bool) -> Self {
        LFile {
            kind,
            file,
            closed: false,
            readable,
            writable,
            rbuf: Vec::new(),
            rpos: 0,
            wbuf: Vec::new(),
            buffering: Buffering::Full,
        }
    }

    fn flush(&mut self) -> io::Result<()> {
        if self.wbuf.is_empty() {
            return Ok(());
        }
        let data = std::mem::take(&mut self.wbuf);
        match (&mut self.file, self.kind) {
            (Some(f), _) => f.write_all(&data),
            (None, Kind::Stderr) => io::stderr().write_all(&data),
            _ => Err(ebadf()),
        }
    }

    /// Give back unread read-ahead by moving the OS position to where the reader is.
    fn drop_readahead(&mut self) -> io::Result<()> {
        let unread = self.rbuf.len() - self.rpos;
        self.rbuf.clear();
        self.rpos = 0;
        if unread > 0 {
            if let Some(f) = &mut self.file {
                f.seek(SeekFrom::Current(-(unread as i64)))?;
            }
        }
        Ok(())
    }

    /// Make sure some unread bytes are buffered; false at end of file.
    fn fill(&mut self) -> io::Result<bool> {
        if self.rpos < self.rbuf.len() {
            return Ok(true);
        }
        self.flush()?;
        if !self.readable {
            return Err(ebadf());
        }
        self.rbuf.resize(CHUNK, 0);
        self.rpos = 0;
        let n = match (&mut self.file, self.kind) {
            (Some(f), _) => f.read(&mut self.rbuf),
            (None, Kind::Stdin) => io::stdin().read(&mut self.rbuf),
            _ => Err(ebadf()),
        };
        let n = match n {
            Ok(n) => n,
            Err(e) => {
                self.rbuf.clear();
                return Err(e);
            }
        };
        self.rbuf.truncate(n);
        Ok(n > 0)
    }

    fn peek(&mut self) -> io::Result<Option<u8>> {
        Ok(if self.fill()? {
            Some(self.rbuf[self.rpos])
        } else {
            None
        })
    }

    fn write(&mut self, data: &[u8]) -> io::Result<()> {
        self.drop_readahead()?;
        if !self.writable {
            return Err(ebadf());
        }
        self.wbuf.extend_from_slice(data);
        let due = match self.buffering {
            Buffering::No => true,
            Buffering::Line => data.contains(&b'\n'),
            Buffering::Full => self.wbuf.len() >= CHUNK,
        };
        if due {
            self.flush()?;
        }
        Ok(())
    }

    /// A line, without (or, with `keep_nl`, with) its newline; `None` at end of file.
    fn read_line(&mut self, keep_nl: bool) -> io::Result<Option<Vec<u8>>> {
        let mut out = Vec::new();
        while self.fill()? {
            let avail = &self.rbuf[self.rpos..];
            if let Some(i) = avail.iter().position(|&c| c == b'\n') {
                out.extend_from_slice(&avail[..i + usize::from(keep_nl)]);
                self.rpos += i + 1;
                return Ok(Some(out));
            }
            out.extend_from_slice(avail);
            self.rpos = self.rbuf.len();
        }
        Ok(if out.is_empty() { None } else { Some(out) })
    }

    fn read_chars(&mut self, n: u64) -> io::Result<Option<Vec<u8>>> {
        let mut out = Vec::new();
        while (out.len() as u64) < n && self.fill()? {
            let want = (n - out.len() as u64).min((self.rbuf.len() - self.rpos) as u64) as usize;
            out.extend_from_slice(&self.rbuf[self.rpos..self.rpos + want]);
            self.rpos += want;
        }
        Ok(if out.is_empty() { None } else { Some(out) })
    }

    fn read_all(&mut self) -> io::Result<Vec<u8>> {
        let mut out = Vec::new();
        while self.fill()? {
            out.extend_from_slice(&self.rbuf[self.rpos..]);
            self.rpos = self.rbuf.len();
        }
        Ok(out)
    }

    /// The longest prefix of the input that can start a numeral (at most 200 bytes,
    /// beyond which the numeral is invalid), parsed; one byte of look-ahead stays unread.
    fn read_number(&mut self) -> io::Result<Option<Number>> {
        while let Some(c) = self.peek()? {
            if !c.is_ascii_whitespace() && c != 0x0b {
                break;
            }
            self.rpos += 1;
        }
        let mut buf = Vec::new();
        let mut overflow = false;
        // Take the next byte if it is in `set`.
        let mut take = |f: &mut Self, set: &dyn Fn(u8) -> bool| -> io::Result<bool> {
            match f.peek()? {
                Some(c) if set(c) => {
                    if buf.len() >= MAX_NUMERAL {
                        overflow = true;
                        return Ok(false);
                    }
                    buf.push(c);
                    f.rpos += 1;
                    Ok(true)
                }
                _ => Ok(false),
            }
        };
        take(self, &|c| c == b'-' || c == b'+')?;
        let mut digits = 0;
        let mut hex = false;
        if take(self, &|c| c == b'0')? {
            if take(self, &|c| c == b'x' || c == b'X')? {
                hex = true;
            } else {
                digits = 1;
            }
        }
        let is_digit = move |c: u8| {
            if hex {
                c.is_ascii_hexdigit()
            } else {
                c.is_ascii_digit()
            }
        };
        while take(self, &is_digit)? {
            digits += 1;
        }
        if take(self, &|c| c == b'.')? {
            while take(self, &is_digit)? {
                digits += 1;
            }
        }
        let exp = if hex { [b'p', b'P'] } else { [b'e', b'E'] };
        if digits > 0 && take(self, &|c| exp.contains(&c))? {
            take(self, &|c| c == b'-' || c == b'+')?;
            while take(self, &|c: u8| c.is_ascii_digit())? {}
        }
        if overflow {
            return Ok(None);
        }
        Ok(number::str_to_number(&buf))
    }

    fn seek(&mut self, whence: SeekFrom) -> io::Result<u64> {
        self.flush()?;
        let f = self
            .file
            .as_mut()
            .ok_or_else(|| io::Error::from_raw_os_error(29))?;
        let unread = (self.rbuf.len() - self.rpos) as i64;
        self.rbuf.clear();
        self.rpos = 0;
        let whence = match whence {
            SeekFrom::Current(off) => SeekFrom::Current(off - unread),
            w => w,
        };
        f.seek(whence)
    }

    fn close(&mut self) -> io::Result<()> {
        let r = self.flush();
        self.closed = true;
        self.file = None;
        r
    }
}

fn new_file<B: HeapBackend>(vm: &mut Vm<B>, f: LFile) -> Value<B> {
    let regular = f.kind == Kind::Regular;
    let u = vm.heap.new_userdata(Box::new(f));
    if let Value::Table(mt) = get(vm, vm.registry(), REG_META) {
        vm.heap.set_userdata_metatable(u, Some(mt));
    }
    if regular {
        // os.exit skips destructors, yet C's exit flushes every open stream: remember
        // the files (weakly, so that they can still be collected) to flush them there.
        let open = open_files(vm);
        let _ = vm.heap.set(
            open,
            Key::new(Value::Userdata(u)).expect("userdata key"),
            Value::Bool(true),
        );
    }
    Value::Userdata(u)
}

/// The weak-keyed set of files opened so far.
fn open_files<B: HeapBackend>(vm: &Vm<B>) -> B::Table {
    if let Value::Table(t) = get(vm, vm.registry(), REG_OPEN) {
        return t;
    }
    let t = vm.heap.new_table(0, 4);
    let mt = vm.heap.new_table(0, 1);
    set(vm, mt, b"__mode", vm.str("k"));
    vm.heap.set_metatable(t, Some(mt));
    set(vm, vm.registry(), REG_OPEN, Value::Table(t));
    t
}

/// Lend the file inside `v` to `f`, or `None` when `v` is not a file.
fn with_file<B: HeapBackend, T>(
    vm: &Vm<B>,
    v: Value<B>,
    f: impl FnOnce(&mut LFile) -> T,
) -> Option<T> {
    match v {
        Value::Userdata(u) => vm
            .heap
            .with_userdata(u, |a| a.downcast_mut::<LFile>().map(f)),
        _ => None,
    }
}

/// Argument `i` as a file handle, open or closed (`luaL_checkudata`).
fn check_handle<B: HeapBackend>(
    vm: &Vm<B>,
    cx: CallCtx,
    i: usize,
) -> Result<(Value<B>, bool), LuaError<B>> {
    let v = vm.arg(cx, i);
    match with_file(vm, v, |f| f.closed) {
        Some(closed) => Ok((v, closed)),
        None => Err(vm.arg_type_error(i, "FILE*", v, i < cx.nargs)),
    }
}

/// Argument `i` as an open file (`tofile`).
fn check_open<B: HeapBackend>(vm: &Vm<B>, cx: CallCtx, i: usize) -> Result<Value<B>, LuaError<B>> {
    match check_handle(vm, cx, i)? {
        (_, true) => Err(vm.native_error("attempt to use a closed file")),
        (v, false) => Ok(v),
    }
}

/// The default input or output file, which must be open.
fn default_file<B: HeapBackend>(vm: &Vm<B>, reg: &[u8]) -> Result<Value<B>, LuaError<B>> {
    let v = get(vm, vm.registry(), reg);
    if with_file(vm, v, |f| f.closed) == Some(false) {
        return Ok(v);
    }
    let which = if reg == REG_INPUT { "input" } else { "output" };
    Err(vm.native_error(&format!("default {which} file is closed")))
}

fn kind_of<B: HeapBackend>(vm: &Vm<B>, v: Value<B>) -> Kind {
    with_file(vm, v, |f| f.kind).unwrap_or(Kind::Regular)
}

/// Flush the default output and standard output (for `os.exit`).
pub(crate) fn flush_all<B: HeapBackend>(vm: &mut Vm<B>) {
    let out = get(vm, vm.registry(), REG_OUTPUT);
    let _ = with_file(vm, out, |f| f.flush());
    let open = open_files(vm);
    let mut k = Value::Nil;
    while let Ok(Some((file, _))) = vm.heap.next(open, k) {
        let _ = with_file(vm, file, |f| f.flush());
        k = file;
    }
}

// ---- opening and closing -----------------------------------------------------------

/// `r`, `w` or `a`, an optional `+`, then any number of `b`: how to open, and whether
/// the stream reads and writes.
fn parse_mode(m: &[u8]) -> Option<(std::fs::OpenOptions, bool, bool)> {
    let (&first, rest) = m.split_first()?;
    let (plus, rest) = match rest.strip_prefix(b"+") {
        Some(r) => (true, r),
        None => (false, rest),
    };
    if !rest.iter().all(|&c| c == b'b') {
        return None;
    }
    let mut o = std::fs::OpenOptions::new();
    match first {
        b'r' => o.read(true).write(plus),
        b'w' => o.write(true).create(true).truncate(true).read(plus),
        b'a' => o.append(true).create(true).read(plus),
        _ => return None,
    };
    Some((o, first == b'r' || plus, first != b'r' || plus))
}

fn open_path(name: &[u8], mode: &[u8]) -> io::Result<LFile> {
    let (o, r, w) = parse_mode(mode).ok_or_else(|| io::Error::from_raw_os_error(22))?;
    let f = o.open(to_path(name))?;
    Ok(LFile::new(Kind::Regular, Some(f), r, w))
}

fn io_open<B: HeapBackend>(vm: &mut Vm<B>, cx: CallCtx) -> R<B> {
    let name = vm.check_str(cx, 0)?;
    let name = vm.str_bytes(name);
    let mode = match vm.opt_str(cx, 1)? {
        Some(m) => vm.str_bytes(m),
        None => b"r".to_vec(),
    };
    if parse_mode(&mode).is_none() {
        return Err(vm.arg_error(1, "invalid mode"));
    }
    match open_path(&name, &mode) {
        Ok(f) => {
            let v = new_file(vm, f);
            vm.push(v);
            Ok(1)
        }
        Err(e) => push_io_error(vm, &e, Some(&name)),
    }
}

/// Open a file or raise `cannot open file` (for `io.lines`, `io.input`, `io.output`).
fn open_or_raise<B: HeapBackend>(
    vm: &mut Vm<B>,
    name: &[u8],
    mode: &[u8],
) -> Result<Value<B>, LuaError<B>> {
    match open_path(name, mode) {
        Ok(f) => Ok(new_file(vm, f)),
        Err(e) => {
            let msg = format!(
                "cannot open file '{}' ({})",
                String::from_utf8_lossy(super::os::c_str(name)),
                strerror(&e)
            );
            Err(vm.native_error(&msg))
        }
    }
}

fn io_tmpfile<B: HeapBackend>(vm: &mut Vm<B>, _cx: CallCtx) -> R<B> {
    match make_temp_file() {
        Some((name, f)) => {
            // Unlinked at once, as tmpfile(3) does: it disappears when closed.
            let _ = std::fs::remove_file(&name);
            let v = new_file(vm, LFile::new(Kind::Regular, Some(f), true, true));
            vm.push(v);
            Ok(1)
        }
        None => push_io_error(vm, &io::Error::from_raw_os_error(17), None),
    }
}

fn io_popen<B: HeapBackend>(vm: &mut Vm<B>, cx: CallCtx) -> R<B> {
    vm.check_str(cx, 0)?;
    Err(vm.native_error("'popen' not supported"))
}

/// Close `v`: standard files refuse, others flush and close (`aux_close`).
fn close_file<B: HeapBackend>(vm: &mut Vm<B>, v: Value<B>) -> R<B> {
    if kind_of(vm, v) != Kind::Regular {
        vm.push(Value::Nil);
        let s = vm.str("cannot close standard file");
        vm.push(s);
        return Ok(2);
    }
    let r = with_file(vm, v, |f| f.close()).unwrap_or(Ok(()));
    super::os::file_result(vm, r, None)
}

fn io_close<B: HeapBackend>(vm: &mut Vm<B>, cx: CallCtx) -> R<B> {
    if vm.arg(cx, 0).is_nil() {
        let out = get(vm, vm.registry(), REG_OUTPUT);
        if with_file(vm, out, |f| f.closed) != Some(false) {
            return Err(vm.native_error("attempt to use a closed file"));
        }
        return close_file(vm, out);
    }
    f_close(vm, cx)
}

fn f_close<B: HeapBackend>(vm: &mut Vm<B>, cx: CallCtx) -> R<B> {
    let f = check_open(vm, cx, 0)?;
    close_file(vm, f)
}

fn f_gc<B: HeapBackend>(vm: &mut Vm<B>, cx: CallCtx) -> R<B> {
    let v = vm.arg(cx, 0);
    if kind_of(vm, v) == Kind::Regular {
        let _ = with_file(vm, v, |f| {
            if !f.closed {
                let _ = f.close();
            }
        });
    }
    Ok(0)
}

fn f_tostring<B: HeapBackend>(vm: &mut Vm<B>, cx: CallCtx) -> R<B> {
    let (v, closed) = check_handle(vm, cx, 0)?;
    let s = if closed {
        "file (closed)".to_string()
    } else {
        format!("file (0x{:014x})", vm.address_of(v))
    };
    let s = vm.str(s);
    vm.push(s);
    Ok(1)
}

fn io_type<B: HeapBackend>(vm: &mut Vm<B>, cx: CallCtx) -> R<B> {
    let v = vm.check_any(cx, 0)?;
    let r = match with_file(vm, v, |f| f.closed) {
        Some(true) => vm.str("closed file"),
        Some(false) => vm.str("file"),
        None => Value::Nil,
    };
    vm.push(r);
    Ok(1)
}

/// `io.input`/`io.output`: set the default from a name or a file, return the default.
fn set_default<B: HeapBackend>(vm: &mut Vm<B>, cx: CallCtx, reg: &[u8], mode: &[u8]) -> R<B> {
    let a = vm.arg(cx, 0);
    if !a.is_nil() {
        let f = match a {
            Value::Str(_) | Value::Int(_) | Value::Float(_) => {
                let name = vm.check_str(cx, 0)?;
                let name = vm.str_bytes(name);
                open_or_raise(vm, &name, mode)?
            }
            _ => check_open(vm, cx, 0)?,
        };
        set(vm, vm.registry(), reg, f);
    }
    let cur = get(vm, vm.registry(), reg);
    vm.push(cur);
    Ok(1)
}

fn io_input<B: HeapBackend>(vm: &mut Vm<B>, cx: CallCtx) -> R<B> {
    set_default(vm, cx, REG_INPUT, b"r")
}

fn io_output<B: HeapBackend>(vm: &mut Vm<B>, cx: CallCtx) -> R<B> {
    set_default(vm, cx, REG_OUTPUT, b"w")
}

// ---- writing -----------------------------------------------------------------------

/// Write the arguments from `first` on to `file` and return it, or the error triple.
fn write_args<B: HeapBackend>(vm: &mut Vm<B>, cx: CallCtx, file: Value<B>, first: usize) -> R<B> {
    let mut data = Vec::new();
    for i in first..cx.nargs {
        match vm.arg(cx, i) {
            Value::Int(n) => number::write_int(&mut data, n),
            Value::Float(x) => {
                let spec = super::printf::Spec {
                    precision: Some(14),
                    conv: b'g',
                    ..Default::default()
                };
                super::printf::format_float(&mut data, &spec, x);
            }
            _ => {
                let s = vm.check_str(cx, i)?;
                vm.heap.with_str(s, |b| data.extend_from_slice(b));
            }
        }
    }
    let r = match kind_of(vm, file) {
        Kind::Stdout => {
            vm.write_out(&data);
            Ok(())
        }
        _ => with_file(vm, file, |f| f.write(&data)).unwrap_or(Ok(())),
    };
    match r {
        Ok(()) => {
            vm.push(file);
            Ok(1)
        }
        Err(e) => push_io_error(vm, &e, None),
    }
}

fn io_write<B: HeapBackend>(vm: &mut Vm<B>, cx: CallCtx) -> R<B> {
    let f = default_file(vm, REG_OUTPUT)?;
    write_args(vm, cx, f, 0)
}

fn f_write<B: HeapBackend>(vm: &mut Vm<B>, cx: CallCtx) -> R<B> {
    let f = check_open(vm, cx, 0)?;
    write_args(vm, cx, f, 1)
}

fn flush_file<B: HeapBackend>(vm: &mut Vm<B>, f: Value<B>) -> R<B> {
    let r = match kind_of(vm, f) {
        Kind::Stdout => match &vm.output {
            Some(_) => Ok(()),
            None => io::stdout().flush(),
        },
        _ => with_file(vm, f, |f| f.flush()).unwrap_or(Ok(())),
    };
    super::os::file_result(vm, r, None)
}

fn io_flush<B: HeapBackend>(vm: &mut Vm<B>, _cx: CallCtx) -> R<B> {
    let f = default_file(vm, REG_OUTPUT)?;
    flush_file(vm, f)
}

fn f_flush<B: HeapBackend>(vm: &mut Vm<B>, cx: CallCtx) -> R<B> {
    let f = check_open(vm, cx, 0)?;
    flush_file(vm, f)
}

fn f_setvbuf<B: HeapBackend>(vm: &mut Vm<B>, cx: CallCtx) -> R<B> {
    let f = check_open(vm, cx, 0)?;
    let mode = check_option(vm, cx, 1, None, &["no", "full", "line"])?;
    vm.opt_int(cx, 2, CHUNK as i64)?;
    let b = [Buffering::No, Buffering::Full, Buffering::Line][mode];
    let r = with_file(vm, f, |f| {
        f.buffering = b;
        f.flush()
    })
    .unwrap_or(Ok(()));
    super::os::file_result(vm, r, None)
}

/// `luaL_checkoption`: the index of the argument among `names`.
fn check_option<B: HeapBackend>(
    vm: &Vm<B>,
    cx: CallCtx,
    i: usize,
    default: Option<&str>,
    names: &[&str],
) -> Result<usize, LuaError<B>> {
    let s = match (vm.arg(cx, i), default) {
        (Value::Nil, Some(d)) => d.as_bytes().to_vec(),
        _ => {
            let s = vm.check_str(cx, i)?;
            vm.str_bytes(s)
        }
    };
    names.iter().position(|n| n.as_bytes() == s).ok_or_else(|| {
        let msg = format!("invalid option '{}'", String::from_utf8_lossy(&s));
        vm.arg_error(i, &msg)
    })
}

fn f_seek<B: HeapBackend>(vm: &mut Vm<B>, cx: CallCtx) -> R<B> {
    let f = check_open(vm, cx, 0)?;
    let op = check_option(vm, cx, 1, Some("cur"), &["set", "cur", "end"])?;
    let off = vm.opt_int(cx, 2, 0)?;
    let whence = match op {
        // A stream that cannot seek says so before any check of the offset, as fseek does.
        0 if off < 0 && kind_of(vm, f) == Kind::Regular => {
            return push_io_error(vm, &io::Error::from_raw_os_error(22), None);
        }
        0 => SeekFrom::Start(off as u64),
        1 => SeekFrom::Current(off),
        _ => SeekFrom::End(off),
    };
    let r = match kind_of(vm, f) {
        Kind::Regular => with_file(vm, f, |f| f.seek(whence)).unwrap_or(Ok(0)),
        _ => Err(io::Error::from_raw_os_error(29)),
    };
    match r {
        Ok(p) => {
            vm.push(Value::Int(p as i64));
            Ok(1)
        }
        Err(e) => push_io_error(vm, &e, None),
    }
}

// ---- reading -----------------------------------------------------------------------

#[derive(Clone, Copy)]
enum Format {
    Count(u64),
    Number,
    Line { keep_nl: bool },
    All,
}

/// Read formats from values (the arguments from `first`, or a `lines` iterator's upvalues);
/// `arg0` numbers them for error messages.
fn parse_formats<B: HeapBackend>(
    vm: &Vm<B>,
    vals: &[Value<B>],
    arg0: usize,
) -> Result<Vec<Format>, LuaError<B>> {
    let mut out = Vec::with_capacity(vals.len());
    for (k, &v) in vals.iter().enumerate() {
        let f = match v {
            Value::Int(_) | Value::Float(_) => match vm.to_integer(v) {
                Some(n) => Format::Count(n as u64),
                None => return Err(vm.arg_error(arg0 + k, "number has no integer representation")),
            },
            Value::Str(s) => {
                let b = vm.str_bytes(s);
                let b = b.strip_prefix(b"*").unwrap_or(&b);
                match b.first() {
                    Some(b'n') => Format::Number,
                    Some(b'l') => Format::Line { keep_nl: false },
                    Some(b'L') => Format::Line { keep_nl: true },
                    Some(b'a') => Format::All,
                    _ => return Err(vm.arg_error(arg0 + k, "invalid format")),
                }
            }
            _ => return Err(vm.arg_type_error(arg0 + k, "string", v, true)),
        };
        out.push(f);
    }
    if out.is_empty() {
        out.push(Format::Line { keep_nl: false });
    }
    Ok(out)
}

enum Got {
    Bytes(Vec<u8>),
    Num(Number),
}

/// Read each format in turn, stopping after the first that fails (which yields `None`).
fn read_formats(f: &mut LFile, fmts: &[Format]) -> io::Result<Vec<Option<Got>>> {
    let mut out = Vec::with_capacity(fmts.len());
    for fmt in fmts {
        let got = match *fmt {
            Format::Count(0) => f.peek()?.map(|_| Got::Bytes(Vec::new())),
            Format::Count(n) => f.read_chars(n)?.map(Got::Bytes),
            Format::Number => f.read_number()?.map(Got::Num),
            Format::Line { keep_nl } => f.read_line(keep_nl)?.map(Got::Bytes),
            Format::All => Some(Got::Bytes(f.read_all()?)),
        };
        let failed = got.is_none();
        out.push(got);
        if failed {
            break;
        }
    }
    Ok(out)
}

/// Read from `file` and push the results (or the error triple); the count pushed.
fn read_push<B: HeapBackend>(vm: &mut Vm<B>, file: Value<B>, fmts: &[Format]) -> R<B> {
    let r = with_file(vm, file, |f| read_formats(f, fmts)).unwrap_or_else(|| Ok(Vec::new()));
    match r {
        Ok(got) => {
            vm.check_stack(got.len())?;
            let n = got.len();
            for g in got {
                let v = match g {
                    None => Value::Nil,
                    Some(Got::Bytes(b)) => vm.str(&b),
                    Some(Got::Num(Number::Int(i))) => Value::Int(i),
                    Some(Got::Num(Number::Float(x))) => Value::Float(x),
                };
                vm.push(v);
            }
            Ok(n)
        }
        Err(e) => push_io_error(vm, &e, None),
    }
}

fn args_from<B: HeapBackend>(vm: &Vm<B>, cx: CallCtx, first: usize) -> Vec<Value<B>> {
    (first..cx.nargs).map(|i| vm.arg(cx, i)).collect()
}

fn io_read<B: HeapBackend>(vm: &mut Vm<B>, cx: CallCtx) -> R<B> {
    let f = default_file(vm, REG_INPUT)?;
    let fmts = parse_formats(vm, &args_from(vm, cx, 0), 0)?;
    read_push(vm, f, &fmts)
}

fn f_read<B: HeapBackend>(vm: &mut Vm<B>, cx: CallCtx) -> R<B> {
    let f = check_open(vm, cx, 0)?;
    let fmts = parse_formats(vm, &args_from(vm, cx, 1), 1)?;
    read_push(vm, f, &fmts)
}

/// The iterator of `lines`: upvalues are the file, the number of formats, whether to
/// close the file at the end, then the formats.
fn lines_iter<B: HeapBackend>(
    vm: &mut Vm<B>,
    file: Value<B>,
    close: bool,
    fmts: &[Value<B>],
) -> Value<B> {
    let mut up = vec![file, Value::Int(fmts.len() as i64), Value::Bool(close)];
    up.extend_from_slice(fmts);
    let c = vm.heap.new_function(FunctionObj::Native(NativeClosure {
        f: lines_step,
        upvals: up.into_boxed_slice(),
    }));
    Value::Function(c)
}

fn lines_step<B: HeapBackend>(vm: &mut Vm<B>, _cx: CallCtx) -> R<B> {
    let Some(me) = vm.current_function() else {
        return Ok(0);
    };
    let file = vm.heap.native_upvalue(me, 0);
    let n = match vm.heap.native_upvalue(me, 1) {
        Value::Int(n) => n as usize,
        _ => 0,
    };
    let close = !vm.heap.native_upvalue(me, 2).is_falsy();
    let vals: Vec<_> = (0..n).map(|i| vm.heap.native_upvalue(me, 3 + i)).collect();
    if with_file(vm, file, |f| f.closed) != Some(false) {
        return Err(vm.native_error("file is already closed"));
    }
    let fmts = parse_formats(vm, &vals, 1)?;
    let n = read_push(vm, file, &fmts)?;
    let top = vm.state.top;
    if !vm.heap.reg(top - n).is_falsy() {
        return Ok(n);
    }
    if n > 1 {
        // An error triple: its message becomes an error.
        let msg = vm.heap.reg(top - n + 1);
        let msg = vm.tostring(msg)?;
        let msg = vm.lossy(msg);
        return Err(vm.native_error(&msg));
    }
    if close {
        let _ = with_file(vm, file, |f| f.close());
    }
    vm.state.top = top - n;
    Ok(0)
}

fn check_line_args<B: HeapBackend>(vm: &Vm<B>, n: usize) -> Result<(), LuaError<B>> {
    if n > MAX_LINE_ARGS {
        return Err(vm.arg_error(MAX_LINE_ARGS + 1, "too many arguments"));
    }
    Ok(())
}

fn f_lines<B: HeapBackend>(vm: &mut Vm<B>, cx: CallCtx) -> R<B> {
    let f = check_open(vm, cx, 0)?;
    let fmts = args_from(vm, cx, 1);
    check_line_args(vm, fmts.len())?;
    let it = lines_iter(vm, f, false, &fmts);
    vm.push(it);
    Ok(1)
}

fn io_lines<B: HeapBackend>(vm: &mut Vm<B>, cx: CallCtx) -> R<B> {
    let fmts = args_from(vm, cx, 1);
    check_line_args(vm, fmts.len())?;
    if vm.arg(cx, 0).is_nil() {
        let f = get(vm, vm.registry(), REG_INPUT);
        if with_file(vm, f, |f| f.closed) != Some(false) {
            return Err(vm.native_error("attempt to use a closed file"));
        }
        let it = lines_iter(vm, f, false, &fmts);
        vm.push(it);
        return Ok(1);
    }
    let name = vm.check_str(cx, 0)?;
    let name = vm.str_bytes(name);
    let f = open_or_raise(vm, &name, b"r")?;
    let it = lines_iter(vm, f, true, &fmts);
    vm.push(it);
    vm.push(Value::Nil);
    vm.push(Value::Nil);
    vm.push(f);
    Ok(4)
}
