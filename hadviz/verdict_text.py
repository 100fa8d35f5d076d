"""The sentences of a verdict on a learner's answer, each built from the comparisons.

Lists read as lists ("A; B and C"), counts agree with their nouns, the layouts a learner can
choose are named in the model's own letters (f or F, J[k, i, j] or J[r, k, i, j]), and a
coincidence of two layouts is called a coincidence only when it is one: layouts that give the
same array for every Jacobian (J is 0 unless j = k, so swapping j and k changes nothing) are
said to be the same always.
"""

from __future__ import annotations

import numpy as np
from numpy.typing import NDArray

from hadviz.answers import Layout, shape_text, upstream
from hadviz.identify import (
    U32,
    Candidate,
    Intent,
    layouts_of_shape,
    pair_text,
    structural,
)
from hadviz.latex import text_sci
from hadviz.models import Model
from hadviz.problem import Problem

__all__ = ["also_lines", "as_text", "float32_lines", "intent_labels", "intent_line", "kind_note",
           "listed", "mistakes_line", "mix_note", "problem_text", "tolerance_line",
           "typed_only_line"]


def listed(items: list[str]) -> str:
    """Items as one phrase: "A", "A and B", "A; B and C" (semicolons: items hold commas).

    Examples
    --------
    >>> listed(["x"]), listed(["x", "y"]), listed(["x", "y", "z"])
    ('x', 'x and y', 'x; y and z')
    """
    return items[0] if len(items) == 1 else "; ".join(items[:-1]) + " and " + items[-1]


def intent_labels(model: Model) -> dict[Intent, str]:
    """What the learner can say they meant, in the model's letters."""
    F, C = model.output_letter, model.compact_symbol
    out, inp = ("r, k", "i, j, r, k") if model.rows else ("k", "i, j, k")
    return {
        "any": "let hadviz tell",
        "J": f"J output first, J[{out}, i, j]",
        "D": f"J input first, D[{inp}] (SymPy)",
        "vec-col": "the vec-Jacobian, column-major vec(W)",
        "vec-row": "the vec-Jacobian, row-major vec(W) (numpy's reshape)",
        "denominator": "the denominator layout, column-major vec(W)",
        "compact": f"the compact form {C}",
        "gradient": f"the gradient of ⟨g, {F}⟩ in W",
    }


def problem_text(problem: Problem) -> str:
    size = f"{problem.m} × {problem.n}"
    return f"{size} problem with p = {problem.p}" if problem.model.rows else f"{size} problem"


def as_text(c: Candidate) -> str:
    """The candidate's layout with its shape in letters and numbers."""
    shape, dims = shape_text(c.value.shape), c.layout.dims
    return f"{c.layout.name} ({dims} = {shape})" if dims and dims != shape else (
        f"{c.layout.name} ({shape})")


def tolerance_line(best: Candidate, precision: NDArray, typed: bool) -> str:
    typed_max = float(np.max(precision, initial=0.0))
    rounding = float(np.max(best.rounding, initial=0.0))
    if typed_max == 0 and rounding == 0:
        return ("Judged entry by entry, exactly: every number here is typed whole and every "
                "entry is computed without rounding, so there is no allowance.")
    source = ("half a unit in the last digit you typed (a typed 0 or whole number is exact)"
              if typed else "the rounding bound of your formula's own evaluation")
    return (f"Judged entry by entry: agreeing within {source}, largest {text_sci(typed_max)}, "
            "plus the float64 rounding-error tolerance hadviz uses in every check, largest "
            f"{text_sci(rounding)}.")


def typed_only_line(best: Candidate, value: NDArray) -> str:
    """How many entries agree only thanks to the digits typed, and the largest such gap
    ("" when every entry agrees to rounding alone)."""
    x = np.asarray(value, dtype=float).reshape(best.value.shape)
    gap = np.abs(x - best.value)
    loose = (gap > best.rounding) & (gap <= best.tolerance)
    if not loose.any():
        return ""
    worst = np.unravel_index(int(np.argmax(np.where(loose, gap, -1.0))), gap.shape)
    where = ", ".join(str(int(i) + 1) for i in worst)
    yours, exact = pair_text(float(x[worst]), float(best.value[worst]))
    count = int(np.count_nonzero(loose))
    return (f"{count:,} of {best.size:,} entries agree only to the digits you typed; the largest "
            f"such gap is {text_sci(float(gap[worst]))}, at entry ({where}): you typed {yours}, "
            f"the exact value is {exact}. Type more digits for a closer check.")


