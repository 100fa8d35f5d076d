"""The analytic derivatives against independent references.

References: HIPS autograd (reverse-mode autodiff of the plain formula), SymPy (symbolic
differentiation of explicit matrices), the complex step, and the exact algebraic identities
of a quadratic map. Every comparison prints both sides on failure.
"""

from __future__ import annotations

import autograd.numpy as anp
import numpy as np
import pytest
import sympy as sp
from autograd import jacobian as ag_jacobian
from hypothesis import given, settings
from hypothesis import strategies as st
from hypothesis.extra import numpy as hnp

import hadviz
from hadviz import (
    hadamard_f,
    hessian,
    jacobian,
    jacobian_compact,
    jacobian_vec,
    jvp,
    second_order_term,
    vjp,
)
from hadviz.calculus import (
    compact_blocks,
    expand_compact,
    jacobian_entry,
    jacobian_slice,
    vec_layout,
)
from hadviz.kronecker import kronecker, kronecker_form

from .strategies import problems

RTOL = 1e-12


def scale(W, a, b, H=None):
    """A magnitude that bounds every term of f, J and Df, for a rounding-level atol."""
    s = (np.abs(a).sum() + np.abs(b).sum() + 1.0) * (np.abs(W).sum() + 1.0)
    if H is not None:
        s *= np.abs(H).sum() + 1.0
    return s * (np.abs(a).sum() + np.abs(b).sum() + 1.0)


def assert_close(actual, expected, atol, what):
    np.testing.assert_allclose(
        actual, expected, rtol=RTOL, atol=atol, err_msg=f"{what}: hadviz (actual) vs reference"
    )


def autograd_jacobian(W, a, b):
    def f(Wv):
        return anp.dot(a, Wv) * anp.dot(b, Wv)

    return ag_jacobian(f)(W)


def test_public_api_names():
    assert set(hadviz.__all__) == {
        "DISTRIBUTIONS", "Problem", "hadamard_f", "hessian", "jacobian", "jacobian_compact",
        "jacobian_vec", "jvp", "projections", "random_problem", "second_order_term", "vjp",
    }
    # each name does what the README's API section says, with the shapes it states
    p = hadviz.random_problem(2, 3, seed=0, dist="int")
    W, a, b, H = p.W, p.a, p.b, np.ones((2, 3))
    shapes = {
        "hadamard_f": (hadviz.hadamard_f(W, a, b), (3,)),
        "jacobian_compact": (hadviz.jacobian_compact(W, a, b), (2, 3)),
        "jacobian": (hadviz.jacobian(W, a, b), (3, 2, 3)),
        "jacobian_vec": (hadviz.jacobian_vec(W, a, b), (3, 6)),
        "jvp": (hadviz.jvp(W, a, b, H), (3,)),
        "vjp": (hadviz.vjp(W, a, b, np.ones(3)), (2, 3)),
        "second_order_term": (hadviz.second_order_term(W, a, b, H), (3,)),
        "hessian": (hadviz.hessian(W, a, b), (3, 2, 3, 2, 3)),
    }
    for name, (value, shape) in shapes.items():
        assert value.shape == shape, (name, value.shape)
    # u_k = Σ_i a_i W_ik and v_k = Σ_i b_i W_ik, written out (small integers: exact)
    u_ref = [sum(a[i] * W[i, k] for i in range(2)) for k in range(3)]
    v_ref = [sum(b[i] * W[i, k] for i in range(2)) for k in range(3)]
    u, v = hadviz.projections(W, a, b)
    np.testing.assert_array_equal(u, u_ref, err_msg="u = Wᵀa: hadviz (actual) vs the sums")
    np.testing.assert_array_equal(v, v_ref, err_msg="v = Wᵀb: hadviz (actual) vs the sums")
    np.testing.assert_array_equal(shapes["hadamard_f"][0],
                                  [x * y for x, y in zip(u_ref, v_ref, strict=True)])
    assert hadviz.DISTRIBUTIONS == ("normal", "uniform", "int")


@given(problems())
def test_f_is_columnwise_product(case):
    W, a, b, _, _ = case
    expected = np.array([(a @ W[:, k]) * (b @ W[:, k]) for k in range(W.shape[1])])
    assert_close(hadamard_f(W, a, b), expected, 1e-12 * scale(W, a, b), "f")


@given(problems())
def test_jacobian_matches_autograd(case):
    W, a, b, _, _ = case
    J = jacobian(W, a, b)
    assert J.shape == (W.shape[1], W.shape[0], W.shape[1])
    assert_close(J, autograd_jacobian(W, a, b), 1e-12 * scale(W, a, b), "J vs autograd")


