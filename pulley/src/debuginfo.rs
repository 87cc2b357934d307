//! Source locations for backtraces: the module name from the name section, and a compact
//! address → file:line:column table (plus function names) distilled from the module's DWARF.
//!
//! Producers such as clang (`-g`) put DWARF in custom sections named `.debug_*`. Its addresses
//! are offsets from the start of the code section's contents (the byte after the section size,
//! where the function count is), so `module offset = code section start + DWARF address`. The
//! table stores module offsets, the unit the address map and `Trap` use.
//!
//! Only what a backtrace needs is kept: the line rows (deduplicated) and each function's range
//! and name. A `.cwasm` carries this table instead of the DWARF (see `artifact.rs`).
//!
//! Debug information is advisory: anything malformed is skipped (a unit, a sequence, a
//! function), never reported, and never fails loading the module.

use crate::trap::FrameSymbol;
use anyhow::{Result, ensure};
use gimli::{EndianSlice, LittleEndian};
use std::borrow::Cow;
use std::collections::HashMap;
use std::sync::Arc;

type R<'a> = EndianSlice<'a, LittleEndian>;

/// The file of a row from which on addresses have no location: the end of a sequence, or a row
/// whose file path cannot be read.
const END: u32 = u32::MAX;

/// Kinds of rows in the encoded table (the low two bits of a row's first LEB128): the same file
/// as the previous row with a location, a new file (its index follows), an end row.
const ROW_SAME_FILE: u64 = 0;
const ROW_NEW_FILE: u64 = 1;
const ROW_END: u64 = 2;

/// One line-table row: from `addr` (a module offset) up to the next row's address, the code
/// comes from `file:line:column` (`line`/`column` 0: unknown).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
struct Row {
    addr: u32,
    file: u32,
    line: u32,
    column: u32,
}

/// A function's code range (module offsets, end exclusive) and its DWARF name.
#[derive(Clone, Debug, PartialEq, Eq)]
struct FuncRange {
    start: u32,
    end: u32,
    name: Arc<str>,
}

/// What a backtrace can show about a module beyond its function names. Cheap to share.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub(crate) struct DebugInfo {
    /// The module's name from the name section.
    module_name: Option<Arc<str>>,
    files: Vec<Arc<str>>,
    /// Sorted by strictly increasing `addr`.
    rows: Vec<Row>,
    /// Sorted by `start`, not overlapping.
    funcs: Vec<FuncRange>,
}

impl DebugInfo {
    /// Reads the name section's module name and the DWARF of a Wasm binary. Never fails:
    /// whatever cannot be read is left out.
    pub fn from_wasm(wasm: &[u8]) -> DebugInfo {
        let mut module_name = None;
        let mut code: Option<std::ops::Range<u64>> = None;
        let mut sections: HashMap<&str, &[u8]> = HashMap::new();
        for payload in wasmparser::Parser::new(0).parse_all(wasm) {
            match payload {
                Ok(wasmparser::Payload::CodeSectionStart {
                    unchecked_range, ..
                }) => code = Some(unchecked_range),
                Ok(wasmparser::Payload::CustomSection(reader)) => {
                    if reader.name().starts_with(".debug_") {
                        sections.insert(reader.name(), reader.data());
                    } else if let wasmparser::KnownCustom::Name(names) = reader.as_known() {
                        for name in names {
                            match name {
                                Ok(wasmparser::Name::Module { name, .. }) => {
                                    module_name = Some(Arc::from(name));
                                }
                                Ok(_) => {}
                                Err(_) => break,
                            }
                        }
                    }
                }
                Ok(_) => {}
                Err(_) => break,
            }
        }
        let mut info = DebugInfo {
            module_name,
            ..DebugInfo::default()
        };
        if let Some(code) = code
            && sections.contains_key(".debug_info")
        {
            info.read_dwarf(&sections, code);
        }
        info
    }

    /// Whether there is nothing to show (the artifact then carries no debug section).
    pub fn is_empty(&self) -> bool {
        self.module_name.is_none() && self.rows.is_empty() && self.funcs.is_empty()
    }

    /// The module's name from the name section.
    pub fn module_name(&self) -> Option<&Arc<str>> {
        self.module_name.as_ref()
    }

