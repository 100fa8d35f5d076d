r"""Practice (page /practice): predict-then-reveal exercises on every model of the family.

Each model says which kinds it offers (:attr:`~hadviz.models.Model.practice_kinds`) and the
terms of an entry of its compact Jacobian (:meth:`~hadviz.models.Model.practice_entry`); the
question's own kinds ("dropped", "a_equals_b", "tanh") stay with the question. An exercise,
drawn from a kind and a seed on the user's problem or a fresh one of small integers,
keeps its answer on the server until revealed. Each is about a mistake (a dropped term, a missing
factor, another column or index order), posed only where that mistake and a guessed 0 are graded
wrong; where the user's problem has no such question, or too many numbers to show, a fresh one is
used and ``note`` says why. A number is right within 0.5 % of S, the sum of the sizes of the
terms that make it (S ≥ |answer|); :mod:`hadviz.views.grading` judges typed answers.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace

import numpy as np

from hadviz.checks import UNIT_ROUNDOFF, magnitudes
from hadviz.exercise import (
    DIGITS,
    KINDS,
    MAX_FULL,
    RELATIVE,
    Answer,
    Exercise,
    Kind,
    Value,
    clear,
    derivative,
    entry_index,
    output_name,
    par,
    pick,
    shown,
)
from hadviz.facts import facts
from hadviz.latex import lines, number
from hadviz.models import Model, model_of, projections
from hadviz.problem import Problem, random_problem
from hadviz.urlstate import MAX_ABS

__all__ = ["KINDS", "RELATIVE", "Exercise", "Kind", "layouts", "make_exercise"]



Layout = tuple[tuple[int, ...], tuple[int, ...], str]


def layouts(model: Model, m: int, n: int, p: int = 1) -> dict[str, Layout]:
    """Layout name → (its shape, the shape of the usual mistake, what that is) at (m, n, p).

    SymPy 1.14 returns an (m, n, n, 1) array for the question's column spelling, but a
    matrix when it fits one: n × n for m = 1, m × 1 for n = 1 (tests/test_practice.py asks
    SymPy itself); that layout is offered for a model whose spellings SymPy is run on.

    Examples
    --------
    >>> from hadviz.models import MATRIX
    >>> layouts(MATRIX, 2, 3, 4)["the dense Jacobian `torch.func.jacrev(F)(W)` (output first)"]
    ((4, 3, 2, 3), (2, 3, 4, 3), 'that is the input-first order; jacrev puts the output first')
    """
    out, F = model.output_shape(n, p), "F" if model.rows else "f"
    N, C = int(np.prod(out)), model.compact_symbol
    found: dict[str, Layout] = {
        f"the dense Jacobian `torch.func.jacrev({F})(W)` (output first)": (
            (*out, m, n), (m, n, *out), "that is the input-first order; jacrev puts the "
            "output first"),
        f"the vec-Jacobian ∂{F}/∂vec(W) (numerator layout)": (
            (N, m * n), (m * n, N), "that is the denominator layout"),
        f"the denominator-layout Jacobian ∂{F}/∂vec(W)": (
            (m * n, N), (N, m * n), "that is the numerator layout"),
        f"{C}, the compact Jacobian (input row i first)": (
            (m, *out), (*out, m), f"that puts the output first; {C} puts the input row i first"),
    }
    if model.sympy_spellings:
        found["SymPy 1.14's `HadamardProduct(W.T*a, W.T*b).diff(W)` (input first)"] = (
            ((m, n, n, 1), (n, m, n), "that is the output-first order of jacrev")
            if min(m, n) > 1 else ((m, 1) if n == 1 else (n, n), (m, n, n, 1),
                                   "that is (m, n, n, 1) with its sizes 1 kept; .diff "
                                   "returns a matrix here"))
    return found


_G = "|aᵢ|·(|b|ᵀ|wₖ|) + |bᵢ|·(|a|ᵀ|wₖ|)"
_RULE = ("Right within 0.5 % of S = {}, the sum of the sizes of the terms that make the answer. "
         "S ≥ |answer|, so every answer within 0.5 % of the right one is right (a little more "
         "is where the terms cancel; when S = 0 only the exact answer is).").format
#: kind → (kind of answer, (url path, label) of the step that explains it, grading rule)
_ABOUT: dict[Kind, tuple[Answer, tuple[str, str], str]] = {
    "slices": ("integer", ("jacobian", "Jacobian: one slice"),
               "A column number from 1 to n; only the exact column is right."),
    "entry": ("number", ("derivation", "Diag-trick derivation"), _RULE(f"δⱼₖ·({_G})")),
    "shape": ("shape", ("layouts", "Layouts, translated"), "The sizes in order, separated by "
              "x, ×, * or commas, brackets optional; only the exact shape is right."),
    "dropped": ("choice", ("mistakes", "Common mistakes: dropping a term"), ""),
    "a_equals_b": ("number", ("cases", "Smallest cases first"), _RULE("2|aᵢ|·(|a|ᵀ|wₖ|)")),
    "tanh": ("number", ("finite-differences", "Finite differences"),
             _RULE(f"(1 − tanh²fₖ)·({_G})")),
}


def _zeros(p: Problem) -> str:
    """" (a = 0)", " (W = 0)": the arrays of ``p`` that are all 0, or ""."""
    zero = [name for name, x in (("W", p.W), *p.params.items()) if not x.any()]
    return f" ({' = '.join(zero)} = 0)" if zero else ""


def _slices(p: Problem, rng: np.random.Generator) -> Exercise | str:
    model, C = p.model, p.model.compact(p.W, *p.arrays)
    if p.n == 1:
        return "W has one column, so every slice can only be non-zero in column 1"
    # the slice J[(r,) k] is non-zero in column k exactly where C[:, (r,) k] is
    live = [entry_index(model, (0, *ix)) for ix in np.ndindex(C.shape[1:]) if np.any(C[(slice(None),
                                                                                   *ix)])]
    if not live:
        return (f"{model.compact_symbol} = 0 at your numbers{_zeros(p)}, so every "
                "slice of J is all 0")
    _, r, k = pick(rng, live)
    K, at, out = k + 1, f"{r + 1}, {k + 1}" if model.rows else f"{k + 1}", output_name(model, r, k)
    return Exercise("slices", f"For ${model.latex}$, the slice $J[{at}] = \\partial {out}/"
                    f"\\partial W$ has the shape of W, {p.m} × {p.n}. In which column are its "
                    "non-zero entries?", shown(p), K,
                    rf"\text{{column }} {K}: {out} \text{{ reads only column {K} of }} W", p,
                    mistakes=tuple((j, f"{output_name(model, r, k, False)} does not read "
                                    f"column {j} of W") for j in range(1, p.n + 1) if j != K))


def _entry(p: Problem, rng: np.random.Generator) -> Exercise | str:
    model = p.model
    parts, C = model.practice_entry(p.W, *p.arrays), model.compact(p.W, *p.arrays)
    if parts is None:
        raise ValueError(f"{model.name} gives no terms for the entry exercise")
    S = np.sum([t.size for t in parts.terms], axis=0)
    wrong = [(C - t.value(C.shape), f"that leaves out the term {t.name}") for t in parts.terms]
    wrong += [(np.broadcast_to(x, C.shape), what) for x, what in parts.wrong]
    both = [ix for ix in np.ndindex(C.shape) if clear(C[ix], S[ix], *(x[ix] for x, _ in wrong))]
    # j ≠ k: the answer is 0, so C at column j (δⱼₖ forgotten) must clearly not be
    off = [ix for ix in np.ndindex(C.shape) if p.n > 1 and clear(C[ix], S[ix], 0.0)]
    if not both and not off:
        return (f"{model.compact_symbol} = 0 at your numbers{_zeros(p)}, so every entry "
                "of J is 0"
                if not C.any() else "every entry of "
                f"{model.compact_symbol} is 0 or one of its named mistakes to within 1 % of the "
                "size of its terms") + ": a guessed 0 or a dropped term would pass"
    if off and (not both or rng.random() < 0.3):
        i, r, j = entry_index(model, pick(rng, off))
        k = pick(rng, [x for x in range(p.n) if x != j])
        at_j = (i, r, j) if model.rows else (i, j)
        at_k = f"{i + 1}, {r + 1}, {k + 1}" if model.rows else f"{i + 1}, {k + 1}"
        value, scale = 0.0, 0.0
        how = rf"\delta_{{{j + 1},{k + 1}}}\,{model.compact_symbol}[{at_k}]"
        mistakes: tuple[tuple[Value, str], ...] = (
            (float(C[at_j]), f"that is {derivative(model, i, j, r, j, latex=False)}"),)
    else:
        ix = pick(rng, both)
        (i, r, k), j = entry_index(model, ix), int(ix[-1])
        value, scale = float(C[ix]), float(S[ix])
        mistakes = tuple((float(x[ix]), what) for x, what in wrong)
        fields = {"i": i + 1, "r": r + 1, "k": k + 1}
        how = (" + ".join(t.latex.format(**fields) for t in parts.terms) + " = " + " + ".join(
            r" \cdot ".join(par(np.broadcast_to(x, C.shape)[ix]) for x in t.factors)
            for t in parts.terms))
    d = derivative(model, i, j, r, k)
    return Exercise("entry", f"For ${model.latex}$, compute ${d}$.",
                    lines(model.helpers_latex, shown(p, k)), value,
                    rf"{d} = {how} = {number(value, DIGITS)}", p, scale=scale,
                    mistakes=mistakes, at=(i, j, k, r) if model.rows else (i, j, k),
                    rule=_RULE(f"δⱼₖ·({parts.scale_text})"))


def _shape(p: Problem, rng: np.random.Generator) -> Exercise | str:
    found = layouts(p.model, p.m, p.n, p.p)
    names = [x for x, (shape, wrong, _) in found.items() if shape != wrong]
    if not names:
        return "every layout has the shape of its usual mistake at these sizes"
    name = pick(rng, names)
    shape, mistake, meaning = found[name]
    sizes = f"m = {p.m}, n = {p.n}" + (f", p = {p.p}" if p.model.rows else "")
    return Exercise("shape", f"For ${p.model.latex}$ with {sizes}, what is the shape of "
                    f"{name}? Type it like `3 x 4 x 3`.", "", shape,
                    r" \times ".join(map(str, shape)), p, mistakes=((mistake, meaning),))


def _dropped(p: Problem, rng: np.random.Generator) -> Exercise | str:
    (u, v), S, fx = projections(p.W, p.a, p.b), magnitudes(p).G, facts(p)
    ab, ba = np.outer(p.a, v), np.outer(p.b, u)  # abᵀW = a vᵀ, baᵀW = b uᵀ
    apart = [k for k in range(p.n) if np.any(np.abs(ab - ba)[:, k] > 2 * RELATIVE * S[:, k])]
    if not apart:
        why = ("a = 0" if fx.a_zero else "b = 0" if fx.b_zero else "m = 1" if p.m == 1 else
               "a ∥ b" if fx.parallel else "Wᵀa = Wᵀb = 0" if fx.u_zero and fx.v_zero else "")
        return (f"{why}, so abᵀW = baᵀW" if why else "abᵀW and baᵀW differ by at most 1 % of "
                "the size of their terms in every entry") + ": either answer would be right"
    k, keep_ba = pick(rng, apart), bool(rng.random() < 0.5)
    missing, other = ("abᵀW", "baᵀW") if keep_ba else ("baᵀW", "abᵀW")
    kept = r"ba^TW = b\,u^T" if keep_ba else r"ab^TW = a\,v^T"
    return Exercise("dropped", "This gradient is wrong: one of the two terms of G = abᵀW + "
                    "baᵀW is missing. Which one?",
                    shown(p, k, (r"G_{\text{wrong}}", ba if keep_ba else ab)), missing,
                    rf"G_{{\text{{wrong}}}} = {kept}\text{{, so }} {missing[:2]}^TW "
                    r"\text{ is missing}", p, ("abᵀW", "baᵀW"),
                    mistakes=((other, f"{other} is the term G_wrong has"),))


def _a_equals_b(p: Problem, rng: np.random.Generator) -> Exercise | str:
    q = p.replace(b=p.a)
    G, S, u = q.model.compact(q.W, *q.arrays), magnitudes(q).G, q.a @ q.W
    ok = [ik for ik in np.ndindex(G.shape) if clear(G[ik], S[ik], G[ik] / 2)]
    if not ok:
        return ("a = 0, so G = 2aaᵀW = 0" if facts(p).a_zero else "|aᵀwₖ| ≤ 2 % of |a|ᵀ|wₖ| for "
                "every k, so G = 2a(Wᵀa)ᵀ is too close to 0 to show its factor 2")
    i, k = pick(rng, ok)
    x, G_ik = float(G[i, k]), rf"G_{{{i + 1},{k + 1}}}"
    return Exercise("a_equals_b", f"Set b = a. Compute ${G_ik}$ of $G = (aa^T + aa^T)W = "
                    "2aa^TW$.", shown(q, k, b_is_a=True), x, rf"{G_ik} = 2\,a_{{{i + 1}}}\,"
                    rf"(a^Tw_{{{k + 1}}}) = 2 \cdot {par(q.a[i])} \cdot {par(u[k])} = "
                    rf"{number(x, DIGITS)}", q, scale=float(S[i, k]), at=(int(i), int(k), int(k)),
                    mistakes=((x / 2, "that is aaᵀW, without the factor 2"),))


def _tanh(p: Problem, rng: np.random.Generator) -> Exercise | str:
    # tanh of the question's f (the tanh model): f and G of the question, then 1 − tanh²f
    inner = Problem(p.W, p.a, p.b)
    f, G, S = inner.model.f(p.W, p.a, p.b), inner.model.compact(p.W, p.a, p.b), magnitudes(inner).G
    ok = []
    # only f_k clear of rounding noise (f_k = 0 exactly can come out as 10⁻¹⁶ of its terms)
    for k in map(int, np.flatnonzero(np.abs(f) > 1e3 * UNIT_ROUNDOFF * magnitudes(inner).f)):
        # W·2⁻ᵉ has f_k·4⁻ᵉ = mantissa·2^(E − 2e) in [0.5, 2): tanh neither flat nor saturated
        e = int(np.frexp(f[k])[1]) // 2
        if np.max(np.abs(np.ldexp(p.W, -e))) > MAX_ABS:  # a W the app would refuse to take
            continue
        s = 1.0 - np.tanh(np.ldexp(f[k], -2 * e)) ** 2
        ok += [(i, k, e) for i in range(p.m) if clear(s * G[i, k], s * S[i, k], G[i, k])]
    if not ok:
        return ("f = 0, so 1 − tanh²f = 1 and the chain rule changes nothing" if not f.any() else
                "wherever fₖ ≠ 0, Gᵢₖ is too close to 0 for its terms' size to show 1 − tanh²fₖ")
    i, k, e = pick(rng, ok)
    inner = Problem(np.ldexp(p.W, -e), p.a, p.b)
    q = Problem(inner.W, p.a, p.b, fn="tanh")
    f, G, S = inner.model.f(q.W, q.a, q.b), inner.model.compact(q.W, q.a, q.b), magnitudes(inner).G
    s, g, K, I1 = float(1.0 - np.tanh(f[k]) ** 2), float(G[i, k]), k + 1, i + 1
    scaled = (f" W is scaled by $2^{{{-e}}}$ (as shown) to put $|f_{{{K}}}|$ between 0.5 and 2, "
              "where tanh is neither flat nor saturated." if e else "")
    return Exercise("tanh", f"For $F = \\tanh(f)$ element-wise, compute $\\partial F_{{{K}}}/"
                    f"\\partial W_{{{I1},{K}}}$ (within 0.5 %).{scaled}", shown(q, k),
                    s * g, rf"(1 - \tanh^2 f_{{{K}}})\,G_{{{I1},{K}}} = (1 - \tanh^2"
                    rf"({number(f[k], DIGITS)})) \cdot {par(g)} = {number(s * g, DIGITS)}", q,
                    scale=s * float(S[i, k]), at=(i, k, k), mistakes=(
                        (g, "that is Gᵢₖ, without the chain-rule factor 1 − tanh²fₖ"),))


_BUILDERS: dict[Kind, Callable[[Problem, np.random.Generator], Exercise | str]] = {
    "slices": _slices, "entry": _entry, "shape": _shape, "dropped": _dropped,
    "a_equals_b": _a_equals_b, "tanh": _tanh}


def make_exercise(kind: Kind, seed: int, source: Problem | None = None,
                  size: tuple[int, int] = (3, 3), fn: str = "hadamard", p: int = 1) -> Exercise:
    """An exercise of ``kind`` drawn with ``seed``, on ``source`` or on a fresh integer
    problem of model ``fn`` and ``size`` (each side clipped to 2 … 4, p to 1 … 4); one that
    ``source`` cannot carry (no answer told from its mistake, or m > MAX_FULL) is drawn on a
    fresh one of its model, and says why.

    Examples
    --------
    >>> make_exercise("dropped", 0, Problem([[1.0, 2.0]], [1.0], [3.0])).note.split(":")[0]
    'On your problem, m = 1, so abᵀW = baᵀW'
    """
    model = source.model if source is not None else model_of(fn)
    if kind not in model.practice_kinds:
        raise ValueError(f"kind must be one of {', '.join(model.practice_kinds)} for "
                         f"{model.name}; got {kind!r}")
    rng, note, built = np.random.default_rng(seed), "", None
    if source is not None:
        names = ", ".join(q.name for q in model.params)
        built = (f"{names} and a column of W have {source.m} rows each, too many to show in "
                 "full" if source.m > MAX_FULL and kind not in ("slices", "shape")
                 else _BUILDERS[kind](source, rng))
        if isinstance(built, str):
            note = f"On your problem, {built}. This exercise is on a fresh problem instead."
        size, p = (source.m, source.n), source.p
    m, n = (int(np.clip(x, 2, 4)) for x in size)
    while not isinstance(built, Exercise):  # a fresh problem almost always serves at once
        fresh = random_problem(m, n, int(rng.integers(2**31)), "int", fn=model.name,
                               p=int(np.clip(p, 1, 4)))
        built = _BUILDERS[kind](fresh, rng)
    answer, explained_by, rule = _ABOUT[kind]
    return replace(built, kind_of_answer=answer, explained_by=explained_by,
                   rule=built.rule or rule, note=note, seed=seed)
