"""Every model's tensor diagrams against independent references: HIPS autograd of F written
here from its definition (not hadviz's formulas), the complex step on the degenerate corpus,
and the page's own rounding-error check."""

from __future__ import annotations

import autograd.numpy as anp
import numpy as np
import pytest
from autograd import grad
from autograd import jacobian as ag_jacobian
from hypothesis import given, settings
from hypothesis import strategies as st

from hadviz.checks import complex_step_jacobian
from hadviz.diagrams import arrays, evaluate
from hadviz.figures.diagrams import diagram_figures
from hadviz.figures.style import HIGHLIGHT
from hadviz.models import MODELS
from hadviz.problem import Problem, random_problem
from hadviz.views.diagrams import diagrams_view, node_caption, node_choices, node_numbers

from .problems import family_corpus

#: Each model's F from its definition, in autograd's numpy (vectors give rows as (n,)).
DEFINITIONS = {
    "hadamard": lambda W, a, b: (a @ W) * (b @ W),
    "tanh": lambda W, a, b: anp.tanh((a @ W) * (b @ W)),
    "gated": lambda W, a, b: (b @ W) / (1.0 + anp.exp(-(a @ W))),
    "matrix": lambda W, A, B: anp.dot(A.T, W) * anp.dot(B.T, W),
}


@st.composite
def family_problems(draw):
    """A problem of any registered model: m, n in 1..4 (1 included), p in 1..3 for the
    matrix model, W at one of three scales and each parameter possibly all zero."""
    fn = draw(st.sampled_from(list(MODELS)))
    m, n, p = draw(st.integers(1, 4)), draw(st.integers(1, 4)), draw(st.integers(1, 3))
    q = random_problem(m, n, draw(st.integers(0, 2**16)), "normal", fn=fn, p=p)
    zero = draw(st.sampled_from([None, 0, 1]))
    P = [np.zeros_like(x) if i == zero else x for i, x in enumerate(q.arrays)]
    return Problem(q.W * draw(st.sampled_from([1e-3, 1.0, 3.0])), *P, fn=fn)


def _references(problem: Problem, g: np.ndarray) -> dict[str, np.ndarray]:
    """F, J, the compact Jacobian and the VJP by autograd of the definition."""
    F = DEFINITIONS[problem.fn]
    P = problem.arrays
    J = ag_jacobian(lambda W: F(W, *P))(problem.W)
    k = np.arange(problem.n)
    # C[i, (r,) k] = J[(r,) k, i, k]: column k's block of the dense Jacobian
    C = np.moveaxis(J[..., k, :, k], 0, -1)
    C = np.moveaxis(C, -2, 0)
    vjp = grad(lambda W: anp.sum(g * F(W, *P)))(problem.W)
    return {"f": F(problem.W, *P), "J": J, "G": C, "vjp": vjp}


def _assert_equal(value, ref, what, rel=1e-11):
    scale = float(np.max(np.abs(ref), initial=0.0))
    assert value.shape == ref.shape, (what, value.shape, ref.shape)
    np.testing.assert_allclose(value, ref, rtol=rel, atol=rel * scale, err_msg=what)


@settings(max_examples=80, deadline=None)
@given(family_problems(), st.integers(0, 2**16))
def test_every_einsum_equals_autograd_of_the_definition(problem, seed):
    """F, J, the compact form and the VJP of every model's diagrams, on shapes from 1 × 1
    (p = 1 included), at three scales and with a parameter all zero."""
    g = np.random.default_rng(seed).standard_normal(
        problem.model.output_shape(problem.n, problem.p))
    refs = _references(problem, g)
    for d in problem.model.diagrams():
        _assert_equal(evaluate(d, problem, g), refs[d.equals], f"{problem.fn}/{d.key}")


