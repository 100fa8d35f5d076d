"""The problem: which function of the family, and its inputs W and parameters, validated once.

Everything in hadviz starts from a :class:`Problem`: a frozen value holding the name of the
model (:mod:`hadviz.models`), a matrix ``W`` of shape (m, n) and the model's named parameter
arrays (a and b of shape (m,), or A and B of shape (m, p)). Construction checks shapes and
finiteness and raises :class:`ValueError` naming the offending input and the shape it should
have, so the rest of the core can trust its inputs. :func:`random_problem`
draws reproducible problems (the same arguments give the same numbers on every machine),
and :func:`check_inputs` is the shared shape check the calculus functions use.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Literal

import numpy as np
from numpy.typing import ArrayLike, NDArray

from hadviz.models import FunctionName, Model, model_of
from hadviz.shapes import check_inputs, check_params

__all__ = ["DISTRIBUTIONS", "Distribution", "Problem", "check_inputs", "check_params",
           "random_problem"]

Distribution = Literal["normal", "uniform", "int"]

#: The distributions :func:`random_problem` draws from, in the order the app lists them.
DISTRIBUTIONS: tuple[Distribution, ...] = ("normal", "uniform", "int")

#: The integers the ``"int"`` distribution draws from: small, for numbers a class can read.
INT_RANGE: tuple[int, int] = (-3, 3)
#: Most draws tried for a readable integer problem (at 64 × 64 about 1 in 30 qualifies).
MAX_DRAWS = 1000


def _frozen(arr: NDArray) -> NDArray:
    out = np.array(arr, dtype=float, copy=True)
    out.setflags(write=False)
    return out


@dataclass(frozen=True, eq=False, init=False)
class Problem:
    """The inputs of one function of the family: a real matrix W and the model's parameters.

    The arrays are stored as read-only float64 copies, so a ``Problem`` can be shared
    freely between pages and caches. Each parameter is also an attribute by its name
    (``problem.a``, ``problem.A``).

    Parameters
    ----------
    W : (m, n) array_like
        The matrix the derivative is taken with respect to.
    *arrays : array_like
        The parameters of the model, in its order: a, b of shape (m,) for ``hadamard``,
        ``tanh`` and ``gated``; A, B of shape (m, p) for ``matrix``.
    fn : str
        The model's name in :data:`hadviz.models.MODELS` (or an alias).

    Raises
    ------
    ValueError
        When a shape does not fit or an entry is not a finite real number.

    Examples
    --------
    >>> p = Problem([[1, 2, 3], [4, 5, 6]], [1, 0], [0, 1])
    >>> p.m, p.n, p.fn, p.a.tolist()
    (2, 3, 'hadamard', [1.0, 0.0])
    >>> Problem([[1.0]], [float("nan")], [1.0])
    Traceback (most recent call last):
    ...
    ValueError: a must contain only finite numbers; entry 0 is nan
    >>> Problem([[1.0, 2.0]], [[1.0, 2.0]], [[3.0, 4.0]], fn="matrix").p
    2
    """

    W: NDArray
    arrays: tuple[NDArray, ...]
    fn: FunctionName

    def __init__(self, W: ArrayLike, *arrays: ArrayLike, fn: str = "hadamard") -> None:
        model = model_of(fn)
        W, checked = check_params(model, W, arrays, allow_complex=False)
        for name, arr in (("W", W), *zip(model.param_names, checked, strict=True)):
            bad = np.argwhere(~np.isfinite(arr))
            if bad.size:
                idx = tuple(int(i) for i in bad[0])
                where = idx[0] if len(idx) == 1 else idx
                raise ValueError(
                    f"{name} must contain only finite numbers; entry {where} is {arr[idx]}"
                )
        object.__setattr__(self, "W", _frozen(W))
        object.__setattr__(self, "arrays", tuple(_frozen(x) for x in checked))
        object.__setattr__(self, "fn", model.name)

    def __getattr__(self, name: str) -> NDArray:
        # only called for names that are not fields: the parameters by name
        if name.startswith("_") or name in ("W", "arrays", "fn"):
            raise AttributeError(name)
        names = model_of(self.fn).param_names
        if name in names:
            return self.arrays[names.index(name)]
        raise AttributeError(f"{self.fn} has no parameter {name!r} (it has "
                             f"{', '.join(names)})")

    @property
    def model(self) -> Model:
        """The function of this problem."""
        return model_of(self.fn)

    @property
    def params(self) -> dict[str, NDArray]:
        """The parameter arrays by name, in the model's order."""
        return dict(zip(self.model.param_names, self.arrays, strict=True))

    @property
    def m(self) -> int:
        """Number of rows of ``W`` (the length of every parameter's columns)."""
        return int(self.W.shape[0])

    @property
    def n(self) -> int:
        """Number of columns of ``W`` (the number of columns of the output)."""
        return int(self.W.shape[1])

    @property
    def p(self) -> int:
        """Columns of the matrix parameters (rows of the output); 1 for a model without."""
        for q, arr in zip(self.model.params, self.arrays, strict=True):
            if q.matrix:
                return int(arr.shape[1])
        return 1

    def replace(self, W: ArrayLike | None = None, **arrays: ArrayLike) -> Problem:
        """A problem of the same model with some arrays replaced (by name).

        Examples
        --------
        >>> Problem([[1.0, 2.0]], [1.0], [3.0]).replace(b=[1.0]).b.tolist()
        [1.0]
        """
        kept = [arrays.pop(name, arr) for name, arr in self.params.items()]
        if arrays:
            raise ValueError(f"{self.fn} has no parameter {next(iter(arrays))!r}")
        return Problem(self.W if W is None else W, *kept, fn=self.fn)

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, Problem):
            return NotImplemented
        return (self.fn == other.fn and len(self.arrays) == len(other.arrays)
                and all(np.array_equal(x, y) for x, y in
                        zip((self.W, *self.arrays), (other.W, *other.arrays), strict=True)))

    def __hash__(self) -> int:
        return hash((self.fn, self.W.shape, self.W.tobytes(),
                     *(x.shape for x in self.arrays), *(x.tobytes() for x in self.arrays)))


