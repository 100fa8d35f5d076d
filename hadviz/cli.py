"""The ``hadviz`` command: ``hadviz run`` for one person, ``hadviz serve`` for a class.

``hadviz`` with no command is ``hadviz run``. ``hadviz serve --workers N --port P`` starts N
Streamlit workers behind nginx on 127.0.0.1:P (see :mod:`hadviz.serve`), restarts any worker
that dies, and stops everything on Ctrl-C or SIGTERM.
"""

from __future__ import annotations

import argparse
import os
import signal
import sys
import time
from collections.abc import Sequence
from types import FrameType

from hadviz.serve import NGINX_MISSING, Cluster, find_nginx, streamlit_command

__all__ = ["main", "parser"]


def parser() -> argparse.ArgumentParser:
    """The command line: ``run`` (the default) and ``serve``."""
    top = argparse.ArgumentParser(
        prog="hadviz",
        description="An interactive explainer of the derivative of f(W) = (aᵀW) ∘ (bᵀW).",
        epilog="Without a command, hadviz runs the app as 'hadviz run' does.")
    commands = top.add_subparsers(dest="command", metavar="COMMAND")
    run = commands.add_parser("run", help="serve the app from one process (for one person)",
                              description="Serve the app from one Streamlit process.")
    run.add_argument("--port", type=int, default=8501, help="port (default 8501)")
    run.add_argument("--address", default="localhost",
                     help="address to listen on (default localhost)")
    serve = commands.add_parser(
        "serve", help="serve a class: N workers behind nginx on 127.0.0.1",
        description="Start N supervised Streamlit workers on free loopback ports and nginx in "
                    "front of them on 127.0.0.1:PORT. Needs nginx (apt-get install -y nginx).")
    serve.add_argument("--workers", type=int, default=2,
                       help="number of worker processes (default 2: one per core)")
    serve.add_argument("--port", type=int, default=8501, help="port nginx listens on "
                       "(default 8501)")
    return top


def _run(port: int, address: str) -> int:
    command = streamlit_command(port, address)
    os.execv(command[0], command)
    return 0  # not reached: the process is now Streamlit


def _stop_on_signal(signum: int, frame: FrameType | None) -> None:
    raise KeyboardInterrupt


def _serve(workers: int, port: int) -> int:
    if workers < 1:
        print("hadviz serve: --workers must be at least 1", file=sys.stderr)
        return 2
    if find_nginx() is None:
        print(f"hadviz serve: {NGINX_MISSING}", file=sys.stderr)
        return 2
    signal.signal(signal.SIGTERM, _stop_on_signal)
    cluster = Cluster(port=port, workers=workers)
    try:
        cluster.start()
        print(f"hadviz: serving http://127.0.0.1:{port} with {workers} worker(s) on ports "
              f"{', '.join(map(str, cluster.ports))}; Ctrl-C stops everything.", flush=True)
        while True:
            for restarted in cluster.supervise():
                print(f"hadviz: worker on port {restarted} died; restarted", flush=True)
            time.sleep(0.5)
    except KeyboardInterrupt:
        print("hadviz: stopping nginx and the workers", flush=True)
    finally:
        cluster.stop()
    return 0


def main(argv: Sequence[str] | None = None) -> int:
    """Entry point of the ``hadviz`` console command."""
    args = parser().parse_args(argv)
    if args.command == "serve":
        return _serve(args.workers, args.port)
    port = getattr(args, "port", 8501)
    return _run(port, getattr(args, "address", "localhost"))


if __name__ == "__main__":
    sys.exit(main())