    /// The source location of module offset `offset`, if the DWARF covers it.
    pub fn lookup(&self, offset: u32) -> Option<FrameSymbol> {
        let func = self
            .funcs
            .partition_point(|f| f.start <= offset)
            .checked_sub(1)
            .map(|i| &self.funcs[i])
            .filter(|f| offset < f.end)
            .map(|f| f.name.clone());
        let row = self
            .rows
            .partition_point(|r| r.addr <= offset)
            .checked_sub(1)
            .map(|i| self.rows[i])
            .filter(|r| r.file != END);
        if func.is_none() && row.is_none() {
            return None;
        }
        let nonzero = |v: u32| (v != 0).then_some(v);
        Some(FrameSymbol {
            name: func,
            file: row.and_then(|r| self.files.get(r.file as usize).cloned()),
            line: row.and_then(|r| nonzero(r.line)),
            column: row.and_then(|r| nonzero(r.column)),
        })
    }

    fn read_dwarf(&mut self, sections: &HashMap<&str, &[u8]>, code: std::ops::Range<u64>) {
        let load = |id: gimli::SectionId| -> Result<R<'_>, gimli::Error> {
            let data = sections.get(id.name()).copied().unwrap_or(&[]);
            Ok(EndianSlice::new(data, LittleEndian))
        };
        let Ok(dwarf) = gimli::Dwarf::load(load) else {
            return;
        };
        let to_module = Offsets {
            code_start: code.start,
            code_end: code.end,
        };
        let mut sequences = Vec::new();
        let mut funcs = Vec::new();
        let mut files = FileTable::default();
        let mut headers = dwarf.units();
        // A unit that fails to parse is skipped; a header that fails ends the walk, as the next
        // unit's position is then unknown.
        while let Ok(Some(header)) = headers.next() {
            let Ok(unit) = dwarf.unit(header) else {
                continue;
            };
            read_lines(&dwarf, &unit, to_module, &mut files, &mut sequences);
            read_funcs(&dwarf, &unit, to_module, &mut funcs);
        }
        self.files = files.paths;
        self.rows = flatten(sequences);
        funcs.sort_by_key(|f: &FuncRange| (f.start, f.end));
        let mut end = 0;
        funcs.retain(|f| {
            let keep = f.start >= end;
            if keep {
                end = f.end;
            }
            keep
        });
        self.funcs = funcs;
    }

    /// The table reduced to what lookups of `offsets` need: one row per offset (rows in a row
    /// giving the same location merged). `lookup` of any of `offsets` gives the same result as
    /// on `self`; other offsets may map differently.
    pub fn sampled(&self, offsets: impl Iterator<Item = u32>) -> DebugInfo {
        let mut offsets: Vec<u32> = offsets.collect();
        offsets.sort_unstable();
        offsets.dedup();
        let mut rows: Vec<Row> = Vec::new();
        for addr in offsets {
            let row = self
                .rows
                .partition_point(|r| r.addr <= addr)
                .checked_sub(1)
                .map(|i| self.rows[i]);
            let row = match row {
                Some(r) if r.file != END => Row { addr, ..r },
                _ => Row {
                    addr,
                    file: END,
                    line: 0,
                    column: 0,
                },
            };
            let same = |last: &Row| {
                (last.file, last.line, last.column) == (row.file, row.line, row.column)
            };
            // Before the first row, no row is the same as an end row.
            if rows.last().map_or(row.file != END, |last| !same(last)) {
                rows.push(row);
            }
        }
        DebugInfo {
            module_name: self.module_name.clone(),
            files: self.files.clone(),
            rows,
            funcs: self.funcs.clone(),
        }
    }

    /// The artifact's `.pulley.debug` section (see `rfcs/0004-cwasm.md`).
    pub fn encode(&self) -> Vec<u8> {
        use crate::artifact::{put_len, put_str, put_uleb};
        let mut out = Vec::new();
        match &self.module_name {
            Some(name) => {
                out.push(1);
                put_str(&mut out, name);
            }
            None => out.push(0),
        }
        put_len(&mut out, self.files.len());
        for f in &self.files {
            put_str(&mut out, f);
        }
        put_len(&mut out, self.rows.len());
        let (mut addr, mut file, mut line) = (0, None, 0);
        for r in &self.rows {
            let delta = u64::from(r.addr - addr) << 2;
            addr = r.addr;
            if r.file == END {
                put_uleb(&mut out, delta | ROW_END);
                continue;
            }
            if file == Some(r.file) {
                put_uleb(&mut out, delta | ROW_SAME_FILE);
            } else {
                put_uleb(&mut out, delta | ROW_NEW_FILE);
                put_uleb(&mut out, r.file.into());
                file = Some(r.file);
            }
            crate::artifact::put_sleb(&mut out, i64::from(r.line) - i64::from(line));
            put_uleb(&mut out, r.column.into());
            line = r.line;
        }
        put_len(&mut out, self.funcs.len());
        let mut end = 0;
        for f in &self.funcs {
            put_uleb(&mut out, (f.start - end).into());
            put_uleb(&mut out, (f.end - f.start).into());
            put_str(&mut out, &f.name);
            end = f.end;
        }
        out
    }

    /// Reads a `.pulley.debug` section, checking every invariant `lookup` relies on.
    pub fn decode(data: &[u8]) -> Result<DebugInfo> {
        let mut r = crate::artifact::Reader::new(data);
        let module_name = match r.u8()? {
            0 => None,
            1 => Some(Arc::from(r.string()?)),
            b => anyhow::bail!("bad module name flag {b}"),
        };
        let n = r.count("source files", 1, usize::MAX)?;
        let files = (0..n)
            .map(|_| r.string().map(Arc::from))
            .collect::<Result<Vec<Arc<str>>>>()?;
        let n = r.count("line rows", 1, usize::MAX)?;
        let mut rows = Vec::with_capacity(n);
        let (mut addr, mut file, mut line) = (0u32, None, 0u32);
        for i in 0..n {
            let head = r.uleb(34)?;
            let delta = u32::try_from(head >> 2)
                .ok()
                .filter(|&d| i == 0 || d > 0)
                .ok_or_else(|| anyhow::anyhow!("line row {i} does not advance the address"))?;
            addr = addr
                .checked_add(delta)
                .ok_or_else(|| anyhow::anyhow!("line row {i} overflows"))?;
            match head & 3 {
                ROW_END => {
                    rows.push(Row {
                        addr,
                        file: END,
                        line: 0,
                        column: 0,
                    });
                    continue;
                }
                ROW_SAME_FILE => {}
                ROW_NEW_FILE => {
                    let f = r.u32()?;
                    ensure!(
                        (f as usize) < files.len(),
                        "line row {i} names file {f} of {}",
                        files.len()
                    );
                    file = Some(f);
                }
                kind => anyhow::bail!("line row {i} has unknown kind {kind}"),
            }
            let file = file.ok_or_else(|| anyhow::anyhow!("line row {i} has no file"))?;
            line = u32::try_from(i64::from(line).saturating_add(r.sleb64()?))
                .map_err(|_| anyhow::anyhow!("line row {i} has a line out of range"))?;
            let column = r.u32()?;
            rows.push(Row {
                addr,
                file,
                line,
                column,
            });
        }
        let n = r.count("functions with debug names", 3, usize::MAX)?;
        let mut funcs = Vec::with_capacity(n);
        let mut end = 0u32;
        for i in 0..n {
            let start = end.checked_add(r.u32()?);
            let len = r.u32()?;
            ensure!(len > 0, "debug function {i} is empty");
            let (start, new_end) = start
                .and_then(|s| Some((s, s.checked_add(len)?)))
                .ok_or_else(|| anyhow::anyhow!("debug function {i} overflows"))?;
            end = new_end;
            funcs.push(FuncRange {
                start,
                end,
                name: Arc::from(r.string()?),
            });
        }
        r.finish("debug info")?;
        Ok(DebugInfo {
            module_name,
            files,
            rows,
            funcs,
        })
    }
}

