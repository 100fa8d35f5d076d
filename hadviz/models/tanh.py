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

from collections.abc import Callable
from typing import Any

import numpy as np
from numpy.typing import NDArray

from hadviz.latex import bmatrix, column, number, product, row
from hadviz.models.base import Line, Model, Param, Part
from hadviz.models.hadamard import HADAMARD, outer_sum, product_rule_steps, projections
from hadviz.models.logistic import exp_neg_abs
from hadviz.models.mistakes import WrongGradient
from hadviz.models.steps import Draft, Entry, basis, same

__all__ = ["TANH", "Tanh"]


def sech2(f: NDArray) -> NDArray:
    """s = sech² f = 4z/(1 + z)², z = e^{−2|f|}: without the cancellation of 1 − tanh² f
    (0 where f ≳ 19), without cosh's overflow (NaN under the complex step for |f| ≳ 710), and
    complex-safe (sech is even: the sign of Re f picks ±f).

    Examples
    --------
    >>> float(sech2(np.array([40.0]))[0]) > 0, float(1 - np.tanh(40.0) ** 2)
    (True, 0.0)
    >>> bool(np.isfinite(sech2(np.array([800.0 + 1e-20j]))[0]))
    True
    """
    z, _ = exp_neg_abs(2.0 * f)
    return 4.0 * z / (1.0 + z) ** 2


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
    compact_latex = r"K = G\,\mathrm{Diag}(s), \quad G = (ab^T + ba^T)\,W"
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
        return sech2(HADAMARD.f(W, a, b)) * HADAMARD.jvp(W, a, b, H)

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

    # --- mistakes ---
    def mistakes(self) -> dict[str, WrongGradient]:
        def inside(key: str) -> Callable[..., NDArray]:
            # the question's mistake inside the chain rule: wrong G, right Diag(sech² f)
            wrong = HADAMARD.mistakes()[key].compact
            return lambda W, a, b: wrong(W, a, b) * sech2(HADAMARD.f(W, a, b))[np.newaxis, :]

        return {
            "drop_chain": WrongGradient(
                "drop the chain-rule factor sech² f: K = G", HADAMARD.compact,
                "Dropping the chain-rule factor sech² f",
                "tanh is applied after the product: the chain rule multiplies column k of G by "
                "$\\tanh'(f_k) = \\operatorname{sech}^2 f_k$, so $K = G\\,"
                "\\mathrm{Diag}(\\operatorname{sech}^2 f)$. Stopping at the product rule gives "
                "G, the derivative of f, not of tanh(f).", r"G = (ab^T + ba^T)W"),
            "two_ab": WrongGradient(
                "the shortcut 2abᵀW·Diag(sech² f) (as if abᵀ were symmetric)", inside("two_ab"),
                "The shortcut 2abᵀW inside the chain rule",
                "The question's shortcut survives the outer tanh: $2ab^TW\\,\\mathrm{Diag}("
                "\\operatorname{sech}^2 f)$ is right for every W only when $ab^T$ is "
                "symmetric (a ∥ b).",
                r"2ab^TW\,\mathrm{Diag}(\operatorname{sech}^2 f)"),
            "drop_ab": WrongGradient(
                "drop the abᵀ term: K = baᵀW·Diag(sech² f)", inside("drop_ab"),
                "Dropping a product-rule term",
                "Inside the chain rule the product rule still has two terms; keeping only "
                "$ba^TW$ loses $ab^TW$, in every column.",
                r"ba^TW\,\mathrm{Diag}(\operatorname{sech}^2 f)"),
            "drop_ba": WrongGradient("drop the baᵀ term: K = abᵀW·Diag(sech² f)",
                                     inside("drop_ba"), page=False),
        }

    # --- sympy ---
    sympy_vector_note = ("With $A = a^T$, $B = b^T$ and $x = w_k$ it gives column k of "
                         "$G = (ab^T + ba^T)W$, the derivative of the inner $f_k$; the chain rule "
                         "then multiplies it by $\\operatorname{sech}^2 f_k$ (proven entry by "
                         "entry above).")

    def sympy_f(self, W: Any, *P: Any) -> Any:
        import sympy as sp

        return HADAMARD.sympy_f(W, *P).applyfunc(sp.tanh)

    def sympy_compact(self, W: Any, *P: Any) -> Any:
        import sympy as sp

        f = HADAMARD.sympy_f(W, *P)
        return HADAMARD.sympy_compact(W, *P) * sp.diag(*(sp.sech(x) ** 2 for x in f))

    # --- practice ---
    practice_kinds = ("slices", "tanh", "shape")

    # --- exports (hadviz.exports: the NumPy and PyTorch scripts, the notebook) ---
    export_f = "return xp.tanh((W.T @ a) * (W.T @ b))  # tanh((aᵀW) ∘ (bᵀW))"
    export_compact = ("u, v = W.T @ a, W.T @ b\n"
                      "    G = xp.outer(a, v) + xp.outer(b, u)  # the question's G\n"
                      "    # G·Diag(sech² f), m × n, with sech² x = 4z/(1 + z)², z = exp(−2|x|):\n"
                      "    # 1 − tanh² x would be exactly 0 from |x| ≈ 19 on, cosh² x overflow\n"
                      "    z = xp.exp(-2 * xp.abs(u * v))\n"
                      "    return G * (4 * z / (1 + z) ** 2)")

    # --- rounding scales and finite differences (hadviz.checks, the lab) ---
    saturation_text = ("tanh(fₖ) rounds to exactly ±1 and its slope sech²(fₖ) = 1 − tanh²(fₖ) "
                       "is below ε, so F′ₖ = sech²(fₖ)·Dfₖ[H] is below ε·|Dfₖ[H]|")

    def rounding_scales(self, W: NDArray, *P: NDArray) -> tuple[NDArray, NDArray]:
        """F̃ = |T| + s f̃ and C̃ = s (G̃ + |G|(2|T| f̃ + 4)), f̃ and G̃ the question's.

        f is off by γ f̃, which moves T = tanh f by s γ f̃ (plus tanh's own rounding of |T|);
        s is off by 2|T| s γ f̃ through f, and by a few units of rounding relative to s from
        its own evaluation (:func:`sech2`, never 1 − T²): C = G s inherits both, relative
        to s, so a saturated component's tiny slope is checked to its own size.
        """
        absolute = [np.abs(x) for x in P]
        f_abs = HADAMARD.f(np.abs(W), *absolute)
        G_abs = HADAMARD.compact(np.abs(W), *absolute)
        f, G = HADAMARD.f(W, *P), HADAMARD.compact(W, *P)
        T, s = np.abs(np.tanh(f)), sech2(f)
        return T + s * f_abs, s * (G_abs + np.abs(G) * (2.0 * T * f_abs + 4.0))

    # --- jacobian layouts (the Jacobian and layouts pages) ---
    output_letter = "F"
    compact_symbol = "K"
    compact_text = "K = G·Diag(sech² f)"
    kronecker_latex = (r"\mathrm{Diag}(s)\,\big(\mathrm{Diag}(v)\,(I_n \otimes a^T) + "
                       r"\mathrm{Diag}(u)\,(I_n \otimes b^T)\big)")

    weight_latex = (r"s \circ v", r"s \circ u")

    def kronecker_weights(self, W: NDArray, *P: NDArray) -> tuple[NDArray, NDArray]:
        u, v = projections(W, *P)
        s = sech2(u * v)
        return s * v, s * u

    # --- diagram ---
    def diagrams(self) -> tuple:
        from hadviz.diagram_family import tanh_diagrams  # it builds on this package
        return tanh_diagrams()

    # --- parts (the landing page) ---
    title_text = "F(W) = tanh((aᵀW) ∘ (bᵀW))"
    answer_rule = (
        "**The product rule inside, the chain rule outside.** With $u = W^Ta$, $v = W^Tb$ and "
        "$f = u \\circ v$ as in the question, $df = (dW^Ta) \\circ v + u \\circ (dW^Tb)$; tanh "
        "acts entry by entry, $d\\tanh(f) = \\operatorname{sech}^2 f \\circ df$, so "
        "$\\;dF = s \\circ \\big((dW^Ta) \\circ v + u \\circ (dW^Tb)\\big)$ with "
        "$s = \\operatorname{sech}^2 f$."
    )
    question_relation = ("the question's f with tanh applied to each component, "
                         "$F = \\tanh(f)$.")
    scalar_case_latex = (r"F = \tanh(ab\,w^2), \quad "
                         r"F' = \operatorname{sech}^2(ab\,w^2)\cdot 2ab\,w")
    column_case_latex = (r"F_1 = \tanh\big((a^Tw_1)(b^Tw_1)\big), \quad "
                         r"\nabla_{w_1} F_1 = s_1\,(ab^T + ba^T)\,w_1")

    def parts(self, W: NDArray, *P: NDArray) -> tuple[Part, ...]:
        a, b = P
        u, v = a @ W, b @ W
        f = u * v
        return (Part("u", "u = Wᵀa", r"u = W^T a", "u_k = a·w_k", "u, v", u),
                Part("v", "v = Wᵀb", r"v = W^T b", "v_k = b·w_k", "u, v", v),
                Part("f", "f = u ∘ v", r"f = u \circ v", "f_k = u_k v_k", "f", f),
                Part("s", "s = sech² f", r"s = \operatorname{sech}^2 f", "s_k = sech² f_k",
                     "s, F", sech2(f)),
                Part("F", "F = tanh f", r"F = \tanh f", "F_k = tanh f_k", "s, F", np.tanh(f)))

    # --- derivation ---
    #: Which rules the derivation uses, in one sentence of Markdown.
    derivation_rules = ("The product rule for ∘ gives the derivative of the inner f = u ∘ v; "
                        "**the chain rule** through tanh then scales it by sech² f.")

    def derivation(self, W: NDArray, *P: NDArray, at: Entry) -> list[Draft]:
        """The question's three steps for the inner f, the chain rule, then component k."""
        a, b = P
        return product_rule_steps(W, a, b, at) + _chain_steps(W, a, b, at)

    def hadamard_factors(self, W: NDArray, *P: NDArray) -> tuple[str, NDArray, str, NDArray]:
        u, v = projections(W, *P)
        return "u", u, "v", v


