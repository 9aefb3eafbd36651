//! Lua patterns (manual §6.4.1) over bytes: a backtracking matcher whose recursion is
//! bounded as lua5.4's is, so a hostile pattern fails with "pattern too complex" long
//! before it could exhaust the Rust stack.
//!
//! Malformed patterns are diagnosed lazily, when the matcher reaches the bad item, because
//! that is what decides whether lua5.4 raises an error at all (`find("abc", "x%")` fails
//! quietly: the dangling `%` is never reached).

/// Most captures a pattern may open (LUA_MAXCAPTURES).
pub const MAX_CAPTURES: usize = 32;
/// Nested matcher calls allowed per match attempt (lstrlib's MAXCCALLS).
const MAX_DEPTH: u32 = 200;

/// Bytes that make `find` run the matcher instead of a plain substring search.
pub fn has_specials(pat: &[u8]) -> bool {
    pat.iter().any(|b| b"^$*+?.([%-".contains(b))
}

/// Substring search for plain `find`: the offset of the first `needle` in `hay`.
pub fn find_plain(hay: &[u8], needle: &[u8]) -> Option<usize> {
    let (&first, rest) = match needle.split_first() {
        Some(x) => x,
        None => return Some(0),
    };
    if needle.len() > hay.len() {
        return None;
    }
    let last_start = hay.len() - needle.len();
    let mut i = 0;
    while i <= last_start {
        let at = hay[i..=last_start].iter().position(|&b| b == first)? + i;
        if hay[at + 1..at + needle.len()] == *rest {
            return Some(at);
        }
        i = at + 1;
    }
    None
}

#[derive(Clone, Copy, Debug)]
enum CapLen {
    /// Opened, its `)` not reached yet.
    Open,
    /// `()`: records a position only.
    Position,
    Closed(usize),
}

#[derive(Clone, Copy, Debug)]
struct Cap {
    start: usize,
    len: CapLen,
}

/// A captured value, as offsets into the subject.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Piece {
    /// The bytes `start..end`.
    Span(usize, usize),
    /// A position capture: the 0-based offset (Lua sees it plus one).
    Pos(usize),
}

pub type PResult<T> = Result<T, String>;

/// What a matcher returns when it has used up its fuel; its caller turns that into the
/// instruction-limit error (see [`Matcher::with_fuel`]).
pub const OUT_OF_FUEL: &str = "instruction limit exceeded";

/// Matching state for one subject and one pattern.
pub struct Matcher<'a> {
    src: &'a [u8],
    pat: &'a [u8],
    depth: u32,
    level: usize,
    /// Matcher steps left before it gives up with [`OUT_OF_FUEL`].
    fuel: u64,
    caps: [Cap; MAX_CAPTURES],
}

impl<'a> Matcher<'a> {
    pub fn new(src: &'a [u8], pat: &'a [u8]) -> Self {
        Matcher {
            src,
            pat,
            depth: MAX_DEPTH,
            level: 0,
            fuel: u64::MAX,
            caps: [Cap {
                start: 0,
                len: CapLen::Open,
            }; MAX_CAPTURES],
        }
    }

    /// Backtracking can take exponential time, so matching draws on the VM's instruction
    /// budget: one unit per matcher step and per byte a greedy item scans. That way
    /// `--max-instructions` stops a hostile pattern too (lua5.4 just hangs on one).
    pub fn with_fuel(mut self, fuel: u64) -> Self {
        self.fuel = fuel;
        self
    }

    /// The fuel not used yet; 0 after [`OUT_OF_FUEL`].
    pub fn fuel(&self) -> u64 {
        self.fuel
    }

    pub fn set_fuel(&mut self, fuel: u64) {
        self.fuel = fuel;
    }

    fn burn(&mut self, units: u64) -> PResult<()> {
        if self.fuel <= units {
            self.fuel = 0;
            return Err(OUT_OF_FUEL.into());
        }
        self.fuel -= units;
        Ok(())
    }

    /// Try to match the pattern from byte `p` on against the subject at `s`; the end of
    /// the match on success. Captures of an earlier attempt are forgotten.
    pub fn match_at(&mut self, s: usize, p: usize) -> PResult<Option<usize>> {
        self.level = 0;
        self.depth = MAX_DEPTH;
        self.step(s, p)
    }

