#!/usr/bin/env bash
# Fuzzes the Rust core with cargo-fuzz (libFuzzer): the targets in fuzz/fuzz_targets.
#   scripts/fuzz.sh [seconds per target (default 60)] [target ...]   (targets: verify keys options; default all)
# Installs what it needs: g++ (libFuzzer is C++) from apt when missing, cargo-fuzz from crates.io. There is no
# nightly toolchain to download here, so the stable toolchain runs with RUSTC_BOOTSTRAP=1, and without a
# sanitizer (-s none): the core is safe Rust, and what is fuzzed is its behaviour (no panic, the properties in
# fuzz/src/lib.rs), not memory errors. Debug assertions are on, so an integer overflow is a crash too.
# A crash leaves its input in fuzz/artifacts/<target>/ and makes this script exit non-zero.
set -euo pipefail
cd "$(dirname "$0")/.."

per_target=${1:-60}
shift || true
targets=("$@")
[ ${#targets[@]} -gt 0 ] || targets=(verify keys options)
CARGO_FUZZ_VERSION=0.13.2

if ! command -v c++ >/dev/null 2>&1; then
  echo "== fuzz: installing g++ (libFuzzer is C++)"
  if [ "$(id -u)" = 0 ]; then apt-get update -qq && apt-get install -y -qq g++; else sudo apt-get update -qq && sudo apt-get install -y -qq g++; fi
fi
if ! cargo fuzz --version >/dev/null 2>&1; then
  echo "== fuzz: installing cargo-fuzz $CARGO_FUZZ_VERSION from crates.io"
  start=$SECONDS
  cargo install cargo-fuzz --locked --version "$CARGO_FUZZ_VERSION"
  echo "== fuzz: cargo-fuzz installed in $((SECONDS - start)) s"
fi

export RUSTC_BOOTSTRAP=1
node scripts/fuzz/seeds.js fuzz/corpus

start=$SECONDS
cargo fuzz build -s none --debug-assertions
echo "== fuzz: targets built in $((SECONDS - start)) s"

status=0
summary=()
for t in "${targets[@]}"; do
  log=$(mktemp)
  echo "== fuzz: $t for ${per_target} s"
  set +e
  cargo fuzz run -s none --debug-assertions "$t" "fuzz/corpus/$t" -- \
    -max_total_time="$per_target" -max_len=8192 -timeout=10 -print_final_stats=1 >"$log" 2>&1
  code=$?
  set -e
  runs=$(grep -oE '^stat::number_of_executed_units: *[0-9]+' "$log" | grep -oE '[0-9]+$' || echo '?')
  corpus=$(find "fuzz/corpus/$t" -type f | wc -l)
  crashes=$(find "fuzz/artifacts/$t" -type f 2>/dev/null | wc -l)
  if [ "$code" != 0 ]; then
    status=1
    tail -n 40 "$log"
  fi
  summary+=("$t: ${per_target} s, ${runs} executions, corpus ${corpus} inputs, crashes ${crashes}, exit ${code}")
  rm -f "$log"
done
echo "== fuzz summary"
printf '  %s\n' "${summary[@]}"
exit $status
