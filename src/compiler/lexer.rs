//! Lua 5.4 tokens from raw bytes, read one at a time on demand so that errors come out in
//! the order lua5.4 reports them (a bad token late in the chunk must not hide an earlier
//! syntax error).

use super::SyntaxError;
use crate::number::{str_to_number, Number};

#[derive(Clone, Debug, PartialEq)]
pub enum Token {
    Eof,
    Name(Box<[u8]>),
    Str(Box<[u8]>),
    Int(i64),
    Float(f64),
    And,
    Break,
    Do,
    Else,
    Elseif,
    End,
    False,
    For,
    Function,
    Goto,
    If,
    In,
    Local,
    Nil,
    Not,
    Or,
    Repeat,
    Return,
    Then,
    True,
    Until,
    While,
    /// `//`
    IDiv,
    /// `..`
    Concat,
    /// `...`
    Dots,
    /// `==`
    Eq,
    /// `>=`
    Ge,
    /// `<=`
    Le,
    /// `~=`
    Ne,
    /// `<<`
    Shl,
    /// `>>`
    Shr,
    /// `::`
    DbColon,
    /// Any other byte, including ones no Lua rule uses (`@`, `$`, `\`, bytes >= 0x80).
    Char(u8),
}

impl Token {
    /// How lua5.4 names a token in "X expected" messages (no source text involved).
    pub fn describe(&self) -> String {
        match self {
            Token::Eof => "<eof>".into(),
            Token::Name(_) => "<name>".into(),
            Token::Str(_) => "<string>".into(),
            Token::Int(_) => "<integer>".into(),
            Token::Float(_) => "<number>".into(),
            Token::Char(c) if (0x20..0x7f).contains(c) => format!("'{}'", *c as char),
            Token::Char(c) => format!("'<\\{c}>'"),
            fixed => format!("'{}'", fixed.fixed_text()),
        }
    }

    fn fixed_text(&self) -> &'static str {
        match self {
            Token::And => "and",
            Token::Break => "break",
            Token::Do => "do",
            Token::Else => "else",
            Token::Elseif => "elseif",
            Token::End => "end",
            Token::False => "false",
            Token::For => "for",
            Token::Function => "function",
            Token::Goto => "goto",
            Token::If => "if",
            Token::In => "in",
            Token::Local => "local",
            Token::Nil => "nil",
            Token::Not => "not",
            Token::Or => "or",
            Token::Repeat => "repeat",
            Token::Return => "return",
            Token::Then => "then",
            Token::True => "true",
            Token::Until => "until",
            Token::While => "while",
            Token::IDiv => "//",
            Token::Concat => "..",
            Token::Dots => "...",
            Token::Eq => "==",
            Token::Ge => ">=",
            Token::Le => "<=",
            Token::Ne => "~=",
            Token::Shl => "<<",
            Token::Shr => ">>",
            Token::DbColon => "::",
            _ => "",
        }
    }
}

fn keyword(name: &[u8]) -> Option<Token> {
    Some(match name {
        b"and" => Token::And,
        b"break" => Token::Break,
        b"do" => Token::Do,
        b"else" => Token::Else,
        b"elseif" => Token::Elseif,
        b"end" => Token::End,
        b"false" => Token::False,
        b"for" => Token::For,
        b"function" => Token::Function,
        b"goto" => Token::Goto,
        b"if" => Token::If,
        b"in" => Token::In,
        b"local" => Token::Local,
        b"nil" => Token::Nil,
        b"not" => Token::Not,
        b"or" => Token::Or,
        b"repeat" => Token::Repeat,
        b"return" => Token::Return,
        b"then" => Token::Then,
        b"true" => Token::True,
        b"until" => Token::Until,
        b"while" => Token::While,
        _ => return None,
    })
}

fn is_name_start(c: u8) -> bool {
    c.is_ascii_alphabetic() || c == b'_'
}

fn is_name_char(c: u8) -> bool {
    c.is_ascii_alphanumeric() || c == b'_'
}

