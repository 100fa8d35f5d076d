r"""A model written as a new contributor would: f(W) = sin(aᵀW) ∘ (bᵀW), the core only.

∂f_k/∂w_k = cos(u_k) v_k a + sin(u_k) b. It gives what every model must (f, its compact
Jacobian, the Taylor coefficients along a line, the Hessian, its LaTeX and, not being
quadratic, its rounding scales) and nothing else: no derivation steps, SymPy expression,
diagrams, mistakes or scripts. ``tests/app/test_new_model.py`` registers it and opens every
page on it.
"""

from __future__ import annotations

import numpy as np
from numpy.typing import NDArray

from hadviz.models.base import Line, Model, Param
from hadviz.models.hadamard import projections

__all__ = ["SINE"]


class Sine(Model):
    """f(W) = sin(Wᵀa) ∘ (Wᵀb)."""

    name = "sine"
    label = "sin(aᵀW) ∘ (bᵀW)"
    symbol = "f"
    latex = r"f(W) = \sin(a^T W) \circ (b^T W)"
    params = (Param("a", False), Param("b", False))
    quadratic = False
    space = r"f \in \mathbb{R}^n"
    helpers_latex = r"u = W^T a, \quad v = W^T b"
    entry_latex = (r"\frac{\partial f_k}{\partial W_{ij}} = "
                   r"\delta_{jk}(\cos u_k\, v_k a_i + \sin u_k\, b_i)")
    compact_latex = r"G = a\,(\cos u \circ v)^T + b\,(\sin u)^T"
    jvp_latex = r"Df(W)[H] = \cos u \circ (H^Ta) \circ v + \sin u \circ (H^Tb)"
    vjp_latex = r"\nabla_W(g^Tf) = G\,\mathrm{Diag}(g)"

    def f(self, W: NDArray, *P: NDArray) -> NDArray:
        u, v = projections(W, *P)
        return np.sin(u) * v

    def compact(self, W: NDArray, *P: NDArray) -> NDArray:
        a, b = P
        u, v = projections(W, a, b)
        return np.outer(a, np.cos(u) * v) + np.outer(b, np.sin(u))

    def line(self, W: NDArray, *args: NDArray) -> Line:
        a, b, H = args
        u, v = projections(W, a, b)
        p, q = projections(H, a, b)
        s, c = np.sin(u), np.cos(u)
        return Line(s * v, c * p * v + s * q, -s * p**2 * v + 2 * c * p * q,
                    -c * p**3 * v - 3 * s * p**2 * q)

    def rounding_scales(self, W: NDArray, *P: NDArray) -> tuple[NDArray, NDArray]:
        """Sizes of F and of the compact entries from |W|, |a|, |b| (u and v are sums of m
        products; |sin|, |cos| ≤ 1)."""
        a, b = P
        ua, va = np.abs(a) @ np.abs(W), np.abs(b) @ np.abs(W)
        return ua * va + va, np.outer(np.abs(a), va * (1 + ua) + ua) + np.outer(np.abs(b), ua)

    def hessian(self, W: NDArray, *P: NDArray) -> NDArray:
        a, b = P
        m, n = W.shape
        u, v = projections(W, a, b)
        Hess = np.zeros((n, m, n, m, n))
        for k in range(n):
            Hess[k, :, k, :, k] = (-np.sin(u[k]) * v[k] * np.outer(a, a)
                                   + np.cos(u[k]) * (np.outer(a, b) + np.outer(b, a)))
        return Hess


SINE = Sine()
