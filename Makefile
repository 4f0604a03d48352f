# Qawl: two commands for a fresh machine.
#   make serve   builds everything and serves the page on 127.0.0.1 (prints its URL)
#   make test    installs what the tests need and runs every test

PYTHON ?= python3
BABEL_VERSION = 2.16.0

.PHONY: test test-deps wasm-toolchain browsers check-generated build serve eval size fuzz fuzz-deps \
	bench bench-native bench-browser plot plot-deps scale onefile

PORT ?= 8080
WASM_BINDGEN_VERSION = $(shell sed -n '/^name = "wasm-bindgen"$$/{n;s/version = "\(.*\)"/\1/p;}' Cargo.lock)
WASM = target/wasm32-unknown-unknown/wasm/qawl.wasm
SUDO = $(shell [ "$$(id -u)" = 0 ] || echo sudo)

test: test-deps
	cargo fmt --check
	cargo clippy --all-targets -- -D warnings
	cargo clippy --target wasm32-unknown-unknown --lib --tests -- -D warnings
	cargo test --all-targets
	cargo test --doc
	cargo bench --no-run
	CARGO_TARGET_WASM32_UNKNOWN_UNKNOWN_RUNNER=wasm-bindgen-test-runner \
		cargo test --target wasm32-unknown-unknown --test wasm
	$(MAKE) check-generated
	$(MAKE) build
	$(MAKE) size
	npm run test:e2e
	$(MAKE) eval

# Everything the tests need: the generators' Python package, the WebAssembly toolchain, Debian's
# Chromium, Firefox ESR and Arabic fonts, and the npm drivers (no browser downloads).
test-deps: wasm-toolchain browsers
	@$(PYTHON) -c "import babel, sys; sys.exit(babel.__version__ != '$(BABEL_VERSION)')" 2>/dev/null \
		|| $(PYTHON) -m pip install --quiet babel==$(BABEL_VERSION)
	npm ci --no-audit --no-fund

wasm-toolchain:
	rustup target add wasm32-unknown-unknown
	@wasm-bindgen --version 2>/dev/null | grep -qx "wasm-bindgen $(WASM_BINDGEN_VERSION)" \
		|| cargo install wasm-bindgen-cli --version $(WASM_BINDGEN_VERSION)

browsers:
	@if ! command -v chromium >/dev/null || ! command -v firefox-esr >/dev/null \
		|| ! [ -d /usr/share/fonts/truetype/noto ]; then \
		$(SUDO) apt-get update -q && DEBIAN_FRONTEND=noninteractive $(SUDO) apt-get install -y -q \
			chromium chromium-driver firefox-esr fonts-noto-core; fi

# The page: the core compiled to WebAssembly, bound for ES modules in www/pkg/, and shrunk by
# wasm-opt from the npm package binaryen (-Oz: 672.6 -> 593.2 KB raw, 212.0 -> 203.4 KB gzip).
WASM_OPT = node_modules/.bin/wasm-opt
WASM_OPT_FLAGS = --enable-bulk-memory --enable-nontrapping-float-to-int --enable-sign-ext \
	--enable-reference-types -Oz

$(WASM_OPT):
	npm ci --no-audit --no-fund

build: wasm-toolchain | $(WASM_OPT)
	cargo build --release
	cargo build --profile wasm --target wasm32-unknown-unknown --lib
	wasm-bindgen --target web --out-dir www/pkg $(WASM)
	$(WASM_OPT) $(WASM_OPT_FLAGS) www/pkg/qawl_bg.wasm -o www/pkg/qawl_bg.wasm

# The whole page as one HTML file (CSS, JS, the worker and the wasm inlined) that works when
# opened from disk with no network: target/qawl.html.
onefile: build
	node tests/e2e/onefile.mjs --out target/qawl.html

# The page's transfer size by part, raw, gzip and brotli; fails over 500 KB gzip.
size:
	node tests/e2e/size.mjs --budget-kb 500

serve: build
	@echo "Qawl is at http://127.0.0.1:$(PORT)/"
	$(PYTHON) -m http.server $(PORT) --bind 127.0.0.1 --directory www

ANERCORP = ../shared/data/anercorp

