"""The verdict on a learner's answer, in one sentence first and a few lines after it.

From the comparisons of :func:`hadviz.identify.candidates`, in this order: right (in the layout
the learner meant, or any when they did not say; ambiguous when a known mistake gives the same
numbers in the same layout on this problem, so the numbers cannot tell which was done); right
numbers in another layout, or of another kind than the one chosen (the compact form for the
Jacobian, the gradient without its g); a known mistake; right or a mistake computed from the
numbers as the page shows them (rounded to 4 significant digits); right or a mistake only to
float32 rounding; unknown, with the closest candidate and its largest gap; or a shape no layout
of this problem has. Every sentence is built from the comparisons (:mod:`hadviz.verdict_text`).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from numpy.typing import NDArray

from hadviz.answers import GRADIENT_WITHOUT_G, layouts, shape_text
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
    terms,
)
from hadviz.latex import plural, text_sci
from hadviz.problem import Problem
from hadviz.verdict_text import (
    also_lines,
    as_text,
    float32_lines,
    intent_labels,
    intent_line,
    kind_note,
    listed,
    mistakes_line,
    mix_note,
    problem_text,
    tolerance_line,
    typed_only_line,
)

__all__ = ["Verdict", "judge", "shown_problem"]

#: Significant digits the page shows the problem's numbers with (:func:`hadviz.latex.number`).
SHOWN_DIGITS = 4


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


def shown_problem(problem: Problem) -> Problem | None:
    """The problem with its numbers as the page shows them (integers whole, others to 4
    significant digits), or None when that changes nothing."""
    def shown(x: NDArray) -> NDArray:
        return np.array([v if v.is_integer() else float(f"{v:.{SHOWN_DIGITS}g}")
                         for v in np.asarray(x, dtype=float).ravel()]).reshape(np.shape(x))
    W, params = shown(problem.W), {k: shown(v) for k, v in problem.params.items()}
    same = np.array_equal(W, problem.W) and all(
        np.array_equal(v, problem.params[k]) for k, v in params.items())
    return None if same else problem.replace(W, **params)


def _reference(cands: list[Candidate], best: Candidate) -> Candidate:
    return next(c for c in cands if c.layout.key == best.layout.key and c.formula.right)


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
    extra = _intent_shape(problem, value.shape, intent)
    verdict = _named(problem, cands, value, precision, intent, typed, extra)
    if verdict is not None:
        return verdict
    shown = shown_problem(problem)
    if shown is not None:
        rounded = candidates(shown, value, precision)
        verdict = _named(shown, rounded, value, precision, intent, typed, extra)
        if verdict is not None:
            return _from_shown(verdict, cands)
    single = sorted((c for c in cands if c.single), key=lambda c: not c.formula.right)
    if single:
        return _single(problem, cands, single[0], value, precision, typed, extra)
    best = max(cands, key=lambda c: (c.agree, c.formula.right))
    shapes = layouts_of_shape(problem, value.shape)
    lead = ("The closest is" if 2 * best.agree >= best.size else
            "Nothing it knows is close; the most entries any candidate agrees in is that of")
    return Verdict("unknown", f"Not a layout or mistake hadviz knows. {lead} "
                   f"{best.formula.name}, as {as_text(best)}: {closest_text(best, value)}.",
                   (f"Layouts of this shape here: {listed(shapes)}; each was compared with "
                    "every formula hadviz knows.", tolerance_line(best, precision, typed), *extra),
                   "derivation", best, _reference(cands, best))


def _named(problem: Problem, cands: list[Candidate], value: NDArray, precision: NDArray,
           intent: Intent, typed: bool, extra: list[str]) -> Verdict | None:
    """Right or a known mistake to float64 rounding and the typed digits; None if neither."""
    exact = [c for c in cands if c.exact]
    right = [c for c in exact if c.formula.right and c.layout.key != GRADIENT_WITHOUT_G]
    if right:
        return _right(problem, value, right, exact, intent, precision, typed, extra)
    g_less = [c for c in exact if c.formula.right and c.layout.key == GRADIENT_WITHOUT_G]
    if g_less and intent not in ("any", "gradient"):
        label = intent_labels(problem.model)[intent]
        return Verdict("other-kind", f"Not what you chose: this is {as_text(g_less[0])}, not "
                       f"{label}.", (kind_note(g_less[0], intent, problem),
                                     tolerance_line(g_less[0], precision, typed), *extra),
                       "layouts", g_less[0], g_less[0])
    if g_less:
        F = problem.model.output_letter
        ref = next(c for c in cands if c.formula.right and c.layout.key == "grad")
        return Verdict("mistake", "This is a known mistake, the g left out: this is "
                       f"{as_text(g_less[0])}, the gradient for g = 1, not for this page's g.",
                       (f"The gradient of ⟨g, {F}⟩ weights each entry of {F} by g before "
                        "summing; with g left out every weight is 1.",
                        tolerance_line(g_less[0], precision, typed), *extra), "columns",
                       g_less[0], ref)
    wrong = sorted(exact, key=lambda c: not intended(c.layout, intent))
    if not wrong:
        return None
    best = wrong[0]
    g_left_out = best.layout.key == GRADIENT_WITHOUT_G
    ref = (next(c for c in cands if c.formula.right and c.layout.key == "grad") if g_left_out
           else _reference(cands, best))
    others = sorted({c.formula.name for c in wrong if c.formula is not best.formula})
    details = ([f"On this problem the mistakes {listed(others)} give the same numbers."]
               if len(others) > 1 else
               [f"On this problem the mistake {others[0]} gives the same numbers."]
               if others else [])
    two = " Two mistakes at once: the formula, and the g left out." if g_left_out else ""
    return Verdict("mistake", f"This is a known mistake, {best.formula.name}, laid out as "
                   f"{as_text(best)}: it differs from the right answer in "
                   f"{differing(best, ref):,} of {plural(best.size, 'entry', 'entries')}.{two}",
                   (*details, tolerance_line(best, precision, typed), *extra),
                   best.formula.page, best, ref)


def _right(problem: Problem, value: NDArray, right: list[Candidate], exact: list[Candidate],
           intent: Intent, precision: NDArray, typed: bool, extra: list[str]) -> Verdict:
    """The verdict when some layout of the right formula matches."""
    right = sorted(right, key=lambda c: c.value.shape != value.shape)  # stable: exact shape first
    mine = [c for c in right if intended(c.layout, intent)]
    best = (mine or right)[0]
    same_layout = [c for c in exact if not c.formula.right and c.layout.key == best.layout.key]
    details = also_lines(problem, best, mine or right)
    if best.value.shape != value.shape:
        details.append(f"Your array is {shape_text(value.shape)}; axes of size 1 are set aside "
                       "in the comparison.")
    if same_layout:
        details.insert(0, mistakes_line(same_layout))
    details.append(tolerance_line(best, precision, typed))
    loose = typed_only_line(best, value)
    if loose:
        details.insert(0, loose)
    if mine:
        status: Status = "ambiguous" if same_layout else "right"
        lead = ("Right, and ambiguous here" if same_layout else
                "Right to the digits you typed" if loose else "Right")
        return Verdict(status, f"{lead}: this is {as_text(best)}.", tuple(details), "", best,
                       best)
    chosen = [lay for lay in layouts(problem) if intended(lay, intent)]
    label = intent_labels(problem.model)[intent]
    kinds = {"jacobian": "J", "vec": "J", "compact": "compact", "gradient": "gradient"}
    want, got = kinds[chosen[0].kind] if chosen else "", kinds[best.layout.kind]
    if want == got:
        return Verdict("other-layout", f"Right numbers, other layout: this is "
                       f"{as_text(best)}, not {label} that you chose.",
                       (mix_note(best, intent, problem), *details, *extra), "layouts", best,
                       best)
    note = kind_note(best, intent, problem)
    if got == "compact" and want == "J":
        head = (f"This is a known mistake, ∂{problem.model.output_letter}/∂W read as one m × n "
                f"matrix: this is {as_text(best)}, not {label}.")
        return Verdict("mistake", head, (note, *details, *extra), "mistakes", best, best)
    if got == "compact" and want == "gradient":
        return Verdict("mistake", f"This is a known mistake, the g left out: this is "
                       f"{as_text(best)}, not {label}.", (note, *details, *extra),
                       "columns", best, best)
    return Verdict("other-kind", f"Not what you chose: this is {as_text(best)}, not {label}.",
                   (note, *details, *extra), "layouts", best, best)


def _from_shown(verdict: Verdict, cands: list[Candidate]) -> Verdict:
    """A verdict reached on the numbers as shown, said so, against the full problem's answer."""
    best = verdict.best
    reference = (_reference(cands, best) if best is not None else None)
    status: Status = "rounded" if verdict.status in ("right", "ambiguous") else verdict.status
    return Verdict(status, "From the numbers as the page shows them (rounded to "
                   f"{SHOWN_DIGITS} significant digits): {verdict.headline}",
                   ("The full-precision numbers are in the NumPy code above; with them the "
                    "answer differs from this problem's in the last digits. For work on paper, "
                    "small integers (the sidebar's Distribution) are exact.",
                    *verdict.details), verdict.page, best, reference)


