"""AppTest: common mistakes (/mistakes)."""

from __future__ import annotations

import numpy as np
import pytest

from hadviz import Problem, random_problem
from hadviz.views.mistakes import mistakes_view

from .helpers import run_app

PAGE = "pages/mistakes.py"


def test_all_four_mistakes_are_caught_on_an_ordinary_problem():
    at = run_app(PAGE, m="3", n="4", seed="2", dist="normal")
    titles = [h.value for h in at.subheader if h.value != "Problem"]  # not the sidebar
    assert titles == ["The shortcut 2abᵀW", "Dropping a product-rule term",
                      "Reading ∂f/∂W as one m × n matrix", "Row-major against column-major vec"]
    # a caught mistake is said in words, in a warning box: never a green "success"
    assert len(at.warning) == 4 and not at.info and not at.success, [i.value for i in at.info]
    assert all(w.value.startswith("Caught") for w in at.warning)
    assert "the gradient check rejects it" in at.warning[0].value


@pytest.mark.parametrize("m,n,uncaught", [(1, 4, {0, 3}), (4, 1, {2, 3}), (1, 1, {0, 2, 3})])
def test_what_cannot_show_at_small_sizes_is_said_so(m, n, uncaught):
    view = mistakes_view(random_problem(m, n, seed=2, dist="normal"), seed=2)
    assert {i for i, x in enumerate(view.mistakes) if not x.caught} == uncaught
    for i in uncaught:
        assert "Caught" not in view.mistakes[i].verdict


def test_shortcut_is_right_when_b_is_parallel_to_a():
    a = np.array([1.0, 2.0, -1.0])
    p = Problem(random_problem(3, 4, seed=1, dist="normal").W, a, -2.0 * a)
    shortcut = mistakes_view(p).mistakes[0]
    assert not shortcut.caught and "passes it on this problem" in shortcut.verdict
