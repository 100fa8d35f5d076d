r"""The tensor diagrams of the family's models beyond the question: tanh(f), the gate and F.

Each model's :meth:`~hadviz.models.Model.diagrams` returns one of the tuples below; they are
built from the question's pieces (:func:`hadviz.diagrams.f_term` and friends) and the generic
:func:`hadviz.diagrams.on_leg`, which hangs a vector on a free leg through a copy node: that is
how an element-wise factor of the chain rule (tanh's s = sech² f, the gate's σ′(u)) enters a
network. A node holds one of the model's parts by its name (``"s"``, ``"σ(u)"``, ``"U"``).

Letters, as everywhere in the app: i and p run over the rows of W (m); j, k, q, x, y over its
columns (n); r, s, t over a matrix model's output rows (p). Each diagram says what it equals
(F, the dense Jacobian J, the compact Jacobian, or the VJP), and the page and the tests check
it against the model's own numbers.
"""

from __future__ import annotations

from hadviz.diagrams import Diagram, Node, Term, f_term, on_leg, removed_term, vector_term

__all__ = ["gate_diagrams", "matrix_diagrams", "tanh_diagrams"]

#: The free legs of a compact Jacobian with its copy node, drawn as in the question's "sum".
_ENDS = (("i", 0.2, 1.0), ("j", 0.6, 1.0), ("k", 0.95, 0.5))


def _below(term: Term, array: str, label: str) -> Term:
    """``term`` (copy node at (0.55, 0.5), leg k free to the right) times ``array`` on leg k,
    drawn below the new copy node."""
    return on_leg(term, "k", array, label, (0.8, 0.12), (0.78, 0.5))


def _above(term: Term, array: str, label: str) -> Term:
    """As :func:`_below`, drawn above (for a term whose free leg j points down)."""
    return on_leg(term, "k", array, label, (0.8, 0.88), (0.78, 0.5))


def _diag_term(outer: str, outer_label: str, vector: str, vector_label: str, factor: str,
               factor_label: str) -> Term:
    """outer ⊗ (vector ∘ factor): one term of a compact Jacobian, legs i and k free."""
    return Term((Node(outer, "i", 0.15, 0.85, outer_label),
                 Node(vector, "q", 0.15, 0.35, vector_label), Node("copy", "qyk", 0.55, 0.35),
                 Node(factor, "y", 0.55, -0.05, factor_label)),
                (("i", 0.7, 0.85), ("k", 0.95, 0.35)), "yq")


def _sum_and_vjp(key: str, label: str, text: str, vjp_text: str) -> tuple[Diagram, Diagram]:
    """The compact Jacobian ``key`` with the copy node (J), and with g on leg k (the VJP)."""
    sum_term = Term((Node(key, "iq", 0.2, 0.5, label), Node("copy", "jqk", 0.6, 0.5)),
                    _ENDS, "q")
    vjp_term = Term((Node(key, "iq", 0.2, 0.5, label), Node("copy", "jqk", 0.6, 0.5),
                     Node("g", "k", 0.95, 0.5)), _ENDS[:2], "kq")
    return (Diagram("sum", f"{label} with the copy node is J", (sum_term,), "kij", "J", text),
            Diagram("vjp", "Backpropagation: g on leg k", (vjp_term,), "ij", "vjp", vjp_text))


def tanh_diagrams() -> tuple[Diagram, ...]:
    """F = tanh(f): the question's network in a tanh box; the chain rule puts s = sech² f
    on leg k."""
    return (
        Diagram("f", "F = tanh(f): a box around f's network", (f_term(),), "k", "f",
                "The question's network gives f (a and b on the two W's, their columns on the "
                "copy node). tanh acts on each entry of its free leg k on its own, so it is "
                "drawn as a box around the whole network. A function is not a tensor: einsum "
                "cannot write it, and the code applies `np.tanh` to the einsum's value.",
                outer="tanh"),
        Diagram("product_rule", "The chain rule: s = sech² f on leg k, then one W at a time",
                (_below(removed_term(True), "s", "s"), _above(removed_term(False), "s", "s")),
                "kij", "J",
                "Differentiating the box leaves its derivative, entry by entry, on the same "
                "leg: the vector s = sech² f joined to leg k through a copy node (the chain "
                "rule, dF = s ∘ df). Inside, the product rule removes one W per term and "
                "frees its legs i and j, as for the question: J is the n × m × n array "
                "J[k, i, j]."),
        Diagram("simplified", "Simplify: the copy nodes tie j to k",
                (_below(vector_term("v", "Wᵀb", "a"), "s", "s"),
                 _below(vector_term("u", "Wᵀa", "b"), "s", "s")), "kij", "J",
                "The remaining W meets its vector (v = Wᵀb, u = Wᵀa). Two copy nodes joined "
                "by a leg act as one, so j, k and the leg of s all carry the same index: "
                "∂Fₖ/∂Wᵢⱼ = δⱼₖ sₖ(aᵢvₖ + bᵢuₖ), zero unless j = k, whatever the numbers."),
        Diagram("G", "K: what the copy node multiplies",
                (_diag_term("a", "a", "v", "Wᵀb", "s", "s"),
                 _diag_term("b", "b", "u", "Wᵀa", "s", "s")), "ik", "G",
                "Take the j leg away: a copy node with v and s on two legs is v ∘ s, so "
                "K = a(s ∘ v)ᵀ + b(s ∘ u)ᵀ = G Diag(s), the question's G with column k "
                "scaled by sₖ = sech² fₖ (m × n)."),
        *_sum_and_vjp("K", "K",
                      "Both terms hang the same copy node on their legs j and k, so they add "
                      "on the rest, K: J[k, i, j] = δⱼₖ Kᵢₖ.",
                      "Attach an upstream gradient g to the free leg k: the copy node copies "
                      "g onto column j of K, so ∇(gᵀF) = K Diag(g) = G Diag(s ∘ g)."),
    )


