//! Where constructs end. luac stamps each instruction with the line of the last token
//! consumed when it was emitted; the syntax tree records where constructs start, so the
//! lines of closing tokens (`end`, `}`, `)`, `else`) are estimated here: on the line of
//! the last inner token for a one-line construct, on the following line otherwise.

use crate::compiler::ast::{Block, Expr, ExprKind, Field, Stat};

/// Line of the first token of an expression (a call's line is that of its prefix).
/// Left operands nest as deep as a chain is long, hence the loop.
pub(super) fn first(e: &Expr) -> u32 {
    let mut e = e;
    let mut line = e.line;
    loop {
        match &e.kind {
            ExprKind::Call(o, _) | ExprKind::MethodCall(o, _, _) | ExprKind::Index(o, _) => e = o,
            ExprKind::Binary(_, l, _) => e = l,
            _ => return line.min(e.line),
        }
        line = line.min(e.line);
    }
}

/// Line of the last token of an expression. Only right operands and arguments are
/// followed, whose nesting the parser bounds.
pub(super) fn last(e: &Expr) -> u32 {
    match &e.kind {
        ExprKind::Function(b) => b.end_line,
        ExprKind::Table(fields) => {
            let inner = fields.iter().map(field_last).max().unwrap_or(e.line);
            closing(e.line, Some(inner))
        }
        ExprKind::Binary(_, _, r) => last(r),
        ExprKind::Unary(_, x) | ExprKind::Paren(x) => last(x).max(e.line),
        // The parser stamps an index with the line of its key name or `]`.
        ExprKind::Index(..) => e.line,
        ExprKind::Call(_, args) | ExprKind::MethodCall(_, _, args) => {
            args.last().map_or(e.line, last)
        }
        _ => e.line,
    }
}

fn field_last(f: &Field) -> u32 {
    match f {
        Field::Positional(v) | Field::Keyed(_, v) => last(v),
    }
}

/// Estimated line of a closing token after content that ended on `inner`, for a
/// construct opened on `open`.
fn closing(open: u32, inner: Option<u32>) -> u32 {
    match inner {
        Some(l) if l > open => l + 1,
        _ => open,
    }
}

/// Line of the last token of a block's content, if it has any.
pub(super) fn block_last(b: &Block) -> Option<u32> {
    if let Some(r) = &b.ret {
        return Some(r.line);
    }
    b.stats.last().map(stat_last)
}

/// Line of the token closing a block whose opening token was on line `open`.
pub(super) fn block_end(b: &Block, open: u32) -> u32 {
    closing(open, block_last(b))
}

/// Lines of `else`/`elseif` tokens and of the final `end` of an if statement: entry `i`
/// closes arm `i`; the last entry closes the whole statement.
pub(super) fn if_closings(arms: &[(Expr, Block)], else_block: Option<&Block>) -> Vec<u32> {
    let mut out = Vec::with_capacity(arms.len() + 1);
    for (cond, body) in arms {
        out.push(block_end(body, last(cond)));
    }
    if let Some(b) = else_block {
        let open = *out.last().expect("an if has an arm");
        out.push(block_end(b, open));
    }
    out
}

/// Line of the last token of a statement.
pub(super) fn stat_last(s: &Stat) -> u32 {
    match s {
        Stat::Call(e) => last(e),
        Stat::Local { exprs, line, .. } => exprs.last().map_or(*line, last),
        Stat::Assign { line, .. } => *line,
        // Where `do` is is not recorded; a non-empty block is taken to end on the line
        // after its content, and an empty one is unknown (0).
        Stat::Do(b) => block_last(b).map_or(0, |l| l + 1),
        Stat::While { cond, body, .. } => block_end(body, last(cond)),
        Stat::Repeat { cond, .. } => last(cond),
        Stat::If {
            arms, else_block, ..
        } => *if_closings(arms, else_block.as_ref())
            .last()
            .expect("an if has an arm"),
        Stat::NumericFor {
            start,
            limit,
            step,
            body,
            ..
        } => block_end(body, last(step.as_ref().unwrap_or(limit)).max(last(start))),
        Stat::GenericFor {
            exprs, body, line, ..
        } => block_end(body, exprs.last().map_or(*line, last)),
        Stat::Function { body, .. } | Stat::LocalFunction { body, .. } => body.end_line,
        Stat::Break { line } | Stat::Goto { line, .. } | Stat::Label { line, .. } => *line,
    }
}

fn block_first(b: &Block) -> Option<u32> {
    b.stats
        .first()
        .map(stat_first)
        .or_else(|| b.ret.as_ref().map(|r| r.line))
}

pub(super) fn stat_first(s: &Stat) -> u32 {
    match s {
        Stat::Call(e) => first(e),
        Stat::Assign { targets, line, .. } => targets.first().map_or(*line, first),
        Stat::Do(b) => block_first(b).unwrap_or(0),
        Stat::Local { line, .. }
        | Stat::While { line, .. }
        | Stat::Repeat { line, .. }
        | Stat::If { line, .. }
        | Stat::NumericFor { line, .. }
        | Stat::GenericFor { line, .. }
        | Stat::Function { line, .. }
        | Stat::LocalFunction { line, .. }
        | Stat::Break { line }
        | Stat::Goto { line, .. }
        | Stat::Label { line, .. } => *line,
    }
}

/// Text of the first token of an expression, as luac quotes it in `near '...'`.
pub(super) fn first_token(e: &Expr) -> Option<String> {
    let mut e = e;
    loop {
        match &e.kind {
            ExprKind::Call(o, _) | ExprKind::MethodCall(o, _, _) | ExprKind::Index(o, _) => e = o,
            ExprKind::Binary(_, l, _) => e = l,
            _ => break,
        }
    }
    Some(match &e.kind {
        ExprKind::Nil => "nil".into(),
        ExprKind::True => "true".into(),
        ExprKind::False => "false".into(),
        ExprKind::Vararg => "...".into(),
        ExprKind::Int(i) => i.to_string(),
        ExprKind::Name(n) => String::from_utf8_lossy(n).into_owned(),
        ExprKind::Function(_) => "function".into(),
        ExprKind::Table(_) => "{".into(),
        ExprKind::Paren(_) => "(".into(),
        ExprKind::Unary(op, _) => match op {
            crate::compiler::ast::UnOp::Neg => "-",
            crate::compiler::ast::UnOp::Not => "not",
            crate::compiler::ast::UnOp::Len => "#",
            crate::compiler::ast::UnOp::BNot => "~",
        }
        .into(),
        _ => return None,
    })
}
