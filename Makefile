# Qawl: two commands for a fresh machine.
#   make serve   builds everything and serves the page on 127.0.0.1 (prints its URL)
#   make test    installs what the tests need and runs every test

PYTHON ?= python3
BABEL_VERSION = 2.16.0

.PHONY: test test-deps wasm-toolchain browsers check-generated build serve eval

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
	CARGO_TARGET_WASM32_UNKNOWN_UNKNOWN_RUNNER=wasm-bindgen-test-runner \
		cargo test --target wasm32-unknown-unknown --test wasm
	$(MAKE) check-generated
	$(MAKE) build
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

# The page: the core compiled to WebAssembly and bound for ES modules in www/pkg/.
build: wasm-toolchain
	cargo build --release
	cargo build --profile wasm --target wasm32-unknown-unknown --lib
	wasm-bindgen --target web --out-dir www/pkg $(WASM)

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
	./target/release/qawl eval tests/data/test/
	@if [ -f $(ANERCORP)/test.txt ]; then ./target/release/qawl ner-scores ../shared/data; \
		else echo "skipped ANERcorp and AQMAR scoring: $(ANERCORP)/test.txt not found"; fi
