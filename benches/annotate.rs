//! Native speed of `annotate`: each seed article, the seeds one after another, the 48
//! development and blind articles one after another, and synthetic articles of 1 KB to 10 MB made
//! by concatenating the seeds, with criterion reporting time per article and MB/s (`cargo bench`).
//!
//! Besides criterion's own report it writes `target/bench/native.json`, `[{"bytes": N,
//! "seconds": median}]` for the synthetic sizes (read by the plot of time against size), and
//! prints how the cost per byte of the largest article compares with that of 100 KB: about 1 when
//! the cost grows linearly with size. Run `cargo bench --bench annotate -- synthetic` for the
//! sizes only.

use criterion::{criterion_group, BenchmarkId, Criterion, SamplingMode, Throughput};
use std::hint::black_box;
use std::sync::Mutex;
use std::time::{Duration, Instant};

/// The command line's allocator (see `src/main.rs`), so that the figures are those of `qawl
/// annotate`, the native product. With the system allocator, a program that embeds the library
/// reads the development and blind articles about 5% slower.
#[cfg(not(target_arch = "wasm32"))]
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

/// The synthetic sizes, in bytes.
const SIZES: [usize; 5] = [1_000, 10_000, 100_000, 1_000_000, 10_000_000];

/// Per-iteration times of every call of the timing routine, by synthetic size, in call order;
/// criterion's measured samples are the last `sample_size` calls (warm-up calls come first).
static TIMES: Mutex<Vec<(usize, f64)>> = Mutex::new(Vec::new());

fn seeds() -> Vec<(String, String)> {
    articles(concat!(env!("CARGO_MANIFEST_DIR"), "/seeds"))
}

/// The `.txt` articles of a folder, by name.
fn articles(dir: &str) -> Vec<(String, String)> {
    let mut seeds: Vec<(String, String)> = std::fs::read_dir(dir)
        .unwrap_or_else(|_| panic!("{dir} is readable"))
        .filter_map(|entry| entry.ok().map(|e| e.path()))
        .filter(|path| path.extension().is_some_and(|ext| ext == "txt"))
        .map(|path| {
            let name = path.file_stem().unwrap_or_default().to_string_lossy().to_string();
            (name, std::fs::read_to_string(&path).expect("seeds are UTF-8"))
        })
        .collect();
    seeds.sort();
    assert!(!seeds.is_empty(), "no {dir}/*.txt");
    seeds
}

/// An article of at most `size` bytes (and at least `size - 3`): the seeds one after another,
/// separated by a blank line, cut at a char boundary.
fn synthetic(seeds: &[(String, String)], size: usize) -> String {
    let mut text = String::with_capacity(size + 8192);
    for (_, seed) in seeds.iter().cycle() {
        if text.len() >= size {
            break;
        }
        text.push_str(seed);
        text.push_str("\n\n");
    }
    let mut end = size;
    while !text.is_char_boundary(end) {
        end -= 1;
    }
    text.truncate(end);
    text
}

fn bench_seeds(c: &mut Criterion) {
    let annotator = qawl::builtin();
    let mut group = c.benchmark_group("seeds");
    for (name, text) in seeds() {
        // MB/s in decimal megabytes, the unit of the speed budget (20 MB/s per core), rather than
        // criterion's default MiB/s, which reads 4.6% lower for the same speed.
        group.throughput(Throughput::BytesDecimal(text.len() as u64));
        group.bench_with_input(BenchmarkId::from_parameter(&name), &text, |b, text| {
            b.iter(|| annotator.annotate(black_box(text)))
        });
    }
    // The five seeds one after another in each iteration: one article repeated lets the CPU
    // learn its branches by heart, which no stream of different articles allows; this is the
    // closer measure of a batch of news.
    let seeds = seeds();
    let bytes: usize = seeds.iter().map(|(_, text)| text.len()).sum();
    group.throughput(Throughput::BytesDecimal(bytes as u64));
    group.bench_function("all-in-turn", |b| {
        b.iter(|| {
            for (_, text) in &seeds {
                black_box(annotator.annotate(black_box(text)));
            }
        })
    });
    group.finish();
    // The development and blind articles (tests/data/*/), from other outlets than the seeds,
    // one after another (2.5 KB on average, the seeds 4.4 KB).
    let mut group = c.benchmark_group("articles");
    let data = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/data");
    let mut sets: Vec<String> = std::fs::read_dir(data)
        .expect("tests/data is readable")
        .filter_map(|entry| entry.ok().map(|e| e.path().to_string_lossy().to_string()))
        .collect();
    sets.sort();
    let texts: Vec<String> =
        sets.iter().flat_map(|set| articles(set)).map(|(_, text)| text).collect();
    let bytes: usize = texts.iter().map(String::len).sum();
    group.throughput(Throughput::BytesDecimal(bytes as u64));
    group.bench_function("dev-and-test-in-turn", |b| {
        b.iter(|| {
            for text in &texts {
                black_box(annotator.annotate(black_box(text)));
            }
        })
    });
    group.finish();
}

