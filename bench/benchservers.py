"""Shared by the bench/ scripts (Python 3.11, standard library only): the servers and what they are sent. The fake
router bench/upstream.mjs (HTTPS with a self-signed certificate made with openssl at start, or plain HTTP), the
packaged gateway with the pod's JVM flags and environment, Portkey, the peer gateway, installed from the npm registry
into the cache (each stopped when the script exits: benchlib.start), and the request bodies: JPEGs made by
bench/MakeJpeg.java, data URLs, multipart forms. See bench/README.md."""
import base64, collections, json, os, re, shutil, subprocess, sys, time
from benchlib import BENCH, CACHE, die, free_port, request, say, start, tail, wait_for

# The pod's JVM flags (deploy/Dockerfile.jvm and Dockerfile.jvm-aot, k8s/overlays/jvm): a 192 MiB heap in the 512 MiB
# pod, the image's Parallel GC settings, native memory trimmed every 5 s (issue 30, bench/soak), no cached NIO buffer
# over 256 KiB. Start the gateway with POD_ENV (glibc's arenas capped as in the images) in its environment.
POD_JAVA_OPTS = ("-Xmx192m -XX:+UseParallelGC -XX:MinHeapFreeRatio=10 -XX:MaxHeapFreeRatio=20 -XX:GCTimeRatio=4 "
                 "-XX:AdaptiveSizePolicyWeight=90 -XX:TrimNativeHeapInterval=5000 -XX:+ExitOnOutOfMemoryError "
                 "-Djdk.nio.maxCachedBufferSize=262144")
POD_ENV = {"MALLOC_ARENA_MAX": "2"}
PASS_THROUGH = {"GATEWAY_FETCH_MODE": "pass-through"}
PORTKEY_VERSION, HONO_NODE_SERVER = "1.15.2", "1.14.1"
CHAT_START = ('{"model":"openai/gpt-4o","messages":[{"role":"user","content":[{"type":"text","text":"What is in this '
              'picture?"},{"type":"image_url","image_url":{"url":"')
CHAT_END = '"}}]}]}'
URL_CHAT = CHAT_START + "https://example.com/cat.jpg" + CHAT_END  # the body of bench/wrk/url.lua
STREAM_CHAT = URL_CHAT.replace('{"model":"openai/gpt-4o",', '{"model":"openai/gpt-4o","stream":true,')

def upstream_cert(directory):
    """(certificate, key): a P-256 key and a self-signed certificate for IP 127.0.0.1 and localhost, valid 2 days,
    made with openssl into directory (once per directory)."""
    ca, key = f"{directory}/upstream-cert.pem", f"{directory}/upstream-key.pem"
    if all(os.path.isfile(f) and os.path.getsize(f) for f in (ca, key)):
        return ca, key
    if not shutil.which("openssl"):
        die("openssl is not installed (apt-get install -y openssl): it makes the upstream's certificate; or --plain")
    with open(f"{directory}/openssl.log", "wb") as log:
        if subprocess.run(["openssl", "req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1",
                           "-nodes", "-days", "2", "-subj", "/CN=127.0.0.1", "-addext",
                           "subjectAltName=IP:127.0.0.1,DNS:localhost", "-keyout", key, "-out", ca],
                          stdout=log, stderr=subprocess.STDOUT).returncode:
            tail(log.name)
            die("openssl could not make the upstream's certificate")
    return ca, key

