"""The verdict on a learner's answer, in one sentence first and a few lines after it.

From the comparisons of :func:`hadviz.identify.candidates`: right (in the layout the learner
meant, or any when they did not say), right numbers in another layout, right only to float32
rounding, ambiguous (a right layout and a known mistake give the same numbers on this
problem, so the numbers cannot tell which was done), a known mistake, or unknown (with the
closest candidate and how far it is); or a shape that no layout of this problem has.
Every sentence is built from the comparisons, so it holds for every problem.
"""

from __future__ import annotations

from dataclasses import dataclass, replace

import numpy as np
from numpy.typing import NDArray

from hadviz.answers import layouts, shape_text, upstream
from hadviz.identify import (
    Candidate,
    Intent,
    Status,
    candidates,
    closest_text,
    differing,
    intended,
    layouts_of_shape,
    shapes_text,
)
from hadviz.latex import plural, text_sci
from hadviz.problem import Problem

__all__ = ["INTENT_LABELS", "Verdict", "judge"]

#: How the intents read in a selector and in a sentence.
INTENT_LABELS: dict[Intent, str] = {
    "any": "let hadviz tell",
    "J": "J output first, J[(r,) k, i, j]",
    "D": "J input first, D[i, j, (r,) k] (SymPy)",
    "vec-col": "the vec-Jacobian, column-major vec(W)",
    "vec-row": "the vec-Jacobian, row-major (numpy's reshape)",
    "denominator": "the denominator layout, column-major",
    "compact": "the compact form",
    "gradient": "the gradient of ⟨g, F⟩ in W",
}


@dataclass(frozen=True)
class Verdict:
    """What the answer is, for the page.

    Attributes
    ----------
    status : Status
    headline : str
        One sentence, shown first.
    details : tuple of str
        A few more lines: equal layouts, the tolerance used, the ambiguity's cause.
    page : str
        Url path of the page that explains the fix ("" when there is nothing to fix).
    best : Candidate or None
        The candidate named (None when no layout has the answer's shape).
    reference : Candidate or None
        The right answer in ``best``'s layout.
    """

    status: Status
    headline: str
    details: tuple[str, ...]
    page: str
    best: Candidate | None
    reference: Candidate | None


def _problem_text(problem: Problem) -> str:
    size = f"{problem.m} × {problem.n}"
    return f"{size} problem with p = {problem.p}" if problem.model.rows else f"{size} problem"


def _as(c: Candidate) -> str:
    shape = shape_text(c.value.shape)
    dims = c.layout.dims
    return f"{c.layout.name} ({dims} = {shape})" if dims and dims != shape else (
        f"{c.layout.name} ({shape})")


def _reference(cands: list[Candidate], best: Candidate) -> Candidate:
    return next(c for c in cands if c.layout is best.layout and c.formula.right)


def _tolerance_line(best: Candidate, precision: NDArray, typed: bool) -> str:
    typed_max = float(np.max(precision, initial=0.0))
    rounding = float(np.max(best.tolerance, initial=0.0)) - typed_max
    source = ("half a unit in the last digit you typed" if typed else
              "the rounding bound of your formula's own evaluation")
    return (f"Judged entry by entry: agreeing within {source} (largest "
            f"{text_sci(typed_max)}) plus the float64 rounding-error tolerance hadviz uses in "
            f"every check (largest {text_sci(max(rounding, 0.0))}).")


def _also(best: Candidate, same: list[Candidate]) -> list[str]:
    others = [c.layout.name for c in same if c.layout is not best.layout]
    return ([f"On this problem the same numbers are also {', '.join(others)}: the two cannot "
             "be told apart here."] if others else [])


def _mix_note(best: Candidate, intent: Intent, problem: Problem) -> str:
    key, C = best.layout.key, problem.model.compact_symbol
    if intent in ("vec-col", "vec-row") and key.startswith("vec"):
        return ("This is the row/column-major vec mix-up: vec(W) stacks W's columns (MATLAB, "
                "the vec–Kronecker rules), while numpy's reshape(-1) and PyTorch's flatten "
                "read its rows.")
    if intent == "gradient" and key == "compact":
        g = ", ".join(f"{x:g}" for x in upstream(problem).ravel(order="F")[:6])
        return (f"The Diag(g) is missing: the gradient scales column k of {C} by gₖ "
                f"(g = ({g}{', …' if upstream(problem).size > 6 else ''}) on this page).")
    if intent == "compact" and key == "grad":
        return f"This is the gradient for the g above; the compact form is {C} itself."
    return "The numbers are right; only their arrangement differs from the layout you chose."


def _intent_line(problem: Problem, shape: tuple[int, ...], intent: Intent) -> list[str]:
    """When the learner chose a layout and pasted another shape: what has that shape here."""
    if intent == "any":
        return []
    C = problem.model.compact(problem.W, *problem.arrays)
    meant = [lay for lay in layouts(problem) if intended(lay, intent)]
    if not meant:
        return []
    want = meant[0].arrange(C, problem).shape
    if tuple(s for s in want if s != 1) == tuple(s for s in shape if s != 1):
        return []
    same = layouts_of_shape(problem, shape)
    return [f"You chose {INTENT_LABELS[intent]}, which is {shape_text(want)} here; you pasted "
            f"{shape_text(shape)}, the shape of " + (", ".join(same) if same else "no layout")
            + "."]


