# shellcheck shell=bash
# Sourced by the bench scripts that put bench/upstream.mjs in front of gateways: the pod's JVM flags, a free port, and
# the upstream started on one. The caller has a PIDS array (what its exit trap stops) and a die function.

# The pod (deploy/Dockerfile.jvm, k8s/overlays/jvm): run-java.sh with JAVA_MAX_MEM_RATIO=50 under a 384 MiB limit,
# i.e. a 192 MiB heap, and the image's Parallel GC settings.
# shellcheck disable=SC2034 # for the sourcing script
POD_JAVA_OPTS="-Xmx192m -XX:+UseParallelGC -XX:MinHeapFreeRatio=10 -XX:MaxHeapFreeRatio=20 -XX:GCTimeRatio=4 -XX:AdaptiveSizePolicyWeight=90 -XX:+ExitOnOutOfMemoryError"

free_port() {
  node -e 'const s = require("net").createServer(); s.listen(0, "127.0.0.1", () => { console.log(s.address().port); s.close(); });'
}

# start_upstream LOG: starts bench/upstream.mjs on a free port (its output to LOG), adds it to PIDS, and sets
# UPSTREAM_PID and UPSTREAM (its base URL) once it has printed the port it listens on.
start_upstream() {
  local log="$1" port=""
  node "$(dirname "${BASH_SOURCE[0]}")/upstream.mjs" 0 > "$log" 2>&1 &
  UPSTREAM_PID=$!
  PIDS+=("$UPSTREAM_PID")
  for _ in $(seq 100); do
    port="$(awk '/^PORT /{ print $2; exit }' "$log")"
    [[ -n "$port" ]] && break
    kill -0 "$UPSTREAM_PID" 2>/dev/null || { cat "$log" >&2; die "bench/upstream.mjs exited"; }
    sleep 0.1
  done
  [[ -n "$port" ]] || die "bench/upstream.mjs did not print its port (log: $log)"
  # shellcheck disable=SC2034 # for the sourcing script
  UPSTREAM="http://127.0.0.1:$port"
}
