r"""A gate with tied weights: f(W) = σ(aᵀW) ∘ (bᵀW), σ the logistic function.

With u = Wᵀa, v = Wᵀb, s = σ(u) and s′ = σ′(u) = s(1 − s), the product rule and the chain rule
together give, per column k,

.. math::

    \frac{\partial f_k}{\partial w_k} = \sigma'(u_k)\, v_k\, a + \sigma(u_k)\, b, \qquad
    G = a\,(s' \circ v)^T + b\, s^T, \qquad
    Df(W)[H] = \big(s' \circ (H^Ta)\big) \circ v + s \circ (H^Tb).

f is not a polynomial: central differences have truncation error and its Hessian block for
component k, σ″(u_k) v_k aaᵀ + σ′(u_k)(abᵀ + baᵀ), depends on W. σ and σ′ are computed from
e^{−|u|}, which never overflows, keeps full relative precision in both tails (a closed gate's
σ(−110) ≈ 1.7 × 10⁻⁴⁸ is that, not 0) and carries the complex step's imaginary part.
"""

from __future__ import annotations

from typing import Any

import numpy as np
from numpy.typing import NDArray

from hadviz.latex import bmatrix, column, number, product
from hadviz.models.base import Line, Model, Param, Part
from hadviz.models.hadamard import outer_sum, projections
from hadviz.models.logistic import derivatives as _derivatives
from hadviz.models.logistic import logistic
from hadviz.models.mistakes import Absent, WrongGradient
from hadviz.models.practice_items import EntryTerms, Term
from hadviz.models.steps import Draft, Entry, basis, component_steps, digits_for, first_step, same

