r"""The calculus of f(W) = (aᵀW) ∘ (bᵀW): the function, its Jacobian in three layouts, JVP, VJP.

Index convention, used everywhere in hadviz:

.. math::

    J[k, i, j] = \frac{\partial f_k}{\partial W_{ij}}
               = \delta_{jk}\, G[i, k], \qquad G = (a b^T + b a^T) W,

for k = 0..n-1 (the component of f), i = 0..m-1 and j = 0..n-1 (the entry of W).
Component k of f depends only on column k of W, so only n of the n² column blocks
∂f_k/∂W_{:, j} can be non-zero, and the compact (m, n) matrix G carries the whole Jacobian.

With u = Wᵀa and v = Wᵀb (computed together, one pass over W),
G = a vᵀ + b uᵀ costs O(mn) time and memory; the dense layouts :func:`jacobian`
(n, m, n) and :func:`jacobian_vec` (n, m·n) are built only when asked for.
The layouts of any model's compact form (the dense J with three or four indices, slices,
blocks, the vec-Jacobian) live in :mod:`hadviz.jacobian_layouts` and are re-exported here.
All functions accept complex ``W`` and ``H`` without conjugation, as the complex-step
derivative needs. They validate their raw inputs once and ask the model of f
(:mod:`hadviz.models.hadamard`), where f and its derivatives are written, once.
"""

from __future__ import annotations

import numpy as np
from numpy.typing import ArrayLike, NDArray

from hadviz.jacobian_layouts import (
    compact_blocks,
    expand_compact,
    jacobian_entry,
    jacobian_slice,
    sheet,
    vec_layout,
)
from hadviz.models.hadamard import HADAMARD
from hadviz.models.hadamard import projections as _projections
from hadviz.problem import check_inputs

__all__ = [
    "compact_blocks",
    "expand_compact",
    "hadamard_f",
    "hessian",
    "jacobian",
    "jacobian_compact",
    "jacobian_entry",
    "jacobian_slice",
    "jacobian_vec",
    "jvp",
    "projections",
    "second_order_term",
    "sheet",
    "vec_layout",
    "vjp",
]


def projections(W: ArrayLike, a: ArrayLike, b: ArrayLike) -> tuple[NDArray, NDArray]:
    """Return u = Wᵀa and v = Wᵀb, computed in one pass over ``W``.

    Parameters
    ----------
    W : (m, n) array_like
    a, b : (m,) array_like

    Returns
    -------
    u, v : (n,) ndarray
        ``u[k] = a · W[:, k]`` and ``v[k] = b · W[:, k]``.

    Examples
    --------
    >>> u, v = projections([[1.0, 2.0], [3.0, 4.0]], [1.0, 0.0], [0.0, 1.0])
    >>> u.tolist(), v.tolist()
    ([1.0, 2.0], [3.0, 4.0])
    """
    return _projections(*check_inputs(W, a, b))


def hadamard_f(W: ArrayLike, a: ArrayLike, b: ArrayLike) -> NDArray:
    r"""Evaluate f(W) = (aᵀW) ∘ (bᵀW).

    .. math:: f_k = (a \cdot w_k)(b \cdot w_k), \qquad w_k = W[:, k].

    Parameters
    ----------
    W : (m, n) array_like
    a, b : (m,) array_like

    Returns
    -------
    f : (n,) ndarray

    Examples
    --------
    >>> hadamard_f([[1.0, 2.0], [3.0, 4.0]], [1.0, 1.0], [1.0, -1.0]).tolist()
    [-8.0, -12.0]
    """
    return HADAMARD.f(*check_inputs(W, a, b))


def jacobian_compact(W: ArrayLike, a: ArrayLike, b: ArrayLike) -> NDArray:
    r"""Return G = (abᵀ + baᵀ)W, the compact form of the Jacobian.

    .. math:: J[k, i, j] = \delta_{jk}\, G[i, k]

    Computed as G = a vᵀ + b uᵀ = [a b][v u]ᵀ with u = Wᵀa, v = Wᵀb: O(mn) time and
    memory, the m × m matrix abᵀ + baᵀ is never formed.

    Parameters
    ----------
    W : (m, n) array_like
    a, b : (m,) array_like

    Returns
    -------
    G : (m, n) ndarray
        Column k is the gradient of f_k with respect to column k of W.

    Examples
    --------
    >>> jacobian_compact([[1.0], [2.0]], [1.0, 0.0], [0.0, 1.0]).tolist()
    [[2.0], [1.0]]
    """
    return HADAMARD.compact(*check_inputs(W, a, b))


def jacobian(W: ArrayLike, a: ArrayLike, b: ArrayLike) -> NDArray:
    r"""Return the dense Jacobian J with J[k, i, j] = ∂f_k/∂W_ij.

    .. math:: J[k, i, j] = \delta_{jk}\, G[i, k]

    Parameters
    ----------
    W : (m, n) array_like
    a, b : (m,) array_like

    Returns
    -------
    J : (n, m, n) ndarray
        Output index first, then the two indices of W (autograd's ``jacobian`` order).
        Slice ``J[k]`` is zero except for column k, which is ``G[:, k]``.

    Examples
    --------
    >>> J = jacobian([[1.0, 2.0]], [1.0], [1.0])
    >>> J.shape, J[0].tolist(), J[1].tolist()
    ((2, 1, 2), [[2.0, 0.0]], [[0.0, 4.0]])
    """
    return expand_compact(jacobian_compact(W, a, b))


