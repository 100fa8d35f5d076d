"""Page cost: cached vs uncached reruns, and bytes on the wire against a dense drawing.

Run: ``make bench`` (or ``python bench/bench_pages.py``). Every timing is a ratio against a
baseline measured in the same process: a page's cold run (empty caches) against its warm
rerun, and the Jacobian page's plotly payload at 64 × 64 against the same page drawing the
vec-Jacobian as a dense 64 × 4096 heatmap.
"""

from __future__ import annotations

import json
import sys
import time
from pathlib import Path

import plotly.graph_objects as go
import streamlit as st
from streamlit.testing.v1 import AppTest

from hadviz import jacobian_vec, random_problem

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
from app import PAGES as APP_PAGES  # noqa: E402  (the one page list)

PAGES = [p.path for p in APP_PAGES]


def timed_run(at: AppTest) -> float:
    start = time.perf_counter()
    at.run()
    assert not at.exception, at.exception
    return time.perf_counter() - start


def page_times(page: str, size: int) -> tuple[float, float]:
    st.cache_resource.clear()
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=120)
    at.query_params.update({"m": str(size), "n": str(size), "seed": "1", "dist": "normal"})
    at.run()
    at.switch_page(page)
    at.query_params.update({"m": str(size), "n": str(size), "seed": "1", "dist": "normal"})
    st.cache_resource.clear()
    cold = timed_run(at)
    warm = min(timed_run(at) for _ in range(3))
    return cold, warm


def main() -> None:
    print("1. cold run (empty caches) / warm rerun, per page")
    for size in (3, 64):
        for page in PAGES:
            cold, warm = page_times(page, size)
            print(f"   {size:2d}x{size:<2d} {page:28s} cold {cold * 1e3:7.0f} ms, "
                  f"warm {warm * 1e3:5.0f} ms, ratio {cold / warm:5.1f}")

    print("2. Jacobian page payload at 64 x 64 against a dense vec-Jacobian heatmap")
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=120)
    at.query_params.update({"m": "64", "n": "64", "seed": "1", "dist": "normal"})
    at.run()
    at.switch_page("pages/jacobian.py")
    at.query_params.update({"m": "64", "n": "64", "seed": "1", "dist": "normal"})
    at.run()
    page_bytes = sum(len(el.proto.spec) for el in at.get("plotly_chart"))
    p = random_problem(64, 64, seed=1, dist="normal")
    dense = go.Figure(go.Heatmap(z=jacobian_vec(p.W, p.a, p.b).tolist()))
    dense_bytes = len(json.dumps(dense.to_plotly_json()["data"]))
    print(f"   all five figures: {page_bytes / 1e3:7.0f} kB; one dense 64x4096 heatmap: "
          f"{dense_bytes / 1e3:7.0f} kB; ratio {dense_bytes / page_bytes:4.1f}x")


if __name__ == "__main__":
    main()
