"""AppTest: common mistakes (/mistakes)."""

from __future__ import annotations

import numpy as np
import pytest

from hadviz import Problem, random_problem
from hadviz.latex import bmatrix
from hadviz.views.mistakes import mistakes_view
from tests.problems import SHORT_FAMILY, family_corpus, query
from tests.test_mistakes_family_claims import reference_compact

from .helpers import run_app

PAGE = "pages/mistakes.py"


def test_all_six_mistakes_are_caught_on_an_ordinary_problem():
    at = run_app(PAGE, m="3", n="4", seed="2", dist="normal")
    titles = [h.value for h in at.header if h.value != "Problem"]  # not the sidebar
    assert titles == ["The shortcut 2abᵀW", "Dropping a product-rule term",
                      "Reading ∂f/∂W as one m × n matrix", "Row-major against column-major vec",
                      "Column 1 of G used for every column",
                      "Dropping the upstream gradient g from the VJP",
                      "Mistakes that cannot be made on f"]
    # a caught mistake is said in words, in a warning box: never a green "success"
    assert len(at.warning) == 6 and not at.info and not at.success, [i.value for i in at.info]
    assert all(w.value.startswith("Caught") for w in at.warning)
    assert "the gradient check rejects it" in at.warning[0].value


@pytest.mark.parametrize("m,n,uncaught",
                         [(1, 4, {0, 3}), (4, 1, {2, 3, 4}), (1, 1, {0, 2, 3, 4})])
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


def _latex(at) -> str:
    return "\n".join(str(x.value) for x in at.latex)


def _check_page(at, problem, seed: int) -> None:
    """The page shows the model's own mistakes, verdicts and lines, as the view computes them."""
    view = mistakes_view(problem, seed)
    titles = [h.value for h in at.header if h.value != "Problem"]
    assert titles[:len(view.mistakes)] == [m.title for m in view.mistakes]
    own = [w.title for w in problem.model.mistakes().values() if w.page]
    assert titles[:len(own)] == own
    assert [w.value for w in at.warning] == [m.verdict for m in view.mistakes if m.caught]
    saturation = [view.saturation] if view.saturation else []
    assert [i.value for i in at.info] == saturation + [m.verdict for m in view.mistakes
                                                       if not m.caught]
    latex = _latex(at)
    assert all(m.wrong in latex and m.right in latex for m in view.mistakes)
    text = " ".join(str(x.value) for x in at.markdown)
    for absent in problem.model.mistakes_absent:
        assert absent.title in text and absent.why in text
    # the right-hand side of the model's own mistakes is its Jacobian, from autograd here
    C = reference_compact(problem)
    if own and np.all(np.isfinite(C)):
        shown = ([bmatrix(C[..., k], limit=5) for k in range(problem.n)] if problem.model.rows
                 else [bmatrix(C, limit=5)])
        assert any(s in latex for s in shown), (shown, latex)


@pytest.mark.parametrize("fn,p", [("tanh", "1"), ("gated", "1"), ("matrix", "3"),
                                  ("matrix", "1")])
def test_each_model_shows_its_own_mistakes(fn, p):
    at = run_app(PAGE, fn=fn, p=p, m="3", n="4", seed="2", dist="normal")
    problem = random_problem(3, 4, seed=2, dist="normal", fn=fn, p=int(p))
    _check_page(at, problem, 2)
    assert len(at.warning) == len(mistakes_view(problem, 2).mistakes)  # all caught here


@pytest.mark.parametrize("name", SHORT_FAMILY)
def test_degenerate_problems_of_every_model(name):
    problem = family_corpus()[name]
    at = run_app(PAGE, **query(problem))
    _check_page(at, problem, 0)
