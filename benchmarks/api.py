"""Load check of `newsloom serve`: concurrent clients ingesting and reading on loopback for a fixed time.

    python benchmarks/api.py                          # 8 clients, 60 s, a quarter of requests POST an article
    python benchmarks/api.py --clients 8 --seconds 60 --write-share 0.25 --json api.json

A real server (`python -m newsloom serve`) runs over a fresh database holding the demo corpus. Each client
loops: with probability `--write-share` it POSTs one new article (an invented report, one of several events
so that the analyser has stories to build), otherwise it makes one read: the story list, a search, one
story, or one article. Reported: requests and articles per second, p50/p99 latency per kind, every non-2xx
answer or transport error, and, after the clients stop, whether every acknowledged article is in the
database (counted with sqlite3, not through the API) and how long the analyser needed to finish the backlog.
"""

from __future__ import annotations

import argparse
import itertools
import json
import random
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import httpx

from benchmark_scripts import free_port

ROOT = Path(__file__).resolve().parent.parent
CORPUS = ROOT / "examples" / "corpus"

EVENTS = [
    ("Harbour crane collapse at {town}",
     "A crane collapsed at the container terminal of {town} on {day}, injuring {n} workers, the port operator said.",
     "Inspectors from the maritime safety office closed berth {m} while engineers checked the other cranes.",
     "Dock unions in {town} called for a stoppage until the cause of the collapse is known."),
    ("{town} council votes on tram extension",
     "The council of {town} voted {n} to {m} on {day} to extend the tram line to the airport.",
     "The extension adds {m} stops and should open in four years, the transport committee said.",
     "Shopkeepers on the route asked the council to compensate them for the months of road works."),
    ("Wildfire near {town} forces evacuations",
     "Firefighters fought a wildfire near {town} on {day}; {n} homes were evacuated as the wind turned.",
     "Water-bombing planes flew {m} sorties before dusk, and a shelter opened in the school gymnasium.",
     "Forecasters expect rain by the weekend, which could help crews contain the blaze."),
    ("{town} hospital opens new children's wing",
     "The hospital in {town} opened a children's wing with {n} beds on {day}, the health board said.",
     "The wing has {m} specialist nurses and a play garden designed with the help of young patients.",
     "Families had raised part of the money through a charity run held every spring since 2019."),
]  # fmt: skip
TOWNS = ["Orrin Point", "Kessdorf", "Lakeside", "Brannoc", "Wendtal", "Saltmarsh", "Dunmere", "Gullwing"]
DAYS = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday"]


def invented_article(rng: random.Random, serial: int) -> dict[str, str]:
    """A new, unique, invented news report of about 70 words: one of four kinds of event in one of eight towns."""
    values = {"town": rng.choice(TOWNS), "day": rng.choice(DAYS), "n": str(rng.randint(3, 400)), "m": str(rng.randint(2, 30))}
    lines = [line.format(**values) for line in rng.choice(EVENTS)]
    lines.append(f"Reporter {serial} filed this account from {values['town']} on {values['day']} evening.")
    return {"text": "\n".join(lines), "id": f"load-{serial}", "outlet": f"Load Test Courier {serial % 5}"}


@dataclass
class Tally:
    latencies: dict[str, list[float]] = field(default_factory=dict)
    errors: list[str] = field(default_factory=list)
    stored: list[str] = field(default_factory=list)
    lock: threading.Lock = field(default_factory=threading.Lock)

    def record(self, kind: str, seconds: float, problem: str | None = None, stored: str | None = None) -> None:
        with self.lock:
            self.latencies.setdefault(kind, []).append(seconds)
            if problem:
                self.errors.append(f"{kind}: {problem}")
            if stored:
                self.stored.append(stored)


def client_loop(base: str, seed: int, until: float, write_share: float, tally: Tally, serials: Any, story_ids: list[int]) -> None:
    rng = random.Random(seed)
    with httpx.Client(base_url=base, timeout=300) as client:
        while time.monotonic() < until:
            if rng.random() < write_share:
                kind, request = "POST /api/articles", ("POST", "/api/articles", invented_article(rng, next(serials)))
            else:
                kind, request = rng.choice(
                    [
                        ("GET /api/stories", ("GET", f"/api/stories?limit=20&offset={rng.randint(0, 5)}", None)),
                        ("GET /api/search", ("GET", f"/api/search?q={rng.choice([*TOWNS, 'strike', 'comet', 'flood'])}", None)),
                        ("GET /api/stories/{id}", ("GET", f"/api/stories/{rng.choice(story_ids)}", None)),
                        ("GET /api/articles/{id}", ("GET", f"/api/articles/{rng.randint(1, 20)}", None)),
                    ]
                )
            method, path, body = request
            started = time.perf_counter()
            try:
                answer = client.request(method, path, json=body)
            except httpx.HTTPError as exc:
                tally.record(kind, time.perf_counter() - started, f"{type(exc).__name__}: {exc}")
                continue
            elapsed = time.perf_counter() - started
            problem = None if answer.status_code < 300 else f"{answer.status_code} {answer.text[:200]}"
            stored = body["id"] if body and answer.status_code == 201 else None
            tally.record(kind, elapsed, problem, stored)


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(share * len(ordered)))]


