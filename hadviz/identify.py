r"""Name a learner's answer: which layout of which formula (right, or a known mistake) it is.

The learner's numbers are compared, entry by entry, with every formula of
:func:`hadviz.answers.formulas` in every layout of :func:`hadviz.answers.layouts` whose shape
is theirs (axes of size 1 aside). An entry agrees when

.. math:: |x - c| \le \tfrac12\,\mathrm{ulp}_{\text{typed}}(x) + 2\,\mathrm{SAFETY}\,\gamma_N\,s,

the first term half a unit in the last digit the learner typed (0 for a whole number; for a
formula, the rounding bound of its own evaluation) and the second the rounding-error tolerance
every other check in hadviz uses (:mod:`hadviz.checks`), s the candidate's rounding scale in
the same layout. An answer that agrees only within float32 rounding (u = 2⁻²⁴, PyTorch's
default precision) is named as such. Several candidates may agree: if a right one and a
mistake both do, the mistake cannot be told apart on this problem and the verdict says so.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass
from typing import Literal

import numpy as np
from numpy.typing import NDArray

from hadviz.answers import Formula, Layout, formulas, layouts, shape_text
from hadviz.checks import SAFETY, UNIT_ROUNDOFF
from hadviz.latex import plural, text_sci
from hadviz.problem import Problem, random_problem

__all__ = ["INTENTS", "Candidate", "Intent", "Status", "candidates", "closest_text", "differing",
           "intended", "layouts_of_shape", "pair_text", "shapes_text", "structural", "terms",
           "two_d"]

#: What the learner meant to compute ("any": let hadviz tell).
Intent = Literal["any", "J", "D", "vec-col", "vec-row", "denominator", "compact", "gradient"]
#: Intent → the layout keys it accepts (None: any right layout).
INTENTS: dict[Intent, frozenset[str] | None] = {
    "any": None,
    "J": frozenset({"J"}),
    "D": frozenset({"D"}),
    "vec-col": frozenset({"vec-F", "vec-FF"}),
    "vec-row": frozenset({"vec-C", "vec-CC"}),
    "denominator": frozenset({"den-F", "den-FF"}),
    "compact": frozenset({"compact"}),
    "gradient": frozenset({"grad"}),
}
#: The verdict's kind.
Status = Literal["right", "ambiguous", "other-layout", "other-kind", "rounded", "float32",
                 "mistake", "unknown", "shape"]
#: Unit roundoff of float32, for answers computed in single precision.
U32 = 2.0**-24
#: float32's smallest normal number: below it a float32 result may have flushed to 0.
TINY32 = float(np.finfo(np.float32).tiny)


def _gamma(terms: int, u: float) -> float:
    return terms * u / (1.0 - terms * u)


@dataclass(frozen=True)
class Candidate:
    """One formula in one layout, compared with the learner's numbers.

    Attributes
    ----------
    formula, layout : Formula, Layout
    value : ndarray
        The candidate's numbers, in its layout's shape.
    tolerance : ndarray
        Each entry's allowance at float64 (typed precision plus ``rounding``), same shape.
    rounding : ndarray
        The float64 rounding-error part of ``tolerance``.
    agree : int
        Entries within ``tolerance``.
    agree32 : int
        Entries within the float32 allowance (≥ ``agree``).
    size : int
    """

    formula: Formula
    layout: Layout
    value: NDArray
    tolerance: NDArray
    rounding: NDArray
    agree: int
    agree32: int
    size: int

    @property
    def exact(self) -> bool:
        """Every entry agrees to float64 rounding and the typed digits."""
        return self.agree == self.size

    @property
    def single(self) -> bool:
        """Every entry agrees to float32 rounding (and the typed digits)."""
        return self.agree32 == self.size


def _squeezed(shape: tuple[int, ...]) -> tuple[int, ...]:
    return tuple(s for s in shape if s != 1)


def terms(problem: Problem) -> int:
    """Rounded operations behind one entry of any candidate: m-term sums, a factor or two."""
    return 2 * problem.m + 8


def candidates(problem: Problem, value: NDArray, precision: NDArray) -> list[Candidate]:
    """Every formula in every layout of ``value``'s shape (size-1 axes aside), compared.

    Parameters
    ----------
    problem : Problem
    value : ndarray, any shape
        The learner's numbers.
    precision : ndarray, ``value``'s shape
        Each number's own allowance (half a unit in its last typed digit, or a formula's
        rounding bound).

    Returns
    -------
    list of Candidate, in catalogue order (layouts, then formulas, the right one first)
    """
    value = np.asarray(value, dtype=float)
    target = _squeezed(value.shape)
    fs = formulas(problem)
    compacts = {f.key: f.compact(problem) for f in fs}
    scales = {f.key: f.scale(problem) for f in fs}
    g64 = 2.0 * SAFETY * _gamma(terms(problem), UNIT_ROUNDOFF)
    g32 = 2.0 * SAFETY * _gamma(terms(problem) + 3, U32)
    out = []
    for layout in layouts(problem):
        first = layout.arrange(compacts["right"], problem)
        if _squeezed(first.shape) != target:
            continue
        x = value.reshape(first.shape)
        typed = np.asarray(precision, dtype=float).reshape(first.shape)
        for f in fs:
            c = first if f.key == "right" else layout.arrange(compacts[f.key], problem)
            s = np.abs(layout.arrange(scales[f.key], problem))
            diff = np.abs(x - c)
            rounding = g64 * s
            tol = typed + rounding
            out.append(Candidate(f, layout, c, tol, rounding, int(np.count_nonzero(diff <= tol)),
                                 int(np.count_nonzero(diff <= typed + g32 * s)),
                                 c.size))
    return out


def intended(layout: Layout, intent: Intent) -> bool:
    """The layout is one the learner meant (any layout when the intent is "any")."""
    keys = INTENTS[intent]
    return keys is None or layout.key in keys


def two_d(x: NDArray) -> NDArray:
    """An array of any rank as a matrix for a heatmap: leading axes as rows, the rest columns.

    Examples
    --------
    >>> two_d(np.zeros((3, 2, 3))).shape, two_d(np.zeros((2, 3, 2, 3))).shape
    ((6, 3), (6, 6))
    >>> two_d(np.zeros(4)).shape
    (1, 4)
    """
    x = np.asarray(x)
    if x.ndim <= 1:
        return x.reshape(1, -1)
    split = x.ndim - x.ndim // 2
    return x.reshape(int(np.prod(x.shape[:split])), -1)


def shapes_text(problem: Problem) -> str:
    """The shapes of every layout of ``problem``, grouped by kind, in one sentence.

    Examples
    --------
    >>> from hadviz.problem import random_problem
    >>> print(shapes_text(random_problem(2, 3, 0)))
    J in any order of its axes: 3 × 2 × 3, 2 × 3 × 3, 3 × 3 × 2; vec-Jacobians: 3 × 6; \
