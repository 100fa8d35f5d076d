"""The column view and the linear map (/columns), plus the gradient and the Hessian."""

import streamlit as st

from hadviz import ui
from hadviz.derivation import NOTATION, RTOL

ctx = ui.context()
p = ctx.problem

st.title("Column by column, and Df as a linear map")
st.markdown(
    "The other classic answer. Write W = [w_1, …, w_n] by columns: each component of f uses "
    "one column only, f_k = (a·w_k)(b·w_k), so its gradient lives in that column alone."
)
st.latex(NOTATION)

st.subheader("f, one column at a time")
j = ui.index_param("Column j", "j", p.n)
view = ui.cached_column_view(ctx.spec, j)
st.latex(view.f_columns)
st.latex(r"\frac{\partial f_j}{\partial w_i} = \delta_{ij}\left((a\cdot w_j)\,b + "
         r"(b\cdot w_j)\,a\right)")
st.latex(view.column_formula)
ok = view.column_gradient_error <= RTOL
st.caption(("✓" if ok else "✗") + f" equals column {j + 1} of G = (abᵀ + baᵀ)W (relative "
           f"difference {view.column_gradient_error:.1e}); for i ≠ {j + 1}, "
           f"∂f_{j + 1}/∂w_i = 0. Identifying W with vec(W), these blocks make the "
           "block-diagonal Jacobian of the Jacobian page.")

st.subheader("Df(W) as a linear map, and the exact expansion")
st.latex(r"Df(W)[H] = (H^Ta)\circ(W^Tb) + (W^Ta)\circ(H^Tb), \qquad "
         r"f(W+H) = f(W) + Df(W)[H] + (H^Ta)\circ(H^Tb)")
scale = ui.float_param("Size ‖H‖ of the random direction", "scale", 0.0, 100.0, 1.0,
                       help="H is a seeded random matrix scaled to this Frobenius norm.")
expansion = ui.cached_expansion_view(ctx.spec, scale)
st.latex(expansion.expansion)
exact = expansion.residual <= 1e-12
st.caption(
    ("✓" if exact else "✗") + f" The expansion holds to rounding: relative residual "
    f"{expansion.residual:.1e}. Without the second-order term the error would be "
    f"{expansion.linear_error:.1e} — it grows like ‖H‖², because f is quadratic and nothing "
    "beyond the second order exists."
)

st.subheader("The gradient backpropagation needs: ∇_W(gᵀf) = G·Diag(g)")
g_kind = ui.choice_param("Upstream gradient g", "g", ("ones", "random", "onehot"), "ones",
                         labels={"ones": "all ones (∇ of Σf)", "random": "random",
                                 "onehot": "one-hot ε_k"})
k = ui.index_param("k for the one-hot g", "k", p.n) if g_kind == "onehot" else 0
grad = ui.cached_gradient_view(ctx.spec, g_kind, k)
st.latex(grad.gradient_latex)
st.caption(("✓" if grad.gradient_error <= RTOL else "✗") + " Each entry equals gᵀ(∂f/∂W_ij) by "
           f"the complex step (relative difference {grad.gradient_error:.1e}). Column j is "
           "column j of G scaled by g_j: the VJP costs O(mn), no Jacobian is formed.")

st.subheader("The Hessian is constant")
st.latex(grad.hessian_latex)
st.caption(("✓" if grad.hessian_error <= RTOL else "✗") + " Central differences of the gradient "
           f"give the same block S (relative difference {grad.hessian_error:.1e}): f_k is a "
           "quadratic form in w_k alone, so its Hessian is S = abᵀ + baᵀ for every W and "
           "every k, and zero between different columns.")
