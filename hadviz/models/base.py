r"""What a function of W is in hadviz: a value with its derivatives, kept together.

A :class:`Model` is one map F(W; P₁, P₂, …) whose column k depends on column k of W only:
F ∈ ℝⁿ (one output per column), or F ∈ ℝ^{p×n} for a model with an output row index r. Its
Jacobian is then carried by a compact array C of shape (m, n), or (m, p, n) with rows:

.. math::

    J[k, i, j] = \delta_{jk}\, C[i, k], \qquad
    J[r, k, i, j] = \delta_{jk}\, C[i, r, k].

Every method takes ``W`` and then the model's parameter arrays in the order of
:attr:`Model.params` (``f(W, a, b)``, ``f(W, A, B)``), then the direction ``H`` or the
output weights ``g`` where it needs one. Methods work on arrays the caller has validated (a
:class:`~hadviz.problem.Problem`), and accept complex ``W`` and ``H`` without conjugation, as
the complex step needs.
"""

from __future__ import annotations

from abc import ABC, abstractmethod
from typing import Any, NamedTuple

import numpy as np
from numpy.typing import NDArray

from hadviz.models.mistakes import Absent, WrongGradient  # the mistakes' types
from hadviz.models.practice_items import EntryTerms  # the practice page's types
from hadviz.models.steps import Draft, Entry  # the derivation's types

__all__ = ["Line", "Model", "Param", "Part"]


class Line(NamedTuple):
    """F(W + tH) = F + t·d1 + t²·d2/2 + t³·d3/6 + …: the exact coefficients at t = 0.

    Attributes
    ----------
    F, d1, d2, d3 : ndarray, the output's shape
        F(W) and the first three derivatives of t ↦ F(W + tH) at 0.
    """

    F: NDArray
    d1: NDArray
    d2: NDArray
    d3: NDArray


class Param(NamedTuple):
    """One parameter array of a model.

    Attributes
    ----------
    name : str
        Its name in code, URLs and the editor ("a", "A").
    matrix : bool
        Shape (m, p) when True, else (m,).
    """

    name: str
    matrix: bool


# --- parts (the landing page) ---
class Part(NamedTuple):
    """One named quantity on the way from W to F, aligned with the output's columns.

    Attributes
    ----------
    name : str
        Its name in plain text ("u", "σ(u)", "F"), a table's and a figure's label.
    text : str
        Its definition in plain text ("u = Wᵀa").
    latex : str
        Its definition in LaTeX (``u = W^T a``).
    entry : str
        Entry k (or r, k) in plain text, for a table's header ("u_k = a·w_k").
    scale : str
        Parts with the same ``scale`` share one colour scale in a figure.
    value : ndarray, shape (n,) or (p, n)
        Its numbers: column k belongs to column k of W.
    """

    name: str
    text: str
    latex: str
    entry: str
    scale: str
    value: NDArray


