//! The package library and `require` (manual §6.3).
//!
//! Searchers are the preload table, Lua files along `package.path`, and the two C
//! searchers along `package.cpath`. There are no dynamic libraries: the C searchers report
//! the files they miss like lua5.4's, and one they find fails to load as in a lua5.4 built
//! without dynamic-library support.

use super::base::load_file;
use super::os::to_path;
use super::{lib_table, set_fn};
use crate::error::LuaError;
use crate::function::{FunctionObj, NativeClosure};
use crate::heap::HeapBackend;
use crate::value::Value;
use crate::vm::{CallCtx, NativeFn, Vm};

type R<B> = Result<usize, LuaError<B>>;
/// What a searcher does with the file it found: `(vm, module name, file name)`.
type Found<B> = fn(&mut Vm<B>, &[u8], &[u8]) -> R<B>;

const LUA_PATH_DEFAULT: &str =
    "/usr/local/share/lua/5.4/?.lua;/usr/local/share/lua/5.4/?/init.lua;\
/usr/local/lib/lua/5.4/?.lua;/usr/local/lib/lua/5.4/?/init.lua;./?.lua;./?/init.lua";
const LUA_CPATH_DEFAULT: &str =
    "/usr/local/lib/lua/5.4/?.so;/usr/local/lib/lua/5.4/loadall.so;./?.so";
/// What `loadlib` says in a Lua without dynamic libraries.
const NO_DL: &str = "dynamic libraries not enabled; check your Lua installation";

pub fn open<B: HeapBackend>(vm: &mut Vm<B>) {
    let pkg = vm.heap.new_table(0, 8);
    let loaded = registry_table(vm, b"_LOADED");
    let preload = registry_table(vm, b"_PRELOAD");
    let searchers: [NativeFn<B>; 4] = [search_preload, search_lua, search_c, search_croot];
    let list = vm.heap.new_table(searchers.len(), 0);
    for (i, f) in searchers.into_iter().enumerate() {
        let c = closure(vm, f, pkg);
        let _ = vm.heap.set_int(list, i as i64 + 1, c);
    }
    let path = env_path(&["LUA_PATH_5_4", "LUA_PATH"], LUA_PATH_DEFAULT);
    let cpath = env_path(&["LUA_CPATH_5_4", "LUA_CPATH"], LUA_CPATH_DEFAULT);
    let fields = [
        ("config", vm.str("/\n;\n?\n!\n-\n")),
        ("path", vm.str(path)),
        ("cpath", vm.str(cpath)),
        ("loaded", Value::Table(loaded)),
        ("preload", Value::Table(preload)),
        ("searchers", Value::Table(list)),
    ];
    for (k, v) in fields {
        let k = vm.heap.intern(k.as_bytes());
        let _ = vm.heap.set_str(pkg, k, v);
    }
    set_fn(vm, pkg, "searchpath", searchpath);
    set_fn(vm, pkg, "loadlib", loadlib);
    vm.set_global("package", Value::Table(pkg));
    lib_table(vm, "package", pkg);
    let req = closure(vm, require, pkg);
    vm.set_global("require", req);
}

/// The registry table `key`, created if missing (`_LOADED` is shared with `open_all`).
pub(crate) fn registry_table<B: HeapBackend>(vm: &mut Vm<B>, key: &[u8]) -> B::Table {
    let reg = vm.registry();
    let k = vm.heap.intern(key);
    if let Value::Table(t) = vm.heap.get_str(reg, k) {
        return t;
    }
    let t = vm.heap.new_table(0, 4);
    let _ = vm.heap.set_str(reg, k, Value::Table(t));
    t
}

/// A native that keeps the package table, as lua5.4's `require` and searchers do, so
/// that replacing the global `package` does not break them.
fn closure<B: HeapBackend>(vm: &mut Vm<B>, f: NativeFn<B>, pkg: B::Table) -> Value<B> {
    Value::Function(vm.heap.new_function(FunctionObj::Native(NativeClosure {
        f,
        upvals: vec![Value::Table(pkg)].into_boxed_slice(),
    })))
}