def random_problem(
    m: int, n: int, seed: int = 0, dist: Distribution = "normal", fn: str = "hadamard",
    p: int = 1,
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
        parameters in ±1..3), drawn again until the parameters, Wᵀa, Wᵀb (AᵀW, BᵀW for the
        matrix model), the question's f (F), W[0, 0] and its compact Jacobian's first entry
        have no zero: readable classroom numbers without a degenerate case.
    fn : str
        The model; ``hadamard``, ``tanh`` and ``gated`` draw the same numbers for the same
        seed, and ``matrix`` with p = 1 draws them too (as columns).
    p : int
        Columns of A and B for the matrix model (ignored by the others).

    Returns
    -------
    Problem
        ``W`` is drawn first, then the parameters in the model's order.

    Examples
    --------
    >>> p = random_problem(2, 3, seed=1, dist="int")
    >>> p.W.shape, p.a.shape, p.b.shape
    ((2, 3), (2,), (2,))
    >>> p == random_problem(2, 3, seed=1, dist="int")
    True
    >>> q = random_problem(2, 3, seed=1, dist="int", fn="matrix")
    >>> bool(np.array_equal(q.A[:, 0], p.a))
    True
    """
    for name, value in (("m", m), ("n", n), ("p", p)):
        if isinstance(value, bool) or not isinstance(value, int | np.integer) or value < 1:
            raise ValueError(f"{name} must be an integer >= 1; got {value!r}")
    if isinstance(seed, bool) or not isinstance(seed, int | np.integer) or seed < 0:
        raise ValueError(f"seed must be a non-negative integer; got {seed!r}")
    model = model_of(fn)
    rng = np.random.default_rng(int(seed))
    m, n = int(m), int(n)
    shapes = [(m, int(p)) if q.matrix else (m,) for q in model.params]
    if dist == "normal":
        draws = [rng.standard_normal(s) for s in ((m, n), *shapes)]
    elif dist == "uniform":
        draws = [rng.uniform(-1.0, 1.0, s) for s in ((m, n), *shapes)]
    elif dist == "int":
        draws = _readable_integers(rng, (m, n), shapes)
    else:
        raise ValueError(f"dist must be one of {', '.join(DISTRIBUTIONS)}; got {dist!r}")
    return Problem(*draws, fn=model.name)


def _readable_integers(rng: np.random.Generator, size: tuple[int, int],
                       shapes: Sequence[tuple[int, ...]]) -> list[NDArray]:
    """Small integers a learner will not misread: no zero in the parameters, in u = Wᵀa and
    v = Wᵀb (AᵀW and BᵀW), so none in the question's f, and non-zero W[0, 0] and first entry of
    the question's compact Jacobian (the smallest case's corner and the entry the pages
    highlight first). The rule is the question's for every model, so switching the function
    keeps the numbers.

    W is drawn from −3..3 and the parameters from ±1..3; a draw that fails the rule is replaced
    by the next one from the same generator, so a seed still gives the same numbers everywhere.
    """
    lo, hi = INT_RANGE
    nonzero = np.array([x for x in range(lo, hi + 1) if x != 0], dtype=float)
    for _ in range(MAX_DRAWS):
        W = rng.integers(lo, hi + 1, size).astype(float)
        a, b = (rng.choice(nonzero, s) for s in shapes)
        A, B = a.reshape(size[0], -1), b.reshape(size[0], -1)
        U, V = A.T @ W, B.T @ W
        if (np.all(U != 0) and np.all(V != 0) and W[0, 0] != 0
                and A[0, 0] * V[0, 0] + B[0, 0] * U[0, 0] != 0):
            break
    return [W, a, b]