class Model(ABC):
    """One function F(W; P…), column k a function of column k of W.

    Attributes
    ----------
    name : str
        Its key in the registry and in the URL parameter ``fn``.
    label : str
        How the app names it in a selector.
    symbol : str
        Its name in running text ("f", "tanh(f)", "F").
    latex : str
        Its definition in LaTeX, e.g. ``f(W) = (a^T W) \\circ (b^T W)``.
    params : tuple of Param
        Its parameter arrays, in the order every method takes them.
    space : str
        Where its value lives, in LaTeX (``f \\in \\mathbb{R}^n``).
    entry_latex : str
        ∂F/∂W_ij entry by entry, in LaTeX, with the Kronecker δ_jk.
    compact_latex : str
        The compact Jacobian (the non-zero column blocks), in LaTeX.
    jvp_latex, vjp_latex : str
        DF(W)[H] and ∇_W⟨g, F⟩, in LaTeX.
    helpers_latex : str
        The names the formulas use (u = Wᵀa, …), in LaTeX.
    rows : bool
        The output has a row index r (F ∈ ℝ^{p×n}); else F ∈ ℝⁿ.
    quadratic : bool
        F is a quadratic polynomial in W: central differences and the complex step are then
        exact up to rounding, and the second-order term is the exact remainder.
    """

    name: str
    label: str
    symbol: str
    latex: str
    params: tuple[Param, ...]
    rows: bool = False
    quadratic: bool
    space: str
    entry_latex: str
    compact_latex: str
    jvp_latex: str
    vjp_latex: str
    helpers_latex: str

    @property
    def param_names(self) -> tuple[str, ...]:
        """The names of :attr:`params`, in order."""
        return tuple(q.name for q in self.params)

    def output_shape(self, n: int, p: int = 1) -> tuple[int, ...]:
        """(n,), or (p, n) for a model with rows."""
        return (p, n) if self.rows else (n,)

    @abstractmethod
    def f(self, W: NDArray, *P: NDArray) -> NDArray:
        """F(W), shape :meth:`output_shape`."""

    @abstractmethod
    def compact(self, W: NDArray, *P: NDArray) -> NDArray:
        """The compact Jacobian, shape (m, n) or (m, p, n): C[i, (r,) k] = ∂F_(r,)k/∂W_ik."""

    @abstractmethod
    def line(self, W: NDArray, *args: NDArray) -> Line:
        """``line(W, *P, H)``: the exact Taylor coefficients of t ↦ F(W + tH) at t = 0."""

    @abstractmethod
    def hessian(self, W: NDArray, *P: NDArray) -> NDArray:
        """The dense Hessian ∂²F/∂W_ij ∂W_pq, shape output + (m, n, m, n)."""

    def jvp(self, W: NDArray, *args: NDArray) -> NDArray:
        """``jvp(W, *P, H)``: DF(W)[H] = Σ_ij J[…, i, j] H_ij, the output's shape."""
        *P, H = args
        return np.einsum("i...k,ik->...k", self.compact(W, *P), H)

    def vjp(self, W: NDArray, *args: NDArray) -> NDArray:
        """``vjp(W, *P, g)``: ∇_W ⟨g, F⟩ for g of the output's shape, shape (m, n)."""
        *P, g = args
        return np.einsum("i...k,...k->ik", self.compact(W, *P), g)

    def jacobian(self, W: NDArray, *P: NDArray) -> NDArray:
        """The dense Jacobian ∂F/∂W_ij, shape output + (m, n), from :meth:`compact`."""
        C = self.compact(W, *P)
        m, n = W.shape
        # move i to the back: (…, k, i), then place each column k's block at j = k
        blocks = np.moveaxis(C, 0, -1)
        J = np.zeros((*blocks.shape[:-1], m, n), dtype=C.dtype)
        k = np.arange(n)
        J[..., k, :, k] = np.moveaxis(blocks, -2, 0)
        return J

    def second_order_term(self, W: NDArray, *args: NDArray) -> NDArray:
        """``second_order_term(W, *P, H)``: half the second derivative of t ↦ F(W + tH) at 0."""
        return self.line(W, *args).d2 / 2.0

    def saturated(self, W: NDArray, *P: NDArray) -> int:
        """How many outputs are flat to machine precision at W (0 unless overridden)."""
        return 0

    # --- exports (hadviz.exports: the NumPy and PyTorch scripts, the notebook) ---
    #: The bodies of ``def f(W):`` and ``def compact(W):`` in a script where the parameters
    #: are global arrays by their names; ``xp.`` stands for ``np.`` or ``torch.``. Both must
    #: accept a complex W (the scripts check by the complex step).
    export_f: str = ""
    export_compact: str = ""

    # --- rounding scales and finite differences (hadviz.checks, the lab) ---
    #: For a quadratic model, F″/2 along H (its exact second-order term) in plain text and
    #: in LaTeX ("(Hᵀa)∘(Hᵀb)"); the generic "F″/2" otherwise.
    curvature_text: str = "F″/2"
    curvature_latex: str = "F''/2"
    #: Why an output counted by :meth:`saturated` is flat, one clause for the lab ("" if none).
    saturation_text: str = ""

    def rounding_scales(self, W: NDArray, *P: NDArray) -> tuple[NDArray, NDArray]:
        """Scales F̃ (the output's shape) and C̃ (the compact shape) of the rounding errors.

        Computing F(W) in float64 errs by at most about γ_N·F̃ and the compact Jacobian by
        γ_N·C̃, entry by entry, with γ_N = Nu/(1 − Nu) for N rounded operations per entry.
        This default is F and C evaluated on |W| and the |parameters|: the sums of absolute
        values, right for a polynomial made of sums and products (the quadratic models). A
        model with another outer function overrides it.
        """
        if not self.quadratic:
            raise NotImplementedError(f"{self.name} must say its own rounding scales")
        absolute = [np.abs(x) for x in P]
        return self.f(np.abs(W), *absolute), self.compact(np.abs(W), *absolute)

    # --- jacobian layouts (the Jacobian and layouts pages) ---
    #: The compact form's name: one letter (``G``, ``K``, ``C``), so that the pages can give it
    #: subscripts in LaTeX (``G_{:,k}``) and use it as it is in running text.
    compact_symbol: str = "C"
    compact_text: str = "the compact Jacobian"
    #: The output's letter in figures and running text ("f"; "F" for tanh(f) and F(W)).
    output_letter: str = "f"
    #: The vec-Jacobian as Kronecker products, in LaTeX ("" when the model gives none).
    kronecker_latex: str = ""
    #: The LaTeX names of the Diag-trick weights α and β (the question's v and u).
    weight_latex: tuple[str, str] = (r"\alpha", r"\beta")
    #: Why there is no Kronecker form, in one line (when :attr:`kronecker_latex` is "").
    kronecker_missing: str = "this model does not state a Kronecker form of its vec-Jacobian"

    def kronecker_weights(self, W: NDArray, *P: NDArray) -> tuple[NDArray, NDArray] | None:
        r"""α and β (the output's shape) with ∂vec F/∂vec W = Diag(vec α)(Iₙ⊗Pᵀ) +
        Diag(vec β)(Iₙ⊗Qᵀ), P and Q the two parameter arrays as m × p matrices and vec
        column-major; equivalently C_k = P·Diag(α_{:,k}) + Q·Diag(β_{:,k}). None when the
        model has no such form."""
        return None

    #: Why :meth:`compact_einsum` gives nothing, in one line.
    einsum_missing: str = ("its compact form applies a non-polynomial function entry by entry "
                           "(sech² for tanh, σ and σ′ for the gate), which einsum's sums of "
                           "products cannot write")

    def compact_einsum(self, W: NDArray, *P: NDArray) -> tuple[str, NDArray] | None:
        """The compact form as one numpy ``einsum`` line (its text and its value, computed by
        exactly that line), or None for a model whose compact form is not a sum of products."""
        return None

    # --- parts (the landing page) ---
    #: Its definition in plain text, for a title ("f(W) = (aᵀW) ∘ (bᵀW)").
    title_text: str = ""
    #: The rule that gives its derivative, in Markdown: the first of the answer's lines.
    answer_rule: str = ""
    #: How it relates to the question's f(W) = (aᵀW) ∘ (bᵀW), in Markdown ("" for the question).
    question_relation: str = ""
    #: The smallest cases in symbols (LaTeX): m = n = 1, then one column (n = 1).
    scalar_case_latex: str = ""
    column_case_latex: str = ""

    def parts(self, W: NDArray, *P: NDArray) -> tuple[Part, ...]:
        """The named quantities from W to F, F last (its name is :attr:`symbol`)."""
        return (Part(self.symbol, self.title_text, self.latex, self.symbol, self.symbol,
                     self.f(W, *P)),)

    # --- derivation ---
    #: Which rules the derivation uses, in one sentence of Markdown.
    derivation_rules: str = ""

    @property
    def has_derivation(self) -> bool:
        """The model states its step-by-step derivation (overrides :meth:`derivation`)."""
        return type(self).derivation is not Model.derivation

    def derivation(self, W: NDArray, *P: NDArray, at: Entry) -> list[Draft]:
        """The step-by-step derivation of ∂F_(r,)k/∂W_ij (:mod:`hadviz.models.steps`)."""
        raise NotImplementedError(f"{self.name} states no step-by-step derivation")

    def hadamard_factors(self, W: NDArray, *P: NDArray) -> tuple[str, NDArray, str, NDArray]:
        """The Hadamard product at the model's heart, x ∘ y: (x in LaTeX, x, y in LaTeX, y),
        x and y vectors of one length (a matrix model gives vec, column-major)."""
        raise NotImplementedError(f"{self.name} names no Hadamard factors")

    # --- mistakes ---
    #: Mistakes of the family that cannot be made on this model, one line each.
    mistakes_absent: tuple[Absent, ...] = ()

    def mistakes(self) -> dict[str, WrongGradient]:
        """The wrong compact Jacobians that apply to this model, by key (``wrong=`` in links).

        The transpose and float32 mistakes apply to every model and are added by
        :mod:`hadviz.gradcheck`; a model lists its own here.
        """
        return {}

    # --- sympy (the symbolic page) ---
    #: How the proven vector analogue d(Ax ∘ Bx)/dx = AᵀDiag(Bx) + BᵀDiag(Ax) gives (or does
    #: not give) this model's compact Jacobian, in Markdown ("" when the model says nothing).
    sympy_vector_note: str = ""
    #: SymPy's matrix calculus (``HadamardProduct(…).diff(W)``) is run on this model's two
    #: spellings (:mod:`hadviz.matrix_calculus`): the question's f only.
    sympy_spellings: bool = False

    @property
    def has_sympy(self) -> bool:
        """The model gives its SymPy expression (overrides :meth:`sympy_f`)."""
        return type(self).sympy_f is not Model.sympy_f

    def sympy_f(self, W: Any, *P: Any) -> Any:
        """F in SymPy, from a SymPy Matrix W (m × n) and parameters (Matrices m × 1 or m × p):
        a Matrix of shape (p, n), a 1 × n row for a model without rows; None if it gives none.
        A model imports sympy inside this method, so the core does not load it."""
        return None

    def sympy_compact(self, W: Any, *P: Any) -> Any:
        """The model's formula for its compact Jacobian in SymPy, from the same symbols: a
        Matrix (m, n), or an Array (m, p, n) with rows; None if it gives none."""
        return None

    # --- practice (the practice page) ---
    #: The exercise kinds of :mod:`hadviz.views.practice` that this model offers, in order.
    practice_kinds: tuple[str, ...] = ("slices", "shape")

    def practice_entry(self, W: NDArray, *P: NDArray) -> EntryTerms | None:
        """The terms of every entry of the compact Jacobian, for the "entry" exercise."""
        return None

    # --- diagram ---
    def diagrams(self) -> tuple:
        """Its tensor diagrams (:class:`hadviz.diagrams.Diagram`), f first; () when the model
        draws none yet (the diagram page then says so in one line)."""
        return ()