@given(problems())
def test_layouts_agree(case):
    W, a, b, _, _ = case
    m, n = W.shape
    G = jacobian_compact(W, a, b)
    J = jacobian(W, a, b)
    Jvec = jacobian_vec(W, a, b)
    assert G.shape == (m, n) and Jvec.shape == (n, m * n)
    for k in range(n):
        for i in range(m):
            for j in range(n):
                assert J[k, i, j] == (G[i, k] if j == k else 0.0), (k, i, j)
                # column-major vec: W_ij sits at position i + j*m
                assert Jvec[k, i + j * m] == J[k, i, j], (k, i, j)
    # the explicit (ab^T + ba^T) W, formed densely only here
    assert_close(G, (np.outer(a, b) + np.outer(b, a)) @ W, 1e-12 * scale(W, a, b), "G")


@given(problems())
def test_only_n_slices_nonzero(case):
    W, a, b, _, _ = case
    n = W.shape[1]
    J = jacobian(W, a, b)
    # slice (k, :, j) is identically zero for j != k, whatever the data
    mask = ~np.eye(n, dtype=bool)
    assert not np.any(J.transpose(0, 2, 1)[mask])


@given(problems())
def test_taylor_expansion_is_exact(case):
    W, a, b, H, _ = case
    lhs = hadamard_f(W + H, a, b)
    rhs = hadamard_f(W, a, b) + jvp(W, a, b, H) + second_order_term(W, a, b, H)
    assert_close(rhs, lhs, 1e-12 * scale(W, a, b, H), "f(W+H) vs f + Df[H] + (H^T a)o(H^T b)")


@given(problems())
def test_jvp_is_jacobian_contraction(case):
    W, a, b, H, _ = case
    expected = np.einsum("kij,ij->k", autograd_jacobian(W, a, b), H)
    assert_close(jvp(W, a, b, H), expected, 1e-12 * scale(W, a, b, H), "jvp vs J:H")


@given(problems())
def test_adjoint_identity(case):
    W, a, b, H, g = case
    lhs = g @ jvp(W, a, b, H)
    rhs = np.sum(vjp(W, a, b, g) * H)
    s = scale(W, a, b, H) * (np.abs(g).sum() + 1.0)
    assert abs(lhs - rhs) <= 1e-12 * s, f"<g, Df[H]> = {lhs!r} vs <vjp(g), H> = {rhs!r}"


@given(problems())
def test_vjp_matches_autograd_gradient(case):
    W, a, b, _, g = case
    from autograd import grad

    expected = grad(lambda Wv: anp.dot(g, anp.dot(a, Wv) * anp.dot(b, Wv)))(W)
    s = scale(W, a, b) * (np.abs(g).sum() + 1.0)
    assert_close(vjp(W, a, b, g), expected, 1e-12 * s, "vjp vs autograd grad")
    assert_close(vjp(W, a, b, g), jacobian_compact(W, a, b) @ np.diag(g), 1e-12 * s, "G Diag(g)")


@given(problems())
def test_complex_step_is_exact(case):
    W, a, b, H, _ = case
    exact = jvp(W, a, b, H)
    # f is quadratic: Im f(W + ihH)/h = Df[H] for every h, up to rounding
    for h in (1e-20, 1e-8, 1.0):
        cs = hadamard_f(W + 1j * h * H, a, b).imag / h
        assert_close(cs, exact, 1e-12 * scale(W, a, b, H), f"complex step h={h}")


def test_complex_inputs_are_not_conjugated():
    W = np.array([[1 + 2j, 0.5], [3.0, -1j]])
    a = np.array([1.0, 2.0])
    b = np.array([0.5, -1.0])
    # by hand, plain transpose: aᵀW = [7 + 2i, 0.5 − 2i], bᵀW = [−2.5 + i, 0.25 + i], so
    # f = [(7 + 2i)(−2.5 + i), (0.5 − 2i)(0.25 + i)] = [−19.5 + 2i, 2.125]
    # (conjugating W gives [−19.5 − 2i, 2.125]; conjugating aᵀW only, [−15.5 + 12i, …])
    expected = np.array([-19.5 + 2j, 2.125 + 0j])
    np.testing.assert_allclose(hadamard_f(W, a, b), expected, rtol=1e-15,
                               err_msg="f of complex W: hadviz (actual) vs by hand")


@given(problems(max_m=4, max_n=4))
def test_hessian_is_constant_and_matches_autograd(case):
    W, a, b, _, _ = case
    expected = ag_jacobian(lambda Wv: ag_jacobian(
        lambda X: anp.dot(a, X) * anp.dot(b, X))(Wv))(W)
    assert_close(hessian(W, a, b), expected, 1e-12 * scale(W, a, b), "Hessian vs autograd")