def _gate_f() -> Term:
    return Term((Node("σ(u)", "j", 0.3, 0.8, "σ(u)"), Node("copy", "jqk", 0.6, 0.5),
                 Node("W", "pq", 0.3, 0.2), Node("b", "p", 0.0, 0.2)), (("k", 0.95, 0.5),),
                "pqj")


def _gate_open() -> Term:
    """σ(u)ₖ bᵢ δⱼₖ: the W on b's side removed."""
    return Term((Node("σ(u)", "q", 0.3, 0.8, "σ(u)"), Node("copy", "qjk", 0.55, 0.5),
                 Node("b", "i", 0.05, 0.2)),
                (("i", 0.05, -0.15), ("j", 0.55, 0.0), ("k", 0.95, 0.5)), "q")


def gate_diagrams() -> tuple[Diagram, ...]:
    """f = σ(u) ∘ v: σ(u) a node on the copy node; the chain rule gives σ′(u) on leg k."""
    return (
        Diagram("f", "f = σ(u) ∘ v: the gate as a node", (_gate_f(),), "k", "f",
                "σ acts entry by entry on u = Wᵀa, so the gate is one node, σ(u), holding its "
                "n numbers (einsum cannot write σ; hadviz computes σ(u) without overflow). It "
                "meets v = Wᵀb (b on a W) at the copy node, whose free leg k gives "
                "fₖ = σ(uₖ)vₖ."),
        Diagram("product_rule", "Product rule and chain rule: remove one W at a time",
                (_below(removed_term(True), "σ′(u)", "σ′(u)"), _gate_open()), "kij", "J",
                "Removing the W inside σ(u) frees a on leg i and, by the chain rule, leaves "
                "σ′(u) = σ(u)(1 − σ(u)) on leg k through a copy node; removing the W on b's "
                "side frees b on leg i and keeps σ(u). Each term has three free legs: J is "
                "the n × m × n array J[k, i, j]."),
        Diagram("simplified", "Simplify: the copy nodes tie j to k",
                (_below(vector_term("v", "Wᵀb", "a"), "σ′(u)", "σ′(u)"), _gate_open()),
                "kij", "J",
                "The remaining W meets b: v = Wᵀb. Every leg of the joined copy nodes carries "
                "one index, so ∂fₖ/∂Wᵢⱼ = δⱼₖ(σ′(uₖ)vₖaᵢ + σ(uₖ)bᵢ): zero unless j = k, "
                "whatever the numbers."),
        Diagram("G", "G: what the copy node multiplies",
                (_diag_term("a", "a", "v", "Wᵀb", "σ′(u)", "σ′(u)"),
                 Term((Node("b", "i", 0.15, 0.85), Node("σ(u)", "k", 0.15, 0.35, "σ(u)")),
                      (("i", 0.7, 0.85), ("k", 0.7, 0.35)))), "ik", "G",
                "Take the j leg away: the first term is a ⊗ (σ′(u) ∘ v), the second b ⊗ σ(u), "
                "so G = a(σ′(u) ∘ v)ᵀ + bσ(u)ᵀ (m × n): product rule and chain rule in one "
                "matrix."),
        *_sum_and_vjp("G", "G",
                      "Both terms hang the same copy node on their legs j and k, so they add "
                      "on the rest, G: J[k, i, j] = δⱼₖ Gᵢₖ.",
                      "Attach an upstream gradient g to the free leg k: the copy node copies "
                      "g onto column j of G, so ∇(gᵀf) = G Diag(g)."),
    )


def _arms(first: bool, simplified: bool) -> tuple[Node, ...]:
    """A and B on the copy node δ over r, with the W of one of them removed (``first``: A's)
    and, when ``simplified``, the other one's W met by its matrix (V = BᵀW or U = AᵀW)."""
    free, kept = ("A", "B") if first else ("B", "A")
    leg = {"A": "s", "B": "t"}
    y_free, y_kept = (0.85, 0.15) if first else (0.15, 0.85)
    nodes = (Node(free, "i" + leg[free], 0.3, y_free), Node("copy_r", "str", 0.05, 0.5))
    if simplified:
        product = {"A": ("U", "AᵀW"), "B": ("V", "BᵀW")}[kept]
        return (*nodes, Node(product[0], leg[kept] + "q", 0.45, y_kept, product[1]))
    return (*nodes, Node(kept, "p" + leg[kept], 0.3, y_kept), Node("W", "pq", 0.58, y_kept))


