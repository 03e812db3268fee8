//! Native benchmarks of the three operations over the generated inputs
//! (`examples/gen_bench_inputs.rs`), the same documents the WASM half
//! (`benches/wasm-bench.mjs`) reads. Run by `make bench` (`scripts/bench.sh`); alone:
//!
//! ```text
//! cargo bench --bench engine -- [--quick] [--inputs DIR] [--out FILE] [--filter TEXT]
//! ```
//!
//! `--filter` runs only the cases named `TEXT` or under it (`plan`, `plan/op`,
//! `plan/op/1000`; names are operation/variant/size), and writes no results: for profiling one case, e.g. under
//! `valgrind --tool=callgrind`.
//!
//! A plain `harness = false` program rather than criterion, to keep the build light on a
//! small machine; the method is the same as the WASM half's so that the two compare:
//! warm up, pick a batch size so that one timed sample lasts at least 200 µs, take samples
//! until the time budget is spent (within a minimum and maximum count), report the median
//! time per call with the 10th and 90th percentiles.
//!
//! Each operation is measured twice: `json`, JSON text in to JSON text out (parse, run,
//! serialize: what the WASM boundary does inside the module), and `op`, the operation
//! alone on an already parsed input. A call that returns an error fails the run.
//!
//! `--peak-memory OP FILE [TARGET DESCRIPTION]` runs one operation once from the file's
//! JSON text (read, parse, run, serialize) and prints the process's peak resident set
//! (`VmHWM`) as JSON; the benchmark runs itself that way, in a fresh process, for the
//! largest history.

use deploy_rollback::ffi::to_json;
use deploy_rollback::{eligibility, plan, simulate, Scenario, Timeline};
use serde_json::{json, Value};
use std::error::Error;
use std::hint::black_box;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::{Duration, Instant};

type Result<T, E = Box<dyn Error>> = std::result::Result<T, E>;

/// How long and how often to measure one case.
#[derive(Clone, Copy)]
struct Budget {
    warm_up: Duration,
    measure: Duration,
    min_samples: usize,
    max_samples: usize,
}

const FULL: Budget = Budget {
    warm_up: Duration::from_millis(300),
    measure: Duration::from_millis(1500),
    min_samples: 7,
    max_samples: 201,
};
const QUICK: Budget = Budget {
    warm_up: Duration::from_millis(30),
    measure: Duration::from_millis(150),
    min_samples: 3,
    max_samples: 21,
};
/// The shortest timed sample: a batch of calls at least this long.
const MIN_SAMPLE: Duration = Duration::from_micros(200);

/// Time per call, in nanoseconds, over the samples.
struct Stats {
    median: f64,
    p10: f64,
    p90: f64,
    samples: usize,
    batch: usize,
}

/// Measures `call`, which returns the size of what it produced (kept from the optimizer).
fn measure(budget: Budget, mut call: impl FnMut() -> Result<usize>) -> Result<Stats> {
    let warm_start = Instant::now();
    let mut warm_calls = 0u32;
    while warm_calls == 0 || warm_start.elapsed() < budget.warm_up {
        black_box(call()?);
        warm_calls += 1;
    }
    let per_call = warm_start.elapsed() / warm_calls;
    let batch = if per_call.is_zero() {
        1000
    } else {
        (MIN_SAMPLE.as_nanos() / per_call.as_nanos()).clamp(0, 100_000) as usize + 1
    };
    let mut times = Vec::with_capacity(budget.max_samples);
    let start = Instant::now();
    while times.len() < budget.min_samples
        || (times.len() < budget.max_samples && start.elapsed() < budget.measure)
    {
        let sample = Instant::now();
        for _ in 0..batch {
            black_box(call()?);
        }
        times.push(sample.elapsed().as_nanos() as f64 / batch as f64);
    }
    times.sort_by(f64::total_cmp);
    let at = |q: f64| times.get(((times.len() - 1) as f64 * q).round() as usize).copied().unwrap_or(f64::NAN);
    Ok(Stats { median: at(0.5), p10: at(0.1), p90: at(0.9), samples: times.len(), batch })
}

/// Sets `key` of a JSON object (indexing a `Value` would panic on a non-object).
fn set(value: &mut Value, key: &str, field: Value) {
    if let Some(map) = value.as_object_mut() {
        map.insert(key.to_owned(), field);
    }
}

