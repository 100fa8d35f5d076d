r"""What a function of W is in hadviz: a value with its derivatives, kept together.

A :class:`Model` is one map F(W; a, b) ∈ ℝⁿ whose component k depends on column k of W
only, so its Jacobian is carried by a compact m × n matrix (J[k, i, j] = δ_jk G[i, k]).
It gives F, that compact G, the JVP and VJP, the exact Taylor coefficients of
t ↦ F(W + tH) up to the third, and the dense Hessian. Every method works on arrays that
the caller has validated (a :class:`~hadviz.problem.Problem`, or :func:`check_inputs`), and
accepts complex ``W`` and ``H`` without conjugation, as the complex step needs.
"""

from __future__ import annotations

from abc import ABC, abstractmethod
from typing import NamedTuple

import numpy as np
from numpy.typing import NDArray

__all__ = ["Line", "Model"]


class Line(NamedTuple):
    """F(W + tH) = F + t·d1 + t²·d2/2 + t³·d3/6 + …: the exact coefficients at t = 0.

    Attributes
    ----------
    F, d1, d2, d3 : (n,) ndarray
        F(W) and the first three derivatives of t ↦ F(W + tH) at 0.
    """

    F: NDArray
    d1: NDArray
    d2: NDArray
    d3: NDArray


class Model(ABC):
    """One function F(W; a, b) ∈ ℝⁿ, component k a function of column k of W.

    Attributes
    ----------
    label : str
        How the app names it in a selector.
    symbol : str
        Its name in running text ("f", "tanh(f)").
    quadratic : bool
        F is a quadratic polynomial in W: central differences and the complex step are then
        exact up to rounding, and the second-order term is the exact remainder.
    """

    label: str
    symbol: str
    quadratic: bool

    @abstractmethod
    def f(self, W: NDArray, a: NDArray, b: NDArray) -> NDArray:
        """F(W), shape (n,)."""

    @abstractmethod
    def compact(self, W: NDArray, a: NDArray, b: NDArray) -> NDArray:
        """The compact Jacobian, shape (m, n): J[k, i, j] = δ_jk · compact[i, k]."""

    @abstractmethod
    def line(self, W: NDArray, a: NDArray, b: NDArray, H: NDArray) -> Line:
        """The exact Taylor coefficients of t ↦ F(W + tH) at t = 0."""

    @abstractmethod
    def hessian(self, W: NDArray, a: NDArray, b: NDArray) -> NDArray:
        """The dense Hessian Hess[k, i, j, p, q] = ∂²F_k/∂W_ij ∂W_pq, shape (n, m, n, m, n)."""

    def jvp(self, W: NDArray, a: NDArray, b: NDArray, H: NDArray) -> NDArray:
        """DF(W)[H] = Σ_ij J[k, i, j] H_ij, shape (n,)."""
        return np.einsum("ik,ik->k", self.compact(W, a, b), H)

    def vjp(self, W: NDArray, a: NDArray, b: NDArray, g: NDArray) -> NDArray:
        """∇_W(gᵀF) = compact · Diag(g), shape (m, n)."""
        return self.compact(W, a, b) * g[np.newaxis, :]

    def second_order_term(self, W: NDArray, a: NDArray, b: NDArray, H: NDArray) -> NDArray:
        """Half the second derivative of t ↦ F(W + tH) at 0, shape (n,)."""
        return self.line(W, a, b, H).d2 / 2.0

    def saturated(self, W: NDArray, a: NDArray, b: NDArray) -> int:
        """How many components are flat to machine precision at W (0 unless overridden)."""
        return 0
