"""The hadviz command: help, argument checks, the nginx-missing message, and real servers.

The server tests start ``hadviz serve`` as a user would (a subprocess with 2 workers behind
Debian's nginx), send a bounded websocket load through nginx, kill a worker and watch the
supervisor bring it back, and stop it with SIGTERM, checking that no process is left. Past one
machine, they run ``hadviz worker`` on 127.0.0.2 and 127.0.0.3 (Linux routes all of 127/8 to
loopback, so each address stands for a host) behind ``hadviz serve --upstream``, and lose one
host mid-lesson. They need nginx and fail, not skip, without it (``.ci/run`` installs it).
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
import urllib.error
import urllib.request
from pathlib import Path

import pytest
from websockets.sync.client import connect

from bench.load import LoadResult, drive, same_link, varied_problems
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


def start(log: Path, *args: str) -> subprocess.Popen:
    """``hadviz ARGS`` in a process group of its own; its output goes to ``log``, a file, so
    that nothing blocks on a full pipe."""
    with open(log, "w") as out:
        return subprocess.Popen([sys.executable, "-m", "hadviz.cli", *args], cwd=ROOT,
                                stdout=out, stderr=subprocess.STDOUT, text=True,
                                start_new_session=True)


def wait_for(proc: subprocess.Popen, log: Path, pattern: str, count: int = 1,
             timeout: float = 120.0) -> str:
    """Wait until ``pattern`` is in ``log`` ``count`` times; return the log."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline and proc.poll() is None:
        text = log.read_text()
        if len(re.findall(pattern, text)) >= count:
            return text
        time.sleep(0.2)
    pytest.fail(f"{pattern!r} not seen {count}× in {log.name}: {log.read_text()[-2000:]}")


def kill_all(*procs: subprocess.Popen) -> None:
    """Leave nothing running (a test failed before stopping them): KILL each group and
    everything below it."""
    for proc in procs:
        if proc.poll() is None:
            left = descendants(proc.pid)
            with contextlib.suppress(OSError):
                os.killpg(proc.pid, signal.SIGKILL)
            proc.wait()
            for pid in left:
                with contextlib.suppress(OSError):
                    os.kill(pid, signal.SIGKILL)


def stops_on_sigterm(proc: subprocess.Popen) -> set[int]:
    """SIGTERM ``proc``; assert it exits with 0 and leaves none of its processes behind."""
    children = descendants(proc.pid)
    os.kill(proc.pid, signal.SIGTERM)
    assert proc.wait(timeout=30) == 0
    deadline = time.monotonic() + 10
    while time.monotonic() < deadline and any(alive(p) for p in children):
        time.sleep(0.1)
    assert not [p for p in children if alive(p)], "processes left behind"
    return children


def established(address: str, port: int) -> int:
    """TCP connections that a server listening on ``address:port`` has open (/proc/net/tcp
    writes the address as a little-endian hex word; state 01 is ESTABLISHED)."""
    local = f"{socket.inet_aton(address)[::-1].hex().upper()}:{port:04X}"
    rows = [row.split() for row in Path("/proc/net/tcp").read_text().splitlines()[1:]]
    return sum(1 for row in rows if row[1] == local and row[3] == "01")


def clean(result: LoadResult, runs: int) -> bool:
    return not result.errors and result.exceptions == 0 and len(result.latencies) == runs


def test_help_lists_the_commands():
    top = hadviz("--help")
    assert top.returncode == 0
    assert all(command in top.stdout for command in ("run", "serve", "worker")), top.stdout
    serve = hadviz("serve", "--help")
    assert serve.returncode == 0 and "--workers" in serve.stdout and "--port" in serve.stdout
    assert "nginx" in serve.stdout and "--upstream" in serve.stdout
    assert "loopback" in serve.stdout and "127.0.0.1" in serve.stdout
    worker = hadviz("worker", "--help")
    assert worker.returncode == 0 and "--address" in worker.stdout and "--port" in worker.stdout