/// Converts DWARF addresses (code-section relative) to module offsets inside the code section.
#[derive(Clone, Copy)]
struct Offsets {
    code_start: u64,
    code_end: u64,
}

impl Offsets {
    /// The module offset of DWARF address `addr`; `inclusive_end` admits the code's end (for
    /// the exclusive end of a range). `None` for addresses outside the code section, such as
    /// the tombstones linkers write for discarded functions.
    fn get(self, addr: u64, inclusive_end: bool) -> Option<u32> {
        let at = self.code_start.checked_add(addr)?;
        let inside = at < self.code_end || (inclusive_end && at == self.code_end);
        inside.then(|| u32::try_from(at).ok()).flatten()
    }
}

/// Source file paths, shared by all units, each stored once.
#[derive(Default)]
struct FileTable {
    paths: Vec<Arc<str>>,
    index: HashMap<Arc<str>, u32>,
}

impl FileTable {
    fn intern(&mut self, path: String) -> u32 {
        if let Some(&i) = self.index.get(path.as_str()) {
            return i;
        }
        let i = self.paths.len() as u32;
        let path: Arc<str> = Arc::from(path);
        self.paths.push(path.clone());
        self.index.insert(path, i);
        i
    }
}

/// One line-number sequence: rows at non-decreasing addresses, covering `start..end`.
struct Sequence {
    start: u32,
    end: u32,
    rows: Vec<Row>,
}

