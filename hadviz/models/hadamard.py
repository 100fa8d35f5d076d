r"""The function of the question, f(W) = (Wᵀa) ∘ (Wᵀb), with all its derivatives.

.. math::

    f_k = (a \cdot w_k)(b \cdot w_k), \qquad G = (ab^T + ba^T)W = a v^T + b u^T,
    \qquad Df(W)[H] = (H^Ta) \circ v + u \circ (H^Tb),

with u = Wᵀa and v = Wᵀb, computed together in one pass over W. f is quadratic, so
f(W + tH) = f + t·Df[H] + t²·(Hᵀa) ∘ (Hᵀb) exactly, and its Hessian is constant:
∂²f_k/∂W_ij ∂W_pq = δ_jk δ_qk (abᵀ + baᵀ)_ip.
"""

from __future__ import annotations

from typing import Any

import numpy as np
from numpy.typing import NDArray

from hadviz.latex import bmatrix, column, number, product, row
from hadviz.models.base import Line, Model, Param, Part
from hadviz.models.mistakes import Absent, WrongGradient
from hadviz.models.practice_items import EntryTerms, Term
from hadviz.models.steps import Draft, Entry, basis, first_step, same

__all__ = ["HADAMARD", "Hadamard", "outer_sum", "projections"]


def projections(W: NDArray, a: NDArray, b: NDArray) -> tuple[NDArray, NDArray]:
    """u = Wᵀa and v = Wᵀb, shape (n,) each.

    Two row-vector products aᵀW and bᵀW: each streams W row by row, which measured 2.5×
    faster at 2048 × 2048 than one product Wᵀ[a b] reading W column by column.
    """
    return a @ W, b @ W


def outer_sum(a: NDArray, b: NDArray) -> NDArray:
    """S = abᵀ + baᵀ, shape (m, m): symmetric, G = SW, and the Hessian block of every f_k."""
    return np.outer(a, b) + np.outer(b, a)


