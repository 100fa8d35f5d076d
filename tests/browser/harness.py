"""Start the app on a free loopback port and drive Chromium against it (tests and screenshots).

Everything here stays on 127.0.0.1: the server listens there only, and Chromium is started
with background networking off and a host-resolver rule that fails every other name.
"""

from __future__ import annotations

import contextlib
import os
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]

CHROMIUM_ARGS = [
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-gpu",
    "--disable-dev-shm-usage",
    "--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE localhost, EXCLUDE 127.0.0.1",
]

NO_CHROMIUM = (
    "No Chromium found for the browser tests. Install Debian's: `apt-get install -y chromium` "
    "(gives /usr/bin/chromium), or point HADVIZ_CHROMIUM at a Chromium or Chrome binary. "
    ".ci/run installs it automatically."
)


def find_chromium() -> str | None:
    """HADVIZ_CHROMIUM, then the system's Chromium, then a browser Playwright manages."""
    candidates = [
        os.environ.get("HADVIZ_CHROMIUM"),
        "/usr/bin/chromium",
        "/usr/bin/chromium-browser",
        shutil.which("chromium"),
        shutil.which("chromium-browser"),
        shutil.which("google-chrome"),
    ]
    for path in candidates:
        if path and os.path.isfile(path) and os.access(path, os.X_OK):
            return path
    try:
        from playwright.sync_api import sync_playwright

        with sync_playwright() as p:
            managed = p.chromium.executable_path
        if managed and os.path.isfile(managed):
            return managed
    except Exception:  # no Playwright-managed browser installed
        return None
    return None


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@contextlib.contextmanager
def running_app(timeout: float = 90.0) -> Iterator[str]:
    """Run ``streamlit run app.py`` on 127.0.0.1 and a free port; always stop it."""
    port = free_port()
    log_path = Path(os.environ.get("TMPDIR", "/tmp")) / f"hadviz-browser-{port}.log"
    env = os.environ | {"STREAMLIT_BROWSER_GATHER_USAGE_STATS": "false"}
    with open(log_path, "wb") as log:
        proc = subprocess.Popen(
            [sys.executable, "-m", "streamlit", "run", "app.py",
             "--server.port", str(port), "--server.address", "127.0.0.1",
             "--server.headless", "true", "--browser.gatherUsageStats", "false",
             "--browser.serverAddress", "127.0.0.1"],
            cwd=ROOT, stdout=log, stderr=subprocess.STDOUT, env=env,
        )
        base = f"http://127.0.0.1:{port}"
        try:
            deadline = time.monotonic() + timeout
            while True:
                if proc.poll() is not None:
                    raise RuntimeError(f"streamlit exited early:\n{log_path.read_text()}")
                try:
                    with urllib.request.urlopen(f"{base}/_stcore/health", timeout=2) as r:
                        if r.status == 200:
                            break
                except OSError:
                    pass
                if time.monotonic() > deadline:
                    raise RuntimeError(f"streamlit did not start in {timeout} s:\n"
                                       f"{log_path.read_text()}")
                time.sleep(0.3)
            yield base
        finally:
            proc.terminate()
            try:
                proc.wait(timeout=10)
            except subprocess.TimeoutExpired:
                proc.kill()
                proc.wait(timeout=10)


def launch_browser(playwright, executable: str):
    args = list(CHROMIUM_ARGS)
    if hasattr(os, "geteuid") and os.geteuid() == 0:
        args.append("--no-sandbox")  # Chromium refuses to sandbox as root
    return playwright.chromium.launch(executable_path=executable, headless=True, args=args)


#: Seconds the page must stay unchanged, with nothing pending, to count as settled: about 15
#: animation frames, enough for KaTeX's last pass (what is pending is checked directly).
QUIET = 0.25


def settle(page, timeout: float = 45_000) -> None:
    """Wait until the script run finished, KaTeX rendered and every plotly chart drew.

    Streamlit loads chart components lazily, so "not running" is not enough: the page counts
    as settled when the script has finished, no spinner shows, every chart has drawn its SVG
    and the content has not changed for :data:`QUIET` seconds (a few animation frames: what
    is pending is checked directly, the quiet window only catches a last KaTeX pass).
    """
    page.wait_for_selector("[data-testid=stMain] h1", timeout=timeout)
    deadline = time.monotonic() + timeout / 1000
    last, stable_since = None, None
    while time.monotonic() < deadline:
        pending, signature = page.evaluate(
            """() => {
                const app = document.querySelector('[data-testid=stApp]');
                const running = app && app.getAttribute('data-test-script-state') !== 'notRunning';
                const spinners = document.querySelectorAll(
                    '[data-testid=stSpinner], [data-testid=stSkeleton]').length;
                const charts = Array.from(document.querySelectorAll('[data-testid=stPlotlyChart]'));
                const undrawn = charts.filter(c => !c.querySelector('.main-svg')).length;
                const main = document.querySelector('[data-testid=stMain]');
                const signature = [
                    document.querySelectorAll('[data-testid=stElementContainer]').length,
                    document.querySelectorAll('.katex').length,
                    document.querySelectorAll('.main-svg').length,
                    main ? main.innerText.length : 0, location.href].join('|');
                return [running || spinners > 0 || undrawn > 0, signature];
            }"""
        )
        if pending or signature != last:
            last, stable_since = signature, None if pending else time.monotonic()
        elif stable_since is not None and time.monotonic() - stable_since > QUIET:
            return
        elif stable_since is None:
            stable_since = time.monotonic()
        time.sleep(0.05)
    raise TimeoutError("the page did not settle")
