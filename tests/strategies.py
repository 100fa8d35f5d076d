"""Hypothesis strategies for problems of every shape from 1×1 to 8×8 (m = 1 and n = 1 included)."""

from __future__ import annotations

import numpy as np
from hypothesis import strategies as st
from hypothesis.extra import numpy as hnp

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
