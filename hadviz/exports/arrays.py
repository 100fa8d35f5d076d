"""The compact Jacobian and J as CSV (full precision, 1-based indices) and as NumPy ``.npy``.

Both work for every model: a compact form of shape (m, n) (G, J of shape (n, m, n)) or, for a
model with rows, (m, p, n) (C, J of shape (p, n, m, n)).
"""

from __future__ import annotations

import io
import itertools

import numpy as np
from numpy.typing import NDArray

from hadviz.urlstate import format_number

__all__ = ["g_csv", "j_csv", "npy"]


def g_csv(G: NDArray) -> str:
    """The compact Jacobian as CSV: a header ``i,k=1,…,k=n`` (column k of G is ∂f_k/∂w_k), then
    one row per row i; for C of shape (m, p, n) the header is ``i,r,k=1,…,k=n`` and there is one
    row per (i, r), C[i, r, k] = ∂F_rk/∂W_ik.

    Examples
    --------
    >>> print(g_csv(np.array([[1.0, -0.5]])), end="")
    i,k=1,k=2
    1,1,-0.5
    >>> print(g_csv(np.arange(4.0).reshape(1, 2, 2)), end="")
    i,r,k=1,k=2
    1,1,0,1
    1,2,2,3
    """
    n = G.shape[-1]
    lead = ("i", "r")[: G.ndim - 1]
    lines = [",".join(lead) + "," + ",".join(f"k={j + 1}" for j in range(n))]
    for index in itertools.product(*(range(s) for s in G.shape[:-1])):
        lines.append(",".join(str(x + 1) for x in index) + ","
                     + ",".join(format_number(x) for x in G[index]))
    return "\n".join(lines) + "\n"


def j_csv(J: NDArray) -> str:
    """J in long form: one row ``k,i,j,value`` per entry (J[k, i, j] = ∂f_k/∂W_ij), or
    ``r,k,i,j,value`` for J of shape (p, n, m, n); indices from 1, zeros included, so any
    layout can be rebuilt from it.

    Examples
    --------
    >>> print(j_csv(np.arange(2.0).reshape(1, 2, 1)), end="")
    k,i,j,dfk_dWij
    1,1,1,0
    1,2,1,1
    >>> j_csv(np.zeros((2, 1, 1, 1))).splitlines()[:2]
    ['r,k,i,j,dFrk_dWij', '1,1,1,1,0']
    """
    head = "k,i,j,dfk_dWij" if J.ndim == 3 else "r,k,i,j,dFrk_dWij"
    lines = [head]
    for index in itertools.product(*(range(s) for s in J.shape)):
        lines.append(",".join(str(x + 1) for x in index) + "," + format_number(J[index]))
    return "\n".join(lines) + "\n"


def npy(array: NDArray) -> bytes:
    """``array`` in NumPy's ``.npy`` format (``np.load`` reads it back exactly)."""
    buffer = io.BytesIO()
    np.save(buffer, np.asarray(array, dtype=np.float64), allow_pickle=False)
    return buffer.getvalue()
