r"""How the corner's f′ relates to G₁,₁ of the question's whole problem, decided exactly.

The smallest case of the question's f is its 1 × 1 corner (a₁, b₁, W₁,₁) taken as a problem of
its own, whose derivative is f′ = 2a₁b₁W₁,₁. Entry (1, 1) of G = (abᵀ + baᵀ)W also sees rows 2
to m of column 1:

.. math::

    G_{1,1} - 2a_1b_1W_{1,1} = a_1 \sum_{i \ge 2} b_iW_{i,1} + b_1 \sum_{i \ge 2} a_iW_{i,1}.

:func:`corner_note` says so in words and numbers, deciding "the two differ" in exact rational
arithmetic on the stored numbers. :func:`others` names what a sub-problem leaves out.
"""

from __future__ import annotations

from fractions import Fraction

from hadviz.latex import number
from hadviz.problem import Problem

__all__ = ["corner_note", "others", "rows_span"]


def _rest(m: int, letter: str) -> str:
    """LaTeX of the sum over rows 2 to m of ``letter``ᵢ W_{i,1} (m ≥ 2)."""
    terms = [f"{letter}_{{{i}}}W_{{{i},1}}" for i in range(2, m + 1)]
    if m > 3:
        terms = [terms[0], r"\dots", terms[-1]]
    return "(" + " + ".join(terms) + ")"


def _span(noun: str, count: int) -> str:
    """Rows (or columns) 2 to ``count`` in words: "row 2", "rows 2 and 3", "rows 2 to 5"."""
    if count == 2:
        return f"{noun} 2"
    return f"{noun}s 2 {'and' if count == 3 else 'to'} {count}"


def rows_span(m: int) -> str:
    return _span("row", m)


def others(m: int, n: int) -> str:
    """Rows 2 to m and columns 2 to n, in words ("row 2 and columns 2 to 4"), for what a
    sub-problem of an m × n problem leaves out."""
    rows = [rows_span(m)] if m > 1 else []
    cols = [_span("column", n)] if n > 1 else []
    return " and ".join(rows + cols)


def _exact_rest(p: Problem) -> tuple[Fraction, Fraction, Fraction]:
    """Σᵢ₌₂ aᵢWᵢ,₁, Σᵢ₌₂ bᵢWᵢ,₁ and a₁·(the second) + b₁·(the first), in exact rational
    arithmetic on the stored numbers (so a zero is a true zero, not a rounding accident)."""
    column = [Fraction(float(w)) for w in p.W[1:, 0]]
    sa = sum((Fraction(float(x)) * w for x, w in zip(p.a[1:], column, strict=True)), Fraction())
    sb = sum((Fraction(float(x)) * w for x, w in zip(p.b[1:], column, strict=True)), Fraction())
    return sa, sb, Fraction(float(p.a[0])) * sb + Fraction(float(p.b[0])) * sa


def corner_note(p: Problem) -> str:
    r"""How the corner's f′ = 2a₁b₁W₁,₁ relates to G₁,₁ = a₁v₁ + b₁u₁ of the whole problem.

    They differ by what rows 2 to m of column 1 add,
    :math:`a_1 \sum_{i \ge 2} b_iW_{i,1} + b_1 \sum_{i \ge 2} a_iW_{i,1}`, decided exactly
    (:func:`_exact_rest`), so "the two differ" is never a rounding artefact.

    Examples
    --------
    >>> note = corner_note(Problem([[1.0], [2.0]], [1.0, 1.0], [1.0, 1.0]))
    >>> "G_{1,1} = f' + (4) = 2 + (4) = 6" in note
    True
    >>> "no other rows" in corner_note(Problem([[0.0, 1.0]], [2.0], [3.0]))
    True
    """
    W, a, b, m = p.W, p.a, p.b, p.m
    sa, sb, extra = _exact_rest(p)
    exact_slope = 2 * Fraction(float(a[0])) * Fraction(float(b[0])) * Fraction(float(W[0, 0]))
    # the exact values, rounded once for display: equal ones are never shown as different
    slope, G11 = float(exact_slope), float(exact_slope + extra)
    shown = f"$G_{{1,1}} = f' = {number(G11, 6)}$"
    if m == 1:
        return ("With m = 1, column 1 has no other rows: $u_1 = a^Tw_1 = a_1W_{1,1}$ and "
                "$v_1 = b^Tw_1 = b_1W_{1,1}$, so $G_{1,1} = \\partial f_1/\\partial W_{1,1} = "
                f"a_1v_1 + b_1u_1 = 2a_1b_1W_{{1,1}} = f' = {number(G11, 6)}$: this case is "
                "entry (1, 1) of G.")
    adds = "adds" if m == 2 else "add"
    head = (f"**How this f′ relates to G₁,₁ of your problem.** In your {m} × {p.n} problem "
            "$W_{1,1}$ sits in column 1, $w_1$, whose component $f_1 = u_1v_1$ multiplies "
            f"$u_1 = a^Tw_1$ and $v_1 = b^Tw_1$, each a sum over the {m} rows of column 1. "
            "$W_{1,1}$ moves $u_1$ at rate $a_1$ and $v_1$ at rate $b_1$, so "
            "$G_{1,1} = \\partial f_1/\\partial W_{1,1} = a_1v_1 + b_1u_1$; the 1 × 1 problem "
            "keeps only row 1 ($u = a_1W_{1,1}$, $v = b_1W_{1,1}$). The difference is what "
            f"{rows_span(m)} of column 1 {adds}: "
            f"$G_{{1,1}} - f' = a_1{_rest(m, 'b')} + b_1{_rest(m, 'a')}$. ")
    if not W[1:, 0].any():
        verbs = "is 0, so it adds" if m == 2 else "are 0, so they add"
        return head + f"Here {rows_span(m)} of column 1 {verbs} nothing and {shown}."
    if a[0] == 0 and b[0] == 0:
        return head + ("Here $a_1 = b_1 = 0$: both terms are 0 and $W_{1,1}$ does not enter "
                       f"$f_1$ at all, so {shown}.")
    value = (f"$({number(a[0])})({number(float(sb), 6)}) + ({number(b[0])})"
             f"({number(float(sa), 6)}) = {number(float(extra), 6)}$")
    if extra == 0:
        return head + f"Here that is {value}, so {shown}."
    return head + (f"Here that is {value}, so $G_{{1,1}} = f' + ({number(float(extra), 6)}) = "
                   f"{number(slope, 6)} + ({number(float(extra), 6)}) = {number(G11, 6)}$: "
                   f"the two differ, because {rows_span(m)} of column 1 "
                   f"{'feeds' if m == 2 else 'feed'} into $u_1$ and $v_1$.")
