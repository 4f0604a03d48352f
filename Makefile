# Qawl: two commands for a fresh machine.
#   make serve   builds everything and serves the page on 127.0.0.1 (prints its URL)
#   make test    installs what the tests need and runs every test

PYTHON ?= python3
BABEL_VERSION = 2.16.0

.PHONY: test test-deps check-generated build serve eval

test: test-deps
	cargo fmt --check
	cargo clippy --all-targets -- -D warnings
	cargo test --all-targets
	cargo test --doc
	$(MAKE) check-generated
	$(MAKE) eval

# The generators of src/data/*.generated.txt must reproduce the committed files.
test-deps:
	@$(PYTHON) -c "import babel, sys; sys.exit(babel.__version__ != '$(BABEL_VERSION)')" 2>/dev/null \
		|| $(PYTHON) -m pip install --quiet babel==$(BABEL_VERSION)

ANERCORP = ../shared/data/anercorp

# The ANERcorp-derived lists can be checked only where the shared data is.
check-generated:
	$(PYTHON) src/data/gen_places.py --check
	@if [ -f $(ANERCORP)/train.txt ]; then $(PYTHON) src/data/gen_lexicon.py --check; \
		else echo "skipped gen_lexicon.py --check: $(ANERCORP)/train.txt not found"; fi

build:
	cargo build --release

# Quality figures on the seeds and the development set (printed, not asserted here; the golden
# files and table tests assert behaviour).
eval: build
	./target/release/qawl eval seeds/
	./target/release/qawl eval tests/data/dev/
	./target/release/qawl eval tests/data/test/
	@if [ -f $(ANERCORP)/test.txt ]; then ./target/release/qawl conll --score $(ANERCORP)/test.txt; \
		else echo "skipped ANERcorp scoring: $(ANERCORP)/test.txt not found"; fi
