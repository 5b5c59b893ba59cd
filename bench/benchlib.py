"""Shared by the bench/ scripts (Python 3.11, standard library only): the run and its load. Messages, common options,
processes (every one start() started is stopped when the script exits, also on SIGINT and SIGTERM: TERM, then KILL
after 10 s, the last started first), free ports, HTTP requests and waits for URLs, the build, wrk and the BENCH line of
bench/wrk/common.lua, CPU time from /proc, the run's context (load average, commit, JDK), numbers, markdown tables.
The servers and request bodies are in benchservers.py, memory (RSS, the pod's cgroup, NMT) in benchmem.py."""
import atexit, os, re, shutil, signal, socket, ssl, statistics, subprocess, sys, tempfile, time, urllib.parse
from http.client import HTTPConnection, HTTPException, HTTPSConnection

BENCH = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(BENCH)
CACHE = os.environ.get("BENCH_CACHE") or os.path.expanduser("~/.cache/vision-gateway-bench")
DEFAULT_APP = os.path.join(ROOT, "target", "quarkus-app")
JDK25 = "/usr/lib/jvm/temurin-25-jdk-amd64"
NAME = os.path.basename(sys.argv[0])
HZ = os.sysconf("SC_CLK_TCK")
PROCS, AFTER = [], []  # stopped at exit; then AFTER's functions run (removing temporary directories, cgroups)

def say(message):
    print(f"{NAME}: {message}", file=sys.stderr, flush=True)

def die(message):
    say(f"error: {message}")
    sys.exit(1)

def need(*tools):
    for tool in tools:
        if not shutil.which(tool):
            die(f"{tool} is not installed" + (" (apt-get install -y wrk)" if tool == "wrk" else ""))

def app_options(parser, app=True):
    """--app DIR (the packaged gateway) and --plain (the upstream's scheme), as the scripts take them."""
    if app:
        parser.add_argument("--app", metavar="DIR", default=DEFAULT_APP,
                            help="the packaged gateway to run, a quarkus-app directory (default target/quarkus-app)")
    parser.add_argument("--plain", action="store_true", help="the upstream speaks plain HTTP, not HTTPS with a "
                        "self-signed certificate made with openssl at start (also UPSTREAM_TLS=0)")

def jar_of(app):
    jar = os.path.abspath(os.path.join(app, "quarkus-run.jar"))
    return jar if os.path.isfile(jar) else die(f"no {jar}: ./mvnw -B -q package -DskipTests, or --app DIR")

def temp_dir(prefix):
    """A temporary directory, removed at exit."""
    directory = tempfile.mkdtemp(prefix=prefix)
    AFTER.append(lambda: shutil.rmtree(directory, ignore_errors=True))
    return directory

def start(argv, log, env=None, **popen):
    """A process with its output appended to the file log, stopped when the script exits."""
    with open(log, "ab") as out:
        PROCS.append(subprocess.Popen(argv, stdout=out, stderr=subprocess.STDOUT, env=env, **popen))
    return PROCS[-1]

def stop(proc, grace=10):
    if proc.poll() is None:
        proc.terminate()
        try:
            proc.wait(grace)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()

def stop_all():
    while PROCS:
        stop(PROCS.pop())
    while AFTER:
        AFTER.pop()()

atexit.register(stop_all)
signal.signal(signal.SIGINT, lambda *_: sys.exit(130))
signal.signal(signal.SIGTERM, lambda *_: sys.exit(143))

def tail(path, lines=30):
    try:
        with open(path, errors="replace") as f:
            sys.stderr.write("".join(f.readlines()[-lines:]))
    except (OSError, TypeError):
        pass

def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]

def request(url, body=None, headers=None, ca=None, timeout=30):
    """(status, answer bytes) of a GET, or a POST of body; no proxy; over HTTPS it trusts ca (the upstream's)."""
    u = urllib.parse.urlsplit(url)
    tls = {"context": ssl.create_default_context(cafile=ca)} if u.scheme == "https" else {}
    conn = (HTTPSConnection if tls else HTTPConnection)(u.hostname, u.port, timeout=timeout, **tls)
    try:
        conn.request("GET" if body is None else "POST", (u.path or "/") + (u.query and "?" + u.query), body,
                     headers or {})
        answer = conn.getresponse()
        return answer.status, answer.read()
    finally:
        conn.close()

