"""What a student's browser waits for: bytes on the wire per first visit, and input → painted.

Run: ``make bench`` (or ``python bench/bench_browser.py``; ``--quick`` for fewer pages and
repeats). Debian's Chromium (``/usr/bin/chromium``, or ``HADVIZ_CHROMIUM``) drives the app on
127.0.0.1 in one run, two ways: straight from Streamlit ("before": what ``hadviz run`` serves)
and through ``hadviz serve``'s nginx (one worker: gzip and a year's cache on the hashed
bundle). Bytes are what crossed the wire (Chromium's encoded sizes, headers included) for a
first visit with an empty cache. An interaction's time runs from the input (a click) to the
last change of the page's DOM, recorded by a MutationObserver, once the page has settled;
the medians of ``repeats`` warm runs are printed, with (in brackets) the time until the
browser received the server's "script finished" message: the rest of the interaction is the
browser's own work (parsing, plotly and KaTeX drawing). The machine is shared and noisy:
compare the two columns, which share the run.
"""

from __future__ import annotations

import statistics
import sys
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
from streamlit.proto.ForwardMsg_pb2 import ForwardMsg  # noqa: E402

from app import PAGES  # noqa: E402  (the one page list)
from bench.load import server  # noqa: E402
from hadviz.serve import Cluster, find_nginx, free_port  # noqa: E402
from tests.browser.harness import find_chromium, launch_browser, settle  # noqa: E402

#: The DOM's last change, in ms since navigation start, kept by a MutationObserver.
WATCH = """() => {
    window.__lastChange = performance.now();
    new MutationObserver(() => { window.__lastChange = performance.now(); })
        .observe(document.body, {subtree: true, childList: true, characterData: true,
                                 attributes: true});
}"""


def first_visit_bytes(browser, base: str, path: str, query: str) -> tuple[int, int]:
    """(bytes on the wire, requests) for one first visit with an empty cache."""
    context = browser.new_context(viewport={"width": 1280, "height": 720})
    page = context.new_page()
    cdp = context.new_cdp_session(page)
    cdp.send("Network.enable")
    sizes: dict[str, int] = {}
    cdp.on("Network.loadingFinished",
           lambda e: sizes.__setitem__(e["requestId"], int(e["encodedDataLength"])))
    page.goto(f"{base}/{path}?{query}")
    settle(page)
    time.sleep(0.5)  # late requests (fonts, lazy chunks) finish
    context.close()
    return sum(sizes.values()), len(sizes)


class ScriptClock:
    """When the browser received each "script finished" message of the app's websocket
    (``time.perf_counter`` seconds): the server's share of an interaction ends there."""

    def __init__(self, page) -> None:
        self.finished: list[float] = []
        page.on("websocket", lambda ws: ws.on("framereceived", self._frame))

    def _frame(self, payload: bytes | str) -> None:
        if isinstance(payload, bytes):
            msg = ForwardMsg()
            msg.ParseFromString(payload)
            if msg.WhichOneof("type") == "script_finished":
                self.finished.append(time.perf_counter())

    def since(self, start: float) -> float:
        """Seconds from ``start`` to the last script finish after it (nan if none)."""
        after = [t for t in self.finished if t >= start]
        return after[-1] - start if after else float("nan")


def interaction_seconds(page, act: Callable[[], None],
                        clock: ScriptClock) -> tuple[float, float]:
    """(input → last DOM change, input → the server's "script finished" received), in
    seconds, on a settled page."""
    page.evaluate(WATCH)
    start = page.evaluate("() => performance.now()")
    wall = time.perf_counter()
    act()
    settle(page)
    return (page.evaluate("() => window.__lastChange") - start) / 1000, clock.since(wall)


def _median(times: list[tuple[float, float]]) -> tuple[float, float]:
    return (statistics.median(t for t, _ in times), statistics.median(s for _, s in times))


def interactions(browser, base: str, repeats: int) -> dict[str, tuple[float, float]]:
    context = browser.new_context(viewport={"width": 1280, "height": 720})
    page = context.new_page()
    clock = ScriptClock(page)
    out: dict[str, tuple[float, float]] = {}
    for size in (3, 64):
        m, n = (2, 3) if size == 3 else (64, 64)
        page.goto(f"{base}/jacobian?m={m}&n={n}&seed=1&dist=int")
        settle(page)
        k_input = page.get_by_test_id("stNumberInput").filter(has_text="k: component of f")
        up = k_input.get_by_test_id("stNumberInputStepUp")
        down = k_input.get_by_test_id("stNumberInputStepDown")
        for step in (up, down):  # warm: the first visit of k = 1, 2 builds their views
            interaction_seconds(page, step.click, clock)
        # k goes 1 → 2 → 1 …: each a cached view, as when a teacher steps back and forth
        times = [interaction_seconds(page, (up if r % 2 == 0 else down).click, clock)
                 for r in range(repeats)]
        out[f"Jacobian k ± 1 at {m} × {n}"] = _median(times)
    new = page.get_by_role("button", name="New random problem")
    if not new.is_visible():
        page.get_by_test_id("stExpandSidebarButton").click()
    times = [interaction_seconds(page, new.click, clock) for _ in range(repeats)]
    out["New random problem on the Jacobian at 64 × 64"] = _median(times)
    context.close()
    return out


def measure(browser, base: str, paths: list[str], repeats: int) -> dict[str, str]:
    rows: dict[str, str] = {}
    for path in paths:
        total, count = first_visit_bytes(browser, base, path, "m=2&n=3&seed=0&dist=int")
        rows[f"first visit /{path}: bytes on the wire"] = f"{total / 1e6:.2f} MB ({count} req)"
    for name, (seconds, script) in interactions(browser, base, repeats).items():
        rows[f"{name}: input → painted (→ script finished)"] = (
            f"{seconds:.2f} s ({script:.2f} s)")
    return rows


def main() -> None:
    quick = "--quick" in sys.argv
    chromium = find_chromium()
    if chromium is None:
        sys.exit("bench_browser: no Chromium (apt-get install -y chromium)")
    paths = ["", "jacobian"] if quick else [p.url_path for p in PAGES]
    repeats = 2 if quick else 3
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        browser = launch_browser(p, chromium)
        with server("hadviz") as (port, _):
            before = measure(browser, f"http://127.0.0.1:{port}", paths, repeats)
        if find_nginx() is None:
            after = dict.fromkeys(before, "nginx not installed")
        else:
            with Cluster(port=free_port(), workers=1, quiet=True) as cluster:
                after = measure(browser, f"http://127.0.0.1:{cluster.port}", paths, repeats)
        browser.close()
    width = max(map(len, before))
    print(f"\n| {'measure'.ljust(width)} | Streamlit alone | behind hadviz serve's nginx |")
    print(f"|{'-' * (width + 2)}|---|---|")
    for name in before:
        print(f"| {name.ljust(width)} | {before[name]} | {after[name]} |")


if __name__ == "__main__":
    main()
