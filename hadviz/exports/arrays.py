"""G and J as CSV (full precision, 1-based indices) and as NumPy ``.npy`` files."""

from __future__ import annotations

import io

import numpy as np
from numpy.typing import NDArray

from hadviz.urlstate import format_number

__all__ = ["g_csv", "j_csv", "npy"]


def g_csv(G: NDArray) -> str:
    """G (m × n) as CSV: a header row ``i,k=1,…,k=n`` (column k of G is ∂f_k/∂w_k), then
    one row per row i of G.

    Examples
    --------
    >>> print(g_csv(np.array([[1.0, -0.5]])), end="")
    i,k=1,k=2
    1,1,-0.5
    """
    m, n = G.shape
    lines = ["i," + ",".join(f"k={j + 1}" for j in range(n))]
    lines += [f"{i + 1}," + ",".join(format_number(x) for x in G[i]) for i in range(m)]
    return "\n".join(lines) + "\n"


def j_csv(J: NDArray) -> str:
    """J (n × m × n, J[k, i, j] = ∂f_k/∂W_ij) in long form: one row ``k,i,j,value`` per entry,
    indices from 1, zeros included, so any layout can be rebuilt from it.

    Examples
    --------
    >>> print(j_csv(np.arange(2.0).reshape(1, 2, 1)), end="")
    k,i,j,dfk_dWij
    1,1,1,0
    1,2,1,1
    """
    n, m, _ = J.shape
    lines = ["k,i,j,dfk_dWij"]
    for k in range(n):
        for i in range(m):
            lines += [f"{k + 1},{i + 1},{j + 1},{format_number(J[k, i, j])}" for j in range(n)]
    return "\n".join(lines) + "\n"


def npy(array: NDArray) -> bytes:
    """``array`` in NumPy's ``.npy`` format (``np.load`` reads it back exactly)."""
    buffer = io.BytesIO()
    np.save(buffer, np.asarray(array, dtype=np.float64), allow_pickle=False)
    return buffer.getvalue()