/// C's `isspace` in the "C" locale, which `\z` skips.
fn is_space(c: u8) -> bool {
    matches!(c, b' ' | b'\t' | b'\n' | 0x0b | 0x0c | b'\r')
}

/// Lua's extended UTF-8: up to six bytes, for code points below 2^31.
fn push_utf8(out: &mut Vec<u8>, mut x: u32) {
    if x < 0x80 {
        out.push(x as u8);
        return;
    }
    let mut tail = [0u8; 6];
    let mut n = 0;
    // The largest payload the lead byte can still hold shrinks as continuation bytes are added.
    let mut lead_max = 0x3f;
    while x > lead_max {
        tail[n] = 0x80 | (x & 0x3f) as u8;
        n += 1;
        x >>= 6;
        lead_max >>= 1;
    }
    out.push(((!lead_max << 1) | x) as u8);
    out.extend(tail[..n].iter().rev());
}

pub struct Lexer<'s> {
    src: &'s [u8],
    pos: usize,
    line: u32,
    chunk: String,
    /// What lua5.4 shows in `near '...'` for the last name, string or numeral scanned: the
    /// numeral or name as written, a string with its delimiters and escapes already decoded.
    text: Vec<u8>,
}

impl<'s> Lexer<'s> {
    /// With `file_prefix`, skips a UTF-8 byte-order mark and a first line starting with `#`,
    /// as `luaL_loadfile` does, keeping that line's newline so line numbers stay right.
    pub fn new(src: &'s [u8], chunkname: &[u8], file_prefix: bool) -> Self {
        let mut pos = 0;
        if file_prefix && src.starts_with(b"\xEF\xBB\xBF") {
            pos = 3;
        }
        if file_prefix && src.get(pos) == Some(&b'#') {
            while let Some(&c) = src.get(pos) {
                if c == b'\n' || c == b'\r' {
                    break;
                }
                pos += 1;
            }
        }
        Lexer {
            src,
            pos,
            line: 1,
            chunk: crate::proto::chunk_id(chunkname),
            text: Vec::new(),
        }
    }

    /// The line the scanner is on: the line where the last token read ends.
    pub fn line(&self) -> u32 {
        self.line
    }

    /// `chunk:line: msg`, with no token (lua5.4's semantic errors).
    pub fn error(&self, msg: &str) -> SyntaxError {
        SyntaxError(
            format!("{}:{}: {}", self.chunk, self.line, msg),
            Some(self.pos),
        )
    }

    /// `chunk:line: msg near TOKEN`, rendering `tok` as lua5.4 does.
    pub fn error_near(&self, msg: &str, tok: &Token) -> SyntaxError {
        let near = match tok {
            // lua5.4 uses token code 0 for "no token", so a NUL byte gets no `near` part.
            Token::Char(0) => return self.error(msg),
            Token::Name(_) | Token::Str(_) | Token::Int(_) | Token::Float(_) => self.quoted_text(),
            other => other.describe(),
        };
        SyntaxError(
            format!("{}:{}: {} near {}", self.chunk, self.line, msg, near),
            Some(self.pos),
        )
    }

    /// lua5.4 prints the token buffer as a C string, so an embedded NUL ends it.
    fn quoted_text(&self) -> String {
        let end = self
            .text
            .iter()
            .position(|&c| c == 0)
            .unwrap_or(self.text.len());
        format!("'{}'", String::from_utf8_lossy(&self.text[..end]))
    }

    fn text_error(&self, msg: &str) -> SyntaxError {
        self.error_near(msg, &Token::Str(Box::default()))
    }

    fn eof_error(&self, msg: &str) -> SyntaxError {
        self.error_near(msg, &Token::Eof)
    }

    #[inline]
    fn cur(&self) -> Option<u8> {
        self.src.get(self.pos).copied()
    }

    #[inline]
    fn peek_is(&self, c: u8) -> bool {
        self.cur() == Some(c)
    }