fn read(path: &Path) -> Result<String> {
    std::fs::read_to_string(path)
        .map_err(|e| format!("cannot read {}: {e} (run `make bench`)", path.display()).into())
}

fn field<'v>(value: &'v Value, key: &str) -> Result<&'v Value> {
    value.get(key).ok_or_else(|| format!("manifest: no `{key}`").into())
}

fn text_field(value: &Value, key: &str) -> Result<String> {
    field(value, key)?
        .as_str()
        .map(str::to_owned)
        .ok_or_else(|| format!("manifest: `{key}` is not a string").into())
}

fn number_field(value: &Value, key: &str) -> Result<u64> {
    field(value, key)?.as_u64().ok_or_else(|| format!("manifest: `{key}` is not a number").into())
}

struct Args {
    quick: bool,
    inputs: PathBuf,
    out: PathBuf,
    peak_memory: Option<Vec<String>>,
    filter: Option<String>,
}

fn args() -> Args {
    let mut args = Args {
        quick: false,
        inputs: PathBuf::from("target/bench-inputs"),
        out: PathBuf::from("target/bench-results/native.json"),
        peak_memory: None,
        filter: None,
    };
    let mut it = std::env::args().skip(1);
    while let Some(arg) = it.next() {
        match arg.as_str() {
            "--quick" => args.quick = true,
            "--inputs" => args.inputs = it.next().map_or(args.inputs, PathBuf::from),
            "--out" => args.out = it.next().map_or(args.out, PathBuf::from),
            "--filter" => args.filter = it.next(),
            "--peak-memory" => {
                args.peak_memory = Some(it.by_ref().collect());
            }
            // `cargo bench` passes `--bench`; filters and other flags are not supported.
            _ => {}
        }
    }
    args
}

/// One measured case, as `native.json` records it.
fn record(op: &str, variant: &str, size: u64, unit: &str, bytes: usize, stats: &Stats) -> Value {
    eprintln!(
        "native {op:<11} {variant:<4} {size:>7} {unit:<7} median {:>12.1} µs  (p10 {:.1}, p90 {:.1}; {} samples × {})",
        stats.median / 1e3,
        stats.p10 / 1e3,
        stats.p90 / 1e3,
        stats.samples,
        stats.batch
    );
    json!({ "op": op, "variant": variant, "size": size, "unit": unit, "inputBytes": bytes,
            "medianNs": stats.median, "p10Ns": stats.p10, "p90Ns": stats.p90,
            "samples": stats.samples, "batch": stats.batch })
}

