"""The Diag-trick derivation (/derivation): each step symbolic, with numbers, and checked."""

import streamlit as st

from hadviz import exports, ui
from hadviz.views.closed_forms import closed_forms
from hadviz.views.derivation import derivation_view

ctx = ui.context()
p = ctx.problem
model = p.model

st.title("The Diag trick, step by step")
# in presentation mode the step comes first, right under the title, and its buttons under
# it: on screen when the page opens and after every ←/→; the notes, the notation and the
# inputs follow, folded
stage = st.container() if ctx.present else None
ui.intro(
    f"The index-notation derivative of ${model.latex}$: differentiate with respect to one "
    "entry $W_{i,j}$, turn Hadamard (element-by-element) products into diagonal matrices, "
    "$x \\circ y = \\operatorname{Diag}(x)\\,y$, and read off one component. "
    f"{model.derivation_rules} "
    + ("" if model.rows else "Vectors are columns (the question's row $(a^TW)\\circ(b^TW)$ "
       "is the same numbers). ")
    + "Every step shows the formula, the same "
    "formula with your numbers, and its value; a ✓ says the value equals the previous "
    "step's and a derivative computed from the function alone (the fold “How is this "
    "checked?” says how)."
)
F = model.latex[0]
if model.rows:
    c0, c1, c2, c3 = st.columns(4)
    r = ui.index_param(f"r: row of {F}", "r", p.p, container=c0)
else:
    c1, c2, c3 = st.columns(3)
    r = 0
k = ui.index_param(f"k: component (column) of {F}", "k", p.n, container=c1)
i = ui.index_param("i: row of W", "i", p.m, container=c2)
j = ui.index_param("j: column of W", "j", p.n, container=c3)

view = ui.view(derivation_view, ctx.spec, k, i, j, r)
if ctx.present:
    with st.expander("Notation", icon=":material/menu_book:"):
        st.latex(view.notation)
else:
    st.latex(view.notation)

if view.identity:
    with st.expander("Why the trick works: x ∘ y = Diag(x) y", expanded=not ctx.present):
        st.markdown("Multiplying element by element is the same as multiplying by the "
                    "diagonal matrix built from the first vector. With this problem's own "
                    "factors:")
        st.latex(view.identity)

with st.expander("How is this checked?", icon=":material/help:"):
    st.markdown(view.how_checked)

steps = view.steps
if not steps:
    st.info(f"The module of {model.label} states no step-by-step derivation, so there are no "
            "steps to show here; the closed forms below are checked against complex steps "
            "all the same.", icon=":material/info:")
with stage or st.container():
    cards = st.container() if ctx.present else None
    current = ui.stepper("step", len(steps)) if steps else 0
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

if steps and all(s.verified for s in steps):
    st.success(
        f"All {len(steps)} steps agree with each other and with the complex-step derivative: "
        f"${view.entry}$ = {ui.text_exact(float(steps[-1].value))}.",
        icon=":material/check:")
elif steps:
    st.error("A step does not match the complex-step derivative.", icon=":material/close:")

st.header("Beyond one entry")
st.markdown("The same argument, for all entries at once: the slice, the block of column k, "
            "the vec-Jacobian and the gradient backpropagation needs, each checked against "
            f"complex steps of {model.symbol}.")
wholes = ui.view(closed_forms, ctx.spec, k, ctx.spec.seed, r)
for form in wholes.forms:
    with st.expander(form.title, expanded=True):
        st.markdown(form.text)
        st.latex(form.formula)
        st.latex(form.numbers)
        st.caption(("✓ " if form.check.passed else "✗ ") + form.check.summary())
if wholes.missing:
    st.caption(f"No vec-Jacobian in Kronecker form here: {wholes.missing}.")

st.divider()
name = f"derivation_{p.fn}_" + (f"r{r + 1}_" if model.rows else "")
if steps:
    ui.downloads("Take it home: this derivation as a LaTeX document", [
        ui.Download("Derivation as .tex", f"{name}k{k + 1}_i{i + 1}_j{j + 1}.tex",
                    "application/x-tex", lambda: exports.derivation_tex(p, k, i, j, r)),
    ], caption=f"A standalone document with your numbers: the {len(steps)} steps for this "
               "entry, each with its check, and the compact Jacobian. It compiles with "
               "pdflatex (amsmath and graphicx only).")
