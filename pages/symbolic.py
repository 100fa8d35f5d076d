"""Symbolic verification (/symbolic): SymPy derives the Jacobian entry by entry and proves it."""

import streamlit as st

from hadviz import ui
from hadviz.symbolic import MAX_SYMBOLIC
from hadviz.views.symbolic import symbolic_view

ctx = ui.context()
p = ctx.problem

st.title("Symbolic verification with SymPy")
ui.intro(
    "Here W, a and b are matrices of symbols. SymPy forms f explicitly, differentiates every "
    "component with respect to every entry of W (`derive_by_array`), and expands the "
    "difference from the closed form $\\delta_{jk}\\,[(ab^T + ba^T)W]_{i,k}$. A zero polynomial "
    "proves the formula for *all* values, not just for sample numbers. Indices as everywhere: "
    "i a row of W, j a column of W, k a component of f."
)
with st.spinner("SymPy is deriving the Jacobian…"):
    view = ui.view(symbolic_view, ctx.spec)
m, n = view.m, view.n
if (m, n) != (p.m, p.n):
    st.info(
        f"The symbolic proof runs for m, n ≤ {MAX_SYMBOLIC} (its cost grows like m²n², all "
        f"in SymPy). Your problem is {p.m} × {p.n}, so the proof below is for {m} × {n}, "
        f"and the numeric comparisons use the leading {m} × {n} block of your W, a, b.",
        icon=":material/info:")
proof = view.proof

if proof.proven:
    st.success(view.proof_text, icon=":material/check:")
else:
    st.error("The symbolic Jacobian differs from the closed form.", icon=":material/close:")
st.caption(("✓" if view.numeric_check.passed else "✗") + " Evaluated at your numbers, "
           "SymPy's Jacobian matches hadviz's J[k, i, j]: " + view.numeric_check.summary() + ".")

st.subheader("f in symbols")
st.markdown("f is the column vector $(W^Ta)\\circ(W^Tb) \\in \\mathbb{R}^n$, one component "
            "per line (the question writes the same numbers as the row $(a^TW)\\circ(b^TW)$).")
st.latex(proof.f_latex)
st.subheader("The derived slices ∂fₖ/∂W")
st.markdown("A slice is $J[k] = \\partial f_k/\\partial W$, an m × n matrix in W's shape; "
            "every column but column k is 0. It is written by columns: column k in full, and "
            "$\\mathbf{0}$ for each other column, whose m entries SymPy derived as exactly 0.")
for k, slice_latex in enumerate(proof.slices_latex, start=1):
    with st.expander(f"Slice J[{k}] = ∂f{ui.subscript(k)}/∂W: 0 outside column {k}",
                     expanded=k == 1):
        st.latex(slice_latex)
st.subheader("The closed form")
st.markdown("G has one column per column of W, $G_{:,k} = (ab^T + ba^T)\\,w_k$; the first is "
            "written out (the others differ only in the column index). SymPy checked every "
            "entry of every slice against G.")
st.latex(proof.closed_form_latex)

st.subheader("The vector analogue")
vec = view.vector
st.latex(r"\begin{gathered}\frac{d}{dx}\left(Ax \circ Bx\right) = A^T\operatorname{Diag}(Bx) + "
         r"B^T\operatorname{Diag}(Ax) \\ \text{(with } y = Ax \circ Bx\text{; denominator "
         r"layout: entry } (r, s) = \partial y_s/\partial x_r)\end{gathered}")
if vec.proven:
    st.success(f"Proven for symbolic $A, B \\in \\mathbb{{R}}^{{{vec.q}\\times{vec.p}}}$ and "
               f"$x \\in \\mathbb{{R}}^{{{vec.p}}}$: the derived matrix equals the formula entry "
               "by entry.", icon=":material/check:")
else:
    st.error("The vector analogue does not match.", icon=":material/close:")
st.markdown(f"The formula's {vec.p} × {vec.q} matrix, entry (r, s) per line:")
st.latex(vec.formula_latex)
st.markdown("With $A = a^T$, $B = b^T$ (one row each) and $x = w_k$ it gives "
            "$a(b^Tw_k) + b(a^Tw_k)$ = column k of G: the same answer, one column at a time. "
            "The denominator layout puts the input index first, like the gradient G; hadviz's "
            "J[k, i, j] puts the output first (numerator layout).")

row_fails = view.row_spelling.startswith("ValueError")
st.subheader("SymPy's own matrix calculus: " + ("one spelling fails, the other works"
                                                if row_fails else "both spellings"))
st.markdown("SymPy can differentiate matrix expressions without writing out entries. The "
            "question's **row spelling** $(a^TW)\\circ(b^TW)$ "
            + (f"fails in the installed SymPy at {m} × {n} (it does whenever m, n ≥ 2):"
               if row_fails else
               f"works in the installed SymPy at {m} × {n} (it fails whenever m, n ≥ 2; with "
               "one row or one column SymPy treats the products as matrices):"))
st.code("HadamardProduct(a.T*W, b.T*W).diff(W)\n→ " + view.row_spelling, language=None)
column = view.column_spelling
st.markdown("The **column spelling** $(W^Ta)\\circ(W^Tb)$ of the same numbers works. "
            f"For your {m} × {n} block SymPy returns " + view.column_shape_text + ":")
st.code(f"HadamardProduct(W.T*a, W.T*b).diff(W)\n→ {column.expression}", language=None,
        wrap_lines=True)
st.caption(("✓" if view.column_check.passed else "✗") + " Made explicit, evaluated at your "
           "numbers and rearranged to J[k, i, j], it matches hadviz: "
           + view.column_check.summary() + ".")