    fn at_newline(&self) -> bool {
        matches!(self.cur(), Some(b'\n' | b'\r'))
    }

    /// Consumes one line break: `\n`, `\r`, `\r\n` or `\n\r`.
    fn newline(&mut self) {
        let first = self.src[self.pos];
        self.pos += 1;
        if let Some(c @ (b'\n' | b'\r')) = self.cur() {
            if c != first {
                self.pos += 1;
            }
        }
        self.line += 1;
    }

    fn save_and_advance(&mut self) {
        if let Some(c) = self.cur() {
            self.text.push(c);
            self.pos += 1;
        }
    }

    pub fn next_token(&mut self) -> Result<Token, SyntaxError> {
        loop {
            let Some(c) = self.cur() else {
                return Ok(Token::Eof);
            };
            match c {
                b'\n' | b'\r' => self.newline(),
                b' ' | b'\t' | 0x0b | 0x0c => self.pos += 1,
                b'-' => {
                    self.pos += 1;
                    if !self.peek_is(b'-') {
                        return Ok(Token::Char(b'-'));
                    }
                    self.pos += 1;
                    self.comment()?;
                }
                b'[' => {
                    self.text.clear();
                    return match self.long_bracket_level() {
                        Ok(level) => {
                            self.long_string(level, false)?;
                            let n = self.text.len();
                            Ok(Token::Str(self.text[level + 2..n - level - 2].into()))
                        }
                        Err(0) => Ok(Token::Char(b'[')),
                        Err(_) => Err(self.text_error("invalid long string delimiter")),
                    };
                }
                b'=' => return Ok(self.one_or_two(b'=', Token::Eq, b'=')),
                b'<' => {
                    self.pos += 1;
                    return Ok(match self.cur() {
                        Some(b'=') => self.bump(Token::Le),
                        Some(b'<') => self.bump(Token::Shl),
                        _ => Token::Char(b'<'),
                    });
                }
                b'>' => {
                    self.pos += 1;
                    return Ok(match self.cur() {
                        Some(b'=') => self.bump(Token::Ge),
                        Some(b'>') => self.bump(Token::Shr),
                        _ => Token::Char(b'>'),
                    });
                }
                b'/' => return Ok(self.one_or_two(b'/', Token::IDiv, b'/')),
                b'~' => return Ok(self.one_or_two(b'~', Token::Ne, b'=')),
                b':' => return Ok(self.one_or_two(b':', Token::DbColon, b':')),
                b'"' | b'\'' => return self.short_string(c),
                b'.' => {
                    if self.src.get(self.pos + 1).is_some_and(u8::is_ascii_digit) {
                        return self.numeral();
                    }
                    self.pos += 1;
                    if !self.peek_is(b'.') {
                        return Ok(Token::Char(b'.'));
                    }
                    self.pos += 1;
                    if !self.peek_is(b'.') {
                        return Ok(Token::Concat);
                    }
                    self.pos += 1;
                    return Ok(Token::Dots);
                }
                b'0'..=b'9' => return self.numeral(),
                c if is_name_start(c) => {
                    let start = self.pos;
                    while self.cur().is_some_and(is_name_char) {
                        self.pos += 1;
                    }
                    let name = &self.src[start..self.pos];
                    if let Some(kw) = keyword(name) {
                        return Ok(kw);
                    }
                    self.text.clear();
                    self.text.extend_from_slice(name);
                    return Ok(Token::Name(name.into()));
                }
                other => {
                    self.pos += 1;
                    return Ok(Token::Char(other));
                }
            }
        }
    }

    fn bump(&mut self, tok: Token) -> Token {
        self.pos += 1;
        tok
    }

    /// `first` alone, or `double` when followed by `second`.
    fn one_or_two(&mut self, first: u8, double: Token, second: u8) -> Token {
        self.pos += 1;
        if self.peek_is(second) {
            self.bump(double)
        } else {
            Token::Char(first)
        }
    }