def test_serve_without_nginx_says_how_to_install_it(tmp_path):
    env = {**os.environ, "HADVIZ_NGINX": str(tmp_path / "no-nginx-here")}
    result = hadviz("serve", "--workers", "1", "--port", str(free_port()), env=env)
    assert result.returncode == 2, result
    assert "apt-get install -y nginx" in result.stderr and "hadviz run" in result.stderr
    assert NGINX_MISSING in result.stderr


def test_serve_refuses_zero_workers(capsys):
    assert cli.main(["serve", "--workers", "0"]) == 2
    assert "--workers must be at least 1" in capsys.readouterr().err


@pytest.mark.parametrize(("args", "message"), [
    (["--upstream", "x"], "'x' is not HOST:PORT"),
    (["--upstream", "host:notaport"], "'host:notaport' is not HOST:PORT"),
    (["--upstream", "host:70000"], "'host:70000': the port must be between 1 and 65535"),
    (["--upstream", "host:0"], "'host:0': the port must be between 1 and 65535"),
    (["--upstream", ""], "expected HOST:PORT[,HOST:PORT...], got nothing"),
    (["--upstream", "10.0.0.2:8501,"], "'' is not HOST:PORT"),
    (["--upstream", "10.0.0.2:8501,10.0.0.2:8501"], "'10.0.0.2:8501' is named twice"),
    (["--workers", "2", "--upstream", "10.0.0.2:8501"], "not allowed with argument"),
], ids=["no-port", "port-not-a-number", "port-too-large", "port-zero", "empty",
        "empty-entry", "repeated", "with-workers"])
def test_serve_refuses_a_bad_upstream_without_a_traceback(args, message):
    result = hadviz("serve", *args, "--port", str(free_port()))
    assert result.returncode == 2, result
    assert message in result.stderr and "Traceback" not in result.stderr, result.stderr


def test_nginx_config_upgrades_websockets_and_balances(tmp_path):
    text = nginx_config(9000, ["127.0.0.1:9101", "10.0.0.3:8501"], tmp_path)
    assert "listen 127.0.0.1:9000;" in text and "least_conn;" in text
    assert "proxy_set_header Upgrade $http_upgrade;" in text
    assert "server 127.0.0.1:9101 max_fails=1 fail_timeout=2s;" in text
    assert "server 10.0.0.3:8501 max_fails=1 fail_timeout=2s;" in text
    assert "proxy_next_upstream error timeout" in text  # a lost host is skipped
    assert "location ~ ^/[^/]+/_stcore/ { return 404; }" in text
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
    kill_all(proc)


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
    stops_on_sigterm(proc)
    with pytest.raises(OSError), socket.create_connection(("127.0.0.1", port), timeout=2):
        pass  # nothing listens on the port any more


def healthy_line(address: str, port: int) -> str:
    return rf"worker healthy on http://{re.escape(address)}:{port} \(address "


@pytest.mark.server
def test_a_worker_restarts_its_streamlit_and_stops_on_sigterm(tmp_path):
    port, log = free_port("127.0.0.2"), tmp_path / "worker.log"
    worker = start(log, "worker", "--address", "127.0.0.2", "--port", str(port))
    try:
        # Streamlit listens on 127.0.0.2 only: the line shows the health check asks there
        wait_for(worker, log, healthy_line("127.0.0.2", port))
        [streamlit] = descendants(worker.pid)
        os.kill(streamlit, signal.SIGKILL)
        wait_for(worker, log, rf"worker on 127\.0\.0\.2:{port} died; restarted", timeout=10)
        wait_for(worker, log, healthy_line("127.0.0.2", port), count=2)
        [again] = descendants(worker.pid)
        assert again != streamlit
        cmdline = Path(f"/proc/{again}/cmdline").read_text().replace("\0", " ")
        assert f"--server.port {port} --server.address 127.0.0.2" in cmdline, cmdline
        stops_on_sigterm(worker)
    finally:
        kill_all(worker)


