"""Shared by the bench/ scripts (Python 3.11, standard library only): memory. VmRSS and VmHWM of a process from /proc
and a sampler of them, a cgroup with the pod's limits, Native Memory Tracking snapshots and their table. The run and
its load are in benchlib.py, the servers in benchservers.py. See bench/README.md."""
import os, re, shutil, statistics, subprocess, threading, time

def status_kib(pid, key="VmRSS"):
    """A field of /proc/<pid>/status in KiB (VmRSS, VmHWM), None once the process is gone (or a zombie)."""
    try:
        with open(f"/proc/{pid}/status") as f:
            return next((int(line.split()[1]) for line in f if line.startswith(key + ":")), None)
    except OSError:
        return None

class PodCgroup:
    """A cgroup of its own with the pod's memory limit (MiB) and CPU limit (CPUs): cgroup v2, or v1's memory and cpu
    hierarchies (root needed). A process joins it with preexec_fn=group.join; remove() once it is gone."""

    def __init__(self, name, limit_mib, cpus):
        self.dirs, own = [], open("/proc/self/cgroup").read().splitlines()
        path = lambda controller: next(l.split(":", 2)[2] for l in own if controller in l.split(":")[1].split(","))
        try:
            if os.path.isfile("/sys/fs/cgroup/cgroup.controllers"):
                self.memory = self.make(f"/sys/fs/cgroup{path('')}", name, {"memory.max": limit_mib << 20,
                                                                           "cpu.max": f"{cpus * 100000} 100000"})
            else:
                self.memory = self.make(f"/sys/fs/cgroup/memory{path('memory')}", name,
                                        {"memory.limit_in_bytes": limit_mib << 20})
                self.make(f"/sys/fs/cgroup/cpu{path('cpu')}", name,
                          {"cpu.cfs_period_us": 100000, "cpu.cfs_quota_us": cpus * 100000})
        except OSError:
            self.remove()
            raise
        self.v2 = os.path.isfile(f"{self.memory}/memory.current")

    def make(self, parent, name, settings):
        directory = f"{parent.rstrip('/')}/{name}"
        os.mkdir(directory)
        self.dirs.append(directory)
        for file, value in settings.items():
            with open(f"{directory}/{file}", "w") as f:
                f.write(str(value))
        return directory

    def join(self):  # in the child, before exec
        for directory in self.dirs:
            with open(f"{directory}/cgroup.procs", "w") as f:
                f.write(str(os.getpid()))

    def read(self, file, key=None):
        try:
            with open(f"{self.memory}/{file}") as f:
                text = f.read()
        except OSError:
            return None
        found = re.search(rf"^{key} (\d+)", text, re.M) if key else re.match(r"\d+", text)
        return int(found.group(1) if key else found.group(0)) if found else None

    def anon_kib(self):
        """Its anonymous memory (the processes in it, which nothing can reclaim, unlike page cache), KiB."""
        value = self.read("memory.stat", "anon" if self.v2 else "total_rss")
        return value // 1024 if value is not None else ""

    def report(self, limit_mib, cpus):
        """Its peak usage (the true peak between RSS samples; the page cache it charged included) and its OOM kills."""
        peak, kills = (self.read("memory.peak"), self.read("memory.events", "oom_kill")) if self.v2 else (
            self.read("memory.max_usage_in_bytes"), self.read("memory.oom_control", "oom_kill"))
        return (f"- the pod cgroup ({limit_mib} MiB, {cpus} CPU): peak usage {(peak or 0) / 1048576:.1f} MiB ("
                f"{100 * (peak or 0) / 1048576 / limit_mib:.1f}%; page cache included), OOM kills "
                f"{'?' if kills is None else kills}")

    def remove(self):
        for directory in reversed(self.dirs):
            try:
                os.rmdir(directory)
            except OSError:
                pass

