"""The column view and the linear map (/columns), plus the gradient and the Hessian."""

import streamlit as st

from hadviz import ui
from hadviz.views.columns import UPSTREAM, column_view, expansion_view, upstream_view
from hadviz.views.derivation import NOTATION

ctx = ui.context()
p = ctx.problem

st.title("Column by column, and Df as a linear map")
ui.intro(
    "The other classic answer. Write W = [w₁, …, wₙ] by columns: each component of f uses "
    "one column only, fₖ = (a·wₖ)(b·wₖ), so its gradient lives in that column alone."
)
st.latex(NOTATION)

st.subheader("f, one column at a time")
st.markdown("f is the column vector $(W^Ta)\\circ(W^Tb) \\in \\mathbb{R}^n$; written as a row "
            "below, it is $f^T$. Indices as everywhere: i a row of W, j a column of W, k a "
            "component of f, and $w_j$ column j of W.")
j = ui.index_param("Column j", "j", p.n)
view = ui.view(column_view, ctx.spec, j)
st.latex(view.f_columns)
st.latex(r"\frac{\partial f_k}{\partial w_j} = \delta_{jk}\left((a\cdot w_k)\,b + "
         r"(b\cdot w_k)\,a\right) \in \mathbb{R}^m")
st.latex(view.column_formula)
st.caption(("✓ equals" if view.check.passed else "✗ differs from")
           + f" column {j + 1} of G = (abᵀ + baᵀ)W ({view.check.summary()}); for k ≠ {j + 1}, "
           f"∂fₖ/∂w{ui.subscript(j + 1)} = 0. Identifying W "
           "with its column-major vec(W), the transposes of these m × 1 columns (1 × m rows) "
           "are the diagonal blocks of the n × mn block-diagonal vec-Jacobian on the Jacobian "
           "page.")

st.subheader("Df(W) as a linear map, and the exact expansion")
st.latex(r"\begin{gathered}Df(W)[H] = (H^Ta)\circ(W^Tb) + (W^Ta)\circ(H^Tb) \\ "
         r"f(W+H) = f(W) + Df(W)[H] \\ \qquad\qquad + (H^Ta)\circ(H^Tb)\end{gathered}")
scale = ui.float_param("Size ‖H‖ of the random direction", "scale", 0.0, 100.0, 1.0,
                       help="H is a seeded random matrix scaled to this Frobenius norm.")
expansion = ui.view(expansion_view, ctx.spec, scale, ctx.spec.seed)
st.latex(expansion.expansion)
st.caption(
    ("✓ The expansion holds to rounding: " if expansion.check.passed else
     "✗ The expansion does not hold to rounding: ") + expansion.check.summary()
    + ". " + expansion.remainder_note
)
ui.plot(expansion.remainder_figure(), key="remainder")
st.caption(expansion.slope_note)

st.subheader("The gradient backpropagation needs: $\\nabla_W(g^Tf) = G\\,\\mathrm{Diag}(g)$")
g_kind = ui.choice_param("Upstream gradient g", "g", UPSTREAM, "ones",
                         labels={"ones": "all ones (∇ of Σf)", "random": "random",
                                 "onehot": "one-hot εₖ"})
k = ui.index_param("k for the one-hot g", "k", p.n) if g_kind == "onehot" else 0
grad = ui.view(upstream_view, ctx.spec, g_kind, k, ctx.spec.seed)
st.latex(grad.gradient_latex)
st.caption(("✓ Each entry equals" if grad.gradient_check.passed else "✗ Not every entry equals")
           + " gᵀ(∂f/∂Wᵢⱼ) by the complex step (" + grad.gradient_check.summary() + "). The "
           "gradient has W's shape (m × n; G itself is the case g = 1). Column j is column j "
           "of G scaled by gⱼ: the VJP costs O(mn), no Jacobian is formed.")

st.subheader("The Hessian is constant")
st.latex(grad.hessian_latex)
st.caption(("✓ " if grad.hessian_check.passed else "✗ ") + grad.hessian_note)