class Upstream:
    """bench/upstream.mjs on a free port, its output to log, its environment env (e.g. BODY_LIMIT): over HTTPS by
    default (UPSTREAM_TLS=1; the certificate made in log's directory: ca), plain HTTP with plain or UPSTREAM_TLS=0;
    with UPSTREAM_H2=1 the HTTPS server offers h2 by ALPN beside HTTP/1.1. url: https://127.0.0.1:<port> (or http);
    gateway_env, node_env: the environment of a gateway (its TLS configuration "router") or Node process calling it."""

    def __init__(self, log, plain=False, env=None):
        if os.environ.get("UPSTREAM_TLS", "1") not in ("0", "1"):
            die("UPSTREAM_TLS is 1 (HTTPS, the default) or 0 (plain HTTP)")
        self.tls = not plain and os.environ.get("UPSTREAM_TLS", "1") == "1"
        self.h2 = os.environ.get("UPSTREAM_H2", "0") == "1"
        self.log, self.ca, tls = log, None, {"UPSTREAM_TLS_CERT": "", "UPSTREAM_TLS_KEY": ""}
        if self.tls:
            self.ca, key = upstream_cert(os.path.dirname(os.path.abspath(log)))
            tls = {"UPSTREAM_TLS_CERT": self.ca, "UPSTREAM_TLS_KEY": key, "UPSTREAM_H2": "1" if self.h2 else "0"}
        self.proc = start(["node", f"{BENCH}/upstream.mjs", "0", *([] if self.tls else ["--plain"])], log,
                          env={**os.environ, **tls, **(env or {})})
        self.pid = self.proc.pid
        for _ in range(100):  # it prints "PORT <n> <https|http>" once it listens
            with open(log, errors="replace") as f:
                port = re.search(r"^PORT (\d+)", f.read(), re.M)
            if port or self.proc.poll() is not None:
                break
            time.sleep(0.1)
        if not port:
            tail(log)
            die(f"bench/upstream.mjs did not print its port (log: {log})")
        self.url = f"{'https' if self.tls else 'http'}://127.0.0.1:{port.group(1)}"
        self.gateway_env = {"GATEWAY_ROUTER_URL": self.url,
                            **({"QUARKUS_TLS_ROUTER_TRUST_STORE_PEM_CERTS": self.ca} if self.ca else {})}
        self.node_env = {"NODE_EXTRA_CA_CERTS": self.ca} if self.ca else {}
        self.scheme = ("HTTPS (HTTP/1.1" + (", h2 offered by ALPN)" if self.h2 else ")")) if self.tls else "plain HTTP"

    def stats(self, reset=False):
        """GET /bench/stats: connections (TCP connections accepted; this look is not counted), tls_errors, chats..."""
        status, body = request(f"{self.url}/bench/stats" + ("?reset=1" if reset else ""), ca=self.ca, timeout=10)
        if status != 200:
            die(f"no answer from {self.url}/bench/stats ({status})")
        return json.loads(body)

    def check_tls(self):
        """Warns when the upstream saw failed TLS handshakes: a client that does not trust its certificate."""
        failed = self.stats()["tls_errors"] if self.ca else 0
        if failed:
            say(f"warning: the upstream saw {failed} failed TLS handshakes (a client that does not trust its "
                f"certificate? a jar built before the router's TLS configuration? --plain avoids TLS); see {self.log}")

class Gateway:
    """The packaged gateway, java OPTS -jar JAR, on free ports of 127.0.0.1 (its management interface too), its router
    at upstream, the settings env; GATEWAY_* and QUARKUS_* of the caller's environment are dropped unless keep_env."""

    def __init__(self, jar, log, upstream=None, opts=POD_JAVA_OPTS, env=None, java="java", keep_env=False, **popen):
        self.port, self.management, self.log = free_port(), free_port(), log
        self.env = {**(upstream.gateway_env if upstream else {}), "GATEWAY_ROUTER_API_KEY": "bench",
                    "QUARKUS_HTTP_HOST": "127.0.0.1", "QUARKUS_HTTP_PORT": str(self.port),
                    "QUARKUS_MANAGEMENT_HOST": "127.0.0.1", "QUARKUS_MANAGEMENT_PORT": str(self.management),
                    **(env or {})}
        caller = {k: v for k, v in os.environ.items() if keep_env or not k.startswith(("GATEWAY_", "QUARKUS_"))}
        self.command = [java, *opts.split(), "-jar", jar]
        self.proc = start(self.command, log, env={**caller, **self.env}, **popen)
        self.pid, self.url = self.proc.pid, f"http://127.0.0.1:{self.port}"

    def wait(self, seconds=90, health=False, every=0.1, what="the gateway"):
        """Until /v1/models answers 2xx, or with health the management interface's /q/health/ready."""
        url = f"http://127.0.0.1:{self.management}/q/health/ready" if health else f"{self.url}/v1/models"
        wait_for(url, seconds, self.proc, self.log, what, every=every)

    def log_summary(self):
        """(text, the first OutOfMemoryError line or None) of its log's ERROR and WARN lines: how many of each, the five
        most frequent. Quarkus' console format: [date] time LEVEL [logger] (thread) message."""
        with open(self.log, errors="replace") as f:
            lines, start = f.read().splitlines(), r"^(\d{4}-\d{2}-\d{2} )?[0-9:,.]+ +"
        flagged = collections.Counter(re.sub(start + r"(ERROR|WARN) +", r"\2 ", line)[:220] for line in lines
                                      if re.match(start + r"(ERROR|WARN) ", line))
        errors, oom = sum(n for t, n in flagged.items() if t.startswith("ERROR")), next(
            (line for line in lines if "OutOfMemoryError" in line), None)
        return "\n".join([f"Gateway log: {errors} ERROR and {sum(flagged.values()) - errors} WARN lines"
                          + (", the most frequent:" if flagged else "")] + [f"    {n:7d} {t}" for t, n in
                                                                           flagged.most_common(5)]
                         + ([f"**OutOfMemoryError in the gateway's log:** {oom[:300]}"] if oom else [])), oom

