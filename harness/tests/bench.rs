//! Every benchmark program, at its tiny size, prints the same checksum on every backend as
//! on the reference Lua, through the same `run_once` the benchmarks time.

use luatb_harness::backends::BACKENDS;
use luatb_harness::bench::{run_once, Engine, WORKLOADS};

/// Runs on a thread with a large stack, as `luatb bench` does.
fn on_big_stack<T: Send + 'static>(f: impl FnOnce() -> T + Send + 'static) -> T {
    std::thread::Builder::new()
        .stack_size(256 << 20)
        .spawn(f)
        .expect("spawn")
        .join()
        .expect("engine thread panicked")
}

#[test]
fn every_backend_prints_the_reference_checksum() {
    let failures = on_big_stack(|| {
        let mut failures = Vec::new();
        for w in WORKLOADS {
            let reference = run_once(Engine::Reference, w.source, w.tiny, true);
            assert_eq!(reference.error, None, "{} fails on the reference", w.name);
            assert!(
                !reference.output.is_empty(),
                "{} prints no checksum",
                w.name
            );
            assert!(
                reference.peak_heap_bytes.unwrap_or(0) > 0,
                "{}: no memory figure",
                w.name
            );
            for b in BACKENDS {
                let got = run_once(Engine::Backend(b), w.source, w.tiny, false);
                if got.error.is_some() || got.output != reference.output {
                    failures.push(format!(
                        "{} on {b}: error {:?}, printed {:?}, expected {:?}",
                        w.name,
                        got.error,
                        String::from_utf8_lossy(&got.output),
                        String::from_utf8_lossy(&reference.output)
                    ));
                }
            }
        }
        failures
    });
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

#[test]
fn the_size_comes_from_the_global_n() {
    let w = WORKLOADS
        .iter()
        .find(|w| w.name == "fib")
        .expect("fib workload");
    let (small, large) = on_big_stack(|| {
        let r = |n| run_once(Engine::Reference, w.source, n, false).output;
        (r(10), r(12))
    });
    assert_eq!(
        String::from_utf8_lossy(&small).split('\t').next(),
        Some("55")
    );
    assert_eq!(
        String::from_utf8_lossy(&large).split('\t').next(),
        Some("144")
    );
}

#[test]
fn workloads_cover_every_program_file_once() {
    let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/bench");
    let mut files: Vec<String> = std::fs::read_dir(dir)
        .expect("bench dir")
        .filter_map(|e| e.ok())
        .filter_map(|e| {
            e.file_name()
                .to_str()?
                .strip_suffix(".lua")
                .map(str::to_owned)
        })
        .collect();
    files.sort();
    let mut names: Vec<String> = WORKLOADS.iter().map(|w| w.name.to_owned()).collect();
    names.sort();
    assert_eq!(files, names);
    assert!(names.len() >= 15);
    for w in WORKLOADS {
        assert!(w.source.contains("N = N or"), "{} ignores N", w.name);
        assert!(
            !w.description().is_empty(),
            "{} has no description line",
            w.name
        );
        assert!(
            w.sweep.len() >= 4 && w.sweep.windows(2).all(|p| p[0] < p[1]),
            "{}",
            w.name
        );
    }
}

#[test]
fn piccolo_runs_a_plain_program_and_reports_memory() {
    let src = "local t = {} for i = 1, N do t[i] = i * 0.5 end print(#t, t[N])";
    let r = on_big_stack(move || run_once(Engine::Piccolo, src, 100, false));
    assert_eq!(r.error, None);
    assert_eq!(String::from_utf8_lossy(&r.output), "100\t50.0\n");
    assert!(r.peak_heap_bytes.unwrap_or(0) > 0);
}