@pytest.mark.parametrize("m,n", [(1, 1), (1, 3), (3, 1), (2, 3), (3, 2)])
def test_jacobian_matches_sympy(m, n, rng):
    Ws = sp.Matrix(m, n, lambda i, j: sp.Symbol(f"w{i}{j}"))
    av = sp.Matrix(m, 1, lambda i, _: sp.Symbol(f"a{i}"))
    bv = sp.Matrix(m, 1, lambda i, _: sp.Symbol(f"b{i}"))
    fs = (av.T * Ws).multiply_elementwise(bv.T * Ws)
    # derive_by_array(expr, x) has shape x.shape + expr.shape = (m, n, 1, n)
    D = sp.derive_by_array(fs, Ws)
    Jsym = sp.Array([[[D[i, j, 0, k] for j in range(n)] for i in range(m)] for k in range(n)])
    G = (av * bv.T + bv * av.T) * Ws
    for k in range(n):
        for i in range(m):
            for j in range(n):
                closed = G[i, k] if j == k else 0
                assert sp.expand(Jsym[k, i, j] - closed) == 0, (k, i, j, Jsym[k, i, j], closed)
    W = rng.standard_normal((m, n))
    a, b = rng.standard_normal(m), rng.standard_normal(m)
    subs = {Ws[i, j]: W[i, j] for i in range(m) for j in range(n)}
    subs |= {av[i]: a[i] for i in range(m)} | {bv[i]: b[i] for i in range(m)}
    Jnum = np.array(Jsym.subs(subs).tolist(), dtype=float)
    assert_close(jacobian(W, a, b), Jnum, 1e-13 * scale(W, a, b), "J vs SymPy")


@pytest.mark.parametrize(
    "call",
    [
        lambda: hadamard_f(np.ones((2, 3)), np.ones(3), np.ones(2)),
        lambda: jacobian(np.ones((2, 3)), np.ones(2), np.ones((2, 1))),
        lambda: jacobian_vec(np.ones(3), np.ones(3), np.ones(3)),
        lambda: jvp(np.ones((2, 3)), np.ones(2), np.ones(2), np.ones((3, 2))),
        lambda: vjp(np.ones((2, 3)), np.ones(2), np.ones(2), np.ones(2)),
        lambda: jacobian_compact(np.ones((0, 3)), np.ones(0), np.ones(0)),
        lambda: hadamard_f([["x", "y"]], ["1"], ["2"]),
    ],
)
def test_shape_mismatch_is_a_clear_value_error(call):
    with pytest.raises(ValueError, match=r"must"):
        call()


def test_shape_error_names_input_and_expected_shape():
    with pytest.raises(ValueError, match=r"^b must have shape \(m,\) = \(2,\)"):
        jacobian(np.ones((2, 3)), np.ones(2), np.ones(3))
    with pytest.raises(ValueError, match=r"^g must have shape \(n,\) = \(3,\)"):
        vjp(np.ones((2, 3)), np.ones(2), np.ones(2), np.ones(2))


# --- the family: the generic layouts and the Kronecker forms against autograd --------------

def autograd_f(fn: str):
    """F(W; P, Q) of each model, written afresh in autograd.numpy (no hadviz code)."""
    def hadamard(W, a, b):
        return anp.dot(a, W) * anp.dot(b, W)

    def tanh(W, a, b):
        return anp.tanh(anp.dot(a, W) * anp.dot(b, W))

    def gated(W, a, b):
        return anp.dot(b, W) / (1.0 + anp.exp(-anp.dot(a, W)))

    def matrix(W, A, B):
        return anp.dot(A.T, W) * anp.dot(B.T, W)

    return {"hadamard": hadamard, "tanh": tanh, "gated": gated, "matrix": matrix}[fn]


def reference_jacobian(problem) -> np.ndarray:
    """The dense Jacobian output + (m, n) by autograd of the model's formula."""
    f = autograd_f(problem.fn)
    return ag_jacobian(lambda W: f(W, *problem.arrays))(problem.W)


FAMILY_ELEMENTS = st.floats(-3.0, 3.0, allow_nan=False, allow_infinity=False)


@st.composite
def family_problems(draw, max_m: int = 5, max_n: int = 5):
    """A problem of any model, m, n and p from 1 (p = 1 and 1 × 1 included)."""
    fn = draw(st.sampled_from(["hadamard", "tanh", "gated", "matrix"]))
    m, n = draw(st.integers(1, max_m)), draw(st.integers(1, max_n))
    p = draw(st.integers(1, 4)) if fn == "matrix" else 1
    shape = (m, p) if fn == "matrix" else (m,)
    W = draw(hnp.arrays(np.float64, (m, n), elements=FAMILY_ELEMENTS))
    P = draw(hnp.arrays(np.float64, shape, elements=FAMILY_ELEMENTS))
    Q = draw(hnp.arrays(np.float64, shape, elements=FAMILY_ELEMENTS))
    return hadviz.Problem(W, P, Q, fn=fn)


