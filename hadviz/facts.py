r"""Facts of one problem that the pages' sentences depend on, computed once.

A sentence such as "each slice has a non-zero column" or "the shortcut is right because a
and b are parallel" is only true for some problems. Every such claim asks :func:`facts`
instead of assuming a generic problem: which of a, b, W are 0, whether a ∥ b, whether
u = Wᵀa or v = Wᵀb vanish, which columns of G (hence which slices J[k]) are non-zero, and
why G is 0 when it is. Zero tests on inputs are exact; "a ∥ b" allows the rounding of the
typed numbers (b = 0.1·a typed in decimal is parallel to within rounding, not exactly).

The wording helpers at the end turn these facts into phrases that hold for the problem
at hand ("1 of 3 columns", "every column of G is 0").
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from numpy.typing import NDArray

from hadviz.checks import UNIT_ROUNDOFF
from hadviz.latex import plural
from hadviz.models import HADAMARD, projections
from hadviz.problem import Problem

__all__ = ["Facts", "facts", "parallel", "why_G_zero"]


def parallel(a: NDArray, b: NDArray) -> bool:
    """Whether a ∥ b: one is a multiple of the other (either may be 0), to rounding.

    abᵀ = baᵀ exactly when a ∥ b; the test allows a few units of rounding in each product
    aᵢbⱼ, so that b typed as 0.1·a in decimal still counts as parallel.

    Examples
    --------
    >>> parallel(np.array([1.0, 2.0]), np.array([-3.0, -6.0]))
    True
    >>> parallel(np.array([1.0, 2.0]), np.array([2.0, 1.0]))
    False
    >>> parallel(np.array([0.0, 0.0]), np.array([2.0, 1.0]))
    True
    """
    ab, ba = np.outer(a, b), np.outer(b, a)
    return bool(np.all(np.abs(ab - ba) <= 4 * UNIT_ROUNDOFF * (np.abs(ab) + np.abs(ba))))


@dataclass(frozen=True)
class Facts:
    """What is zero, parallel or symmetric in one problem.

    Attributes
    ----------
    m, n : int
    a_zero, b_zero, W_zero : bool
        a = 0, b = 0, W = 0 (every entry).
    parallel : bool
        a ∥ b (always true for m = 1 or when a or b is 0).
    multiple : float or None
        c with b = c·a when a ≠ 0 and a ∥ b, else None.
    u_zero, v_zero : bool
        u = Wᵀa = 0 and v = Wᵀb = 0.
    G_columns : tuple of int
        The 0-based columns k with G[:, k] ≠ 0: the slices J[k] that are not all 0.
    G_nonzeros : int
        How many entries of G (hence of J) are not 0.
    G_symmetric : bool
        m = n and G = Gᵀ exactly.
    """

    m: int
    n: int
    a_zero: bool
    b_zero: bool
    W_zero: bool
    parallel: bool
    multiple: float | None
    u_zero: bool
    v_zero: bool
    G_columns: tuple[int, ...]
    G_nonzeros: int
    G_symmetric: bool

    @property
    def G_zero(self) -> bool:
        """G = 0, so J = 0: f is flat to first order at W."""
        return self.G_nonzeros == 0

    def slices_sentence(self) -> str:
        """Which slices J[k] hold a non-zero number here, as a sentence for running text.

        Examples
        --------
        >>> facts(Problem([[1.0, 0.0]], [1.0], [1.0])).slices_sentence()
        'Here 1 of the 2 slices has a non-zero column (slice 1); the other is all 0.'
        """
        count, n = len(self.G_columns), self.n
        if count == n:
            return ("Here every slice has a non-zero column." if n > 1 else
                    "Here the one slice has a non-zero column.")
        if count == 0:
            return f"Here G = 0, so every slice is all 0 ({why_G_zero(self)})."
        named = ", ".join(str(k + 1) for k in self.G_columns)
        rest = n - count
        return (f"Here {count} of the {n} slices {'has' if count == 1 else 'have'} a non-zero "
                f"column ({plural(count, 'slice', 'slices', number=False)} {named}); the "
                f"{'other is' if rest == 1 else f'other {rest} are'} all 0.")


def facts(problem: Problem) -> Facts:
    """The facts of ``problem`` that sentences on the pages depend on.

    Examples
    --------
    >>> fx = facts(Problem([[1.0, 2.0], [0.0, 0.0]], [0.0, 1.0], [1.0, 1.0]))
    >>> fx.a_zero, fx.u_zero, fx.parallel, fx.G_columns, fx.G_nonzeros
    (False, True, False, (0, 1), 2)
    """
    W, a, b = problem.W, problem.a, problem.b
    u, v = projections(W, a, b)
    G = HADAMARD.compact(W, a, b)
    is_parallel = parallel(a, b)
    multiple = None
    if is_parallel and a.any():
        multiple = float(a @ b) / float(a @ a)
    return Facts(
        m=problem.m, n=problem.n,
        a_zero=not a.any(), b_zero=not b.any(), W_zero=not W.any(),
        parallel=is_parallel, multiple=multiple,
        u_zero=not u.any(), v_zero=not v.any(),
        G_columns=tuple(int(k) for k in np.flatnonzero(G.any(axis=0))),
        G_nonzeros=int(np.count_nonzero(G)),
        G_symmetric=G.shape[0] == G.shape[1] and bool(np.array_equal(G, G.T)),
    )


def why_G_zero(fx: Facts) -> str:
    """Why G = (abᵀ + baᵀ)W = a vᵀ + b uᵀ is 0, checked in the order that names the cause.

    Examples
    --------
    >>> why_G_zero(facts(Problem([[1.0, 2.0]], [0.0], [3.0])))
    'a = 0, so u = Wᵀa = 0 and G = a vᵀ + b uᵀ = 0'
    """
    if fx.a_zero and fx.b_zero:
        return "a = b = 0"
    if fx.a_zero:
        return "a = 0, so u = Wᵀa = 0 and G = a vᵀ + b uᵀ = 0"
    if fx.b_zero:
        return "b = 0, so v = Wᵀb = 0 and G = a vᵀ + b uᵀ = 0"
    if fx.W_zero:
        return "W = 0, so u = Wᵀa and v = Wᵀb are 0 and G = a vᵀ + b uᵀ = 0"
    if fx.u_zero and fx.v_zero:
        return ("every column of W is orthogonal to both a and b, so u = Wᵀa and v = Wᵀb "
                "are 0 and G = a vᵀ + b uᵀ = 0")
    return "G = a vᵀ + b uᵀ cancels to 0 entry by entry here"
