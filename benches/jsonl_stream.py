#!/usr/bin/env python3
"""Writes a JSON Lines stream of articles to standard output, {"id", "text"} per line, made by
repeating the seed articles (seeds/*.txt) until it reaches the requested size, for measuring the
CLI's memory and speed at scale without keeping a large file on disk:

    python3 benches/jsonl_stream.py 1000 | /usr/bin/time -v target/release/qawl annotate --jsonl | wc -l

Every 97th line is bad on purpose (no "text"), so the stream also exercises error lines.
"""
import glob
import json
import os
import sys


def main():
    megabytes = float(sys.argv[1]) if len(sys.argv) > 1 else 1000.0
    root = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..")
    seeds = []
    for path in sorted(glob.glob(os.path.join(root, "seeds", "*.txt"))):
        with open(path, encoding="utf-8") as file:
            seeds.append(file.read())
    if not seeds:
        sys.exit("no seeds/*.txt found")
    limit = int(megabytes * 1_000_000)
    written = 0
    number = 0
    out = sys.stdout.buffer
    try:
        while written < limit:
            number += 1
            if number % 97 == 0:
                record = {"id": number}
            else:
                record = {"id": number, "text": seeds[number % len(seeds)]}
            line = (json.dumps(record, ensure_ascii=False) + "\n").encode("utf-8")
            out.write(line)
            written += len(line)
    except BrokenPipeError:
        pass
    print(f"jsonl_stream.py: {number} lines, {written / 1e6:.1f} MB", file=sys.stderr)


if __name__ == "__main__":
    main()