fn bench(args: &Args) -> Result<()> {
    let budget = if args.quick { QUICK } else { FULL };
    let wanted = |op: &str, variant: &str, size: u64| {
        let name = format!("{op}/{variant}/{size}");
        args.filter.as_deref().is_none_or(|f| name == f || name.starts_with(&format!("{f}/")))
    };
    let any_wanted = |ops: &[&str], size: u64| {
        ops.iter().any(|op| ["json", "op"].iter().any(|variant| wanted(op, variant, size)))
    };
    let manifest: Value = serde_json::from_str(&read(&args.inputs.join("manifest.json"))?)?;
    let mut results = Vec::new();
    for entry in field(&manifest, "histories")?.as_array().into_iter().flatten() {
        let size = number_field(entry, "entries")?;
        if !any_wanted(&["eligibility", "plan"], size) {
            continue;
        }
        let text = read(&args.inputs.join(text_field(entry, "file")?))?;
        let target = text_field(entry, "target")?;
        let description = text_field(entry, "description")?;
        let scenario = Scenario::from_json(&text)?;
        let bytes = text.len();
        if wanted("eligibility", "json", size) {
            let stats = measure(budget, || Ok(to_json(&eligibility(&Scenario::from_json(&text)?)?).len()))?;
            results.push(record("eligibility", "json", size, "entries", bytes, &stats));
        }
        if wanted("eligibility", "op", size) {
            let stats = measure(budget, || Ok(eligibility(&scenario)?.entries.len()))?;
            results.push(record("eligibility", "op", size, "entries", bytes, &stats));
        }
        if wanted("plan", "json", size) {
            let stats = measure(budget, || {
                Ok(to_json(&plan(&Scenario::from_json(&text)?, &target, Some(&description))?).len())
            })?;
            results.push(record("plan", "json", size, "entries", bytes, &stats));
        }
        if wanted("plan", "op", size) {
            let stats = measure(budget, || Ok(plan(&scenario, &target, Some(&description))?.steps.len()))?;
            results.push(record("plan", "op", size, "entries", bytes, &stats));
        }
    }
    for entry in field(&manifest, "timelines")?.as_array().into_iter().flatten() {
        let size = number_field(entry, "events")?;
        if !any_wanted(&["simulate"], size) {
            continue;
        }
        let text = read(&args.inputs.join(text_field(entry, "file")?))?;
        let timeline = Timeline::from_json(&text)?;
        let bytes = text.len();
        if wanted("simulate", "json", size) {
            let stats = measure(budget, || Ok(to_json(&simulate(&Timeline::from_json(&text)?)?).len()))?;
            results.push(record("simulate", "json", size, "events", bytes, &stats));
        }
        if wanted("simulate", "op", size) {
            let stats = measure(budget, || Ok(simulate(&timeline)?.steps.len()))?;
            results.push(record("simulate", "op", size, "events", bytes, &stats));
        }
    }

    if args.filter.is_some() {
        return Ok(());
    }

    // Peak memory: a fresh process per operation on the largest history.
    let largest = field(&manifest, "histories")?
        .as_array()
        .and_then(|h| h.iter().max_by_key(|e| e.get("entries").and_then(Value::as_u64)))
        .ok_or("manifest: no histories")?;
    let file = args.inputs.join(text_field(largest, "file")?);
    let mut memory = Vec::new();
    for op in ["plan", "eligibility"] {
        let output = Command::new(std::env::current_exe()?)
            .arg("--peak-memory")
            .arg(op)
            .arg(&file)
            .arg(text_field(largest, "target")?)
            .arg(text_field(largest, "description")?)
            .output()?;
        if !output.status.success() {
            return Err(format!("peak-memory run failed: {}", String::from_utf8_lossy(&output.stderr)).into());
        }
        let mut value: Value = serde_json::from_slice(&output.stdout)?;
        set(&mut value, "entries", field(largest, "entries")?.clone());
        eprintln!("native peak memory, {op} from JSON text: {value}");
        memory.push(value);
    }

    if let Some(dir) = args.out.parent() {
        std::fs::create_dir_all(dir)?;
    }
    let report = json!({ "quick": args.quick, "results": results, "peakMemory": memory });
    std::fs::write(&args.out, serde_json::to_string_pretty(&report)?)?;
    eprintln!("native results written to {}", args.out.display());
    Ok(())
}

/// The `VmHWM` (peak resident set) line of `/proc/self/status`, in bytes.
fn peak_rss() -> Option<u64> {
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    let line = status.lines().find(|l| l.starts_with("VmHWM:"))?;
    let kib: u64 = line.split_whitespace().nth(1)?.parse().ok()?;
    Some(kib * 1024)
}

fn peak_memory(args: &[String]) -> Result<()> {
    let arg =
        |i: usize| args.get(i).map(String::as_str).ok_or("usage: --peak-memory OP FILE [TARGET DESCRIPTION]");
    let (op, file) = (arg(0)?, arg(1)?);
    let before = peak_rss();
    let text = read(Path::new(file))?;
    let output = match op {
        "plan" => to_json(&plan(&Scenario::from_json(&text)?, arg(2)?, Some(arg(3)?))?),
        "eligibility" => to_json(&eligibility(&Scenario::from_json(&text)?)?),
        "simulate" => to_json(&simulate(&Timeline::from_json(&text)?)?),
        other => return Err(format!("unknown operation `{other}`").into()),
    };
    let report = json!({ "op": op, "inputBytes": text.len(), "outputBytes": output.len(),
                         "peakRssBytes": peak_rss(), "startRssBytes": before });
    println!("{report}");
    Ok(())
}

fn main() -> Result<()> {
    let args = args();
    match &args.peak_memory {
        Some(rest) => peak_memory(rest),
        None => bench(&args),
    }
}
