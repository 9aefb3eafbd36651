//! The mathematical library (manual §6.7), with 5.4's xoshiro256** generator so that a
//! seeded sequence is the reference's, number for number.

use crate::error::LuaError;
use crate::function::{FunctionObj, NativeClosure};
use crate::heap::HeapBackend;
use crate::number::{self, F2I};
use crate::value::Value;
use crate::vm::{CallCtx, NativeFn, Vm};

type R<B> = Result<usize, LuaError<B>>;

pub fn open<B: HeapBackend>(vm: &mut Vm<B>) {
    let fns: &[(&str, NativeFn<B>)] = &[
        ("abs", abs),
        ("acos", acos),
        ("asin", asin),
        ("atan", atan),
        ("ceil", ceil),
        ("cos", cos),
        ("deg", deg),
        ("exp", exp),
        ("floor", floor),
        ("fmod", fmod),
        ("log", log),
        ("max", max),
        ("min", min),
        ("modf", modf),
        ("rad", rad),
        ("sin", sin),
        ("sqrt", sqrt),
        ("tan", tan),
        ("tointeger", tointeger),
        ("type", type_),
        ("ult", ult),
        // Lua 5.3's functions, which lua5.4 keeps when built with LUA_COMPAT_MATHLIB, as
        // Debian's lua5.4 and the vendored reference are.
        ("cosh", cosh),
        ("sinh", sinh),
        ("tanh", tanh),
        ("log10", log10),
        ("pow", pow),
        ("frexp", frexp),
        ("ldexp", ldexp),
    ];
    let m = super::new_lib(vm, "math", fns);
    let consts = [
        ("pi", Value::Float(std::f64::consts::PI)),
        ("huge", Value::Float(f64::INFINITY)),
        ("maxinteger", Value::Int(i64::MAX)),
        ("mininteger", Value::Int(i64::MIN)),
    ];
    for (name, v) in consts {
        let k = vm.heap.intern(name.as_bytes());
        let _ = vm.heap.set_str(m, k, v);
    }
    // The generator state is a userdata shared as the upvalue of both functions, so each
    // VM has its own sequence.
    let mut state = Xoshiro([0; 4]);
    state.seed(time_seed(), vm as *const Vm<B> as u64);
    let ud = Value::Userdata(vm.heap.new_userdata(Box::new(state)));
    let closures: [(&str, NativeFn<B>); 2] = [("random", random), ("randomseed", randomseed)];
    for (name, f) in closures {
        let c = vm.heap.new_function(FunctionObj::Native(NativeClosure {
            f,
            upvals: vec![ud].into_boxed_slice(),
        }));
        let k = vm.heap.intern(name.as_bytes());
        let _ = vm.heap.set_str(m, k, Value::Function(c));
    }
}

fn time_seed() -> u64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| d.as_secs())
        .unwrap_or(0)
}

/// xoshiro256** (Blackman and Vigna).
struct Xoshiro([u64; 4]);

impl Xoshiro {
    fn next(&mut self) -> u64 {
        let s = &mut self.0;
        let out = s[1].wrapping_mul(5).rotate_left(7).wrapping_mul(9);
        let t = s[1] << 17;
        s[2] ^= s[0];
        s[3] ^= s[1];
        s[1] ^= s[2];
        s[0] ^= s[3];
        s[2] ^= t;
        s[3] = s[3].rotate_left(45);
        out
    }

    /// 5.4's seeding: the two seed words with fixed filler (never an all-zero state), then
    /// 16 discarded outputs to spread the seed over every bit.
    fn seed(&mut self, n1: u64, n2: u64) {
        self.0 = [n1, 0xff, n2, 0];
        for _ in 0..16 {
            self.next();
        }
    }

    /// A value uniform in `0..=n`: mask to the smallest enclosing power of two minus one
    /// and draw again while outside, so there is no modulo bias.
    fn project(&mut self, mut ran: u64, n: u64) -> u64 {
        if n & n.wrapping_add(1) == 0 {
            return ran & n;
        }
        let lim = u64::MAX >> n.leading_zeros();
        loop {
            ran &= lim;
            if ran <= n {
                return ran;
            }
            ran = self.next();
        }
    }
}

