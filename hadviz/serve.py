"""Serving a class: Streamlit workers behind nginx, supervised, on one machine or several.

A room of students opening one link is many websockets at once; one Streamlit process runs
every script on one interpreter. :class:`Cluster` starts N workers (``streamlit run app.py``
on free 127.0.0.1 ports, each a :class:`~hadviz.worker.Worker`), writes an nginx config into
a temporary folder and runs nginx in front on 127.0.0.1:PORT; or, given ``upstream``
(``host:port`` workers that ``hadviz worker`` runs elsewhere), nginx only. nginx upgrades
``/_stcore/stream`` to a websocket and balances new connections with ``least_conn``; a
websocket is one connection, so each browser session stays on one worker for its whole life.
The workers share nothing but the URL: when a worker dies, the supervisor restarts it on the
same port, and when a host is lost nginx skips it; a browser that reconnects lands on a live
worker and rebuilds its view from the address bar. Stopping (Ctrl-C, SIGTERM) ends nginx and
every local worker.
"""

from __future__ import annotations

import os
import re
import shutil
import socket
import subprocess
import tempfile
import time
import urllib.request
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

from hadviz.worker import Worker, stop_processes, streamlit_command, wait_healthy

__all__ = ["NGINX_MISSING", "Cluster", "find_nginx", "free_port", "nginx_config",
           "parse_upstream", "streamlit_command"]

NGINX_MISSING = ("hadviz serve needs nginx in front of its workers, and none was found. "
                 "On Debian or Ubuntu: sudo apt-get install -y nginx (or name a binary in "
                 "HADVIZ_NGINX). For one process without nginx, use: hadviz run")


def find_nginx() -> str | None:
    """The nginx binary: $HADVIZ_NGINX, then PATH, then Debian's /usr/sbin/nginx."""
    named = os.environ.get("HADVIZ_NGINX")
    if named:
        return named if os.access(named, os.X_OK) else None
    found = shutil.which("nginx")
    if found:
        return found
    return "/usr/sbin/nginx" if os.access("/usr/sbin/nginx", os.X_OK) else None


def free_port(address: str = "127.0.0.1") -> int:
    """A TCP port that is free on ``address`` (an IPv4 address of this machine)."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind((address, 0))
        return int(s.getsockname()[1])


#: ``host:port``: a host name or IPv4 address, or an IPv6 address in brackets
SERVER = re.compile(r"(\[[0-9A-Fa-f:.]+\]|[A-Za-z0-9](?:[A-Za-z0-9.-]*[A-Za-z0-9])?)"
                    r":([0-9]{1,5})")


def parse_upstream(text: str) -> tuple[str, ...]:
    """The workers named by ``HOST:PORT[,HOST:PORT...]``, each as ``host:port``.

    Raises
    ------
    ValueError
        When the list is empty, or an entry is not ``host:port`` with a port in 1–65535, or
        names a worker twice; the message names the entry.

    Examples
    --------
    >>> parse_upstream("10.0.0.2:8501, 10.0.0.3:8501")
    ('10.0.0.2:8501', '10.0.0.3:8501')
    >>> parse_upstream("host:70000")
    Traceback (most recent call last):
    ValueError: 'host:70000': the port must be between 1 and 65535
    """
    entries = [entry.strip() for entry in text.split(",")]
    if not any(entries):
        raise ValueError("expected HOST:PORT[,HOST:PORT...], got nothing")
    servers: list[str] = []
    for entry in entries:
        match = SERVER.fullmatch(entry)
        if match is None:
            raise ValueError(f"{entry!r} is not HOST:PORT (e.g. 10.0.0.2:8501)")
        if not 1 <= int(match[2]) <= 65535:
            raise ValueError(f"{entry!r}: the port must be between 1 and 65535")
        server = f"{match[1]}:{int(match[2])}"
        if server in servers:
            raise ValueError(f"{entry!r} is named twice")
        servers.append(server)
    return tuple(servers)


#: Streamlit sends its 5–11 MB bundle uncompressed; a class on one Wi-Fi pulls it once per
#: student, so nginx gzips it (level 5: most of level 9's gain for a fraction of the CPU).
GZIP = """    gzip on;
    gzip_comp_level 5;
    gzip_min_length 1024;
    gzip_proxied any;
    gzip_vary on;
    gzip_types application/javascript text/javascript text/css application/json
               image/svg+xml text/plain application/wasm font/ttf application/x-font-ttf;
"""

#: The bundle's file names carry a hash of their content: browsers may keep them a year.
STATIC = """        location /static/ {
            proxy_pass http://hadviz;
            proxy_http_version 1.1;
            proxy_set_header Host $host;
            proxy_hide_header Cache-Control;
            add_header Cache-Control "public, max-age=31536000, immutable" always;
        }
"""

#: Opened at a deep link (/jacobian), Streamlit's frontend first looks for a server under
#: that path (/jacobian/_stcore/host-config, .../health) and falls back to / on a 404.
DEEP_LINKS = """        # the app is served at / only: a deep link's probes for a server under its
        # path (/jacobian/_stcore/health) get their 404 here, without a trip to a worker
        location ~ ^/[^/]+/_stcore/ { return 404; }