/// `package.path` from the environment, where `;;` stands for the default path.
fn env_path(vars: &[&str], default: &str) -> String {
    expand_path(vars.iter().find_map(|v| std::env::var(v).ok()), default)
}

fn expand_path(value: Option<String>, default: &str) -> String {
    let Some(v) = value else {
        return default.to_owned();
    };
    match v.find(";;") {
        None => v,
        Some(i) => {
            let (pre, post) = (&v[..i], &v[i + 2..]);
            let mut s = String::new();
            if !pre.is_empty() {
                s.push_str(pre);
                s.push(';');
            }
            s.push_str(default);
            if !post.is_empty() {
                s.push(';');
                s.push_str(post);
            }
            s
        }
    }
}

/// Field `name` of the package table this native closes over (metamethods honoured).
fn pkg_field<B: HeapBackend>(vm: &mut Vm<B>, name: &str) -> Result<Value<B>, LuaError<B>> {
    let pkg = vm
        .current_function()
        .map(|f| vm.heap.native_upvalue(f, 0))
        .unwrap_or(Value::Nil);
    let k = vm.str(name);
    vm.get_value(pkg, k)
}

fn bytes_of<B: HeapBackend>(vm: &Vm<B>, v: Value<B>) -> Option<Vec<u8>> {
    match v {
        Value::Str(s) => Some(vm.str_bytes(s)),
        Value::Int(_) | Value::Float(_) => Some(vm.tostring_raw(v)),
        _ => None,
    }
}

fn lossy(b: &[u8]) -> String {
    String::from_utf8_lossy(b).into_owned()
}

// ---- require ---------------------------------------------------------------------

fn require<B: HeapBackend>(vm: &mut Vm<B>, cx: CallCtx) -> R<B> {
    let name = vm.check_str(cx, 0)?;
    let key = Value::Str(name);
    let Some(loaded) = cached_module(vm, key)? else {
        return Ok(1);
    };
    let (loader, data) = find_loader(vm, name)?;
    run_loader(vm, loaded, key, loader, data)
}

/// `require`'s first step: push the module and return `None` when `package.loaded`
/// already has it, else return the registry's loaded table (which `package.loaded` is
/// only a view of).
pub(crate) fn cached_module<B: HeapBackend>(
    vm: &mut Vm<B>,
    key: Value<B>,
) -> Result<Option<Value<B>>, LuaError<B>> {
    let loaded = Value::Table(registry_table(vm, b"_LOADED"));
    let have = vm.get_value(loaded, key)?;
    if have.is_falsy() {
        return Ok(Some(loaded));
    }
    vm.push(have);
    Ok(None)
}

/// Call a module's loader and record what it gives in `loaded` (`true` when nothing);
/// push the module and the loader data, `require`'s two results.
pub(crate) fn run_loader<B: HeapBackend>(
    vm: &mut Vm<B>,
    loaded: Value<B>,
    key: Value<B>,
    loader: Value<B>,
    data: Value<B>,
) -> Result<usize, LuaError<B>> {
    let r = vm.call1(loader, &[key, data])?;
    if !r.is_nil() {
        vm.set_value(loaded, key, r)?;
    }
    let mut module = vm.get_value(loaded, key)?;
    if module.is_nil() {
        module = Value::Bool(true);
        vm.set_value(loaded, key, module)?;
    }
    vm.push(module);
    vm.push(data);
    Ok(2)
}

/// Ask each searcher in turn; the first function returned is the loader. The others'
/// messages make up the "not found" error.
fn find_loader<B: HeapBackend>(
    vm: &mut Vm<B>,
    name: B::Str,
) -> Result<(Value<B>, Value<B>), LuaError<B>> {
    let Value::Table(searchers) = pkg_field(vm, "searchers")? else {
        return Err(vm.native_error("'package.searchers' must be a table"));
    };
    let mut msg = Vec::new();
    for i in 1.. {
        let s = vm.heap.get_int(searchers, i);
        if s.is_nil() {
            break;
        }
        let r = vm.call(s, &[Value::Str(name)])?;
        let first = r.first().copied().unwrap_or(Value::Nil);
        if matches!(first, Value::Function(_) | Value::Native(_)) {
            return Ok((first, r.get(1).copied().unwrap_or(Value::Nil)));
        }
        if let Some(b) = bytes_of(vm, first) {
            msg.extend_from_slice(b"\n\t");
            msg.extend_from_slice(&b);
        }
    }
    let name = lossy(&vm.str_bytes(name));
    Err(vm.native_error(&format!("module '{name}' not found:{}", lossy(&msg))))
}

