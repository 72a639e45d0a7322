# The two commands: `make run` and `make test`. Both install what is missing first
# (Debian packages via apt-get, npm packages, tauri-driver) and are quick the second time.
.PHONY: run test dev bundle e2e installed audit bench fuzz bindings fmt

run:
	@scripts/run.sh

test:
	@scripts/test.sh

# The UI with Vite's hot reload inside the real window (tauri.dev.conf.json).
dev:
	@scripts/dev.sh

# Release packages for Linux: target/release/bundle/deb/*.deb and rpm/*.rpm.
bundle:
	@scripts/bundle.sh

# The end-to-end suite alone (part of `make test`).
e2e:
	@scripts/e2e.sh

# Builds the .deb and .rpm; installs, drives and purges the .deb; checks the .rpm (part of `make test`).
installed:
	@scripts/installed.sh

# npm audit of the UI's runtime packages (part of `make test`).
audit:
	@scripts/npm-audit.sh

# Benchmarks (release builds), each printing a table; see docs/PERFORMANCE.md.
bench:
	@scripts/bench.sh

# Fuzzes the import parser for a short while (FUZZ_SECONDS, default 30); not in CI.
fuzz:
	@scripts/fuzz.sh

# Rewrites ui/src/bindings/ from the Rust DTOs.
bindings:
	UPDATE_BINDINGS=1 cargo test --test integration shell::bindings

# Formats the Rust code and the UI (prettier); `make test` checks both.
fmt:
	cargo fmt --all
	cd ui && npx prettier --write src