/// The top 53 bits of `x` as a float in [0, 1).
fn to_unit_float(x: u64) -> f64 {
    (x >> 11) as f64 * (0.5 / (1u64 << 52) as f64)
}

fn with_state<B: HeapBackend, T>(vm: &Vm<B>, f: impl FnOnce(&mut Xoshiro) -> T) -> T {
    let ud = match vm.current_function().map(|c| vm.heap.native_upvalue(c, 0)) {
        Some(Value::Userdata(u)) => u,
        _ => unreachable!("math.random is always a closure over its state"),
    };
    vm.heap
        .with_userdata(ud, |any| match any.downcast_mut::<Xoshiro>() {
            Some(s) => f(s),
            None => unreachable!("the upvalue of math.random holds its state"),
        })
}

fn random<B: HeapBackend>(vm: &mut Vm<B>, cx: CallCtx) -> R<B> {
    let rv = with_state(vm, |s| s.next());
    let (low, up) = match cx.nargs {
        0 => {
            vm.push(Value::Float(to_unit_float(rv)));
            return Ok(1);
        }
        1 => {
            let up = vm.check_int(cx, 0)?;
            if up == 0 {
                vm.push(Value::Int(rv as i64));
                return Ok(1);
            }
            (1, up)
        }
        2 => (vm.check_int(cx, 0)?, vm.check_int(cx, 1)?),
        _ => return Err(vm.native_error("wrong number of arguments")),
    };
    if low > up {
        return Err(vm.arg_error(0, "interval is empty"));
    }
    let span = (up as u64).wrapping_sub(low as u64);
    let p = with_state(vm, |s| s.project(rv, span));
    vm.push(Value::Int(p.wrapping_add(low as u64) as i64));
    Ok(1)
}

fn randomseed<B: HeapBackend>(vm: &mut Vm<B>, cx: CallCtx) -> R<B> {
    let (n1, n2) = if cx.nargs == 0 {
        (time_seed(), vm as *const Vm<B> as u64)
    } else {
        (vm.check_int(cx, 0)? as u64, vm.opt_int(cx, 1, 0)? as u64)
    };
    with_state(vm, |s| s.seed(n1, n2));
    vm.push(Value::Int(n1 as i64));
    vm.push(Value::Int(n2 as i64));
    Ok(2)
}

fn float_arg<B: HeapBackend>(vm: &Vm<B>, cx: CallCtx, i: usize) -> Result<f64, LuaError<B>> {
    Ok(match vm.check_number(cx, i)? {
        Value::Int(n) => n as f64,
        Value::Float(f) => f,
        _ => unreachable!("check_number returns numbers"),
    })
}

macro_rules! float_fns {
    ($($name:ident => $f:expr),* $(,)?) => {$(
        fn $name<B: HeapBackend>(vm: &mut Vm<B>, cx: CallCtx) -> R<B> {
            let x = float_arg(vm, cx, 0)?;
            let f: fn(f64) -> f64 = $f;
            vm.push(Value::Float(f(x)));
            Ok(1)
        }
    )*};
}

float_fns! {
    cosh => f64::cosh,
    sinh => f64::sinh,
    tanh => f64::tanh,
    log10 => f64::log10,
    sin => f64::sin,
    cos => f64::cos,
    tan => f64::tan,
    asin => f64::asin,
    acos => f64::acos,
    exp => f64::exp,
    sqrt => f64::sqrt,
    deg => |x| x * (180.0 / std::f64::consts::PI),
    rad => |x| x * (std::f64::consts::PI / 180.0),
}

fn atan<B: HeapBackend>(vm: &mut Vm<B>, cx: CallCtx) -> R<B> {
    let y = float_arg(vm, cx, 0)?;
    let x = if vm.arg(cx, 1).is_nil() {
        1.0
    } else {
        float_arg(vm, cx, 1)?
    };
    vm.push(Value::Float(y.atan2(x)));
    Ok(1)
}

