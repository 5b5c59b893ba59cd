#!/usr/bin/env bash
# Router chunk -> client delta latency, through the gateway and straight from the fake router, in one run.
# Usage: bench/stream-latency.sh [deltas] [pause-ms]
set -euo pipefail
cd "$(dirname "$0")/.."
./mvnw -B test -Dtest=StreamLatencyBench -Dsurefire.failIfNoSpecifiedTests=false \
  -Dbench.deltas="${1:-300}" -Dbench.pause-ms="${2:-5}" 2>&1 | grep -E "through the gateway|straight from|ratio of medians"