    /// After `--`: a long comment if a well-formed long bracket follows, else to end of line.
    fn comment(&mut self) -> Result<(), SyntaxError> {
        if self.peek_is(b'[') {
            self.text.clear();
            if let Ok(level) = self.long_bracket_level() {
                return self.long_string(level, true);
            }
        }
        while self.cur().is_some_and(|c| c != b'\n' && c != b'\r') {
            self.pos += 1;
        }
        Ok(())
    }

    /// At `[` or `]`: consumes it and any `=`s (saving them to `text`). `Ok(level)` if the
    /// same bracket follows (left unconsumed); otherwise `Err(number of '=' seen)`.
    fn long_bracket_level(&mut self) -> Result<usize, usize> {
        let bracket = self.src[self.pos];
        self.save_and_advance();
        let mut level = 0;
        while self.peek_is(b'=') {
            self.save_and_advance();
            level += 1;
        }
        if self.peek_is(bracket) {
            Ok(level)
        } else {
            Err(level)
        }
    }

    /// Reads from the second `[` of an opening bracket to the end of the matching closing
    /// bracket. For strings `text` ends up holding both brackets around the contents.
    fn long_string(&mut self, level: usize, is_comment: bool) -> Result<(), SyntaxError> {
        let start_line = self.line;
        self.save_and_advance();
        if self.at_newline() {
            self.newline();
        }
        loop {
            match self.cur() {
                None => {
                    let what = if is_comment { "comment" } else { "string" };
                    let msg = format!("unfinished long {what} (starting at line {start_line})");
                    return Err(self.eof_error(&msg));
                }
                Some(b']') => {
                    if self.long_bracket_level() == Ok(level) {
                        self.save_and_advance();
                        if is_comment {
                            self.text.clear();
                        }
                        return Ok(());
                    }
                }
                Some(b'\n' | b'\r') => {
                    self.text.push(b'\n');
                    self.newline();
                    if is_comment {
                        self.text.clear();
                    }
                }
                Some(_) => {
                    // Bulk-copy the run of ordinary bytes.
                    let start = self.pos;
                    while self
                        .cur()
                        .is_some_and(|c| !matches!(c, b']' | b'\n' | b'\r'))
                    {
                        self.pos += 1;
                    }
                    if !is_comment {
                        self.text.extend_from_slice(&self.src[start..self.pos]);
                    }
                }
            }
        }
    }

    fn short_string(&mut self, quote: u8) -> Result<Token, SyntaxError> {
        self.text.clear();
        self.save_and_advance();
        loop {
            match self.cur() {
                None => return Err(self.eof_error("unfinished string")),
                Some(b'\n' | b'\r') => return Err(self.text_error("unfinished string")),
                Some(b'\\') => self.escape()?,
                Some(c) if c == quote => break,
                Some(_) => {
                    let start = self.pos;
                    while self
                        .cur()
                        .is_some_and(|c| !matches!(c, b'\\' | b'\n' | b'\r') && c != quote)
                    {
                        self.pos += 1;
                    }
                    self.text.extend_from_slice(&self.src[start..self.pos]);
                }
            }
        }
        self.save_and_advance();
        let n = self.text.len();
        Ok(Token::Str(self.text[1..n - 1].into()))
    }

    /// An escape error shows the string so far, the escape as read, and the offending byte.
    fn escape_error(&mut self, escape_start: usize, msg: &str) -> SyntaxError {
        let end = (self.pos + 1).min(self.src.len());
        self.text.extend_from_slice(&self.src[escape_start..end]);
        self.text_error(msg)
    }

    fn hex_digit(&mut self, escape_start: usize) -> Result<u32, SyntaxError> {
        match self.cur().and_then(|c| (c as char).to_digit(16)) {
            Some(d) => {
                self.pos += 1;
                Ok(d)
            }
            None => Err(self.escape_error(escape_start, "hexadecimal digit expected")),
        }
    }

