"""Hypothesis strategies for problems of every shape from 1×1 to 8×8 (m = 1 and n = 1 included)."""

from __future__ import annotations

import numpy as np
from hypothesis import strategies as st
from hypothesis.extra import numpy as hnp

from hadviz import Problem
from hadviz.urlstate import MAX_ABS, MIN_ABS

ELEMENTS = st.floats(min_value=-10.0, max_value=10.0, allow_nan=False, allow_infinity=False)


@st.composite
def problems(draw, max_m: int = 8, max_n: int = 8):
    """Draw ``(W, a, b, H, g)`` with consistent shapes."""
    m = draw(st.integers(1, max_m))
    n = draw(st.integers(1, max_n))
    W = draw(hnp.arrays(np.float64, (m, n), elements=ELEMENTS))
    a = draw(hnp.arrays(np.float64, (m,), elements=ELEMENTS))
    b = draw(hnp.arrays(np.float64, (m,), elements=ELEMENTS))
    H = draw(hnp.arrays(np.float64, (m, n), elements=ELEMENTS))
    g = draw(hnp.arrays(np.float64, (n,), elements=ELEMENTS))
    return W, a, b, H, g


SCALES = st.sampled_from([0.0, MIN_ABS, 1e-30, 1e-12, 1e-3, 1.0, 1e3, MAX_ABS])


@st.composite
def accepted_problems(draw):
    """A problem the editors accept: each of W, a, b at its own scale, maybe all zero."""
    m, n = draw(st.integers(1, 6)), draw(st.integers(1, 6))
    rng = np.random.default_rng(draw(st.integers(0, 2**32 - 1)))
    parts = []
    for shape in ((m, n), (m,), (m,)):
        scale = draw(SCALES)
        x = rng.uniform(-1.0, 1.0, shape) * scale
        # keep inside the accepted band: 0 or MIN_ABS ≤ |x| ≤ MAX_ABS
        x = np.where(np.abs(x) < MIN_ABS, 0.0, np.clip(x, -MAX_ABS, MAX_ABS))
        if draw(st.booleans()):
            x = np.round(x)  # integer data, where float32 is exact
        parts.append(x)
    return Problem(*parts)
