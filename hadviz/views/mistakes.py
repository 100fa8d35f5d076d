r"""What the common-mistakes page (/mistakes) shows: wrong answers for the chosen model, and what
catches each.

Each mistake is made with the user's numbers, next to the right answer, with the check that
catches it run live:

* the model's own wrong formulas (:meth:`~hadviz.models.Model.mistakes`, those marked for the
  page: for the question the shortcut 2abᵀW and a dropped product-rule term; for tanh and the
  gate a dropped chain-rule factor; for the matrix model their analogues), caught by the
  gradient check (:mod:`hadviz.gradcheck`), with the reason when it cannot catch them
  (:mod:`hadviz.reasons`);
* four mistakes every model shares (:mod:`hadviz.shared_mistakes`): reading ∂F/∂W as one
  m × n matrix, a row- against column-major vec, one column's block used for every column,
  and the upstream gradient g dropped from the VJP.

The mistakes of the family that cannot be made on the model are listed in one line each
(:attr:`~hadviz.models.Model.mistakes_absent`).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from numpy.typing import NDArray

from hadviz.broken import broken_compact
from hadviz.checks import unit_direction
from hadviz.desk import fits
from hadviz.gradcheck import gradient_check
from hadviz.latex import equation, plural
from hadviz.models.mistakes import Absent, WrongGradient
from hadviz.problem import Problem
from hadviz.reasons import why_gradient_passes
from hadviz.shared_mistakes import Mistake, shared_mistakes

__all__ = ["Mistake", "MistakesView", "mistakes_view"]


@dataclass(frozen=True)
class MistakesView:
    """The model's own mistakes, then the shared ones; and those that do not apply.

    Attributes
    ----------
    mistakes : tuple of Mistake
    absent : tuple of Absent
        The family's mistakes that cannot be made on this model, and why (one line each).
    model : str
        The model's name in running text ("f", "tanh(f)", "F").
    saturation : str
        One line when some outputs are flat to machine precision (saturated tanh): there the
        check cannot resolve the slope, so a wrong entry can pass; "" otherwise.
    side_by_side : bool
        Every wrong and right formula fits half the desk (:func:`hadviz.desk.fits`), so
        each pair can stand next to each other; else the page stacks them.
    """

    mistakes: tuple[Mistake, ...]
    absent: tuple[Absent, ...] = ()
    model: str = "f"
    saturation: str = ""
    side_by_side: bool = True


def _shown_column(problem: Problem, wrong: NDArray, right: NDArray) -> int:
    """The column whose block the wrong formula gets most wrong (0 when it gets none wrong)."""
    gap = np.abs(wrong - right).reshape(-1, problem.n).max(axis=0)
    return int(np.argmax(gap)) if gap.any() else 0


def _shown(problem: Problem, lhs: str, C: NDArray, k: int) -> str:
    """``lhs =`` the compact Jacobian (m × n), or for a model with rows the m × p block of
    column k, within a desk line."""
    return equation(lhs, C[..., k] if problem.model.rows else C, limit=5)


def _by_gradient_check(p: Problem, key: str, wrong_gradient: WrongGradient) -> Mistake:
    model = p.model
    C, wrong = model.compact(p.W, *p.arrays), broken_compact(p, key)
    check = gradient_check(p, key)
    caught = not check.passed
    verdict = (f"Caught: the gradient check rejects it. {check.failures:,} of "
               f"{plural(check.entries, 'entry', 'entries')} of J "
               f"{'is' if check.failures == 1 else 'are'} outside the tolerance"
               + (" (rounding plus the truncation of central differences)."
                  if check.truncation else " (rounding only).")
               if caught else
               "The gradient check passes it on this problem: " + why_gradient_passes(p, key))
    k = _shown_column(p, wrong, C)
    if model.rows:
        lhs, rhs = rf"{wrong_gradient.wrong_latex}\ \ (k = {k + 1})", rf"C_{{{k + 1}}}"
    else:
        lhs, rhs = wrong_gradient.wrong_latex, model.compact_symbol
    return Mistake(wrong_gradient.title, wrong_gradient.text, _shown(p, lhs, wrong, k),
                   _shown(p, rhs, C, k), caught, verdict)


def mistakes_view(problem: Problem, seed: int = 0) -> MistakesView:
    """The model's mistakes and the shared ones with the problem's numbers, each checked.

    ``seed`` is the problem's seed: the direction H and the upstream gradient g are drawn
    from it.
    """
    model = problem.model
    own = [_by_gradient_check(problem, key, w) for key, w in model.mistakes().items() if w.page]
    H = unit_direction((problem.m, problem.n), seed)
    shared = shared_mistakes(problem, H, seed)
    flat = model.saturated(problem.W, *problem.arrays)
    saturation = (f"{plural(flat, 'output', 'outputs')} of {model.symbol} "
                  f"{'is' if flat == 1 else 'are'} saturated here (flat to machine precision: "
                  "it rounds to the same number at every nearby W), so differences of it are 0 "
                  "there: the gradient check catches a wrong entry there only when it is "
                  "larger than the check's tolerance, and a wrong slope as tiny as the true "
                  "one passes. The counts below are out of every entry of J."
                  if flat else "")
    mistakes = (*own, *shared)
    # one layout for the page: side by side only when every pair fits the two halves
    pairs = all(fits(m.wrong, m.right, side_by_side=True) for m in mistakes)
    return MistakesView(mistakes, tuple(model.mistakes_absent), model.symbol, saturation, pairs)
