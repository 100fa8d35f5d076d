"""One supervised Streamlit worker: the app on ADDRESS:PORT, started again whenever it dies.

``hadviz serve --workers N`` runs N of these on loopback ports behind its nginx;
``hadviz worker`` runs one on an address of its own, for a front on another machine
(``hadviz serve --upstream``). A worker keeps nothing between processes: a browser's session
lives in its URL, so a restarted worker, or a worker on another host, rebuilds any page from
the address bar. Health is Streamlit's ``/_stcore/health``, asked on the worker's own address.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
import urllib.request
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

__all__ = ["Worker", "healthy", "server_name", "stop_processes", "streamlit_command",
           "wait_healthy"]

ROOT = Path(__file__).resolve().parents[1]


def streamlit_command(port: int, address: str = "127.0.0.1",
                      extra: Sequence[str] = ()) -> list[str]:
    """The command that runs the app on ``address:port`` with the project's config."""
    return [sys.executable, "-m", "streamlit", "run", str(ROOT / "app.py"),
            "--server.port", str(port), "--server.address", address,
            "--server.headless", "true", "--browser.gatherUsageStats", "false", *extra]


def server_name(address: str, port: int) -> str:
    """``address:port`` as URLs and nginx write it: an IPv6 address goes in brackets.

    Examples
    --------
    >>> server_name("127.0.0.2", 8501), server_name("::1", 8501)
    ('127.0.0.2:8501', '[::1]:8501')
    """
    return f"[{address}]:{port}" if ":" in address else f"{address}:{port}"


def healthy(server: str, timeout: float = 1.0) -> bool:
    """Whether the Streamlit server at ``server`` (``host:port``) answers its health check."""
    try:
        with urllib.request.urlopen(f"http://{server}/_stcore/health", timeout=timeout) as r:
            return bool(r.status == 200)
    except OSError:
        return False


def wait_healthy(servers: Sequence[str], timeout: float) -> list[str]:
    """Ask every server until each is healthy or ``timeout`` s pass; return those that are not."""
    deadline = time.monotonic() + timeout
    pending = list(servers)
    while pending:
        pending = [s for s in pending if not healthy(s)]
        if not pending or time.monotonic() > deadline:
            break
        time.sleep(0.2)
    return pending


def _signal(proc: subprocess.Popen, signum: int) -> None:
    # a process that leads its own group is stopped with everything it started
    try:
        if os.getpgid(proc.pid) == proc.pid:
            os.killpg(proc.pid, signum)
        else:
            proc.send_signal(signum)
    except ProcessLookupError:
        pass


def stop_processes(procs: Sequence[subprocess.Popen], timeout: float = 10.0) -> None:
    """TERM every running process (its whole group when it leads one); KILL what is left after
    ``timeout`` s."""
    for proc in procs:
        if proc.poll() is None:
            _signal(proc, signal.SIGTERM)
    deadline = time.monotonic() + timeout
    for proc in procs:
        try:
            proc.wait(max(0.1, deadline - time.monotonic()))
        except subprocess.TimeoutExpired:
            _signal(proc, signal.SIGKILL)
            proc.wait()


@dataclass
class Worker:
    """The app on ``address:port``; :meth:`supervise` starts it again when it has exited.

    With ``own_group`` (``hadviz serve``'s local workers) Streamlit leads a process group of
    its own, so that Ctrl-C at the terminal reaches the supervisor only, which stops nginx and
    the workers in order. Without it (``hadviz worker``) Streamlit stays in the supervisor's
    group: whatever ends the group, a host going down included, ends the whole worker.
    """

    port: int
    address: str = "127.0.0.1"
    #: discard Streamlit's output (benchmarks, tests); otherwise it goes to this terminal
    quiet: bool = False
    own_group: bool = True
    proc: subprocess.Popen | None = None
    restarts: int = 0

    @property
    def server(self) -> str:
        """``address:port``, as nginx and URLs write it."""
        return server_name(self.address, self.port)

    def start(self) -> None:
        """Start Streamlit (it takes a few seconds to become healthy)."""
        out = subprocess.DEVNULL if self.quiet else None
        self.proc = subprocess.Popen(streamlit_command(self.port, self.address), cwd=ROOT,
                                     stdout=out, stderr=out, start_new_session=self.own_group)

    def exited(self) -> bool:
        """Whether Streamlit was started and has exited since."""
        return self.proc is not None and self.proc.poll() is not None

    def supervise(self) -> bool:
        """Start Streamlit again, on the same address and port, if it has exited; whether it
        had."""
        if not self.exited():
            return False
        self.start()
        self.restarts += 1
        return True

    def healthy(self) -> bool:
        """Whether Streamlit answers its health check on the worker's own address."""
        return healthy(self.server)

    def stop(self, timeout: float = 10.0) -> None:
        """Stop Streamlit (TERM, then KILL after ``timeout`` s)."""
        if self.proc is not None:
            stop_processes([self.proc], timeout)
