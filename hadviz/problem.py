"""The problem: the inputs ``W``, ``a``, ``b`` of f(W) = (aᵀW) ∘ (bᵀW), validated once.

Everything in hadviz starts from a :class:`Problem`: a frozen value holding a matrix
``W`` of shape (m, n) and two vectors ``a`` and ``b`` of shape (m,). Construction checks
shapes and finiteness and raises :class:`ValueError` naming the offending input and the
shape it should have, so the rest of the core can trust its inputs. :func:`random_problem`
draws reproducible problems (the same arguments give the same numbers on every machine),
and :func:`check_inputs` is the shared shape check the calculus functions use.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

import numpy as np
from numpy.typing import ArrayLike, NDArray

__all__ = ["DISTRIBUTIONS", "Distribution", "Problem", "check_inputs", "random_problem"]

Distribution = Literal["normal", "uniform", "int"]

#: The distributions :func:`random_problem` draws from, in the order the app lists them.
DISTRIBUTIONS: tuple[Distribution, ...] = ("normal", "uniform", "int")

#: The integers the ``"int"`` distribution draws from: small, for numbers a class can read.
INT_RANGE: tuple[int, int] = (-3, 3)
#: Most draws tried for a readable integer problem (at 64 × 64 about 1 in 30 qualifies).
MAX_DRAWS = 1000


def _as_array(name: str, value: ArrayLike, allow_complex: bool) -> NDArray:
    try:
        arr = np.asarray(value)
    except (TypeError, ValueError) as exc:  # ragged nested lists and the like
        raise ValueError(f"{name} must be a numeric array; got {type(value).__name__}") from exc
    if arr.dtype == bool or not (
        np.issubdtype(arr.dtype, np.number)
    ):
        raise ValueError(f"{name} must hold numbers; got dtype {arr.dtype}")
    if not allow_complex and np.iscomplexobj(arr):
        raise ValueError(f"{name} must be real; got a complex array")
    return arr


def check_inputs(
    W: ArrayLike, a: ArrayLike, b: ArrayLike, allow_complex: bool = True
) -> tuple[NDArray, NDArray, NDArray]:
    """Check that ``W``, ``a``, ``b`` have matching shapes and return them as arrays.

    Parameters
    ----------
    W : (m, n) array_like
    a, b : (m,) array_like
    allow_complex : bool
        Whether complex entries are allowed (the complex-step derivative needs them).

    Returns
    -------
    W : (m, n) ndarray
    a, b : (m,) ndarray

    Raises
    ------
    ValueError
        When a shape does not fit; the message names the input and the expected shape.

    Examples
    --------
    >>> W, a, b = check_inputs([[1.0, 2.0]], [1.0], [2.0])
    >>> W.shape, a.shape
    ((1, 2), (1,))
    >>> check_inputs([[1.0, 2.0]], [1.0, 0.0], [2.0])
    Traceback (most recent call last):
    ...
    ValueError: a must have shape (m,) = (1,) to match W of shape (1, 2); got shape (2,)
    """
    W = _as_array("W", W, allow_complex)
    a = _as_array("a", a, allow_complex)
    b = _as_array("b", b, allow_complex)
    if W.ndim != 2:
        raise ValueError(f"W must be a 2-D array of shape (m, n); got shape {W.shape}")
    m, n = W.shape
    if m < 1 or n < 1:
        raise ValueError(f"W must have m >= 1 rows and n >= 1 columns; got shape {W.shape}")
    for name, vec in (("a", a), ("b", b)):
        if vec.shape != (m,):
            raise ValueError(
                f"{name} must have shape (m,) = ({m},) to match W of shape {W.shape}; "
                f"got shape {vec.shape}"
            )
    return W, a, b


def _frozen(arr: NDArray) -> NDArray:
    out = np.array(arr, dtype=float, copy=True)
    out.setflags(write=False)
    return out


@dataclass(frozen=True, eq=False)
class Problem:
    """The inputs of f(W) = (aᵀW) ∘ (bᵀW): a real matrix and two real vectors.

    The arrays are stored as read-only float64 copies, so a ``Problem`` can be shared
    freely between pages and caches.

    Parameters
    ----------
    W : (m, n) array_like
        The matrix the derivative is taken with respect to.
    a, b : (m,) array_like
        The two fixed vectors.

    Raises
    ------
    ValueError
        When a shape does not fit or an entry is not a finite real number.

    Examples
    --------
    >>> p = Problem([[1, 2, 3], [4, 5, 6]], [1, 0], [0, 1])
    >>> p.m, p.n
    (2, 3)
    >>> Problem([[1.0]], [float("nan")], [1.0])
    Traceback (most recent call last):
    ...
    ValueError: a must contain only finite numbers; entry 0 is nan
    """

    W: NDArray
    a: NDArray
    b: NDArray

    def __post_init__(self) -> None:
        W, a, b = check_inputs(self.W, self.a, self.b, allow_complex=False)
        for name, arr in (("W", W), ("a", a), ("b", b)):
            bad = np.argwhere(~np.isfinite(arr))
            if bad.size:
                idx = tuple(int(i) for i in bad[0])
                where = idx[0] if len(idx) == 1 else idx
                raise ValueError(
                    f"{name} must contain only finite numbers; entry {where} is {arr[idx]}"
                )
        object.__setattr__(self, "W", _frozen(W))
        object.__setattr__(self, "a", _frozen(a))
        object.__setattr__(self, "b", _frozen(b))

    @property
    def m(self) -> int:
        """Number of rows of ``W`` (the length of ``a`` and ``b``)."""
        return int(self.W.shape[0])

    @property
    def n(self) -> int:
        """Number of columns of ``W`` (the length of f)."""
        return int(self.W.shape[1])

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, Problem):
            return NotImplemented
        return all(
            np.array_equal(x, y)
            for x, y in ((self.W, other.W), (self.a, other.a), (self.b, other.b))
        )

    def __hash__(self) -> int:
        return hash((self.W.shape, self.W.tobytes(), self.a.tobytes(), self.b.tobytes()))


def random_problem(
    m: int, n: int, seed: int = 0, dist: Distribution = "normal"
) -> Problem:
    """Draw a reproducible random problem.

    Parameters
    ----------
    m, n : int
        Shape of ``W`` (both at least 1).
    seed : int
        Seed of :func:`numpy.random.default_rng`; the same arguments give the same numbers
        on every machine.
    dist : {"normal", "uniform", "int"}
        Standard normal entries, uniform entries in [-1, 1), or small integers (W in -3..3,
        a and b in ±1..3), drawn again until a, b, Wᵀa, Wᵀb, f, W[0, 0] and G[0, 0] have no
        zero:
        readable classroom numbers without a degenerate case.

    Returns
    -------
    Problem
        ``W`` is drawn first, then ``a``, then ``b``.

    Examples
    --------
    >>> p = random_problem(2, 3, seed=1, dist="int")
    >>> p.W.shape, p.a.shape, p.b.shape
    ((2, 3), (2,), (2,))
    >>> p == random_problem(2, 3, seed=1, dist="int")
    True
    """
    for name, value in (("m", m), ("n", n)):
        if isinstance(value, bool) or not isinstance(value, int | np.integer) or value < 1:
            raise ValueError(f"{name} must be an integer >= 1; got {value!r}")
    if isinstance(seed, bool) or not isinstance(seed, int | np.integer) or seed < 0:
        raise ValueError(f"seed must be a non-negative integer; got {seed!r}")
    rng = np.random.default_rng(int(seed))
    m, n = int(m), int(n)
    if dist == "normal":
        draws = [rng.standard_normal(s) for s in ((m, n), m, m)]
    elif dist == "uniform":
        draws = [rng.uniform(-1.0, 1.0, s) for s in ((m, n), m, m)]
    elif dist == "int":
        return _readable_integers(rng, m, n)
    else:
        raise ValueError(f"dist must be one of {', '.join(DISTRIBUTIONS)}; got {dist!r}")
    return Problem(*draws)


def _readable_integers(rng: np.random.Generator, m: int, n: int) -> Problem:
    """Small integers a learner will not misread: no zero in a, b, u = Wᵀa, v = Wᵀb (so none
    in f), and non-zero W[0, 0] and G[0, 0] (the smallest case's corner and the entry the
    pages highlight first).

    W is drawn from −3..3 and a, b from ±1..3; a draw that fails the rule is replaced by the
    next one from the same generator, so a seed still gives the same numbers everywhere.
    """
    lo, hi = INT_RANGE
    nonzero = np.array([x for x in range(lo, hi + 1) if x != 0], dtype=float)
    for _ in range(MAX_DRAWS):
        W = rng.integers(lo, hi + 1, (m, n)).astype(float)
        a, b = rng.choice(nonzero, m), rng.choice(nonzero, m)
        u, v = a @ W, b @ W
        if (np.all(u != 0) and np.all(v != 0) and W[0, 0] != 0
                and a[0] * v[0] + b[0] * u[0] != 0):
            break
    return Problem(W, a, b)