class Hadamard(Model):
    """f(W) = (Wᵀa) ∘ (Wᵀb) ∈ ℝⁿ."""

    name = "hadamard"
    label = "f = (aᵀW) ∘ (bᵀW), the question"
    symbol = "f"
    latex = r"f(W) = (a^T W) \circ (b^T W)"
    params = (Param("a", False), Param("b", False))
    quadratic = True
    space = r"f \in \mathbb{R}^n"
    helpers_latex = r"u = W^T a, \quad v = W^T b, \quad f = u \circ v"
    entry_latex = r"\frac{\partial f_k}{\partial W_{ij}} = \delta_{jk}\,(a_i v_k + b_i u_k)"
    compact_latex = r"G = (ab^T + ba^T)\,W = a\,v^T + b\,u^T"
    jvp_latex = r"Df(W)[H] = (H^T a) \circ v + u \circ (H^T b)"
    vjp_latex = r"\nabla_W (g^T f) = G\,\mathrm{Diag}(g)"

    def f(self, W: NDArray, *P: NDArray) -> NDArray:
        a, b = P
        u, v = projections(W, a, b)
        return u * v

    def compact(self, W: NDArray, *P: NDArray) -> NDArray:
        a, b = P
        u, v = projections(W, a, b)
        # a rank-2 product [a b] [v; u]: one (m, n) allocation, no temporaries of that size
        return np.stack([a, b], axis=1) @ np.stack([v, u], axis=0)

    def jvp(self, W: NDArray, *args: NDArray) -> NDArray:
        a, b, H = args
        u, v = projections(W, a, b)
        p, q = projections(H, a, b)
        return p * v + u * q

    def second_order_term(self, W: NDArray, *args: NDArray) -> NDArray:
        a, b, H = args
        # the exact remainder: f(W + H) = f(W) + Df(W)[H] + (Hᵀa) ∘ (Hᵀb)
        return self.f(H, a, b)

    def line(self, W: NDArray, *args: NDArray) -> Line:
        a, b, H = args
        f = self.f(W, a, b)
        return Line(f, self.jvp(W, a, b, H), 2.0 * self.second_order_term(W, a, b, H),
                    np.zeros_like(f))

    def hessian(self, W: NDArray, *P: NDArray) -> NDArray:
        a, b = P
        m, n = W.shape
        S = outer_sum(a, b)
        Hess = np.zeros((n, m, n, m, n), dtype=np.result_type(a, b, float))
        for k in range(n):
            Hess[k, :, k, :, k] = S
        return Hess

    # --- mistakes ---
    mistakes_absent = (Absent(
        "Dropping a chain-rule factor",
        "f has no outer function (tanh(f) has sech² f, the gate has σ′), so there is no factor "
        "to drop."),)

    def mistakes(self) -> dict[str, WrongGradient]:
        return {
            "two_ab": WrongGradient(
                "the shortcut G = 2abᵀW (as if abᵀ were symmetric)",
                lambda W, a, b: 2.0 * np.outer(a, b @ W), "The shortcut 2abᵀW",
                "By analogy with $d(x^TAx)/dx = 2Ax$ for symmetric A, it is tempting to write "
                "$G = 2ab^TW$. But $ab^T$ is symmetric only when a and b are parallel (one is "
                "a multiple of the other, or either is 0); in general the derivative of "
                "$x^T A x$ is $(A + A^T)x$, so $G = (ab^T + ba^T)W$.", r"2ab^TW"),
            "drop_ab": WrongGradient(
                "drop the abᵀ term: G = baᵀW", lambda W, a, b: np.outer(b, a @ W),
                "Dropping a product-rule term",
                "The product rule has two terms, $(dW^Ta)\\circ(W^Tb) + (W^Ta)\\circ(dW^Tb)$; "
                "keeping only the second gives $G = ba^TW$ and loses $ab^TW$.", r"ba^TW"),
            "drop_ba": WrongGradient("drop the baᵀ term: G = abᵀW",
                                     lambda W, a, b: np.outer(a, b @ W), page=False),
        }

    # --- sympy ---
    sympy_vector_note = ("With $A = a^T$, $B = b^T$ (one row each) and $x = w_k$ it gives "
                         "$a(b^Tw_k) + b(a^Tw_k)$ = column k of G: the same answer, one column "
                         "at a time.")
    sympy_spellings = True

    def sympy_f(self, W: Any, *P: Any) -> Any:
        a, b = P
        return (a.T * W).multiply_elementwise(b.T * W)

    def sympy_compact(self, W: Any, *P: Any) -> Any:
        a, b = P
        return (a * b.T + b * a.T) * W

    # --- practice ---
    practice_kinds = ("slices", "entry", "shape", "dropped", "a_equals_b", "tanh")

    def practice_entry(self, W: NDArray, *P: NDArray) -> EntryTerms:
        a, b = P
        u, v = projections(W, a, b)
        U, V = projections(np.abs(W), np.abs(a), np.abs(b))
        a_, b_ = a[:, np.newaxis], b[:, np.newaxis]
        return EntryTerms((
            Term((a_, v), np.abs(a_) * V, "aᵢ(bᵀwₖ)", r"a_{{{i}}}\,(b^Tw_{{{k}}})"),
            Term((b_, u), np.abs(b_) * U, "bᵢ(aᵀwₖ)", r"b_{{{i}}}\,(a^Tw_{{{k}}})"),
        ), (), "|aᵢ|·(|b|ᵀ|wₖ|) + |bᵢ|·(|a|ᵀ|wₖ|)")

    # --- exports (hadviz.exports: the NumPy and PyTorch scripts, the notebook) ---
    export_f = "return (W.T @ a) * (W.T @ b)  # (aᵀW) ∘ (bᵀW), written as a column"
    export_compact = "return (xp.outer(a, b) + xp.outer(b, a)) @ W  # G = (abᵀ + baᵀ)W, m × n"

    # --- rounding scales and finite differences (hadviz.checks, the lab) ---
    curvature_text = "(Hᵀa)∘(Hᵀb)"
    curvature_latex = r"(H^Ta)\circ(H^Tb)"

    # --- jacobian layouts (the Jacobian and layouts pages) ---
    compact_symbol = "G"
    compact_text = "G = (abᵀ + baᵀ)W"
    kronecker_latex = (r"\mathrm{Diag}(v)\,(I_n \otimes a^T) + "
                       r"\mathrm{Diag}(u)\,(I_n \otimes b^T)")

    weight_latex = ("v", "u")

    def kronecker_weights(self, W: NDArray, *P: NDArray) -> tuple[NDArray, NDArray]:
        u, v = projections(W, *P)
        return v, u

    def compact_einsum(self, W: NDArray, *P: NDArray) -> tuple[str, NDArray]:
        a, b = P
        # i and p rows of W, k a column of W (= a component of f), as everywhere in the app
        return ('G = np.einsum("i,p,pk->ik", a, b, W) + np.einsum("i,p,pk->ik", b, a, W)',
                np.einsum("i,p,pk->ik", a, b, W) + np.einsum("i,p,pk->ik", b, a, W))

    # --- derivation ---
    #: Which rules the derivation uses, in one sentence of Markdown.
    derivation_rules = ("The product rule for ∘ and the Diag trick; f is quadratic, so no chain "
                        "rule is needed.")

    def derivation(self, W: NDArray, *P: NDArray, at: Entry) -> list[Draft]:
        """The Diag-trick derivation of ∂f_k/∂W_ij in six steps (:mod:`hadviz.models.steps`)."""
        a, b = P
        return product_rule_steps(W, a, b, at) + _component_steps(W, a, b, at)

    def hadamard_factors(self, W: NDArray, *P: NDArray) -> tuple[str, NDArray, str, NDArray]:
        u, v = projections(W, *P)
        return "u", u, "v", v

    # --- diagram ---
    def diagrams(self) -> tuple:
        # imported here: hadviz.diagrams builds on the models package
        from hadviz.diagrams import DIAGRAMS

        return DIAGRAMS

    # --- parts (the landing page) ---
    title_text = "f(W) = (aᵀW) ∘ (bᵀW)"
    answer_rule = (
        "**Yes: the product rule holds for ∘**, $d(u \\circ v) = du \\circ v + u \\circ dv$. "
        "With $u = W^Ta$ and $v = W^Tb$: "
        "$\\;df = (dW^T a) \\circ (W^T b) + (W^T a) \\circ (dW^T b)$."
    )
    scalar_case_latex = r"f = (aw)(bw) = ab\,w^2, \quad f' = (aw)\,b + a\,(bw) = 2ab\,w"
    column_case_latex = (r"f_1 = (a^Tw_1)(b^Tw_1), \quad "
                         r"\nabla_{w_1} f_1 = (ab^T + ba^T)\,w_1")

    def parts(self, W: NDArray, *P: NDArray) -> tuple[Part, ...]:
        u, v = projections(W, *P)
        return (Part("u", "u = Wᵀa", r"u = W^T a", "u_k = a·w_k", "u, v", u),
                Part("v", "v = Wᵀb", r"v = W^T b", "v_k = b·w_k", "u, v", v),
                Part("f", "f = u ∘ v", r"f = u \circ v", "f_k = u_k v_k", "f", u * v))