def run(clients: int, seconds: float, write_share: float, workdir: Path) -> dict[str, Any]:
    db = workdir / "load.db"
    subprocess.run([sys.executable, "-m", "newsloom", "run", str(CORPUS), "--db", str(db), "--no-report"], check=True, capture_output=True)
    with sqlite3.connect(db) as check:
        before = check.execute("SELECT COUNT(*) FROM articles").fetchone()[0]
        story_ids = [r[0] for r in check.execute("SELECT id FROM stories")]
    port = free_port()
    log = (workdir / "server.log").open("wb")
    server = subprocess.Popen([sys.executable, "-m", "newsloom", "serve", "--db", str(db), "--port", str(port)], stdout=log, stderr=log)
    base = f"http://127.0.0.1:{port}"
    try:
        wait_until(lambda: healthy(base), 120)
        wait_until(lambda: httpx.get(f"{base}/healthz").json()["analyser"]["state"] == "idle", 120)  # models loaded
        tally, serials = Tally(), itertools.count(1)  # next() on a count is one C call: safe across threads
        until = time.monotonic() + seconds
        threads = [
            threading.Thread(target=client_loop, args=(base, seed, until, write_share, tally, serials, story_ids))
            for seed in range(clients)
        ]
        started = time.perf_counter()
        for t in threads:
            t.start()
        for t in threads:
            t.join()
        elapsed = time.perf_counter() - started
        drain_started = time.perf_counter()
        wait_until(lambda: httpx.get(f"{base}/healthz", timeout=60).json()["pending"] == 0, 1800)
        drain = time.perf_counter() - drain_started
        health = httpx.get(f"{base}/healthz").json()
    finally:
        server.terminate()
        server.wait(timeout=60)
        log.close()
    with sqlite3.connect(db) as check:
        keys = {r[0] for r in check.execute("SELECT key FROM articles WHERE key LIKE 'load-%'")}
        after = check.execute("SELECT COUNT(*) FROM articles").fetchone()[0]
    kinds = {
        kind: {"requests": len(v), "per_s": round(len(v) / elapsed, 2), "p50_ms": round(1000 * statistics.median(v), 1),
               "p99_ms": round(1000 * percentile(v, 0.99), 1)}
        for kind, v in sorted(tally.latencies.items())
    }  # fmt: skip
    reads = sum(v["requests"] for k, v in kinds.items() if k.startswith("GET"))
    return {
        "clients": clients, "seconds": round(elapsed, 1), "write_share": write_share, "kinds": kinds,
        "reads_per_s": round(reads / elapsed, 2), "articles_per_s": round(len(tally.stored) / elapsed, 2),
        "errors": tally.errors, "acknowledged": len(tally.stored), "in_database": len(keys & set(tally.stored)),
        "lost": sorted(set(tally.stored) - keys), "articles_before": before, "articles_after": after,
        "backlog_seconds": round(drain, 1), "stories_after": health["stories"], "analysis_passes": health["analyser"]["passes"],
    }  # fmt: skip


def healthy(base: str) -> bool:
    try:
        return httpx.get(f"{base}/healthz", timeout=2).status_code == 200
    except httpx.HTTPError:
        return False


def wait_until(check: Any, seconds: float) -> None:
    deadline = time.monotonic() + seconds
    while not check():
        if time.monotonic() > deadline:
            raise SystemExit(f"gave up after {seconds} s")
        time.sleep(0.5)


def markdown(result: dict[str, Any]) -> str:
    lines = ["| request | requests | per second | p50 ms | p99 ms |", "|---|---:|---:|---:|---:|"]
    for kind, v in result["kinds"].items():
        lines.append(f"| {kind} | {v['requests']} | {v['per_s']} | {v['p50_ms']} | {v['p99_ms']} |")
    lines.append("")
    lines.append(
        f"{result['clients']} clients for {result['seconds']} s: {result['reads_per_s']} reads/s and {result['articles_per_s']} articles/s"
        f" ingested; {len(result['errors'])} errors; {result['acknowledged']} articles acknowledged, {result['in_database']} in the"
        f" database, {len(result['lost'])} lost; the analyser finished the backlog {result['backlog_seconds']} s after the clients"
        f" stopped ({result['analysis_passes']} passes, {result['stories_after']} stories)."
    )
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--clients", type=int, default=8)
    parser.add_argument("--seconds", type=float, default=60)
    parser.add_argument("--write-share", type=float, default=0.25, help="share of requests that POST a new article")
    parser.add_argument("--json", type=Path, help="also write the figures here")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        result = run(args.clients, args.seconds, args.write_share, Path(tmp))
    print(markdown(result))
    for error in result["errors"][:20]:
        print(f"error: {error}", file=sys.stderr)
    if args.json:
        args.json.write_text(json.dumps(result, indent=2), encoding="utf-8")
    if result["errors"] or result["lost"]:
        raise SystemExit(1)


if __name__ == "__main__":
    main()