denominator layouts: 6 × 3; compact form: 2 × 3, 3 × 2; gradient: 2 × 3, 3 × 2
    """
    C = problem.model.compact(problem.W, *problem.arrays)
    groups: dict[str, list[str]] = {}
    names = {"jacobian": "J in any order of its axes", "compact": "compact form",
             "gradient": "gradient"}
    for layout in layouts(problem):
        kind = names.get(layout.kind) or ("vec-Jacobians" if layout.key.startswith("vec")
                                          else "denominator layouts")
        text = shape_text(layout.arrange(C, problem).shape)
        if text not in groups.setdefault(kind, []):
            groups[kind].append(text)
    return "; ".join(f"{kind}: {', '.join(shapes)}" for kind, shapes in groups.items())


def layouts_of_shape(problem: Problem, shape: tuple[int, ...]) -> list[str]:
    """The names of the layouts of ``problem`` with ``shape`` (size-1 axes aside).

    Examples
    --------
    >>> from hadviz.problem import random_problem
    >>> layouts_of_shape(random_problem(2, 3, 0), (3, 6))
    ['the vec-Jacobian, column-major vec(W)', 'the vec-Jacobian, row-major vec(W)']
    """
    C = problem.model.compact(problem.W, *problem.arrays)
    target = _squeezed(tuple(shape))
    return [layout.name for layout in layouts(problem)
            if _squeezed(layout.arrange(C, problem).shape) == target]


def differing(c: Candidate, reference: Candidate) -> int:
    """How many entries of ``c`` differ from ``reference`` beyond the reference's allowance."""
    return int(np.count_nonzero(np.abs(c.value - reference.value) > reference.tolerance))


def closest_text(c: Candidate, value: NDArray) -> str:
    """How far the learner's numbers are from candidate ``c``: entries agreeing, largest gap."""
    x = np.asarray(value, dtype=float).reshape(c.value.shape)
    diff = np.abs(x - c.value)
    worst = np.unravel_index(int(np.argmax(diff)), diff.shape)
    where = ", ".join(str(int(i) + 1) for i in worst)
    yours, theirs = pair_text(float(x[worst]), float(c.value[worst]))
    return (f"{c.agree:,} of {plural(c.size, 'entry', 'entries')} agree; the largest gap is "
            f"{text_sci(float(diff[worst]), 3)}, at entry ({where}), where yours is {yours} and "
            f"this layout has {theirs}")


def pair_text(x: float, y: float) -> tuple[str, str]:
    """Two numbers written with as many digits as it takes to tell them apart (6 to 17).

    Examples
    --------
    >>> pair_text(1.0, 1.0 + 2**-40)
    ('1', '1.0000000000009')
    >>> pair_text(3.0, 5.0)
    ('3', '5')
    """
    for digits in (6, 9, 12, 15, 17):
        a, b = text_sci(x, digits), text_sci(y, digits)
        if a != b or x == y:
            return a, b
    return a, b


@functools.cache
def _generic_layouts(fn: str) -> tuple[Problem, dict[str, Layout]]:
    """A 2 × 3 (p = 2) problem of model ``fn`` and its layouts by key, built once per model:
    every size-dependent coincidence is absent at these sizes."""
    generic = random_problem(2, 3, 0, fn=fn, p=2)
    return generic, {lay.key: lay for lay in layouts(generic)}


def structural(problem: Problem, first: Layout, second: Layout) -> str:
    """How two layouts relate for every compact Jacobian: "same" (the same array at any size,
    as J[k, i, j] and J[j, i, k] are, J being 0 unless j = k; checked at 2 × 3, p = 2),
    "size-one" (on this problem's shape the same numbers in the same order, axes of size 1
    placed apart), or ""."""
    generic, keys = _generic_layouts(problem.fn)
    rng = np.random.default_rng(0)
    if first.key in keys and second.key in keys:
        C = rng.standard_normal(generic.model.compact(generic.W, *generic.arrays).shape)
        one, two = keys[first.key].arrange(C, generic), keys[second.key].arrange(C, generic)
        if one.shape == two.shape and np.array_equal(one, two):
            return "same"
    C = rng.standard_normal(problem.model.compact(problem.W, *problem.arrays).shape)
    one, two = first.arrange(C, problem), second.arrange(C, problem)
    if _squeezed(one.shape) == _squeezed(two.shape) and np.array_equal(one.ravel(), two.ravel()):
        return "size-one"
    return ""
