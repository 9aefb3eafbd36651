//! The real Lua 5.4, as the oracle's ground truth: in process through `mlua` (vendored
//! PUC-Rio sources) and, when installed, the `lua5.4` interpreter as a subprocess.
//!
//! Both report what a user of `lua5.4 file.lua` would see: everything `print` wrote, and
//! the message the stand-alone interpreter prints for an uncaught error, without its
//! `lua5.4: ` prefix and without the traceback.

use mlua::{LuaOptions, StdLib};
use std::path::{Path, PathBuf};
use std::process::Command;
use std::sync::atomic::{AtomicUsize, Ordering};

/// What running a chunk produced.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Outcome {
    /// Everything `print` wrote, in order.
    pub stdout: Vec<u8>,
    /// The uncaught error (syntax or runtime) as `lua5.4` reports it, if the chunk failed.
    pub error: Option<String>,
}

/// Installed in the reference state before the chunk runs. It is Lua so that every
/// conversion goes through the reference's own `tostring`, and so that the chunk runs under
/// an `xpcall` with nothing of mlua between the error and us. `print` writes piece by
/// piece like the real one, so output emitted before a failing `__tostring` is kept.
/// The message handler stands for `lua.c`'s: strings and numbers as text cut at a NUL (a
/// C string), else a string-returning `__tostring` found on the raw metatable, else the
/// type; then a traceback, of which only the header is modelled. Like lua.c's, it is in
/// force for the whole chunk, so the parser of a `load` outside any `pcall` applies it to
/// an error raised by the reader.
const SETUP: &str = r#"
local rawmeta = ...
local tostring, select, type, load, pcall, xpcall, rawget, concat, string =
      tostring, select, type, load, pcall, xpcall, rawget, table.concat, string
local buf, n = {}, 0
print = function(...)
  local k = select('#', ...)
  for i = 1, k do
    local s = tostring((select(i, ...)))
    if i > 1 then n = n + 1; buf[n] = "\t" end
    n = n + 1; buf[n] = s
  end
  n = n + 1; buf[n] = "\n"
end
-- lua.c's message handler. An error raised by `__tostring` goes to the handler in turn, as
-- Lua does for an error inside a message handler, until the C stack overflows.
local function render(e, depth)
  depth = depth or 0
  local t = type(e)
  if t == "string" or t == "number" then return e .. "" end
  local mt = rawmeta(e)
  local h = mt and rawget(mt, "__tostring")
  if h ~= nil then
    local ok, s = pcall(h, e)
    if not ok then
      if depth >= 200 then return "C stack overflow" end
      return render(s, depth + 1)
    end
    if type(s) == "string" then return s end
  end
  return "(error object is a " .. t .. " value)"
end
local function msghandler(e)
  local t = type(e)
  if t == "string" or t == "number" then
    return string.match(e .. "", "^[^%z]*") .. "\nstack traceback:\n\t[C]: in ?"
  end
  local mt = rawmeta(e)
  local h = mt and rawget(mt, "__tostring")
  if h ~= nil then
    local ok, s = pcall(h, e)
    if ok and type(s) == "string" then return s end
  end
  return render(e) .. "\nstack traceback:\n\t[C]: in ?"
end
return function(src, name)
  local err
  local f, msg = load(src, name, "t")
  if not f then
    err = msg
  else
    local ok, e = xpcall(f, msghandler)
    if not ok then
      local cut = string.find(e, "\nstack traceback:\n", 1, true)
      err = cut and string.sub(e, 1, cut - 1) or e
    end
  end
  local out = concat(buf, "", 1, n)
  buf, n = {}, 0
  return out, err
end
"#;

/// Run `src` on the vendored Lua 5.4 in a fresh state, with `chunkname` as `load` takes it.
pub fn run_reference(src: &[u8], chunkname: &str) -> Outcome {
    run_reference_limited(src, chunkname, None)
}

/// [`run_reference`] with a cap on the reference's heap: past it, an allocation fails
/// with Lua's "not enough memory", as it would when `malloc` fails, instead of taking the
/// whole machine (the vendored Lua allocates through Rust, where running out aborts).
pub fn run_reference_limited(src: &[u8], chunkname: &str, max_memory: Option<usize>) -> Outcome {
    let src = src.to_vec();
    let chunkname = chunkname.to_owned();
    // The reference recurses on the C stack (parser, metamethods, up to its own limit of
    // 200 levels); a roomy thread keeps that far from the test thread's default stack.
    std::thread::Builder::new()
        .name("lua-reference".into())
        .stack_size(64 << 20)
        .spawn(move || run_in_mlua(&src, &chunkname, max_memory).map_err(|e| e.to_string()))
        .expect("spawn reference thread")
        .join()
        .unwrap_or_else(|p| std::panic::resume_unwind(p))
        .unwrap_or_else(|e| panic!("reference Lua failed outside the chunk: {e}"))
}

