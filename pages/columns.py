"""The column view and the linear map (/columns), plus the gradient and the Hessian."""

import streamlit as st

from hadviz import ui
from hadviz.views.columns import UPSTREAM, column_view, expansion_view, upstream_view

ctx = ui.context()
p = ctx.problem
model = p.model
F = model.output_letter

st.title("Column by column, and the derivative as a linear map")
st.markdown(f"${model.latex}$, ${model.space}$")
ui.intro(
    "The other classic answer. Write W = [w₁, …, wₙ] by columns: column k of "
    f"{F} uses column k of W only, so the derivative of that column of {F} lives in that "
    "column of W alone."
)
st.latex(model.helpers_latex)

st.header(f"{F}, one column at a time")
st.markdown(("Vectors are columns, written as rows with ᵀ. " if not model.rows else "")
            + "Indices as everywhere: i a row of W, j and k columns of W (and of "
            f"{F}), $w_j$ column j of W.")
j = ui.index_param("Column j", "j", p.n)
view = ui.view(column_view, ctx.spec, j)
st.latex(view.f_columns)
st.latex(model.entry_latex)
st.latex(view.column_formula)
st.caption(view.note)

st.header(f"D{F}(W) as a linear map, and what is left after it")
st.latex(model.jvp_latex)
scale = ui.float_param("Size ‖H‖ of the random direction", "scale", 0.0, 100.0, 1.0,
                       help="H is a seeded random matrix scaled to this Frobenius norm.")
expansion = ui.view(expansion_view, ctx.spec, scale, ctx.spec.seed)
if model.quadratic:
    st.latex(rf"{F}(W+H) = {F}(W) + D{F}(W)[H] + {model.curvature_latex}"
             r"\quad\text{exactly}")
else:
    st.latex(rf"{F}(W+H) = {F}(W) + D{F}(W)[H] + R, \qquad R = \tfrac12 {F}''[H,H] + "
             r"O(\|H\|^3)")
st.latex(expansion.expansion)
if not model.quadratic:
    st.latex(expansion.second_latex)
st.caption(expansion.verdict + " " + expansion.remainder_note)
ui.plot(expansion.remainder_figure(), key="remainder")
st.caption(expansion.slope_note)

st.header("The gradient backpropagation needs")
st.latex(model.vjp_latex)
g_kind = ui.choice_param("Upstream gradient " + ("Γ (p × n)" if model.rows else "g"), "g",
                         UPSTREAM, "ones",
                         labels={"ones": f"all ones (∇ of the sum of {F})", "random": "random",
                                 "onehot": "one-hot column εₖ" if model.rows else "one-hot εₖ"})
k = ui.index_param("k for the one-hot g", "k", p.n) if g_kind == "onehot" else 0
grad = ui.view(upstream_view, ctx.spec, g_kind, k, ctx.spec.seed, j)
st.latex(grad.gradient_latex)
st.caption(grad.gradient_note)

if grad.constant:
    st.header("The Hessian is constant")
else:
    st.header(f"The Hessian depends on W: the block of column {j + 1}")
st.latex(grad.hessian_latex)
mark = "" if grad.hessian_check is None else "✓ " if grad.hessian_check.passed else "✗ "
st.caption(mark + grad.hessian_note)
