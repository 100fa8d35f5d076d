r"""Facts of one problem that the pages' sentences depend on, computed once.

A sentence such as "each slice has a non-zero column" or "the shortcut is right because a
and b are parallel" is only true for some problems. Every such claim asks :func:`facts`
instead of assuming a generic problem: which of the two parameter arrays (a, b; or A, B) and
W are 0, whether they are parallel (a ∥ b; for matrices column by column), whether their
projections u = Wᵀa, v = Wᵀb (U = AᵀW, V = BᵀW) vanish, which columns of the model's
compact Jacobian (hence which slices J[(r,) k]) are non-zero, and why it is 0 when it is.
Zero tests on inputs are exact; "parallel" allows the rounding of the typed numbers
(b = 0.1·a typed in decimal is parallel to within rounding, not exactly). Nothing here names a
model: a cause of a zero Jacobian is named only when it makes the model's compact Jacobian 0
for every value of the other arrays (tested on a seeded draw).

The wording helpers at the end turn these facts into phrases that hold for the problem
at hand ("1 of 3 columns", "every column of G is 0").
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from numpy.typing import NDArray

from hadviz.checks import UNIT_ROUNDOFF
from hadviz.latex import plain, plural
from hadviz.problem import Problem

__all__ = ["Facts", "facts", "parallel", "why_G_zero"]


def parallel(a: NDArray, b: NDArray) -> bool:
    """Whether a ∥ b: one is a multiple of the other (either may be 0), to rounding.

    abᵀ = baᵀ exactly when a ∥ b; the test allows a few units of rounding in each product
    aᵢbⱼ, so that b typed as 0.1·a in decimal still counts as parallel. For (m, p) matrices:
    whether column r of a is parallel to column r of b for every r.

    Examples
    --------
    >>> parallel(np.array([1.0, 2.0]), np.array([-3.0, -6.0]))
    True
    >>> parallel(np.array([1.0, 2.0]), np.array([2.0, 1.0]))
    False
    >>> parallel(np.array([0.0, 0.0]), np.array([2.0, 1.0]))
    True
    """
    if a.ndim == 2:
        return all(parallel(a[:, r], b[:, r]) for r in range(a.shape[1]))
    ab, ba = np.outer(a, b), np.outer(b, a)
    return bool(np.all(np.abs(ab - ba) <= 4 * UNIT_ROUNDOFF * (np.abs(ab) + np.abs(ba))))


@dataclass(frozen=True)
class Facts:
    """What is zero, parallel or symmetric in one problem, for its model.

    Attributes
    ----------
    m, n : int
    names : (str, str)
        The two parameter arrays' names ("a", "b" or "A", "B").
    a_zero, b_zero, W_zero : bool
        The first parameter array is 0 (a or A), the second (b or B), W (every entry).
    parallel : bool
        a ∥ b, or column r of A ∥ column r of B for every r (always true for m = 1 or when
        either array is 0).
    multiple : float or None
        c with b = c·a when a ≠ 0 is a vector and a ∥ b, else None.
    u_zero, v_zero : bool
        u = Wᵀa = 0 and v = Wᵀb = 0 (U = AᵀW, V = BᵀW).
    G_columns : tuple of int
        The 0-based columns k whose block of the compact Jacobian is not 0: the slices
        J[(r,) k] that are not all 0.
    G_nonzeros : int
        How many entries of the compact Jacobian (hence of J) are not 0.
    G_symmetric : bool
        m = n and the compact Jacobian (each m × n sheet of it, for a model with rows) equals
        its transpose exactly.
    rows : int
        p for a model with rows (slices J[r, k]), else 0.
    compact : str
        The compact Jacobian's name and formula in plain text ("G = (abᵀ + baᵀ)W").
    zero_reason : str
        Why the compact Jacobian is 0, when it is ("" otherwise): see :func:`why_G_zero`.
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
    names: tuple[str, str] = ("a", "b")
    rows: int = 0
    compact: str = "G = (abᵀ + baᵀ)W"
    zero_reason: str = ""

    @property
    def G_zero(self) -> bool:
        """The compact Jacobian is 0, so J = 0: F is flat to first order at W."""
        return self.G_nonzeros == 0

    def slices_sentence(self) -> str:
        """Which slices J[(r,) k] hold a non-zero number here, as a sentence for running text.

        For a model with rows, column k's p slices J[r, k] are counted together: they are
        the m × p block of column k.

        Examples
        --------
        >>> facts(Problem([[1.0, 0.0]], [1.0], [1.0])).slices_sentence()
        'Here 1 of the 2 slices has a non-zero column (slice 1); the other is all 0.'
        """
        count, n = len(self.G_columns), self.n
        if self.rows:
            return self._block_sentence(count)
        if count == n:
            return ("Here every slice has a non-zero column." if n > 1 else
                    "Here the one slice has a non-zero column.")
        if count == 0:
            return (f"Here {self.compact.split(' =')[0]} = 0, so every slice is all 0 "
                    f"({why_G_zero(self)}).")
        named = ", ".join(str(k + 1) for k in self.G_columns)
        rest = n - count
        return (f"Here {count} of the {n} slices {'has' if count == 1 else 'have'} a non-zero "
                f"column ({plural(count, 'slice', 'slices', number=False)} {named}); the "
                f"{'other is' if rest == 1 else f'other {rest} are'} all 0.")

    def _block_sentence(self, count: int) -> str:
        n, p = self.n, self.rows
        if count == 0:
            return f"Here C = 0, so every slice J[r, k] is all 0 ({why_G_zero(self)})."
        if count == n:
            return (f"Here every column k has a non-zero block, so for each k at least one of "
                    f"its {plural(p, 'slice', 'slices')} J[r, k] has a non-zero column.")
        named = ", ".join(str(k + 1) for k in self.G_columns)
        return (f"Here {count} of the {n} columns k ({named}) have a non-zero block; for the "
                f"other {n - count} every slice J[r, k] is all 0.")


