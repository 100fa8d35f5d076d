"""Hand-typed numbers: W and the model's parameters as plain tuples, and their rules.

A :class:`HandData` is what the number editor and a ``mode=edit`` link hold: hashable (it
keys the caches), exact (the floats as typed), and validated into a
:class:`~hadviz.problem.Problem` by :meth:`HandData.to_problem` with the limits below.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import cast

import numpy as np
from numpy.typing import NDArray

from hadviz.latex import text_sci
from hadviz.models import FunctionName, Model, model_of
from hadviz.problem import Problem

__all__ = ["MAX_ABS", "MIN_ABS", "HandData", "Rows", "underflowed"]

#: Largest magnitude of a hand-typed number: f multiplies four of them (|f_k| ≤ m²·1e24),
#: which keeps every page, its squares and its differences far from overflow.
MAX_ABS = 1e6
#: Smallest magnitude of a non-zero hand-typed number: products of four of them stay far above
#: float64's underflow threshold (2.2e-308), so every check's rounding-error bound holds.
MIN_ABS = 1e-60

#: Rows of numbers: W, and each parameter as m rows (of one entry for a vector).
Rows = tuple[tuple[float, ...], ...]


def underflowed(text: str, x: float) -> bool:
    """Whether ``text`` names a number other than 0 that float reads as 0 (``1e-400``): it
    must be refused like any other below :data:`MIN_ABS`, not become a zero.

    Examples
    --------
    >>> [underflowed(t, float(t)) for t in ("1e-400", "-2.5E-999", "0e5", "0.000", "1e-5")]
    [True, True, False, False, False]
    """
    return x == 0 and any(c in "123456789" for c in text.lower().split("e")[0])


def _rows(arr: NDArray) -> Rows:
    return tuple(tuple(float(x) for x in row) for row in np.asarray(arr).reshape(len(arr), -1))


@dataclass(frozen=True)
class HandData:
    """Hand-typed numbers as plain tuples (hashable, so they can key a cache).

    Attributes
    ----------
    W : rows of floats
    params : one rows-of-floats per parameter of the model, in its order; a vector is m rows of
        one entry, a matrix m rows of p entries.
    fn : the model's name.
    """

    W: Rows
    params: tuple[Rows, ...]
    fn: FunctionName = "hadamard"

    @classmethod
    def from_problem(cls, problem: Problem) -> HandData:
        return cls(_rows(problem.W), tuple(_rows(x) for x in problem.arrays), problem.fn)

    @property
    def model(self) -> Model:
        return model_of(self.fn)

    def named(self) -> dict[str, Rows]:
        """The parameters by name."""
        return dict(zip(self.model.param_names, self.params, strict=True))

    def arrays(self) -> list[NDArray]:
        """The parameters as arrays of the model's shapes ((m,) or (m, p))."""
        out = []
        for q, rows in zip(self.model.params, self.params, strict=True):
            arr = np.array(rows, dtype=float).reshape(len(rows), -1)
            out.append(arr if q.matrix else arr[:, 0] if arr.shape[1] == 1 else arr)
        return out

    def to_problem(self) -> Problem:
        """Validate into a :class:`Problem` (raises ``ValueError`` on bad data).

        Besides the checks of :class:`Problem`, every number must be 0 or between
        :data:`MIN_ABS` and :data:`MAX_ABS` in magnitude.

        Examples
        --------
        >>> HandData(((1e-70,),), (((1.0,),), ((1.0,),))).to_problem()
        Traceback (most recent call last):
        ...
        ValueError: W has an entry 1.00 × 10⁻⁷⁰: numbers other than 0 must be at least
        1 × 10⁻⁶⁰ in magnitude
        """
        problem = Problem(np.array(self.W, dtype=float), *self.arrays(), fn=self.fn)
        named = [(name, np.abs(arr).ravel()) for name, arr in (("W", problem.W),
                                                               *problem.params.items())]
        huge = [name for name, mag in named if mag.size and float(mag.max()) > MAX_ABS]
        if huge:  # every input at fault is named, not only the first
            names = ", ".join(huge[:-1]) + " and " + huge[-1] if len(huge) > 1 else huge[0]
            raise ValueError(f"{names} {'has' if len(huge) == 1 else 'each have'} "
                             f"an entry larger than {text_sci(MAX_ABS, 1)} in magnitude")
        tiny = [f"{name} has an entry {text_sci(small[0], 3)}" for name, mag in named
                if (small := mag[(mag > 0) & (mag < MIN_ABS)]).size]
        if tiny:
            raise ValueError(", ".join(tiny) + ": numbers other than 0 must be at least "
                             f"{text_sci(MIN_ABS, 1)} in magnitude")
        return problem

    def for_model(self, fn: str, p: int = 1) -> HandData:
        """The same W and numbers for another model: a vector becomes a matrix's first column
        (its other p − 1 columns are 1), a matrix keeps its first p columns (its first column
        when the new model takes vectors), and missing columns are 1.

        Examples
        --------
        >>> d = HandData(((1.0, 2.0),), (((3.0,),), ((4.0,),)))
        >>> d.for_model("matrix", 2).params
        (((3.0, 1.0),), ((4.0, 1.0),))
        >>> d.for_model("matrix", 2).for_model("gated").params
        (((3.0,),), ((4.0,),))
        """
        model = model_of(fn)
        width = p if model.rows else 1
        params = [tuple(row[:width] + (1.0,) * (width - len(row[:width])) for row in rows)
                  for rows in self.params]
        return HandData(self.W, tuple(params), cast(FunctionName, model.name))
