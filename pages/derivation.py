"""The Diag-trick derivation (/derivation): each step symbolic, with numbers, and checked."""

import streamlit as st

from hadviz import exports, ui
from hadviz.views.closed_forms import closed_forms
from hadviz.views.derivation import NOTATION, diag_identity, diag_trick_steps

ctx = ui.context()
p = ctx.problem

st.title("The Diag trick, step by step")
# in presentation mode the step comes first, right under the title, and its buttons under
# it: on screen when the page opens and after every ←/→; the notes, the notation and the
# inputs follow, folded
stage = st.container() if ctx.present else None
ui.intro(
    "The index-notation answer to the question: differentiate with respect to one entry "
    "$W_{i,j}$, turn Hadamard (element-by-element) products into diagonal matrices, "
    "$x \\circ y = \\operatorname{Diag}(x)\\,y$, and read off component k. Here f is the "
    "column vector $(W^Ta)\\circ(W^Tb) \\in \\mathbb{R}^n$ (the same numbers as the row "
    "$(a^TW)\\circ(b^TW)$ of the question). Every step shows the formula, the same formula "
    "with your numbers, and its value; a ✓ says the value equals the previous step's and a "
    "derivative computed from f alone (the fold “How is this checked?” says how)."
)
if ctx.present:
    with st.expander("Notation", icon=":material/menu_book:"):
        st.latex(NOTATION)
else:
    st.latex(NOTATION)

c1, c2, c3 = st.columns(3)
k = ui.index_param("k: component of f", "k", p.n, container=c1)
i = ui.index_param("i: row of W", "i", p.m, container=c2)
j = ui.index_param("j: column of W", "j", p.n, container=c3)

with st.expander("Why the trick works: a ∘ b = Diag(a) b", expanded=not ctx.present):
    st.markdown("Multiplying element by element is the same as multiplying by the diagonal "
                "matrix built from the first vector. With this problem's u = Wᵀa and v = Wᵀb:")
    st.latex(diag_identity(p))

with st.expander("How is this checked?", icon=":material/help:"):
    st.markdown(
        "Each value is compared with the previous step and with the complex-step derivative "
        "$\\operatorname{Im} f(W + ihE_{i,j})/h$, where $E_{i,j}$ has a 1 at row i, column j "
        "and 0 elsewhere: because f is quadratic, its imaginary part over h is exactly "
        "$\\partial f/\\partial W_{i,j}$ up to rounding, and nothing is subtracted, so nothing "
        "cancels. Two values agree when they differ by at most twice (a safety margin) the "
        "sum of their rounding-error bounds. Each bound is $\\gamma_{m+4}$ times the sum of the "
        "absolute values of the terms of $G_{i,j}$, where "
        "$\\gamma_{m+4} = (m+4)u/(1-(m+4)u)$ and $u = 2^{-53}$ is the unit roundoff of double "
        f"precision; here m + 4 = {p.m + 4}."
    )

steps = ui.view(diag_trick_steps, ctx.spec, k, i, j)
with stage or st.container():
    cards = st.container() if ctx.present else None
    current = ui.stepper("step", len(steps))
    for number, step in enumerate(steps, start=1):
        if current and number != current:
            continue
        with (cards or st).container(border=True):
            mark = "✓" if step.verified else "✗"
            st.markdown(f"**Step {number} of {len(steps)}** {mark}")
            st.markdown(step.caption)
            st.latex(step.symbolic)
            st.latex(step.substituted)
            st.latex("= " + step.value_latex)
            checks = ["complex step: " + step.check.summary()]
            if step.agrees_with_previous is not None:
                checks.append("equals the previous step" if step.agrees_with_previous
                              else "does NOT equal the previous step")
            st.caption(("✓ " if step.verified else "✗ ") + "; ".join(checks))

if all(s.verified for s in steps):
    st.success(
        f"All {len(steps)} steps agree with each other and with the complex-step derivative: "
        f"$\\partial f_{{{k + 1}}}/\\partial W_{{{i + 1},{j + 1}}}$ = "
        f"{float(steps[-1].value):.17g}.",
        icon=":material/check:")
else:
    st.error("A step does not match the complex-step derivative.", icon=":material/close:")

st.subheader("Beyond one entry")
st.markdown("The same argument, for all entries at once: the slice, the vec-Jacobian and the "
            "gradient backpropagation needs, each checked against complex steps of f.")
wholes = ui.view(closed_forms, ctx.spec, k, ctx.spec.seed)
for form in wholes.forms:
    with st.expander(form.title, expanded=True):
        st.markdown(form.text)
        st.latex(form.formula)
        st.latex(form.numbers)
        st.caption(("✓ " if form.check.passed else "✗ ") + form.check.summary())

st.divider()
ui.downloads("Take it home: this derivation as a LaTeX document", [
    ui.Download("Derivation as .tex", f"derivation_k{k + 1}_i{i + 1}_j{j + 1}.tex",
                "application/x-tex", lambda: exports.derivation_tex(p, k, i, j)),
], caption="A standalone document with your numbers: the six steps for this entry, each with "
           "its check, and G. It compiles with pdflatex (amsmath and graphicx only).")