def _chain_scale(W: NDArray, a: NDArray, b: NDArray, at: Entry) -> NDArray:
    """Rounding scale of s ∘ ∂f/∂W_ij (n,), in units of γ_{m+4}: s times that of ∂f/∂W_ij
    (G̃[i, j]), plus |G[i, j]| times s's own relative error, 2|T| f̃ from f's rounding
    (d sech² f / df = −2 T sech² f) and a few units for cosh, the square and the product."""
    u, v = projections(W, a, b)
    f, Wa = u * v, np.abs(W[:, at.j])
    f_mag = (np.abs(a) @ np.abs(W)) * (np.abs(b) @ np.abs(W))
    G_mag = abs(a[at.i]) * (np.abs(b) @ Wa) + abs(b[at.i]) * (np.abs(a) @ Wa)
    G_ij = a[at.i] * v[at.j] + b[at.i] * u[at.j]
    return sech2(f) * (G_mag + abs(G_ij) * (2.0 * np.abs(np.tanh(f)) * f_mag + 6.0))


def _chain_steps(W: NDArray, a: NDArray, b: NDArray, at: Entry) -> list[Draft]:
    """Steps 4-7: the chain rule through tanh, component k, transpose, δ_jk s_k G_ik."""
    i, j, k = at.i, at.j, at.k
    K1, I1, J1, _ = at.shown
    e_i, eps_j, eps_k = basis(W.shape[0], i), basis(W.shape[1], j), basis(W.shape[1], k)
    S, Diag_j = outer_sum(a, b), np.diag(eps_j)
    s, G = sech2(HADAMARD.f(W, a, b)), HADAMARD.compact(W, a, b)
    scale = _chain_scale(W, a, b, at)

    def F_k(X: NDArray) -> NDArray:
        return TANH.f(X, a, b)[k]

    inner = r"\operatorname{Diag}(\varepsilon_j)\,W^T\left(ab^T + ba^T\right) e_i"
    return [
        Draft(
            "**The chain rule** through tanh, which acts entry by entry: "
            "$\\partial \\tanh(f_k) = \\operatorname{sech}^2(f_k)\\,\\partial f_k$, so the "
            "vector of step 3 is multiplied entry by entry by $s = \\operatorname{sech}^2 f$, "
            "that is by $\\operatorname{Diag}(s)$ (the same trick again). A new quantity: "
            "from here on the steps differentiate $F = \\tanh(f)$.",
            r"\frac{\partial F}{\partial W_{i,j}} = s \circ \frac{\partial f}{\partial W_{i,j}}"
            r" = \operatorname{Diag}(s)\," + inner,
            product("=", [bmatrix(np.diag(s)), bmatrix(Diag_j), bmatrix(W.T), bmatrix(S),
                          column(e_i)]),
            np.diag(s) @ Diag_j @ W.T @ S @ e_i, lambda X: TANH.f(X, a, b), scale, None),
        Draft(
            "Isolate the k-th component by multiplying with εₖᵀ from the left.",
            r"\frac{\partial F_k}{\partial W_{i,j}} = \varepsilon_k^T\operatorname{Diag}(s)\,"
            + inner,
            product(rf"\frac{{\partial F_{{{K1}}}}}{{\partial W_{{{I1},{J1}}}}} =",
                    [row(eps_k), bmatrix(np.diag(s)), bmatrix(Diag_j), bmatrix(W.T),
                     bmatrix(S), column(e_i)]),
            np.asarray(eps_k @ np.diag(s) @ Diag_j @ W.T @ S @ e_i), F_k, scale[k],
            lambda x: x[k]),
        Draft(
            "A scalar equals its transpose; S = abᵀ + baᵀ is symmetric and the Diag matrices "
            "are diagonal (and commute).",
            r"\frac{\partial F_k}{\partial W_{i,j}} = e_i^T\left(ab^T + ba^T\right) W\,"
            r"\operatorname{Diag}(\varepsilon_j)\operatorname{Diag}(s)\,\varepsilon_k",
            product("=", [row(e_i), bmatrix(S), bmatrix(W), bmatrix(Diag_j),
                          bmatrix(np.diag(s)), column(eps_k)]),
            np.asarray(e_i @ S @ W @ Diag_j @ np.diag(s) @ eps_k), F_k, scale[k], same),
        Draft(
            "Diag(εⱼ) Diag(s) εₖ = δⱼₖ sₖ εₖ: the expression is entry (i, k) of "
            "$K = G\\,\\operatorname{Diag}(s)$ with G = (abᵀ + baᵀ)W, and vanishes unless "
            "j = k: tanh keeps the question's sparsity and scales column k of G by "
            "sech² fₖ.",
            r"\frac{\partial F_k}{\partial W_{i,j}} = \delta_{jk}\, s_k\, G_{i,k}",
            rf"= \delta_{{{J1},{K1}}}\, s_{{{K1}}}\, G_{{{I1},{K1}}} = {1 if j == k else 0} "
            rf"\cdot {number(s[k], 10)} \cdot {number(G[i, k], 10)}",
            np.asarray((1.0 if j == k else 0.0) * s[k] * G[i, k]), F_k, scale[k], same),
    ]


#: The one instance the rest of hadviz asks.
TANH = Tanh()