// ---- searchers -------------------------------------------------------------------

fn search_preload<B: HeapBackend>(vm: &mut Vm<B>, cx: CallCtx) -> R<B> {
    let name = vm.check_str(cx, 0)?;
    let reg = vm.registry();
    let k = vm.heap.intern(b"_PRELOAD");
    let Value::Table(preload) = vm.heap.get_str(reg, k) else {
        return Err(vm.native_error("'package.preload' must be a table"));
    };
    let f = vm.get_value(Value::Table(preload), Value::Str(name))?;
    if f.is_nil() {
        let n = lossy(&vm.str_bytes(name));
        let m = vm.str(format!("no field package.preload['{n}']"));
        vm.push(m);
        return Ok(1);
    }
    vm.push(f);
    let tag = vm.str(":preload:");
    vm.push(tag);
    Ok(2)
}

/// The path in `package.<field>`, which must be a string.
fn path_field<B: HeapBackend>(vm: &mut Vm<B>, field: &str) -> Result<Vec<u8>, LuaError<B>> {
    let v = pkg_field(vm, field)?;
    bytes_of(vm, v).ok_or_else(|| vm.native_error(&format!("'package.{field}' must be a string")))
}

/// Search `field`'s path for `name`: on success push what `found` makes of the file,
/// else push the "no file" list.
fn search_path<B: HeapBackend>(vm: &mut Vm<B>, name: &[u8], field: &str, found: Found<B>) -> R<B> {
    let path = path_field(vm, field)?;
    match search(name, &path, b".", b"/") {
        Ok(file) => found(vm, name, &file),
        Err(msg) => {
            let m = vm.str(msg);
            vm.push(m);
            Ok(1)
        }
    }
}

fn load_error<B: HeapBackend>(vm: &Vm<B>, name: &[u8], file: &[u8], why: &str) -> LuaError<B> {
    vm.native_error(&format!(
        "error loading module '{}' from file '{}':\n\t{why}",
        lossy(name),
        lossy(file)
    ))
}

fn search_lua<B: HeapBackend>(vm: &mut Vm<B>, cx: CallCtx) -> R<B> {
    let name = vm.check_str(cx, 0)?;
    let name = vm.str_bytes(name);
    search_path(vm, &name, "path", |vm, name, file| {
        match load_file(vm, Some(file), b"bt", None) {
            Ok(f) => {
                vm.push(f);
                let p = vm.str(file);
                vm.push(p);
                Ok(2)
            }
            Err(e) => {
                let why = bytes_of(vm, e).map(|b| lossy(&b)).unwrap_or_default();
                Err(load_error(vm, name, file, &why))
            }
        }
    })
}

/// A C library was found, and cannot be loaded here.
fn found_c_library<B: HeapBackend>(vm: &mut Vm<B>, name: &[u8], file: &[u8]) -> R<B> {
    Err(load_error(vm, name, file, NO_DL))
}

fn search_c<B: HeapBackend>(vm: &mut Vm<B>, cx: CallCtx) -> R<B> {
    let name = vm.check_str(cx, 0)?;
    let name = vm.str_bytes(name);
    search_path(vm, &name, "cpath", found_c_library)
}

/// A submodule `a.b.c` may live in the C library of its root `a`.
fn search_croot<B: HeapBackend>(vm: &mut Vm<B>, cx: CallCtx) -> R<B> {
    let name = vm.check_str(cx, 0)?;
    let name = vm.str_bytes(name);
    let Some(dot) = name.iter().position(|&c| c == b'.') else {
        return Ok(0);
    };
    let root = name[..dot].to_vec();
    search_path(vm, &root, "cpath", found_c_library)
}

