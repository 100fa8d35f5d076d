"""Symbolic verification (/symbolic): SymPy derives the Jacobian entry by entry and proves it."""

import streamlit as st

from hadviz import ui
from hadviz.symbolic import MAX_SYMBOLIC
from hadviz.views.symbolic import symbolic_view

ctx = ui.context()
p = ctx.problem
model = p.model
names = ", ".join(q.name for q in model.params)
lhs = model.latex.split("(W)")[0].strip()

st.title("Symbolic verification with SymPy")
if not model.has_sympy:  # a model may state no SymPy expression: one line, no fall-back
    st.info(f"The module of {model.label} gives no SymPy expression, so there is nothing for "
            "SymPy to prove here; every other page checks it against the complex step.",
            icon=":material/info:")
else:
    ui.intro(
        (f"Here W, {names} are matrices of symbols." if model.rows else
         f"Here W is a matrix of symbols and {names} are vectors of symbols.")
        + f" SymPy forms ${model.latex}$ explicitly from "
        "the model's own SymPy expression, differentiates every component with respect to every "
        "entry of W (`derive_by_array`), and reduces the difference from the model's formula "
        f"${model.entry_latex}$ to 0 ("
        + ("expanded: every entry is a polynomial" if model.quadratic else
           "expanded, cancelled, or simplified with tanh and sech written as exponentials")
        + "). A difference that reduces to 0 proves the formula for *all* values, not just for "
        "sample numbers. Indices as everywhere: i a row of W, j a column of W, k a column of "
        f"{lhs}" + (", r a row of F." if model.rows else "."),
        numbers=False)
    with st.spinner("SymPy is deriving the Jacobian…"):
        view = ui.view(symbolic_view, ctx.spec)
    m, n = view.m, view.n
    if view.capped:
        yours = f"{p.m} × {p.n}" + (f" with p = {p.p}" if model.rows else "")
        ours = f"{m} × {n}" + (f" with p = {view.p}" if model.rows else "")
        st.info(
            f"The symbolic proof runs for m, n{', p' if model.rows else ''} ≤ {MAX_SYMBOLIC} (its "
            f"cost grows like {'p·' if model.rows else ''}m²n², all in SymPy). Your problem is "
            f"{yours}, so the proof below is for {ours}, and the numeric comparison uses the "
            f"leading block of your numbers of that size.", icon=":material/info:")
    proof = view.proof

    def names_before(part: str) -> None:
        """The named sums, once: before the first formula written with them."""
        if proof.named[:1] == (part,):
            st.markdown(view.names_text)
            st.latex(proof.names_latex)

    if proof.proven:
        st.success(view.proof_text, icon=":material/check:")
    else:
        st.error("The symbolic Jacobian differs from the model's formula.", icon=":material/close:")
    st.caption(("✓" if view.numeric_check.passed else "✗") + " Evaluated at your numbers (with 40 "
               "digits or more, as many as cancellation in its formula needs), SymPy's derivative "
               + ("matches" if view.numeric_check.passed else "does not match") + " the model's J"
               + ("[r, k, i, j]" if model.rows else "[k, i, j]") + " in float64: "
               + view.numeric_check.summary() + ".")

    st.header(f"{lhs} in symbols")
    st.markdown(
        f"F is the p × n matrix ${model.latex.split('= ', 1)[1]}$, one row per output row r; "
        "below, its first column $F_{:,1}$ in symbols (the others are alike)."
         if model.rows else
         f"{lhs} is a vector of n components, one per line (the definition writes the same "
         "numbers as a row).")
    names_before("f")
    st.latex(proof.f_latex)
    st.header(f"The derived slices ∂{lhs}/∂W")
    st.markdown(f"A slice is $\\partial {lhs}_{{{'r,' if model.rows else ''}k}}/\\partial W$, an "
                "m × n matrix in W's shape; every column but column k is 0. It is written by "
                "columns: column k in full, and $\\mathbf{0}$ for each other column, whose m "
                "entries SymPy derived as exactly 0.")
    names_before("slices")
    for index, slice_latex in enumerate(proof.slices_latex):
        r, k = divmod(index, n)
        at = f"{r + 1}, {k + 1}" if model.rows else f"{k + 1}"
        with st.expander(f"Slice J[{at}]: 0 outside column {k + 1}", expanded=index == 0):
            st.latex(slice_latex)
    st.header("The model's formula")
    st.markdown("The compact form keeps column k of each slice"
                + (" (for F, the m × p block Cₖ of the p slices J[r, k])" if model.rows else "")
                + "; the first is written out in symbols (the others differ only in the column "
                "index). SymPy checked every entry of every slice against it.")
    names_before("closed")
    st.latex(proof.closed_form_latex)

    st.header("The vector analogue")
    vec = view.vector
    st.latex(r"\begin{gathered}\frac{d}{dx}\left(Ax \circ Bx\right) = A^T\operatorname{Diag}(Bx) + "
             r"B^T\operatorname{Diag}(Ax) \\ \text{(with } y = Ax \circ Bx\text{; denominator "
             r"layout: entry } (r, s) = \partial y_s/\partial x_r)\end{gathered}")
    if vec.proven:
        st.success(f"Proven for symbolic $A, B \\in \\mathbb{{R}}^{{{vec.q}\\times{vec.p}}}$ and "
                   f"$x \\in \\mathbb{{R}}^{{{vec.p}}}$: the derived matrix equals the formula "
                   "entry by entry.", icon=":material/check:")
    else:
        st.error("The vector analogue does not match.", icon=":material/close:")
    st.markdown(f"The formula's {vec.p} × {vec.q} matrix, entry (r, s) per line:")
    st.latex(vec.formula_latex)
    st.markdown((model.sympy_vector_note or f"{model.label} says nothing about this analogue.")
                + " The denominator layout puts the input index first, like the compact form; "
                "hadviz's J puts the output first (numerator layout).")

    spell = view.spellings
    if spell is None:
        st.header("SymPy's own matrix calculus")
        st.markdown(f"Not run for {model.label}: hadviz runs SymPy's "
                    "`HadamardProduct(…).diff(W)` on the question's f only (its two spellings, "
                    "one of which SymPy 1.14 refuses); the entry-by-entry proof above is this "
                    "model's check.")
    else:
        row_fails = spell.row_spelling.startswith("ValueError")
        st.header("SymPy's own matrix calculus: " + ("one spelling fails, the other works"
                                                        if row_fails else "both spellings"))
        st.markdown("SymPy can differentiate matrix expressions without writing out entries. The "
                    "question's **row spelling** $(a^TW)\\circ(b^TW)$ "
                    + (f"fails in the installed SymPy at {m} × {n} (it does whenever m, n ≥ 2):"
                       if row_fails else
                       f"works in the installed SymPy at {m} × {n} (it fails whenever m, n ≥ 2; "
                       "with one row or one column SymPy treats the products as matrices):"))
        st.code("HadamardProduct(a.T*W, b.T*W).diff(W)\n→ " + spell.row_spelling, language=None)
        column = spell.column_spelling
        st.markdown("The **column spelling** $(W^Ta)\\circ(W^Tb)$ of the same numbers works. "
                    f"For your {m} × {n} block SymPy returns " + spell.column_shape_text + ":")
        st.code(f"HadamardProduct(W.T*a, W.T*b).diff(W)\n→ {column.expression}", language=None,
                wrap_lines=True)
        st.caption(("✓" if spell.column_check.passed else "✗") + " Made explicit, evaluated at "
                   "your numbers and rearranged to J[k, i, j], it matches hadviz: "
                   + spell.column_check.summary() + ".")
