"""Shared fixtures: one seeded generator for every random draw in the suite."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import HealthCheck, settings

settings.register_profile(
    "hadviz", deadline=None, max_examples=60, suppress_health_check=[HealthCheck.too_slow]
)
settings.load_profile("hadviz")


@pytest.fixture
def rng() -> np.random.Generator:
    """The one source of randomness in tests: seeded, never global state."""
    return np.random.default_rng(20261128)
