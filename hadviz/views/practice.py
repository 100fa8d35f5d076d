r"""Practice (page /practice): predict-then-reveal exercises, and the checking of answers.

An exercise is made from a kind and a seed, on the user's problem or on a fresh small-integer
one; it carries its answer, which the page keeps on the server until the user reveals it
(nothing of it goes into the URL or the page before). :func:`check_answer` reads typed text
leniently (``−2.5``, ``2,5``, ``3x4x3``, ``(3, 4, 3)``) and returns feedback: right, wrong,
or a hint when the text is empty or not an answer at all. Numbers are accepted within 0.5 %
of the answer, or 0.005 of it when it is near 0.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import Literal

import numpy as np

from hadviz.latex import bmatrix, column, number
from hadviz.models import HADAMARD
from hadviz.problem import Problem, random_problem

__all__ = ["KINDS", "Exercise", "Feedback", "Kind", "check_answer", "make_exercise"]

Kind = Literal["slices", "entry", "shape", "dropped", "a_equals_b", "tanh"]

#: The exercise kinds, with how the page names them.
KINDS: dict[Kind, str] = {
    "slices": "which slices are non-zero",
    "entry": "compute one ∂fₖ/∂Wᵢⱼ",
    "shape": "the shape in a named layout",
    "dropped": "which term a wrong gradient dropped",
    "a_equals_b": "G when a = b",
    "tanh": "the chain rule through tanh",
}

Answer = Literal["number", "integer", "shape", "choice"]
RELATIVE, ABSOLUTE = 5e-3, 5e-3
#: Sizes separated by x, ×, * or commas, optionally in brackets: "3 x 4", "(3, 4, 3)".
_SHAPE = re.compile(r"[(\[]?\s*\d+(\s*[x×*,]\s*\d+)*\s*,?\s*[)\]]?")
_LAYOUTS = {
    "torch.func.jacrev(f)(W) (output first)": lambda m, n: (n, m, n),
    "SymPy's HadamardProduct(W.T*a, W.T*b).diff(W) (input first)": lambda m, n: (m, n, n, 1),
    "the vec-Jacobian ∂f/∂vec(W) (numerator layout)": lambda m, n: (n, m * n),
    "the denominator-layout Jacobian ∂f/∂vec(W)": lambda m, n: (m * n, n),
    "G, the compact Jacobian": lambda m, n: (m, n),
}


@dataclass(frozen=True)
class Exercise:
    """One exercise. ``answer`` stays on the server until revealed.

    Attributes
    ----------
    prompt : str
        Markdown with LaTeX: the question.
    data : str
        LaTeX of the numbers the question is about.
    kind_of_answer : {"number", "integer", "shape", "choice"}
    choices : tuple of str
        For a choice.
    answer : float, int, tuple of int or str
    answer_latex : str
        The answer and how it follows, shown on reveal.
    explained_by : tuple of str
        (url path, label) of the page step that explains it.
    """

    kind: Kind
    prompt: str
    data: str
    kind_of_answer: Answer
    choices: tuple[str, ...]
    answer: float | int | tuple[int, ...] | str
    answer_latex: str
    explained_by: tuple[str, str]


@dataclass(frozen=True)
class Feedback:
    """``correct`` is None when the text is not an answer (then ``message`` is a hint)."""

    correct: bool | None
    message: str


def _problem(source: Problem | None, size: tuple[int, int], rng: np.random.Generator
             ) -> Problem:
    if source is not None:
        return source
    # the shape of the user's problem, kept between 2 and 4 so the numbers stay readable
    # (and abᵀ ≠ baᵀ, or "which term was dropped" could not be answered)
    m, n = (int(np.clip(x, 2, 4)) for x in size)
    return random_problem(m, n, seed=int(rng.integers(0, 2**31)), dist="int")


def _inputs(p: Problem) -> str:
    # stacked, so that it fits a phone's width
    return (rf"\begin{{gathered}}W = {bmatrix(p.W)}, \\ a = {column(p.a)}, \quad "
            rf"b = {column(p.b)}\end{{gathered}}")


@dataclass(frozen=True)
class _Draw:
    """What every exercise is drawn from: a problem, a component k and a row i (0-based)."""

    p: Problem
    k: int
    i: int
    rng: np.random.Generator

    @property
    def compact(self) -> np.ndarray:
        return HADAMARD.compact(self.p.W, self.p.a, self.p.b)


def _slices(d: _Draw) -> Exercise:
    K = d.k + 1
    return Exercise("slices", f"In the slice $J[{K}] = \\partial f_{{{K}}}/\\partial W$ "
                    f"(of size {d.p.m} × {d.p.n}), which column of W has the non-zero entries?",
                    _inputs(d.p), "integer", (), K,
                    rf"\text{{column }} {K}: f_{{{K}}} \text{{ reads only }} w_{{{K}}}",
                    ("jacobian", "Jacobian: one slice"))


def _entry(d: _Draw) -> Exercise:
    j = d.k if d.rng.random() < 0.7 else int(d.rng.integers(d.p.n))
    value = d.compact[d.i, d.k] if j == d.k else 0.0
    K, I1 = d.k + 1, d.i + 1
    return Exercise("entry", f"Compute $\\partial f_{{{K}}}/\\partial W_{{{I1},{j + 1}}}$.",
                    _inputs(d.p), "number", (), float(value),
                    rf"\delta_{{{j + 1},{K}}}\,G_{{{I1},{K}}} = {number(value, 6)}",
                    ("derivation", "Diag-trick derivation, step 6"))


def _shape(d: _Draw) -> Exercise:
    names = list(_LAYOUTS)
    name = names[int(d.rng.integers(len(names)))]
    shape = _LAYOUTS[name](d.p.m, d.p.n)
    return Exercise("shape", f"With m = {d.p.m} and n = {d.p.n}, what is the shape of {name}?"
                    " Type it like `3 x 4 x 3`.", "", "shape", (), shape,
                    r"\times".join(str(s) for s in shape), ("layouts", "Layouts, translated"))


def _dropped(d: _Draw) -> Exercise:
    p = d.p
    keep_ba = bool(d.rng.random() < 0.5)
    wrong = np.outer(p.b, p.a @ p.W) if keep_ba else np.outer(p.a, p.b @ p.W)
    missing = "abᵀW" if keep_ba else "baᵀW"
    return Exercise("dropped", "This gradient is wrong: one term of G = (abᵀ + baᵀ)W is "
                    "missing. Which one?",
                    rf"{_inputs(p)}, \quad G_{{\text{{wrong}}}} = {bmatrix(wrong)}", "choice",
                    ("abᵀW", "baᵀW"), missing,
                    rf"G_{{\text{{wrong}}}} = {'ba^TW' if keep_ba else 'ab^TW'}",
                    ("mistakes", "Common mistakes: dropping a term"))


def _a_equals_b(d: _Draw) -> Exercise:
    q = Problem(d.p.W, d.p.a, d.p.a)
    G2 = HADAMARD.compact(q.W, q.a, q.b)
    K, I1 = d.k + 1, d.i + 1
    return Exercise("a_equals_b", f"Here b = a. Compute $G_{{{I1},{K}}}$ of "
                    "$G = (aa^T + aa^T)W = 2aa^TW$.",
                    rf"W = {bmatrix(q.W)}, \quad a = b = {column(q.a)}", "number", (),
                    float(G2[d.i, d.k]),
                    rf"G_{{{I1},{K}}} = 2\,a_{{{I1}}}\,(a^Tw_{{{K}}}) = "
                    rf"{number(G2[d.i, d.k], 6)}", ("cases", "Smallest cases first"))


def _tanh(d: _Draw) -> Exercise:
    k, i = d.k, d.i
    f = HADAMARD.f(d.p.W, d.p.a, d.p.b)
    # a saturated tanh has derivative 0: scale W by a power of 2 until |f| ≤ 2 at most
    c = 2.0 ** max(0, int(np.ceil(np.log2(np.sqrt(max(float(np.abs(f).max()), 1.0) / 2.0)))))
    p = Problem(d.p.W / c, d.p.a, d.p.b)
    G, f = HADAMARD.compact(p.W, p.a, p.b), HADAMARD.f(p.W, p.a, p.b)
    value = float((1.0 - np.tanh(f[k]) ** 2) * G[i, k])
    K, I1 = k + 1, i + 1
    scaled = f" (W is scaled by 1/{c:g}, so that tanh is not saturated)" if c > 1 else ""
    return Exercise("tanh", f"For $F = \\tanh(f)$ element-wise, compute "
                    f"$\\partial F_{{{K}}}/\\partial W_{{{I1},{K}}}$ to 3 significant "
                    f"digits{scaled}.", _inputs(p), "number", (), value,
                    rf"(1 - \tanh^2 f_{{{K}}})\,G_{{{I1},{K}}} = (1 - \tanh^2({number(f[k])}))"
                    rf"\cdot {number(G[i, k])} = {number(value, 6)}",
                    ("finite-differences", "Finite differences"))


_BUILDERS: dict[Kind, Callable[[_Draw], Exercise]] = {
    "slices": _slices, "entry": _entry, "shape": _shape, "dropped": _dropped,
    "a_equals_b": _a_equals_b, "tanh": _tanh,
}


def make_exercise(kind: Kind, seed: int, source: Problem | None = None,
                  size: tuple[int, int] = (3, 3)) -> Exercise:
    """An exercise of ``kind`` drawn with ``seed``, on ``source`` or on a fresh integer
    problem of ``size`` (each side clipped to 2 … 4).

    Examples
    --------
    >>> ex = make_exercise("slices", seed=3)
    >>> check_answer(ex, str(ex.answer)).correct, check_answer(ex, "x").correct
    (True, None)
    """
    if kind not in _BUILDERS:
        raise ValueError(f"kind must be one of {', '.join(KINDS)}; got {kind!r}")
    rng = np.random.default_rng(seed)
    p = _problem(source, size, rng)
    return _BUILDERS[kind](_Draw(p, int(rng.integers(p.n)), int(rng.integers(p.m)), rng))


def _number(text: str) -> float | None:
    cleaned = text.strip().replace("−", "-").replace(" ", "")
    if cleaned.count(",") == 1 and "." not in cleaned:
        cleaned = cleaned.replace(",", ".")  # a decimal comma
    try:
        value = float(cleaned)
    except ValueError:
        return None
    return value if np.isfinite(value) else None


def check_answer(exercise: Exercise, text: str | None) -> Feedback:
    """Judge typed ``text`` (or a chosen option) against the exercise's answer; never raises."""
    if text is None or not str(text).strip():
        return Feedback(None, "Type an answer first (or reveal it).")
    text = str(text)
    kind, answer = exercise.kind_of_answer, exercise.answer
    if kind == "choice":
        return Feedback(text == answer, "Right." if text == answer else "Not this one.")
    if kind == "shape":
        if not _SHAPE.fullmatch(text.strip()):
            return Feedback(None, "A shape is a list of sizes, like 3 x 4 x 3.")
        sizes = tuple(int(x) for x in re.findall(r"\d+", text))
        right = sizes == answer
        return Feedback(right, "Right." if right else "Not this shape: count the indices, "
                        "and which comes first.")
    value = _number(text)
    if value is None:
        return Feedback(None, f"“{text[:20]}” is not a number; type it like -2.5 or 12.")
    if kind == "integer":
        right = value == answer
    else:
        target = float(answer) if isinstance(answer, int | float) else float("nan")
        right = abs(value - target) <= max(RELATIVE * abs(target), ABSOLUTE)
    return Feedback(right, "Right." if right else "Not quite.")
