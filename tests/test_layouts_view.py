"""The layouts view without Streamlit: jacrev's counts against an explicit dense array, the
checks' wording, and byte counts."""

from __future__ import annotations

from fractions import Fraction

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st
from hypothesis.extra import numpy as hnp

from hadviz import Problem
from hadviz.checks import compare
from hadviz.views.layouts import bytes_text, layouts_view, verdict
from tests.app.test_corpus import style_slips
from tests.problems import CORPUS


def dense_jacrev(p: Problem) -> np.ndarray:
    """What reverse mode stacks, entry by entry in exact rational arithmetic on the float
    inputs: row k is the gradient of f_k = (a·w_k)(b·w_k), whose (i, j) entry is
    δ_jk (a_i (b·w_k) + b_i (a·w_k)). Exact, so its zeros are the true zeros of J."""
    m, n = p.m, p.n
    W = [[Fraction(float(x)) for x in row] for row in p.W]
    a, b = [Fraction(float(x)) for x in p.a], [Fraction(float(x)) for x in p.b]
    J = np.zeros((n, m, n))
    for k in range(n):
        u = sum((a[q] * W[q][k] for q in range(m)), Fraction(0))
        v = sum((b[q] * W[q][k] for q in range(m)), Fraction(0))
        for i in range(m):
            for j in range(n):
                J[k, i, j] = float(a[i] * v + b[i] * u) if j == k else 0.0
    return J


SMALL_INTS = st.integers(-2, 2).map(float)  # many zeros and exact cancellations


@st.composite
def integer_problems(draw):
    """Problems with small integer entries: every sum is exact, in any order."""
    m, n = draw(st.integers(1, 5)), draw(st.integers(1, 5))
    W = draw(hnp.arrays(np.float64, (m, n), elements=SMALL_INTS))
    a = draw(hnp.arrays(np.float64, (m,), elements=SMALL_INTS))
    b = draw(hnp.arrays(np.float64, (m,), elements=SMALL_INTS))
    return Problem(W, a, b)


@given(integer_problems())
def test_jacrev_counts_match_an_explicit_dense_array(p):
    J = dense_jacrev(p)
    cost = layouts_view(p).jacrev
    assert cost.entries == J.size == p.n * p.m * p.n
    assert cost.structural_zeros == sum(1 for k in range(p.n) for j in range(p.n) if j != k) * p.m
    assert cost.zeros == int(np.sum(J == 0.0)), (cost.zeros, J)
    assert (cost.dense_bytes, cost.G_bytes) == (J.nbytes, 8 * p.m * p.n)
    assert not style_slips([cost.sentence, cost.vjp_sentence], [])
    if p.n == 1:
        assert "no structural zeros" in cost.sentence and "%" not in cost.sentence
    if not J.any():
        assert "G = 0 here" in cost.sentence
    elif cost.zeros > cost.structural_zeros:
        assert "zero entr" in cost.sentence


@pytest.mark.parametrize("name", list(CORPUS))
def test_checks_on_the_corpus_say_what_they_compared(name):
    p = CORPUS[name]
    view = layouts_view(p)
    flat = not dense_jacrev(p).any()
    for layout in view.layouts:
        assert layout.check.passed, (layout.name, layout.verdict)
        assert layout.verdict.startswith("✓ contracted with one random H it gives Df(W)[H]")
        assert ("= 0 exactly" in layout.verdict) is flat, layout.verdict
        if not flat:
            assert "largest difference" in layout.verdict and "tolerance" in layout.verdict
    assert view.einsum_verdict.startswith("✓ the einsum line gives hadviz's G")
    assert not style_slips([x.verdict for x in view.layouts] + [view.einsum_verdict], [])


def test_a_failed_check_says_so_with_the_numbers():
    text = verdict(compare([1.0, 2.0], [1.0, 2.5], 1e-15), "it gives x", "it does not give x",
                   exact_zero=False)
    assert text.startswith("✗ it does not give x: largest difference 0.5 (relative 0.2)")
    # a failure is never reported as "0 exactly", even where every tolerance is 0
    assert verdict(compare([1e-300], [0.0], 0.0), "y", "not y", exact_zero=True).startswith(
        "✗ not y: largest difference")