def nmt_values(path):
    """KB committed per category of a `jcmd <pid> VM.native_memory summary scale=KB`, with Total, malloc, mmap, and the
    counts threads and classes."""
    values = {}
    with open(path, errors="replace") as f:
        for line in f:
            committed = re.search(r"committed=(\d+)", line)
            if line.startswith("Total: ") or re.match(r" +mmap: +reserved=", line):
                values["Total" if line.startswith("Total") else "mmap"] = int(committed.group(1))
            elif found := re.match(r" +malloc: (\d+)KB", line):
                values["malloc"] = int(found.group(1))
            elif found := re.match(r"- +(.*?) +\(reserved=\d+KB, committed=(\d+)KB", line):
                values[found.group(1)] = int(found.group(2))
            elif found := re.search(r"\((threads|classes) #(\d+)\)", line):
                values[found.group(1)] = int(found.group(2))
    return values

def sample_rss(pid, csv, clock, phase, group=None):
    """Samples, twice a second until the process is gone, (clock(), phase(), its VmRSS KiB, group's anonymous memory
    KiB or ""): into the list it returns, and into the file csv (t_s,phase,rss_kib,pod_anon_kib), from a thread."""
    samples = []
    def run():
        with open(csv, "w") as out:
            out.write("t_s,phase,rss_kib,pod_anon_kib\n")
            while (rss := status_kib(pid)) is not None:
                samples.append((clock(), phase(), rss, group.anon_kib() if group else ""))
                out.write("%.3f,%s,%d,%s\n" % samples[-1])
                out.flush()
                time.sleep(0.5)
    threading.Thread(target=run, daemon=True).start()
    return samples

def rss_report(samples, limit_mib):
    """Prints the peak RSS of the samples (warm-up included: the pod's limit counts it too), the median and the end of
    those in the phase "load", the warm-up's peak, and the peak anonymous memory of the pod's cgroup."""
    if not samples:
        return print("No RSS samples.")
    share = lambda kib: f"{kib / 1024:.1f} MiB ({100 * kib / 1024 / limit_mib:.1f}%"
    t, phase, rss, _ = max(samples, key=lambda s: s[2])
    print(f"- **peak RSS {rss / 1024:.1f} MiB** ({100 * rss / 1024 / limit_mib:.1f}% of {limit_mib} MiB) at "
          f"t={t:.0f} s ({phase}), over {len(samples)} samples of the whole run")
    if load := [s for s in samples if s[1] == "load"]:
        print(f"- median RSS of the load {share(statistics.median(s[2] for s in load))}), {len(load)} samples")
        print(f"- end RSS of the load {share(load[-1][2])}) at t={load[-1][0]:.0f} s")
    if warmup := [s[2] for s in samples if s[1] == "warmup"]:
        print(f"- peak RSS in the warm-up {max(warmup) / 1024:.1f} MiB")
    if (anon := max((s for s in samples if s[3] != ""), key=lambda s: s[3], default=None)) and anon[3] > 0:
        print(f"- peak anonymous memory of the pod cgroup (the gateway and its Tesseract runs) {share(anon[3])}) at "
              f"t={anon[0]:.0f} s")

