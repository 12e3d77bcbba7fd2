"""The public pages over HTTP with wrk, against gunicorn started by bench/run.

    python bench/http_bench.py measure BASE_URL PAGES_JSON UNCACHED_BASE_URL
    python bench/http_bench.py load BASE_URL PAGES_JSON GUNICORN_PID SECONDS

measure: every page, cached (the page cache answers; paired with runs of /health/, the trivial view, since
issue 3 asks for at least half its rate) and uncached (asked of a second gunicorn whose cache is Django's
DummyCache, so every request renders), in one table. The page cache keys only on the parameters a view reads,
so a ?nocache=… no longer makes a page render: checked for every page. load: the pages in rotation at 32
connections, every 10th request a search for a new word, with the workers' memory every ten seconds.

Only the standard library and wrk; Django is not imported, this is the client side. Exits 1 when a page
answers anything but 200, or when the load test sees an error response, a socket error or a worker restart.
"""

import json
import os
import statistics
import subprocess
import sys
import time
import urllib.error
import urllib.request
import uuid
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

HERE = Path(__file__).resolve().parent
SECONDS = int(os.environ.get("MEASURE_SECONDS", "3"))  # each uncached run
ROUNDS = 3
THREADS, CONNECTIONS = 2, 16
# Uncached, a sync worker renders one page at a time: two connections per worker keep both busy, and the
# latency stays what a visitor waits rather than the length of a queue.
UNCACHED_CONNECTIONS = 4
LOAD_CONNECTIONS = 32
RSS_EVERY = 10  # seconds between memory samples in the load test
HALF = 0.5  # issue 3: a cached page serves at least half as many requests per second as /health/


def wrk_command(url, seconds, connections, paths=()):
    return [
        # As a browser or a calendar app asks: the page cache keeps a compressed copy for them.
        "wrk", f"-t{THREADS}", f"-c{connections}", f"-d{seconds}s", "--timeout", "30s", "-H", "Accept-Encoding: gzip",
        "-s", str(HERE / "wrk.lua"), url, "--", uuid.uuid4().hex[:8], *paths,
    ]


def wrk(url, seconds, *, mode="plain", connections=CONNECTIONS, paths=()):
    """Runs wrk with bench/wrk.lua; returns its RESULT line as a dict (latencies in µs)."""
    out = subprocess.run(wrk_command(url, seconds, connections, paths), env={**os.environ, "WRK_MODE": mode},
                         capture_output=True, text=True, check=True)
    return parse(out.stdout)


def parse(stdout):
    line = next(line for line in stdout.splitlines() if line.startswith("RESULT "))
    result = {key: int(value) for key, value in (field.split("=") for field in line.split()[1:])}
    result["rps"] = result["requests"] / (result["duration_us"] / 1e6)
    result["socket_errors"] = sum(result[key] for key in ("connect", "read", "write", "timeout"))
    return result


def get(url):
    """(status, X-Page-Cache) of one plain request."""
    try:
        with urllib.request.urlopen(url, timeout=60) as response:
            response.read()
            return response.status, response.headers.get("X-Page-Cache")
    except urllib.error.HTTPError as error:
        return error.code, error.headers.get("X-Page-Cache")


def wait_until_up(base):
    for _ in range(100):
        try:
            if get(base + "/health/")[0] == 200:
                return
        except OSError:
            pass
        time.sleep(0.2)
    sys.exit(f"gunicorn did not answer at {base}/health/")


def with_nocache(path):
    return path + ("&" if "?" in path else "?") + "nocache=check-" + uuid.uuid4().hex[:8]


def check(base, path):
    """What is wrong with a page, or None: it must answer 200, be a hit once cached, and still a hit with a
    parameter its view does not read (?nocache=…, as a cache-busting attacker would send)."""
    status, _ = get(base + path)
    if status != 200:
        return f"status {status}"
    # Each worker keeps its own cache: ask until one answers from it.
    if not any(get(base + path)[1] == "hit" for _ in range(20)):
        return "never served from the page cache"
    if not any(get(base + with_nocache(path)) == (200, "hit") for _ in range(20)):
        return "a parameter its view does not read makes it render again"
    return None


