# shellcheck shell=bash
# Sourced by the bench scripts that put bench/upstream.mjs in front of gateways: the pod's JVM flags, a free port, the
# upstream started on one (HTTPS by default), and a wait for a URL. The caller has a PIDS array (what its exit trap
# stops) and die and say functions.

# The pod's JVM flags (deploy/Dockerfile.jvm and Dockerfile.jvm-aot, k8s/overlays/jvm): a 192 MiB heap in the 512
# MiB pod, the image's Parallel GC settings, native memory trimmed every 5 s (issue 30, bench/soak), no cached NIO
# buffer over 256 KiB. Start the gateway with POD_ENV (glibc's arenas capped as in the images) in its environment.
# shellcheck disable=SC2034 # for the sourcing script
POD_JAVA_OPTS="-Xmx192m -XX:+UseParallelGC -XX:MinHeapFreeRatio=10 -XX:MaxHeapFreeRatio=20 -XX:GCTimeRatio=4 -XX:AdaptiveSizePolicyWeight=90 -XX:TrimNativeHeapInterval=5000 -XX:+ExitOnOutOfMemoryError -Djdk.nio.maxCachedBufferSize=262144"
# shellcheck disable=SC2034 # for the sourcing script
POD_ENV=(MALLOC_ARENA_MAX=2)

# wait_for URL [TENTHS]: until URL answers 2xx, at most TENTHS tenths of a second (default 600: a minute)
wait_for() {
  for _ in $(seq "${2:-600}"); do curl -fs -o /dev/null --max-time 2 "$1" && return 0; sleep 0.1; done
  die "$1 not ready"
}

free_port() {
  node -e 'const s = require("net").createServer(); s.listen(0, "127.0.0.1", () => { console.log(s.address().port); s.close(); });'
}

# The upstream speaks HTTPS, as the real router does, with a self-signed certificate for 127.0.0.1 made at start
# (upstream_cert); UPSTREAM_TLS=0 in the environment, or a script's --plain, makes it plain HTTP. UPSTREAM_H2=1: the
# HTTPS upstream offers h2 by ALPN beside HTTP/1.1 (by default only HTTP/1.1).
UPSTREAM_TLS="${UPSTREAM_TLS:-1}"
UPSTREAM_H2="${UPSTREAM_H2:-0}"
[[ "$UPSTREAM_TLS" == 0 || "$UPSTREAM_TLS" == 1 ]] || die "UPSTREAM_TLS is 1 (HTTPS, the default) or 0 (plain HTTP)"

# upstream_cert DIR: a P-256 key and a self-signed certificate for IP 127.0.0.1 and localhost, valid 2 days, made
# with openssl into DIR (once per DIR); sets UPSTREAM_CA (the certificate: what clients trust) and UPSTREAM_KEY.
upstream_cert() {
  local dir="$1"
  UPSTREAM_CA="$dir/upstream-cert.pem"
  UPSTREAM_KEY="$dir/upstream-key.pem"
  [[ -s "$UPSTREAM_CA" && -s "$UPSTREAM_KEY" ]] && return 0
  command -v openssl >/dev/null \
    || die "openssl is not installed (apt-get install -y openssl): it makes the upstream's certificate; or UPSTREAM_TLS=0"
  openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:prime256v1 -nodes -days 2 -subj /CN=127.0.0.1 \
    -addext subjectAltName=IP:127.0.0.1,DNS:localhost -keyout "$UPSTREAM_KEY" -out "$UPSTREAM_CA" \
    > "$dir/openssl.log" 2>&1 || { cat "$dir/openssl.log" >&2; die "openssl could not make the upstream's certificate"; }
}

