r"""tanh∘f, element-wise: the same Jacobian pattern, but not a polynomial.

With T = tanh f and s = 1 − T² = sech² f, F = tanh(f) has compact Jacobian G·Diag(s), and along a
line f(W + tH) = f + t d + t² r (exactly, d = Df[H], r = (Hᵀa) ∘ (Hᵀb)):

.. math::

    F' = s d, \qquad F'' = -2Ts\,d^2 + 2s\,r, \qquad
    F''' = -2s(1 - 3T^2)\,d^3 - 12Ts\,d r.

Its Hessian block for component k is s_k S − 2 T_k s_k G_k G_kᵀ with S = abᵀ + baᵀ.

**Saturation.** Where |f_k| is so large that tanh(f_k) rounds to exactly ±1 in the working
precision (|f_k| ≳ 19 in float64, ≳ 10 in float32), F_k is constant in that precision:
differences of F see 0 there. Its derivative is not 0 (sech² f_k is tiny, not 0), so s is
computed as 1/cosh² f, never as 1 − T², which would cancel to exactly 0 and make the
reference derivative wrong.
"""

from __future__ import annotations

import numpy as np
from numpy.typing import NDArray

from hadviz.models.base import Line, Model, Param
from hadviz.models.hadamard import HADAMARD, outer_sum

__all__ = ["TANH", "Tanh"]


def sech2(f: NDArray) -> NDArray:
    """s = sech² f = 1/cosh² f, without the cancellation of 1 − tanh² f (0 where f ≳ 19).

    Examples
    --------
    >>> float(sech2(np.array([40.0]))[0]) > 0, float(1 - np.tanh(40.0) ** 2)
    (True, 0.0)
    """
    with np.errstate(over="ignore"):  # cosh overflows to inf for |f| > 710: s is then 0
        return 1.0 / np.cosh(f) ** 2


class Tanh(Model):
    """F(W) = tanh((Wᵀa) ∘ (Wᵀb)), element-wise."""

    name = "tanh"
    label = "tanh((aᵀW) ∘ (bᵀW)), element-wise"
    symbol = "tanh(f)"
    latex = r"F(W) = \tanh\big((a^T W) \circ (b^T W)\big)"
    params = (Param("a", False), Param("b", False))
    quadratic = False
    space = r"F \in \mathbb{R}^n"
    helpers_latex = (r"u = W^T a, \quad v = W^T b, \quad f = u \circ v, \quad "
                     r"s = \operatorname{sech}^2 f")
    entry_latex = (r"\frac{\partial F_k}{\partial W_{ij}} = \delta_{jk}\,s_k\,"
                   r"(a_i v_k + b_i u_k)")
    compact_latex = r"G_F = G\,\mathrm{Diag}(s), \quad G = (ab^T + ba^T)\,W"
    jvp_latex = r"DF(W)[H] = s \circ \big((H^T a) \circ v + u \circ (H^T b)\big)"
    vjp_latex = r"\nabla_W (g^T F) = G\,\mathrm{Diag}(s \circ g)"

    def f(self, W: NDArray, *P: NDArray) -> NDArray:
        a, b = P
        return np.tanh(HADAMARD.f(W, a, b))

    def compact(self, W: NDArray, *P: NDArray) -> NDArray:
        a, b = P
        s = sech2(HADAMARD.f(W, a, b))
        return HADAMARD.compact(W, a, b) * s[np.newaxis, :]

    def jvp(self, W: NDArray, *args: NDArray) -> NDArray:
        a, b, H = args
        return (1.0 - self.f(W, a, b) ** 2) * HADAMARD.jvp(W, a, b, H)

    def line(self, W: NDArray, *args: NDArray) -> Line:
        a, b, H = args
        f = HADAMARD.f(W, a, b)
        T, s = np.tanh(f), sech2(f)
        d = HADAMARD.jvp(W, a, b, H)
        r = HADAMARD.second_order_term(W, a, b, H)
        d2 = -2.0 * T * s * d**2 + 2.0 * s * r
        d3 = -2.0 * s * (1.0 - 3.0 * T**2) * d**3 - 12.0 * T * s * d * r
        return Line(T, s * d, d2, d3)

    def hessian(self, W: NDArray, *P: NDArray) -> NDArray:
        a, b = P
        m, n = W.shape
        f = HADAMARD.f(W, a, b)
        T, s = np.tanh(f), sech2(f)
        G = HADAMARD.compact(W, a, b)
        S = outer_sum(a, b)
        Hess = np.zeros((n, m, n, m, n))
        for k in range(n):
            Hess[k, :, k, :, k] = s[k] * S - 2.0 * T[k] * s[k] * np.outer(G[:, k], G[:, k])
        return Hess

    def saturated(self, W: NDArray, *P: NDArray) -> int:
        """How many components of tanh(f) round to exactly ±1 in the precision of W, a, b.

        Pass float32 arrays to count in float32, where tanh saturates at a smaller |f|.

        Examples
        --------
        >>> W, a, b = np.array([[5.0, 4.0, 1.0]]), np.ones(1), np.ones(1)  # f = 25, 16, 1
        >>> TANH.saturated(W, a, b), TANH.saturated(*(x.astype(np.float32) for x in (W, a, b)))
        (1, 2)
        """
        return int(np.count_nonzero(np.abs(self.f(W, *P)) == 1))


#: The one instance the rest of hadviz asks.
TANH = Tanh()