def portkey(upstream, log_dir, install=True):
    """@portkey-ai/gateway 1.15.2 --headless on a free port, in front of upstream: (its process, its URL), or (None, why
    not). Installed on first use from the npm registry into <cache>/portkey-1.15.2 (outside the repository)."""
    home, log = f"{CACHE}/portkey-{PORTKEY_VERSION}", f"{log_dir}/portkey-install.log"
    server = f"{home}/node_modules/@portkey-ai/gateway/build/start-server.js"
    if not os.path.isfile(server):
        if not install or not shutil.which("npm"):
            return None, "npm is not installed" if install else f"not installed in {home} (--no-portkey-install)"
        os.makedirs(home, exist_ok=True)
        # the override: with the @hono/node-server that 1.15.2 resolves to by default, its streamed answers break
        with open(f"{home}/package.json", "w") as f:
            json.dump({"name": "vision-gateway-bench-portkey", "private": True, "dependencies": {
                "@portkey-ai/gateway": PORTKEY_VERSION}, "overrides": {"@hono/node-server": HONO_NODE_SERVER}}, f)
        say(f"installing @portkey-ai/gateway@{PORTKEY_VERSION} into {home} (log: {log})")
        with open(log, "wb") as out:  # its only install script (patch-package) has no patches in the published package
            subprocess.run(["npm", "install", "--no-audit", "--no-fund", "--ignore-scripts"], cwd=home, stdout=out,
                           stderr=subprocess.STDOUT)
        if not os.path.isfile(server):
            tail(log, 20)
            return None, f"npm install @portkey-ai/gateway@{PORTKEY_VERSION} failed (log: {log})"
    hono = f"{home}/node_modules/@hono/node-server/package.json"
    if (hono := json.load(open(hono)).get("version") if os.path.isfile(hono) else "?") != HONO_NODE_SERVER:
        say(f"warning: Portkey runs with @hono/node-server {hono}, not {HONO_NODE_SERVER}: its streams may break")
    port = free_port()
    proc = start(["node", server, f"--port={port}", "--headless"], f"{log_dir}/portkey.log",
                 env={**os.environ, **upstream.node_env}, cwd=home)
    wait_for(f"http://127.0.0.1:{port}/", 60, proc, f"{log_dir}/portkey.log", "Portkey")
    say(f"Portkey {PORTKEY_VERSION} on http://127.0.0.1:{port}, pid {proc.pid}")
    return (proc, f"http://127.0.0.1:{port}"), None

def make_jpeg(path, size, width, height, java="java", props=()):
    """bench/MakeJpeg.java's photo-like JPEG (gradients and noise, JFIF header only, at most size bytes), made once."""
    if not (os.path.isfile(path) and os.path.getsize(path)):
        say(f"generating {os.path.basename(path)} ({width} x {height}, <= {size} bytes) with bench/MakeJpeg.java")
        if subprocess.run([java, *props, f"{BENCH}/MakeJpeg.java", f"{path}.tmp", str(size), str(width), str(height)],
                          stdout=sys.stderr).returncode:
            die(f"could not generate {path}")
        os.replace(f"{path}.tmp", path)
    return path

def data_url_json(path, jpeg, start=CHAT_START, end=CHAT_END):
    """A JSON body made once: start, the JPEG as a base64 data: URL, end (again when older than the JPEG)."""
    if not os.path.isfile(path) or os.path.getmtime(path) < os.path.getmtime(jpeg):
        with open(jpeg, "rb") as image, open(f"{path}.tmp", "wb") as out:
            out.write(start.encode() + b"data:image/jpeg;base64," + base64.b64encode(image.read()) + end.encode())
        os.replace(f"{path}.tmp", path)
    return path

def multipart(fields, boundary="vision-gateway-bench-7f3a9c2e51d84b06a1e2"):
    """(body, content type) of a multipart/form-data form; fields: (name, text) or (name, (filename, bytes, type))."""
    parts = []
    for name, value in fields:
        if isinstance(value, tuple):
            head = f'name="{name}"; filename="{value[0]}"\r\nContent-Type: {value[2]}'
            parts.append(f"--{boundary}\r\nContent-Disposition: form-data; {head}\r\n\r\n".encode() + value[1])
        else:
            parts.append(f'--{boundary}\r\nContent-Disposition: form-data; name="{name}"\r\n\r\n{value}'.encode())
    return b"\r\n".join(parts) + f"\r\n--{boundary}--\r\n".encode(), f"multipart/form-data; boundary={boundary}"

def data_url_body(name, java="java"):
    """(JSON body, JPEG, its bytes): a chat with a JPEG the gateway sends as is (<= 2048 px, JFIF header only, < 5 MB)
    as a data: URL, made once into <cache>/bodies: jpeg-121k (800 x 600) or jpeg-4900k (2048 x 1536, ~4.9 MB)."""
    os.makedirs(f"{CACHE}/bodies", exist_ok=True)
    size, width, height = {"jpeg-121k": (121000, 800, 600), "jpeg-4900k": (4900000, 2048, 1536)}[name]
    jpeg = make_jpeg(f"{CACHE}/bodies/{name}.jpg", size, width, height, java)
    return data_url_json(f"{CACHE}/bodies/{name}.json", jpeg), jpeg, os.path.getsize(jpeg)