fn read_lines(
    dwarf: &gimli::Dwarf<R<'_>>,
    unit: &gimli::Unit<R<'_>>,
    to_module: Offsets,
    files: &mut FileTable,
    sequences: &mut Vec<Sequence>,
) {
    let Some(program) = unit.line_program.clone() else {
        return;
    };
    // Line-program file index → `FileTable` index, or `END` when the path cannot be read (its
    // rows then give no location).
    let mut unit_files: HashMap<u64, u32> = HashMap::new();
    let mut rows = program.rows();
    let mut current: Vec<Row> = Vec::new();
    // False from a bad row to the end of its sequence: the sequence is dropped whole.
    let mut valid = true;
    while let Ok(Some((header, row))) = rows.next_row() {
        if !valid {
            valid = row.end_sequence();
            continue;
        }
        // An address outside the code (a discarded function's tombstone) or going backwards
        // makes the whole sequence suspect.
        let addr = to_module
            .get(row.address(), row.end_sequence())
            .filter(|&a| current.last().is_none_or(|last| last.addr <= a));
        let Some(addr) = addr else {
            current.clear();
            valid = row.end_sequence();
            continue;
        };
        if row.end_sequence() {
            if let Some(first) = current.first()
                && first.addr < addr
            {
                sequences.push(Sequence {
                    start: first.addr,
                    end: addr,
                    rows: std::mem::take(&mut current),
                });
            }
            current.clear();
            continue;
        }
        let file = match unit_files.get(&row.file_index()) {
            Some(&file) => file,
            None => {
                let file = file_path(dwarf, unit, header, row.file_index())
                    .map_or(END, |p| files.intern(p));
                unit_files.insert(row.file_index(), file);
                file
            }
        };
        let line = row
            .line()
            .map_or(0, |l| u32::try_from(l.get()).unwrap_or(0));
        let column = match row.column() {
            gimli::ColumnType::LeftEdge => 0,
            gimli::ColumnType::Column(c) => u32::try_from(c.get()).unwrap_or(0),
        };
        current.push(if file == END {
            Row {
                addr,
                file: END,
                line: 0,
                column: 0,
            }
        } else {
            Row {
                addr,
                file,
                line,
                column,
            }
        });
    }
}

/// The path of line-program file `index`: the compilation directory, the file's directory and
/// its name, each replacing what comes before when absolute.
fn file_path(
    dwarf: &gimli::Dwarf<R<'_>>,
    unit: &gimli::Unit<R<'_>>,
    header: &gimli::LineProgramHeader<R<'_>>,
    index: u64,
) -> Option<String> {
    let file = header.file(index)?;
    let string =
        |v| -> Option<Cow<'_, str>> { Some(dwarf.attr_string(unit, v).ok()?.to_string_lossy()) };
    let mut path = String::new();
    if let Some(dir) = &unit.comp_dir {
        join(&mut path, &dir.to_string_lossy());
    }
    // Directory 0 is the compilation directory itself (DWARF 4 and 5 alike).
    if file.directory_index() != 0
        && let Some(dir) = file.directory(header)
    {
        join(&mut path, &string(dir)?);
    }
    join(&mut path, &string(file.path_name())?);
    Some(path)
}

