"""Fixtures for the real-browser suite: one app server and one Chromium for the session.

The suite never skips: without a Chromium it fails, saying how to get one. Every page a test
opens records the requests it makes; the test fails if any leaves 127.0.0.1.
"""

from __future__ import annotations

from urllib.parse import urlsplit

import pytest

from .harness import NO_CHROMIUM, find_chromium, launch_browser, running_app


def pytest_collection_modifyitems(items):
    for item in items:
        if "tests/browser/" in str(item.fspath).replace("\\", "/"):
            item.add_marker(pytest.mark.browser)


@pytest.fixture(scope="session")
def app_url():
    with running_app() as base:
        yield base


@pytest.fixture(scope="session")
def browser():
    executable = find_chromium()
    if executable is None:
        pytest.fail(NO_CHROMIUM, pytrace=False)
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        chromium = launch_browser(p, executable)
        try:
            yield chromium
        finally:
            chromium.close()


class Session:
    """A fresh browser context that remembers every request it made."""

    def __init__(self, browser, app_url: str, **options):
        options.setdefault("viewport", {"width": 1400, "height": 1000})
        self.context = browser.new_context(**options)
        self.requests: list[str] = []
        self.context.on("request", lambda r: self.requests.append(r.url))
        self.app_url = app_url

    def new_page(self):
        return self.context.new_page()

    def foreign_requests(self) -> list[str]:
        allowed = urlsplit(self.app_url).netloc
        return [u for u in self.requests
                if urlsplit(u).scheme not in ("data", "blob", "about")
                and urlsplit(u).netloc != allowed]

    def close(self):
        self.context.close()


@pytest.fixture
def session(browser, app_url):
    """One isolated context per test (its own cookies and Streamlit session)."""
    opened: list[Session] = []

    def make(**options) -> Session:
        s = Session(browser, app_url, **options)
        opened.append(s)
        return s

    yield make
    try:
        leaks = [u for s in opened for u in s.foreign_requests()]
        assert not leaks, f"requests left 127.0.0.1: {leaks[:5]}"
    finally:
        for s in opened:
            s.close()
