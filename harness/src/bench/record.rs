//! The CSV files a benchmark run leaves in `results/`, and the statistics derived from them.
//!
//! - `bench.csv` (`sweep.csv` for `--sweep`): one [`Sample`] per timed run.
//! - `summary.csv` (`sweep_summary.csv`): one [`Summary`] per workload x size x engine.
//! - `skipped.csv` (`sweep_skipped.csv`): one [`Skip`] per engine that could not run a
//!   workload (an error, or output that differs from the reference's).

use serde::{de::DeserializeOwned, Deserialize, Serialize};
use std::path::Path;

/// One timed run.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Sample {
    pub workload: String,
    pub size: i64,
    pub engine: String,
    /// 1-based.
    pub repetition: u32,
    pub seconds: f64,
    pub peak_heap_bytes: Option<u64>,
    pub git_commit: String,
    pub date: String,
    pub machine: String,
}

/// The repetitions of one workload x size x engine, reduced.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Summary {
    pub workload: String,
    pub size: i64,
    pub engine: String,
    pub repetitions: u32,
    pub median_s: f64,
    pub min_s: f64,
    pub max_s: f64,
    /// `median_s` over the reference's `median_s` at the same workload and size.
    pub ratio_to_reference: Option<f64>,
    pub peak_heap_bytes: Option<u64>,
}

/// An engine that did not run a workload, and why.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Skip {
    pub workload: String,
    pub size: i64,
    pub engine: String,
    pub reason: String,
}

/// Where and when a run happened; the same on every row of one run.
#[derive(Clone, Debug, PartialEq)]
pub struct Meta {
    pub git_commit: String,
    pub date: String,
    pub machine: String,
}

impl Meta {
    pub fn collect() -> Meta {
        Meta {
            git_commit: git_commit(),
            date: utc_now(),
            machine: machine(),
        }
    }
}

fn git_commit() -> String {
    let root = concat!(env!("CARGO_MANIFEST_DIR"), "/..");
    std::process::Command::new("git")
        .args(["rev-parse", "--short=12", "HEAD"])
        .current_dir(root)
        .output()
        .ok()
        .filter(|o| o.status.success())
        .map(|o| String::from_utf8_lossy(&o.stdout).trim().to_string())
        .filter(|s| !s.is_empty())
        .unwrap_or_else(|| "unknown".into())
}

/// `YYYY-MM-DD HH:MM UTC`, from the system clock (days-to-civil conversion, proleptic
/// Gregorian calendar).
fn utc_now() -> String {
    let secs = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| d.as_secs() as i64)
        .unwrap_or(0);
    let (days, rem) = (secs.div_euclid(86_400), secs.rem_euclid(86_400));
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let day = doy - (153 * mp + 2) / 5 + 1;
    let month = if mp < 10 { mp + 3 } else { mp - 9 };
    let year = yoe + era * 400 + i64::from(month <= 2);
    format!(
        "{year:04}-{month:02}-{day:02} {:02}:{:02} UTC",
        rem / 3600,
        rem % 3600 / 60
    )
}

fn machine() -> String {
    let cpu = std::fs::read_to_string("/proc/cpuinfo")
        .ok()
        .and_then(|s| {
            s.lines()
                .find(|l| l.starts_with("model name"))
                .and_then(|l| l.split(':').nth(1))
                .map(|m| m.split_whitespace().collect::<Vec<_>>().join(" "))
        })
        .unwrap_or_else(|| std::env::consts::ARCH.to_string());
    let threads = std::thread::available_parallelism().map_or(1, |n| n.get());
    format!("{cpu}, {threads} threads, {}", std::env::consts::OS)
}