def also_lines(problem: Problem, best: Candidate, same: list[Candidate]) -> list[str]:
    """Other right layouts with the same numbers: always, by an axis of size 1, or only on
    this problem's numbers."""
    groups: dict[str, list[str]] = {"same": [], "size-one": [], "": []}
    for c in same:
        if c.layout is not best.layout:
            groups[structural(problem, best.layout, c.layout)].append(c.layout.name)
    lines = []
    if groups["same"]:
        lines.append(f"Always the same numbers as {listed(groups['same'])}: J is 0 unless "
                     "j = k, so swapping the axes j and k changes nothing.")
    if groups["size-one"]:
        lines.append(f"The same numbers in the same order as {listed(groups['size-one'])}: "
                     "they differ only in where an axis of size 1 sits.")
    if groups[""]:
        lines.append(f"On this problem the same numbers are also {listed(groups[''])}, by "
                     "coincidence of its sizes or numbers.")
    return lines


def mistakes_line(wrong: list[Candidate]) -> str:
    names = sorted({c.formula.name for c in wrong})
    one = len(names) == 1
    return (f"On this problem {'the mistake' if one else 'the mistakes'} {listed(names)} "
            f"{'gives' if one else 'give'} exactly these numbers too, in this layout: here "
            f"{'it happens' if one else 'they happen'} to be right, so the numbers cannot show "
            f"whether {'it was' if one else 'one was'} made. A problem where "
            f"{'it differs' if one else 'they differ'} (a random draw usually) tells.")


def mix_note(best: Candidate, intent: Intent, problem: Problem) -> str:
    """Why the right numbers in another layout are not what the learner chose."""
    key = best.layout.key
    if intent in ("vec-col", "vec-row") and key.startswith("vec"):
        return ("This is the row/column-major vec mix-up: vec(W) stacks W's columns (MATLAB, "
                "the vec–Kronecker rules), while numpy's reshape(-1) and PyTorch's flatten "
                "read its rows.")
    return "The numbers are right; only their arrangement differs from the layout you chose."


def kind_note(best: Candidate, intent: Intent, problem: Problem) -> str:
    """Why right numbers of another kind (compact form, gradient, whole Jacobian) are not the
    one chosen."""
    model = problem.model
    C, F = model.compact_symbol, model.output_letter
    kind = best.layout.kind
    g = upstream(problem)
    shown = ", ".join(f"{x:g}" for x in g.ravel(order="F")[:6]) + (", …" if g.size > 6 else "")
    if kind == "compact" and intent == "gradient":
        return (f"The g is missing: the gradient of ⟨g, {F}⟩ weights column k of {C} by gₖ "
                f"(g = ({shown}) on this page, down {F}'s columns).")
    if kind == "compact":
        return (f"{C} is the compact form that carries J (column k of {C} is the one non-zero "
                f"column of ∂{F}ₖ/∂W); read as ∂{F}/∂W itself it is the mistake \"∂{F}/∂W as "
                "one m × n matrix\": J has one m × n slice per output.")
    if kind == "gradient" and intent == "compact":
        return (f"This is a gradient, a contraction of J with g (g = ({shown}) on this page), "
                f"not the compact form {C}, which holds J's non-zero columns themselves.")
    if kind == "gradient":
        return ("This is a gradient, a contraction of J with g: an m × n matrix, where J has "
                "one m × n slice per output.")
    if intent == "compact":
        return (f"This is the whole Jacobian J; the compact form {C} holds only its non-zero "
                f"columns (column k of {C} is the one non-zero column of ∂{F}ₖ/∂W).")
    return (f"This is the whole derivative, not its contraction with g: the gradient of "
            f"⟨g, {F}⟩ in W is Σₖ gₖ ∂{F}ₖ/∂W, an m × n matrix.")


def float32_lines(best: Candidate, value: NDArray, precision: NDArray, typed: bool,
                  terms: int) -> list[str]:
    lines = [f"float32's rounding-error tolerance: 4 γ_N times each entry's size, where "
             f"γ_N = N u/(1 − N u) bounds the rounding of a sum of N = {terms} products and "
             f"u = 2⁻²⁴ ≈ {text_sci(U32)} is float32's unit roundoff."]
    lines.append("float32 is PyTorch's and JAX's default; compute in float64 (torch.float64, "
                 "jax_enable_x64) to match to the last digits.")
    lines.append(tolerance_line(best, precision, typed))
    return lines


def intent_line(problem: Problem, shape: tuple[int, ...], intent: Intent,
                meant: list[Layout], want: tuple[int, ...]) -> list[str]:
    """When the learner chose a layout and pasted another shape: what has that shape here."""
    if intent == "any" or not meant:
        return []
    if tuple(s for s in want if s != 1) == tuple(s for s in shape if s != 1):
        return []
    same = layouts_of_shape(problem, shape)
    label = intent_labels(problem.model)[intent]
    return [f"You chose {label}, which is {shape_text(want)} here; your answer is "
            f"{shape_text(shape)}, the shape of " + (listed(same) if same else "no layout")
            + "."]
