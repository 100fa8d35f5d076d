"""Layouts, translated (url path /layouts): one derivative in the layouts people meet."""

import streamlit as st

from hadviz import ui
from hadviz.views.layouts import Layout, layouts_view

ctx = ui.context()
view = ui.view(layouts_view, ctx.spec, ctx.spec.seed)
p = ctx.problem
model = p.model
F = model.output_letter
entry = f"∂{F}ᵣₖ/∂Wᵢⱼ" if model.rows else f"∂{F}ₖ/∂Wᵢⱼ"


def layout_card(layout: Layout) -> None:
    """One layout in a bordered card: what it is, where the entry sits, and its check."""
    with st.container(border=True):
        st.markdown(f"**{layout.name}**  \n"
                    f"Shape here: {' × '.join(map(str, layout.shape))}  \n"
                    f"{entry} sits at: `{layout.index}`  \n"
                    f"Used by: {layout.used_by}")
        st.markdown(f"D{F}(W)[H] from it:")
        st.code(layout.contraction, language="python", wrap_lines=True)
        st.caption(layout.verdict + ".")


st.title("Layouts, translated")
st.markdown(f"${model.latex}$, ${model.space}$")
count = p.p * p.n * p.m * p.n if model.rows else p.n * p.m * p.n
sizes = f"m = {p.m}, n = {p.n}" + (f", p = {p.p}" if model.rows else "")
ui.intro(
    f"The derivative {entry} ({ui.plural(count, 'number', 'numbers')} at your sizes) is "
    "stored in different shapes by different tools and books. Each card below is one of them "
    f"at your sizes ({sizes}). The check that they are the same derivative does not "
    "care about the shape: contract each with the same random direction H (a seeded draw "
    "with unit Frobenius norm) in its own index order, and it must give "
    f"${model.jvp_latex}$ to within a rounding-error bound."
)
ranges = "i = 1…m, j, k = 1…n" + (", r = 1…p" if model.rows else "")
st.caption(f"Indices in “{entry} sits at” count from 1, as everywhere in the app ({ranges}); "
           "the numpy lines use numpy's own 0-based arrays. " + view.sympy_note)
for start in range(0, len(view.layouts), 2):
    # a row of two cards on a wide screen; a phone stacks them in reading order
    for column, layout in zip(st.columns(2), view.layouts[start:start + 2], strict=False):
        with column:
            layout_card(layout)
if not view.has_kronecker:
    st.caption(f"No Kronecker card: {view.kronecker_missing}.")

shape = "(p, n, m, n)" if model.rows else "(n, m, n)"
st.header(f"Why jacrev returns shape {shape}")
st.markdown(view.jacrev_story)
st.markdown(view.jacrev.sentence)
st.markdown(
    "One `vjp` with a cotangent g (what `backward` computes when the gradient of the loss with "
    f"respect to {F} is g) gives ${model.vjp_latex}$ in a single pass: "
    + view.jacrev.vjp_sentence
)

G = model.compact_symbol
st.header(f"{G} in one line")
if view.einsum is not None:
    st.code(view.einsum, language="python", wrap_lines=True)
st.caption(view.einsum_verdict + f". Every layout above holds the entries of the compact form "
           f"${G}$, rearranged, and (when n > 1) zeros; the Kronecker card computes them afresh "
           "from the parameters and W.")
st.markdown(view.numerator_note)

st.divider()
if not model.export_f:  # a model may write no script code: one line
    st.caption(f"The module of {model.label} writes no NumPy or PyTorch code, so there are no "
               "take-home scripts for it.")
else:
    ui.downloads(
        "Take it home: these checks in NumPy and PyTorch", ui.script_downloads(p),
        caption=f"Each rebuilds this problem from its exact numbers and builds J in the {shape} "
                f"layout from the compact form {G}. The NumPy script checks it by central "
                "differences (the complex step for a model that is not quadratic) and the VJP by "
                "contracting J; the PyTorch script compares it with "
                "torch.func.jacrev and the VJP with backward. The finite-differences page offers "
                "them too, with a notebook.")
