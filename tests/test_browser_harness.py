"""The browser harness itself: without a Chromium the suite fails with advice, never skips."""

from __future__ import annotations

import os
import shutil

import pytest

from tests.browser import harness


def test_no_chromium_is_reported_with_instructions(monkeypatch):
    monkeypatch.delenv("HADVIZ_CHROMIUM", raising=False)
    monkeypatch.setattr(os.path, "isfile", lambda path: False)
    monkeypatch.setattr(shutil, "which", lambda name: None)
    assert harness.find_chromium() is None
    assert "apt-get install -y chromium" in harness.NO_CHROMIUM
    assert "HADVIZ_CHROMIUM" in harness.NO_CHROMIUM


def test_env_variable_wins(monkeypatch, tmp_path):
    fake = tmp_path / "my-chromium"
    fake.write_text("#!/bin/sh\n")
    fake.chmod(0o755)
    monkeypatch.setenv("HADVIZ_CHROMIUM", str(fake))
    assert harness.find_chromium() == str(fake)


def test_free_port_is_loopback_and_usable(monkeypatch):
    bound = []
    real_socket = harness.socket.socket

    class Recording(real_socket):
        def bind(self, address):
            bound.append(address)
            return super().bind(address)

    monkeypatch.setattr(harness.socket, "socket", Recording)
    port = harness.free_port()
    assert bound == [("127.0.0.1", 0)], bound  # it asks for a port on loopback only
    assert 1024 < port < 65536
    monkeypatch.undo()
    # and the port it returns can be listened on there
    with real_socket(harness.socket.AF_INET, harness.socket.SOCK_STREAM) as s:
        s.bind(("127.0.0.1", port))
        s.listen(1)
        assert s.getsockname() == ("127.0.0.1", port)


def test_fixture_fails_rather_than_skips(monkeypatch):
    from tests.browser import conftest

    monkeypatch.setattr(conftest, "find_chromium", lambda: None)
    with pytest.raises(pytest.fail.Exception, match="No Chromium found"):
        next(conftest.browser.__wrapped__())