__all__ = ["GATED", "Gated", "logistic"]


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

    # --- mistakes ---
    mistakes_absent = (Absent(
        "The shortcut 2abᵀW",
        "σ(aᵀW) and bᵀW are different functions of W, not one quadratic form xᵀ(abᵀ)x, so there "
        "is no abᵀ to symmetrize."),)

    def mistakes(self) -> dict[str, WrongGradient]:
        def gate(W: NDArray, a: NDArray, b: NDArray) -> tuple[NDArray, NDArray, NDArray]:
            u, v = projections(W, a, b)
            s, s1, _, _ = _derivatives(u)
            return s, s1, v

        def drop_chain(W: NDArray, a: NDArray, b: NDArray) -> NDArray:
            s, _, v = gate(W, a, b)
            return np.outer(a, v) + np.outer(b, s)

        def drop_gate(W: NDArray, a: NDArray, b: NDArray) -> NDArray:
            s, _, _ = gate(W, a, b)
            return np.outer(b, s)

        def drop_value(W: NDArray, a: NDArray, b: NDArray) -> NDArray:
            _, s1, v = gate(W, a, b)
            return np.outer(a, s1 * v)

        return {
            "drop_chain": WrongGradient(
                "drop the chain-rule factor σ′(u): G = a vᵀ + b σ(u)ᵀ", drop_chain,
                "Dropping the chain-rule factor σ′",
                "The gate is σ of $a^Tw_k$: its derivative is $\\sigma'(u_k)\\,a$, not $a$. "
                "Forgetting the chain rule's factor gives $G = a\\,v^T + b\\,\\sigma(u)^T$ "
                "instead of $a\\,(\\sigma'(u) \\circ v)^T + b\\,\\sigma(u)^T$.",
                r"a\,v^T + b\,\sigma(u)^T"),
            "drop_gate": WrongGradient(
                "drop the gate's term (treat σ(aᵀW) as a constant): G = b σ(u)ᵀ", drop_gate,
                "Dropping a product-rule term",
                "f is a product of two functions of W, so the product rule has two terms; "
                "treating the gate σ(aᵀW) as a constant keeps only $b\\,\\sigma(u)^T$ and "
                "loses $a\\,(\\sigma'(u) \\circ v)^T$.", r"b\,\sigma(u)^T"),
            "drop_value": WrongGradient(
                "drop the value's term: G = a(σ′(u) ∘ v)ᵀ", drop_value, page=False),
        }

    # --- sympy ---
    sympy_vector_note = ("It is the product rule for two linear factors; the gate's first factor "
                         "$\\sigma(a^Tx)$ is not linear: its derivative $\\sigma'(a^Tx)\\,a$ makes "
                         "column k $\\sigma'(u_k)\\,v_k\\,a + \\sigma(u_k)\\,b$ (proven above).")

    def sympy_f(self, W: Any, *P: Any) -> Any:
        import sympy as sp  # σ(x) = 1/(1 + e⁻ˣ), the form SymPy differentiates
        s = (P[0].T * W).applyfunc(lambda x: 1 / (1 + sp.exp(-x)))
        return s.multiply_elementwise(P[1].T * W)

    def sympy_compact(self, W: Any, *P: Any) -> Any:
        import sympy as sp  # the model's formula, with σ′ = σ(1 − σ)
        a, b = P
        s = (a.T * W).applyfunc(lambda x: 1 / (1 + sp.exp(-x)))
        return a * s.applyfunc(lambda x: x * (1 - x)).multiply_elementwise(b.T * W) + b * s

    # --- practice ---
    practice_kinds = ("slices", "entry", "shape")

    def practice_entry(self, W: NDArray, *P: NDArray) -> EntryTerms:
        a, b = P
        u, v = projections(W, a, b)
        V = np.abs(b) @ np.abs(W)
        s, s1, _, _ = _derivatives(u)
        a_, b_ = a[:, np.newaxis], b[:, np.newaxis]
        return EntryTerms((
            Term((s1, v, a_), s1 * V * np.abs(a_), "σ′(uₖ)vₖaᵢ",
                 r"\sigma'(u_{{{k}}})\,v_{{{k}}}\,a_{{{i}}}"),
            Term((s, b_), s * np.abs(b_), "σ(uₖ)bᵢ", r"\sigma(u_{{{k}}})\,b_{{{i}}}"),
        ), ((s * v * a_ + s * b_, "that takes σ(uₖ) for σ′(uₖ) in the first term"),),
            "σ′(uₖ)·|aᵢ|·(|b|ᵀ|wₖ|) + σ(uₖ)·|bᵢ|")

    # --- exports (hadviz.exports: the NumPy and PyTorch scripts, the notebook) ---
    export_f = ("s = 0.5 * (1 + xp.tanh(0.5 * (W.T @ a)))  # σ(aᵀW), without overflow\n"
                "    return s * (W.T @ b)")
    export_compact = ("u, v = W.T @ a, W.T @ b\n"
                      "    s = 0.5 * (1 + xp.tanh(0.5 * u))  # σ(u)\n"
                      "    return xp.outer(a, s * (1 - s) * v) + xp.outer(b, s)  "
                      "# a(σ′(u) ∘ v)ᵀ + bσ(u)ᵀ, m × n")

    # --- rounding scales and finite differences (hadviz.checks, the lab) ---
    def rounding_scales(self, W: NDArray, *P: NDArray) -> tuple[NDArray, NDArray]:
        """F̃ = |v|(σ′Ũ + 1) + σṼ and C̃ = |a|(|v|(σ′Ũ + 1) + σ′Ṽ)ᵀ + |b|(σ′Ũ + 1)ᵀ.

        Ũ = |a|ᵀ|W| and Ṽ = |b|ᵀ|W| scale the errors of u and v; u's moves σ by σ′Ũγ and σ′
        by at most as much (|σ″| ≤ σ′); σ = (1 + tanh(u/2))/2 and σ′ = σ(1 − σ) are also
        off by about u absolutely (1 + tanh and 1 − σ cancel where σ is near 0 or 1).
        """
        a, b = P
        U, V = projections(np.abs(W), np.abs(a), np.abs(b))
        u, v = projections(W, a, b)
        s, s1, _, _ = _derivatives(u)
        sigma = s1 * U + 1.0
        return (np.abs(v) * sigma + s * V,
                np.outer(np.abs(a), np.abs(v) * sigma + s1 * V) + np.outer(np.abs(b), sigma))

    # --- jacobian layouts (the Jacobian and layouts pages) ---
    compact_symbol = "G"
    compact_text = "G = a(σ′(u) ∘ v)ᵀ + b σ(u)ᵀ"
    kronecker_latex = (r"\mathrm{Diag}\big(\sigma'(u) \circ v\big)\,(I_n \otimes a^T) + "
                       r"\mathrm{Diag}\big(\sigma(u)\big)\,(I_n \otimes b^T)")

    weight_latex = (r"\sigma'(u) \circ v", r"\sigma(u)")

    def kronecker_weights(self, W: NDArray, *P: NDArray) -> tuple[NDArray, NDArray]:
        u, v = projections(W, *P)
        s, s1, _, _ = _derivatives(u)
        return s1 * v, s

    # --- diagram ---
    def diagrams(self) -> tuple:
        from hadviz.diagram_family import gate_diagrams  # it builds on this package
        return gate_diagrams()

    # --- parts (the landing page) ---
    title_text = "f(W) = σ(aᵀW) ∘ (bᵀW)"
    answer_rule = (
        "**The product rule and the chain rule together.** With $u = W^Ta$ and $v = W^Tb$: "
        "$d(\\sigma(u) \\circ v) = \\sigma'(u) \\circ du \\circ v + \\sigma(u) \\circ dv$ with "
        "$\\sigma' = \\sigma(1 - \\sigma)$, so "
        "$\\;df = \\sigma'(u) \\circ (dW^Ta) \\circ v + \\sigma(u) \\circ (dW^Tb)$."
    )
    question_relation = ("the question's f with the logistic function σ on its first factor: "
                         "a gate with tied weights.")
    scalar_case_latex = (r"f = \sigma(aw)\,(bw), \quad "
                         r"f' = \sigma'(aw)\,a\,(bw) + \sigma(aw)\,b")
    column_case_latex = (r"f_1 = \sigma(a^Tw_1)\,(b^Tw_1), \quad "
                         r"\nabla_{w_1} f_1 = \sigma'(u_1)\,v_1\,a + \sigma(u_1)\,b")

    def parts(self, W: NDArray, *P: NDArray) -> tuple[Part, ...]:
        u, v = projections(W, *P)
        s, s1, _, _ = _derivatives(u)
        return (Part("u", "u = Wᵀa", r"u = W^T a", "u_k = a·w_k", "u, v", u),
                Part("v", "v = Wᵀb", r"v = W^T b", "v_k = b·w_k", "u, v", v),
                Part("σ(u)", "σ(u)", r"\sigma(u)", "σ(u_k)", "σ(u), σ′(u)", s),
                # the definition is on the helpers' line; the value is computed from e^{−|u|}
                # (where σ(u) rounds to 1, 1 − σ(u) would give 0)
                Part("σ′(u)", "σ′(u) = σ(u)(1 − σ(u))", r"\sigma'(u)",
                     "σ′(u_k)", "σ(u), σ′(u)", s1),
                Part("f", "f = σ(u) ∘ v", r"f = \sigma(u) \circ v", "f_k = σ(u_k) v_k", "f",
                     s * v))

    # --- derivation ---
    #: Which rules the derivation uses, in one sentence of Markdown.
    derivation_rules = ("**The chain rule** through the gate σ and **the product rule** for ∘, "
                        "together.")

    def derivation(self, W: NDArray, *P: NDArray, at: Entry) -> list[Draft]:
        """The chain rule through σ, the product rule, the Diag trick, then component k."""
        a, b = P
        return _gate_steps(W, a, b, at) + _gate_component_steps(W, a, b, at)

    def hadamard_factors(self, W: NDArray, *P: NDArray) -> tuple[str, NDArray, str, NDArray]:
        u, v = projections(W, *P)
        return r"\sigma(u)", logistic(u), "v", v