@pytest.mark.parametrize("key", list(family_corpus()))
def test_the_page_checks_pass_on_the_degenerate_corpus(key):
    """On every degenerate problem of every model, each diagram's ✓ holds with the rounding
    tolerance it states, and the J diagrams equal the complex step of the model's F."""
    problem = family_corpus()[key]
    views = diagrams_view(problem, "W")
    assert views, key
    failed = [(v.diagram.key, v.check.summary()) for v in views if not v.check.passed]
    assert not failed, (key, failed)
    J = complex_step_jacobian(problem)
    for v in views:
        if v.diagram.equals == "J":
            _assert_equal(v.value, J, f"{key}/{v.diagram.key}", rel=1e-12)
        assert f"hadviz's {problem.fn} model" in v.compared_with


def test_a_wrong_diagram_fails_the_page_check():
    """The check can fail: the question's f diagram under tanh (without its box) is ✗."""
    problem = random_problem(3, 4, 1, "normal", fn="tanh")
    f_of_question = MODELS["hadamard"].diagrams()[0]
    value = evaluate(f_of_question, problem)
    assert not np.allclose(value, problem.model.f(problem.W, *problem.arrays), rtol=1e-6)


@pytest.mark.parametrize("fn,p,nodes", [
    ("hadamard", 1, ["W", "a", "b", "u", "v", "G", "copy", "g"]),
    ("tanh", 1, ["W", "a", "b", "u", "v", "s", "K", "copy", "g"]),
    ("gated", 1, ["W", "a", "b", "v", "σ(u)", "σ′(u)", "G", "copy", "g"]),
    ("matrix", 3, ["W", "A", "B", "U", "V", "C", "copy", "copy_r", "g"]),
])
def test_node_choices_are_the_model_s_arrays_with_their_numbers(fn, p, nodes):
    problem = random_problem(2, 3, 4, "int", fn=fn, p=p)
    choices = node_choices(problem)
    assert list(choices) == nodes
    held = arrays(problem)
    for name in choices:
        latex = node_numbers(problem, name, 1)
        assert " = " in latex, name
        if held[name].ndim == 3 and name not in ("copy", "copy_r"):
            assert latex.startswith(f"{name}_{{2}} = {name}[:, :, 2]"), latex
    if fn == "matrix":
        assert "(p × n)" in choices["U"] and "(m × p × n)" in choices["C"]
        assert choices["copy_r"].endswith("(p × p × p)") and choices["g"].startswith("Γ")
        assert "3 ones among 27 entries" in node_caption(problem, "copy_r")


def test_figures_label_p_and_draw_the_tanh_box_and_both_copy_nodes():
    F_matrix = MODELS["matrix"].diagrams()[0]
    (fig,) = diagram_figures(F_matrix, 2, 3, "copy_r", p=5)
    labels = " ".join(a.text for a in fig.layout.annotations)
    assert "r (p = 5)" in labels and "s (p = 5)" in labels and "k (n = 3)" in labels
    copies = next(tr for tr in fig.data if tr.name == "copy")
    # both copy nodes drawn; only the chosen one (over r) outlined
    assert len(copies.x) == 2 and list(copies.marker.line.color).count(HIGHLIGHT) == 1
    F_tanh = MODELS["tanh"].diagrams()[0]
    (fig,) = diagram_figures(F_tanh, 2, 3)
    assert [s.type for s in fig.layout.shapes] == ["rect"]
    assert any("tanh" in a.text for a in fig.layout.annotations)
    (fig,) = diagram_figures(MODELS["hadamard"].diagrams()[0], 2, 3)
    assert not fig.layout.shapes  # no function box on the question's f


@pytest.mark.parametrize("fn", ["tanh", "gated", "matrix"])
def test_code_spells_the_model_s_names(fn):
    code = " ".join(d.einsum() for d in MODELS[fn].diagrams())
    expected = {"tanh": ["np.tanh(np.einsum(", ", s)"], "gated": ["sigma_u", "dsigma_u"],
                "matrix": ["Cr", "C_compact", '"is,ij,jqk,pq,pt,str->rk"']}[fn]
    assert all(e in code for e in expected), code
