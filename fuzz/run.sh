#!/usr/bin/env bash
# Runs every fuzz target for SECONDS seconds each (default 300), coverage-guided: the
# same SanitizerCoverage instrumentation cargo-fuzz uses. By default on the stable
# toolchain without AddressSanitizer; with FUZZ_ASAN=1 on the nightly toolchain with
# AddressSanitizer (-Zsanitizer=address, as `cargo fuzz run` does), which also catches
# out-of-bounds access and use-after-free in the C code linked in (ring, zstd, SQLite) as far
# as it is instrumented, and leaks. Seeds: fuzz/seeds/<target>/ and, for the age
# targets, the C2SP test vectors (fuzz/seeds/age). Corpora grow in fuzz/corpus/ (not
# committed; both modes share them); crashes land in fuzz/artifacts/<target>/. Prints
# one summary line per target.
#
#   bash fuzz/run.sh                           # 300 s per target
#   bash fuzz/run.sh 60 iso_image              # one target, 60 s
#   FUZZ_ASAN=1 bash fuzz/run.sh 1200 open_tar # AddressSanitizer, 20 minutes
set -euo pipefail
cd "$(dirname "$0")"
secs="${1:-300}"
shift || true
targets=("$@")
if [ ${#targets[@]} -eq 0 ]; then
    targets=(age_header stream_open age_decrypt identity_file contact_card iso_image bag_validate open_tags open_tar policy_file signature receipt)
fi
export RUSTFLAGS="-Cpasses=sancov-module -Cllvm-args=-sanitizer-coverage-level=4 \
-Cllvm-args=-sanitizer-coverage-inline-8bit-counters -Cllvm-args=-sanitizer-coverage-pc-table \
-Cllvm-args=-sanitizer-coverage-trace-compares --cfg fuzzing -Cdebug-assertions -Coverflow-checks"
export CARGO_TARGET_DIR="$PWD/target-cov"
cargo=(cargo)
mode=plain
if [ "${FUZZ_ASAN:-0}" = 1 ]; then
    # rustup's nightly; the sanitizer runtime ships with its standard library.
    cargo=(cargo +nightly)
    RUSTFLAGS="$RUSTFLAGS -Zsanitizer=address"
    CARGO_TARGET_DIR="$PWD/target-asan"
    mode=asan
fi
# An explicit --target keeps the instrumentation out of build scripts and proc macros
# (as cargo-fuzz does).
host=$(rustc -vV | sed -n 's/^host: //p')
"${cargo[@]}" build --release --quiet --bins --target "$host"
bin="$CARGO_TARGET_DIR/$host/release"
for t in "${targets[@]}"; do
    mkdir -p "corpus/$t" "artifacts/$t"
    seeds=()
    [ -d "seeds/$t" ] && seeds+=("seeds/$t")
    # The C2SP age test vectors without their key: value preamble (fuzz/seeds/age).
    case "$t" in age_header|stream_open|age_decrypt) seeds+=("seeds/age") ;; esac
    log="artifacts/$t/last-run-$mode.log"
    set +e
    "$bin/$t" "corpus/$t" "${seeds[@]}" -max_total_time="$secs" \
        -rss_limit_mb=2048 -timeout=10 -artifact_prefix="artifacts/$t/" -print_final_stats=1 >"$log" 2>&1
    rc=$?
    set -e
    runs=$(grep -o 'stat::number_of_executed_units: *[0-9]*' "$log" | grep -o '[0-9]*$' || echo '?')
    cov=$(grep -o 'cov: [0-9]*' "$log" | tail -1 | grep -o '[0-9]*' || echo '?')
    crashes=$(find "artifacts/$t" -name 'crash-*' -o -name 'timeout-*' -o -name 'oom-*' | wc -l)
    echo "$t ($mode): ${secs}s, exit $rc, $runs runs, coverage $cov edges, corpus $(ls "corpus/$t" | wc -l) inputs, $crashes crash/timeout/oom artifacts"
done