def _scale(W: NDArray, a: NDArray, b: NDArray, at: Entry) -> float:
    """G̃[i, j] = |a_i|(|b|ᵀ|W|)_j + |b_i|(|a|ᵀ|W|)_j: every value of ∂f/∂W_ij is a sum of at
    most m + 4 rounded products of these terms."""
    Wa = np.abs(W[:, at.j])
    return float(abs(a[at.i]) * (np.abs(b) @ Wa) + abs(b[at.i]) * (np.abs(a) @ Wa))


def product_rule_steps(W: NDArray, a: NDArray, b: NDArray, at: Entry) -> list[Draft]:
    """Steps 1-3: ∂W/∂W_ij, the product rule, and the Diag trick (vectors in ℝⁿ)."""
    i = at.i
    J1 = at.shown[2]
    m, n = W.shape
    e_i, eps_j = basis(m, i), basis(n, at.j)
    u, v = projections(W, a, b)
    scale = _scale(W, a, b, at)
    Diag_j = np.diag(eps_j)
    return [
        first_step(W, at),
        Draft(
            "From here on f is the column $(W^Ta)\\circ(W^Tb)$: the question's row "
            "$(a^TW)\\circ(b^TW)$ transposed, with the same numbers. Apply **the product rule "
            "for ∘**, $\\partial(x \\circ y) = \\partial x \\circ y + x \\circ \\partial y$ "
            "(entry by entry it is the ordinary rule $(x_ky_k)' = x_k'y_k + x_ky_k'$), with "
            "$\\partial W^T/\\partial W_{i,j} = \\varepsilon_j e_i^T$; and $e_i^Ta = a_i$, "
            "$e_i^Tb = b_i$ are numbers.",
            r"\frac{\partial f}{\partial W_{i,j}} = \varepsilon_j e_i^T a \circ W^T b "
            r"+ W^T a \circ \varepsilon_j e_i^T b",
            rf"= \varepsilon_{{{J1}}}\,({number(a[i])}) \circ {column(v)} + {column(u)} \circ "
            rf"\varepsilon_{{{J1}}}\,({number(b[i])})",
            (eps_j * a[i]) * v + u * (eps_j * b[i]), lambda X: HADAMARD.f(X, a, b), scale,
            None),
        Draft(
            "The trick: a Hadamard product with a vector is multiplication by its diagonal "
            "matrix, x ∘ y = Diag(x) y. With x = εⱼ both terms become Diag(εⱼ) times a "
            "vector. The line that needs a second look: $a_i$ is a number, so "
            "$a_i\\,W^Tb = W^Tb\\,a_i = W^Tb\\,a^Te_i = W^T(ba^T)e_i$, and likewise "
            "$b_i\\,W^Ta = W^T(ab^T)e_i$; together $W^T(ab^T + ba^T)e_i$.",
            r"\frac{\partial f}{\partial W_{i,j}} = \operatorname{Diag}(\varepsilon_j)\,W^T"
            r"\left(ab^T + ba^T\right) e_i",
            product("=", [bmatrix(Diag_j), bmatrix(W.T), bmatrix(outer_sum(a, b)), column(e_i)]),
            Diag_j @ W.T @ outer_sum(a, b) @ e_i, lambda X: HADAMARD.f(X, a, b), scale, same),
    ]