def ms(microseconds):
    return f"{microseconds / 1000:.1f}" if microseconds < 100_000 else f"{microseconds / 1000:.0f}"


def warm(base, path):
    """A few requests at once, so that both workers have the page in their cache."""
    with ThreadPoolExecutor(8) as pool:
        for _ in range(2):
            list(pool.map(get, [base + path] * 8))


def cached_against_health(base, path):
    """ROUNDS pairs of one-second runs, /health/ then the page: the page's rate over /health/'s in the same
    few seconds. The cores are shared with wrk, PostgreSQL and whatever else runs on the machine, so rates
    drift by tens of percent from one moment to the next; the median of paired ratios does not."""
    healths, runs = [], []
    for _ in range(ROUNDS):
        healths.append(wrk(base + "/health/", 1))
        runs.append(wrk(base + path, 1))
    # A busy machine can leave a one-second run of /health/ without a single answer; that pair says nothing.
    ratios = [run["rps"] / health["rps"] for run, health in zip(runs, healths) if health["rps"] > 0]
    return healths, runs, statistics.median(ratios) if ratios else None


def median_of(runs, key):
    return statistics.median(run[key] for run in runs)


def measure(base, pages, uncached_base):
    failures = []
    print(f"Cached: wrk -t{THREADS} -c{CONNECTIONS}, {ROUNDS} one-second runs of /health/ then the page; the "
          f"medians.\nUncached: wrk -t{THREADS} -c{UNCACHED_CONNECTIONS} -d{SECONDS}s against a second gunicorn "
          f"whose cache is a DummyCache, so each request renders the page.\nLatencies in ms. Load average before: "
          f"{Path('/proc/loadavg').read_text().split()[0]}.")
    wrk(base + "/health/", 1)  # warm-up: imports, database connections
    wrk(uncached_base + "/health/", 1)
    print("Measuring: ", end="", file=sys.stderr, flush=True)
    rows, healths = [], []
    for name, path in pages:
        problem = check(base, path)
        if problem:
            failures.append(f"{name} {path}: {problem}")
        warm(base, path)
        health, cached, ratio = cached_against_health(base, path)
        healths += health
        uncached = wrk(uncached_base + path, SECONDS, connections=UNCACHED_CONNECTIONS)
        for label, runs in (("cached", cached), ("uncached", [uncached])):
            bad, broken = sum(run["status"] for run in runs), sum(run["socket_errors"] for run in runs)
            if bad or broken:
                failures.append(f"{name} {label}: {bad} non-2xx/3xx responses, {broken} socket errors")
        rows.append(
            f"{name:<20}{path:<36}{median_of(cached, 'rps'):>11.0f}{ms(median_of(cached, 'p50_us')):>7}"
            f"{ms(median_of(cached, 'p99_us')):>7}{uncached['rps']:>13.1f}{ms(uncached['p50_us']):>7}"
            f"{ms(uncached['p99_us']):>7}"
            + (f"{ratio:>9.2f}  {'PASS' if ratio >= HALF else 'FAIL'}" if ratio is not None else
               f"{'—':>9}  not measured: /health/ answered nothing in its runs")
        )
        print(f"{name}; ", end="", file=sys.stderr, flush=True)  # progress: a run takes about three minutes
    print("done.", file=sys.stderr, flush=True)
    print(f"{'page':<20}{'path':<36}{'cached rps':>11}{'p50':>7}{'p99':>7}"
          f"{'uncached rps':>13}{'p50':>7}{'p99':>7}{'÷ health':>9}  issue 3")
    healths = [health for health in healths if health["requests"]] or healths
    print(f"{'Health (trivial)':<20}{'/health/':<36}{median_of(healths, 'rps'):>11.0f}"
          f"{ms(median_of(healths, 'p50_us')):>7}{ms(median_of(healths, 'p99_us')):>7}")
    print("\n".join(rows))
    passed = sum(row.endswith("PASS") for row in rows)
    unmeasured = sum(row.endswith("in its runs") for row in rows)
    print(f"\n÷ health: the median of the page's cached rate over /health/'s in the runs just before. "
          f"At ≥ {HALF:.0%}: {passed} of {len(pages)} pages"
          + (f"; {unmeasured} not measured." if unmeasured else "."))
    for failure in failures:
        print(f"ERROR: {failure}")
    return 1 if failures else 0