def post(url, body, headers, out, ca=None, timeout=30):
    """(status, answer) of one POST, the answer also written to the file out; status 0 when none came."""
    try:
        status, answer = request(url, body, headers, ca, timeout)
    except (OSError, HTTPException):
        status, answer = 0, b""
    with open(out, "wb") as f:
        f.write(answer)
    return status, answer

def wait_for(url, seconds, proc=None, log=None, what=None, ca=None, every=0.1):
    """Until url answers 2xx; dies when proc exits first, or after seconds, with the last lines of log."""
    end = time.monotonic() + seconds
    while time.monotonic() < end:
        if proc is not None and proc.poll() is not None:
            tail(log)
            die(f"{what or url} exited before it was ready (log: {log})")
        try:
            if 200 <= request(url, ca=ca, timeout=2)[0] < 300:
                return
        except (OSError, HTTPException):
            pass
        time.sleep(every)
    tail(log)
    die(f"{what or url} was not ready at {url} within {seconds} s (log: {log})")

def mvnw(args, log, cwd=ROOT, env=None):
    """./mvnw ARGS in cwd (the repository), its output to log; dies when it fails."""
    say(f"building{'' if cwd == ROOT else ' ' + cwd}: ./mvnw {' '.join(args)} (log: {log})")
    with open(log, "wb") as out:
        if subprocess.run(["./mvnw", *args], cwd=cwd, env=env, stdout=out, stderr=subprocess.STDOUT).returncode:
            tail(log, 40)
            die(f"the build failed (log: {log})")

def lua(name):
    return f"{BENCH}/wrk/{name}.lua"

def wrk_argv(url, script, seconds, connections, threads=2, args=(), headers=(), timeout=None, latency=False):
    return ["wrk", f"-t{min(threads, connections)}", f"-c{connections}", f"-d{seconds}s",
            *(["--timeout", timeout] if timeout else []), *(["--latency"] if latency else []),
            *[x for header in headers for x in ("-H", header)], "-s", script, url, *(["--", *args] if args else [])]

def bench_line(text):
    """The BENCH line of bench/wrk/common.lua as a dict, numbers as numbers (statuses: "200:N,502:K"), the line itself
    as line; None without one."""
    found = re.search(r"^BENCH (.*)$", text or "", re.M)
    return found and {"line": found.group(0),
                      **{k: number(v) for k, v in (field.split("=", 1) for field in found.group(1).split())}}

def number(text):
    for kind in (int, float):
        try:
            return kind(text)
        except ValueError:
            pass
    return text

def wrk(*argv, out=None, check=True, **options):
    """Runs wrk (wrk_argv's arguments), its output to the file out; the BENCH line; dies without one if check."""
    done = subprocess.run(wrk_argv(*argv, **options), capture_output=True, text=True)
    if out:
        with open(out, "w") as f:
            f.write(done.stdout + done.stderr)
    line = bench_line(done.stdout)
    if check and (done.returncode or not line):
        sys.stderr.write(done.stdout[-3000:] + done.stderr[-3000:])
        die(f"wrk failed or printed no BENCH line against {argv[0]}" + (f", see {out}" if out else ""))
    return line

def cpu_ticks(pid):
    """utime + stime of a process, all its threads, in clock ticks (fields 14 and 15 of /proc/<pid>/stat)."""
    with open(f"/proc/{pid}/stat") as f:
        fields = f.read().rsplit(")", 1)[1].split()
    return int(fields[11]) + int(fields[12])

def loadavg():
    with open("/proc/loadavg") as f:
        return " ".join(f.read().split()[:3])

def git(*args):
    return subprocess.run(["git", "-C", ROOT, *args], capture_output=True, text=True).stdout.strip()

def commit(*paths, dirty=None, note=" + uncommitted changes"):
    """The short hash of the last commit (that changed paths), with note when the tree has changes in dirty."""
    found = git("log", "-1", "--format=%h", *(["--", *paths] if paths else [])) or "unknown"
    return found + (note if dirty and git("status", "--porcelain", "--", *dirty) else "")

def java_version(java="java"):
    out = subprocess.run([java, "-version"], capture_output=True, text=True)
    return ((out.stderr or out.stdout).splitlines() or ["?"])[0]

def median(values):
    return statistics.median(values) if values else None

def commas(n):
    return f"{n:,.0f}"

def table(header, rows):
    """Prints a markdown table."""
    print("| " + " | ".join(header) + " |\n|" + "---|" * len(header))
    for row in rows:
        print("| " + " | ".join(map(str, row)) + " |")