fn bench_sizes(c: &mut Criterion) {
    let annotator = qawl::builtin();
    let seeds = seeds();
    let mut group = c.benchmark_group("synthetic");
    // `cargo test --all-targets` runs each benchmark once, unoptimized: the small sizes show
    // that it works; the large ones only matter when measuring.
    let measuring = std::env::args().any(|arg| arg == "--bench");
    for size in SIZES.into_iter().filter(|&size| measuring || size <= 100_000) {
        let text = synthetic(&seeds, size);
        if size >= 1_000_000 {
            // Seconds per call: ten single calls rather than criterion's hundred growing samples.
            group.sampling_mode(SamplingMode::Flat);
            group.sample_size(10);
            group.measurement_time(Duration::from_secs(10 * size as u64 / 1_000_000));
        } else {
            group.sampling_mode(SamplingMode::Auto);
            group.sample_size(30);
            group.measurement_time(Duration::from_secs(5));
        }
        group.throughput(Throughput::BytesDecimal(text.len() as u64));
        group.bench_with_input(BenchmarkId::from_parameter(size), &text, |b, text| {
            b.iter_custom(|iterations| {
                let start = Instant::now();
                for _ in 0..iterations {
                    black_box(annotator.annotate(black_box(text)));
                }
                let elapsed = start.elapsed();
                let each = elapsed.as_secs_f64() / iterations.max(1) as f64;
                TIMES.lock().unwrap().push((size, each));
                elapsed
            })
        });
    }
    group.finish();
}

fn median(mut values: Vec<f64>) -> f64 {
    values.sort_by(f64::total_cmp);
    let middle = values.len() / 2;
    if values.len() % 2 == 1 {
        values[middle]
    } else {
        (values[middle - 1] + values[middle]) / 2.0
    }
}

/// Writes `target/bench/native.json` and prints the linearity ratio, from the measured samples.
fn summarize() {
    let times = TIMES.lock().unwrap().clone();
    let mut rows = Vec::new();
    for size in SIZES {
        let calls: Vec<f64> = times.iter().filter(|(s, _)| *s == size).map(|&(_, t)| t).collect();
        let samples = if size >= 1_000_000 { 10 } else { 30 };
        if calls.len() < samples {
            continue; // filtered out, or a test run
        }
        let seconds = median(calls[calls.len() - samples..].to_vec());
        rows.push(serde_json::json!({"bytes": size, "seconds": seconds}));
        println!(
            "native {size:>9} bytes: median {:>10.3} ms per article, {:>6.2} MB/s",
            seconds * 1e3,
            size as f64 / seconds / 1e6
        );
    }
    if rows.is_empty() {
        return;
    }
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("target/bench");
    let written = std::fs::create_dir_all(&dir).and_then(|_| {
        let json = serde_json::to_string_pretty(&rows).unwrap_or_default();
        std::fs::write(dir.join("native.json"), json + "\n")
    });
    match written {
        Ok(()) => println!("wrote {}", dir.join("native.json").display()),
        Err(error) => eprintln!("could not write target/bench/native.json: {error}"),
    }
    let per_byte = |size: usize| {
        rows.iter()
            .find(|row| row["bytes"] == size)
            .and_then(|row| row["seconds"].as_f64())
            .map(|seconds| seconds / size as f64)
    };
    let largest = *SIZES.last().unwrap_or(&0);
    if let (Some(small), Some(large)) = (per_byte(100_000), per_byte(largest)) {
        let ratio = large / small;
        let verdict = if ratio <= 1.5 { "linear" } else { "NOT linear" };
        println!(
            "cost per byte, {largest} bytes vs 100000 bytes: {ratio:.2} ({verdict}; 1.0 is \
             perfectly linear)"
        );
    }
}

criterion_group!(benches, bench_seeds, bench_sizes);

fn main() {
    benches();
    Criterion::default().configure_from_args().final_summary();
    // `cargo bench` passes --bench; `cargo test --benches` runs each benchmark once without it.
    if std::env::args().any(|arg| arg == "--bench") {
        summarize();
    }
}
