r"""What the common-mistakes page (/mistakes) shows: four wrong answers, and what catches each.

Each mistake is made with the user's numbers, next to the right answer, with the check that
catches it run live:

* the shortcut G = 2abᵀW, right only when abᵀ is symmetric (a ∥ b, which includes m = 1):
  caught by the gradient check;
* dropping one product-rule term (G = baᵀW): caught by the gradient check;
* reading ∂f/∂W as one m × n matrix: an m × n matrix M turns a direction H into the single
  number ⟨M, H⟩, but Df(W)[H] is a vector in ℝⁿ (with M = G, ⟨G, H⟩ is only its sum);
* row- against column-major vec: the n × mn matrix built for one order, applied to vec(H)
  in the other, is not Df(W)[H].
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from hadviz.calculus import expand_compact
from hadviz.checks import Comparison, compare, contraction_tolerance, unit_direction
from hadviz.gradcheck import Broken, broken_compact, gradient_check
from hadviz.latex import bmatrix, column, lines, number, plural, text_sci
from hadviz.models import HADAMARD
from hadviz.problem import Problem
from hadviz.reasons import why_gradient_passes, why_matrix_reading_hidden, why_vec_order_hidden

__all__ = ["Mistake", "MistakesView", "mistakes_view"]


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


@dataclass(frozen=True)
class MistakesView:
    """The four mistakes, in the order a student tends to make them."""

    mistakes: tuple[Mistake, ...]


def _by_gradient_check(p: Problem, which: Broken, title: str, text: str) -> Mistake:
    G, wrong = HADAMARD.compact(p.W, p.a, p.b), broken_compact(p, which)
    check = gradient_check(p, which)
    verdict = (f"Caught: the gradient check rejects it. {check.failures:,} of "
               f"{plural(check.entries, 'entry', 'entries')} of J "
               f"{'is' if check.failures == 1 else 'are'} outside the rounding tolerance."
               if not check.passed else
               "The gradient check passes it on this problem: "
               + why_gradient_passes(p, which))
    # the two are drawn side by side: five rows and columns each keep them in a half column
    name = r"\text{wrong}" if not check.passed else r"\text{mistake}"
    return Mistake(title, text, rf"G_{{{name}}} = {bmatrix(wrong, limit=5)}",
                   rf"G = {bmatrix(G, limit=5)}", not check.passed, verdict)


def _as_a_matrix(p: Problem, H: np.ndarray) -> Mistake:
    G = HADAMARD.compact(p.W, p.a, p.b)
    df = HADAMARD.jvp(p.W, p.a, p.b, H)
    inner = float(np.sum(G * H))
    tol = contraction_tolerance(p, H)
    caught = p.n > 1 and not compare(np.full(p.n, inner), df, tol).passed
    return Mistake(
        "Reading ∂f/∂W as one m × n matrix",
        "f has n components and W has mn entries, so the derivative has n·m·n numbers: "
        "$J[k,i,j]$, or $G$ together with the rule $J[k,i,j] = \\delta_{jk}G_{i,k}$. One m × n "
        "matrix M can only turn a direction H into one number $\\langle M, H\\rangle$, while "
        "$Df(W)[H]$ is a vector. G is the gradient of the sum $\\mathbf 1^Tf$; $\\langle G, H"
        "\\rangle$ is the sum of $Df(W)[H]$, not the vector.",
        rf"\langle G, H\rangle = {number(inner, 6)}",
        lines(rf"Df(W)[H] = {column(df, 6)}",
              rf"\textstyle\sum_k Df(W)[H]_k = {number(float(df.sum()), 6)}"),
        caught,
        ("Caught: for a random unit H, the one number cannot stand for the "
         f"{p.n} components of Df(W)[H]." if caught else why_matrix_reading_hidden(p, H)),
    )


def _vec_order(p: Problem, H: np.ndarray) -> Mistake:
    J = expand_compact(HADAMARD.compact(p.W, p.a, p.b))
    row_major = J.reshape(p.n, p.m * p.n)  # built for numpy's W.reshape(-1)
    mixed = row_major @ H.reshape(-1, order="F")  # applied to a column-major vec(H)
    right = row_major @ H.reshape(-1)
    tol = contraction_tolerance(p, H)
    check: Comparison = compare(mixed, right, tol)
    return Mistake(
        "Row-major against column-major vec",
        "The vec-Jacobian is an n × mn matrix whose column order depends on how W was "
        "flattened: column-major $\\mathrm{vec}(W)$ (the math convention) or numpy's row-major "
        "`W.reshape(-1)`. Built for one order and applied to the other, it computes something "
        "else. Here: the row-major matrix applied to a column-major vec(H).",
        rf"J_r\,\mathrm{{vec}}(H) = {column(mixed, 6)}",
        rf"J_r\,H_{{\text{{row-major}}}} = Df(W)[H] = {column(right, 6)}",
        not check.passed,
        ("Caught by the contraction check: the two results differ by up to "
         f"{text_sci(check.error, 3)}, far above the rounding tolerance "
         f"{text_sci(check.tolerance)}."
         if not check.passed else why_vec_order_hidden(p)),
    )


def mistakes_view(problem: Problem, seed: int = 0) -> MistakesView:
    """The four mistakes with the problem's numbers, each with its check run."""
    H = unit_direction((problem.m, problem.n), seed)
    return MistakesView((
        _by_gradient_check(
            problem, "two_ab", "The shortcut 2abᵀW",
            "By analogy with $d(x^TAx)/dx = 2Ax$ for symmetric A, it is tempting to write "
            "$G = 2ab^TW$. But $ab^T$ is symmetric only when a and b are parallel (one is a "
            "multiple of the other, or either is 0); in general "
            "the derivative of $x^T A x$ is $(A + A^T)x$, so $G = (ab^T + ba^T)W$."),
        _by_gradient_check(
            problem, "drop_ab", "Dropping a product-rule term",
            "The product rule has two terms, $(dW^Ta)\\circ(W^Tb) + (W^Ta)\\circ(dW^Tb)$; "
            "keeping only the second gives $G = ba^TW$ and loses $ab^TW$."),
        _as_a_matrix(problem, H),
        _vec_order(problem, H),
    ))