// ---- searchpath and loadlib ------------------------------------------------------

/// The first readable file among `path`'s templates with `?` replaced by `name` (whose
/// `sep`s become `rep`s), or the list of files tried, as lua5.4 words it.
fn search(name: &[u8], path: &[u8], sep: &[u8], rep: &[u8]) -> Result<Vec<u8>, Vec<u8>> {
    let name = if sep.is_empty() {
        name.to_vec()
    } else {
        replace(name, sep, rep)
    };
    let full = replace(path, b"?", &name);
    for template in full.split(|&c| c == b';').filter(|t| !t.is_empty()) {
        if std::fs::File::open(to_path(template)).is_ok() {
            return Ok(template.to_vec());
        }
    }
    let mut msg = b"no file '".to_vec();
    msg.extend(replace(&full, b";", b"'\n\tno file '"));
    msg.push(b'\'');
    Err(msg)
}

fn replace(s: &[u8], from: &[u8], to: &[u8]) -> Vec<u8> {
    let mut out = Vec::with_capacity(s.len());
    let mut i = 0;
    while i < s.len() {
        if s[i..].starts_with(from) {
            out.extend_from_slice(to);
            i += from.len();
        } else {
            out.push(s[i]);
            i += 1;
        }
    }
    out
}

fn searchpath<B: HeapBackend>(vm: &mut Vm<B>, cx: CallCtx) -> R<B> {
    let mut strs = Vec::new();
    for i in 0..2 {
        let s = vm.check_str(cx, i)?;
        strs.push(vm.str_bytes(s));
    }
    let sep = match vm.opt_str(cx, 2)? {
        Some(s) => vm.str_bytes(s),
        None => b".".to_vec(),
    };
    let rep = match vm.opt_str(cx, 3)? {
        Some(s) => vm.str_bytes(s),
        None => b"/".to_vec(),
    };
    match search(&strs[0], &strs[1], &sep, &rep) {
        Ok(file) => {
            let f = vm.str(file);
            vm.push(f);
            Ok(1)
        }
        Err(msg) => {
            vm.push(Value::Nil);
            let m = vm.str(msg);
            vm.push(m);
            Ok(2)
        }
    }
}

/// `package.loadlib`: always fails, with lua5.4's "absent" (no dynamic libraries).
fn loadlib<B: HeapBackend>(vm: &mut Vm<B>, cx: CallCtx) -> R<B> {
    vm.check_str(cx, 0)?;
    vm.check_str(cx, 1)?;
    vm.push(Value::Nil);
    let m = vm.str(NO_DL);
    vm.push(m);
    let a = vm.str("absent");
    vm.push(a);
    Ok(3)
}

#[cfg(test)]
mod tests {
    use super::{expand_path, search};

    #[test]
    fn double_semicolon_stands_for_the_default() {
        assert_eq!(expand_path(None, "D"), "D");
        assert_eq!(expand_path(Some("a;b".into()), "D"), "a;b");
        assert_eq!(expand_path(Some(";;".into()), "D"), "D");
        assert_eq!(expand_path(Some("a;;b".into()), "D"), "a;D;b");
        assert_eq!(expand_path(Some(";;b".into()), "D"), "D;b");
    }

    #[test]
    fn search_lists_every_template_it_tried() {
        let miss = search(b"a.b", b"no/?.lua;;x/?/init.lua", b".", b"/").unwrap_err();
        assert_eq!(
            String::from_utf8(miss).unwrap(),
            "no file 'no/a/b.lua'\n\tno file ''\n\tno file 'x/a/b/init.lua'"
        );
        let dir = std::env::temp_dir().join(format!("luatb-search-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        std::fs::write(dir.join("m_x.lua"), "return 1").unwrap();
        let path = format!("{}/?.lua", dir.display());
        let found = search(b"m.x", path.as_bytes(), b".", b"_").unwrap();
        assert!(found.ends_with(b"/m_x.lua"));
        let _ = std::fs::remove_dir_all(&dir);
    }
}
