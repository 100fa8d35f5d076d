"""Layouts, translated (url path /layouts): one derivative in the layouts people meet."""

import streamlit as st

from hadviz import ui
from hadviz.views.layouts import Layout, layouts_view

ctx = ui.context()
view = ui.view(layouts_view, ctx.spec, ctx.spec.seed)
p = ctx.problem


def layout_card(layout: Layout) -> None:
    """One layout in a bordered card: what it is, where ∂fₖ/∂Wᵢⱼ sits, and its check."""
    with st.container(border=True):
        st.markdown(f"**{layout.name}**  \n"
                    f"Shape here: {' × '.join(map(str, layout.shape))}  \n"
                    f"∂fₖ/∂Wᵢⱼ sits at: `{layout.index}`  \n"
                    f"Used by: {layout.used_by}")
        st.markdown("Df(W)[H] from it:")
        st.code(layout.contraction, language="python", wrap_lines=True)
        st.caption(layout.verdict + ".")


st.title("Layouts, translated")
ui.intro(
    "The derivative $\\partial f_k/\\partial W_{i,j}$ "
    f"({ui.plural(p.n * p.m * p.n, 'number', 'numbers')} at your sizes) is stored in "
    "different shapes by different tools and books. Each card below is one of them at your "
    f"sizes (m = {p.m}, n = {p.n}). The check that they are the same derivative does not "
    "care about the shape: contract each with the same random direction H (a seeded draw "
    "with unit Frobenius norm) in its own index order, and it must give "
    "$Df(W)[H] = (H^Ta)\\circ(W^Tb) + (W^Ta)\\circ(H^Tb)$ to within a rounding-error bound."
)
st.caption("Indices in “∂fₖ/∂Wᵢⱼ sits at” count from 1, as everywhere in the app "
           "(i = 1…m, j, k = 1…n); the numpy lines use numpy's own 0-based arrays. "
           + view.sympy_note)
for start in range(0, len(view.layouts), 2):
    # a row of two cards on a wide screen; a phone stacks them in reading order
    for column, layout in zip(st.columns(2), view.layouts[start:start + 2], strict=False):
        with column:
            layout_card(layout)

st.subheader("Why jacrev returns shape (n, m, n)")
st.markdown(
    "`torch.func.jacrev(f)(W)` and `jax.jacrev(f)(W)` work in reverse mode, which computes "
    "vector–Jacobian products: one per component of f (batched with vmap, but the same "
    "numbers as n separate passes). For component k the cotangent is the one-hot "
    "$\\varepsilon_k$ (1 in place k, 0 elsewhere), and the pass returns "
    "$\\nabla_W(\\varepsilon_k^T f) = \\partial f_k/\\partial W = G\\,\\mathrm{Diag}"
    "(\\varepsilon_k)$: column k of G, with every other column 0, an m × n matrix in W's "
    "shape. The n of them stacked in front give shape (n, m, n), J[k, i, j]."
)
st.markdown(view.jacrev.sentence)
st.markdown(
    "One `vjp` with a cotangent g (what `backward` computes when the gradient of the loss with "
    "respect to f is g) gives $\\nabla_W(g^Tf) = G\\,\\mathrm{Diag}(g)$ in a single pass: "
    + view.jacrev.vjp_sentence
)

st.subheader("G in one line")
st.code(view.einsum, language="python", wrap_lines=True)
st.caption(view.einsum_verdict + ". G itself is the denominator-layout gradient of 1ᵀf with "
           "respect to W, in W's shape; every layout above holds G's entries, rearranged, and "
           "(when n > 1) zeros; the Kronecker card computes them afresh from a, b and W.")
st.markdown(view.numerator_note)

st.divider()
ui.downloads(
    "Take it home: these checks in NumPy and PyTorch", ui.script_downloads(p),
    caption="Each rebuilds this problem from its exact numbers and builds J[k, i, j] in the "
            "(n, m, n) layout from G. The NumPy script checks it by central differences and "
            "the VJP G·Diag(g) by contracting J; the PyTorch script compares it with "
            "torch.func.jacrev and G·Diag(g) with backward. The finite-differences page "
            "offers them too, with a notebook.")