def judge(problem: Problem, value: NDArray, precision: NDArray, intent: Intent = "any",
          typed: bool = True) -> Verdict:
    """The verdict on ``value`` (any shape) for ``problem``.

    ``precision`` is each number's own allowance (:attr:`hadviz.pasted.Pasted.precision`, or
    a formula's rounding bound); ``typed`` says which, for the tolerance sentence.
    """
    value = np.asarray(value, dtype=float)
    cands = candidates(problem, value, precision)
    if not cands:
        return _shape_verdict(problem, value, intent)
    exact = [c for c in cands if c.exact]
    right = [c for c in exact if c.formula.right]
    wrong = [c for c in exact if not c.formula.right]
    if right:
        return _right(problem, value, right, wrong, intent, precision, typed)
    if wrong:
        verdict = _mistake(cands, wrong, intent, precision, typed)
        return replace(verdict, details=(*verdict.details,
                                         *_intent_line(problem, value.shape, intent)))
    single = sorted((c for c in cands if c.single), key=lambda c: not c.formula.right)
    if single:
        best = single[0]
        ref = _reference(cands, best)
        err = float(np.max(np.abs(value.reshape(best.value.shape) - best.value), initial=0.0))
        what = ("Right to single precision" if best.formula.right else
                f"A known mistake, {best.formula.name}, computed in single precision")
        return Verdict("float32" if best.formula.right else "mistake",
                       f"{what}: this is {_as(best)}, within float32 rounding (largest gap "
                       f"{text_sci(err)}) but not float64's.",
                       ("float32 is PyTorch's and JAX's default; compute in float64 "
                        "(torch.float64, jax_enable_x64) to match to the last digits.",
                        _tolerance_line(best, precision, typed)),
                       "" if best.formula.right else best.formula.page, best, ref)
    best = max(cands, key=lambda c: (c.agree, c.formula.right))
    shapes = layouts_of_shape(problem, value.shape)
    return Verdict("unknown", "Not a layout or mistake hadviz knows. The closest is "
                   f"{best.formula.name} as {_as(best)}: {closest_text(best, value)}.",
                   (f"Layouts of this shape here: {', '.join(shapes)}; each was compared with "
                    "every formula hadviz knows.", _tolerance_line(best, precision, typed),
                    *_intent_line(problem, value.shape, intent)), "derivation", best,
                   _reference(cands, best))


def _right(problem: Problem, value: NDArray, right: list[Candidate], wrong: list[Candidate],
           intent: Intent, precision: NDArray, typed: bool) -> Verdict:
    """The verdict when some layout of the right formula matches."""
    mine = [c for c in right if intended(c.layout, intent)]
    best = (mine or right)[0]
    details = _also(best, mine or right)
    if best.value.shape != value.shape:
        details.append(f"Your array is {shape_text(value.shape)}; axes of size 1 are "
                       "set aside in the comparison.")
    if wrong:
        names = sorted({c.formula.name for c in wrong})
        details.insert(0, "On this problem " + "; ".join(names) + (
            " gives" if len(names) == 1 else " give") + " exactly these numbers too, so "
            "the numbers cannot show whether that mistake was made. Try a problem where "
            "they differ (a random draw usually does).")
    details.append(_tolerance_line(best, precision, typed))
    if not mine:
        chose = INTENT_LABELS[intent]
        return Verdict("other-layout", f"Right numbers, other layout: this is {_as(best)}, "
                       f"not {chose} that you chose.",
                       (_mix_note(best, intent, problem), *details,
                        *_intent_line(problem, value.shape, intent)), "layouts", best, best)
    status: Status = "ambiguous" if wrong else "right"
    lead = "Right, and ambiguous here" if wrong else "Right"
    return Verdict(status, f"{lead}: this is {_as(best)}.", tuple(details), "", best, best)


def _mistake(cands: list[Candidate], wrong: list[Candidate], intent: Intent,
             precision: NDArray, typed: bool) -> Verdict:
    best = sorted(wrong, key=lambda c: not intended(c.layout, intent))[0]
    ref = _reference(cands, best)
    count = differing(best, ref)
    details = []
    others = sorted({c.formula.name for c in wrong if c.formula is not best.formula})
    if others:
        details.append("On this problem the same numbers are also " + "; ".join(others) + ".")
    details.append(_tolerance_line(best, precision, typed))
    return Verdict("mistake", f"This is a known mistake, {best.formula.name}, laid out as "
                   f"{_as(best)}: it differs from the right answer in {count:,} of "
                   f"{plural(best.size, 'entry', 'entries')}.", tuple(details),
                   best.formula.page, best, ref)


def _shape_verdict(problem: Problem, value: NDArray, intent: Intent) -> Verdict:
    details = [f"Here the layouts hadviz knows have these shapes: {shapes_text(problem)}."]
    C = problem.model.compact(problem.W, *problem.arrays)
    J = np.zeros((*problem.model.output_shape(problem.n, problem.p), problem.m, problem.n))
    if value.size in (J.size, C.size):
        which = "J" if value.size == J.size else "the compact form"
        details.append(f"It has {value.size:,} numbers, as many as {which}: if it was flattened "
                       "or reshaped, paste it with its shape (a nested list or NumPy's print "
                       "keeps it).")
    if intent != "any":
        details.append(f"You chose {INTENT_LABELS[intent]}.")
    return Verdict("shape", f"Your answer is {shape_text(value.shape)}; for this "
                   f"{_problem_text(problem)} no layout hadviz knows has that shape.",
                   tuple(details), "layouts", None, None)
