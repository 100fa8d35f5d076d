r"""A gate with tied weights: f(W) = σ(aᵀW) ∘ (bᵀW), σ the logistic function.

With u = Wᵀa, v = Wᵀb, s = σ(u) and s′ = σ′(u) = s(1 − s), the product rule and the chain rule
together give, per column k,

.. math::

    \frac{\partial f_k}{\partial w_k} = \sigma'(u_k)\, v_k\, a + \sigma(u_k)\, b, \qquad
    G = a\,(s' \circ v)^T + b\, s^T, \qquad
    Df(W)[H] = \big(s' \circ (H^Ta)\big) \circ v + s \circ (H^Tb).

f is not a polynomial: central differences have truncation error and its Hessian block for
component k, σ″(u_k) v_k aaᵀ + σ′(u_k)(abᵀ + baᵀ), depends on W. σ is computed as
(1 + tanh(x/2))/2, which neither overflows for large |x| nor loses the complex step's
imaginary part.
"""

from __future__ import annotations

import numpy as np
from numpy.typing import NDArray

from hadviz.models.base import Line, Model, Param
from hadviz.models.hadamard import outer_sum, projections

__all__ = ["GATED", "Gated", "logistic"]


def logistic(x: NDArray) -> NDArray:
    """σ(x) = 1/(1 + e⁻ˣ), written as (1 + tanh(x/2))/2 (no overflow, complex-safe).

    Examples
    --------
    >>> logistic(np.array([0.0, 800.0, -800.0])).tolist()
    [0.5, 1.0, 0.0]
    """
    return 0.5 * (1.0 + np.tanh(0.5 * x))


def _derivatives(u: NDArray) -> tuple[NDArray, NDArray, NDArray, NDArray]:
    """σ, σ′, σ″ and σ‴ at u: σ′ = σ(1 − σ), σ″ = σ′(1 − 2σ), σ‴ = σ′(1 − 6σ + 6σ²)."""
    s = logistic(u)
    s1 = s * (1.0 - s)
    return s, s1, s1 * (1.0 - 2.0 * s), s1 * (1.0 - 6.0 * s + 6.0 * s**2)


class Gated(Model):
    """f(W) = σ(Wᵀa) ∘ (Wᵀb) ∈ ℝⁿ."""

    name = "gated"
    label = "σ(aᵀW) ∘ (bᵀW), a gate"
    symbol = "f"
    latex = r"f(W) = \sigma(a^T W) \circ (b^T W)"
    params = (Param("a", False), Param("b", False))
    quadratic = False
    space = r"f \in \mathbb{R}^n"
    helpers_latex = (r"u = W^T a, \quad v = W^T b, \quad f = \sigma(u) \circ v, \quad "
                     r"\sigma' = \sigma(1 - \sigma)")
    entry_latex = (r"\frac{\partial f_k}{\partial W_{ij}} = \delta_{jk}\,"
                   r"\big(\sigma'(u_k)\,v_k\,a_i + \sigma(u_k)\,b_i\big)")
    compact_latex = r"G = a\,\big(\sigma'(u) \circ v\big)^T + b\,\sigma(u)^T"
    jvp_latex = r"Df(W)[H] = \sigma'(u) \circ (H^T a) \circ v + \sigma(u) \circ (H^T b)"
    vjp_latex = r"\nabla_W (g^T f) = G\,\mathrm{Diag}(g)"

    def f(self, W: NDArray, *P: NDArray) -> NDArray:
        u, v = projections(W, *P)
        return logistic(u) * v

    def compact(self, W: NDArray, *P: NDArray) -> NDArray:
        a, b = P
        u, v = projections(W, a, b)
        s, s1, _, _ = _derivatives(u)
        return np.stack([a, b], axis=1) @ np.stack([s1 * v, s], axis=0)

    def jvp(self, W: NDArray, *args: NDArray) -> NDArray:
        a, b, H = args
        u, v = projections(W, a, b)
        p, q = projections(H, a, b)
        s, s1, _, _ = _derivatives(u)
        return s1 * p * v + s * q

    def line(self, W: NDArray, *args: NDArray) -> Line:
        # along t: u + tp and v + tq are exact, so f(t) = σ(u + tp)(v + tq)
        a, b, H = args
        u, v = projections(W, a, b)
        p, q = projections(H, a, b)
        s, s1, s2, s3 = _derivatives(u)
        return Line(s * v, s1 * p * v + s * q, s2 * p**2 * v + 2.0 * s1 * p * q,
                    s3 * p**3 * v + 3.0 * s2 * p**2 * q)

    def hessian(self, W: NDArray, *P: NDArray) -> NDArray:
        a, b = P
        m, n = W.shape
        u, v = projections(W, a, b)
        _, s1, s2, _ = _derivatives(u)
        S, aa = outer_sum(a, b), np.outer(a, a)
        Hess = np.zeros((n, m, n, m, n))
        for k in range(n):
            Hess[k, :, k, :, k] = s2[k] * v[k] * aa + s1[k] * S
        return Hess


#: The one instance the rest of hadviz asks.
GATED = Gated()
