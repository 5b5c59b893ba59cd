#!/usr/bin/env python3
"""Measures the packaged fast-jar on this machine: time from `java -jar` to a ready /q/health/ready, resident memory
idle and after a load, and the jar's size. Everything runs on 127.0.0.1: the router is a fake one in this process.

    ./mvnw package -DskipTests && python3 deploy/measure.py [--runs 5] [--requests 2000] [--java-opts "..."]
"""
import argparse
import base64
import http.client
import http.server
import json
import os
import statistics
import struct
import subprocess
import threading
import time
import urllib.request
import zlib
from concurrent.futures import ThreadPoolExecutor

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
JAR = os.path.join(ROOT, "target", "quarkus-app", "quarkus-run.jar")
APP_PORT = 18080
# health is served on the management interface, beside the API
MANAGEMENT_PORT = 19000

CATALOG = json.dumps({"data": [
    {"id": "google/gemini-2.5-flash", "architecture": {"input_modalities": ["text", "image"]}},
    {"id": "openai/gpt-4.1-mini", "architecture": {"input_modalities": ["text", "image"]}}]}).encode()
COMPLETION = json.dumps({"id": "c1", "object": "chat.completion", "model": "google/gemini-2.5-flash",
                         "choices": [{"index": 0, "message": {"role": "assistant", "content": "An orange square."},
                                      "finish_reason": "stop"}],
                         "usage": {"prompt_tokens": 80, "completion_tokens": 4, "total_tokens": 84}}).encode()


class FakeRouter(http.server.BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"

    def do_GET(self):
        self.answer(CATALOG if self.path.startswith("/api/models") else b"{}")

    def do_POST(self):
        self.rfile.read(int(self.headers.get("Content-Length", 0)))
        self.answer(COMPLETION)

    def answer(self, body):
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args):
        pass


def png(width, height):
    """A valid RGB PNG made by hand, so that no imaging library is needed."""
    def chunk(kind, data):
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))
    rows = (b"\x00" + b"\xff\x8c\x00" * width) * height  # filter byte 0, then orange pixels
    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0))
            + chunk(b"IDAT", zlib.compress(rows)) + chunk(b"IEND", b""))


def rss_mb(pid):
    out = subprocess.run(["ps", "-o", "rss=", "-p", str(pid)], capture_output=True, text=True).stdout.strip()
    return int(out) / 1024


def start_app(java_opts, env_extra):
    env = {name: value for name, value in os.environ.items() if not name.startswith("GATEWAY_")}
    env.update(env_extra)
    command = ["java", *java_opts.split(), f"-Dquarkus.http.port={APP_PORT}",
               f"-Dquarkus.management.port={MANAGEMENT_PORT}", "-jar", JAR]
    started = time.monotonic()
    process = subprocess.Popen(command, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    while True:
        try:
            with urllib.request.urlopen(f"http://127.0.0.1:{MANAGEMENT_PORT}/q/health/ready", timeout=1) as answer:
                if answer.status == 200:
                    return process, time.monotonic() - started
        except OSError:
            pass
        if process.poll() is not None or time.monotonic() - started > 60:
            raise SystemExit("the app did not become ready")
        time.sleep(0.01)


def stop(process):
    process.terminate()
    process.wait(timeout=30)


def load(requests, body):
    """`requests` GET /v1/models and as many POST /v1/describe, 8 keep-alive connections at a time."""
    def worker(count):
        connection = http.client.HTTPConnection("127.0.0.1", APP_PORT, timeout=30)
        failures = 0
        for i in range(count):
            if i % 2:
                connection.request("POST", "/v1/describe", body, {"Content-Type": "application/json"})
            else:
                connection.request("GET", "/v1/models")
            answer = connection.getresponse()
            answer.read()
            failures += answer.status != 200
        connection.close()
        return failures
    started = time.monotonic()
    with ThreadPoolExecutor(8) as pool:
        failures = sum(pool.map(worker, [2 * requests // 8] * 8))
    return time.monotonic() - started, failures


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--requests", type=int, default=2000)
    parser.add_argument("--java-opts", default="")
    parser.add_argument("--idle-only", action="store_true", help="start and idle memory only, no load")
    args = parser.parse_args()

    starts, idle = [], []
    for _ in range(args.runs):
        process, seconds = start_app(args.java_opts, {})
        starts.append(seconds)
        time.sleep(5)  # let start-up threads and the JIT settle before reading memory
        idle.append(rss_mb(process.pid))
        stop(process)
    print(f"start to ready (no router), {args.runs} runs: median {statistics.median(starts):.2f} s "
          f"(min {min(starts):.2f}, max {max(starts):.2f})")
    print(f"RSS idle (no router): median {statistics.median(idle):.0f} MB (min {min(idle):.0f}, max {max(idle):.0f})")
    if args.idle_only:
        return

    router = http.server.ThreadingHTTPServer(("127.0.0.1", 0), FakeRouter)
    threading.Thread(target=router.serve_forever, daemon=True).start()
    process, _ = start_app(args.java_opts, {"GATEWAY_ROUTER_URL": f"http://127.0.0.1:{router.server_port}",
                                            "GATEWAY_ROUTER_API_KEY": "measure-only"})
    try:
        time.sleep(5)
        print(f"RSS idle (router configured, catalog loaded): {rss_mb(process.pid):.0f} MB")
        body = json.dumps({"images": [{"url": "data:image/png;base64," + base64.b64encode(png(64, 64)).decode()}]})
        seconds, failures = load(args.requests, body)
        total = 2 * args.requests
        print(f"load: {total} requests ({args.requests} GET /v1/models, {args.requests} POST /v1/describe with a"
              f" 64x64 PNG data URL), 8 connections: {seconds:.1f} s, {total / seconds:.0f} req/s, {failures} not 200")
        print(f"RSS after load: {rss_mb(process.pid):.0f} MB")
        time.sleep(10)
        print(f"RSS 10 s after load: {rss_mb(process.pid):.0f} MB")
    finally:
        stop(process)
        router.shutdown()
    size = subprocess.run(["du", "-sh", os.path.dirname(JAR)], capture_output=True, text=True).stdout.split()[0]
    print(f"fast-jar size (du -sh target/quarkus-app): {size}")


if __name__ == "__main__":
    main()