def _single(problem: Problem, cands: list[Candidate], best: Candidate, value: NDArray,
            precision: NDArray, typed: bool, extra: list[str]) -> Verdict:
    x = value.reshape(best.value.shape)
    err = float(np.max(np.abs(x - best.value), initial=0.0))
    what = ("Right to single precision" if best.formula.right else
            f"A known mistake, {best.formula.name}, computed in single precision")
    return Verdict("float32" if best.formula.right else "mistake",
                   f"{what}: this is {as_text(best)}, within float32 rounding (largest gap "
                   f"{text_sci(err)}) but not float64's.",
                   (*float32_lines(best, value, precision, typed, terms(problem) + 3), *extra),
                   "" if best.formula.right else best.formula.page, best,
                   _reference(cands, best))


def _intent_shape(problem: Problem, shape: tuple[int, ...], intent: Intent) -> list[str]:
    C = problem.model.compact(problem.W, *problem.arrays)
    meant = [lay for lay in layouts(problem) if intended(lay, intent)] if intent != "any" else []
    want = meant[0].arrange(C, problem).shape if meant else ()
    return intent_line(problem, shape, intent, meant, want)


def _shape_verdict(problem: Problem, value: NDArray, intent: Intent) -> Verdict:
    details = [f"Here the layouts hadviz knows have these shapes: {shapes_text(problem)}."]
    C = problem.model.compact(problem.W, *problem.arrays)
    J = int(np.prod(problem.model.output_shape(problem.n, problem.p))) * C.shape[0] * problem.n
    if value.size in (J, C.size):
        which = "J" if value.size == J else "the compact form"
        details.append(f"It has {value.size:,} numbers, as many as {which}: if it was flattened "
                       "or reshaped, paste it with its shape (a nested list or NumPy's print "
                       "keeps it).")
    details += _intent_shape(problem, value.shape, intent)
    return Verdict("shape", f"Your answer is {shape_text(value.shape)}; for this "
                   f"{problem_text(problem)} no layout hadviz knows has that shape.",
                   tuple(details), "layouts", None, None)
