r"""Four mistakes every model of the family shares, made with a problem's numbers and checked.

* Reading ∂F/∂W as one m × n matrix M: it turns a direction H into one number ⟨M, H⟩, but
  DF(W)[H] has F's shape. With M = ∇_W⟨1, F⟩ (the compact form for F ∈ ℝⁿ), ⟨M, H⟩ is only
  the sum of DF(W)[H].
* Row- against column-major vec: the vec-Jacobian built for numpy's row-major W.reshape(-1),
  applied to a column-major vec(H), is not DF(W)[H].
* One column's block used for every column: C_k depends on w_k, so column 1's block is wrong
  for the other columns (caught by the gradient check of :mod:`hadviz.gradcheck`).
* The upstream gradient dropped from the VJP: ∇_W⟨1, F⟩ in place of ∇_W⟨g, F⟩ (checked
  against the complex-step Jacobian contracted with g).

Each comes with the reason it cannot show on a problem where it cannot, computed from the
problem (:mod:`hadviz.facts`), first cause first. Nothing here names a model.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from numpy.typing import NDArray

from hadviz.checks import (
    compare,
    complex_step_jacobian,
    contraction_tolerance,
    magnitudes,
    pair_tolerance,
)
from hadviz.desk import room
from hadviz.facts import facts, why_G_zero
from hadviz.gradcheck import entry_steps, gradient_check_tolerance, numeric_jacobian
from hadviz.jacobian_layouts import expand_compact
from hadviz.latex import chain, equation, fitted, lines, number, plural, text_sci
from hadviz.problem import Problem
from hadviz.upstream import upstream_gradient

__all__ = ["Mistake", "shared_mistakes"]


@dataclass(frozen=True)
class Mistake:
    """One wrong answer.

    Attributes
    ----------
    title, text : str
        The mistake, and why it is one (Markdown with LaTeX).
    wrong, right : str
        LaTeX of the wrong and the right result with the user's numbers.
    caught : bool
        Whether the check named in ``verdict`` tells it from the right answer here.
    verdict : str
        What the check found, in one sentence.
    """

    title: str
    text: str
    wrong: str
    right: str
    caught: bool
    verdict: str


def _value(x: NDArray, lhs: str) -> str:
    """A value of the output's shape, at 6 digits and at most 5 rows and columns, as much
    of it as fits a desk line after ``lhs =``."""
    return fitted("@", x if x.ndim == 2 else x.reshape(-1, 1), budget=room(lhs), digits=6,
                  limit=5)


def _matrix(lhs: str, M: NDArray) -> str:
    """``lhs =`` a compact form or block, at most 5 rows and columns, within a desk line."""
    return equation(lhs, M, limit=5)


def _zero(p: Problem) -> str:
    """"" or why the compact Jacobian is 0 here (so every derivative is 0)."""
    fx = facts(p)
    return why_G_zero(fx) if fx.G_zero else ""


def _flat(p: Problem) -> str:
    """"" or why every derivative is below F's own rounding: every output is flat."""
    model = p.model
    flat = model.saturated(p.W, *p.arrays)
    if not model.saturation_text or flat < int(np.prod(model.output_shape(p.n, p.p))):
        return ""
    return (f"{model.output_letter} is flat to machine precision in every output "
            f"({model.saturation_text}): its derivatives here are below the rounding of its own "
            "values")


def _as_a_matrix(p: Problem, H: NDArray) -> Mistake:
    model = p.model
    F, W, P = model.output_letter, p.W, p.arrays
    M = model.vjp(W, *P, np.ones(model.output_shape(p.n, p.p)))
    df = model.jvp(W, *P, H)
    inner = float(np.sum(M * H))
    D = f"D{F}(W)[H]"
    size = df.size
    caught = size > 1 and not compare(np.full(df.shape, inner), df,
                                      contraction_tolerance(p, H)).passed
    shape = "p × n" if model.rows else "n"
    if caught:
        verdict = (f"Caught: for a random unit H, the one number cannot stand for the {size} "
                   f"entries of D{F}(W)[H].")
    elif size == 1:
        verdict = (f"{F} is a single number here (W has one column{' and p = 1' * model.rows}"
                   f"), so the m × n matrix M is the whole derivative: the mistake only shows "
                   f"when {F} has two entries or more.")
    elif zero := _zero(p):
        verdict = (f"Here {zero}: D{F}(W)[H] = 0 for every H and ⟨M, H⟩ = 0 too, so the one "
                   "number and the entries agree. Make the Jacobian non-zero to see the mistake.")
    elif flat := _flat(p):
        verdict = f"Here {flat}, so no H shows this mistake."
    else:
        verdict = (f"Here every entry of D{F}(W)[H] equals ⟨M, H⟩ within rounding (for this "
                   "H), so the mistake cannot show; another H shows it.")
    return Mistake(
        f"Reading ∂{F}/∂W as one m × n matrix",
        f"{F} has {shape} entries and W has mn, so the derivative has "
        f"{'pn' if model.rows else 'n'}·mn numbers: J, or the compact form with its δⱼₖ. One "
        "m × n matrix M can only turn a direction H into one number ⟨M, H⟩, while "
        f"$D{F}(W)[H]$ has {F}'s shape. The natural M is the gradient of the sum of the entries "
        f"of {F}, $M = \\nabla_W\\langle \\mathbf 1, {F}\\rangle$; ⟨M, H⟩ is the sum of "
        f"$D{F}(W)[H]$, not its entries.",
        rf"\langle M, H\rangle = {number(inner, 6)}",
        lines(rf"{D} = {_value(df, D)}",
              rf"\textstyle\sum D{F}(W)[H] = {number(float(df.sum()), 6)}"),
        caught, verdict)