    /// Capture `i` of the last successful match `s..e`; with no captures at all, index 0
    /// stands for the whole match.
    pub fn capture(&self, i: usize, s: usize, e: usize) -> PResult<Piece> {
        if i >= self.level {
            if i != 0 {
                return Err(format!("invalid capture index %{}", i + 1));
            }
            return Ok(Piece::Span(s, e));
        }
        let c = self.caps[i];
        match c.len {
            CapLen::Open => Err("unfinished capture".into()),
            CapLen::Position => Ok(Piece::Pos(c.start)),
            CapLen::Closed(n) => Ok(Piece::Span(c.start, c.start + n)),
        }
    }

    /// Every capture of the last match; `whole` makes a capture-less pattern yield the
    /// whole match (`match`, `gmatch`, `gsub`) rather than nothing (`find`).
    pub fn captures(&self, s: usize, e: usize, whole: bool) -> PResult<Vec<Piece>> {
        let n = if self.level == 0 && whole {
            1
        } else {
            self.level
        };
        (0..n).map(|i| self.capture(i, s, e)).collect()
    }

    /// One level of the matcher: walks single items in a loop and recurses only where
    /// backtracking needs a return point.
    fn step(&mut self, s: usize, p: usize) -> PResult<Option<usize>> {
        if self.depth == 0 {
            return Err("pattern too complex".into());
        }
        self.burn(1)?;
        self.depth -= 1;
        let r = self.walk(s, p);
        self.depth += 1;
        r
    }

    fn walk(&mut self, mut s: usize, mut p: usize) -> PResult<Option<usize>> {
        let pat = self.pat;
        loop {
            let Some(&pc) = pat.get(p) else {
                return Ok(Some(s));
            };
            match pc {
                b'(' if pat.get(p + 1) == Some(&b')') => {
                    return self.open_capture(s, p + 2, CapLen::Position)
                }
                b'(' => return self.open_capture(s, p + 1, CapLen::Open),
                b')' => return self.close_capture(s, p + 1),
                b'$' if p + 1 == pat.len() => {
                    return Ok((s == self.src.len()).then_some(s));
                }
                b'%' => match pat.get(p + 1) {
                    Some(b'b') => match self.balance(s, p + 2)? {
                        Some(e) => {
                            s = e;
                            p += 4;
                            continue;
                        }
                        None => return Ok(None),
                    },
                    Some(b'f') => {
                        p += 2;
                        if pat.get(p) != Some(&b'[') {
                            return Err("missing '[' after '%f' in pattern".into());
                        }
                        let ep = self.class_end(p)?;
                        let prev = if s == 0 { 0 } else { self.src[s - 1] };
                        let cur = self.src.get(s).copied().unwrap_or(0);
                        if !self.in_set(prev, p, ep - 1) && self.in_set(cur, p, ep - 1) {
                            p = ep;
                            continue;
                        }
                        return Ok(None);
                    }
                    Some(&d) if d.is_ascii_digit() => match self.back_ref(s, d)? {
                        Some(e) => {
                            s = e;
                            p += 2;
                            continue;
                        }
                        None => return Ok(None),
                    },
                    _ => {}
                },
                _ => {}
            }
            let ep = self.class_end(p)?;
            let quant = pat.get(ep).copied();
            if !self.single(s, p, ep) {
                if matches!(quant, Some(b'*' | b'?' | b'-')) {
                    p = ep + 1;
                    continue;
                }
                return Ok(None);
            }
            match quant {
                Some(b'?') => {
                    if let Some(e) = self.step(s + 1, ep + 1)? {
                        return Ok(Some(e));
                    }
                    p = ep + 1;
                }
                Some(b'+') => return self.greedy(s + 1, p, ep),
                Some(b'*') => return self.greedy(s, p, ep),
                Some(b'-') => return self.lazy(s, p, ep),
                _ => {
                    s += 1;
                    p = ep;
                }
            }
        }
    }