@pytest.mark.server
def test_a_front_warns_about_workers_that_do_not_answer(tmp_path):
    if find_nginx() is None:
        pytest.fail(NGINX_MISSING)
    silent, port, log = f"127.0.0.2:{free_port('127.0.0.2')}", free_port(), tmp_path / "f.log"
    front = start(log, "serve", "--upstream", silent, "--port", str(port))
    try:
        text = wait_for(front, log, "not answering", timeout=30)
        assert f"not answering /_stcore/health: {silent}" in text, text
        with urllib.request.urlopen(f"http://127.0.0.1:{port}/nginx-health", timeout=5) as r:
            assert r.status == 200  # nginx serves on, skipping the worker until it answers
        stops_on_sigterm(front)
    finally:
        kill_all(front)


def answer(port: int, path: str) -> tuple[int, str]:
    """Status and body of GET ``path`` on 127.0.0.1:``port``."""
    try:
        with urllib.request.urlopen(f"http://127.0.0.1:{port}{path}", timeout=10) as r:
            return r.status, r.read().decode(errors="replace")
    except urllib.error.HTTPError as exc:
        return exc.code, exc.read().decode(errors="replace")


@pytest.mark.server
def test_a_front_over_two_hosts_serves_on_when_one_is_lost(tmp_path):
    if find_nginx() is None:
        pytest.fail(NGINX_MISSING)
    hosts = [("127.0.0.2", free_port("127.0.0.2")), ("127.0.0.3", free_port("127.0.0.3"))]
    logs = [tmp_path / f"worker-{address}.log" for address, _ in hosts]
    workers = [start(log, "worker", "--address", address, "--port", str(p))
               for log, (address, p) in zip(logs, hosts, strict=True)]
    port, front_log = free_port(), tmp_path / "front.log"
    front, lost = None, set()
    try:
        for worker, log, host in zip(workers, logs, hosts, strict=True):
            wait_for(worker, log, healthy_line(*host))
        front = start(front_log, "serve", "--upstream", ",".join(f"{a}:{p}" for a, p in hosts),
                      "--port", str(port))
        assert "not answering" not in wait_for(front, front_log, r"serving http://127\.0\.0\.1")
        # least_conn spreads open sessions over both hosts
        with contextlib.ExitStack() as sessions:
            for _ in range(4):
                sessions.enter_context(connect(f"ws://127.0.0.1:{port}/_stcore/stream",
                                               subprotocols=["streamlit"], open_timeout=30))
            counts = [established(*host) for host in hosts]
        assert all(counts), f"sessions per host: {counts}"
        both = drive(port, same_link(), sessions=4, reruns=3)
        assert clean(both, 12), both.errors
        # a deep link's probes are answered by nginx (its own 404 page), the app's by a worker
        status, body = answer(port, "/jacobian/_stcore/host-config")
        assert status == 404 and "nginx" in body, (status, body[:200])
        assert answer(port, "/_stcore/host-config")[0] == 200
        assert answer(port, "/jacobian")[0] == 200
        # the host 127.0.0.2 is lost: supervisor and Streamlit at once, so nothing restarts it
        lost = descendants(workers[0].pid)
        os.killpg(workers[0].pid, signal.SIGKILL)
        workers[0].wait(timeout=10)
        deadline = time.monotonic() + 10
        while time.monotonic() < deadline and any(alive(p) for p in lost):
            time.sleep(0.1)
        assert not [p for p in lost if alive(p)]
        # new sessions (students reconnecting) all land on the live host
        again = drive(port, same_link("m=4&n=5&seed=2&dist=normal"), sessions=6, reruns=2,
                      timeout=30)
        assert clean(again, 12), again.errors
        stops_on_sigterm(front)
        stops_on_sigterm(workers[1])
    finally:
        kill_all(*workers, *([front] if front else []))
        for pid in [p for p in lost if alive(p)]:  # the lost host's Streamlit outlived it
            with contextlib.suppress(OSError):
                os.kill(pid, signal.SIGKILL)