fn run_in_mlua(src: &[u8], chunkname: &str, max_memory: Option<usize>) -> mlua::Result<Outcome> {
    // `catch_rust_panics` keeps the stock `pcall`/`xpcall`; mlua's replacements add a C
    // frame to every protected call, which shifts error levels and C-stack depth.
    let lua = mlua::Lua::new_with(StdLib::ALL_SAFE, LuaOptions::new().catch_rust_panics(true))?;
    // `getmetatable` would honour `__metatable`; lua.c looks at the real metatable.
    let rawmeta = lua.create_function(|_, v: mlua::Value| {
        Ok(match v {
            mlua::Value::Table(t) => t.metatable(),
            _ => None,
        })
    })?;
    let runner: mlua::Function = lua.load(SETUP).set_name("=reference-setup").call(rawmeta)?;
    if let Some(limit) = max_memory {
        lua.set_memory_limit(lua.used_memory() + limit)?;
    }
    let (out, err): (mlua::LuaString, Option<mlua::LuaString>) =
        runner.call((lua.create_string(src)?, chunkname))?;
    Ok(Outcome {
        stdout: out.as_bytes().to_vec(),
        error: err.map(|e| String::from_utf8_lossy(&e.as_bytes()).into_owned()),
    })
}

/// The stand-alone interpreter, if installed: `/usr/bin/lua5.4`, else `lua5.4` on `PATH`.
pub fn lua54_path() -> Option<PathBuf> {
    let fixed = Path::new("/usr/bin/lua5.4");
    if fixed.is_file() {
        return Some(fixed.to_path_buf());
    }
    std::env::var_os("PATH").and_then(|paths| {
        std::env::split_paths(&paths)
            .map(|dir| dir.join("lua5.4"))
            .find(|p| p.is_file())
    })
}

/// Run `src` as a file under `lua5.4`, or `None` when it is not installed.
///
/// The interpreter names a file chunk after its path, so the file is written at the path
/// the chunkname spells (`@errors/x.lua` becomes `errors/x.lua`, run from a scratch
/// directory); other chunknames are reduced to a file name, and messages will then differ.
/// The scratch directory stands in for the current one, so that relative paths in the
/// program (`package.path = "scripts/modules/?.lua"`, data files) resolve as they do for
/// the in-process engines: link the current directory's entries into it (not the script's
/// own top-level name, and not at all for a directory too large to mirror cheaply).
fn mirror_cwd(scratch: &std::path::Path, script: &std::path::Path) {
    let Ok(cwd) = std::env::current_dir() else {
        return;
    };
    let Ok(entries) = std::fs::read_dir(&cwd) else {
        return;
    };
    let own = script.components().next().map(|c| c.as_os_str().to_owned());
    let entries: Vec<_> = entries.flatten().take(257).collect();
    if entries.len() > 256 {
        return;
    }
    for e in entries {
        if Some(e.file_name()) != own {
            let _ = std::os::unix::fs::symlink(e.path(), scratch.join(e.file_name()));
        }
    }
}

pub fn run_lua54(src: &[u8], chunkname: &str) -> Option<Outcome> {
    let lua54 = lua54_path()?;
    static COUNTER: AtomicUsize = AtomicUsize::new(0);
    let dir = std::env::temp_dir().join(format!(
        "luatb-ref-{}-{}",
        std::process::id(),
        COUNTER.fetch_add(1, Ordering::Relaxed)
    ));
    let rel = relative_script_path(chunkname);
    let file = dir.join(&rel);
    std::fs::create_dir_all(file.parent().expect("script path has a parent"))
        .expect("create scratch directory");
    std::fs::write(&file, src).expect("write scratch script");
    mirror_cwd(&dir, &rel);
    let out = Command::new(&lua54)
        .arg(&rel)
        .current_dir(&dir)
        .output()
        .expect("run lua5.4");
    let _ = std::fs::remove_dir_all(&dir);
    let error = if out.status.success() {
        None
    } else {
        let stderr = String::from_utf8_lossy(&out.stderr);
        // lua.c prefixes its argv[0], which is the path we gave it.
        let prefix = format!("{}: ", lua54.display());
        Some(match stderr.strip_prefix(&prefix) {
            Some(rest) => {
                let msg = rest.split("\nstack traceback:\n").next().unwrap_or(rest);
                msg.strip_suffix('\n').unwrap_or(msg).to_owned()
            }
            None => format!("<lua5.4 died: {}: {}>", out.status, stderr.trim_end()),
        })
    };
    Some(Outcome {
        stdout: out.stdout,
        error,
    })
}

fn relative_script_path(chunkname: &str) -> PathBuf {
    let name = chunkname.strip_prefix('@').unwrap_or(chunkname);
    let path = Path::new(name);
    let safe = path.is_relative()
        && path
            .components()
            .all(|c| matches!(c, std::path::Component::Normal(_)));
    if safe && !name.is_empty() {
        path.to_path_buf()
    } else {
        let flat: String = name
            .chars()
            .map(|c| {
                if c.is_ascii_alphanumeric() || c == '.' {
                    c
                } else {
                    '_'
                }
            })
            .collect();
        PathBuf::from(format!("{flat}.lua"))
    }
}
