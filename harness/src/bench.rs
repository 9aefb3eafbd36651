//! Benchmarks: the Lua workloads in `harness/bench/`, the engines that run them (every
//! backend, PUC-Rio Lua through `mlua`, and `piccolo`), and the runner behind
//! `luatb bench` and the criterion benches, which share [`engine::run_once`] so that both
//! time exactly the same thing.

pub mod cli;
pub mod dataset;
pub mod engine;
pub mod record;
pub mod suite;
pub mod workloads;

pub use engine::{run_once, Engine, Run};
pub use workloads::{Workload, WORKLOADS};
