"""AppTest: the tensor-diagram page (/diagrams)."""

from __future__ import annotations

import pytest

from hadviz.latex import bmatrix, row
from hadviz.problem import random_problem
from hadviz.upstream import upstream_gradient
from tests.problems import SHORT_FAMILY, family_corpus, query

from .helpers import plotly_figures, run_app

PAGE = "pages/diagrams.py"


def checks(at) -> list[str]:
    return [c.value for c in at.caption if c.value.startswith(("✓", "✗"))]


def test_default_draws_every_diagram_and_every_check_passes():
    at = run_app(PAGE)
    figs = plotly_figures(at)
    keys = ["f_1", "product_rule_1", "product_rule_2", "simplified_1", "simplified_2", "G_1",
            "G_2", "sum_1", "vjp_1"]
    assert all(f"diagram_{k}" in figs for k in keys), list(figs)
    assert len(checks(at)) == 6 and all(c.startswith("✓") for c in checks(at))
    codes = [c.value for c in at.code]
    assert 'np.einsum("i,ij,jqk,pq,p->k", a, W, C, W, b)' in codes
    assert at.query_params["node"] == "W"


def test_sizes_on_the_edges_follow_the_problem():
    at = run_app(PAGE, m="64", n="64", seed="1", dist="normal")
    texts = [a["text"] for a in plotly_figures(at)["diagram_f_1"]["layout"]["annotations"]]
    assert "i (m = 64)" in texts and "<b>k (n = 64)</b>" in texts
    assert all(c.startswith("✓") for c in checks(at))
    at = run_app(PAGE, m="1", n="1")
    assert all(c.startswith("✓") for c in checks(at))


def test_choosing_a_node_shows_its_numbers_and_outlines_it():
    at = run_app(PAGE, m="2", n="3", seed="0", dist="int", node="copy", k="2")
    assert any(r"\delta[\,:, :, 2] =" in x.value for x in at.latex)
    at.radio(key="hv_p_node").set_value("u").run()
    assert at.query_params["node"] == "u"
    assert any("u = W^T a = " in x.value for x in at.latex)
    assert "k" not in at.query_params  # only the copy tensor uses k


def test_bad_node_parameter_warns_and_falls_back():
    at = run_app(PAGE, node="X")
    assert any("'node'" in str(w.value) for w in at.warning)
    assert at.query_params["node"] == "W"


def _shown(at) -> list[str]:
    return [x.value for x in at.latex]


def _expected(problem, seed: int) -> list[str]:
    """The model's own F, compact form (when it has two indices) and VJP (against the page's
    seeded random g) in the page's LaTeX, computed here from the model, not from the view."""
    model, W, P = problem.model, problem.W, problem.arrays
    g = upstream_gradient("random", problem.n, seed=seed, p=problem.p if model.rows else None)
    F = model.f(W, *P)
    out = [row(F) if F.ndim == 1 else bmatrix(F), bmatrix(model.vjp(W, *P, g))]
    if not model.rows:
        out.append(bmatrix(model.compact(W, *P)))
    return out


@pytest.mark.parametrize("fn,p", [("tanh", "1"), ("gated", "1"), ("matrix", "3"), ("matrix", "1")])
def test_every_model_draws_its_own_diagrams_and_shows_its_own_numbers(fn, p):
    at = run_app(PAGE, fn=fn, p=p, m="2", n="3", seed="0", dist="int")
    problem = random_problem(2, 3, 0, "int", fn=fn, p=int(p))
    keys = [d.key for d in problem.model.diagrams()]
    figs = plotly_figures(at)
    assert all(f"diagram_{k}_1" in figs for k in keys), list(figs)
    assert len(checks(at)) == len(keys) and all(c.startswith("✓") for c in checks(at)), checks(at)
    assert all(f"hadviz's {fn} model" in c for c in checks(at)), checks(at)
    shown = " ".join(_shown(at))
    for value in _expected(problem, 0):
        assert value in shown, (value, _shown(at))
    codes = [c.value for c in at.code if c.language == "python"]
    assert [d.einsum() for d in problem.model.diagrams()] == codes
    assert not at.info  # no "no diagrams" line


@pytest.mark.parametrize("key", SHORT_FAMILY)
def test_degenerate_problems_check_and_show_the_model_s_numbers(key):
    problem = family_corpus()[key]
    at = run_app(PAGE, **query(problem))
    assert checks(at) and all(c.startswith("✓") for c in checks(at)), (key, checks(at))
    F = problem.model.f(problem.W, *problem.arrays)
    assert (row(F) if F.ndim == 1 else bmatrix(F)) in " ".join(_shown(at)), key


@pytest.mark.parametrize("fn,node,shown", [
    ("tanh", "s", "s = "), ("gated", "σ′(u)", r"\sigma'(u) = "), ("matrix", "U", "U = A^T W = "),
    ("matrix", "C", "C_{2} = C[:, :, 2] = ")])
def test_each_model_offers_its_own_nodes(fn, node, shown):
    at = run_app(PAGE, fn=fn, p="3", m="2", n="3", node=node, k="2")
    assert at.query_params["node"] == node
    assert any(x.value.strip("$\n").startswith(shown) for x in at.latex), _shown(at)


def test_copy_node_over_r_shows_its_slice_r():
    at = run_app(PAGE, fn="matrix", p="3", m="2", n="3", node="copy_r", r="2")
    assert any(r"\delta[\,:, :, 2] =" in x for x in _shown(at))
    assert any("3 ones among 27 entries" in c.value for c in at.caption)


@pytest.mark.parametrize("fn,node", [("hadamard", "copy_r"), ("hadamard", "s"), ("tanh", "C")])
def test_a_node_of_another_model_warns_and_falls_back(fn, node):
    at = run_app(PAGE, fn=fn, node=node)
    assert any("'node'" in str(w.value) for w in at.warning)
    assert at.query_params["node"] == "W"


def test_the_question_s_diagrams_check_against_the_model():
    at = run_app(PAGE, m="2", n="3", seed="0", dist="int")
    assert all("hadviz's hadamard model" in c for c in checks(at)), checks(at)
