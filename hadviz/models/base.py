r"""What a function of W is in hadviz: a value with its derivatives, kept together.

A :class:`Model` is one map F(W; P₁, P₂, …) whose column k depends on column k of W only:
F ∈ ℝⁿ (one output per column), or F ∈ ℝ^{p×n} for a model with an output row index r. Its
Jacobian is then carried by a compact array C of shape (m, n), or (m, p, n) with rows:

.. math::

    J[k, i, j] = \delta_{jk}\, C[i, k], \qquad
    J[r, k, i, j] = \delta_{jk}\, C[i, r, k].

Every method takes ``W`` and then the model's parameter arrays in the order of
:attr:`Model.params` (``f(W, a, b)``, ``f(W, A, B)``), then the direction ``H`` or the
output weights ``g`` where it needs one. Methods work on arrays the caller has validated (a
:class:`~hadviz.problem.Problem`), and accept complex ``W`` and ``H`` without conjugation, as
the complex step needs.
"""

from __future__ import annotations

from abc import ABC, abstractmethod
from typing import NamedTuple

import numpy as np
from numpy.typing import NDArray

__all__ = ["Line", "Model", "Param"]


class Line(NamedTuple):
    """F(W + tH) = F + t·d1 + t²·d2/2 + t³·d3/6 + …: the exact coefficients at t = 0.

    Attributes
    ----------
    F, d1, d2, d3 : ndarray, the output's shape
        F(W) and the first three derivatives of t ↦ F(W + tH) at 0.
    """

    F: NDArray
    d1: NDArray
    d2: NDArray
    d3: NDArray


class Param(NamedTuple):
    """One parameter array of a model.

    Attributes
    ----------
    name : str
        Its name in code, URLs and the editor ("a", "A").
    matrix : bool
        Shape (m, p) when True, else (m,).
    """

    name: str
    matrix: bool


class Model(ABC):
    """One function F(W; P…), column k a function of column k of W.

    Attributes
    ----------
    name : str
        Its key in the registry and in the URL parameter ``fn``.
    label : str
        How the app names it in a selector.
    symbol : str
        Its name in running text ("f", "tanh(f)", "F").
    latex : str
        Its definition in LaTeX, e.g. ``f(W) = (a^T W) \\circ (b^T W)``.
    params : tuple of Param
        Its parameter arrays, in the order every method takes them.
    space : str
        Where its value lives, in LaTeX (``f \\in \\mathbb{R}^n``).
    entry_latex : str
        ∂F/∂W_ij entry by entry, in LaTeX, with the Kronecker δ_jk.
    compact_latex : str
        The compact Jacobian (the non-zero column blocks), in LaTeX.
    jvp_latex, vjp_latex : str
        DF(W)[H] and ∇_W⟨g, F⟩, in LaTeX.
    helpers_latex : str
        The names the formulas use (u = Wᵀa, …), in LaTeX.
    rows : bool
        The output has a row index r (F ∈ ℝ^{p×n}); else F ∈ ℝⁿ.
    quadratic : bool
        F is a quadratic polynomial in W: central differences and the complex step are then
        exact up to rounding, and the second-order term is the exact remainder.
    """

    name: str
    label: str
    symbol: str
    latex: str
    params: tuple[Param, ...]
    rows: bool = False
    quadratic: bool
    space: str
    entry_latex: str
    compact_latex: str
    jvp_latex: str
    vjp_latex: str
    helpers_latex: str

    @property
    def param_names(self) -> tuple[str, ...]:
        """The names of :attr:`params`, in order."""
        return tuple(q.name for q in self.params)

    def output_shape(self, n: int, p: int = 1) -> tuple[int, ...]:
        """(n,), or (p, n) for a model with rows."""
        return (p, n) if self.rows else (n,)

    @abstractmethod
    def f(self, W: NDArray, *P: NDArray) -> NDArray:
        """F(W), shape :meth:`output_shape`."""

    @abstractmethod
    def compact(self, W: NDArray, *P: NDArray) -> NDArray:
        """The compact Jacobian, shape (m, n) or (m, p, n): C[i, (r,) k] = ∂F_(r,)k/∂W_ik."""

    @abstractmethod
    def line(self, W: NDArray, *args: NDArray) -> Line:
        """``line(W, *P, H)``: the exact Taylor coefficients of t ↦ F(W + tH) at t = 0."""

    @abstractmethod
    def hessian(self, W: NDArray, *P: NDArray) -> NDArray:
        """The dense Hessian ∂²F/∂W_ij ∂W_pq, shape output + (m, n, m, n)."""

    def jvp(self, W: NDArray, *args: NDArray) -> NDArray:
        """``jvp(W, *P, H)``: DF(W)[H] = Σ_ij J[…, i, j] H_ij, the output's shape."""
        *P, H = args
        return np.einsum("i...k,ik->...k", self.compact(W, *P), H)

    def vjp(self, W: NDArray, *args: NDArray) -> NDArray:
        """``vjp(W, *P, g)``: ∇_W ⟨g, F⟩ for g of the output's shape, shape (m, n)."""
        *P, g = args
        return np.einsum("i...k,...k->ik", self.compact(W, *P), g)

    def jacobian(self, W: NDArray, *P: NDArray) -> NDArray:
        """The dense Jacobian ∂F/∂W_ij, shape output + (m, n), from :meth:`compact`."""
        C = self.compact(W, *P)
        m, n = W.shape
        # move i to the back: (…, k, i), then place each column k's block at j = k
        blocks = np.moveaxis(C, 0, -1)
        J = np.zeros((*blocks.shape[:-1], m, n), dtype=C.dtype)
        k = np.arange(n)
        J[..., k, :, k] = np.moveaxis(blocks, -2, 0)
        return J

    def second_order_term(self, W: NDArray, *args: NDArray) -> NDArray:
        """``second_order_term(W, *P, H)``: half the second derivative of t ↦ F(W + tH) at 0."""
        return self.line(W, *args).d2 / 2.0

    def saturated(self, W: NDArray, *P: NDArray) -> int:
        """How many outputs are flat to machine precision at W (0 unless overridden)."""
        return 0
