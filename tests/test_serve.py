"""The hadviz command: help, the nginx-missing message, and a real class server on 127.0.0.1.

The server tests start ``hadviz serve`` as a user would (a subprocess with 2 workers behind
Debian's nginx), send a bounded websocket load through nginx, kill a worker and watch the
supervisor bring it back, and stop it with SIGTERM, checking that no process is left. They
need nginx and fail, not skip, without it (``.ci/run`` installs it).
"""

from __future__ import annotations

import contextlib
import gzip
import os
import re
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

from bench.load import drive, same_link, varied_problems
from hadviz import cli
from hadviz.serve import NGINX_MISSING, find_nginx, free_port, nginx_config

ROOT = Path(__file__).resolve().parents[1]


def hadviz(*args: str, **kw) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "hadviz.cli", *args], cwd=ROOT,
                          capture_output=True, text=True, timeout=60, **kw)


def descendants(pid: int) -> set[int]:
    """Every process below ``pid`` (from /proc)."""
    found: set[int] = set()
    todo = [pid]
    while todo:
        p = todo.pop()
        try:
            kids = [int(x) for x in Path(f"/proc/{p}/task/{p}/children").read_text().split()]
        except OSError:
            kids = []
        found.update(kids)
        todo.extend(kids)
    return found


def alive(pid: int) -> bool:
    try:
        state = Path(f"/proc/{pid}/stat").read_text().split(") ")[1][0]
    except (OSError, IndexError):
        return False
    return state != "Z"


def test_help_lists_the_commands():
    top = hadviz("--help")
    assert top.returncode == 0 and "run" in top.stdout and "serve" in top.stdout
    serve = hadviz("serve", "--help")
    assert serve.returncode == 0 and "--workers" in serve.stdout and "--port" in serve.stdout
    assert "nginx" in serve.stdout


def test_serve_without_nginx_says_how_to_install_it(tmp_path):
    env = {**os.environ, "HADVIZ_NGINX": str(tmp_path / "no-nginx-here")}
    result = hadviz("serve", "--workers", "1", "--port", str(free_port()), env=env)
    assert result.returncode == 2, result
    assert "apt-get install -y nginx" in result.stderr and "hadviz run" in result.stderr
    assert NGINX_MISSING in result.stderr


def test_serve_refuses_zero_workers(capsys):
    assert cli.main(["serve", "--workers", "0"]) == 2
    assert "--workers must be at least 1" in capsys.readouterr().err


def test_nginx_config_upgrades_websockets_and_balances(tmp_path):
    text = nginx_config(9000, [9101, 9102], tmp_path)
    assert "listen 127.0.0.1:9000;" in text and "least_conn;" in text
    assert "proxy_set_header Upgrade $http_upgrade;" in text
    assert text.count("server 127.0.0.1:91") == 2
    assert f"pid {tmp_path / 'nginx.pid'};" in text  # nothing written outside its folder


@pytest.fixture(scope="module")
def served(tmp_path_factory):
    """``hadviz serve --workers 2`` on a free port; yields (process, port, worker ports)."""
    if find_nginx() is None:
        pytest.fail(NGINX_MISSING)
    port = free_port()
    # the workers print to the same terminal: a file, so that nothing blocks on a full pipe
    log = tmp_path_factory.mktemp("serve") / "hadviz-serve.log"
    with open(log, "w") as out:
        proc = subprocess.Popen([sys.executable, "-m", "hadviz.cli", "serve", "--workers", "2",
                                 "--port", str(port)], cwd=ROOT, stdout=out,
                                stderr=subprocess.STDOUT, text=True, start_new_session=True)
    deadline = time.monotonic() + 120
    match = None
    while match is None and time.monotonic() < deadline and proc.poll() is None:
        match = re.search(r"serving http://127\.0\.0\.1:\d+ with 2 worker\(s\) on ports "
                          r"(\d+), (\d+)", log.read_text())
        time.sleep(0.2)
    assert match, f"hadviz serve did not start: {log.read_text()[-2000:]}"
    yield proc, port, [int(match[1]), int(match[2])]
    if proc.poll() is None:  # a test failed before stopping it: leave nothing running
        left = descendants(proc.pid)
        os.killpg(proc.pid, signal.SIGKILL)
        proc.wait()
        for pid in left:
            with contextlib.suppress(OSError):
                os.kill(pid, signal.SIGKILL)


def test_a_class_is_served_through_nginx(served):
    _, port, _ = served
    result = drive(port, same_link(), sessions=6, reruns=6)
    assert not result.errors and result.exceptions == 0, result.errors
    assert len(result.latencies) == 36  # every page, for every session
    varied = drive(port, varied_problems(), sessions=4, reruns=2)
    assert not varied.errors and varied.exceptions == 0 and len(varied.latencies) == 8


def test_the_bundle_is_gzipped_and_cached_for_a_year(served):
    _, port, _ = served
    with urllib.request.urlopen(f"http://127.0.0.1:{port}/", timeout=10) as r:
        page = r.read().decode()
    script = re.search(r'src="\.?/?(static/js/[^"]+\.js)"', page)
    assert script, page[:500]
    request = urllib.request.Request(f"http://127.0.0.1:{port}/{script.group(1)}",
                                     headers={"Accept-Encoding": "gzip"})
    with urllib.request.urlopen(request, timeout=10) as r:
        body = r.read()
        assert r.headers["Content-Encoding"] == "gzip"
        assert "immutable" in r.headers["Cache-Control"]
    assert len(gzip.decompress(body)) > 2 * len(body)  # the JavaScript shrinks


def test_a_killed_worker_is_restarted_and_new_sessions_are_served(served):
    proc, port, worker_ports = served
    workers = [p for p in descendants(proc.pid) if f"--server.port {worker_ports[0]}" in
               Path(f"/proc/{p}/cmdline").read_text().replace("\0", " ")]
    assert len(workers) == 1, workers
    os.kill(workers[0], signal.SIGKILL)
    deadline = time.monotonic() + 10
    restarted = []
    while time.monotonic() < deadline and not restarted:
        restarted = [p for p in descendants(proc.pid) if p != workers[0] and
                     f"--server.port {worker_ports[0]}" in
                     Path(f"/proc/{p}/cmdline").read_text().replace("\0", " ")]
        time.sleep(0.2)
    assert restarted, "the supervisor did not restart the worker within 10 s"
    # students who reconnect land on a live worker and get their view from the URL
    result = drive(port, same_link("m=4&n=5&seed=2&dist=normal"), sessions=6, reruns=2)
    assert not result.errors and result.exceptions == 0 and len(result.latencies) == 12


def test_sigterm_stops_nginx_and_every_worker(served):
    proc, port, _ = served
    children = descendants(proc.pid)
    names = {Path(f"/proc/{p}/comm").read_text().strip() for p in children if alive(p)}
    assert "nginx" in names and len(children) >= 4, names  # 2 workers, nginx master + worker
    os.kill(proc.pid, signal.SIGTERM)
    assert proc.wait(timeout=30) == 0
    deadline = time.monotonic() + 10
    while time.monotonic() < deadline and any(alive(p) for p in children):
        time.sleep(0.1)
    assert not [p for p in children if alive(p)], "processes left behind"
    with pytest.raises(OSError), socket.create_connection(("127.0.0.1", port), timeout=2):
        pass  # nothing listens on the port any more