@pytest.mark.parametrize("count,text", [
    (8, "8 bytes"), (1016, "1,016 bytes"), (1024, "1,024 bytes (1 KiB)"),
    (4608, "4,608 bytes (4.5 KiB)"), (2 * 1024**2, "2,097,152 bytes (2 MiB)"),
    (8 * 64 * 63 * 64, "2,064,384 bytes (about 1.97 MiB)"),
    (8 * 63 * 33 * 63, "1,047,816 bytes (about 1,023 KiB)"),  # 63 × 33: no 1.02e+03
])
def test_bytes_text(count, text):
    assert bytes_text(count) == text


def test_every_size_reads_in_the_house_style():
    sizes = [(m, n) for m in range(1, 65) for n in range(1, 65)]
    texts = [bytes_text(8 * n * m * n) for m, n in sizes] + [bytes_text(8 * m * n)
                                                            for m, n in sizes]
    assert not style_slips(texts, [])
    assert not [t for t in texts if "e+" in t or "e-" in t]


# --- every model ----------------------------------------------------------------------------

def test_every_model_and_corpus_problem_passes_its_layout_checks():
    from hadviz.kronecker import kronecker
    from tests.problems import family_corpus

    for name, p in family_corpus().items():
        view = layouts_view(p)
        J = p.model.jacobian(p.W, *p.arrays)
        flat = not J.any()
        out = p.model.output_shape(p.n, p.p)
        L = int(np.prod(out))
        shapes = [(*out, p.m, p.n), (p.m, p.n, *out) if p.model.rows else (p.m, p.n, p.n, 1),
                  (L, p.m * p.n), (L, p.m * p.n), (L, p.m * p.n), (p.m * p.n, L)]
        assert [x.shape for x in view.layouts] == shapes, (name, [x.shape for x in view.layouts])
        assert view.has_kronecker == (kronecker(p) is not None)
        claim = f"✓ contracted with one random H it gives D{p.model.output_letter}(W)[H]"
        for layout in view.layouts:
            assert layout.check.passed, (name, layout.name, layout.verdict)
            assert layout.verdict.startswith(claim), (name, layout.verdict)
            if flat:  # 0 exactly, or (tanh saturated: sech² f rounds to 0) a difference of 0
                assert ("= 0 exactly" in layout.verdict
                        or "largest difference 0," in layout.verdict), (name, layout.verdict)
            else:
                assert "= 0 exactly" not in layout.verdict, (name, layout.verdict)
        if p.model.quadratic:
            assert view.einsum_verdict.startswith("✓ the einsum line gives hadviz's"), name
        else:
            assert view.einsum is None and view.einsum_verdict.startswith("No einsum line")
        cost = view.jacrev
        assert cost.entries == J.size and cost.zeros == int(np.sum(J == 0.0)), name
        assert cost.structural_zeros == L * p.m * (p.n - 1), name
        texts = [x.verdict for x in view.layouts] + [view.einsum_verdict, cost.sentence,
                                                      cost.vjp_sentence, view.numerator_note]
        assert not style_slips(texts, []), name
        if p.fn != "hadamard":
            assert "a, b and W" not in cost.sentence or p.model.param_names == ("a", "b")


def test_a_layout_of_the_matrix_model_read_in_the_wrong_order_fails():
    # the row-major vec-Jacobian's product is row-major vec(DF): read column-major it is wrong
    from hadviz import random_problem

    p = random_problem(3, 4, seed=1, dist="normal", fn="matrix", p=3)
    view = layouts_view(p, seed=1)
    row_major = view.layouts[4]
    from hadviz.checks import unit_direction

    H = unit_direction((3, 4), 1)
    mixed = (row_major_array(p) @ H.reshape(-1)).reshape(3, 4, order="F")
    assert row_major.check.passed
    assert not compare(mixed, p.model.jvp(p.W, *p.arrays, H), row_major.check.tolerance).passed


def row_major_array(p):
    return p.model.jacobian(p.W, *p.arrays).reshape(-1, p.m * p.n)
