"""A bounded websocket load on Streamlit servers on 127.0.0.1, as a room of students makes it.

Each simulated session opens Streamlit's websocket (``/_stcore/stream``), sends
``BackMsg.rerun_script`` with a page and a query string, and waits for
``ForwardMsg.script_finished``; the time between is one rerun's latency. All sessions start at
once. Every loop is bounded in count and in time, and every server started here listens on
127.0.0.1 only and is stopped on exit.
"""

from __future__ import annotations

import asyncio
import contextlib
import os
import signal
import subprocess
import sys
import tempfile
import threading
import time
import tomllib
import urllib.request
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np
import websockets
from streamlit.proto.BackMsg_pb2 import BackMsg
from streamlit.proto.ForwardMsg_pb2 import ForwardMsg

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
from app import PAGES  # noqa: E402  (the one page list)
from hadviz.serve import free_port, streamlit_command  # noqa: E402

#: A session's query for rerun r: (page url path, query string).
Plan = Callable[[int, int], tuple[str, str]]

BARE_APP = 'import streamlit as st\n\nst.slider("x", 0, 100)\n'

#: hadviz's own tuning: the one option of its config the fair baseline does not get.
TUNING = frozenset({"runner.postScriptGC"})
#: Options every server here gets on its command line (loopback, no browser, no telemetry).
COMMON = ("--server.headless", "true", "--browser.gatherUsageStats", "false")


def config_flags(exclude: frozenset[str] = TUNING) -> tuple[str, ...]:
    """Every option of hadviz's ``.streamlit/config.toml`` as command-line flags, except
    ``exclude`` and the address and port (each server here gets its own)."""
    config = tomllib.loads((ROOT / ".streamlit" / "config.toml").read_text())
    flags: list[str] = []
    for section, options in config.items():
        for key, value in options.items():
            name = f"{section}.{key}"
            if name in exclude or name in ("server.address", "server.port",
                                           "browser.serverAddress"):
                continue
            text = str(value).lower() if isinstance(value, bool) else str(value)
            flags += [f"--{name}", text]
    return tuple(flags)


@dataclass
class LoadResult:
    """What one load run measured."""

    latencies: list[float] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)
    exceptions: int = 0
    seconds: float = 0.0

    @property
    def throughput(self) -> float:
        return len(self.latencies) / self.seconds if self.seconds else 0.0

    def percentile(self, q: float) -> float:
        return float(np.percentile(self.latencies, q)) if self.latencies else float("nan")


async def _session(url: str, plan: Plan, index: int, reruns: int, timeout: float,
                   result: LoadResult) -> None:
    try:
        async with websockets.connect(url, subprotocols=["streamlit"], max_size=None,
                                      open_timeout=timeout) as ws:
            for r in range(reruns):
                page, query = plan(index, r)
                msg = BackMsg()
                msg.rerun_script.query_string = query
                msg.rerun_script.page_name = page
                start = time.perf_counter()
                await ws.send(msg.SerializeToString())
                await asyncio.wait_for(_until_finished(ws, result), timeout)
                result.latencies.append(time.perf_counter() - start)
    except (OSError, TimeoutError, websockets.WebSocketException) as exc:
        result.errors.append(f"session {index}: {type(exc).__name__}: {exc}"[:200])


async def _until_finished(ws, result: LoadResult) -> None:
    while True:
        fm = ForwardMsg()
        fm.ParseFromString(await ws.recv())
        kind = fm.WhichOneof("type")
        if kind == "delta" and fm.delta.new_element.WhichOneof("type") == "exception":
            result.exceptions += 1
        if kind == "script_finished":
            return


def drive(port: int, plan: Plan, sessions: int, reruns: int,
          timeout: float = 120.0) -> LoadResult:
    """Open ``sessions`` websockets at once, each running ``reruns`` reruns of ``plan``."""
    result = LoadResult()
    url = f"ws://127.0.0.1:{port}/_stcore/stream"

    async def everyone() -> None:
        await asyncio.gather(*(_session(url, plan, s, reruns, timeout, result)
                               for s in range(sessions)))

    start = time.perf_counter()
    _in_own_thread(everyone)
    result.seconds = time.perf_counter() - start
    return result