def _vec_order(p: Problem, H: NDArray) -> Mistake:
    model = p.model
    F = model.output_letter
    J = model.jacobian(p.W, *p.arrays)
    out = model.output_shape(p.n, p.p)
    row_major = J.reshape(-1, p.m * p.n)  # built for numpy's W.reshape(-1)
    mixed = (row_major @ H.reshape(-1, order="F")).reshape(out)  # applied to column-major vec(H)
    right = (row_major @ H.reshape(-1)).reshape(out)
    check = compare(mixed, right, contraction_tolerance(p, H))
    vec, major = r"J_r\,\mathrm{vec}(H)", r"J_r\,H_{\text{row-major}}"
    if not check.passed:
        verdict = ("Caught by the contraction check: the two results differ beyond rounding "
                   f"({check.summary()}).")
    elif p.m == 1 or p.n == 1:
        verdict = (f"W is {p.m} × {p.n}: with one row or one column, vec(W) lists the entries "
                   "in the same order either way, so the mix-up cannot show.")
    elif zero := _zero(p):
        verdict = (f"Here {zero}: the Jacobian is 0, so both products are 0. Make it non-zero "
                   "to see the mix-up.")
    elif flat := _flat(p):
        verdict = f"Here {flat}, so no H shows the mix-up."
    else:
        verdict = (f"Here the row-major matrix applied to the column-major vec(H) happens to "
                   f"give D{F}(W)[H] within rounding; another H shows the mix-up.")
    return Mistake(
        "Row-major against column-major vec",
        "The vec-Jacobian is a matrix whose column order depends on how W was flattened: "
        "column-major $\\mathrm{vec}(W)$ (the math convention) or numpy's row-major "
        "`W.reshape(-1)`. Built for one order and applied to the other, it computes something "
        "else. Here: the row-major matrix applied to a column-major vec(H)"
        + (f", each result shown in {F}'s shape (p × n)." if model.rows else "."),
        rf"{vec} = {_value(mixed, vec)}",
        # on two lines: on one, a phone cuts off its right edge
        chain(major, rf"D{F}(W)[H]", _value(right, major)),
        not check.passed, verdict)


def _separates(p: Problem) -> bool:
    """The columns' blocks of ``p`` are not all equal."""
    C = p.model.compact(p.W, *p.arrays)
    return not np.array_equal(np.repeat(C[..., :1], p.n, axis=-1), C)


def _what_to_change(p: Problem) -> str:
    """Which change shows the mistake, tried on a seeded random W and, W kept random, on each
    parameter in turn (the gate with a = 0 has G = ½b1ᵀ for every W and every b)."""
    rng = np.random.default_rng(0)
    moved = p.replace(W=rng.standard_normal(p.W.shape))
    if _separates(moved):
        return "Change W to see it."
    helps = [name for name, x in p.params.items()
             if _separates(moved.replace(**{name: rng.standard_normal(x.shape)}))]
    if not helps:
        return "No other W or parameter array alone changes that."
    return (f"Another W would not: with this {' and '.join(p.params)} every column's block is "
            f"the same for every W. Change {' or '.join(helps)} to see it.")