def _sufficient(problem: Problem, zeros: dict[str, bool], W_zero: bool) -> bool:
    """Whether zeroing the named inputs makes the model's compact Jacobian 0 for any others.

    The other inputs are a seeded normal draw (a zero there happens with probability 0).
    """
    rng = np.random.default_rng(0)
    model = problem.model
    W = np.zeros(problem.W.shape) if W_zero else rng.standard_normal(problem.W.shape)
    P = [np.zeros(x.shape) if zeros.get(q.name) else rng.standard_normal(x.shape)
         for q, x in zip(model.params, problem.arrays, strict=True)]
    return not np.any(model.compact(W, *P))


def _zero_reason(problem: Problem, zero: tuple[bool, bool], W_zero: bool,
                 proj_zero: tuple[bool, bool]) -> str:
    """The first cause, in order, that holds and alone makes the compact Jacobian 0."""
    a, b = problem.model.param_names[:2]
    G = plain(problem.model.compact_text)
    if all(zero):
        return f"{a} = {b} = 0"
    for name, is_zero in zip((a, b), zero, strict=True):
        if is_zero and _sufficient(problem, {name: True}, False):
            return f"{name} = 0, and {G} is 0 whenever {name} = 0"
    if W_zero and _sufficient(problem, {}, True):
        return f"W = 0, and {G} is 0 whenever W = 0"
    if all(proj_zero) and problem.model.quadratic:
        u, v = ("U = AᵀW", "V = BᵀW") if problem.model.rows else ("u = Wᵀa", "v = Wᵀb")
        return (f"every column of W is orthogonal to both {a} and {b}, so {u} and {v} are 0 "
                f"and {G} is 0")
    return f"{G} is 0 entry by entry here"


def facts(problem: Problem) -> Facts:
    """The facts of ``problem`` that sentences on the pages depend on.

    Examples
    --------
    >>> fx = facts(Problem([[1.0, 2.0], [0.0, 0.0]], [0.0, 1.0], [1.0, 1.0]))
    >>> fx.a_zero, fx.u_zero, fx.parallel, fx.G_columns, fx.G_nonzeros
    (False, True, False, (0, 1), 2)
    """
    model, W = problem.model, problem.W
    a, b = problem.arrays[:2]
    C = model.compact(W, *problem.arrays)
    sheets = [C] if C.ndim == 2 else [C[:, r, :] for r in range(C.shape[1])]
    is_parallel = parallel(a, b)
    multiple = None
    if is_parallel and a.ndim == 1 and a.any():
        multiple = float(a @ b) / float(a @ a)
    zero = (not a.any(), not b.any())
    proj_zero = (not (a.T @ W).any(), not (b.T @ W).any())
    nonzero = C.reshape(C.shape[0], -1, C.shape[-1]).any(axis=(0, 1))
    G_zero = not C.any()
    return Facts(
        m=problem.m, n=problem.n, a_zero=zero[0], b_zero=zero[1], W_zero=not W.any(),
        parallel=is_parallel, multiple=multiple, u_zero=proj_zero[0], v_zero=proj_zero[1],
        G_columns=tuple(int(k) for k in np.flatnonzero(nonzero)),
        G_nonzeros=int(np.count_nonzero(C)),
        G_symmetric=problem.m == problem.n and all(np.array_equal(S, S.T) for S in sheets),
        names=(model.param_names[0], model.param_names[1]), rows=problem.p if model.rows else 0,
        compact=plain(model.compact_text),
        zero_reason=_zero_reason(problem, zero, not W.any(), proj_zero) if G_zero else "",
    )


def why_G_zero(fx: Facts) -> str:
    """Why the compact Jacobian is 0, naming the first cause that makes it 0 on its own.

    Examples
    --------
    >>> why_G_zero(facts(Problem([[1.0, 2.0]], [0.0], [3.0])))
    'a = 0, and G = (abᵀ + baᵀ)W is 0 whenever a = 0'
    >>> why_G_zero(facts(Problem([[1.0, 2.0]], [0.0], [3.0], fn="gated")))
    ''
    """
    return fx.zero_reason
