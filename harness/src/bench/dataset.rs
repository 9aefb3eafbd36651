//! A benchmark CSV read back for the charts and the report: samples, their summaries,
//! and the orders in which engines and workloads are shown.

use super::engine::{Engine, PICCOLO, REFERENCE};
use super::record::{geomean, read_csv, summarize, Sample, Skip, Summary};
use super::workloads::WORKLOADS;
use std::path::Path;

pub struct Dataset {
    pub samples: Vec<Sample>,
    pub summary: Vec<Summary>,
    pub skipped: Vec<Skip>,
    /// Backends in `BACKENDS` order, then piccolo, then the reference, then any other
    /// name found in the file.
    pub engines: Vec<String>,
    /// In `WORKLOADS` order, then any other name found in the file.
    pub workloads: Vec<String>,
    pub git_commit: String,
    pub date: String,
    pub machine: String,
}

/// One engine's geometric-mean ratio to the reference.
pub struct GeoMean {
    pub engine: String,
    /// Over every workload the engine ran (at its headline size).
    pub all: f64,
    pub count: usize,
    /// Over the workloads piccolo also ran, for a like-for-like comparison with it.
    pub piccolo_subset: Option<f64>,
}

impl Dataset {
    /// The samples in `csv` (and the skips in the `skipped` file beside it, if any);
    /// `None` when `csv` does not exist.
    pub fn load(csv: &Path, skipped: &Path) -> Result<Option<Dataset>, String> {
        if !csv.exists() {
            return Ok(None);
        }
        let samples: Vec<Sample> = read_csv(csv)?;
        let skipped: Vec<Skip> = if skipped.exists() {
            read_csv(skipped)?
        } else {
            Vec::new()
        };
        Ok(Some(Dataset::new(samples, skipped)))
    }

    pub fn new(samples: Vec<Sample>, skipped: Vec<Skip>) -> Dataset {
        let mut engines: Vec<String> = Engine::all().iter().map(|e| e.name().into()).collect();
        let mut workloads: Vec<String> = WORKLOADS.iter().map(|w| w.name.into()).collect();
        for s in &samples {
            if !engines.contains(&s.engine) {
                engines.push(s.engine.clone());
            }
            if !workloads.contains(&s.workload) {
                workloads.push(s.workload.clone());
            }
        }
        engines.retain(|e| samples.iter().any(|s| &s.engine == e));
        workloads.retain(|w| samples.iter().any(|s| &s.workload == w));
        let first = samples.first();
        let field = |f: fn(&Sample) -> &String| first.map(|s| f(s).clone()).unwrap_or_default();
        Dataset {
            summary: summarize(&samples, REFERENCE),
            git_commit: field(|s| &s.git_commit),
            date: field(|s| &s.date),
            machine: field(|s| &s.machine),
            samples,
            skipped,
            engines,
            workloads,
        }
    }

    /// The size a workload's headline numbers use: the largest it was run at.
    pub fn headline_size(&self, workload: &str) -> Option<i64> {
        self.summary
            .iter()
            .filter(|s| s.workload == workload)
            .map(|s| s.size)
            .max()
    }

    pub fn get(&self, workload: &str, size: i64, engine: &str) -> Option<&Summary> {
        self.summary
            .iter()
            .find(|s| s.workload == workload && s.size == size && s.engine == engine)
    }

    /// `engine`'s summary for `workload` at the headline size.
    pub fn headline(&self, workload: &str, engine: &str) -> Option<&Summary> {
        self.get(workload, self.headline_size(workload)?, engine)
    }

    /// Every size a workload was run at, ascending.
    pub fn sizes(&self, workload: &str) -> Vec<i64> {
        let mut v: Vec<i64> = self
            .summary
            .iter()
            .filter(|s| s.workload == workload)
            .map(|s| s.size)
            .collect();
        v.sort_unstable();
        v.dedup();
        v
    }

    /// Whether some workload was run at more than one size.
    pub fn has_sweep(&self) -> bool {
        self.workloads.iter().any(|w| self.sizes(w).len() > 1)
    }

    /// Median ratios to the reference at the headline sizes, per engine but the reference.
    pub fn geomeans(&self) -> Vec<GeoMean> {
        let ran =
            |engine: &str, w: &str| self.headline(w, engine).and_then(|s| s.ratio_to_reference);
        let piccolo_ran: Vec<&String> = self
            .workloads
            .iter()
            .filter(|w| ran(PICCOLO, w).is_some())
            .collect();
        self.engines
            .iter()
            .filter(|e| *e != REFERENCE)
            .filter_map(|e| {
                let all: Vec<f64> = self.workloads.iter().filter_map(|w| ran(e, w)).collect();
                let subset: Vec<f64> = piccolo_ran.iter().filter_map(|w| ran(e, w)).collect();
                Some(GeoMean {
                    engine: e.clone(),
                    all: geomean(&all)?,
                    count: all.len(),
                    piccolo_subset: geomean(&subset),
                })
            })
            .collect()
    }

    /// The reasons `engine` did not run `workload`, if it did not.
    pub fn skip_reason(&self, workload: &str, engine: &str) -> Option<&str> {
        self.skipped
            .iter()
            .find(|s| s.workload == workload && s.engine == engine)
            .map(|s| s.reason.as_str())
    }

    /// `commit ... · date · machine`, for chart subtitles and the report.
    pub fn provenance(&self) -> String {
        format!(
            "commit {} · {} · {}",
            self.git_commit, self.date, self.machine
        )
    }
}