/// Median, min and max of every workload x size x engine, in the order they first appear,
/// with ratios to the reference's median where the reference ran.
pub fn summarize(samples: &[Sample], reference: &str) -> Vec<Summary> {
    let mut groups: Vec<((String, i64, String), Vec<&Sample>)> = Vec::new();
    for s in samples {
        let key = (s.workload.clone(), s.size, s.engine.clone());
        match groups.iter_mut().find(|(k, _)| *k == key) {
            Some((_, v)) => v.push(s),
            None => groups.push((key, vec![s])),
        }
    }
    let mut out: Vec<Summary> = groups
        .into_iter()
        .map(|((workload, size, engine), runs)| {
            let times: Vec<f64> = runs.iter().map(|s| s.seconds).collect();
            Summary {
                workload,
                size,
                engine,
                repetitions: runs.len() as u32,
                median_s: median(&times),
                min_s: times.iter().copied().fold(f64::INFINITY, f64::min),
                max_s: times.iter().copied().fold(0.0, f64::max),
                ratio_to_reference: None,
                peak_heap_bytes: runs.iter().filter_map(|s| s.peak_heap_bytes).max(),
            }
        })
        .collect();
    let refs: Vec<(String, i64, f64)> = out
        .iter()
        .filter(|s| s.engine == reference)
        .map(|s| (s.workload.clone(), s.size, s.median_s))
        .collect();
    for s in &mut out {
        s.ratio_to_reference = refs
            .iter()
            .find(|(w, n, _)| *w == s.workload && *n == s.size)
            .map(|(_, _, m)| s.median_s / m);
    }
    out
}

pub fn median(xs: &[f64]) -> f64 {
    if xs.is_empty() {
        return f64::NAN;
    }
    let mut v = xs.to_vec();
    v.sort_by(f64::total_cmp);
    let mid = v.len() / 2;
    if v.len() % 2 == 1 {
        v[mid]
    } else {
        (v[mid - 1] + v[mid]) / 2.0
    }
}

/// Geometric mean; `None` for an empty input.
pub fn geomean(xs: &[f64]) -> Option<f64> {
    (!xs.is_empty()).then(|| (xs.iter().map(|x| x.ln()).sum::<f64>() / xs.len() as f64).exp())
}

pub fn write_csv<T: Serialize>(path: &Path, rows: &[T]) -> Result<(), String> {
    let fail = |e: &dyn std::fmt::Display| format!("{}: {e}", path.display());
    let mut w = csv::Writer::from_path(path).map_err(|e| fail(&e))?;
    for r in rows {
        w.serialize(r).map_err(|e| fail(&e))?;
    }
    w.flush().map_err(|e| fail(&e))
}

pub fn read_csv<T: DeserializeOwned>(path: &Path) -> Result<Vec<T>, String> {
    let fail = |e: &dyn std::fmt::Display| format!("{}: {e}", path.display());
    let mut r = csv::Reader::from_path(path).map_err(|e| fail(&e))?;
    r.deserialize()
        .map(|row| row.map_err(|e| fail(&e)))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sample(engine: &str, rep: u32, seconds: f64) -> Sample {
        Sample {
            workload: "w".into(),
            size: 10,
            engine: engine.into(),
            repetition: rep,
            seconds,
            peak_heap_bytes: Some(u64::from(rep) * 100),
            git_commit: "c".into(),
            date: "d".into(),
            machine: "m".into(),
        }
    }

    #[test]
    fn summary_has_median_extremes_and_ratio() {
        let rows = [
            sample("reference", 1, 2.0),
            sample("x", 1, 3.0),
            sample("reference", 2, 4.0),
            sample("x", 2, 9.0),
            sample("x", 3, 6.0),
        ];
        let s = summarize(&rows, "reference");
        assert_eq!(s.len(), 2);
        assert_eq!((s[0].engine.as_str(), s[0].median_s), ("reference", 3.0));
        let x = &s[1];
        assert_eq!(
            (x.median_s, x.min_s, x.max_s, x.repetitions),
            (6.0, 3.0, 9.0, 3)
        );
        assert_eq!(x.ratio_to_reference, Some(2.0));
        assert_eq!(x.peak_heap_bytes, Some(300));
    }

    #[test]
    fn geomean_and_date_shape() {
        assert!((geomean(&[2.0, 8.0]).unwrap() - 4.0).abs() < 1e-12);
        assert_eq!(geomean(&[]), None);
        let d = utc_now();
        assert!(
            d.ends_with(" UTC") && d.len() == 20 && d.starts_with("20"),
            "{d}"
        );
    }

    #[test]
    fn csv_round_trip_keeps_missing_memory() {
        let dir = std::env::temp_dir().join(format!("luatb-csv-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        let path = dir.join("b.csv");
        let mut rows = vec![sample("a", 1, 0.5)];
        rows[0].peak_heap_bytes = None;
        rows[0].machine = "cpu, 2 threads, \"linux\"".into();
        write_csv(&path, &rows).unwrap();
        let back: Vec<Sample> = read_csv(&path).unwrap();
        assert_eq!(back, rows);
        let _ = std::fs::remove_dir_all(&dir);
    }
}
