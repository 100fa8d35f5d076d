"""AppTest: the column view and linear-map page (/columns)."""

from __future__ import annotations

import autograd.numpy as anp
import numpy as np
import pytest
from autograd import hessian as ag_hessian
from autograd import jacobian as ag_jacobian

from hadviz import random_problem
from hadviz.latex import bmatrix, column, row
from tests.problems import CORPUS, SHORT_FAMILY, family_corpus, query
from tests.test_models import FORMULAS

from .helpers import assert_clean, run_app, warnings_text
from .test_corpus import page_texts, style_slips

PAGE = "pages/columns.py"


def captions(at):
    return [c.value for c in at.caption]


def test_default_all_checks_pass():
    at = run_app(PAGE)
    checks = [c for c in captions(at) if c.startswith(("✓", "✗"))]
    assert len(checks) == 4 and all(c.startswith("✓") for c in checks), checks


def test_scale_and_gradient_choice_update_url():
    at = run_app(PAGE, m="3", n="4", seed="2", dist="normal")
    at.number_input(key="hv_p_scale").set_value(25.0).run()
    assert_clean(at)
    assert float(at.query_params["scale"]) == 25.0
    assert all(c.startswith("✓") for c in captions(at) if c.startswith(("✓", "✗")))
    at.radio(key="hv_p_g").set_value("onehot").run()
    assert at.query_params["g"] == "onehot" and "k" in at.query_params


def test_largest_size_loads():
    at = run_app(PAGE, m="64", n="64", seed="1", dist="normal", g="random")
    assert all(c.startswith("✓") for c in captions(at) if c.startswith(("✓", "✗")))


def test_bad_scale_warns():
    at = run_app(PAGE, scale="-4")
    assert "'scale'" in warnings_text(at)


def test_zero_size_says_there_is_no_direction():
    at = run_app(PAGE, m="2", n="3", seed="3", dist="normal", scale="0.0")
    text = " ".join(captions(at))
    assert "there is no direction" in text and "Ĥ = H/‖H‖" not in text


@pytest.mark.parametrize("name", list(CORPUS))
def test_corpus_problem_with_zero_size_reads_in_house_style(name):
    at = run_app(PAGE, **query(CORPUS[name]), scale="0.0", g="random")
    assert not style_slips(*page_texts(at))


# every model: the page shows the model's own numbers ---------------------------------------

def _latex(at) -> str:
    return "\n".join(str(x.value) for x in at.latex)


def _shown(x: np.ndarray) -> str:
    return bmatrix(x) if x.ndim == 2 else row(x)


def _check_numbers(at, problem, seed: int) -> None:
    """Column 1's block, F(W + H), the VJP for g = 1 and the Hessian block, from autograd of
    the plain formula, are on the page as the page formats numbers."""
    def F(W):
        return FORMULAS[problem.fn](W, *problem.arrays)

    latex, text = _latex(at), " ".join(captions(at))
    J = ag_jacobian(F)(problem.W)
    if not np.all(np.isfinite(J)):
        return  # autograd overflows (tanh at huge f): the claims tests cover that problem
    block = J[:, 0, :, 0].T if problem.model.rows else J[0, :, 0]
    assert (bmatrix(block) if problem.model.rows else column(block)) in latex
    H = np.random.default_rng(seed).standard_normal((problem.m, problem.n))
    H /= np.linalg.norm(H)
    assert _shown(F(problem.W + H)) in latex
    grad = ag_jacobian(lambda W: anp.sum(F(W)))(problem.W)
    assert bmatrix(grad) in latex
    if problem.model.quadratic:
        assert r"\text{exactly}" in latex and "is not quadratic" not in text
    else:
        assert r"R = \tfrac12" in latex and "is not quadratic" in text

    def first(w):
        W = anp.concatenate([w[:, None], problem.W[:, 1:]], axis=1)
        return F(W)[..., 0]

    S = (ag_hessian(lambda w: first(w)[0])(problem.W[:, 0]) if problem.model.rows
         else ag_hessian(first)(problem.W[:, 0]))
    shown = bmatrix(S) if problem.model.quadratic else bmatrix(S, digits=3)  # W-dependent: 3
    assert shown in latex, (shown, latex)
    marks = [c for c in captions(at) if c.startswith(("✓", "✗"))]
    assert marks and all(c.startswith("✓") for c in marks), marks


@pytest.mark.parametrize("fn,p", [("tanh", "1"), ("gated", "1"), ("matrix", "3"),
                                  ("matrix", "1")])
def test_each_model_shows_its_own_numbers(fn, p):
    at = run_app(PAGE, fn=fn, p=p, m="3", n="4", seed="2", dist="normal")
    problem = random_problem(3, 4, seed=2, dist="normal", fn=fn, p=int(p))
    _check_numbers(at, problem, 2)
    title = at.title[0].value
    assert title.startswith("Column by column")
    assert problem.model.latex in " ".join(str(x.value) for x in at.markdown)


@pytest.mark.parametrize("name", SHORT_FAMILY)
def test_degenerate_problems_of_every_model(name):
    problem = family_corpus()[name]
    at = run_app(PAGE, **query(problem))
    _check_numbers(at, problem, 0)
    assert not style_slips(*page_texts(at))
