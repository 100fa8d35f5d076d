"""The tensor-diagram model: well-formed networks whose einsums equal hadviz's f, J, G, VJP."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from hadviz import hadamard_f, jacobian, jacobian_compact, random_problem, vjp
from hadviz.diagrams import (
    DIAGRAMS,
    DIMENSIONS,
    arrays,
    contract,
    copy_tensor,
    evaluate,
    index_sizes,
    letters_are_paired,
)
from hadviz.figures.diagrams import diagram_figures
from hadviz.models import MODELS
from hadviz.views.diagrams import diagrams_view, node_numbers

from .strategies import accepted_problems
from .test_diagram_family import family_problems

BY_KEY = {d.key: d for d in DIAGRAMS}
#: Every registered model's diagrams, as (fn, diagram).
EVERY = [(fn, d) for fn, model in MODELS.items() for d in model.diagrams()]

ID = [f"{fn}-{d.key}" for fn, d in EVERY]


def test_order_and_targets():
    assert [d.key for d in DIAGRAMS] == ["f", "product_rule", "simplified", "G", "sum", "vjp"]
    assert [d.equals for d in DIAGRAMS] == ["f", "J", "J", "G", "J", "vjp"]


@pytest.mark.parametrize("fn,diagram", EVERY, ids=ID)
def test_every_diagram_is_well_formed(fn, diagram):
    """Each index joins exactly two legs (or one leg and the output), each node has as many
    legs as its array has axes, and every leg's size matches the axis it labels (m, n and p
    all different, so a leg on the wrong axis shows)."""
    assert letters_are_paired(diagram)
    p = random_problem(3, 5, 0, "normal", fn=fn, p=2)
    held, sizes = arrays(p), index_sizes(3, 5, 2)
    for term in diagram.terms:
        for node in term.nodes:
            shape = held[node.array].shape
            assert len(node.legs) == len(shape), (node, shape)
            assert tuple(sizes[c] for c in node.legs) == shape, (node, shape)
            assert -0.25 <= node.x <= 1.0 and -0.1 <= node.y <= 1.1  # inside its box
        ends = {letter for letter, _, _ in term.ends}
        assert set(diagram.output) <= ends  # every free leg has a drawn end
    # a copy node: three legs over one dimension
    for node in (n for t in diagram.terms for n in t.nodes if n.is_copy):
        assert len(node.legs) == 3 and len({DIMENSIONS[c] for c in node.legs}) == 1, node


@pytest.mark.parametrize("fn", list(MODELS))
def test_every_model_draws_f_first_then_j_its_compact_form_and_the_vjp(fn):
    diagrams = MODELS[fn].diagrams()
    assert diagrams[0].equals == "f" and diagrams[-1].equals == "vjp"
    assert {d.equals for d in diagrams} == {"f", "J", "G", "vjp"}
    assert len({d.key for d in diagrams}) == len(diagrams)


def test_f_diagram_is_a_hadamard_product_through_a_copy_node():
    f = BY_KEY["f"]
    (term,) = f.terms
    assert sorted(n.array for n in term.nodes) == ["W", "W", "a", "b", "copy"]
    assert f.output == "k" and f.einsum() == 'np.einsum("i,ij,jqk,pq,p->k", a, W, C, W, b)'


def test_product_rule_removes_one_w_per_term():
    f_ws = sum(n.array == "W" for n in BY_KEY["f"].terms[0].nodes)
    terms = BY_KEY["product_rule"].terms
    assert len(terms) == f_ws == 2
    assert all(sum(n.array == "W" for n in t.nodes) == 1 for t in terms)


def _references(p, g):
    return {"f": hadamard_f(p.W, p.a, p.b), "J": jacobian(p.W, p.a, p.b),
            "G": jacobian_compact(p.W, p.a, p.b), "vjp": vjp(p.W, p.a, p.b, g)}


@settings(max_examples=60, deadline=None)
@given(accepted_problems(), st.integers(0, 2**16))
def test_every_einsum_equals_hadviz(p, seed):
    """On accepted problems of every shape (m = 1 and n = 1 included) and scale."""
    g = np.random.default_rng(seed).standard_normal(p.n)
    refs = _references(p, g)
    for d in DIAGRAMS:
        value = evaluate(d, p, g)
        ref = refs[d.equals]
        assert value.shape == ref.shape, d.key
        scale = np.max(np.abs(ref)) if ref.size else 0.0
        np.testing.assert_allclose(value, ref, rtol=1e-12, atol=1e-12 * scale, err_msg=d.key)


@pytest.mark.parametrize("m,n", [(1, 1), (1, 4), (4, 1), (3, 5), (64, 64)])
def test_terms_match_term_by_term(m, n):
    """Removing the W next to a gives a_i δ_jk (Wᵀb)_k; the simplified term is the same
    array; likewise for b. The terms' sum is J and G's outer products sum to G."""
    p = random_problem(m, n, seed=m * 100 + n, dist="normal")
    held = arrays(p)
    a, b, u, v = held["a"], held["b"], held["u"], held["v"]
    eye = np.eye(n)
    expected = [np.einsum("i,jk,k->kij", a, eye, v), np.einsum("i,jk,k->kij", b, eye, u)]
    for key in ("product_rule", "simplified"):
        for term, want in zip(BY_KEY[key].terms, expected, strict=True):
            got = np.einsum(term.subscripts("kij"), *(held[nd.array] for nd in term.nodes),
                            optimize=True)
            np.testing.assert_allclose(got, want, rtol=1e-13, atol=1e-13, err_msg=key)
    J = jacobian(p.W, p.a, p.b)
    assert np.count_nonzero(evaluate(BY_KEY["sum"], p)[:, :, :] * (1 - eye[:, None, :])) == 0
    np.testing.assert_allclose(evaluate(BY_KEY["sum"], p), J, rtol=1e-13, atol=1e-13)


def test_copy_tensor():
    C = copy_tensor(4)
    assert C.shape == (4, 4, 4) and C.sum() == 4
    x, y = np.arange(1.0, 5.0), np.arange(5.0, 9.0)
    np.testing.assert_array_equal(np.einsum("j,p,jpk->k", x, y, C), x * y)  # the Hadamard
    np.testing.assert_array_equal(np.einsum("p,jpk->jk", y, C), np.diag(y))  # Diag(y)


@pytest.mark.parametrize("m,n", [(1, 1), (2, 3), (64, 64)])
def test_figures_draw_nodes_and_sized_labels_without_growing(m, n):
    for d in DIAGRAMS:
        figs = diagram_figures(d, m, n, selected="W")
        assert len(figs) == len(d.terms)
        for term, fig in zip(d.terms, figs, strict=True):
            labels = " ".join(a.text for a in fig.layout.annotations)
            for letter in set("".join(nd.legs for nd in term.nodes)):
                size = m if letter in "ip" else n
                assert f"{letter} ({'m' if letter in 'ip' else 'n'} = {size})" in labels
            assert fig.layout.height == diagram_figures(d, 1, 1)[0].layout.height
            drawn = sum(len(tr.x) for tr in fig.data if tr.mode and "markers" in tr.mode)
            assert drawn == len(term.nodes)
            outlined = [w for tr in fig.data if tr.name == "tensors"
                        for w in tr.marker.line.width]
            assert (4 in outlined) == any(nd.array == "W" for nd in term.nodes)


def test_view_checks_pass_and_node_numbers():
    p = random_problem(3, 4, 2, "int")
    views = diagrams_view(p, "G", seed=1)
    assert len(views) == len(DIAGRAMS) and all(v.check.passed for v in views)
    assert r"\delta[\,:, :, 2] =" in node_numbers(p, "copy", 1)
    assert node_numbers(p, "u").startswith("u = W^T a = ")
    assert node_numbers(random_problem(1, 1, 0, "int"), "a").startswith("a = ")


@pytest.mark.parametrize("fn,diagram", EVERY, ids=ID)
def test_contraction_order_sums_every_joined_index_once(fn, diagram):
    """The order lists every joined index once, and the steps sum each exactly once (a step
    of a loop sums two)."""
    held = arrays(random_problem(2, 3, 0, "normal", fn=fn, p=2))
    for term in diagram.terms:
        legs = "".join(n.legs for n in term.nodes)
        joined = {c for c in legs if c not in diagram.output}
        assert sorted(term.order) == sorted(joined), (diagram.key, term.order)
        _, steps = contract(term, diagram.output, held)
        summed = [c for s in steps for c in s.index.split(", ")]
        assert sorted(summed) == sorted(joined), (diagram.key, summed)


@settings(max_examples=30, deadline=None)
@given(family_problems())
def test_pairwise_contraction_in_order_equals_the_einsum(p):
    held = arrays(p)
    for d in p.model.diagrams():
        total = sum(contract(term, d.output, held)[0] for term in d.terms)
        if d.outer:
            total = getattr(np, d.outer)(total)
        ref = evaluate(d, p)
        scale = np.max(np.abs(ref)) if ref.size else 0.0
        np.testing.assert_allclose(total, ref, rtol=1e-12, atol=1e-12 * scale, err_msg=d.key)


def test_order_names_the_intermediates():
    p = random_problem(3, 4, 0, "int")
    _, steps = contract(DIAGRAMS[0].terms[0], "k", arrays(p))
    assert [s.label for s in steps] == ["Wᵀa", "Wᵀb", "Diag(Wᵀa)", "f"]
    np.testing.assert_allclose(steps[0].value, p.W.T @ p.a)
    np.testing.assert_allclose(steps[2].value, np.diag(p.W.T @ p.a))
    views = diagrams_view(p, None)
    assert views[0].order[0].startswith("sum over i: a and W give Wᵀa (legs j, shape (4,))")
    assert views[3].order[0].startswith("Term 1: nothing is joined")


@pytest.mark.parametrize("fn,diagram", EVERY, ids=ID)
def test_code_is_one_expression_with_one_term_per_line(fn, diagram):
    """The code shown under a diagram is one Python expression (a sum in brackets) and puts
    each term on its own line, so a phone never hides a term off-screen."""
    import ast

    code = diagram.einsum()
    assert isinstance(ast.parse(code, mode="eval"), ast.Expression)
    lines = code.splitlines()
    assert len(lines) == len(diagram.terms)
    assert all(line.count("np.einsum(") == 1 for line in lines)
