r"""What the layouts page (/layouts) shows: one derivative in the layouts people meet.

The same numbers ∂f_k/∂W_ij arranged as hadviz's J[k, i, j] (the shape ``torch.func.jacrev``
and ``jax.jacrev`` give), SymPy's input-first arrays, the n × mn vec-Jacobians against
column-major and row-major vec(W), the denominator (gradient) layout, and G from an
``einsum`` one-liner. Each is built from G by index bookkeeping alone, then checked to be
the same derivative in the one way that does not depend on the layout: contracted with a
random direction H in its own index order, it must give
Df(W)[H] = (Hᵀa)∘(Wᵀb) + (Wᵀa)∘(Hᵀb) within a rounding-error bound.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import numpy as np
from numpy.typing import NDArray

from hadviz.calculus import expand_compact, vec_layout
from hadviz.checks import (
    Comparison,
    compare,
    contraction_tolerance,
    magnitudes,
    pair_tolerance,
    unit_direction,
)
from hadviz.models import HADAMARD
from hadviz.problem import Problem
from hadviz.symbolic import diff_index, diff_shape
from hadviz.views.closed_forms import kronecker_form

__all__ = ["EINSUM_G", "Layout", "LayoutsView", "layouts_view", "sympy_note"]

#: G = (abᵀ + baᵀ)W as one einsum call per term.
EINSUM_G = ('G = np.einsum("i,p,pk->ik", a, b, W) + np.einsum("i,p,pk->ik", b, a, W)')


@dataclass(frozen=True)
class Layout:
    """One arrangement of the derivative.

    Attributes
    ----------
    name, used_by, index : str
        What it is called, who uses it, and where ∂f_k/∂W_ij sits in it (indices from 1, as
        everywhere in the app: i = 1…m, j, k = 1…n).
    shape : tuple of int
        Its shape at the problem's sizes.
    contraction : str
        The numpy line that turns it and H into Df(W)[H].
    check : Comparison
        That contraction against Df(W)[H].
    """

    name: str
    used_by: str
    index: str
    shape: tuple[int, ...]
    contraction: str
    check: Comparison


@dataclass(frozen=True)
class LayoutsView:
    """Every layout, the einsum one-liner for G and its check, and what SymPy's ``.diff``
    returns at these sizes (``sympy_note``)."""

    layouts: tuple[Layout, ...]
    einsum: str
    einsum_check: Comparison
    sympy_note: str


def sympy_note(m: int, n: int) -> str:
    """What SymPy's ``.diff`` of the column spelling returns at m × n, asked of SymPy."""
    shape = diff_shape(m, n)
    text = " × ".join(map(str, shape))
    if len(shape) == 4:
        return (f"SymPy's `HadamardProduct(W.T*a, W.T*b).diff(W)` returns the input-first "
                f"array itself here: {text}, with ∂fₖ/∂Wᵢⱼ at {diff_index(m, n)}.")
    return (f"At m = {m}, n = {n} SymPy's `HadamardProduct(W.T*a, W.T*b).diff(W)` does not "
            f"return the {m} × {n} × {n} × 1 array: it returns a {text} matrix, with "
            f"∂fₖ/∂Wᵢⱼ at {diff_index(m, n)}. `derive_by_array` keeps all four axes.")


def _rows(G: NDArray, kron: NDArray) -> list[
        tuple[str, str, str, NDArray, str, Callable[[NDArray, NDArray], NDArray]]]:
    """(name, used by, index, array, contraction text, contraction) for each layout."""
    m, n = G.shape
    J = expand_compact(G)
    vec_f = vec_layout(G)  # 0-based column i + j·m: column-major vec
    vec_c = J.reshape(n, m * n)  # 0-based column i·n + j: numpy's reshape, row-major vec
    return [
        ("J[k, i, j], output first (numerator)", "hadviz; torch.func.jacrev, jax.jacrev",
         "J[k, i, j]", J, 'np.einsum("kij,ij->k", J, H)',
         lambda A, H: np.einsum("kij,ij->k", A, H)),
        ("input first", "SymPy's derive_by_array of the column f (and its .diff when m, n ≥ 2)",
         "D[i, j, k, 1]", J.transpose(1, 2, 0)[..., np.newaxis],
         'np.einsum("ijk,ij->k", D[..., 0], H)',
         lambda A, H: np.einsum("ijk,ij->k", A[..., 0], H)),
        ("vec-Jacobian, column-major vec (numerator)", "the vec–Kronecker calculus, MATLAB",
         "Jv[k, i + (j − 1)·m]", vec_f, 'Jv @ H.reshape(-1, order="F")',
         lambda A, H: A @ H.reshape(-1, order="F")),
        ("Kronecker form Diag(Wᵀb)(Iₙ⊗aᵀ) + Diag(Wᵀa)(Iₙ⊗bᵀ)",
         "the vec–Kronecker calculus, built from a, b and W (not from G)",
         "K[k, i + (j − 1)·m]", kron, 'K @ H.reshape(-1, order="F")',
         lambda A, H: A @ H.reshape(-1, order="F")),
        ("vec-Jacobian, row-major vec", "numpy's W.reshape(-1), PyTorch's flatten",
         "Jr[k, (i − 1)·n + j]", vec_c, "Jr @ H.reshape(-1)", lambda A, H: A @ H.reshape(-1)),
        ("denominator (gradient) layout", "∇ conventions, the Matrix Cookbook's gradients",
         "Jd[i + (j − 1)·m, k]", vec_f.T, 'Jd.T @ H.reshape(-1, order="F")',
         lambda A, H: A.T @ H.reshape(-1, order="F")),
    ]


def layouts_view(problem: Problem, seed: int = 0) -> LayoutsView:
    """Build every layout from G, contract each with a seeded random H, compare with Df[H]."""
    W, a, b = problem.W, problem.a, problem.b
    m, n = problem.m, problem.n
    G = HADAMARD.compact(W, a, b)
    H = unit_direction((m, n), seed)
    exact = HADAMARD.jvp(W, a, b, H)
    tol = contraction_tolerance(problem, H)
    layouts = tuple(
        Layout(name, used_by, index, tuple(int(s) for s in A.shape), text,
               compare(contract(A, H), exact, tol))
        for name, used_by, index, A, text, contract in _rows(G, kronecker_form(problem)[2])
    )
    # i and p rows of W, k a column of W (= a component of f), as everywhere in the app
    G_einsum = np.einsum("i,p,pk->ik", a, b, W) + np.einsum("i,p,pk->ik", b, a, W)
    check = compare(G_einsum, G, pair_tolerance(m + 3, magnitudes(problem).G))
    return LayoutsView(layouts, EINSUM_G, check, sympy_note(m, n))