    /// Longest run of the item `p..ep` from `s`, then give back one byte at a time.
    fn greedy(&mut self, s: usize, p: usize, ep: usize) -> PResult<Option<usize>> {
        let mut n = 0;
        while self.single(s + n, p, ep) {
            n += 1;
        }
        self.burn(n as u64)?;
        loop {
            if let Some(e) = self.step(s + n, ep + 1)? {
                return Ok(Some(e));
            }
            if n == 0 {
                return Ok(None);
            }
            n -= 1;
        }
    }

    /// Shortest run of the item `p..ep` after which the rest matches.
    fn lazy(&mut self, mut s: usize, p: usize, ep: usize) -> PResult<Option<usize>> {
        loop {
            if let Some(e) = self.step(s, ep + 1)? {
                return Ok(Some(e));
            }
            if !self.single(s, p, ep) {
                return Ok(None);
            }
            s += 1;
        }
    }

    fn open_capture(&mut self, s: usize, p: usize, len: CapLen) -> PResult<Option<usize>> {
        if self.level >= MAX_CAPTURES {
            return Err("too many captures".into());
        }
        self.caps[self.level] = Cap { start: s, len };
        self.level += 1;
        let r = self.step(s, p)?;
        if r.is_none() {
            self.level -= 1;
        }
        Ok(r)
    }

    fn close_capture(&mut self, s: usize, p: usize) -> PResult<Option<usize>> {
        let Some(l) = (0..self.level)
            .rev()
            .find(|&l| matches!(self.caps[l].len, CapLen::Open))
        else {
            return Err("invalid pattern capture".into());
        };
        self.caps[l].len = CapLen::Closed(s - self.caps[l].start);
        let r = self.step(s, p)?;
        if r.is_none() {
            self.caps[l].len = CapLen::Open;
        }
        Ok(r)
    }

    /// `%1`..`%9`: the text of an earlier closed capture, again.
    fn back_ref(&self, s: usize, digit: u8) -> PResult<Option<usize>> {
        let idx = i32::from(digit) - i32::from(b'1');
        let bad = || format!("invalid capture index %{}", idx + 1);
        if idx < 0 || idx as usize >= self.level {
            return Err(bad());
        }
        let c = self.caps[idx as usize];
        match c.len {
            CapLen::Open => Err(bad()),
            // A position has no text; lua5.4 never matches it.
            CapLen::Position => Ok(None),
            CapLen::Closed(n) => {
                let text = &self.src[c.start..c.start + n];
                Ok(self.src[s..].starts_with(text).then_some(s + n))
            }
        }
    }

    /// `%bxy` at pattern byte `p` (the `x`).
    fn balance(&self, s: usize, p: usize) -> PResult<Option<usize>> {
        if p + 1 >= self.pat.len() {
            return Err("malformed pattern (missing arguments to '%b')".into());
        }
        let (open, close) = (self.pat[p], self.pat[p + 1]);
        if self.src.get(s) != Some(&open) {
            return Ok(None);
        }
        let mut depth = 1usize;
        for (i, &c) in self.src.iter().enumerate().skip(s + 1) {
            if c == close {
                depth -= 1;
                if depth == 0 {
                    return Ok(Some(i + 1));
                }
            } else if c == open {
                depth += 1;
            }
        }
        Ok(None)
    }

    /// Just past the single-byte item starting at `p` (a byte, `%x` or a set).
    fn class_end(&self, p: usize) -> PResult<usize> {
        let pat = self.pat;
        let mut p = p + 1;
        match pat[p - 1] {
            b'%' => {
                if p >= pat.len() {
                    return Err("malformed pattern (ends with '%')".into());
                }
                Ok(p + 1)
            }
            b'[' => {
                if pat.get(p) == Some(&b'^') {
                    p += 1;
                }
                // The first byte of a set is a member even when it is `]`.
                loop {
                    if p >= pat.len() {
                        return Err("malformed pattern (missing ']')".into());
                    }
                    let c = pat[p];
                    p += 1;
                    if c == b'%' && p < pat.len() {
                        p += 1;
                    }
                    if pat.get(p) == Some(&b']') {
                        return Ok(p + 1);
                    }
                }
            }
            _ => Ok(p),
        }
    }

