"""The ``hadviz`` command: ``run`` for one person, ``serve`` for a class, ``worker`` for a host.

``hadviz`` with no command is ``hadviz run``. ``hadviz serve --workers N --port P`` starts N
Streamlit workers behind nginx on 127.0.0.1:P (see :mod:`hadviz.serve`) and restarts any
worker that dies. Past one machine, ``hadviz worker --address A --port P`` runs one supervised
worker on A:P (see :mod:`hadviz.worker`) and ``hadviz serve --upstream A:P,B:Q --port P``
runs nginx alone in front of such workers. Each stops everything it started on Ctrl-C or
SIGTERM.
"""

from __future__ import annotations

import argparse
import os
import signal
import sys
import time
from collections.abc import Sequence
from types import FrameType

from hadviz.serve import NGINX_MISSING, Cluster, find_nginx, parse_upstream
from hadviz.worker import Worker, streamlit_command

__all__ = ["main", "parser"]


def _upstream(text: str) -> tuple[str, ...]:
    try:
        return parse_upstream(text)
    except ValueError as exc:  # argparse prints it after the usage and exits with 2
        raise argparse.ArgumentTypeError(str(exc)) from None


def _serve_parser(commands: argparse._SubParsersAction) -> None:
    serve = commands.add_parser(
        "serve", help="serve a class: nginx on 127.0.0.1 in front of N workers",
        description="Start N supervised Streamlit workers on free loopback ports and nginx in "
                    "front of them on 127.0.0.1:PORT, or (--upstream) nginx alone in front of "
                    "workers that 'hadviz worker' runs elsewhere. nginx listens on loopback "
                    "only. Needs nginx (apt-get install -y nginx).")
    where = serve.add_mutually_exclusive_group()
    # no default here: argparse only sees a conflict when the value differs from the default
    where.add_argument("--workers", type=int,
                       help="number of local worker processes (default 2: one per core)")
    where.add_argument("--upstream", type=_upstream, metavar="HOST:PORT[,HOST:PORT...]",
                       help="no local workers: balance these 'hadviz worker' servers instead")
    serve.add_argument("--port", type=int, default=8501, help="port nginx listens on, on "
                       "127.0.0.1 (default 8501)")


def parser() -> argparse.ArgumentParser:
    """The command line: ``run`` (the default), ``serve`` and ``worker``."""
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
    _serve_parser(commands)
    worker = commands.add_parser(
        "worker", help="one supervised worker for 'hadviz serve --upstream' on another host",
        description="Run one Streamlit worker on ADDRESS:PORT and start it again whenever it "
                    "dies. The front ('hadviz serve --upstream') must be able to reach "
                    "ADDRESS:PORT.")
    worker.add_argument("--address", default="127.0.0.1",
                        help="address to listen on (default 127.0.0.1)")
    worker.add_argument("--port", type=int, default=8501, help="port (default 8501)")
    return top


def _run(port: int, address: str) -> int:
    command = streamlit_command(port, address)
    os.execv(command[0], command)
    return 0  # not reached: the process is now Streamlit


def _stop_on_signal(signum: int, frame: FrameType | None) -> None:
    raise KeyboardInterrupt


def _announce(cluster: Cluster, silent: Sequence[str]) -> None:
    url = f"http://127.0.0.1:{cluster.port}"
    if cluster.upstream:
        print(f"hadviz: serving {url} in front of {', '.join(cluster.upstream)}; "
              "Ctrl-C stops nginx.", flush=True)
        if silent:
            print(f"hadviz: warning: not answering /_stcore/health: {', '.join(silent)} "
                  "(skipped until they do)", file=sys.stderr, flush=True)
    else:
        print(f"hadviz: serving {url} with {cluster.workers} worker(s) on ports "
              f"{', '.join(map(str, cluster.ports))}; Ctrl-C stops everything.", flush=True)


def _serve(workers: int, port: int, upstream: tuple[str, ...] = ()) -> int:
    if workers < 1:
        print("hadviz serve: --workers must be at least 1", file=sys.stderr)
        return 2
    if find_nginx() is None:
        print(f"hadviz serve: {NGINX_MISSING}", file=sys.stderr)
        return 2
    signal.signal(signal.SIGTERM, _stop_on_signal)
    cluster = Cluster(port=port, workers=workers, upstream=upstream)
    try:
        _announce(cluster, cluster.start())
        while True:
            for restarted in cluster.supervise():
                print(f"hadviz: worker on port {restarted} died; restarted", flush=True)
            time.sleep(0.5)
    except KeyboardInterrupt:
        print("hadviz: stopping nginx" + ("" if upstream else " and the workers"), flush=True)
    except (RuntimeError, TimeoutError) as exc:  # start() has stopped what it started
        print(f"hadviz serve: {exc}", file=sys.stderr)
        return 1
    finally:
        cluster.stop()
    return 0


def _worker(address: str, port: int) -> int:
    # Ctrl-C reaches Streamlit too (one process group): stop, even where SIGINT came ignored
    # (a background job), rather than start again the Streamlit it has just stopped
    for signum in (signal.SIGTERM, signal.SIGINT):
        signal.signal(signum, _stop_on_signal)
    # Streamlit stays in this process group: ending the group ends the whole worker
    worker = Worker(port, address, own_group=False)
    try:
        worker.start()
        announced = False
        while True:
            if worker.restarts == 0 and not announced and worker.exited():
                print(f"hadviz worker: Streamlit exited before it answered on {worker.server} "
                      "(is the port taken, or the address not one of this machine's?)",
                      file=sys.stderr)
                return 1
            if worker.supervise():
                print(f"hadviz: worker on {worker.server} died; restarted", flush=True)
                announced = False
            if not announced and worker.healthy():
                print(f"hadviz: worker healthy on http://{worker.server} (address {address}, "
                      f"port {port}); Ctrl-C stops it.", flush=True)
                announced = True
            time.sleep(0.5)
    except KeyboardInterrupt:
        print("hadviz: stopping the worker", flush=True)
    finally:
        worker.stop()
    return 0


def main(argv: Sequence[str] | None = None) -> int:
    """Entry point of the ``hadviz`` console command."""
    args = parser().parse_args(argv)
    if args.command == "serve":
        workers = 2 if args.workers is None else args.workers
        return _serve(workers, args.port, args.upstream or ())
    if args.command == "worker":
        return _worker(args.address, args.port)
    port = getattr(args, "port", 8501)
    return _run(port, getattr(args, "address", "localhost"))


if __name__ == "__main__":
    sys.exit(main())
