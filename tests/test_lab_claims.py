"""Every sentence of the finite-difference lab, checked against numpy on the degenerate corpus.

The lab's notation, explanation, gradient-check account and Taylor note are built from the
problem's numbers. Here each claim they make is compared with an independent computation
(plain numpy on W, the parameters and H: F and F′ of each model from its definition, the
curvature (Hᵀa)∘(Hᵀb) or (AᵀH)∘(BᵀH), tanh in the precision of the sweep, the wrong gradients
from their formulas), for every problem of the family corpus (every model, the saturated gate
and tanh among them), both precisions and every analytic gradient; then one regression test
per reported defect.
"""

from __future__ import annotations

import re

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

from hadviz import Problem
from hadviz.finite_diff import direction
from hadviz.views.gradient_check import check_view
from hadviz.views.lab import LabSettings, lab_view
from tests.app.test_corpus import style_slips
from tests.problems import CORPUS, family_corpus
from tests.strategies import accepted_problems
from tests.test_checks import as_model

NAMES = list(CORPUS)
FAMILY = family_corpus()
MODEL_NAMES = ("hadamard", "tanh", "matrix", "gated")
WRONG = ("none", "drop_ab", "drop_ba", "two_ab", "transpose", "float32")
REAL = {"float64": np.float64, "float32": np.float32}
EPS = {k: float(np.finfo(v).eps) for k, v in REAL.items()}
_SUPER = str.maketrans("⁻⁰¹²³⁴⁵⁶⁷⁸⁹−", "-0123456789-")


def latex_number(text: str) -> float:
    """'5.2 \\times 10^{-8}' or '3.5' (as :func:`hadviz.latex.sci` writes) → float."""
    m = re.fullmatch(r"\s*(-?[\d.]+)(?: \\times 10\^\{(-?\d+)\})?\s*", text)
    assert m, text
    return float(m.group(1)) * 10.0 ** int(m.group(2) or 0)


def text_number(text: str) -> float:
    """'1.0 × 10⁻¹⁶', '2⁻¹⁹⁸' or '0.5' (running text) → float."""
    if m := re.fullmatch(r"2([⁻⁰¹²³⁴⁵⁶⁷⁸⁹]+)", text):
        return 2.0 ** int(m.group(1).translate(_SUPER))
    text = text.translate(_SUPER)
    mantissa, _, exponent = text.partition(" × 10")
    return float(mantissa) * 10.0 ** int(exponent or 0)


def scaled_norm(x) -> float:
    x = np.abs(np.asarray(x, dtype=float))
    top = float(x.max(initial=0.0))
    return top * float(np.sqrt(np.sum((x / top) ** 2))) if 0 < top < np.inf else top


def values(p: Problem, H, real=np.float64):
    """F(W) and F′ = DF(W)[H] of the problem's model from its definition, computed in ``real``."""
    W, P, H = p.W.astype(real), [x.astype(real) for x in p.arrays], H.astype(real)
    with np.errstate(all="ignore"):  # float32 overflows at the corpus' huge numbers
        if p.fn == "matrix":
            A, B = P
            return (A.T @ W) * (B.T @ W), (A.T @ H) * (B.T @ W) + (A.T @ W) * (B.T @ H)
        a, b = P
        u, v, du, dv = W.T @ a, W.T @ b, H.T @ a, H.T @ b
        f, d = u * v, du * v + u * dv
        if p.fn == "tanh":
            # sech² as 4/(eᶠ + e⁻ᶠ)², not 1 − tanh², which cancels to 0 where tanh saturates
            return np.tanh(f), 4 / (np.exp(f) + np.exp(-f)) ** 2 * d
        if p.fn == "gated":
            s = np.where(u >= 0, 1 / (1 + np.exp(-u)), np.exp(u) / (1 + np.exp(u)))
            return s * v, s * (1 - s) * du * v + s * dv
        return f, d


def curvature(p: Problem, H) -> np.ndarray:
    """F″/2 along H of a quadratic model: (Hᵀa)∘(Hᵀb), or (AᵀH)∘(BᵀH)."""
    P = [x if x.ndim == 2 else x[:, None] for x in p.arrays]
    return (P[0].T @ H) * (P[1].T @ H)


def float32_loss(p: Problem, H) -> float:
    with np.errstate(all="ignore"):
        pairs = zip(values(p, H), values(p, H, np.float32), strict=True)
        losses = []
        for exact, rounded in pairs:
            off = scaled_norm(rounded.astype(float) - exact)
            size = scaled_norm(exact)
            losses.append(off / size if size else (0.0 if off == 0 else np.inf))
    return float(np.nan_to_num(max(losses), nan=np.inf))


