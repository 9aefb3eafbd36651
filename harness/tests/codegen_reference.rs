//! The compiler against the vendored reference's own compiler (Lua 5.4.9, the release the
//! oracle treats as ground truth). The reference compiles each program and dumps it, the
//! core's `undump` reads that back, and both sides go through the same `luac -l -l`
//! listing: opcodes, operands, lines, constants, locals and upvalues must all agree. (The
//! core checks that listing against Debian's `luac5.4`, which is release 5.4.4; its code
//! differs from 5.4.9's in the line of a call and in where a loop's breaks close.)

use luatb::compiler::{compile, listing, undump};
use luatb::proto::Constant;
use luatb_harness::oracle::lua_files;
use std::path::{Path, PathBuf};

/// The reference's compilation of `src`, as a listing, or its syntax error.
fn reference_listing(src: &[u8], chunkname: &str) -> Result<String, String> {
    let lua = mlua::Lua::new();
    let f = lua
        .load(src)
        .set_name(chunkname)
        .set_mode(mlua::chunk::ChunkMode::Text)
        .into_function()
        .map_err(|e| e.to_string())?;
    Ok(listing(
        &undump(&f.dump(false)).expect("the reference's dump reads"),
        true,
    ))
}

fn our_listing(src: &[u8], chunkname: &str) -> Result<String, String> {
    compile(src, chunkname)
        .map(|p| listing(&p, true))
        .map_err(|e| e.to_string())
}

/// The first differing line of two listings, with the lines around it.
fn first_difference(want: &str, got: &str) -> Option<String> {
    let (w, g): (Vec<_>, Vec<_>) = (want.lines().collect(), got.lines().collect());
    let i = (0..w.len().max(g.len())).find(|&i| w.get(i) != g.get(i))?;
    let around = |v: &[&str]| v[i.saturating_sub(3).min(v.len())..(i + 4).min(v.len())].join("\n");
    Some(format!(
        "listing line {}:\n--- Lua 5.4.9\n{}\n--- ours\n{}",
        i + 1,
        around(&w),
        around(&g)
    ))
}

/// What `luaL_loadfile` hands the parser: the file without a UTF-8 byte-order mark, and
/// with a first line starting with `#` emptied (its newline kept, so lines still count).
fn as_loadfile_reads(src: &[u8]) -> &[u8] {
    let src = src.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(src);
    if src.first() == Some(&b'#') {
        return &src[src.iter().position(|&c| c == b'\n').unwrap_or(src.len())..];
    }
    src
}

/// Every program in `dir` compiles to the reference's code, instruction by instruction,
/// with the same lines, constants, locals and upvalues.
fn compare_directory(dir: &Path) {
    let files = lua_files(dir);
    assert!(!files.is_empty(), "no programs in {}", dir.display());
    let failures: Vec<String> = files
        .iter()
        .filter_map(|(stem, src)| {
            let chunkname = format!("@{stem}.lua");
            // Syntax errors are compared as messages by the suite; here both must refuse.
            let as_file = as_loadfile_reads(src);
            let d = match (
                reference_listing(as_file, &chunkname),
                our_listing(src, &chunkname),
            ) {
                (Ok(want), Ok(got)) => first_difference(&want, &got)?,
                (Err(_), Err(_)) => return None,
                (want, got) => format!("reference: {want:?}\nours: {got:?}"),
            };
            Some(format!("== {stem}.lua: {d}"))
        })
        .collect();
    assert!(
        failures.is_empty(),
        "{} of {} programs differ from Lua 5.4.9's code:\n{}",
        failures.len(),
        files.len(),
        failures.join("\n\n")
    );
}

fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("..")
}

#[test]
fn compiler_corpus_matches_the_reference_compiler() {
    compare_directory(&root().join("src/compiler/testdata"));
}

#[test]
fn reference_only_programs_match_the_reference_compiler() {
    compare_directory(&root().join("harness/reference-only"));
}

#[test]
fn suite_scripts_match_the_reference_compiler() {
    compare_directory(&root().join("harness/scripts"));
    compare_directory(&root().join("harness/scripts/errors"));
    compare_directory(&root().join("harness/scripts/modules"));
}

/// Development aid: `LUATB_CODEGEN_EXTRA=dir` compares every `.lua` file directly in
/// `dir` that the reference compiles (without the variable, nothing is compared).
#[test]
fn extra_programs_from_environment() {
    let Some(dir) = std::env::var_os("LUATB_CODEGEN_EXTRA") else {
        return;
    };
    compare_directory(Path::new(&dir));
}

/// The reader itself, on a chunk whose every field is known: if it misread the format,
/// the comparisons above could agree by accident (both empty, say).
#[test]
fn the_dump_reader_reads_what_the_reference_wrote() {
    let src = b"local a <const> = 'k'\nlocal function f(x, ...)\n  return a, x, 2.5, 100000\nend\nreturn f";
    let lua = mlua::Lua::new();
    let f = lua
        .load(&src[..])
        .set_name("@t.lua")
        .into_function()
        .unwrap();
    let main = undump(&f.dump(false)).unwrap();
    assert_eq!(&*main.source, b"@t.lua");
    assert!(main.is_vararg);
    assert_eq!(main.protos.len(), 1);
    let inner = &main.protos[0];
    assert_eq!(&*inner.source, b"@t.lua", "inherited from the parent");
    assert_eq!((inner.line_defined, inner.last_line_defined), (2, 4));
    assert_eq!((inner.num_params, inner.is_vararg), (1, true));
    assert_eq!(inner.loc_vars[0].name.as_ref(), "x");
    assert!(inner.constants.contains(&Constant::Float(2.5)));
    assert!(inner.constants.contains(&Constant::Int(100000)));
    assert!(inner
        .constants
        .contains(&Constant::Str(b"k".to_vec().into())));
    assert_eq!(inner.line_info.len(), inner.code.len());
    assert!(inner.line_info.iter().all(|&l| (2..=4).contains(&l)));
    assert_eq!(main.upvalues[0].name.as_ref(), "_ENV");
}
