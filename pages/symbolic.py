"""Symbolic verification (/symbolic): SymPy derives the Jacobian entry by entry and proves it."""

import streamlit as st

from hadviz import ui
from hadviz.symbolic import MAX_SYMBOLIC

ctx = ui.context()
p = ctx.problem

st.title("Symbolic verification with SymPy")
st.markdown(
    "Here W, a and b are matrices of symbols. SymPy forms f = (aᵀW) ∘ (bᵀW) explicitly, "
    "differentiates every component with respect to every entry of W (`derive_by_array`), and "
    "expands the difference from the closed form δ_jk [(abᵀ + baᵀ)W]_ik. A zero polynomial "
    "proves the formula for *all* values, not just for sample numbers."
)
m, n = min(p.m, MAX_SYMBOLIC), min(p.n, MAX_SYMBOLIC)
if (m, n) != (p.m, p.n):
    st.info(
        f"The symbolic proof runs for m, n ≤ {MAX_SYMBOLIC} (its cost grows like m²n², all "
        f"in SymPy). Your problem is {p.m} × {p.n}, so the proof below is for {m} × {n}, "
        f"and the numeric comparison uses the leading {m} × {n} block of your W, a, b.",
        icon=":material/info:")

with st.spinner(f"SymPy is deriving the {n}·{m}·{n} = {n * m * n} entries…"):
    result = ui.cached_symbolic(ctx.spec, m, n)
proof = result.proof

if proof.proven:
    st.success(
        f"Proven for m = {m}, n = {n}: all {proof.entries} entries ∂f_k/∂W_ij derived by SymPy "
        f"equal δ_jk G[i, k] identically (each difference expands to 0); "
        f"{proof.nonzero_entries} of them are not identically zero, the n·m predicted.",
        icon=":material/check:")
else:
    st.error("The symbolic Jacobian differs from the closed form.", icon=":material/close:")
st.caption(f"Evaluated at your numbers, SymPy's Jacobian matches hadviz's to a relative "
           f"{result.numeric_error:.1e}.")

st.subheader("f in symbols")
st.latex(proof.f_latex)
st.subheader("The derived slices ∂f_k/∂W")
for k, slice_latex in enumerate(proof.slices_latex, start=1):
    with st.expander(f"∂f_{k}/∂W: only column {k} is non-zero", expanded=k == 1):
        st.latex(slice_latex)
st.subheader("The closed form")
st.latex(proof.closed_form_latex)

st.subheader("The vector analogue")
vec = result.vector
st.latex(r"\frac{d}{dx}\left(Ax \circ Bx\right) = A^T\operatorname{Diag}(Bx) + "
         r"B^T\operatorname{Diag}(Ax) \quad\text{(gradient layout: entry } (r, s) = "
         r"\partial y_s/\partial x_r)")
if vec.proven:
    st.success(f"Proven for symbolic A, B ∈ ℝ^{vec.q}×{vec.p} and x ∈ ℝ^{vec.p}: the derived "
               "matrix equals the formula entry by entry.", icon=":material/check:")
else:
    st.error("The vector analogue does not match.", icon=":material/close:")
st.latex(vec.formula_latex)
st.markdown("With A = aᵀ, B = bᵀ (one row each) and x = w_k it gives "
            "a(bᵀw_k) + b(aᵀw_k) = column k of G: the same answer, one column at a time.")

st.subheader("Why not SymPy's matrix calculus?")
st.markdown("SymPy can differentiate matrix expressions symbolically, but on this very "
            "function its route fails. Run live with the installed SymPy:")
st.code("HadamardProduct(a.T*W, b.T*W).diff(W)\n→ " + result.sympy_route, language=None)
st.markdown("That is why the proof above works element by element on explicit matrices.")
