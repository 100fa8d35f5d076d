"""A lecture hall on one link: hadviz under load, as ratios against a bare Streamlit app.

Run: ``make bench`` (or ``python bench/bench_load.py``; ``--quick`` for a short run). In one
run it starts a bare one-slider Streamlit app twice, with Streamlit's defaults and with every
server option hadviz has except its own tuning (the fair baseline every target is measured
against; the table says which flags each side had), hadviz as it was
configured before (Streamlit's full garbage collection after every rerun, no frozen heap:
the "before" column) and hadviz with its own config, drives each with the same bounded
websocket load on 127.0.0.1, then 1 and 2 workers behind nginx and a worker killed
mid-load, and prints one table: every row a ratio against a baseline measured in the same
run, with its target and PASS/FAIL. The machine is shared and noisy: read the ratios, not
the absolute numbers.
"""

from __future__ import annotations

import os
import signal
import sys
import threading
import time
import timeit
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
from bench.load import (
    TUNING,
    LoadResult,
    config_flags,
    drive,
    one_page,
    rss_mb,
    same_link,
    server,
    varied_problems,
)
from hadviz import jacobian_compact, random_problem
from hadviz.serve import Cluster, find_nginx, free_port

#: Streamlit's own behaviour before hadviz's config: a full collection after every rerun.
BEFORE = ("--runner.postScriptGC", "true")
ROWS: list[tuple[str, str, str, str, bool | None]] = []


def row(name: str, before: str, now: str, target: str, ok: bool | None) -> None:
    ROWS.append((name, before, now, target, ok))
    print(f"  measured: {name}: {now}", flush=True)


def summary(r: LoadResult) -> str:
    return (f"{r.throughput:.1f} reruns/s, p50 {r.percentile(50):.2f} s, "
            f"p95 {r.percentile(95):.2f} s, {len(r.errors)} errors, {r.exceptions} exceptions")


def hadviz_runs(extra: tuple[str, ...], sessions: int, reruns: int,
                big: int) -> dict[str, LoadResult | float]:
    env_before = os.environ.get("HADVIZ_NO_GC_FREEZE")
    if extra == BEFORE:
        os.environ["HADVIZ_NO_GC_FREEZE"] = "1"
    try:
        with server("hadviz", extra) as (port, pid):
            drive(port, same_link(), 6, 6)  # every page once: imports and caches warm
            rss0 = rss_mb(pid)
            out: dict[str, LoadResult | float] = {
                "same": drive(port, same_link(), sessions, reruns),
                "varied": drive(port, varied_problems(), sessions, reruns),
                "big": drive(port, same_link(), big, reruns),
            }
            # and 100 more reruns over new problems: memory must settle
            drive(port, varied_problems(seed=1), 25, 4)
            out["rss"] = rss_mb(pid) - rss0
            out["reruns"] = sum(len(r.latencies) for r in out.values()
                                if isinstance(r, LoadResult)) + 100
            return out
    finally:
        if env_before is None:
            os.environ.pop("HADVIZ_NO_GC_FREEZE", None)


def bare_runs(extra: tuple[str, ...], sessions: int, reruns: int,
              big: int) -> tuple[LoadResult, LoadResult]:
    with server("bare", extra) as (port, _):
        drive(port, one_page(), 2, 2)
        return drive(port, one_page(), sessions, reruns), drive(port, one_page(), big, reruns)


def flags_note() -> None:
    """Say what each side had: the fair baseline gets every option hadviz has but its tuning."""
    same = " ".join(config_flags())
    print("  servers (all on 127.0.0.1, headless, no usage stats):\n"
          "    bare (defaults): Streamlit's defaults, its file watcher and full GC after every "
          "rerun included\n"
          f"    bare (same flags): {same}\n"
          f"    hadviz: .streamlit/config.toml = the same flags + {', '.join(sorted(TUNING))} "
          "= false (its tuning) and a frozen import-time heap\n"
          "    hadviz before: the same flags, runner.postScriptGC = true, no frozen heap",
          flush=True)


def load_rows(sessions: int, reruns: int, big: int) -> None:
    flags_note()
    default, default_big = bare_runs((), sessions, reruns, big)
    bare, bare_big = bare_runs(config_flags(), sessions, reruns, big)
    print(f"  bare (defaults): {summary(default)}; {big} sessions: {summary(default_big)}\n"
          f"  bare (same flags): {summary(bare)}; {big} sessions: {summary(bare_big)}",
          flush=True)
    old = hadviz_runs(BEFORE, sessions, reruns, big)
    new = hadviz_runs((), sessions, reruns, big)
    o, n = old["same"], new["same"]
    assert isinstance(o, LoadResult) and isinstance(n, LoadResult)
    ratio = n.throughput / bare.throughput
    row(f"same link {sessions}×{reruns}: throughput / bare (same flags)",
        f"{o.throughput / bare.throughput:.2f}×", f"{ratio:.2f}×", "≥ 2×", ratio >= 2)
    row(f"same link {sessions}×{reruns}: throughput / bare (Streamlit defaults)",
        f"{o.throughput / default.throughput:.2f}×", f"{n.throughput / default.throughput:.2f}×",
        "(reported)", None)
    o, n = old["varied"], new["varied"]
    assert isinstance(o, LoadResult) and isinstance(n, LoadResult)
    r = n.percentile(95) / bare.percentile(95)
    row(f"varied problems {sessions}×{reruns}: p95 / bare (same flags) same-link p95",
        f"{o.percentile(95) / bare.percentile(95):.2f}×", f"{r:.2f}×", "≤ 2.5×", r <= 2.5)
    o, n = old["big"], new["big"]
    assert isinstance(o, LoadResult) and isinstance(n, LoadResult)
    row(f"same link {big}×{reruns}: throughput / bare (same flags)",
        f"{o.throughput / bare_big.throughput:.2f}×", f"{n.throughput / bare_big.throughput:.2f}×",
        "(reported)", None)
    row(f"same link {big}×{reruns}: p95 / bare (same flags)",
        f"{o.percentile(95) / bare_big.percentile(95):.2f}×",
        f"{n.percentile(95) / bare_big.percentile(95):.2f}×", "(reported)", None)
    row(f"server RSS growth over {new['reruns']:.0f} reruns after warm-up",
        f"{old['rss']:.0f} MB", f"{new['rss']:.0f} MB", "≤ 100 MB", float(new["rss"]) <= 100)
    errors = sum(len(r.errors) + r.exceptions for r in new.values() if isinstance(r, LoadResult))
    row("errors and exception elements", "—", str(errors), "0", errors == 0)