    /// Whether subject byte `s` matches the item `p..ep`.
    fn single(&self, s: usize, p: usize, ep: usize) -> bool {
        let Some(&c) = self.src.get(s) else {
            return false;
        };
        match self.pat[p] {
            b'.' => true,
            b'%' => class_matches(c, self.pat[p + 1]),
            b'[' => self.in_set(c, p, ep - 1),
            lit => lit == c,
        }
    }

    /// Membership in the set whose `[` is at `p` and `]` at `close`.
    fn in_set(&self, c: u8, p: usize, close: usize) -> bool {
        let pat = self.pat;
        let mut i = p + 1;
        let member = if pat[i] == b'^' {
            i += 1;
            false
        } else {
            true
        };
        while i < close {
            if pat[i] == b'%' {
                if class_matches(c, pat[i + 1]) {
                    return member;
                }
                i += 2;
            } else if pat[i + 1] == b'-' && i + 2 < close {
                if pat[i] <= c && c <= pat[i + 2] {
                    return member;
                }
                i += 3;
            } else {
                if pat[i] == c {
                    return member;
                }
                i += 1;
            }
        }
        !member
    }
}

/// `%a`, `%d`, ... as C's ctype functions in the "C" locale; an upper-case class letter
/// is the complement, and any other byte after `%` stands for itself.
pub fn class_matches(c: u8, class: u8) -> bool {
    let m = match class.to_ascii_lowercase() {
        b'a' => c.is_ascii_alphabetic(),
        b'c' => c.is_ascii_control(),
        b'd' => c.is_ascii_digit(),
        b'g' => c.is_ascii_graphic(),
        b'l' => c.is_ascii_lowercase(),
        b'p' => c.is_ascii_punctuation(),
        // C's isspace also counts the vertical tab, which Rust's whitespace does not.
        b's' => matches!(c, b' ' | b'\t'..=b'\r'),
        b'u' => c.is_ascii_uppercase(),
        b'w' => c.is_ascii_alphanumeric(),
        b'x' => c.is_ascii_hexdigit(),
        // Deprecated since 5.2 but still understood by lua5.4.
        b'z' => c == 0,
        _ => return class == c,
    };
    if class.is_ascii_uppercase() {
        !m
    } else {
        m
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn find(s: &str, p: &str) -> Option<(usize, usize)> {
        let mut m = Matcher::new(s.as_bytes(), p.as_bytes());
        (0..=s.len()).find_map(|i| m.match_at(i, 0).unwrap().map(|e| (i, e)))
    }

    #[test]
    fn basics() {
        assert_eq!(find("hello world", "o w"), Some((4, 7)));
        assert_eq!(find("hello", "l+"), Some((2, 4)));
        assert_eq!(find("f(a(b)c)", "%b()"), Some((1, 8)));
        assert_eq!(find("THE (quick) fox", "%f[%a]%a+"), Some((0, 3)));
        assert_eq!(find("a]b", "[]]"), Some((1, 2)));
        assert_eq!(find("x\x0by", "%s"), Some((1, 2)));
        assert_eq!(find_plain(b"abcabd", b"abd"), Some(3));
        assert_eq!(find_plain(b"ab", b""), Some(0));
    }

    #[test]
    fn depth_limit() {
        let s = "a".repeat(300);
        let p = "a?".repeat(200);
        let mut m = Matcher::new(s.as_bytes(), p.as_bytes());
        assert_eq!(m.match_at(0, 0), Err("pattern too complex".to_string()));
        let p = "a?".repeat(199);
        let mut m = Matcher::new(s.as_bytes(), p.as_bytes());
        assert_eq!(m.match_at(0, 0), Ok(Some(199)));
    }

    #[test]
    fn fuel_stops_backtracking() {
        let s = "a".repeat(300);
        let p = "a*".repeat(199) + "b";
        let mut m = Matcher::new(s.as_bytes(), p.as_bytes()).with_fuel(100_000);
        assert_eq!(m.match_at(0, 0), Err(OUT_OF_FUEL.to_string()));
        assert_eq!(m.fuel(), 0);
        let mut m = Matcher::new(b"xaab", b"a+b").with_fuel(100);
        assert_eq!(m.match_at(1, 0), Ok(Some(4)));
        assert!(m.fuel() < 100 && m.fuel() > 90);
    }
}
