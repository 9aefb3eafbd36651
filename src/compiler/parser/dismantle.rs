//! Freeing syntax trees without recursion.

use crate::compiler::ast::*;

/// Work items for [`dismantle`].
pub(super) enum Node {
    Expr(Expr),
    Stat(Stat),
    Block(Block),
}

/// Frees a tree without recursion. Left-associative chains (`a+b+c+...`, `a.b.c...`,
/// `f()()()...`) can be as deep as the source is long, and the derived drop would
/// recurse once per node.
pub(super) fn dismantle(root: Node) {
    let mut work = vec![root];
    while let Some(node) = work.pop() {
        match node {
            Node::Expr(mut e) => match std::mem::replace(&mut e.kind, ExprKind::Nil) {
                ExprKind::Binary(_, a, b) | ExprKind::Index(a, b) => {
                    work.push(Node::Expr(*a));
                    work.push(Node::Expr(*b));
                }
                ExprKind::Unary(_, a) | ExprKind::Paren(a) => work.push(Node::Expr(*a)),
                ExprKind::Call(f, args) | ExprKind::MethodCall(f, _, args) => {
                    work.push(Node::Expr(*f));
                    work.extend(args.into_iter().map(Node::Expr));
                }
                ExprKind::Table(fields) => {
                    for field in fields {
                        match field {
                            Field::Positional(v) => work.push(Node::Expr(v)),
                            Field::Keyed(k, v) => {
                                work.push(Node::Expr(k));
                                work.push(Node::Expr(v));
                            }
                        }
                    }
                }
                ExprKind::Function(f) => work.push(Node::Block(f.body)),
                _ => {}
            },
            Node::Block(b) => {
                work.extend(b.stats.into_iter().map(Node::Stat));
                if let Some(r) = b.ret {
                    work.extend(r.exprs.into_iter().map(Node::Expr));
                }
            }
            Node::Stat(s) => match s {
                Stat::Call(e) => work.push(Node::Expr(e)),
                Stat::Local { exprs, .. } => work.extend(exprs.into_iter().map(Node::Expr)),
                Stat::Assign { targets, exprs, .. } => {
                    work.extend(targets.into_iter().chain(exprs).map(Node::Expr));
                }
                Stat::Do(b) => work.push(Node::Block(b)),
                Stat::While { cond, body, .. } | Stat::Repeat { body, cond, .. } => {
                    work.push(Node::Expr(cond));
                    work.push(Node::Block(body));
                }
                Stat::If {
                    arms, else_block, ..
                } => {
                    for (c, b) in arms {
                        work.push(Node::Expr(c));
                        work.push(Node::Block(b));
                    }
                    work.extend(else_block.map(Node::Block));
                }
                Stat::NumericFor {
                    start,
                    limit,
                    step,
                    body,
                    ..
                } => {
                    work.push(Node::Expr(start));
                    work.push(Node::Expr(limit));
                    work.extend(step.map(Node::Expr));
                    work.push(Node::Block(body));
                }
                Stat::GenericFor { exprs, body, .. } => {
                    work.extend(exprs.into_iter().map(Node::Expr));
                    work.push(Node::Block(body));
                }
                Stat::Function { body, .. } | Stat::LocalFunction { body, .. } => {
                    work.push(Node::Block(body.body));
                }
                Stat::Break { .. } | Stat::Goto { .. } | Stat::Label { .. } => {}
            },
        }
    }
}