def _gate_scales(W: NDArray, a: NDArray, b: NDArray, at: Entry) -> tuple[NDArray, NDArray]:
    """Rounding scales (n,), in units of γ_{m+4}, of σ′(u) ∘ ε_j a_i and of ∂f/∂W_ij: u's error
    γ_m Ũ moves σ by σ′Ũ and σ′ by |σ″|Ũ; σ and σ′ also err by a few units absolutely."""
    U, V = projections(np.abs(W), np.abs(a), np.abs(b))
    u, v = projections(W, a, b)
    s, s1, s2, _ = _derivatives(u)
    ai, bi = abs(a[at.i]), abs(b[at.i])
    gate = ai * (np.abs(s2) * U + 4.0 + 2.0 * s1)
    return gate, gate * np.abs(v) + ai * s1 * V + bi * (s1 * U + 3.0 + s)


def _gate_steps(W: NDArray, a: NDArray, b: NDArray, at: Entry) -> list[Draft]:
    """Steps 1-4: ∂W/∂W_ij, the chain rule through σ, the product rule, the Diag trick."""
    i = at.i
    J1 = at.shown[2]
    m, n = W.shape
    e_i, eps_j = basis(m, i), basis(n, at.j)
    u, v = projections(W, a, b)
    s, s1, _, _ = _derivatives(u)
    gate_scale, scale = _gate_scales(W, a, b, at)
    C = np.outer(s1 * v, a) + np.outer(s, b)  # x aᵀ + y bᵀ = Gᵀ, n × m
    return [
        first_step(W, at),
        Draft(
            "**The chain rule** for the gate: σ acts entry by entry on u = Wᵀa, so "
            "$\\partial\\sigma(u) = \\sigma'(u) \\circ \\partial u$ with "
            "$\\partial u/\\partial W_{i,j} = \\varepsilon_j e_i^Ta = \\varepsilon_j\\,a_i$ "
            "($a_i$ is a number) and $\\sigma' = \\sigma(1 - \\sigma)$.",
            r"\frac{\partial \sigma(W^Ta)}{\partial W_{i,j}} = \sigma'(u) \circ "
            r"\varepsilon_j e_i^T a",
            rf"= {column(s1, 6)} \circ \varepsilon_{{{J1}}}\,({number(a[i])})",
            s1 * (eps_j * a[i]), lambda X: logistic(a @ X), gate_scale, None),
        Draft(
            "From here on f is the column $\\sigma(W^Ta)\\circ(W^Tb)$. Apply **the product "
            "rule for ∘**, $\\partial(x \\circ y) = \\partial x \\circ y + x \\circ "
            "\\partial y$, with x = σ(u) (its derivative is the previous step) and y = v "
            "($\\partial v/\\partial W_{i,j} = \\varepsilon_j\\,b_i$).",
            r"\frac{\partial f}{\partial W_{i,j}} = \big(\sigma'(u) \circ \varepsilon_j a_i\big)"
            r" \circ v + \sigma(u) \circ \varepsilon_j b_i",
            rf"= \big({column(s1, 6)} \circ \varepsilon_{{{J1}}}\,({number(a[i])})\big) \circ "
            rf"{column(v)} + {column(s, 6)} \circ \varepsilon_{{{J1}}}\,({number(b[i])})",
            (s1 * eps_j * a[i]) * v + s * (eps_j * b[i]), lambda X: GATED.f(X, a, b), scale,
            None),
        Draft(
            "The trick: x ∘ y = Diag(x) y. Both terms are Diag(εⱼ) times a vector, and the "
            "numbers $a_i = a^Te_i$, $b_i = b^Te_i$ move to the right: "
            "$(\\sigma'(u)\\circ v)\\,a_i + \\sigma(u)\\,b_i = "
            "\\big((\\sigma'(u)\\circ v)\\,a^T + \\sigma(u)\\,b^T\\big)e_i = G^Te_i$.",
            r"\frac{\partial f}{\partial W_{i,j}} = \operatorname{Diag}(\varepsilon_j)\,"
            r"\big((\sigma'(u) \circ v)\,a^T + \sigma(u)\,b^T\big)\,e_i",
            product("=", [bmatrix(np.diag(eps_j)), bmatrix(C, digits_for(W.shape[1])),
                          column(e_i)]),
            np.diag(eps_j) @ C @ e_i, lambda X: GATED.f(X, a, b), scale, same),
    ]