"""


def nginx_config(port: int, servers: Sequence[str], folder: Path) -> str:
    """An nginx config: 127.0.0.1:``port`` in front of the workers at ``servers``
    (``host:port`` each), with its pid, logs and buffers in ``folder``.

    Examples
    --------
    >>> text = nginx_config(8080, ["127.0.0.1:9001", "10.0.0.3:8501"], Path("/tmp/x"))
    >>> "listen 127.0.0.1:8080;" in text and "server 10.0.0.3:8501 max_fails=1" in text
    True
    """
    # max_fails=1: one refused or timed-out connection and a worker (or a lost host) is
    # skipped for fail_timeout, then tried again
    upstream = "\n".join(f"        server {s} max_fails=1 fail_timeout=2s;" for s in servers)
    temp = "\n".join(f"    {kind}_temp_path {folder / kind};"
                     for kind in ("client_body", "proxy", "fastcgi", "uwsgi", "scgi"))
    return f"""# generated by hadviz serve; lives as long as the server
worker_processes 1;
daemon off;
pid {folder / "nginx.pid"};
error_log {folder / "error.log"} warn;
events {{ worker_connections 4096; }}
http {{
    access_log off;
{temp}
    map $http_upgrade $connection_upgrade {{ default upgrade; "" close; }}
{GZIP}    # least_conn: a new connection goes to the least busy worker; a websocket is one
    # connection, so a browser session stays on its worker until it reconnects
    upstream hadviz {{
        least_conn;
{upstream}
    }}
    server {{
        listen 127.0.0.1:{port};
        location = /nginx-health {{ return 200 "ok\\n"; }}
{DEEP_LINKS}{STATIC}        location / {{
            proxy_pass http://hadviz;
            proxy_http_version 1.1;
            proxy_set_header Host $host;
            proxy_set_header Upgrade $http_upgrade;
            proxy_set_header Connection $connection_upgrade;
            proxy_connect_timeout 5s;
            # a websocket idles between reruns: keep it open as long as a lesson
            proxy_read_timeout 3600s;
            proxy_send_timeout 3600s;
            proxy_next_upstream error timeout http_502 http_503;
            proxy_buffering off;
        }}
    }}
}}
"""


@dataclass
class Cluster:
    """nginx on 127.0.0.1:``port`` in front of N supervised local workers, or of the
    ``upstream`` workers (``host:port`` each) that run elsewhere.

    Use as a context manager, or call :meth:`start` and :meth:`stop`; :meth:`supervise`
    restarts any local worker that died.
    """

    port: int
    workers: int = 2
    #: discard the workers' output (benchmarks, tests); otherwise it goes to this terminal
    quiet: bool = False
    #: workers run by ``hadviz worker`` elsewhere; when given, no local worker is started
    upstream: tuple[str, ...] = ()
    local: list[Worker] = field(default_factory=list)
    nginx: subprocess.Popen | None = None
    folder: Path | None = None

    @property
    def ports(self) -> list[int]:
        """The local workers' ports."""
        return [w.port for w in self.local]

    @property
    def procs(self) -> list[subprocess.Popen]:
        """The local workers' Streamlit processes."""
        return [w.proc for w in self.local if w.proc is not None]

    @property
    def restarts(self) -> int:
        """How many times a local worker was started again."""
        return sum(w.restarts for w in self.local)

    @property
    def servers(self) -> list[str]:
        """Every worker nginx balances, as ``host:port``."""
        return list(self.upstream) or [w.server for w in self.local]

    def start(self, timeout: float = 90.0) -> list[str]:
        """Start the local workers and wait until each is healthy, then start nginx.

        Returns the ``upstream`` workers that did not answer their health check (nginx
        skips them until they do); with local workers, a worker that does not start in
        ``timeout`` s is an error.
        """
        nginx = find_nginx()
        if nginx is None:
            raise FileNotFoundError(NGINX_MISSING)
        self.folder = Path(tempfile.mkdtemp(prefix="hadviz-serve-"))
        count = 0 if self.upstream else self.workers
        self.local = [Worker(free_port(), quiet=self.quiet) for _ in range(count)]
        for worker in self.local:
            worker.start()
        pending = wait_healthy([w.server for w in self.local], timeout)
        if pending:
            self.stop()
            raise TimeoutError(f"workers {', '.join(pending)} did not start in {timeout} s")
        conf = self.folder / "nginx.conf"
        conf.write_text(nginx_config(self.port, self.servers, self.folder))
        self.nginx = subprocess.Popen([nginx, "-c", str(conf), "-p", str(self.folder)],
                                      stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
                                      start_new_session=True)
        self._wait_nginx(timeout=10.0)
        return wait_healthy(self.upstream, timeout=3.0)

    def _wait_nginx(self, timeout: float) -> None:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.nginx is not None and self.nginx.poll() is not None:
                err = self.nginx.stderr.read().decode() if self.nginx.stderr else ""
                self.stop()
                raise RuntimeError(f"nginx exited: {err.strip()[:500]}")
            try:
                with urllib.request.urlopen(f"http://127.0.0.1:{self.port}/nginx-health",
                                            timeout=1) as r:
                    if r.status == 200:
                        return
            except OSError:
                time.sleep(0.1)
        self.stop()
        raise TimeoutError(f"nginx did not answer on 127.0.0.1:{self.port}")

    def supervise(self) -> list[int]:
        """Restart every local worker that has exited (on its own port); return their ports."""
        return [w.port for w in self.local if w.supervise()]

    def pids(self) -> list[int]:
        """Process ids of nginx and the local workers that are running."""
        procs = [*self.procs, *([self.nginx] if self.nginx else [])]
        return [p.pid for p in procs if p.poll() is None]

    def stop(self, timeout: float = 10.0) -> None:
        """Stop nginx and every local worker (TERM, then KILL after ``timeout``)."""
        stop_processes([p for p in [self.nginx, *self.procs] if p is not None], timeout)
        if self.folder is not None:
            shutil.rmtree(self.folder, ignore_errors=True)
            self.folder = None

    def __enter__(self) -> Cluster:
        self.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.stop()