fn log<B: HeapBackend>(vm: &mut Vm<B>, cx: CallCtx) -> R<B> {
    let x = float_arg(vm, cx, 0)?;
    let r = if vm.arg(cx, 1).is_nil() {
        x.ln()
    } else {
        match float_arg(vm, cx, 1)? {
            2.0 => x.log2(),
            10.0 => x.log10(),
            b => x.ln() / b.ln(),
        }
    };
    vm.push(Value::Float(r));
    Ok(1)
}

fn abs<B: HeapBackend>(vm: &mut Vm<B>, cx: CallCtx) -> R<B> {
    let r = match vm.arg(cx, 0) {
        Value::Int(n) => Value::Int(n.wrapping_abs()),
        _ => Value::Float(float_arg(vm, cx, 0)?.abs()),
    };
    vm.push(r);
    Ok(1)
}

/// A float result that is an integer when it fits one (floor, ceil, modf).
fn int_if_fits<B: HeapBackend>(f: f64) -> Value<B> {
    match number::float_to_int(f, F2I::Exact) {
        Some(i) => Value::Int(i),
        None => Value::Float(f),
    }
}

fn floor<B: HeapBackend>(vm: &mut Vm<B>, cx: CallCtx) -> R<B> {
    let r = match vm.arg(cx, 0) {
        v @ Value::Int(_) => v,
        _ => int_if_fits(float_arg(vm, cx, 0)?.floor()),
    };
    vm.push(r);
    Ok(1)
}

fn ceil<B: HeapBackend>(vm: &mut Vm<B>, cx: CallCtx) -> R<B> {
    let r = match vm.arg(cx, 0) {
        v @ Value::Int(_) => v,
        _ => int_if_fits(float_arg(vm, cx, 0)?.ceil()),
    };
    vm.push(r);
    Ok(1)
}

fn pow<B: HeapBackend>(vm: &mut Vm<B>, cx: CallCtx) -> R<B> {
    let (x, y) = (float_arg(vm, cx, 0)?, float_arg(vm, cx, 1)?);
    vm.push(Value::Float(x.powf(y)));
    Ok(1)
}

/// `m, e` with `x = m * 2^e` and `0.5 <= |m| < 1`; zero, infinities and NaN as they are.
fn frexp<B: HeapBackend>(vm: &mut Vm<B>, cx: CallCtx) -> R<B> {
    let (m, e) = split_exponent(float_arg(vm, cx, 0)?);
    vm.push(Value::Float(m));
    vm.push(Value::Int(e));
    Ok(2)
}

fn split_exponent(x: f64) -> (f64, i64) {
    if x == 0.0 || !x.is_finite() {
        return (x, 0);
    }
    // Subnormals have no implicit bit: scale them into the normal range first.
    let (x, bias) = if x.abs() < f64::MIN_POSITIVE {
        (x * 2f64.powi(54), -54)
    } else {
        (x, 0)
    };
    let bits = x.to_bits();
    let exp = ((bits >> 52) & 0x7ff) as i64;
    let m = f64::from_bits((bits & !(0x7ff << 52)) | (1022 << 52));
    (m, exp - 1022 + bias)
}

/// `m * 2^e`, rounded once as C's `ldexp` is.
fn ldexp<B: HeapBackend>(vm: &mut Vm<B>, cx: CallCtx) -> R<B> {
    let m = float_arg(vm, cx, 0)?;
    let e = vm.check_int(cx, 1)?;
    vm.push(Value::Float(scale_by_power_of_two(m, e)));
    Ok(1)
}

