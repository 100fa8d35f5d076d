r"""What a model gives the practice page: the terms of one entry of its compact Jacobian.

An entry C[i, (r,) k] = ∂F_(r,)k/∂W_ik is a sum of :class:`Term` s, each a product of factors
(arrays that broadcast to the compact shape, (m, n) or (m, p, n)). An exercise asks for one
entry; leaving out a term, or one of the model's named wrong answers (:class:`EntryTerms`),
is a mistake it is graded against. Each term's ``size`` bounds its absolute value from the
sizes of the inputs, so the sum S of the sizes is at least the size of the entry: an answer is
right within a fraction of S.
"""

from __future__ import annotations

from typing import NamedTuple

import numpy as np
from numpy.typing import NDArray

__all__ = ["EntryTerms", "Term"]


class Term(NamedTuple):
    """One term of an entry of the compact Jacobian.

    Attributes
    ----------
    factors : tuple of ndarray
        Arrays that broadcast to the compact shape; the term is their product.
    size : ndarray, the compact shape
        An upper bound of the term's size from |W| and the |parameters| (≥ |term|).
    name : str
        The term in plain text, as a mistake names it ("aᵢ(bᵀwₖ)").
    latex : str
        The term in LaTeX, a format string with fields ``{i}``, ``{r}``, ``{k}`` (from 1).
    """

    factors: tuple[NDArray, ...]
    size: NDArray
    name: str
    latex: str

    def value(self, shape: tuple[int, ...]) -> NDArray:
        """The product of the factors, broadcast to ``shape``.

        Examples
        --------
        >>> t = Term((np.array([[1.0], [2.0]]), np.array([[3.0, 4.0]])), np.ones((2, 2)), "", "")
        >>> t.value((2, 2)).tolist()
        [[3.0, 4.0], [6.0, 8.0]]
        """
        out = np.ones(shape)
        for x in self.factors:
            out = out * x
        return np.broadcast_to(out, shape)


class EntryTerms(NamedTuple):
    """The terms of every entry of a model's compact Jacobian, for an exercise on one.

    Attributes
    ----------
    terms : tuple of Term
        Their sum is the compact Jacobian.
    wrong : tuple of (ndarray, str)
        Named wrong answers besides a left-out term (the compact shape, what it is).
    scale_text : str
        S, the sum of the terms' sizes, in plain text ("|aᵢ|·(|b|ᵀ|wₖ|) + |bᵢ|·(|a|ᵀ|wₖ|)").
    """

    terms: tuple[Term, ...]
    wrong: tuple[tuple[NDArray, str], ...]
    scale_text: str