def saturated(p: Problem, precision: str) -> np.ndarray:
    """Components where tanh(f), computed in ``precision``, is exactly ±1 (none but tanh's)."""
    if p.fn != "tanh":
        return np.zeros(p.model.output_shape(p.n, p.p), bool)
    real = REAL[precision]
    W, a, b = (x.astype(real) for x in (p.W, p.a, p.b))
    return np.abs(np.tanh((W.T @ a) * (W.T @ b))) == 1


def figure_texts(fig) -> list[str]:
    layout = fig.layout
    return [layout.title.text, layout.xaxis.title.text, layout.yaxis.title.text,
            *(t.name for t in fig.data)]


# every claim of the sweep's text, on every corpus problem --------------------------------------

def check_saturation(text: str, p: Problem, precision: str) -> None:
    mask = saturated(p, precision)
    m = re.search(r"saturated (in every component|in its one component|in (\d+) of)", text)
    claimed = 0 if m is None else int(m.group(2)) if m.group(2) else mask.size
    assert claimed == mask.sum(), (claimed, mask, text)
    if p.fn != "tanh":
        return
    f = (p.W.T @ p.a) * (p.W.T @ p.b)
    with np.errstate(over="ignore"):
        sech2 = 1 / np.cosh(f[mask]) ** 2  # "its slope sech²(f_k) is below ε"
    assert np.all(sech2 < EPS[precision]), (sech2, EPS[precision])


def check_placements(text: str, h: np.ndarray) -> None:
    found = re.findall(r"\\approx ([^$]+)\$, (inside the plotted range|below the smallest step"
                       r" plotted|above the largest step plotted)", text)
    for number, where in found:
        value = latex_number(number)
        if min(abs(np.log10(value / h[0])), abs(np.log10(value / h[-1]))) < 0.05:
            continue  # rounded to two digits at the very edge: either reading is fair
        actual = ("below" if value < h[0] else "above" if value > h[-1] else "inside")
        assert where.startswith(actual), (value, where, h[0], h[-1])


@pytest.mark.parametrize("precision", ["float64", "float32"])
@pytest.mark.parametrize("name", list(FAMILY))
def test_lab_sentences_hold(name, precision):
    check_lab(FAMILY[name], precision)


@given(accepted_problems(), st.sampled_from(MODEL_NAMES),
       st.sampled_from(["float64", "float32"]), st.sampled_from(WRONG))
def test_sentences_hold_for_accepted_problems(p, fn, precision, broken):
    check_lab(as_model(p, fn), precision)
    view = check_view(p, broken)
    check_steps(view.how, p)
    check_taylor(view.taylor_note, p, broken)


def check_lab(p: Problem, precision: str) -> None:
    view = lab_view(p, LabSettings(precision=precision))
    s, text, f = view.sweep, view.explanation, p.model.symbol
    assert s.fn == p.fn  # the sweep is of the chosen model, never the question's by default
    check_saturation(text, p, precision)
    check_placements(text, s.h)
    F, D = values(p, view.H)
    np.testing.assert_allclose(s.norms["F"], scaled_norm(F), rtol=1e-12, atol=0)
    np.testing.assert_allclose(s.norms["D"], scaled_norm(D), rtol=1e-9, atol=1e-300)
    if p.model.quadratic:
        r = curvature(p, view.H)
        if "no curvature along H" in text or f"{p.model.curvature_latex} = 0$" in text:
            assert not r.any(), r
        if f"${f}(W) = 0$" in text:
            assert not F.any()
        assert "central truncation" not in s.predicted and "not a polynomial" not in text
    else:
        assert "quadratic" not in text and "no truncation error at all" not in text
        if s.norms["F3"] > 0 and s.norms["F"] > 0 and not saturated(p, precision).all():
            assert "central" in s.optimum, s.omitted  # the V is back, with its best step
    if "no error to draw" in text:
        assert all(not e.any() for e in s.errors.values())
    lost = precision == "float32" and float32_loss(p, view.H) > 1e-3
    assert ("cannot represent this problem" in text) == lost, (lost, text)
    texts = [text, view.notation, *s.omitted,
             *figure_texts(view.error_figure(("forward", "central", "complex")))]
    assert not style_slips(texts, [])


# every claim of the gradient check and the Taylor note ------------------------------------------

def gradients(p: Problem) -> dict[str, np.ndarray]:
    """The true G and each wrong one, from the formulas their labels state."""
    W, a, b = p.W, p.a, p.b
    u, v = W.T @ a, W.T @ b
    G = np.outer(a, v) + np.outer(b, u)
    W32, a32, b32 = (x.astype(np.float32) for x in (W, a, b))
    G32 = np.outer(a32, W32.T @ b32) + np.outer(b32, W32.T @ a32)
    return {"none": G, "drop_ab": np.outer(b, u), "drop_ba": np.outer(a, v),
            "two_ab": 2 * np.outer(a, v), "transpose": G.T.reshape(G.shape),
            "float32": G32.astype(float)}