class Nmt:
    """Native Memory Tracking summaries of a JVM (jcmd <pid> VM.native_memory summary scale=KB) into directory, listed
    with the clock's time, the phase and VmRSS in nmt-index.csv and in snapshots."""

    def __init__(self, jcmd, pid, directory, clock, phase):
        self.jcmd, self.pid, self.directory, self.clock, self.phase = jcmd, pid, directory, clock, phase
        self.snapshots = []

    def snapshot(self, name):
        t, rss, phase, path = self.clock(), status_kib(self.pid), self.phase(), f"{self.directory}/{name}"
        with open(f"{path}.tmp", "w") as out:
            if rss is None or subprocess.run([self.jcmd, str(self.pid), "VM.native_memory", "summary", "scale=KB"],
                                             stdout=out, stderr=subprocess.STDOUT).returncode:
                return False
        os.replace(f"{path}.tmp", path)
        self.snapshots.append((name, t, phase, rss))
        with open(f"{self.directory}/nmt-index.csv", "a") as index:
            index.write("file,t_s,phase,rss_kib\n" * (len(self.snapshots) == 1)
                        + "%s,%.3f,%s,%d\n" % self.snapshots[-1])
        return True

    def follow(self, interval, stop):
        """A thread that takes one every interval s, and at once when the RSS has climbed 4 MiB above the highest it
        had at such a snapshot (at most one every 5 s), so that one is taken soon after the peak; ends once stop()."""
        def run():
            following, last, high = int(self.clock()) + interval, 0, status_kib(self.pid) or 0
            while (rss := status_kib(self.pid)) is not None and not stop():
                if (t := int(self.clock())) >= following or rss > high + 4096 and t >= last + 5:
                    high, last = max(high, rss), t
                    self.snapshot(f"nmt-{t:06d}s.txt")
                    following = t + interval if t >= following else following
                time.sleep(1)
        thread = threading.Thread(target=run, daemon=True)
        thread.start()
        return thread

    def report(self, peak_t):
        """Prints the table of the snapshots at ready, at the peak (the first taken at or after peak_t, else the last
        one before it; copied to nmt-peak.txt) and at the end."""
        after = [s for s in self.snapshots if s[1] >= peak_t]
        if not (peak := after[0] if after else self.snapshots[-1] if self.snapshots else None):
            return print("\nNo NMT snapshot was taken (see the run directory).")
        shutil.copy(f"{self.directory}/{peak[0]}", f"{self.directory}/nmt-peak.txt")
        print("\nNative Memory Tracking, committed MiB (`jcmd <pid> VM.native_memory summary`); at the peak: "
              + f"{peak[0]}, the " + ("first snapshot after the peak" if after else "last snapshot before the peak "
              "(none after it)") + f" (peak RSS at t={peak_t:.0f} s); every snapshot is in the run directory "
              "(nmt-index.csv lists them).\n")
        kind = lambda s: {"nmt-ready.txt": "ready", "nmt-end.txt": "end"}.get(s[0], "peak")
        nmt_table([(f"{kind(s)}{' = peak' if s is peak and kind(s) != 'peak' else ''} (t={s[1]:.0f} s, {s[2]}, RSS "
                    f"then {s[3] / 1024:.1f})", f"{self.directory}/{s[0]}") for s in self.snapshots
                   if s is peak or kind(s) != "peak"])
        print("\nNMT counts committed memory, RSS the pages touched: the heap is committed in full but resident only "
              "as far as used, and RSS also holds what NMT does not track (the jar and libraries mapped, malloc "
              "arenas' slack, native libraries' own allocations such as libjpeg's).")

ROWS = {"Java Heap": "", "Class": " (class space and class metadata; classes)", "Metaspace": " (non-class metadata)",
        "Thread": " (stacks; threads)", "Code": "", "GC": "", "Compiler": "", "Internal": "",
        "Other": " (direct buffers, Unsafe)", "Symbol": "", "Native Memory Tracking": "", "Arena Chunk": "",
        "Shared class space": " (CDS archive)"}

def nmt_table(columns):
    """Prints the committed MiB per category of NMT summaries, columns: (title, file)."""
    values, count = [nmt_values(path) for _, path in columns], {"Thread": "threads", "Class": "classes"}
    mib = lambda v, key: f"{v[key] / 1024:.1f}" if key in v else "-"
    rows = [[name + note] + [mib(v, name) + (f" ({v.get(count[name], '?')} {count[name]})" if name in count and
                                              name in v else "") for v in values] for name, note in ROWS.items()]
    rows += [["all other categories"] + [f"{(v.get('Total', 0) - sum(v.get(n, 0) for n in ROWS)) / 1024:.1f}"
                                          for v in values], ["**total committed**"] + [
        f"**{v.get('Total', 0) / 1024:.1f}**" for v in values], ["of it malloc"] + [mib(v, "malloc") for v in values],
             ["of it mmap (committed)"] + [mib(v, "mmap") for v in values]]
    print("| category | " + " | ".join(title for title, _ in columns) + " |\n|---|" + "---|" * len(columns))
    for row in rows:
        print("| " + " | ".join(row) + " |")