# start_upstream LOG [NAME=VALUE...]: starts bench/upstream.mjs on a free port (its output to LOG, the NAME=VALUEs in
# its environment, e.g. BODY_LIMIT=...), adds it to PIDS, and once it has printed its port sets:
#   UPSTREAM_PID, UPSTREAM_PORT, UPSTREAM (its base URL: https://127.0.0.1:<port>, or http:// with UPSTREAM_TLS=0);
#   UPSTREAM_CA: the certificate to trust (made in LOG's directory), empty with plain HTTP;
#   GATEWAY_UPSTREAM_ENV: the gateway's environment for it, for `env "${GATEWAY_UPSTREAM_ENV[@]}" ... java ...`:
#     GATEWAY_ROUTER_URL and, over HTTPS, QUARKUS_TLS_ROUTER_TRUST_STORE_PEM_CERTS (the TLS configuration "router");
#   PORTKEY_UPSTREAM_ENV: the same for a Node process (Portkey): NODE_EXTRA_CA_CERTS over HTTPS.
# curl reaches it with upstream_curl, wrk with the https URL as is (wrk does not check certificates).
start_upstream() {
  local log="$1" port="" scheme=https tls=() args=(0)
  shift
  if [[ "$UPSTREAM_TLS" == 1 ]]; then
    upstream_cert "$(dirname "$log")"
    tls=(UPSTREAM_TLS_CERT="$UPSTREAM_CA" UPSTREAM_TLS_KEY="$UPSTREAM_KEY" UPSTREAM_H2="$UPSTREAM_H2")
  else
    scheme=http
    UPSTREAM_CA=""
    tls=(UPSTREAM_TLS_CERT= UPSTREAM_TLS_KEY=)
    args+=(--plain)
  fi
  env "${tls[@]}" "$@" node "$(dirname "${BASH_SOURCE[0]}")/upstream.mjs" "${args[@]}" > "$log" 2>&1 &
  UPSTREAM_PID=$!
  PIDS+=("$UPSTREAM_PID")
  for _ in $(seq 100); do
    # the log may not exist yet: node's output is redirected by the background job
    port="$(awk '/^PORT /{ print $2; exit }' "$log" 2>/dev/null || true)"
    [[ -n "$port" ]] && break
    kill -0 "$UPSTREAM_PID" 2>/dev/null || { cat "$log" >&2; die "bench/upstream.mjs exited"; }
    sleep 0.1
  done
  [[ -n "$port" ]] || die "bench/upstream.mjs did not print its port (log: $log)"
  # shellcheck disable=SC2034 # for the sourcing script
  UPSTREAM_PORT="$port"
  UPSTREAM="$scheme://127.0.0.1:$port"
  GATEWAY_UPSTREAM_ENV=(GATEWAY_ROUTER_URL="$UPSTREAM")
  PORTKEY_UPSTREAM_ENV=()
  if [[ -n "$UPSTREAM_CA" ]]; then
    GATEWAY_UPSTREAM_ENV+=(QUARKUS_TLS_ROUTER_TRUST_STORE_PEM_CERTS="$UPSTREAM_CA")
    PORTKEY_UPSTREAM_ENV+=(NODE_EXTRA_CA_CERTS="$UPSTREAM_CA")
  fi
}

# upstream_curl ARGS...: curl, trusting the upstream's certificate when there is one (harmless for http:// URLs)
upstream_curl() {
  if [[ -n "${UPSTREAM_CA:-}" ]]; then curl --cacert "$UPSTREAM_CA" "$@"; else curl "$@"; fi
}

# upstream_stat NAME [BASE_URL]: one number of the upstream's GET /bench/stats (not reset), from UPSTREAM or BASE_URL:
# connections (TCP connections accepted; this look itself is not counted), tls_errors (failed handshakes), chats, ...
upstream_stat() {
  local stats
  stats="$(upstream_curl -fs --max-time 10 "${2:-$UPSTREAM}/bench/stats")" || die "no answer from ${2:-$UPSTREAM}/bench/stats"
  [[ "$stats" =~ \"$1\":(-?[0-9]+) ]] || die "no $1 in the upstream's stats: $stats"
  echo "${BASH_REMATCH[1]}"
}
upstream_connections() { upstream_stat connections "$@"; }

# upstream_check_tls LOG: warns (say) when the upstream saw failed TLS handshakes: a client does not trust it
upstream_check_tls() {
  local failed
  [[ -n "${UPSTREAM_CA:-}" ]] || return 0
  failed="$(upstream_stat tls_errors)"
  [[ "$failed" == 0 ]] || say "warning: the upstream saw $failed failed TLS handshakes (a client that does not trust" \
    "its certificate? a jar built before the router's TLS configuration? --plain/UPSTREAM_TLS=0 avoids TLS); see $1"
}