def check_steps(how: str, p: Problem) -> None:
    largest = np.abs(p.W).max(axis=0)
    steps = np.where(largest > 0, 2.0 ** np.round(np.log2(np.where(largest > 0, largest, 1))), 1)
    m = re.search(r"h = (\S+?):|h from (\S+) to (\S+), one per column", how)
    assert m, how
    lo, hi = (m.group(1), m.group(1)) if m.group(1) else (m.group(2), m.group(3))
    assert (text_number(lo), text_number(hi)) == (steps.min(), steps.max()), (how, steps)
    zero = int((largest == 0).sum())
    assert ("W = 0 has no size to match" in how) == (zero == p.n)
    assert ("zero column" in how) == (0 < zero < p.n), how
    if 0 < zero < p.n:
        assert re.search(rf"\b{zero} zero columns? gets? h = 1", how), how


def check_taylor(note: str, p: Problem, broken: str) -> None:
    H = direction(p)  # the lab's random direction: seed 0, unit norm
    r = scaled_norm((H.T @ p.a) * (H.T @ p.b))
    G = gradients(p)
    gap = G["none"] - G[broken]
    nd = scaled_norm((gap * H).sum(axis=0))
    nW = float(np.linalg.norm(p.W))
    t0, t1 = (1e-5 * nW, nW) if nW else (1e-5, 1.0)
    scale = float(np.abs(G["none"]).max(initial=0.0)) + 1e-300
    if "no curvature along this H" in note or "is its whole remainder" in note:
        assert r == 0
    if "identical to the true" in note:
        assert np.max(np.abs(gap), initial=0) <= 1e-15 * scale, gap
    elif broken != "none":
        assert np.max(np.abs(gap), initial=0) > 0 or "within the rounding" in note
    if "smaller than the second-order term" in note:  # genuinely too small at these t
        assert 0 < nd <= r * t0 * 1.01, (nd / r, t0)
    if "at every t here (they are equal at t" in note and "exceeds" in note:
        assert nd >= r * t1 * 0.99, (nd / r, t1)
    if "falls short of it above" in note:
        assert r * t0 * 0.99 < nd < r * t1 * 1.01, (nd / r, t0, t1)
    if "within the rounding of computing D[H]" in note:
        assert nd <= 1e-12 * scaled_norm((np.abs(G["none"]) * np.abs(H)).sum(axis=0)) + 1e-300


@pytest.mark.parametrize("broken", WRONG)
@pytest.mark.parametrize("name", NAMES)
def test_check_sentences_hold(name, broken):
    p = CORPUS[name]
    view = check_view(p, broken)
    check_steps(view.how, p)
    check_taylor(view.taylor_note, p, broken)
    texts = [view.how, view.taylor_note, *figure_texts(view.taylor_figure)]
    assert not style_slips(texts, [])
    if view.indistinguishable is not None:  # the lead's reasons: kept in house style too
        assert not style_slips([view.indistinguishable], [])


# regressions: one per defect reported against the lab ------------------------------------------

def test_tanh_saturation_is_counted_in_the_precision_of_the_sweep():
    p = Problem([[3.0, 2.0, 0.5]], [1.0], [3.0], fn="tanh")  # f = 27, 12, 0.75: tanh(12) = 1
    # in float32
    assert saturated(p, "float64").tolist() == [True, False, False]
    assert saturated(p, "float32").tolist() == [True, True, False]
    for precision, count in (("float64", 1), ("float32", 2)):
        text = lab_view(as_model(p, "tanh"), LabSettings(precision=precision)).explanation
        assert f"saturated in {count} of 3 components** in {precision}" in text, text


def test_tanh_error_axis_names_the_derivative_of_tanh_f():
    p = CORPUS["generic"]
    tanh = lab_view(as_model(p, "tanh"), LabSettings()).error_figure(("forward",))
    quadratic = lab_view(p, LabSettings()).error_figure(("forward",))
    assert tanh.layout.yaxis.title.text == "error ‖estimate − D(tanh(f))(W)[H]‖₂"
    assert "D(tanh(f))(W)[H]" in tanh.layout.title.text
    assert quadratic.layout.yaxis.title.text == "error ‖estimate − Df(W)[H]‖₂"


def test_notation_defines_F_and_its_derivatives_before_they_are_used():
    view = lab_view(as_model(CORPUS["generic"], "tanh"), LabSettings())
    legend = " ".join(t.name for t in view.error_figure(("forward",)).data)
    assert "F″" in legend and "F‴" in legend  # the legend uses them …
    notation = view.notation  # … and the page shows this above the figure
    for part in ("F = tanh(f), element-wise, is the function differentiated", "F(W + tH)",
                 "F′, F″, F‴", "at t = 0", "F′ = D(tanh(f))(W)[H]"):
        assert part in notation, (part, notation)