def _in_own_thread(coroutine: Callable[[], Any]) -> None:
    """Run an event loop on a thread of its own: the caller may already be inside one (a
    test session that also drives a browser through Playwright's sync API)."""
    failure: list[BaseException] = []

    def target() -> None:
        try:
            asyncio.run(coroutine())
        except BaseException as exc:  # re-raised in the caller's thread
            failure.append(exc)

    thread = threading.Thread(target=target, name="load")
    thread.start()
    thread.join()
    if failure:
        raise failure[0]


def same_link(query: str = "m=3&n=4&seed=5&dist=int") -> Plan:
    """Everyone opens the same link and walks the pages in order."""
    paths = [p.url_path for p in PAGES]
    return lambda s, r: (paths[r % len(paths)], query)


def varied_problems(seed: int = 0) -> Plan:
    """Each session its own random problem, up to 64 × 64, walking the pages."""
    rng = np.random.default_rng(seed)
    sizes = rng.integers(2, 65, size=(10_000, 2))
    paths = [p.url_path for p in PAGES]
    return lambda s, r: (paths[r % len(paths)],
                         f"m={sizes[s, 0]}&n={sizes[s, 1]}&seed={s}&dist=normal")


def one_page(query: str = "") -> Plan:
    """The bare app: one page, the same query."""
    return lambda s, r: ("", query)


def rss_mb(pid: int) -> float:
    """Resident memory of a process and its children, in MB (from /proc)."""
    total = 0
    for p in [pid, *_children(pid)]:
        with contextlib.suppress(OSError), open(f"/proc/{p}/status") as status:
            for line in status:
                if line.startswith("VmRSS:"):
                    total += int(line.split()[1])
    return total / 1024


def _children(pid: int) -> list[int]:
    with contextlib.suppress(OSError), open(f"/proc/{pid}/task/{pid}/children") as f:
        return [int(x) for x in f.read().split()]
    return []


def _healthy(port: int) -> bool:
    try:
        with urllib.request.urlopen(f"http://127.0.0.1:{port}/_stcore/health", timeout=1) as r:
            return bool(r.status == 200)
    except OSError:
        return False


@contextlib.contextmanager
def server(kind: str, extra: tuple[str, ...] = (), timeout: float = 60.0) -> Iterator[
        tuple[int, int]]:
    """Run ``kind`` on a free 127.0.0.1 port; yield (port, pid); always stop it.

    ``"hadviz"`` runs with its config; ``"bare"`` is a one-slider app with Streamlit's
    defaults plus ``extra`` (for the fair baseline, :func:`config_flags`)."""
    port = free_port()
    with tempfile.TemporaryDirectory(prefix="hadviz-load-") as tmp:
        if kind == "bare":
            script = Path(tmp) / "bare.py"
            script.write_text(BARE_APP)
            cmd = [sys.executable, "-m", "streamlit", "run", str(script), "--server.port",
                   str(port), "--server.address", "127.0.0.1", *COMMON, *extra]
            cwd = tmp  # no .streamlit folder here: only the flags given count
        else:
            cmd, cwd = streamlit_command(port, extra=extra), str(ROOT)
        proc = subprocess.Popen(cmd, cwd=cwd, stdout=subprocess.DEVNULL,
                                stderr=subprocess.DEVNULL, start_new_session=True)
        try:
            deadline = time.monotonic() + timeout
            while not _healthy(port):
                if proc.poll() is not None or time.monotonic() > deadline:
                    raise RuntimeError(f"{kind} server did not start")
                time.sleep(0.2)
            yield port, proc.pid
        finally:
            os.killpg(proc.pid, signal.SIGTERM)
            try:
                proc.wait(10)
            except subprocess.TimeoutExpired:
                os.killpg(proc.pid, signal.SIGKILL)
                proc.wait()
