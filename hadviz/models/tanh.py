r"""tanh∘f, element-wise: the same Jacobian pattern, but not a polynomial.

With T = tanh f and s = 1 − T², F = tanh(f) has compact Jacobian G·Diag(s), and along a
line f(W + tH) = f + t d + t² r (exactly, d = Df[H], r = (Hᵀa) ∘ (Hᵀb)):

.. math::

    F' = s d, \qquad F'' = -2Ts\,d^2 + 2s\,r, \qquad
    F''' = -2s(1 - 3T^2)\,d^3 - 12Ts\,d r.

Its Hessian block for component k is s_k S − 2 T_k s_k G_k G_kᵀ with S = abᵀ + baᵀ.
"""

from __future__ import annotations

import numpy as np
from numpy.typing import NDArray

from hadviz.models.base import Line, Model
from hadviz.models.hadamard import HADAMARD, outer_sum

__all__ = ["SATURATION", "TANH", "Tanh"]

#: Beyond this |f_k|, tanh(f_k) = ±1 in float64 and every derivative of it vanishes.
SATURATION = 19.1


class Tanh(Model):
    """F(W) = tanh((Wᵀa) ∘ (Wᵀb)), element-wise."""

    label = "tanh(f) element-wise"
    symbol = "tanh(f)"
    quadratic = False

    def f(self, W: NDArray, a: NDArray, b: NDArray) -> NDArray:
        return np.tanh(HADAMARD.f(W, a, b))

    def compact(self, W: NDArray, a: NDArray, b: NDArray) -> NDArray:
        s = 1.0 - self.f(W, a, b) ** 2
        return HADAMARD.compact(W, a, b) * s[np.newaxis, :]

    def jvp(self, W: NDArray, a: NDArray, b: NDArray, H: NDArray) -> NDArray:
        return (1.0 - self.f(W, a, b) ** 2) * HADAMARD.jvp(W, a, b, H)

    def line(self, W: NDArray, a: NDArray, b: NDArray, H: NDArray) -> Line:
        T = self.f(W, a, b)
        s = 1.0 - T**2
        d = HADAMARD.jvp(W, a, b, H)
        r = HADAMARD.second_order_term(W, a, b, H)
        d2 = -2.0 * T * s * d**2 + 2.0 * s * r
        d3 = -2.0 * s * (1.0 - 3.0 * T**2) * d**3 - 12.0 * T * s * d * r
        return Line(T, s * d, d2, d3)

    def hessian(self, W: NDArray, a: NDArray, b: NDArray) -> NDArray:
        m, n = W.shape
        T = self.f(W, a, b)
        s = 1.0 - T**2
        G = HADAMARD.compact(W, a, b)
        S = outer_sum(a, b)
        Hess = np.zeros((n, m, n, m, n))
        for k in range(n):
            Hess[k, :, k, :, k] = s[k] * S - 2.0 * T[k] * s[k] * np.outer(G[:, k], G[:, k])
        return Hess

    def saturated(self, W: NDArray, a: NDArray, b: NDArray) -> int:
        return int(np.count_nonzero(np.abs(HADAMARD.f(W, a, b)) >= SATURATION))


#: The one instance the rest of hadviz asks.
TANH = Tanh()