def scale_rows(sessions: int, reruns: int) -> None:
    if find_nginx() is None:
        row("workers behind nginx", "—", "nginx not installed", "(skipped)", None)
        return
    results = {}
    for workers in (1, 2):
        with Cluster(port=free_port(), workers=workers, quiet=True) as cluster:
            drive(cluster.port, same_link(), 6, 6)
            results[workers] = drive(cluster.port, same_link(), sessions, reruns)
    ratio = results[2].throughput / results[1].throughput
    row(f"2 workers / 1 worker behind nginx, {sessions}×{reruns} (2 cores)", "—",
        f"{ratio:.2f}×", "(reported)", None)
    fault_row(sessions, reruns)


def fault_row(sessions: int, reruns: int) -> None:
    with Cluster(port=free_port(), workers=2, quiet=True) as cluster:
        drive(cluster.port, same_link(), 4, 6)
        victim = cluster.procs[0].pid
        back: list[float] = []

        def kill_and_supervise() -> None:
            time.sleep(0.5)
            os.killpg(victim, signal.SIGKILL)
            start = time.monotonic()
            while time.monotonic() - start < 30:
                cluster.supervise()
                if cluster.procs[0].pid != victim and _healthy(cluster.ports[0]):
                    back.append(time.monotonic() - start)
                    return
                time.sleep(0.1)

        helper = threading.Thread(target=kill_and_supervise)
        helper.start()
        during = drive(cluster.port, same_link(), sessions, reruns)
        helper.join()
        after = drive(cluster.port, same_link(), sessions, reruns)  # new sessions
    served = len(after.latencies) == sessions * reruns and not after.errors
    seconds = back[0] if back else float("inf")
    row("worker killed mid-load: new sessions served, worker back", "—",
        f"{len(after.latencies)}/{sessions * reruns} served, back in {seconds:.1f} s "
        f"({len(during.errors)} sessions cut during the kill)", "all, ≤ 10 s",
        served and seconds <= 10)


def _healthy(port: int) -> bool:
    from bench.load import _healthy as healthy
    return healthy(port)


def core_rows() -> None:
    rng = np.random.default_rng(0)
    W, a, b = rng.standard_normal((2048, 2048)), rng.standard_normal(2048), rng.standard_normal(
        2048)
    ratios = []
    for _ in range(7):  # interleaved, so both see the same machine
        tc = min(timeit.repeat(W.copy, number=3, repeat=3))
        tg = min(timeit.repeat(lambda: jacobian_compact(W, a, b), number=3, repeat=3))
        ratios.append(tg / tc)
    r = float(np.median(ratios))
    row("jacobian_compact 2048×2048 / W.copy()", "1.7–2.6× (issue)", f"{r:.2f}×", "≤ 1.5×",
        r <= 1.5)
    from autograd import jacobian as ag_jacobian
    from autograd import numpy as anp

    p = random_problem(64, 64, seed=1, dist="normal")
    f = ag_jacobian(lambda X: (anp.dot(p.a, X)) * (anp.dot(p.b, X)))
    ta = min(timeit.repeat(lambda: f(p.W), number=1, repeat=3))
    th = min(timeit.repeat(lambda: jacobian_compact(p.W, p.a, p.b), number=200, repeat=5)) / 200
    row("autograd dense jacobian 64×64 / jacobian_compact", "—", f"{ta / th:.0f}×", "≥ 150×",
        ta / th >= 150)


def main() -> None:
    quick = "--quick" in sys.argv
    sessions, reruns, big = (8, 2, 16) if quick else (24, 3, 100)
    print(f"hadviz load benchmark ({'quick' if quick else 'full'}), {os.cpu_count()} cores",
          flush=True)
    load_rows(sessions, reruns, big)
    scale_rows(sessions, reruns)
    core_rows()
    width = max(len(r[0]) for r in ROWS)
    print(f"\n| {'measure'.ljust(width)} | before | now | target | |")
    print(f"|{'-' * (width + 2)}|---|---|---|---|")
    for name, before, now, target, ok in ROWS:
        mark = "" if ok is None else ("PASS" if ok else "FAIL")
        print(f"| {name.ljust(width)} | {before} | {now} | {target} | {mark} |")


if __name__ == "__main__":
    main()
