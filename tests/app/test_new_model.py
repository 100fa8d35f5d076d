"""Adding a model is one module and one registry line: a model that gives only the core
(:mod:`tests.minimal_model`) is registered and every page opens on it, clean, each page
saying in one line what the model does not state (steps, SymPy, scripts) instead of falling
back to the question's f."""

from __future__ import annotations

import numpy as np
import pytest

from hadviz import models
from tests.minimal_model import SINE

from .helpers import every_page


@pytest.fixture
def registered(monkeypatch):
    """The one registry line, for the length of a test."""
    monkeypatch.setitem(models.MODELS, "sine", SINE)
    yield SINE


@pytest.mark.parametrize("size", [("2", "3"), ("1", "1")])
def test_every_page_opens_on_a_model_that_gives_only_the_core(registered, size):
    m, n = size
    said = []
    for _, at in every_page({"fn": "sine", "m": m, "n": n, "seed": "1", "dist": "normal"}):
        said += [x.value for x in (*at.info, *at.caption)]
    text = " ".join(said)
    for line in ("states no step-by-step derivation", "gives no SymPy expression",
                 "writes no NumPy or PyTorch code"):
        assert line in text, line


def test_the_minimal_model_is_right(registered, rng):
    """Its own numbers against the complex step (the contract test's references need its
    formula; this one needs nothing)."""
    W, a, b = rng.standard_normal((3, 2)), rng.standard_normal(3), rng.standard_normal(3)
    H = rng.standard_normal((3, 2))
    cs = SINE.f(W + 1e-20j * H, a.astype(complex), b.astype(complex)).imag / 1e-20
    np.testing.assert_allclose(SINE.jvp(W, a, b, H), cs, rtol=1e-13, atol=1e-13)
