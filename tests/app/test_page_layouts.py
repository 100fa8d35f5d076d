"""AppTest: layouts, translated (/layouts)."""

from __future__ import annotations

import numpy as np
import pytest

from hadviz import random_problem
from hadviz.views.layouts import layouts_view

from .helpers import run_app

PAGE = "pages/layouts.py"


@pytest.mark.parametrize("m,n", [(2, 3), (1, 4), (4, 1), (64, 64)])
def test_every_layout_is_the_same_derivative(m, n):
    at = run_app(PAGE, m=str(m), n=str(n), seed="3", dist="normal")
    table = at.dataframe[0].value
    assert list(table["shape here"]) == [f"{n} × {m} × {n}", f"{m} × {n} × {n} × 1",
                                         f"{n} × {m * n}", f"{n} × {m * n}", f"{n} × {m * n}",
                                         f"{m * n} × {n}"]
    assert all(c.startswith("✓") for c in table["check"]), list(table["check"])
    marks = [c.value for c in at.caption if c.value[:1] in "✓✗"]
    assert len(marks) == 7 and all(c.startswith("✓") for c in marks), marks


def test_a_layout_read_in_the_wrong_order_fails_the_check():
    # the row-major vec-Jacobian contracted with a column-major vec(H) is not Df(W)[H]
    p = random_problem(3, 4, seed=1, dist="normal")
    view = layouts_view(p, seed=1)
    from hadviz.calculus import expand_compact
    from hadviz.checks import compare, unit_direction
    from hadviz.models import HADAMARD

    J = expand_compact(HADAMARD.compact(p.W, p.a, p.b))
    H = unit_direction((3, 4), 1)
    mixed = J.reshape(4, 12) @ H.reshape(-1, order="F")
    row_major = view.layouts[4]
    assert row_major.check.passed
    assert not compare(mixed, HADAMARD.jvp(p.W, p.a, p.b, H), row_major.check.tolerance).passed
    assert np.einsum("kij,ij->k", J, H) == pytest.approx(HADAMARD.jvp(p.W, p.a, p.b, H))