    fn escape(&mut self) -> Result<(), SyntaxError> {
        let start = self.pos;
        self.pos += 1;
        let Some(c) = self.cur() else {
            // The caller then reports the unfinished string.
            return Ok(());
        };
        let byte = match c {
            b'a' => 0x07,
            b'b' => 0x08,
            b'f' => 0x0c,
            b'n' => b'\n',
            b'r' => b'\r',
            b't' => b'\t',
            b'v' => 0x0b,
            b'\\' | b'"' | b'\'' => c,
            b'\n' | b'\r' => {
                self.newline();
                self.text.push(b'\n');
                return Ok(());
            }
            b'x' => {
                self.pos += 1;
                let hi = self.hex_digit(start)?;
                let lo = self.hex_digit(start)?;
                self.text.push((hi * 16 + lo) as u8);
                return Ok(());
            }
            b'u' => return self.utf8_escape(start),
            b'z' => {
                self.pos += 1;
                while let Some(c) = self.cur().filter(|&c| is_space(c)) {
                    if c == b'\n' || c == b'\r' {
                        self.newline();
                    } else {
                        self.pos += 1;
                    }
                }
                return Ok(());
            }
            b'0'..=b'9' => {
                let mut value = 0u32;
                for _ in 0..3 {
                    match self.cur() {
                        Some(d @ b'0'..=b'9') => {
                            value = value * 10 + u32::from(d - b'0');
                            self.pos += 1;
                        }
                        _ => break,
                    }
                }
                if value > 255 {
                    return Err(self.escape_error(start, "decimal escape too large"));
                }
                self.text.push(value as u8);
                return Ok(());
            }
            _ => return Err(self.escape_error(start, "invalid escape sequence")),
        };
        self.pos += 1;
        self.text.push(byte);
        Ok(())
    }

    /// `\u{XXX}`, at `u`.
    fn utf8_escape(&mut self, start: usize) -> Result<(), SyntaxError> {
        self.pos += 1;
        if !self.peek_is(b'{') {
            return Err(self.escape_error(start, "missing '{'"));
        }
        self.pos += 1;
        let mut value = self.hex_digit(start)?;
        while let Some(d) = self.cur().and_then(|c| (c as char).to_digit(16)) {
            if value > 0x7FFF_FFFF >> 4 {
                return Err(self.escape_error(start, "UTF-8 value too large"));
            }
            value = (value << 4) | d;
            self.pos += 1;
        }
        if !self.peek_is(b'}') {
            return Err(self.escape_error(start, "missing '}'"));
        }
        self.pos += 1;
        push_utf8(&mut self.text, value);
        Ok(())
    }

    /// Reads as lua5.4 does, greedily (digits, hex digits, dots, exponent signs and one
    /// touching letter), then lets `str_to_number` judge the whole text.
    fn numeral(&mut self) -> Result<Token, SyntaxError> {
        let start = self.pos;
        if self.peek_is(b'.') {
            self.pos += 1;
        }
        // The first digit decides hex, even after a leading dot (`.0x1` is read as hex).
        let first = self.cur();
        self.pos += 1;
        let mut exponent = *b"Ee";
        if first == Some(b'0') && matches!(self.cur(), Some(b'x' | b'X')) {
            exponent = *b"Pp";
            self.pos += 1;
        }
        loop {
            match self.cur() {
                Some(c) if exponent.contains(&c) => {
                    self.pos += 1;
                    if matches!(self.cur(), Some(b'+' | b'-')) {
                        self.pos += 1;
                    }
                }
                Some(c) if c.is_ascii_hexdigit() || c == b'.' => self.pos += 1,
                _ => break,
            }
        }
        if self.cur().is_some_and(is_name_start) {
            self.pos += 1;
        }
        let digits = &self.src[start..self.pos];
        self.text.clear();
        self.text.extend_from_slice(digits);
        match str_to_number(digits) {
            Some(Number::Int(i)) => Ok(Token::Int(i)),
            Some(Number::Float(f)) => Ok(Token::Float(f)),
            None => Err(self.text_error("malformed number")),
        }
    }
}