def _gate_component_steps(W: NDArray, a: NDArray, b: NDArray, at: Entry) -> list[Draft]:
    """Steps 5-7: isolate component k, transpose the scalar, read off δ_jk G_ik."""
    i, j, k = at.i, at.j, at.k
    K1, _, J1, _ = at.shown
    u, v = projections(W, a, b)
    s, s1, _, _ = _derivatives(u)
    G = np.outer(a, s1 * v) + np.outer(b, s)
    scale = _gate_scales(W, a, b, at)[1][k]

    def f_k(X: NDArray) -> NDArray:
        return GATED.f(X, a, b)[k]

    last = Draft(
        "Diag(εⱼ) εₖ = δⱼₖ εₖ: the expression is entry (i, k) of "
        "G = a(σ′(u) ∘ v)ᵀ + bσ(u)ᵀ and vanishes unless j = k. The gate keeps the "
        "question's sparsity; its first term carries σ′(uₖ), the chain rule's factor.",
        r"\frac{\partial f_k}{\partial W_{i,j}} = \delta_{jk}\,\big(\sigma'(u_k)\,v_k\,a_i"
        r" + \sigma(u_k)\,b_i\big) = \delta_{jk}\,G_{i,k}",
        rf"= \delta_{{{J1},{K1}}}\big({number(s1[k], 6)} \cdot {number(v[k])} \cdot "
        rf"{number(a[i])} + {number(s[k], 6)} \cdot {number(b[i])}\big) = "
        rf"{1 if j == k else 0} \cdot {number(G[i, k], 10)}",
        np.asarray((1.0 if j == k else 0.0) * G[i, k]), f_k, scale, same)
    G_latex = r"a\,(\sigma'(u)\circ v)^T + b\,\sigma(u)^T"
    return [*component_steps(G, G_latex, "f", at, f_k, scale), last]


#: The one instance the rest of hadviz asks.
GATED = Gated()