def workers(master):
    """The gunicorn master's child processes, by reading every process's parent id from /proc."""
    children = []
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        if int(fields[1]) == master:
            children.append(int(stat.parent.name))
    return sorted(children)


def rss_mib(pid):
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return 0.0


def memory(pids):
    return {pid: rss_mib(pid) for pid in pids if Path(f"/proc/{pid}").exists()}


def load(base, pages, master, seconds):
    paths = [path for _name, path in pages]
    print(f"wrk -t{THREADS} -c{LOAD_CONNECTIONS} -d{seconds}s rotating through the {len(paths)} pages; every 10th "
          f"request a search for a new word, which renders, so the caches keep filling and culling. "
          f"Load average before: {Path('/proc/loadavg').read_text().split()[0]}.")
    wrk(base + "/", 3, mode="mix", connections=LOAD_CONNECTIONS, paths=paths)  # warm-up: imports, caches, connections
    pids = workers(master)
    started = time.monotonic()
    process = subprocess.Popen(wrk_command(base + "/", seconds, LOAD_CONNECTIONS, paths),
                               env={**os.environ, "WRK_MODE": "mix"}, stdout=subprocess.PIPE, text=True)
    # Memory at the start, every RSS_EVERY seconds, and at the end.
    samples = [("0 s", memory(pids))]
    for at in range(RSS_EVERY, seconds, RSS_EVERY):
        time.sleep(max(0.0, started + at - time.monotonic()))
        samples.append((f"{at} s", memory(pids)))
    stdout, _ = process.communicate()
    samples.append(("end", memory(pids)))
    result = parse(stdout)
    socket_errors = {key: result[key] for key in ("connect", "read", "write", "timeout")}

    print(f"  requests:                 {result['requests']} in {result['duration_us'] / 1e6:.1f} s "
          f"({result['rps']:.0f}/s), {result['bytes'] / 1024 / 1024:.0f} MiB")
    print(f"  latency:                  p50 {ms(result['p50_us'])} ms, p99 {ms(result['p99_us'])} ms")
    print(f"  non-2xx or 3xx responses: {result['status']}")
    print(f"  socket errors:            {result['socket_errors']} "
          f"({', '.join(f'{key} {value}' for key, value in socket_errors.items())})")
    print("  worker memory (VmRSS, MiB):")
    print(f"    {'pid':>8}" + "".join(f"{label:>8}" for label, _ in samples))
    for pid in pids:
        print(f"    {pid:>8}" + "".join(f"{sample.get(pid, float('nan')):>8.1f}" for _, sample in samples))
    restarted = workers(master) != pids
    if restarted:
        print(f"  ERROR: the workers changed during the load test: {pids} → {workers(master)}")
    failed = result["status"] or result["socket_errors"] or restarted
    print(f"  {'FAILED: errors during the load test' if failed else 'OK: no errors, the same two workers throughout'}")
    return 1 if failed else 0


def main():
    command, base, pages_file = sys.argv[1:4]
    pages = json.loads(Path(pages_file).read_text())
    wait_until_up(base)
    if command == "measure":
        wait_until_up(sys.argv[4])
        return measure(base, pages, sys.argv[4])
    return load(base, pages, int(sys.argv[4]), int(sys.argv[5]))


if __name__ == "__main__":
    sys.exit(main())
