r"""Practice (page /practice): predict-then-reveal exercises and the checking of answers.

An exercise, drawn from a kind and a seed on the user's problem or a fresh one of small integers,
keeps its answer on the server until revealed. Each is about a mistake (a dropped term, a missing
factor, another column or index order), posed only where that mistake and a guessed 0 are graded
wrong; where the user's problem has no such question, or too many numbers to show, a fresh one is
used and ``note`` says why. A number is right within 0.5 % of S, the sum of the sizes of the
terms that make it (S ≥ |answer|); :mod:`hadviz.views.grading` judges typed answers.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace
from typing import Literal, SupportsFloat, TypeVar

import numpy as np
from numpy.typing import NDArray

from hadviz.checks import UNIT_ROUNDOFF, magnitudes
from hadviz.facts import facts, why_G_zero
from hadviz.latex import MAX_SHOWN, bmatrix, column, lines, number, subscript
from hadviz.models import HADAMARD, projections
from hadviz.problem import Problem, random_problem
from hadviz.urlstate import MAX_ABS

__all__ = ["KINDS", "LAYOUTS", "RELATIVE", "Exercise", "Kind", "make_exercise"]

Kind = Literal["slices", "entry", "shape", "dropped", "a_equals_b", "tanh"]
#: The exercise kinds, with how the page names them.
KINDS: dict[Kind, str] = {
    "slices": "the non-zero column of a slice J[k]",
    "entry": "compute one ∂fₖ/∂Wᵢⱼ",
    "shape": "the shape in a named layout",
    "dropped": "which term a wrong gradient dropped",
    "a_equals_b": "G when a = b",
    "tanh": "the chain rule through tanh",
}

Answer = Literal["number", "integer", "shape", "choice"]
Value = float | int | tuple[int, ...] | str
T = TypeVar("T")
#: A number is right within RELATIVE · S, S the sum of the sizes of the terms that make it.
RELATIVE = 5e-3
#: Significant digits shown: rounding to them moves an answer far less than 0.5 %.
DIGITS = 6
#: Most entries of a, b and a column of W shown in full when W is too large to show whole.
MAX_FULL = 16


#: Layout name → (its shape, the shape of the usual mistake, what that is) at (m, n). SymPy
#: 1.14 returns an (m, n, n, 1) array, but a matrix when it fits one: n × n for m = 1, m × 1
#: for n = 1 (tests/test_practice.py asks SymPy itself).
LAYOUTS: dict[str, Callable[[int, int], tuple[tuple[int, ...], tuple[int, ...], str]]] = {
    "`torch.func.jacrev(f)(W)` (output first)": lambda m, n: (
        (n, m, n), (m, n, n), "that is the input-first order; jacrev puts the output first"),
    "SymPy 1.14's `HadamardProduct(W.T*a, W.T*b).diff(W)` (input first)": lambda m, n: (
        ((m, n, n, 1), (n, m, n), "that is the output-first order of jacrev") if min(m, n) > 1 else
        ((m, 1) if n == 1 else (n, n), (m, n, n, 1), "that is (m, n, n, 1) with its sizes 1 "
         "kept; .diff returns a matrix here")),
    "the vec-Jacobian ∂f/∂vec(W) (numerator layout)": lambda m, n: (
        (n, m * n), (m * n, n), "that is the denominator layout"),
    "the denominator-layout Jacobian ∂f/∂vec(W)": lambda m, n: (
        (m * n, n), (n, m * n), "that is the numerator layout"),
    "G, the compact Jacobian": lambda m, n: ((m, n), (n, m), "that is Gᵀ"),
}


@dataclass(frozen=True)
class Exercise:
    """One exercise; until the reveal the page shows only prompt, data, choices, rule, note.

    Attributes
    ----------
    prompt, data : str
        The question (Markdown with LaTeX) and every number it needs (LaTeX).
    answer : float, int, tuple of int or str
        Of ``kind_of_answer``; ``answer_latex`` shows how it follows.
    problem : Problem
        The numbers asked about (W scaled for tanh, b = a for "G when a = b").
    scale : float
        S: a number within RELATIVE · S of ``answer`` is right (S = 0: only ``answer``).
    mistakes : tuple of (answer, str)
        Wrong answers the exercise is about, each graded wrong, with what it is.
    at : tuple of int
        0-based (i, j, k) of the ∂fₖ/∂Wᵢⱼ asked for, or ().
    """

    kind: Kind
    prompt: str
    data: str
    answer: Value
    answer_latex: str
    problem: Problem
    choices: tuple[str, ...] = ()
    scale: float = 0.0
    mistakes: tuple[tuple[Value, str], ...] = ()
    at: tuple[int, ...] = ()
    kind_of_answer: Answer = "number"
    explained_by: tuple[str, str] = ("", "")
    rule: str = ""
    note: str = ""
    seed: int = 0


_G = "|aᵢ|·(|b|ᵀ|wₖ|) + |bᵢ|·(|a|ᵀ|wₖ|)"
_RULE = ("Right within 0.5 % of S = {}, the sum of the sizes of the terms that make the answer. "
         "S ≥ |answer|, so every answer within 0.5 % of the right one is right (a little more "
         "is where the terms cancel; when S = 0 only the exact answer is).").format
#: kind → (kind of answer, (url path, label) of the step that explains it, grading rule)
_ABOUT: dict[Kind, tuple[Answer, tuple[str, str], str]] = {
    "slices": ("integer", ("jacobian", "Jacobian: one slice"),
               "A column number from 1 to n; only the exact column is right."),
    "entry": ("number", ("derivation", "Diag-trick derivation, step 6"), _RULE(f"δⱼₖ·({_G})")),
    "shape": ("shape", ("layouts", "Layouts, translated"), "The sizes in order, separated by "
              "x, ×, * or commas, brackets optional; only the exact shape is right."),
    "dropped": ("choice", ("mistakes", "Common mistakes: dropping a term"), ""),
    "a_equals_b": ("number", ("cases", "Smallest cases first"), _RULE("2|aᵢ|·(|a|ᵀ|wₖ|)")),
    "tanh": ("number", ("finite-differences", "Finite differences"),
             _RULE(f"(1 − tanh²fₖ)·({_G})")),
}


def _clear(x: SupportsFloat, scale: SupportsFloat, *mistakes: SupportsFloat) -> bool:
    """Whether a guessed 0 (unless x = 0) and each mistake miss x by twice the tolerance."""
    x, room = float(x), 2 * RELATIVE * float(scale)
    return (x == 0 or abs(x) > room) and all(abs(x - float(y)) > room for y in mistakes)


def _pick(rng: np.random.Generator, options: Sequence[T]) -> T:
    return options[int(rng.integers(len(options)))]


def _par(x: SupportsFloat) -> str:
    return f"({number(float(x), DIGITS)})" if float(x) < 0 else number(float(x), DIGITS)


def _shown(p: Problem, k: int = -1, extra: tuple[str, NDArray] | None = None,
           b_is_a: bool = False) -> str:
    """LaTeX of W, a and b, or, when W is too large to show whole, of a, b and column k ≥ 0
    of W in full: every number a question about column k needs."""
    whole, full = k < 0 or max(p.m, p.n) <= MAX_SHOWN, max(p.m, MAX_SHOWN)
    parts = [rf"W = {bmatrix(p.W, DIGITS)}" if whole else rf"w_{{{k + 1}}} = "
             rf"{column(p.W[:, k], DIGITS, full)} \text{{ (column {k + 1} of }} W)",
             rf"a = b = {column(p.a, DIGITS, full)}" if b_is_a else
             rf"a = {column(p.a, DIGITS, full)}, \quad b = {column(p.b, DIGITS, full)}"]
    if extra is not None:
        parts.append(rf"{extra[0]} = {bmatrix(extra[1], DIGITS)}" if whole else
                     rf"{extra[0]}[:, {k + 1}] = {column(extra[1][:, k], DIGITS, full)}")
    return lines(*parts)


def _slices(p: Problem, rng: np.random.Generator) -> Exercise | str:
    fx = facts(p)
    if p.n == 1:
        return "W has one column, so the one slice can only be non-zero in column 1"
    if not fx.G_columns:
        return f"G = 0 ({why_G_zero(fx)}), so every slice J[k] is all 0"
    K = _pick(rng, fx.G_columns) + 1
    return Exercise("slices", f"The slice $J[{K}] = \\partial f_{{{K}}}/\\partial W$ has the "
                    f"shape of W, {p.m} × {p.n}. In which column are its non-zero entries?",
                    _shown(p), K, rf"\text{{column }} {K}: f_{{{K}}} = (a^Tw_{{{K}}})"
                    rf"(b^Tw_{{{K}}}) \text{{ reads only column {K} of }} W", p,
                    mistakes=tuple((j, f"f{subscript(K)} does not read column {j} of W")
                                   for j in range(1, p.n + 1) if j != K))


def _entry(p: Problem, rng: np.random.Generator) -> Exercise | str:
    G, S, (u, v) = HADAMARD.compact(p.W, p.a, p.b), magnitudes(p).G, projections(p.W, p.a, p.b)
    av, bu = np.outer(p.a, v), np.outer(p.b, u)
    both = [ik for ik in np.ndindex(G.shape) if _clear(G[ik], S[ik], av[ik], bu[ik])]
    # j ≠ k: the answer is 0, so G[i, j] (δⱼₖ forgotten) must clearly not be
    off = [ij for ij in np.ndindex(G.shape) if p.n > 1 and _clear(G[ij], S[ij], 0.0)]
    if not both and not off:
        return (f"G = 0 ({why_G_zero(facts(p))}), so every ∂fₖ/∂Wᵢⱼ is 0" if not G.any() else
                "every ∂fₖ/∂Wᵢₖ = aᵢ(bᵀwₖ) + bᵢ(aᵀwₖ) is 0 or one of its terms to within 1 % of "
                "their size") + ": a guessed 0 or a dropped term would pass"
    if off and (not both or rng.random() < 0.3):
        i, j = _pick(rng, off)
        k = _pick(rng, [x for x in range(p.n) if x != j])
        value, scale, how = 0.0, 0.0, rf"\delta_{{{j + 1},{k + 1}}}\,G_{{{i + 1},{k + 1}}}"
        mistakes: tuple[tuple[Value, str], ...] = ((float(G[i, j]), f"that is ∂f{subscript(j + 1)}"
                                                    f"/∂W{subscript(i + 1)},{subscript(j + 1)}"),)
    else:
        i, k = _pick(rng, both)
        j, value, scale = k, float(G[i, k]), float(S[i, k])
        mistakes = ((float(av[i, k]), "that leaves out the term bᵢ(aᵀwₖ)"),
                    (float(bu[i, k]), "that leaves out the term aᵢ(bᵀwₖ)"))
        how = (rf"a_{{{i + 1}}}(b^Tw_{{{k + 1}}}) + b_{{{i + 1}}}(a^Tw_{{{k + 1}}}) = "
               rf"{_par(p.a[i])} \cdot {_par(v[k])} + {_par(p.b[i])} \cdot {_par(u[k])}")
    d = rf"\partial f_{{{k + 1}}}/\partial W_{{{i + 1},{j + 1}}}"
    return Exercise("entry", f"Compute ${d}$.", _shown(p, k), value,
                    rf"{d} = {how} = {number(value, DIGITS)}", p, scale=scale,
                    mistakes=mistakes, at=(int(i), int(j), int(k)))


def _shape(p: Problem, rng: np.random.Generator) -> Exercise:
    name = _pick(rng, [x for x, at in LAYOUTS.items() if at(p.m, p.n)[0] != at(p.m, p.n)[1]])
    shape, mistake, meaning = LAYOUTS[name](p.m, p.n)
    return Exercise("shape", f"With m = {p.m} and n = {p.n}, what is the shape of {name}? "
                    "Type it like `3 x 4 x 3`.", "", shape, r" \times ".join(map(str, shape)),
                    p, mistakes=((mistake, meaning),))


def _dropped(p: Problem, rng: np.random.Generator) -> Exercise | str:
    (u, v), S, fx = projections(p.W, p.a, p.b), magnitudes(p).G, facts(p)
    ab, ba = np.outer(p.a, v), np.outer(p.b, u)  # abᵀW = a vᵀ, baᵀW = b uᵀ
    apart = [k for k in range(p.n) if np.any(np.abs(ab - ba)[:, k] > 2 * RELATIVE * S[:, k])]
    if not apart:
        why = ("a = 0" if fx.a_zero else "b = 0" if fx.b_zero else "m = 1" if p.m == 1 else
               "a ∥ b" if fx.parallel else "Wᵀa = Wᵀb = 0" if fx.u_zero and fx.v_zero else "")
        return (f"{why}, so abᵀW = baᵀW" if why else "abᵀW and baᵀW differ by at most 1 % of "
                "the size of their terms in every entry") + ": either answer would be right"
    k, keep_ba = _pick(rng, apart), bool(rng.random() < 0.5)
    missing, other = ("abᵀW", "baᵀW") if keep_ba else ("baᵀW", "abᵀW")
    kept = r"ba^TW = b\,u^T" if keep_ba else r"ab^TW = a\,v^T"
    return Exercise("dropped", "This gradient is wrong: one of the two terms of G = abᵀW + "
                    "baᵀW is missing. Which one?",
                    _shown(p, k, (r"G_{\text{wrong}}", ba if keep_ba else ab)), missing,
                    rf"G_{{\text{{wrong}}}} = {kept}\text{{, so }} {missing[:2]}^TW "
                    r"\text{ is missing}", p, ("abᵀW", "baᵀW"),
                    mistakes=((other, f"{other} is the term G_wrong has"),))


def _a_equals_b(p: Problem, rng: np.random.Generator) -> Exercise | str:
    q = Problem(p.W, p.a, p.a)
    G, S, u = HADAMARD.compact(q.W, q.a, q.b), magnitudes(q).G, q.a @ q.W
    ok = [ik for ik in np.ndindex(G.shape) if _clear(G[ik], S[ik], G[ik] / 2)]
    if not ok:
        return ("a = 0, so G = 2aaᵀW = 0" if facts(p).a_zero else "|aᵀwₖ| ≤ 2 % of |a|ᵀ|wₖ| for "
                "every k, so G = 2a(Wᵀa)ᵀ is too close to 0 to show its factor 2")
    i, k = _pick(rng, ok)
    x, G_ik = float(G[i, k]), rf"G_{{{i + 1},{k + 1}}}"
    return Exercise("a_equals_b", f"Set b = a. Compute ${G_ik}$ of $G = (aa^T + aa^T)W = "
                    "2aa^TW$.", _shown(q, k, b_is_a=True), x, rf"{G_ik} = 2\,a_{{{i + 1}}}\,"
                    rf"(a^Tw_{{{k + 1}}}) = 2 \cdot {_par(q.a[i])} \cdot {_par(u[k])} = "
                    rf"{number(x, DIGITS)}", q, scale=float(S[i, k]), at=(int(i), int(k), int(k)),
                    mistakes=((x / 2, "that is aaᵀW, without the factor 2"),))


def _tanh(p: Problem, rng: np.random.Generator) -> Exercise | str:
    f, G, S = HADAMARD.f(p.W, p.a, p.b), HADAMARD.compact(p.W, p.a, p.b), magnitudes(p).G
    ok = []
    # only f_k clear of rounding noise (f_k = 0 exactly can come out as 10⁻¹⁶ of its terms)
    for k in map(int, np.flatnonzero(np.abs(f) > 1e3 * UNIT_ROUNDOFF * magnitudes(p).f)):
        # W·2⁻ᵉ has f_k·4⁻ᵉ = mantissa·2^(E − 2e) in [0.5, 2): tanh neither flat nor saturated
        e = int(np.frexp(f[k])[1]) // 2
        if np.max(np.abs(np.ldexp(p.W, -e))) > MAX_ABS:  # a W the app would refuse to take
            continue
        s = 1.0 - np.tanh(np.ldexp(f[k], -2 * e)) ** 2
        ok += [(i, k, e) for i in range(p.m) if _clear(s * G[i, k], s * S[i, k], G[i, k])]
    if not ok:
        return ("f = 0, so 1 − tanh²f = 1 and the chain rule changes nothing" if not f.any() else
                "wherever fₖ ≠ 0, Gᵢₖ is too close to 0 for its terms' size to show 1 − tanh²fₖ")
    i, k, e = _pick(rng, ok)
    q = Problem(np.ldexp(p.W, -e), p.a, p.b)
    f, G, S = HADAMARD.f(q.W, q.a, q.b), HADAMARD.compact(q.W, q.a, q.b), magnitudes(q).G
    s, g, K, I1 = float(1.0 - np.tanh(f[k]) ** 2), float(G[i, k]), k + 1, i + 1
    scaled = (f" W is scaled by $2^{{{-e}}}$ (as shown) to put $|f_{{{K}}}|$ between 0.5 and 2, "
              "where tanh is neither flat nor saturated." if e else "")
    return Exercise("tanh", f"For $F = \\tanh(f)$ element-wise, compute $\\partial F_{{{K}}}/"
                    f"\\partial W_{{{I1},{K}}}$ (within 0.5 %).{scaled}", _shown(q, k),
                    s * g, rf"(1 - \tanh^2 f_{{{K}}})\,G_{{{I1},{K}}} = (1 - \tanh^2"
                    rf"({number(f[k], DIGITS)})) \cdot {_par(g)} = {number(s * g, DIGITS)}", q,
                    scale=s * float(S[i, k]), at=(i, k, k), mistakes=(
                        (g, "that is Gᵢₖ, without the chain-rule factor 1 − tanh²fₖ"),))


_BUILDERS: dict[Kind, Callable[[Problem, np.random.Generator], Exercise | str]] = {
    "slices": _slices, "entry": _entry, "shape": _shape, "dropped": _dropped,
    "a_equals_b": _a_equals_b, "tanh": _tanh}


def make_exercise(kind: Kind, seed: int, source: Problem | None = None,
                  size: tuple[int, int] = (3, 3)) -> Exercise:
    """An exercise of ``kind`` drawn with ``seed``, on ``source`` or on a fresh integer
    problem of ``size`` (each side clipped to 2 … 4); one that ``source`` cannot carry (no
    answer told from its mistake, or m > MAX_FULL) is drawn on a fresh one, and says why.

    Examples
    --------
    >>> make_exercise("dropped", 0, Problem([[1.0, 2.0]], [1.0], [3.0])).note.split(":")[0]
    'On your problem, m = 1, so abᵀW = baᵀW'
    """
    if kind not in _BUILDERS:
        raise ValueError(f"kind must be one of {', '.join(KINDS)}; got {kind!r}")
    rng, note, built = np.random.default_rng(seed), "", None
    if source is not None:
        built = (f"a, b and a column of W have {source.m} entries each, too many to show in "
                 "full" if source.m > MAX_FULL and kind not in ("slices", "shape")
                 else _BUILDERS[kind](source, rng))
        if isinstance(built, str):
            note = f"On your problem, {built}. This exercise is on a fresh problem instead."
        size = (source.m, source.n)
    m, n = (int(np.clip(x, 2, 4)) for x in size)
    while not isinstance(built, Exercise):  # a fresh problem almost always serves at once
        built = _BUILDERS[kind](random_problem(m, n, int(rng.integers(2**31)), "int"), rng)
    answer, explained_by, rule = _ABOUT[kind]
    return replace(built, kind_of_answer=answer, explained_by=explained_by, rule=rule,
                   note=note, seed=seed)