def jacobian_vec(W: ArrayLike, a: ArrayLike, b: ArrayLike) -> NDArray:
    r"""Return the Jacobian against vec(W), with vec stacking the columns of W.

    .. math:: J_{\mathrm{vec}}[k, i + j m] = \frac{\partial f_k}{\partial W_{ij}}

    (column-major order, the vec–Kronecker convention). Row k can be non-zero only in the
    block of columns k·m … k·m + m − 1, where it holds ``G[:, k]``: the matrix is block
    diagonal with n blocks of size 1 × m.

    Parameters
    ----------
    W : (m, n) array_like
    a, b : (m,) array_like

    Returns
    -------
    Jvec : (n, m * n) ndarray

    Examples
    --------
    >>> jacobian_vec([[1.0, 2.0]], [1.0], [1.0]).tolist()
    [[2.0, 0.0], [0.0, 4.0]]
    """
    return vec_layout(jacobian_compact(W, a, b))


def jvp(W: ArrayLike, a: ArrayLike, b: ArrayLike, H: ArrayLike) -> NDArray:
    r"""Return the directional derivative Df(W)[H] (Jacobian–vector product).

    .. math:: Df(W)[H] = (H^T a) \circ (W^T b) + (W^T a) \circ (H^T b)

    Parameters
    ----------
    W : (m, n) array_like
    a, b : (m,) array_like
    H : (m, n) array_like
        The direction.

    Returns
    -------
    df : (n,) ndarray
        ``df[k] = sum_ij J[k, i, j] H[i, j]``.

    Examples
    --------
    >>> jvp([[1.0, 2.0]], [1.0], [1.0], [[1.0, 0.0]]).tolist()
    [2.0, 0.0]
    """
    W, a, b = check_inputs(W, a, b)
    return HADAMARD.jvp(W, a, b, _check_direction(H, W.shape))


def second_order_term(W: ArrayLike, a: ArrayLike, b: ArrayLike, H: ArrayLike) -> NDArray:
    r"""Return the exact remainder (Hᵀa) ∘ (Hᵀb) of the first-order expansion.

    f is quadratic in W, so

    .. math:: f(W + H) = f(W) + Df(W)[H] + (H^T a) \circ (H^T b)

    holds exactly, for every H.

    Parameters
    ----------
    W : (m, n) array_like
        Only its shape is used (to check ``H``).
    a, b : (m,) array_like
    H : (m, n) array_like

    Returns
    -------
    r : (n,) ndarray
    """
    W, a, b = check_inputs(W, a, b)
    return HADAMARD.second_order_term(W, a, b, _check_direction(H, W.shape))


def vjp(W: ArrayLike, a: ArrayLike, b: ArrayLike, g: ArrayLike) -> NDArray:
    r"""Return ∇_W(gᵀf), the vector–Jacobian product (what backpropagation computes).

    .. math:: \nabla_W (g^T f) = G\, \mathrm{Diag}(g), \qquad
              [\nabla_W (g^T f)]_{ij} = \sum_k g_k J[k, i, j] = G[i, j]\, g_j

    Parameters
    ----------
    W : (m, n) array_like
    a, b : (m,) array_like
    g : (n,) array_like
        The cotangent (upstream gradient); all ones gives ∇ of Σ_k f_k.

    Returns
    -------
    grad : (m, n) ndarray

    Examples
    --------
    >>> vjp([[1.0, 2.0]], [1.0], [1.0], [1.0, 10.0]).tolist()
    [[2.0, 40.0]]
    """
    W, a, b = check_inputs(W, a, b)
    g = np.asarray(g)
    n = W.shape[1]
    if g.shape != (n,):
        raise ValueError(
            f"g must have shape (n,) = ({n},) to match W of shape {W.shape}; got shape {g.shape}"
        )
    return HADAMARD.vjp(W, a, b, g)


def hessian(W: ArrayLike, a: ArrayLike, b: ArrayLike) -> NDArray:
    r"""Return the (constant) Hessian of f.

    .. math:: \frac{\partial^2 f_k}{\partial W_{ij}\,\partial W_{pq}}
              = \delta_{jk}\,\delta_{qk}\,(a b^T + b a^T)_{ip}

    Parameters
    ----------
    W : (m, n) array_like
        Only its shape is used: f is quadratic, so the Hessian does not depend on W.
    a, b : (m,) array_like

    Returns
    -------
    Hess : (n, m, n, m, n) ndarray
        ``Hess[k, i, j, p, q]``; dense, so use it for small sizes only.
    """
    return HADAMARD.hessian(*check_inputs(W, a, b))


def _check_direction(H: ArrayLike, shape: tuple[int, ...]) -> NDArray:
    H = np.asarray(H)
    if H.shape != shape:
        raise ValueError(f"H must have the shape of W, {shape}; got shape {H.shape}")
    return H
