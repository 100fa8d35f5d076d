"""A short smoke version of the load benchmark: both servers answer a bounded websocket load.

No timing is asserted here (``make bench`` prints the ratios); what must hold is that every
rerun of every session finishes, with no error and no exception element on any page.
"""

from __future__ import annotations

import asyncio
import threading

from bench.load import config_flags, drive, one_page, rss_mb, same_link, server, varied_problems


def test_bare_app_and_hadviz_answer_a_small_class():
    with server("bare") as (port, _):
        bare = drive(port, one_page(), sessions=4, reruns=2)

        async def inside_a_running_loop():  # as in a session that also drives Playwright
            return drive(port, one_page(), sessions=2, reruns=2)

        # a thread of its own for the outer loop: this test may itself run under one
        box: list = []
        outer = threading.Thread(target=lambda: box.append(asyncio.run(inside_a_running_loop())))
        outer.start()
        outer.join()
        nested = box[0]
    assert not bare.errors and len(bare.latencies) == 8
    assert not nested.errors and len(nested.latencies) == 4
    with server("hadviz") as (port, pid):
        walk = drive(port, same_link(), sessions=4, reruns=6)  # every page
        mixed = drive(port, varied_problems(), sessions=4, reruns=3)
        assert rss_mb(pid) > 0
    for result in (walk, mixed):
        assert not result.errors and result.exceptions == 0, result.errors
    assert len(walk.latencies) == 24 and len(mixed.latencies) == 12


def test_fair_baseline_gets_every_server_flag_but_the_tuning():
    flags = config_flags()
    pairs = dict(zip(flags[::2], flags[1::2], strict=True))
    assert pairs["--server.fileWatcherType"] == "none"  # the watcher halves the bare app
    assert pairs["--runner.magicEnabled"] == "false"
    assert "--runner.postScriptGC" not in pairs and "--server.port" not in pairs