fn scale_by_power_of_two(x: f64, e: i64) -> f64 {
    let (m, k) = split_exponent(x);
    if m == 0.0 || !m.is_finite() {
        return m;
    }
    // x = m * 2^k with 0.5 <= |m| < 1, so the result's exponent is known up front.
    let exp = k.saturating_add(e);
    if exp > 1024 {
        return f64::INFINITY.copysign(m);
    }
    if exp >= -1021 {
        // A normal result: only the exponent changes. (2m is in [1, 2), so the power
        // stays finite up to the largest exponent.)
        return (2.0 * m) * 2f64.powi((exp - 1) as i32);
    }
    // A subnormal (or zero) result: the scaled mantissa is exact, and rounding it to an
    // integer count of the smallest subnormal rounds once, to nearest even.
    if exp < -1075 {
        return 0.0f64.copysign(m);
    }
    let units = (m * 2f64.powi((exp + 1074) as i32)).round_ties_even();
    units * 2f64.powi(-1074)
}

fn fmod<B: HeapBackend>(vm: &mut Vm<B>, cx: CallCtx) -> R<B> {
    let r = match (vm.arg(cx, 0), vm.arg(cx, 1)) {
        (Value::Int(a), Value::Int(d)) => match d {
            0 => return Err(vm.arg_error(1, "zero")),
            // `MIN % -1` overflows in Rust; the answer is 0 for any dividend.
            -1 => Value::Int(0),
            _ => Value::Int(a % d),
        },
        _ => {
            // lua5.4 (built with gcc) checks the divisor first: blame #2 when both are bad.
            let b = float_arg(vm, cx, 1)?;
            let a = float_arg(vm, cx, 0)?;
            Value::Float(a % b)
        }
    };
    vm.push(r);
    Ok(1)
}

fn modf<B: HeapBackend>(vm: &mut Vm<B>, cx: CallCtx) -> R<B> {
    if let v @ Value::Int(_) = vm.arg(cx, 0) {
        vm.push(v);
        vm.push(Value::Float(0.0));
        return Ok(2);
    }
    let n = float_arg(vm, cx, 0)?;
    let ip = n.trunc();
    vm.push(int_if_fits(ip));
    // Infinities have no fractional part, and `inf - inf` would be NaN.
    vm.push(Value::Float(if n == ip { 0.0 } else { n - ip }));
    Ok(2)
}

fn tointeger<B: HeapBackend>(vm: &mut Vm<B>, cx: CallCtx) -> R<B> {
    let r = match vm.to_integer(vm.arg(cx, 0)) {
        Some(i) => Value::Int(i),
        None => {
            vm.check_any(cx, 0)?;
            Value::Nil
        }
    };
    vm.push(r);
    Ok(1)
}

fn type_<B: HeapBackend>(vm: &mut Vm<B>, cx: CallCtx) -> R<B> {
    let r = match vm.check_any(cx, 0)? {
        Value::Int(_) => vm.str("integer"),
        Value::Float(_) => vm.str("float"),
        _ => Value::Nil,
    };
    vm.push(r);
    Ok(1)
}

fn ult<B: HeapBackend>(vm: &mut Vm<B>, cx: CallCtx) -> R<B> {
    let a = vm.check_int(cx, 0)?;
    let b = vm.check_int(cx, 1)?;
    vm.push(Value::Bool((a as u64) < (b as u64)));
    Ok(1)
}

/// `math.min`/`math.max`: the first argument that is least under `<` (with `__lt`), or
/// greatest when `greatest`; the winner is returned as it was given.
fn extreme<B: HeapBackend>(vm: &mut Vm<B>, cx: CallCtx, greatest: bool) -> R<B> {
    let mut best = vm.check_any(cx, 0)?;
    for i in 1..cx.nargs {
        let v = vm.arg(cx, i);
        let better = if greatest {
            vm.less_than(best, v)?
        } else {
            vm.less_than(v, best)?
        };
        if better {
            best = v;
        }
    }
    vm.push(best);
    Ok(1)
}

fn max<B: HeapBackend>(vm: &mut Vm<B>, cx: CallCtx) -> R<B> {
    extreme(vm, cx, true)
}

fn min<B: HeapBackend>(vm: &mut Vm<B>, cx: CallCtx) -> R<B> {
    extreme(vm, cx, false)
}