def family_atol(problem) -> float:
    """A rounding-level absolute tolerance: ~100 units in the last place of the largest term."""
    P, Q = (np.abs(x).sum() + 1.0 for x in problem.arrays)
    return 100 * np.finfo(float).eps * P * Q * (np.abs(problem.W).sum() + 1.0) ** 2


def compare_with(actual, expected, atol, what):
    np.testing.assert_allclose(actual, expected, rtol=1e-12, atol=atol,
                               err_msg=f"{what}: hadviz (actual) vs autograd (desired)")


@pytest.mark.filterwarnings("ignore:overflow encountered:RuntimeWarning")  # autograd's cosh
@settings(max_examples=60, deadline=None)
@given(family_problems())
def test_every_layout_of_every_model_matches_autograd(problem):
    J = reference_jacobian(problem)
    C = problem.model.compact(problem.W, *problem.arrays)
    m, n, p = problem.m, problem.n, problem.p
    atol = family_atol(problem)
    compare_with(expand_compact(C), J, atol, f"{problem.fn}: dense J")
    Jr = J if problem.model.rows else J[np.newaxis]  # (p, n, m, n)
    # vec(F) and vec(W) both column-major: row r + k·p, column i + j·m
    compare_with(vec_layout(C), Jr.transpose(1, 0, 3, 2).reshape(p * n, m * n), atol,
                 f"{problem.fn}: vec-Jacobian")
    for r in range(p):
        row = r if problem.model.rows else None
        for k in range(n):
            compare_with(jacobian_slice(C, k, row), Jr[r, k], atol, f"slice J[{r}, {k}]")
    for i in range(m):
        for j in range(n):
            compare_with(jacobian_entry(C, i, j), J[..., i, j], atol, f"entry ({i}, {j})")
    blocks = compact_blocks(C)
    for k in range(n):
        compare_with(blocks[k], Jr[:, k, :, k].T, atol, f"block C_{k}")


@pytest.mark.filterwarnings("ignore:overflow encountered:RuntimeWarning")
@settings(max_examples=60, deadline=None)
@given(family_problems())
def test_every_kronecker_form_matches_autograd(problem):
    J = reference_jacobian(problem)
    Jr = J if problem.model.rows else J[np.newaxis]
    form = kronecker(problem)
    assert form is not None, f"{problem.fn} states no Kronecker form"
    m, n, p = problem.m, problem.n, problem.p
    compare_with(form.K, Jr.transpose(1, 0, 3, 2).reshape(p * n, m * n), family_atol(problem),
                 f"{problem.fn}: Kronecker form")
    assert form.left.shape == form.right.shape == (p * n, m * n)


@pytest.mark.parametrize("fn", ["hadamard", "tanh", "gated", "matrix"])
def test_the_generic_layouts_match_the_complex_step(fn):
    problem = hadviz.random_problem(3, 4, seed=7, dist="normal", fn=fn, p=3)
    W, P = problem.W, problem.arrays
    h = 1e-20
    Jcs = np.empty((*problem.model.output_shape(4, 3), 3, 4))
    for i in range(3):
        for j in range(4):
            E = np.zeros((3, 4), dtype=complex)
            E[i, j] = 1j * h
            Jcs[..., i, j] = problem.model.f(W + E, *P).imag / h
    C = problem.model.compact(W, *P)
    np.testing.assert_allclose(expand_compact(C), Jcs, rtol=1e-13, atol=1e-14,
                               err_msg=f"{fn}: dense J (actual) vs the complex step (desired)")


def test_the_question_keeps_its_kronecker_form():
    p = hadviz.random_problem(2, 3, seed=1, dist="int")
    kron_a, kron_b, K = kronecker_form(p)
    u, v = p.a @ p.W, p.b @ p.W
    np.testing.assert_array_equal(kron_a, np.kron(np.eye(3), p.a[np.newaxis]))
    np.testing.assert_array_equal(K, np.diag(v) @ kron_a + np.diag(u) @ kron_b)
    np.testing.assert_array_equal(K, jacobian_vec(p.W, p.a, p.b))  # small integers: exact


def test_sheet_refuses_a_missing_row():
    with pytest.raises(ValueError, match=r"r must be in 0\.\.1"):
        jacobian_slice(np.zeros((2, 2, 3)), 0, None)
