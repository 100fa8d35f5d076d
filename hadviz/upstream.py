"""The upstream gradient g (the cotangent) a VJP is taken against: ones, one-hot, or random.

g has the shape of the function's output: (n,) for the question, (p, n) for a model with an
output row index. ∇_W⟨g, F⟩ is what backpropagation asks a layer for.
"""

from __future__ import annotations

from typing import Literal

import numpy as np
from numpy.typing import NDArray

__all__ = ["UPSTREAM", "Upstream", "upstream_gradient"]

Upstream = Literal["ones", "random", "onehot"]
#: The upstream gradients g the pages offer.
UPSTREAM: tuple[Upstream, ...] = ("ones", "random", "onehot")


def upstream_gradient(kind: Upstream, n: int, k: int = 0, seed: int = 0,
                      p: int | None = None) -> NDArray:
    """The cotangent g: all ones (∇ of Σf), one-hot ε_k (0-based), or seeded normal.

    Parameters
    ----------
    kind : {"ones", "onehot", "random"}
    n : int
        Length of the output (its columns).
    k : int
        The hot column (0-based) for ``"onehot"``.
    seed : int
        The problem's seed; g is drawn from ``seed + 1``.
    p : int or None
        Rows of the output, for a model with rows: g then has shape (p, n) and the one-hot
        choice is 1 in every row of column k.

    Examples
    --------
    >>> upstream_gradient("onehot", 3, k=1).tolist()
    [0.0, 1.0, 0.0]
    >>> upstream_gradient("ones", 2, p=2).shape
    (2, 2)
    """
    shape = (n,) if p is None else (p, n)
    if kind == "ones":
        return np.ones(shape)
    if kind == "onehot":
        return np.broadcast_to(np.eye(n)[k], shape).copy()
    if kind == "random":
        return np.random.default_rng(seed + 1).standard_normal(shape)
    raise ValueError(f"g must be one of {', '.join(UPSTREAM)}; got {kind!r}")