def test_best_steps_outside_the_plotted_range_are_said_to_be_outside():
    view = lab_view(CORPUS["tiny"], LabSettings())  # W of size 10⁻⁶⁰: h* ≈ 5 × 10⁻⁶⁸
    s, text = view.sweep, view.explanation
    assert s.optimum["forward"] < s.h[0] and s.optimum["central"] < s.h[0]
    assert "left branch" not in text and "inside the plotted range" not in text
    assert text.count("below the smallest step plotted") == 2, text
    assert "across this plot truncation dominates (slope 1)" in text


def test_taylor_note_says_identical_when_the_wrong_gradient_is_the_true_one():
    note = check_view(CORPUS["a=0"], "drop_ab").taylor_note  # a = 0: nothing was dropped
    assert "identical to the true" in note and "coincide" in note
    assert "too small" not in note and "smaller than" not in note


def test_taylor_note_says_equal_within_rounding_when_only_rounding_differs():
    a = np.array([0.1, 0.7])
    p = Problem(CORPUS["decimal"].W, a, 0.3 * a)  # b ∥ a, to rounding: 2abᵀW ≈ (abᵀ + baᵀ)W
    gap = gradients(p)["none"] - gradients(p)["two_ab"]
    assert 0 < np.abs(gap).max() < 1e-16
    note = check_view(p, "two_ab").taylor_note
    assert "within the rounding of computing D[H]" in note and "identical" not in note
    assert "smaller than the second-order term" not in note


def test_taylor_note_says_too_small_only_when_it_is_at_these_t():
    p = CORPUS["decimal"]
    note = check_view(p, "float32").taylor_note
    assert "smaller than the second-order term" in note and "below the smallest t shown" in note
    H = direction(p)
    G = gradients(p)
    nd = scaled_norm(((G["none"] - G["float32"]) * H).sum(axis=0))
    r = scaled_norm((H.T @ p.a) * (H.T @ p.b))
    assert 0 < nd / r < 1e-5 * np.linalg.norm(p.W)


def test_gradient_check_names_the_step_of_a_zero_column():
    how = check_view(CORPUS["zero-column"], "none").how
    assert "1 zero column gets h = 1" in how and "e-" not in how
    tiny = check_view(CORPUS["tiny"], "none").how
    assert "h = 2⁻¹⁹⁸" in tiny and "× 10⁻¹¹⁹" in tiny and "e-1" not in tiny


def test_a_scheme_blind_at_every_step_is_said_to_be():
    # teacher review: at W of size 10⁻⁶⁰ every central estimate is exactly 0 (100 % error)
    view = lab_view(CORPUS["tiny"], LabSettings())
    s = view.sweep
    assert np.allclose(s.errors["central"], s.exact_norm, rtol=1e-9)
    assert "the central estimate is 0 at every step plotted" in view.explanation
    generic = lab_view(CORPUS["generic"], LabSettings())
    assert "at every step plotted" not in generic.explanation


# the family: each model's own account ---------------------------------------------------------

def test_the_gate_shows_the_v_of_truncation_and_rounding_again():
    view = lab_view(FAMILY["gated/generic"], LabSettings())
    s, text = view.sweep, view.explanation
    assert {"forward truncation", "central truncation", "rounding"} <= set(s.predicted)
    assert "**F = f is not a polynomial**" in text and "Central: truncation" in text
    assert view.notation.startswith("Notation: F = f is the function differentiated")
    # the measured minimum of the central error sits near its predicted best step
    best = s.h[np.argmin(s.errors["central"])]
    assert s.optimum["central"] / 30 < best < s.optimum["central"] * 30, (best, s.optimum)


def test_a_saturated_gate_claims_no_saturation_and_keeps_its_v():
    p = FAMILY["gated/saturated"]  # σ(u) rounds to 1 and to 0 in two of the three columns
    u = p.W.T @ p.a
    assert np.abs(u).max() > 100
    text = lab_view(p, LabSettings()).explanation
    assert "saturated" not in text  # F still moves with bᵀW there: it is not flat
    assert "not a polynomial" in text


def test_the_matrix_model_is_exact_with_its_own_curvature_and_norm():
    view = lab_view(FAMILY["matrix/generic"], LabSettings())
    text = view.explanation
    assert "Central differences have no truncation error at all" in text
    assert "h^2 (A^TH)\\circ(B^TH)$ exactly" in text and "H^Ta" not in text
    assert "p × n = 3 × 3 entries (the Frobenius norm)" in view.notation
    fig = view.error_figure(("forward",))
    assert fig.layout.yaxis.title.text == "error ‖estimate − DF(W)[H]‖<sub>F</sub>"
    assert "predicted forward truncation h‖(AᵀH)∘(BᵀH)‖" in [t.name for t in fig.data]
