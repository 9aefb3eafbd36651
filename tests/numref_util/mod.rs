//! Shared by the reference tests of `number` and `printf`: a seeded PRNG and generators of
//! floats that hit formatting and rounding corner cases. Expected values always come from the
//! embedded C Lua 5.4 (mlua, vendored), never from this file.
#![allow(dead_code)]

/// splitmix64: deterministic, so a failure reproduces.
pub struct Rng(u64);

impl Rng {
    pub fn new(seed: u64) -> Self {
        Rng(seed)
    }

    pub fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9e37_79b9_7f4a_7c15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
        z ^ (z >> 31)
    }

    pub fn below(&mut self, n: u64) -> u64 {
        self.next() % n
    }

    pub fn pick<'a, T>(&mut self, xs: &'a [T]) -> &'a T {
        &xs[self.below(xs.len() as u64) as usize]
    }

    /// Any float, NaN payloads excluded: uniform bit patterns cover all exponents.
    pub fn any_float(&mut self) -> f64 {
        loop {
            let f = f64::from_bits(self.next());
            if !f.is_nan() {
                return f;
            }
        }
    }

    /// Floats a program would plausibly print: short decimals, ratios, powers, near-integers.
    pub fn human_float(&mut self) -> f64 {
        let sign = if self.below(2) == 0 { 1.0 } else { -1.0 };
        let m = self.below(1_000_000_000_000) as f64;
        let v = match self.below(8) {
            0 => m / 10f64.powi(self.below(20) as i32),
            1 => m * 10f64.powi(self.below(12) as i32),
            2 => (self.below(1000) as f64 + 1.0) / (self.below(1000) as f64 + 1.0),
            3 => 2f64.powi(self.below(2100) as i32 - 1075),
            4 => 10f64.powi(self.below(640) as i32 - 320),
            5 => {
                // Halfway-looking decimals: digit strings ending in 5 at many lengths.
                let digits = self.below(18) + 1;
                let n = self.below(10u64.pow(digits as u32 - 1)) * 10 + 5;
                n as f64 / 10f64.powi(self.below(20) as i32)
            }
            6 => (1u64 << 53) as f64 + self.below(64) as f64 - 32.0,
            _ => f64::from_bits(self.below(1 << 52)), // subnormals
        };
        sign * v
    }
}

/// Floats at the edges of formatting and conversion ranges.
pub fn edge_floats() -> Vec<f64> {
    let mut v = vec![
        0.0,
        -0.0,
        1.0,
        -1.0,
        0.5,
        1.5,
        2.5,
        0.1,
        0.2,
        0.3,
        1.0 / 3.0,
        2.0 / 3.0,
        std::f64::consts::PI,
        3.5e-7,
        100.0,
        1e14,
        1e15,
        1e16,
        1e17,
        123456789012345.0,
        1234567890123456.0,
        99999999999999.0,
        999999999999999.0,
        9999999999999999.0,
        99999999999999.5,
        0.00001,
        0.0001,
        0.001,
        1e-5,
        9.99999999999995e-5,
        f64::MIN_POSITIVE,
        f64::MIN_POSITIVE / 2.0,
        f64::from_bits(1),
        f64::from_bits(0x000f_ffff_ffff_ffff),
        f64::MAX,
        f64::MIN,
        f64::EPSILON,
        f64::INFINITY,
        f64::NEG_INFINITY,
        f64::NAN,
        -f64::NAN,
        9007199254740992.0,
        9007199254740993.0,
        9223372036854775807.0,
        -9223372036854775808.0,
        18446744073709551616.0,
        4503599627370496.5,
        0.05,
        0.15,
        0.25,
        0.35,
        1e21,
        1e22,
        1e23,
        5e-324,
        1.7976931348623157e308,
    ];
    for e in -30..30 {
        let p = 10f64.powi(e);
        v.extend([p, -p, p * 1.5, p * 9.5, p - p * 1e-15, p + p * 1e-15]);
    }
    for e in [52, 53, 54, 62, 63, 64, 1023, -1022, -1074] {
        let p = 2f64.powi(e);
        v.extend([
            p,
            -p,
            p * 3.0,
            p - p * f64::EPSILON,
            p + p * f64::EPSILON * 2.0,
        ]);
    }
    v
}

/// Compares floats by bit pattern, except that any NaN equals any NaN: a NaN's sign is not
/// something both sides are guaranteed to produce the same way.
pub fn same_float(a: f64, b: f64) -> bool {
    (a.is_nan() && b.is_nan()) || a.to_bits() == b.to_bits()
}