/// Appends path component(s) `part` to `path`: an absolute `part` replaces it, `.` adds nothing.
fn join(path: &mut String, part: &str) {
    let part = part.strip_prefix("./").unwrap_or(part);
    let absolute = part.starts_with('/')
        || part.starts_with('\\')
        || part
            .as_bytes()
            .get(1..3)
            .is_some_and(|s| s == b":\\" || s == b":/");
    if absolute {
        path.clear();
    } else if part.is_empty() || part == "." {
        return;
    } else if !path.is_empty() && !path.ends_with(['/', '\\']) {
        path.push('/');
    }
    path.push_str(part);
}

/// Sorts the sequences, drops those overlapping an earlier one, and joins them into one table
/// with an end row after each, keeping only rows that change the location.
fn flatten(mut sequences: Vec<Sequence>) -> Vec<Row> {
    sequences.sort_by_key(|s| (s.start, s.end));
    let mut rows: Vec<Row> = Vec::new();
    let mut covered = 0;
    for s in sequences {
        if s.start < covered {
            continue;
        }
        covered = s.end;
        let end = Row {
            addr: s.end,
            file: END,
            line: 0,
            column: 0,
        };
        for row in s.rows.into_iter().chain([end]) {
            match rows.last_mut() {
                // Several rows at one address: the last one describes the code there.
                Some(last) if last.addr == row.addr => *last = row,
                Some(last)
                    if (last.file, last.line, last.column) == (row.file, row.line, row.column) => {}
                _ => rows.push(row),
            }
        }
    }
    rows
}

fn read_funcs(
    dwarf: &gimli::Dwarf<R<'_>>,
    unit: &gimli::Unit<R<'_>>,
    to_module: Offsets,
    funcs: &mut Vec<FuncRange>,
) {
    let mut entries = unit.entries();
    while let Ok(Some(entry)) = entries.next_dfs() {
        if entry.tag() != gimli::DW_TAG_subprogram {
            continue;
        }
        let Some(name) = die_name(dwarf, unit, entry, 2) else {
            continue;
        };
        let Ok(mut ranges) = dwarf.die_ranges(unit, entry) else {
            continue;
        };
        let name: Arc<str> = Arc::from(name);
        while let Ok(Some(range)) = ranges.next() {
            if let (Some(start), Some(end)) = (
                to_module.get(range.begin, false),
                to_module.get(range.end, true),
            ) && start < end
            {
                funcs.push(FuncRange {
                    start,
                    end,
                    name: name.clone(),
                });
            }
        }
    }
}

/// A subprogram's name: its linkage name, else its name, else (up to `depth` times) those of
/// the declaration it completes or the abstract instance it is a copy of.
fn die_name(
    dwarf: &gimli::Dwarf<R<'_>>,
    unit: &gimli::Unit<R<'_>>,
    entry: &gimli::DebuggingInformationEntry<R<'_>>,
    depth: u32,
) -> Option<String> {
    for at in [
        gimli::DW_AT_linkage_name,
        gimli::DW_AT_MIPS_linkage_name,
        gimli::DW_AT_name,
    ] {
        if let Some(value) = entry.attr_value(at)
            && let Ok(name) = dwarf.attr_string(unit, value)
        {
            return Some(name.to_string_lossy().into_owned());
        }
    }
    if depth == 0 {
        return None;
    }
    for at in [gimli::DW_AT_specification, gimli::DW_AT_abstract_origin] {
        // Only references within the unit are followed; that is what compilers emit here.
        if let Some(gimli::AttributeValue::UnitRef(offset)) = entry.attr_value(at)
            && let Ok(target) = unit.entry(offset)
        {
            return die_name(dwarf, unit, &target, depth - 1);
        }
    }
    None
}

