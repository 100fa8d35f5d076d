"""Shared fixtures: one seeded generator for every random draw in the suite."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import HealthCheck, settings

settings.register_profile(
    "hadviz", deadline=None, max_examples=60, suppress_health_check=[HealthCheck.too_slow]
)
settings.load_profile("hadviz")


#: Test files that start servers (Streamlit, nginx): left out of ``make test-fast``.
SERVER_TESTS = ("test_serve.py", "test_load.py", "test_browser_harness.py")


def pytest_collection_modifyitems(items):
    for item in items:
        if item.fspath.basename in SERVER_TESTS:
            item.add_marker(pytest.mark.server)


@pytest.fixture
def rng() -> np.random.Generator:
    """The one source of randomness in tests: seeded, never global state."""
    return np.random.default_rng(20261128)
