//! Reads Lua 5.4's binary chunk format (what `luac` writes and `string.dump` returns, laid
//! out by `ldump.c`) into a [`Proto`]. It exists so that another compiler's output can be
//! compared with ours through the same [`listing`](super::listing): the core's tests read
//! `luac5.4 -o` files to check the listing printer, and the harness reads the vendored
//! reference's `string.dump` to check the code generator. `load` does not use it: binary
//! chunks are refused there (see `stdlib::base`), since the VM would have to verify
//! untrusted bytecode first.

use crate::opcode::Instruction;
use crate::proto::{Constant, LocVar, Proto, UpvalDesc};
use std::rc::Rc;
use thiserror::Error;

/// Why a binary chunk could not be read.
#[derive(Debug, Error, Clone, PartialEq, Eq)]
pub enum UndumpError {
    #[error("binary chunk truncated at byte {0}")]
    Truncated(usize),
    #[error("not a Lua 5.4 binary chunk for this machine: {0}")]
    Header(&'static str),
    #[error("instruction {0:#010x} has no opcode")]
    Opcode(u32),
    #[error("constant of unknown type tag {0:#04x}")]
    ConstantTag(u8),
    #[error("malformed binary chunk: {0}")]
    Malformed(&'static str),
}

type R<T> = Result<T, UndumpError>;

/// The main function of the binary chunk `bytes`.
pub fn undump(bytes: &[u8]) -> R<Proto> {
    let mut r = Reader { bytes, at: 0 };
    r.header()?;
    let _main_upvalues = r.byte()?;
    let main = r.function(None, 0)?;
    if r.at != bytes.len() {
        return Err(UndumpError::Malformed("bytes after the main function"));
    }
    Ok(main)
}

struct Reader<'a> {
    bytes: &'a [u8],
    at: usize,
}

/// Step bytes equal to this mark an instruction whose line is stored whole.
const ABSOLUTE_LINE: i8 = -128;

impl<'a> Reader<'a> {
    fn take(&mut self, n: usize) -> R<&'a [u8]> {
        let end = self.at.checked_add(n).filter(|&e| e <= self.bytes.len());
        let piece = &self.bytes[self.at..end.ok_or(UndumpError::Truncated(self.at))?];
        self.at += n;
        Ok(piece)
    }
    fn byte(&mut self) -> R<u8> {
        Ok(self.take(1)?[0])
    }
    fn eight(&mut self) -> R<[u8; 8]> {
        Ok(self.take(8)?.try_into().expect("took eight bytes"))
    }
    /// Sizes, counts and lines: 7 bits a byte, most significant first, the last byte
    /// marked by its high bit.
    fn size(&mut self) -> R<usize> {
        let mut x = 0usize;
        loop {
            let b = self.byte()?;
            x = x
                .checked_mul(128)
                .ok_or(UndumpError::Malformed("size overflows"))?
                | usize::from(b & 0x7f);
            if b & 0x80 != 0 {
                return Ok(x);
            }
        }
    }
    fn int(&mut self) -> R<u32> {
        u32::try_from(self.size()?).map_err(|_| UndumpError::Malformed("integer too large"))
    }
    /// A count of items that each take at least one byte, so a count larger than what is
    /// left is refused before anything is allocated for it.
    fn count(&mut self) -> R<usize> {
        let n = self.size()?;
        if n > self.bytes.len() - self.at {
            return Err(UndumpError::Truncated(self.at));
        }
        Ok(n)
    }
    /// A string is dumped as its length plus one (0 for no string), then its bytes.
    fn string(&mut self) -> R<Option<&'a [u8]>> {
        match self.size()? {
            0 => Ok(None),
            n => self.take(n - 1).map(Some),
        }
    }
    /// Debug names; a dump stripped of them leaves them empty.
    fn name(&mut self) -> R<Box<str>> {
        Ok(String::from_utf8_lossy(self.string()?.unwrap_or_default()).into())
    }

    fn header(&mut self) -> R<()> {
        let expect = |ok: bool, what| {
            if ok {
                Ok(())
            } else {
                Err(UndumpError::Header(what))
            }
        };
        expect(self.take(4)? == b"\x1bLua", "signature")?;
        expect(self.byte()? == 0x54, "version")?;
        expect(self.byte()? == 0, "format")?;
        expect(self.take(6)? == b"\x19\x93\r\n\x1a\n", "corrupted")?;
        expect(
            self.take(3)? == [4, 8, 8],
            "sizes of Instruction, lua_Integer, lua_Number",
        )?;
        expect(
            i64::from_le_bytes(self.eight()?) == 0x5678,
            "integer format",
        )?;
        expect(f64::from_le_bytes(self.eight()?) == 370.5, "float format")
    }

    /// A nested function whose source is its parent's is dumped without one.
    fn function(&mut self, parent_source: Option<&Rc<[u8]>>, depth: usize) -> R<Proto> {
        // Lua's parser cannot nest functions deeper than its C-call limit; a deeper dump
        // is forged, and following it could overflow our stack.
        if depth > 200 {
            return Err(UndumpError::Malformed("functions nested too deep"));
        }
        let source: Rc<[u8]> = match (self.string()?, parent_source) {
            (Some(s), _) => s.into(),
            (None, Some(parent)) => parent.clone(),
            (None, None) => Rc::from(&b"=?"[..]),
        };
        let (line_defined, last_line_defined) = (self.int()?, self.int()?);
        let (num_params, is_vararg, max_stack) = (self.byte()?, self.byte()? != 0, self.byte()?);
        let code = (0..self.count()?)
            .map(|_| {
                let raw = u32::from_le_bytes(self.take(4)?.try_into().expect("four bytes"));
                Instruction::decode(raw).ok_or(UndumpError::Opcode(raw))
            })
            .collect::<R<Vec<_>>>()?;
        let constants = (0..self.count()?)
            .map(|_| self.constant())
            .collect::<R<Vec<_>>>()?;
        let mut upvalues = (0..self.count()?)
            .map(|_| {
                let (in_stack, index, _kind) = (self.byte()? != 0, self.byte()?, self.byte()?);
                Ok(UpvalDesc {
                    name: "".into(),
                    in_stack,
                    index,
                })
            })
            .collect::<R<Vec<_>>>()?;
        let protos = (0..self.count()?)
            .map(|_| self.function(Some(&source), depth + 1))
            .collect::<R<Vec<_>>>()?;
        let line_info = self.lines(line_defined, code.len())?;
        let loc_vars = (0..self.count()?)
            .map(|_| {
                Ok(LocVar {
                    name: self.name()?,
                    start_pc: self.int()?,
                    end_pc: self.int()?,
                })
            })
            .collect::<R<Vec<_>>>()?;
        let named = self.count()?;
        if named > upvalues.len() {
            return Err(UndumpError::Malformed("more upvalue names than upvalues"));
        }
        for u in &mut upvalues[..named] {
            u.name = self.name()?;
        }
        Ok(Proto {
            source,
            line_defined,
            last_line_defined,
            num_params,
            is_vararg,
            max_stack,
            code,
            constants,
            upvalues,
            protos,
            line_info,
            loc_vars,
        })
    }

    fn constant(&mut self) -> R<Constant> {
        // Type tags with their variant bits, as in lobject.h.
        Ok(match self.byte()? {
            0x00 => Constant::Nil,
            0x01 => Constant::Bool(false),
            0x11 => Constant::Bool(true),
            0x03 => Constant::Int(i64::from_le_bytes(self.eight()?)),
            0x13 => Constant::Float(f64::from_le_bytes(self.eight()?)),
            0x04 | 0x14 => Constant::Str(self.string()?.unwrap_or_default().into()),
            tag => return Err(UndumpError::ConstantTag(tag)),
        })
    }

    /// Each instruction's line is a signed step from the previous one (the first from the
    /// line where the function is defined), except where the step is [`ABSOLUTE_LINE`]:
    /// that line is stored whole, in a second list keyed by pc. A stripped dump has no
    /// lines; they are then all 0.
    fn lines(&mut self, line_defined: u32, code_len: usize) -> R<Vec<u32>> {
        let n = self.count()?;
        let steps: Vec<i8> = self.take(n)?.iter().map(|&b| b as i8).collect();
        let absolute = (0..self.count()?)
            .map(|_| Ok((self.size()?, self.int()?)))
            .collect::<R<Vec<_>>>()?;
        if steps.is_empty() {
            return Ok(vec![0; code_len]);
        }
        if steps.len() != code_len {
            return Err(UndumpError::Malformed("line count differs from code size"));
        }
        let mut line = line_defined;
        steps
            .iter()
            .enumerate()
            .map(|(pc, &step)| {
                line = if step == ABSOLUTE_LINE {
                    let whole = absolute.iter().find(|&&(at, _)| at == pc);
                    whole
                        .ok_or(UndumpError::Malformed("missing absolute line"))?
                        .1
                } else {
                    line.checked_add_signed(i32::from(step))
                        .ok_or(UndumpError::Malformed("line below 0"))?
                };
                Ok(line)
            })
            .collect()
    }
}