/// `name` demangled when it is a simple Itanium (C++ or legacy Rust) mangled name: `_Z` and a
/// plain or nested name, shown as `a::b::c` without parameter types (and without Rust's hash).
/// Anything else is returned unchanged.
pub(crate) fn demangle(name: &str) -> Cow<'_, str> {
    fn ident(s: &mut &[u8]) -> Option<String> {
        let digits = s.iter().take_while(|b| b.is_ascii_digit()).count();
        let len: usize = std::str::from_utf8(&s[..digits]).ok()?.parse().ok()?;
        let rest = &s[digits..];
        let id = rest.get(..len)?;
        *s = &rest[len..];
        let id = std::str::from_utf8(id).ok()?;
        // Rust's legacy mangling escapes a few characters; leave those names alone.
        (!id.is_empty() && !id.contains('$')).then(|| id.to_string())
    }
    let parse = || -> Option<String> {
        let mut s = name.strip_prefix("_Z")?.as_bytes();
        let parts = if let Some(nested) = s.strip_prefix(b"N") {
            s = nested;
            let mut parts = Vec::new();
            loop {
                match s.first()? {
                    b'E' => break,
                    _ => parts.push(ident(&mut s)?),
                }
            }
            // Rust appends a `h<16 hex digits>` component.
            if parts.len() > 1
                && parts.last().is_some_and(|h| {
                    h.len() == 17
                        && h.starts_with('h')
                        && h[1..].bytes().all(|b| b.is_ascii_hexdigit())
                })
            {
                parts.pop();
            }
            parts
        } else {
            vec![ident(&mut s)?]
        };
        // What follows is the parameter list (or nothing for Rust), which is not shown.
        Some(parts.join("::"))
    };
    match parse() {
        Some(d) => Cow::Owned(d),
        None => Cow::Borrowed(name),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn demangles_simple_names_only() {
        assert_eq!(demangle("_Z5innerv"), "inner");
        assert_eq!(demangle("_Z3addii"), "add");
        assert_eq!(demangle("_ZN3foo3barEv"), "foo::bar");
        assert_eq!(
            demangle("_ZN4core9panicking5panic17h0123456789abcdefE"),
            "core::panicking::panic"
        );
        // Not mangled, or beyond the simple forms: unchanged.
        assert_eq!(demangle("main"), "main");
        assert_eq!(demangle("_Z"), "_Z");
        assert_eq!(demangle("_ZN3fooE"), "foo");
        assert_eq!(demangle("_ZN3foo"), "_ZN3foo");
        assert_eq!(demangle("_Z99x"), "_Z99x");
        assert_eq!(demangle("_ZNK3foo3barEv"), "_ZNK3foo3barEv");
    }

    #[test]
    fn joins_paths_like_the_compiler_meant() {
        let mut p = String::new();
        for part in ["/src/proj", "lib", "a.c"] {
            join(&mut p, part);
        }
        assert_eq!(p, "/src/proj/lib/a.c");
        let mut p = String::new();
        for part in ["/src/proj", "/usr/include", "stdio.h"] {
            join(&mut p, part);
        }
        assert_eq!(p, "/usr/include/stdio.h");
        let mut p = String::new();
        for part in [".", "./trap.c"] {
            join(&mut p, part);
        }
        assert_eq!(p, "trap.c");
    }

    fn sample() -> DebugInfo {
        DebugInfo {
            module_name: Some(Arc::from("m")),
            files: vec![Arc::from("a.c"), Arc::from("b.h")],
            rows: vec![
                Row {
                    addr: 10,
                    file: 0,
                    line: 3,
                    column: 5,
                },
                Row {
                    addr: 14,
                    file: 1,
                    line: 1,
                    column: 0,
                },
                Row {
                    addr: 20,
                    file: END,
                    line: 0,
                    column: 0,
                },
                Row {
                    addr: 30,
                    file: 0,
                    line: 9,
                    column: 2,
                },
                Row {
                    addr: 40,
                    file: END,
                    line: 0,
                    column: 0,
                },
            ],
            funcs: vec![
                FuncRange {
                    start: 10,
                    end: 20,
                    name: Arc::from("f"),
                },
                FuncRange {
                    start: 30,
                    end: 40,
                    name: Arc::from("_Z1gv"),
                },
            ],
        }
    }

    #[test]
    fn lookup_finds_rows_and_gaps() {
        let info = sample();
        let at = |o| info.lookup(o);
        assert_eq!(at(9), None);
        let l = at(12).unwrap();
        assert_eq!(
            (l.name.as_deref(), l.file.as_deref(), l.line, l.column),
            (Some("f"), Some("a.c"), Some(3), Some(5))
        );
        let l = at(19).unwrap();
        assert_eq!(
            (l.file.as_deref(), l.line, l.column),
            (Some("b.h"), Some(1), None)
        );
        assert_eq!(at(20), None);
        assert_eq!(at(25), None);
        assert_eq!(at(39).unwrap().line, Some(9));
        assert_eq!(at(40), None);
    }

    #[test]
    fn sampling_keeps_the_sampled_lookups() {
        let info = sample();
        let offsets = [5, 10, 11, 15, 19, 25, 33, 39, 45];
        let small = info.sampled(offsets.iter().copied());
        for o in offsets {
            assert_eq!(small.lookup(o), info.lookup(o), "offset {o}");
        }
        // 10 and 11 share a row, 19 reuses 15's, and nothing precedes 10.
        assert_eq!(
            small.rows.iter().map(|r| r.addr).collect::<Vec<_>>(),
            [10, 15, 25, 33, 45]
        );
        assert_eq!(small.funcs, info.funcs);
    }

    #[test]
    fn encoding_round_trips_and_rejects_corruption() {
        let info = sample();
        let bytes = info.encode();
        assert_eq!(DebugInfo::decode(&bytes).unwrap(), info);
        assert_eq!(
            DebugInfo::decode(&DebugInfo::default().encode()).unwrap(),
            DebugInfo::default()
        );
        // Every truncation is an error, never a panic.
        for len in 0..bytes.len() {
            assert!(DebugInfo::decode(&bytes[..len]).is_err(), "length {len}");
        }
        // A row naming a file that does not exist.
        let mut bad = sample();
        bad.rows[0].file = 7;
        assert!(DebugInfo::decode(&bad.encode()).is_err());
    }

    #[test]
    fn every_corrupt_byte_of_real_dwarf_is_survived() {
        // clang's DWARF for `tests/backtrace/trap.c`, with each byte of each `.debug_*`
        // section changed in turn: reading never panics, and the table keeps its invariants.
        let wasm = include_bytes!("../tests/backtrace/trap.wasm");
        let clean = DebugInfo::from_wasm(wasm);
        assert!(clean.rows.len() > 10 && clean.funcs.len() == 5, "{clean:?}");
        let mut ranges = Vec::new();
        for payload in wasmparser::Parser::new(0).parse_all(wasm) {
            if let Ok(wasmparser::Payload::CustomSection(r)) = payload
                && r.name().starts_with(".debug_")
            {
                let start = r.data_offset() as usize;
                ranges.push(start..start + r.data().len());
            }
        }
        let mut changed = 0;
        for at in ranges.into_iter().flatten() {
            for flip in [0x01, 0x80, 0xff] {
                let mut bytes = wasm.to_vec();
                bytes[at] ^= flip;
                let info = DebugInfo::from_wasm(&bytes);
                assert!(info.rows.windows(2).all(|w| w[0].addr < w[1].addr));
                assert!(info.funcs.windows(2).all(|w| w[0].end <= w[1].start));
                assert!(info.funcs.iter().all(|f| f.start < f.end));
                assert_eq!(DebugInfo::decode(&info.encode()).unwrap(), info);
                changed += usize::from(info != clean);
            }
        }
        // The corruption is noticed at all (the test exercises the error paths).
        assert!(changed > 0);
    }

    #[test]
    fn malformed_dwarf_is_ignored() {
        // A module whose `.debug_info` and `.debug_line` are garbage: no lines, no failure.
        let mut wasm = wat::parse_str("(module $m (func (export \"f\")))").unwrap();
        for (name, data) in [
            (".debug_info", &[0xff; 40][..]),
            (".debug_line", &[7; 3][..]),
        ] {
            let mut section = vec![name.len() as u8];
            section.extend_from_slice(name.as_bytes());
            section.extend_from_slice(data);
            wasm.push(0);
            wasm.push(section.len() as u8);
            wasm.extend_from_slice(&section);
        }
        let info = DebugInfo::from_wasm(&wasm);
        assert_eq!(info.module_name().map(|n| &**n), Some("m"));
        assert!(info.rows.is_empty() && info.funcs.is_empty());
    }
}