# The ANERcorp-derived lists can be checked only where the shared data is.
# The tagger model is retrained (a few seconds, deterministic) and must come out byte for byte.
check-generated:
	$(PYTHON) src/data/gen_places.py --check
	@if [ -f $(ANERCORP)/train.txt ]; then $(PYTHON) src/data/gen_lexicon.py --check; \
		else echo "skipped gen_lexicon.py --check: $(ANERCORP)/train.txt not found"; fi
	@if [ -f $(ANERCORP)/train.txt ]; then \
		cargo run --release --quiet -- train-model --out target/ner_model.check.bin >/dev/null \
		&& cmp target/ner_model.check.bin src/data/ner_model.generated.bin \
		|| { echo "src/data/ner_model.generated.bin is stale: run qawl train-model"; exit 1; }; \
		else echo "skipped the model check: $(ANERCORP)/train.txt not found"; fi

# Quality figures on the seeds and the development set (printed, not asserted here; the golden
# files and table tests assert behaviour).
eval:
	cargo build --release
	./target/release/qawl eval seeds/
	./target/release/qawl eval tests/data/dev/
	./target/release/qawl eval tests/data/dev2/
	./target/release/qawl eval tests/data/dev3/
	./target/release/qawl eval tests/data/dev4/
	./target/release/qawl eval tests/data/test/
	@if [ -f $(ANERCORP)/test.txt ]; then ./target/release/qawl ner-scores ../shared/data; \
		else echo "skipped ANERcorp, AQMAR and Wojood scoring: $(ANERCORP)/test.txt not found"; fi

# Fuzzing `qawl::annotate` with libFuzzer (tests/fuzz/, a workspace of its own). cargo-fuzz needs
# nightly flags; on a stable toolchain RUSTC_BOOTSTRAP=1 unlocks them. No sanitizer: the core is
# safe Rust, and debug assertions (overflow checks, span invariants) stay on. New inputs go to
# target/fuzz-corpus (not checked in); the checked-in seeds are tests/fuzz/seeds/ and seeds/.
# A crash input lands in tests/fuzz/artifacts/annotate/: keep it as a test in tests/hostile.rs.
#   make fuzz FUZZ_SECONDS=3600
FUZZ_SECONDS ?= 60
CARGO_FUZZ_VERSION = 0.13.2

fuzz-deps:
	@cargo fuzz --version 2>/dev/null | grep -q "$(CARGO_FUZZ_VERSION)" \
		|| cargo install cargo-fuzz --locked --version $(CARGO_FUZZ_VERSION)

fuzz: fuzz-deps
	mkdir -p target/fuzz-corpus
	RUSTC_BOOTSTRAP=1 cargo fuzz run --fuzz-dir tests/fuzz --sanitizer none annotate \
		target/fuzz-corpus tests/fuzz/seeds seeds \
		-- -max_total_time=$(FUZZ_SECONDS) -dict=tests/fuzz/annotate.dict -max_len=8192 -timeout=10 -rss_limit_mb=2048

# Native speed: criterion over the seeds and synthetic articles of 1 KB to 10 MB; writes
# target/bench/native.json and prints the linearity ratio (10 MB vs 100 KB cost per byte).
bench-native:
	nice cargo bench --bench annotate

# Peak memory of the CLI over a JSON Lines stream of SCALE_MB megabytes made from the seeds,
# generated on the fly (no large file on disk). Needs GNU time (Debian package `time`).
SCALE_MB ?= 1000
scale:
	cargo build --release
	@command -v /usr/bin/time >/dev/null || { $(SUDO) apt-get update -q && $(SUDO) apt-get install -y -q time; }
	$(PYTHON) benches/jsonl_stream.py $(SCALE_MB) \
		| /usr/bin/time -f "peak RSS %M KB, %e s wall, %U s user" ./target/release/qawl annotate --jsonl \
		| wc -l

# Benchmarks (figures, not tests): the native criterion bench, the browser bench in Chromium and
# Firefox, the size report, and the plot of time against input size in www/bench/.
MATPLOTLIB_VERSION = 3.11.2

bench: build
	$(MAKE) bench-native bench-browser size plot

bench-browser:
	nice node tests/e2e/bench.mjs

plot-deps:
	@$(PYTHON) -c "import matplotlib, sys; sys.exit(matplotlib.__version__ != '$(MATPLOTLIB_VERSION)')" \
		2>/dev/null || $(PYTHON) -m pip install --quiet matplotlib==$(MATPLOTLIB_VERSION)

plot: plot-deps
	$(PYTHON) benches/plot.py
