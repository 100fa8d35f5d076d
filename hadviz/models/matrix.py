r"""The question with matrices: F(W) = (AᵀW) ∘ (BᵀW) ∈ ℝ^{p×n}, A and B of shape (m, p).

With U = AᵀW and V = BᵀW (both p × n), entry (r, k) of F is (A_{:,r}·w_k)(B_{:,r}·w_k), so

.. math::

    \frac{\partial F_{r,k}}{\partial W_{i,j}}
        = \delta_{jk}\big(A_{i,r} V_{r,k} + B_{i,r} U_{r,k}\big),

column k of W feeds only column k of F through the m × p block
C_k = A·Diag(V_{:,k}) + B·Diag(U_{:,k}); the VJP is ∇_W⟨Γ, F⟩ = A(Γ ∘ V) + B(Γ ∘ U).
F is quadratic: F(W + H) = F + DF[H] + (AᵀH) ∘ (BᵀH) exactly. With p = 1, A = a and B = b
this is the question's f.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import numpy as np
from numpy.typing import NDArray

from hadviz.latex import bmatrix, column, lines, number, product, row
from hadviz.models.base import Line, Model, Param, Part
from hadviz.models.mistakes import Absent, WrongGradient
from hadviz.models.practice_items import EntryTerms, Term
from hadviz.models.steps import Draft, Entry, basis, first_step, same

__all__ = ["MATRIX", "MatrixHadamard"]


class MatrixHadamard(Model):
    """F(W) = (AᵀW) ∘ (BᵀW) ∈ ℝ^{p×n}."""

    name = "matrix"
    label = "(AᵀW) ∘ (BᵀW), A and B matrices"
    symbol = "F"
    latex = r"F(W) = (A^T W) \circ (B^T W)"
    params = (Param("A", True), Param("B", True))
    rows = True
    quadratic = True
    space = r"F \in \mathbb{R}^{p \times n}"
    helpers_latex = r"U = A^T W, \quad V = B^T W, \quad F = U \circ V"
    entry_latex = (r"\frac{\partial F_{rk}}{\partial W_{ij}} = \delta_{jk}\,"
                   r"(A_{ir} V_{rk} + B_{ir} U_{rk})")
    compact_latex = (r"C_k = \Big(\frac{\partial F_{:,k}}{\partial w_k}\Big)^{T} = "
                     r"A\,\mathrm{Diag}(V_{:,k}) + B\,\mathrm{Diag}(U_{:,k}) "
                     r"\in \mathbb{R}^{m \times p}")
    jvp_latex = r"DF(W)[H] = (A^T H) \circ V + U \circ (B^T H)"
    vjp_latex = r"\nabla_W \langle \Gamma, F \rangle = A\,(\Gamma \circ V) + B\,(\Gamma \circ U)"

    def f(self, W: NDArray, *P: NDArray) -> NDArray:
        A, B = P
        return (A.T @ W) * (B.T @ W)

    def compact(self, W: NDArray, *P: NDArray) -> NDArray:
        A, B = P
        U, V = A.T @ W, B.T @ W
        # C[:, r, :] = A[:, r] V[r] + B[:, r] U[r], a rank-2 product written straight into C:
        # the (m, p, n) result is the only large allocation (measured 1.00× of its own size,
        # against 2.0× for the two broadcast products it replaces, and 1.5× faster)
        C = np.empty((W.shape[0], A.shape[1], W.shape[1]), dtype=np.result_type(W, A, B))
        for r in range(A.shape[1]):
            np.matmul(np.stack([A[:, r], B[:, r]], axis=1), np.stack([V[r], U[r]], axis=0),
                      out=C[:, r, :])
        return C

    def jvp(self, W: NDArray, *args: NDArray) -> NDArray:
        A, B, H = args
        return (A.T @ H) * (B.T @ W) + (A.T @ W) * (B.T @ H)

    def vjp(self, W: NDArray, *args: NDArray) -> NDArray:
        A, B, g = args
        return A @ (g * (B.T @ W)) + B @ (g * (A.T @ W))

    def second_order_term(self, W: NDArray, *args: NDArray) -> NDArray:
        # the exact remainder: F(W + H) = F(W) + DF(W)[H] + (AᵀH) ∘ (BᵀH)
        A, B, H = args
        return self.f(H, A, B)

    def line(self, W: NDArray, *args: NDArray) -> Line:
        F = self.f(W, *args[:-1])
        return Line(F, self.jvp(W, *args), 2.0 * self.second_order_term(W, *args),
                    np.zeros_like(F))

    def hessian(self, W: NDArray, *P: NDArray) -> NDArray:
        A, B = P
        m, n = W.shape
        p = A.shape[1]
        Hess = np.zeros((p, n, m, n, m, n), dtype=np.result_type(A, B, float))
        for r in range(p):
            S = np.outer(A[:, r], B[:, r]) + np.outer(B[:, r], A[:, r])
            for k in range(n):
                Hess[r, k, :, k, :, k] = S
        return Hess

    # --- mistakes ---
    mistakes_absent = (Absent(
        "Dropping a chain-rule factor",
        "F has no outer function (tanh(f) has sech² f, the gate has σ′), so there is no factor "
        "to drop."),)

    def mistakes(self) -> dict[str, WrongGradient]:
        def keep(first: bool, twice: bool = False) -> Callable[..., NDArray]:
            # one of the two terms of C[i, r, k] = A[i, r] V[r, k] + B[i, r] U[r, k]
            def wrong(W: NDArray, A: NDArray, B: NDArray) -> NDArray:
                X, Y = (A, B) if first else (B, A)
                term = X[:, :, np.newaxis] * (Y.T @ W)[np.newaxis]
                return 2.0 * term if twice else term
            return wrong

        return {
            "two_AB": WrongGradient(
                "the shortcut Cₖ = 2A·Diag(Bᵀwₖ) (as if each A[:, r] B[:, r]ᵀ were symmetric)",
                keep(True, twice=True), "The shortcut 2A·Diag(Bᵀwₖ)",
                "Row r of F is the question's f with $a = A_{:,r}$, $b = B_{:,r}$, so the "
                "question's shortcut $2ab^TW$ becomes $C_k = 2A\\,\\mathrm{Diag}(B^Tw_k)$. It "
                "is right only where column r of A is parallel to column r of B, for every r.",
                r"C_k = 2A\,\mathrm{Diag}(B^Tw_k)"),
            "drop_BU": WrongGradient(
                "use A·Diag(Bᵀwₖ) only: drop B·Diag(Aᵀwₖ)", keep(True),
                "Using A·Diag(Bᵀwₖ) only (a dropped product-rule term)",
                "The product rule has two terms, "
                "$dF = (A^TdW)\\circ V + U \\circ (B^TdW)$; keeping only the first gives "
                "$C_k = A\\,\\mathrm{Diag}(B^Tw_k)$ and loses "
                "$B\\,\\mathrm{Diag}(A^Tw_k)$.", r"C_k = A\,\mathrm{Diag}(B^Tw_k)"),
            "drop_AV": WrongGradient("use B·Diag(Aᵀwₖ) only: drop A·Diag(Bᵀwₖ)",
                                     keep(False), page=False),
        }

    # --- sympy ---
    sympy_vector_note = ("With $A^T$, $B^T$ (p × m) in place of A, B and $x = w_k$ it gives "
                         "$A\\,\\mathrm{Diag}(B^Tw_k) + B\\,\\mathrm{Diag}(A^Tw_k) = C_k$, the "
                         "m × p block of column k.")

    def sympy_f(self, W: Any, *P: Any) -> Any:
        A, B = P
        return (A.T * W).multiply_elementwise(B.T * W)

    def sympy_compact(self, W: Any, *P: Any) -> Any:
        import sympy as sp

        A, B = P
        U, V = A.T * W, B.T * W
        return sp.Array([[[A[i, r] * V[r, k] + B[i, r] * U[r, k] for k in range(W.shape[1])]
                          for r in range(A.shape[1])] for i in range(W.shape[0])])

    # --- practice ---
    practice_kinds = ("slices", "entry", "shape")

    def practice_entry(self, W: NDArray, *P: NDArray) -> EntryTerms:
        A, B = P
        U, V = A.T @ W, B.T @ W
        Ut, Vt = np.abs(A).T @ np.abs(W), np.abs(B).T @ np.abs(W)
        A_, B_ = A[:, :, np.newaxis], B[:, :, np.newaxis]
        return EntryTerms((
            Term((A_, V), np.abs(A_) * Vt, "Aᵢᵣ(Bᵀwₖ)ᵣ", r"A_{{{i},{r}}}\,(B^Tw_{{{k}}})_{{{r}}}"),
            Term((B_, U), np.abs(B_) * Ut, "Bᵢᵣ(Aᵀwₖ)ᵣ", r"B_{{{i},{r}}}\,(A^Tw_{{{k}}})_{{{r}}}"),
        ), (), "|Aᵢᵣ|·(|B|ᵀ|wₖ|)ᵣ + |Bᵢᵣ|·(|A|ᵀ|wₖ|)ᵣ")

    # --- exports (hadviz.exports: the NumPy and PyTorch scripts, the notebook) ---
    export_f = "return (A.T @ W) * (B.T @ W)  # (AᵀW) ∘ (BᵀW), p × n"
    export_compact = ("U, V = A.T @ W, B.T @ W\n"
                      "    # C[i, r, k] = A[i, r] V[r, k] + B[i, r] U[r, k], m × p × n\n"
                      "    return A[:, :, None] * V[None] + B[:, :, None] * U[None]")

    # --- rounding scales and finite differences (hadviz.checks, the lab) ---
    curvature_text = "(AᵀH)∘(BᵀH)"
    curvature_latex = r"(A^TH)\circ(B^TH)"

    # --- jacobian layouts (the Jacobian and layouts pages) ---
    output_letter = "F"
    compact_symbol = "C"
    compact_text = "C<sub>k</sub> = A·Diag(V<sub>:,k</sub>) + B·Diag(U<sub>:,k</sub>)"
    kronecker_latex = (r"\mathrm{Diag}(\mathrm{vec}\,V)\,(I_n \otimes A^T) + "
                       r"\mathrm{Diag}(\mathrm{vec}\,U)\,(I_n \otimes B^T)")

    weight_latex = ("V", "U")

    def kronecker_weights(self, W: NDArray, *P: NDArray) -> tuple[NDArray, NDArray]:
        A, B = P
        return B.T @ W, A.T @ W

    def compact_einsum(self, W: NDArray, *P: NDArray) -> tuple[str, NDArray]:
        A, B = P
        # C[i, r, k] = Σ_p A[i, r] B[p, r] W[p, k] + (A and B swapped)
        return ('C = np.einsum("ir,lr,lk->irk", A, B, W) + np.einsum("ir,lr,lk->irk", B, A, W)',
                np.einsum("ir,lr,lk->irk", A, B, W) + np.einsum("ir,lr,lk->irk", B, A, W))

    # --- diagram ---
    def diagrams(self) -> tuple:
        from hadviz.diagram_family import matrix_diagrams  # it builds on this package
        return matrix_diagrams()

    # --- parts (the landing page) ---
    title_text = "F(W) = (AᵀW) ∘ (BᵀW)"
    answer_rule = (
        "**Yes: the product rule holds for ∘**, for matrices as for vectors. With $U = A^TW$ "
        "and $V = B^TW$ (both p × n): $\\;dF = (A^T dW) \\circ V + U \\circ (B^T dW)$."
    )
    question_relation = (
        "the question with matrices A and B (m × p) in place of the vectors a and b: row r of "
        "F is the question's f for the columns $A_{:,r}$ and $B_{:,r}$, and p = 1 is the "
        "question itself."
    )
    scalar_case_latex = (r"F_{r} = (A_{1r}w)(B_{1r}w) = A_{1r}B_{1r}\,w^2, \quad "
                         r"F_r' = 2A_{1r}B_{1r}\,w, \quad r = 1, \dots, p")
    column_case_latex = (r"F_{r,1} = (A_{:,r}^Tw_1)(B_{:,r}^Tw_1), \quad "
                         r"C_1 = A\,\mathrm{Diag}(V_{:,1}) + B\,\mathrm{Diag}(U_{:,1})")

    def parts(self, W: NDArray, *P: NDArray) -> tuple[Part, ...]:
        A, B = P
        U, V = A.T @ W, B.T @ W
        return (Part("U", "U = AᵀW", r"U = A^T W", "U_rk = A_:,r·w_k", "U, V", U),
                Part("V", "V = BᵀW", r"V = B^T W", "V_rk = B_:,r·w_k", "U, V", V),
                Part("F", "F = U ∘ V", r"F = U \circ V", "F_rk = U_rk V_rk", "F", U * V))

    # --- derivation ---
    #: Which rules the derivation uses, in one sentence of Markdown.
    derivation_rules = ("The product rule for ∘ of p × n matrices and the Diag trick on one "
                        "column; F is quadratic, so no chain rule is needed.")

    def derivation(self, W: NDArray, *P: NDArray, at: Entry) -> list[Draft]:
        """The product rule for ∘ of p × n matrices, the Diag trick on column j, entry (r, k)."""
        A, B = P
        return _matrix_steps(W, A, B, at) + _matrix_entry_steps(W, A, B, at)

    def hadamard_factors(self, W: NDArray, *P: NDArray) -> tuple[str, NDArray, str, NDArray]:
        A, B = P
        return (r"\mathrm{vec}\,U", (A.T @ W).flatten(order="F"), r"\mathrm{vec}\,V",
                (B.T @ W).flatten(order="F"))


def _matrix_scale(W: NDArray, A: NDArray, B: NDArray, at: Entry) -> NDArray:
    """|A_{i,r}|Ṽ_{r,j} + |B_{i,r}|Ũ_{r,j} (p, 1): the sum of |terms| of ∂F_{r,j}/∂W_ij."""
    Wa = np.abs(W[:, at.j])
    return (np.abs(A[at.i]) * (np.abs(B).T @ Wa) + np.abs(B[at.i]) * (np.abs(A).T @ Wa))[:, None]


def _matrix_steps(W: NDArray, A: NDArray, B: NDArray, at: Entry) -> list[Draft]:
    """Steps 1-3: ∂W/∂W_ij, the product rule, and the Diag trick (p × n matrices)."""
    i, j = at.i, at.j
    J1 = at.shown[2]
    n = W.shape[1]
    eps_j = basis(n, j)
    U, V = A.T @ W, B.T @ W
    scale = _matrix_scale(W, A, B, at)
    block_T = np.diag(V[:, j]) @ A.T + np.diag(U[:, j]) @ B.T  # C_jᵀ, p × m
    return [
        first_step(W, at),
        Draft(
            "F is the p × n matrix $(A^TW)\\circ(B^TW)$. Apply **the product rule for ∘** "
            "(entry by entry the ordinary rule) with $\\partial(A^TW)/\\partial W_{i,j} = "
            "A^Te_i\\,\\varepsilon_j^T$: $A^Te_i = A_{i,:}^T$ is row i of A, as a column of "
            "length p.",
            r"\frac{\partial F}{\partial W_{i,j}} = A^Te_i\,\varepsilon_j^T \circ B^TW + "
            r"A^TW \circ B^Te_i\,\varepsilon_j^T",
            lines(rf"= {column(A[i])} \varepsilon_{{{J1}}}^T \circ {bmatrix(V)}",
                  rf"+ {bmatrix(U)} \circ {column(B[i])} \varepsilon_{{{J1}}}^T"),
            np.outer(A[i], eps_j) * V + U * np.outer(B[i], eps_j),
            lambda X: MATRIX.f(X, A, B), scale, None),
        Draft(
            "The trick, on a matrix: $x\\,\\varepsilon_j^T$ is 0 outside column j, so "
            "$(x\\,\\varepsilon_j^T)\\circ Y = (x \\circ Y_{:,j})\\,\\varepsilon_j^T = "
            "\\operatorname{Diag}(Y_{:,j})\\,x\\,\\varepsilon_j^T$. With $Y_{:,j} = "
            "B^Tw_j$ and $A^Tw_j$ both terms share $e_i\\varepsilon_j^T$ on the right; what "
            "multiplies it is $C_j^T$, the transpose of the m × p block "
            "$C_j = A\\operatorname{Diag}(B^Tw_j) + B\\operatorname{Diag}(A^Tw_j)$.",
            r"\frac{\partial F}{\partial W_{i,j}} = \big(\operatorname{Diag}(B^Tw_j)\,A^T + "
            r"\operatorname{Diag}(A^Tw_j)\,B^T\big)\,e_i\,\varepsilon_j^T",
            product("=", [bmatrix(block_T), column(basis(W.shape[0], i)),
                          row(eps_j)]),
            block_T @ np.outer(basis(W.shape[0], i), eps_j), lambda X: MATRIX.f(X, A, B),
            scale, same),
    ]


def _matrix_entry_steps(W: NDArray, A: NDArray, B: NDArray, at: Entry) -> list[Draft]:
    """Steps 4-6: pick entry (r, k), transpose, read off δ_jk C[i, r, k]."""
    k, i, j, r = at
    K1, I1, J1, R1 = at.shown
    m, n = W.shape
    e_i, e_r = basis(m, i), basis(A.shape[1], r)
    eps_j, eps_k = basis(n, j), basis(n, k)
    U, V = A.T @ W, B.T @ W
    block_T = np.diag(V[:, j]) @ A.T + np.diag(U[:, j]) @ B.T
    C_j = A @ np.diag(V[:, j]) + B @ np.diag(U[:, j])
    scale = _matrix_scale(W, A, B, at)[r, 0]
    delta = 1.0 if j == k else 0.0
    C = A[i, r] * V[r, k] + B[i, r] * U[r, k]

    def F_rk(X: NDArray) -> NDArray:
        return MATRIX.f(X, A, B)[r, k]

    lhs = rf"\frac{{\partial F_{{{R1},{K1}}}}}{{\partial W_{{{I1},{J1}}}}} ="
    return [
        Draft(
            "Pick entry (r, k): multiply by $e_r^T$ from the left and by $\\varepsilon_k$ from "
            "the right.",
            r"\frac{\partial F_{r,k}}{\partial W_{i,j}} = e_r^T\,C_j^T\,e_i\,\varepsilon_j^T"
            r"\varepsilon_k",
            product(lhs, [row(e_r), bmatrix(block_T), column(e_i), rf"({J1 == K1:d})"]),
            np.asarray(e_r @ block_T @ e_i * (eps_j @ eps_k)), F_rk, scale,
            lambda X: X[r, k]),
        Draft(
            "A scalar equals its transpose, and $\\varepsilon_j^T\\varepsilon_k = \\delta_{jk}$: "
            "only column k of W moves column k of F.",
            r"\frac{\partial F_{r,k}}{\partial W_{i,j}} = \delta_{jk}\,e_i^T\big(A\,"
            r"\operatorname{Diag}(B^Tw_j) + B\,\operatorname{Diag}(A^Tw_j)\big)\,e_r",
            product(rf"= \delta_{{{J1},{K1}}}", [row(e_i), bmatrix(C_j), column(e_r)]),
            np.asarray(delta * (e_i @ C_j @ e_r)), F_rk, scale, same),
        Draft(
            "The entry (i, r) of the block $C_k$: row i of A times $V_{r,k} = (B^Tw_k)_r$ "
            "plus row i of B times $U_{r,k} = (A^Tw_k)_r$. It is 0 unless j = k.",
            r"\frac{\partial F_{r,k}}{\partial W_{i,j}} = \delta_{jk}\,C[i, r, k] = "
            r"\delta_{jk}\,\big(A_{i,r}V_{r,k} + B_{i,r}U_{r,k}\big)",
            rf"= \delta_{{{J1},{K1}}}\big({number(A[i, r])} \cdot {number(V[r, k])} + "
            rf"{number(B[i, r])} \cdot {number(U[r, k])}\big) = {int(delta)} \cdot "
            rf"{number(C, 10)}",
            np.asarray(delta * C), F_rk, scale, same),
    ]


#: The one instance the rest of hadviz asks.
MATRIX = MatrixHadamard()
