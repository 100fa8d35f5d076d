r"""What the Diag-trick derivation page (/derivation) shows, for the chosen model.

The steps themselves are the model's (:meth:`~hadviz.models.base.Model.derivation`), valued
and checked by :mod:`hadviz.derivation`; this view adds what the page says around them: the
notation, the identity x ∘ y = Diag(x) y on the problem's own Hadamard factors, which entry
is derived, and how the checks work for this model (the complex step is exact up to rounding
for a quadratic model, and off by a relative h² for tanh and the gate).
"""

from __future__ import annotations

from dataclasses import dataclass

from hadviz.checks import COMPLEX_STEP
from hadviz.derivation import Entry, Step, derivation_steps, diag_identity, entry_latex, notation
from hadviz.latex import text_sci
from hadviz.models import model_of
from hadviz.problem import Problem

__all__ = ["NOTATION", "DerivationView", "derivation_view"]

#: The question's notation, for pages that still show it alone; a page about the chosen model
#: asks :func:`hadviz.derivation.notation` of that model.
NOTATION = notation(model_of("hadamard"))


@dataclass(frozen=True)
class DerivationView:
    """The derivation of one entry, with what the page says around it.

    Attributes
    ----------
    steps : tuple of Step
    notation, identity : str
        LaTeX: the notation, and x ∘ y = Diag(x) y with the problem's numbers.
    entry : str
        LaTeX of the derived entry with 1-based indices (``\\partial f_{2}/\\partial W_{1,2}``).
    rules : str
        Markdown: which rules the derivation uses, in one sentence.
    how_checked : str
        Markdown: the checks, the tolerance and the complex step's accuracy for this model.
    """

    steps: tuple[Step, ...]
    notation: str
    identity: str
    entry: str
    rules: str
    how_checked: str


def _how_checked(problem: Problem) -> str:
    model, m = problem.model, problem.m
    exact = (f"because {model.symbol} is quadratic, its imaginary part over h is exactly the "
             "derivative up to rounding" if model.quadratic else
             f"{model.symbol} is not a polynomial, so the imaginary part over h is the "
             f"derivative times 1 + O(h²), a relative error near {text_sci(COMPLEX_STEP ** 2)}"
             ", far below rounding")
    return (
        "Each value is compared with the previous step (where the step rewrites it or picks "
        "one of its components) and with the complex-step derivative "
        "$\\operatorname{Im} q(W + ihE_{i,j})/h$ of the quantity q the step differentiates, "
        "where $E_{i,j}$ has a 1 at row i, column j and 0 elsewhere and "
        f"h = {text_sci(COMPLEX_STEP)}: {exact}, and nothing is subtracted, so nothing "
        "cancels. Two values agree when they differ by at most twice (a safety margin) the "
        "sum of their rounding-error bounds. Each bound is $\\gamma_{m+4}$ times the sum of the "
        "absolute values of the terms the step adds up"
        + ("" if model.quadratic else
           ", with the sensitivity of the outer function to the rounding of its argument "
           "added")
        + ", where $\\gamma_{m+4} = (m+4)u/(1-(m+4)u)$ and $u = 2^{-53}$ is the unit roundoff "
        f"of double precision; here m + 4 = {m + 4}."
    )


def derivation_view(problem: Problem, k: int, i: int, j: int, r: int = 0) -> DerivationView:
    """The model's derivation of ∂F_(r,)k/∂W_ij (0-based), checked, with its notation.

    Examples
    --------
    >>> from hadviz.problem import random_problem
    >>> v = derivation_view(random_problem(2, 3, 0, "int", fn="gated"), 1, 0, 1)
    >>> len(v.steps), v.entry
    (7, '\\\\partial f_{2}/\\\\partial W_{1,2}')
    """
    at = Entry(k, i, j, r if problem.model.rows else 0)
    if not problem.model.has_derivation:  # the page says so in one line
        return DerivationView((), notation(problem.model), "", entry_latex(problem.model, at),
                              problem.model.derivation_rules, _how_checked(problem))
    steps = derivation_steps(problem, k, i, j, r)
    return DerivationView(tuple(steps), notation(problem.model), diag_identity(problem),
                          entry_latex(problem.model, at), problem.model.derivation_rules,
                          _how_checked(problem))