def _matrix_term(first: bool, simplified: bool) -> Term:
    y_i, y_j = (0.95, 1.0) if first else (0.05, 0.0)  # the freed legs point away
    return Term((*_arms(first, simplified), Node("copy", "jqk" if first else "qjk", 0.85, 0.5)),
                (("i", 0.58, y_i), ("j", 0.85, y_j), ("k", 1.02, 0.5), ("r", 0.05, 1.05)),
                "qst" if simplified else "pqst")


def _block_term(first: bool) -> Term:
    """A ⊗ V or B ⊗ U through the copy node over r: C[i, r, k] = A_ir V_rk (+ B_ir U_rk)."""
    edge, other, product = ("A", "is", ("V", "tk", "BᵀW")) if first else \
        ("B", "it", ("U", "sk", "AᵀW"))
    return Term((Node(edge, other, 0.2, 0.8), Node("copy_r", "str", 0.55, 0.5),
                 Node(product[0], product[1], 0.2, 0.2, product[2])),
                (("i", 0.2, 1.15), ("k", 0.2, -0.15), ("r", 0.95, 0.5)), "st")


def matrix_diagrams() -> tuple[Diagram, ...]:
    """F = (AᵀW) ∘ (BᵀW): copy nodes on both legs, r (size p) and k (size n)."""
    F = Term((Node("A", "is", 0.3, 0.85), Node("W", "ij", 0.58, 0.85),
              Node("copy", "jqk", 0.85, 0.5), Node("W", "pq", 0.58, 0.15),
              Node("B", "pt", 0.3, 0.15), Node("copy_r", "str", 0.05, 0.5)),
             (("k", 1.02, 0.5), ("r", 0.05, 1.05)), "ipjqst")
    C = Node("C", "irq", 0.15, 0.7)
    return (
        Diagram("f", "F as a diagram: a copy node on r and one on k", (F,), "rk", "f",
                "A and B are matrices, each with a row leg (i or p, size m) joined to a W and "
                "a column leg (size p) of their own. The Hadamard product of the p × n "
                "matrices AᵀW and BᵀW needs a copy node on both of its indices: δ over the "
                "columns of W (free leg k) and δ over the columns of A and B (free leg r). "
                "So F[r, k] = (Aᵀwₖ)ᵣ (Bᵀwₖ)ᵣ."),
        Diagram("product_rule", "∂/∂W: remove one W at a time",
                (_matrix_term(True, False), _matrix_term(False, False)), "rkij", "J",
                "Removing one W frees its legs i and j, one term per W (the product rule). "
                "Each term has four free legs: J is the p × n × m × n array J[r, k, i, j]."),
        Diagram("simplified", "Simplify: the copy node on k ties j to k",
                (_matrix_term(True, True), _matrix_term(False, True)), "rkij", "J",
                "The remaining W meets its matrix: V = BᵀW and U = AᵀW (p × n), each joined "
                "to both copy nodes. The one on k forces j = k: slice J[r, k] is m × n with "
                "only column k possibly non-zero. The one on r keeps A's column r with row r "
                "of V: ∂F[r, k]/∂W[i, j] = δⱼₖ(Aᵢᵣ Vᵣₖ + Bᵢᵣ Uᵣₖ)."),
        Diagram("G", "C: the n blocks the copy node on k multiplies",
                (_block_term(True), _block_term(False)), "irk", "G",
                "Take the copy node on k away: what is left is C[i, r, k] = Aᵢᵣ Vᵣₖ + "
                "Bᵢᵣ Uᵣₖ, an m × p × n array whose slice k is the block "
                "Cₖ = A Diag(V[:, k]) + B Diag(U[:, k]). The copy node on r stays: it is the "
                "Diag."),
        Diagram("sum", "C with the copy node is J",
                (Term((Node("C", "irq", 0.2, 0.5), Node("copy", "jqk", 0.6, 0.5)),
                      (*_ENDS, ("r", 0.2, 0.0)), "q"),), "rkij", "J",
                "Both terms hang the same copy node on j and k, so they add on the rest: "
                "J[r, k, i, j] = δⱼₖ C[i, r, k], the whole derivative in the n blocks of C "
                "and one copy node."),
        Diagram("vjp", "Backpropagation: Γ on legs r and k",
                (Term((C, Node("copy", "jqk", 0.6, 0.7), Node("g", "rk", 0.6, 0.15, "Γ")),
                      (("i", 0.15, 1.1), ("j", 0.6, 1.1)), "qkr"),), "ij", "vjp",
                "Attach the upstream gradient Γ (p × n) to both free legs of F: "
                "∇⟨Γ, F⟩[i, k] = Σ_r C[i, r, k] Γ[r, k] = (A(Γ ∘ V) + B(Γ ∘ U))[i, k]."),
    )
