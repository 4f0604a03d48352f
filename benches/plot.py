"""Plots annotate time against input size, native and WebAssembly, from the benchmarks' output.

Reads target/bench/native.json (the criterion bench) and target/bench/wasm-<engine>.json (the
browser bench, tests/e2e/bench.mjs), each a list of {"bytes": N, "seconds": median}, and writes
www/bench/annotate-time.png; also gathers the browser bench's summaries (browser-<engine>.json)
and the size report (size.json) into www/bench/summary.json for the benchmarks page. A missing
file is left out and named on stderr.

    python3 benches/plot.py [--bench-dir target/bench] [--out www/bench/annotate-time.png]
"""

import argparse
import json
import pathlib
import sys

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402  (the backend must be chosen first)

SERIES = [
    ("native.json", "native (criterion, one core)", "o-"),
    ("wasm-chromium.json", "WebAssembly in Chromium (worker)", "s-"),
    ("wasm-firefox.json", "WebAssembly in Firefox (worker)", "^-"),
]


def load(path):
    """The points of one benchmark file, sorted by size, or None when it is missing."""
    if not path.exists():
        return None
    points = json.loads(path.read_text(encoding="utf-8"))
    points = [p for p in points if p.get("bytes", 0) > 0 and p.get("seconds", 0) > 0]
    return sorted(points, key=lambda p: p["bytes"])


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--bench-dir", default="target/bench", type=pathlib.Path)
    parser.add_argument("--out", default="www/bench/annotate-time.png", type=pathlib.Path)
    args = parser.parse_args()

    figure, axes = plt.subplots(figsize=(9, 5.6), dpi=100)
    drawn = 0
    for name, label, style in SERIES:
        points = load(args.bench_dir / name)
        if points is None:
            print(f"plot: {args.bench_dir / name} not found, left out", file=sys.stderr)
            continue
        sizes = [p["bytes"] for p in points]
        seconds = [p["seconds"] for p in points]
        rate = sizes[-1] / seconds[-1] / 1e6
        axes.plot(sizes, seconds, style, label=f"{label}: {rate:.1f} MB/s at {sizes[-1] / 1e6:.1f} MB")
        drawn += 1
    if drawn == 0:
        print("plot: no benchmark output to plot (run make bench)", file=sys.stderr)
        return 1
    axes.set_xscale("log")
    axes.set_yscale("log")
    axes.set_xlabel("input size (bytes of UTF-8, seed articles concatenated)")
    axes.set_ylabel("annotate time (seconds, median)")
    axes.set_title("Qawl: annotate time against input size")
    axes.grid(True, which="both", alpha=0.3)
    axes.legend()
    figure.tight_layout()
    args.out.parent.mkdir(parents=True, exist_ok=True)
    figure.savefig(args.out)
    print(f"plot: wrote {args.out} ({drawn} series)")
    write_summary(args.bench_dir, args.out.parent / "summary.json")
    return 0


def write_summary(bench_dir, out):
    """The figures the benchmarks page shows in its table, from the benches' own output."""
    summary = {"engines": {}, "size": None, "native": None}
    for engine in ("chromium", "firefox"):
        path = bench_dir / f"browser-{engine}.json"
        if not path.exists():
            print(f"plot: {path} not found, left out of the summary", file=sys.stderr)
            continue
        data = json.loads(path.read_text(encoding="utf-8"))
        summary["engines"][engine] = {
            key: data.get(key)
            for key in ("engine", "runs", "load", "seedCoreMs", "rerenderMs", "page10MB", "sizes")
        }
    size = bench_dir / "size.json"
    if size.exists():
        data = json.loads(size.read_text(encoding="utf-8"))
        summary["size"] = {"parts": data["parts"], "total": data["total"], "budgetKb": data["budgetKb"]}
    native = load(bench_dir / "native.json")
    if native:
        summary["native"] = native
    out.write_text(json.dumps(summary, indent=2) + "\n", encoding="utf-8")
    print(f"plot: wrote {out}")


if __name__ == "__main__":
    sys.exit(main())
