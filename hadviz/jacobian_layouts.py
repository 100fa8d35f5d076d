r"""The Jacobian's layouts, from its compact form, for every model of the family.

Every model's output column k depends on column k of W only, so its Jacobian is carried by a
compact array: G of shape (m, n) for an output in ℝⁿ, or C of shape (m, p, n) for an output
F ∈ ℝ^{p×n}, with

.. math::

    J[k, i, j] = \delta_{jk}\, G[i, k], \qquad J[r, k, i, j] = \delta_{jk}\, C[i, r, k].

The functions here rearrange a compact array, by index bookkeeping alone, into the layouts the
pages draw: the dense Jacobian (output first, as ``jax.jacrev``), one slice J[(r,) k], one
entry's derivative ∂F/∂W_ij, the n blocks C_k (m × p), and the vec-Jacobian against vec(W)
stacked column by column (the output vectorised the same way, so row r + k·p is F_{r,k}).
They compute no derivative: the model does (:mod:`hadviz.models`).
"""

from __future__ import annotations

import numpy as np
from numpy.typing import NDArray

__all__ = ["compact_blocks", "expand_compact", "jacobian_entry", "jacobian_slice", "sheet",
           "vec_layout"]


def expand_compact(G: NDArray) -> NDArray:
    r"""The dense Jacobian of any compact array: J[(r,) k, i, j] = δ_jk G[i, (r,) k].

    ``G`` of shape (m, n) gives (n, m, n); a model with rows' (m, p, n) gives (p, n, m, n),
    the order ``jax.jacrev`` returns for an output of shape (p, n). Also used for
    deliberately wrong G in gradient checks.

    Examples
    --------
    >>> expand_compact(np.array([[2.0, 4.0]]))[1].tolist()
    [[0.0, 4.0]]
    >>> expand_compact(np.ones((3, 2, 4))).shape
    (2, 4, 3, 4)
    """
    blocks = np.moveaxis(G, 0, -1)  # (…, n, m): output index first, then i
    m, n = blocks.shape[-1], blocks.shape[-2]
    J = np.zeros((*blocks.shape[:-1], m, n), dtype=G.dtype)
    k = np.arange(n)
    J[..., k, :, k] = np.moveaxis(blocks, -2, 0)
    return J


def sheet(C: NDArray, r: int | None = None) -> NDArray:
    """The (m, n) compact matrix of output row r: C itself for (m, n), C[:, r, :] for rows.

    Column k of the sheet is the one column of the slice J[(r,) k] that can be non-zero.

    Examples
    --------
    >>> sheet(np.arange(12.0).reshape(2, 3, 2), 1).tolist()
    [[2.0, 3.0], [8.0, 9.0]]
    """
    if C.ndim == 2:
        return C
    if r is None or not 0 <= r < C.shape[1]:
        raise ValueError(f"r must be in 0..{C.shape[1] - 1} for a compact array of shape "
                         f"{C.shape}; got {r}")
    return C[:, r, :]


def jacobian_slice(G: NDArray, k: int, r: int | None = None) -> NDArray:
    """The slice J[(r,) k] = ∂F_(r,)k/∂W (m, n): zero except column k, which is G[:, (r,) k].

    Examples
    --------
    >>> jacobian_slice(np.array([[1.0, 2.0], [3.0, 4.0]]), 1).tolist()
    [[0.0, 2.0], [0.0, 4.0]]
    >>> jacobian_slice(np.arange(8.0).reshape(2, 2, 2), 0, r=1).tolist()
    [[2.0, 0.0], [6.0, 0.0]]
    """
    M = sheet(G, r)
    S = np.zeros_like(M)
    S[:, k] = M[:, k]
    return S


def jacobian_entry(C: NDArray, i: int, j: int) -> NDArray:
    """∂F/∂W_ij, the output's shape ((n,) or (p, n)): 0 except column j, which is C[i, (:,) j].

    Examples
    --------
    >>> jacobian_entry(np.array([[1.0, 2.0], [3.0, 4.0]]), 1, 0).tolist()
    [3.0, 0.0]
    >>> jacobian_entry(np.arange(8.0).reshape(2, 2, 2), 1, 1).tolist()
    [[0.0, 5.0], [0.0, 7.0]]
    """
    E = np.zeros(C.shape[1:], dtype=C.dtype)
    E[..., j] = C[i, ..., j]
    return E


def compact_blocks(C: NDArray) -> NDArray:
    """The n blocks C_k = (∂F_{:,k}/∂w_k)ᵀ of a compact array, shape (n, m, p) (p = 1 for (m, n)).

    Block k is m × p: entry (i, r) is ∂F_{r,k}/∂W_{i,k}.

    Examples
    --------
    >>> compact_blocks(np.arange(6.0).reshape(2, 3)).shape
    (3, 2, 1)
    """
    C3 = C[:, np.newaxis, :] if C.ndim == 2 else C
    return np.moveaxis(C3, -1, 0)


def vec_layout(G: NDArray) -> NDArray:
    r"""The vec-Jacobian of a compact array, against vec(W) stacked column by column.

    For G of shape (m, n) it is (n, m·n), block k of row k holding G[:, k]ᵀ. For a compact
    array C of shape (m, p, n) (an output F of shape (p, n)) it is (p·n, m·n): the rows
    follow vec(F), F's columns stacked like W's (column-major), so row r + k·p (0-based) is
    F_{r,k}, and the matrix is block diagonal with the n blocks C_kᵀ (p × m):

    .. math:: J_{\mathrm{vec}}[r + kp,\ i + jm] = \frac{\partial F_{r,k}}{\partial W_{ij}}

    Examples
    --------
    >>> vec_layout(np.array([[1.0, 2.0], [3.0, 4.0]])).tolist()
    [[1.0, 3.0, 0.0, 0.0], [0.0, 0.0, 2.0, 4.0]]
    >>> vec_layout(np.arange(8.0).reshape(2, 2, 2))[:, :2].tolist()
    [[0.0, 4.0], [2.0, 6.0], [0.0, 0.0], [0.0, 0.0]]
    """
    blocks = compact_blocks(G)  # (n, m, p)
    n, m, p = blocks.shape
    Jvec = np.zeros((n, p, n, m), dtype=G.dtype)
    k = np.arange(n)
    Jvec[k, :, k, :] = np.swapaxes(blocks, 1, 2)
    return Jvec.reshape(n * p, n * m)