def _component_steps(W: NDArray, a: NDArray, b: NDArray, at: Entry) -> list[Draft]:
    """Steps 4-6: isolate component k, transpose the scalar, read off δ_jk G_ik."""
    i, j, k = at.i, at.j, at.k
    K1, I1, J1, _ = at.shown
    m, n = W.shape
    e_i, eps_j, eps_k = basis(m, i), basis(n, j), basis(n, k)
    S, Diag_j = outer_sum(a, b), np.diag(eps_j)
    G = HADAMARD.compact(W, a, b)
    scale = _scale(W, a, b, at)

    def f_k(X: NDArray) -> NDArray:
        return HADAMARD.f(X, a, b)[k]

    return [
        Draft(
            "Isolate the k-th component by multiplying with εₖᵀ from the left.",
            r"\frac{\partial f_k}{\partial W_{i,j}} = \varepsilon_k^T \operatorname{Diag}"
            r"(\varepsilon_j)\,W^T\left(ab^T + ba^T\right) e_i",
            product(rf"\frac{{\partial f_{{{K1}}}}}{{\partial W_{{{I1},{J1}}}}} =",
                    [row(eps_k), bmatrix(Diag_j), bmatrix(W.T), bmatrix(S), column(e_i)]),
            np.asarray(eps_k @ Diag_j @ W.T @ S @ e_i), f_k, scale, lambda x: x[k]),
        Draft(
            "A scalar equals its transpose; S = abᵀ + baᵀ is symmetric and Diag(εⱼ) is "
            "diagonal.",
            r"\frac{\partial f_k}{\partial W_{i,j}} = e_i^T\left(ab^T + ba^T\right) W\,"
            r"\operatorname{Diag}(\varepsilon_j)\,\varepsilon_k",
            product("=", [row(e_i), bmatrix(S), bmatrix(W), bmatrix(Diag_j), column(eps_k)]),
            np.asarray(e_i @ S @ W @ Diag_j @ eps_k), f_k, scale, same),
        Draft(
            "Diag(εⱼ) εₖ = δⱼₖ εₖ, so the expression picks entry (i, k) of "
            "G = (abᵀ + baᵀ)W, and vanishes unless j = k: only column k of W moves fₖ.",
            r"\frac{\partial f_k}{\partial W_{i,j}} = \delta_{jk}\, G_{i,k}, \qquad G = (ab^T + "
            r"ba^T)W",
            rf"= \delta_{{{J1},{K1}}}\, G_{{{I1},{K1}}} = {1 if j == k else 0} \cdot "
            rf"{number(G[i, k], 10)}",
            np.asarray((1.0 if j == k else 0.0) * G[i, k]), f_k, scale, same),
    ]



#: The one instance the rest of hadviz asks.
HADAMARD = Hadamard()