def _one_block(p: Problem) -> Mistake:
    model = p.model
    F, name = model.output_letter, model.compact_symbol
    C = model.compact(p.W, *p.arrays)
    wrong = np.repeat(C[..., :1], p.n, axis=-1)
    h = entry_steps(p)
    numeric = numeric_jacobian(p, h)
    check = compare(expand_compact(wrong), numeric, expand_compact(gradient_check_tolerance(p, h)))
    gap = float(np.max(np.abs(wrong - C), initial=0.0))
    block = "block" if model.rows else f"column of {name}"
    if not check.passed:
        verdict = (f"Caught: the gradient check rejects it. {check.failures:,} of "
                   f"{plural(numeric.size, 'entry', 'entries')} of J "
                   f"{'is' if check.failures == 1 else 'are'} outside the tolerance.")
    elif p.n == 1:
        verdict = ("W has one column, so there is no other column to reuse it for: the mistake "
                   "cannot show. Make n at least 2 to see it.")
    elif zero := _zero(p):
        verdict = (f"Here {zero}: every {block} is 0, so they are all equal. Make the Jacobian "
                   "non-zero to see the mistake.")
    elif flat := _flat(p):
        verdict = f"Here {flat}, so central differences cannot tell the blocks apart."
    elif gap == 0:
        verdict = (f"Here every {block} equals column 1's exactly, so the mistake cannot show. "
                   + _what_to_change(p))
    else:
        verdict = (f"Here every {block} differs from column 1's by at most {text_sci(gap)}, "
                   "inside the gradient check's tolerance.")
    shown = (_matrix(r"C_1 \text{ for every } C_k", C[..., 0]) if model.rows
             else _matrix(rf"{name}_{{\text{{wrong}}}}", wrong))
    right = (fitted(r"C_k,\ k = 1, \ldots, n:\ @ \ (k = n)", C[..., -1], limit=5)
             if model.rows else _matrix(name, C))
    return Mistake(
        "One column's block C₁ used for every column" if model.rows else
        f"Column 1 of {name} used for every column",
        f"Column k of {F} depends on column k of W through its own {block} "
        f"(∂{F}ₖ/∂wₖ is evaluated at wₖ). Computing it once, at w₁, and reusing it for every "
        "column treats the Jacobian as if it did not depend on W column by column.",
        shown, right, not check.passed, verdict)


def _dropped_g(p: Problem, seed: int) -> Mistake:
    model = p.model
    F = model.output_letter
    g = upstream_gradient("random", p.n, seed=seed, p=p.p if model.rows else None)
    wrong = model.vjp(p.W, *p.arrays, np.ones(g.shape))
    right = model.vjp(p.W, *p.arrays, g)
    reference = np.tensordot(g, complex_step_jacobian(p), axes=g.ndim)
    scale = (magnitudes(p).G * np.abs(g)).reshape(p.m, -1, p.n).sum(axis=1)
    check = compare(wrong, reference, pair_tolerance(p.m + p.p + 5, scale))
    G, G_ = ("Γ", r"\Gamma") if model.rows else ("g", "g")
    if not check.passed:
        verdict = ("Caught: against the complex-step Jacobian contracted with the random "
                   f"{G}, {check.failures:,} of {plural(wrong.size, 'entry', 'entries')} of "
                   "the gradient are outside the rounding tolerance.")
    elif zero := _zero(p):
        verdict = (f"Here {zero}: the gradient is 0 whatever {G} is, so dropping it changes "
                   "nothing. Make the Jacobian non-zero to see the mistake.")
    elif flat := _flat(p):
        verdict = f"Here {flat}, so both gradients are 0 within rounding."
    else:
        verdict = (f"Here the gradient with {G} and without it agree within rounding, so the "
                   "mistake cannot show for this problem.")
    return Mistake(
        f"Dropping the upstream gradient {G} from the VJP",
        f"Backpropagation asks for the gradient of ⟨{G}, {F}⟩ with respect to W, {G} of {F}'s "
        f"shape. Using the compact form as it is gives the gradient of ⟨1, {F}⟩, the sum of "
        f"{F}: "
        + ("the weights Γ inside the Hadamard products are" if model.rows else
           "the factor Diag(g) is")
        + f" lost. Here {G} is the seeded random upstream gradient of the columns page.",
        _matrix(rf"\nabla_W\langle \mathbf 1, {F}\rangle", wrong),
        _matrix(rf"\nabla_W\langle {G_}, {F}\rangle", right),
        not check.passed, verdict)


def shared_mistakes(problem: Problem, H: NDArray, seed: int = 0) -> tuple[Mistake, ...]:
    """The four shared mistakes on ``problem``, for the unit direction ``H`` and the upstream
    gradient drawn from ``seed``.

    Examples
    --------
    >>> from hadviz.checks import unit_direction
    >>> from hadviz.problem import random_problem
    >>> p = random_problem(3, 1, seed=2, dist="normal", fn="matrix", p=2)
    >>> [x.caught for x in shared_mistakes(p, unit_direction((3, 1)))]
    [True, False, False, True]
    """
    return (_as_a_matrix(problem, H), _vec_order(problem, H), _one_block(problem),
            _dropped_g(problem, seed))
