#!/usr/bin/env bash
# Normalizing a 4000x3000 JPEG to <= 2048 px: the gateway's ImageNormalizer against libvips' vipsthumbnail,
# interleaved in one run. Needs libvips-tools (apt-get install -y libvips-tools).
set -euo pipefail
cd "$(dirname "$0")/.."
command -v vipsthumbnail >/dev/null || { echo "install libvips-tools first" >&2; exit 1; }
./mvnw -q -B test-compile dependency:build-classpath -Dmdep.outputFile=target/bench.classpath -Dmdep.includeScope=test
java -cp "target/classes:target/test-classes:$(cat target/bench.classpath)" dev.visiongateway.image.NormalizeBench "${1:-15}"
