"""The finite-difference lab (/finite-differences): error vs h, gradcheck, broken gradients."""

import streamlit as st

from hadviz import exports, ui
from hadviz.finite_diff import FUNCTIONS, PRECISIONS, SCHEMES
from hadviz.gradcheck import BROKEN_GRADIENTS
from hadviz.models import MODELS
from hadviz.views.gradient_check import check_view
from hadviz.views.lab import LabSettings, lab_view

ctx = ui.context()
p = ctx.problem

st.title("The finite-difference lab")
ui.intro(
    "Gradient checking compares a derivative with difference quotients. Here you can watch "
    "how their error depends on the step h, and why the answer for this f is unusual."
)

c1, c2, c3 = st.columns(3)
function = ui.choice_param("Function", "fn", FUNCTIONS, "quadratic", container=c1,
                           labels={name: model.label for name, model in MODELS.items()},
                           help="Wrap f in tanh to see a non-polynomial map.")
precision = ui.choice_param("Precision", "prec", PRECISIONS, "float64", container=c2)
kind = ui.choice_param("Direction H", "dir", ("random", "entry"), "random", container=c3,
                       labels={"random": "random (unit norm)",
                               "entry": "one entry: the 1 at (i, j)"})
i = j = 0
if kind == "entry":
    d1, d2 = st.columns(2)
    i = ui.index_param("i: row of the entry", "i", p.m, container=d1)
    j = ui.index_param("j: column of the entry", "j", p.n, container=d2)
e1, e2 = st.columns([2, 1])
hmin, hmax = ui.int_range_param("log₁₀ h from … to", ("hmin", "hmax"), -20, 2, (-16, 0),
                                container=e1, help="The steps run from 10^low to 10^high.")
schemes = ui.multi_param("Schemes", "schemes", SCHEMES, SCHEMES, container=e2,
                         labels={"forward": "forward", "central": "central",
                                 "complex": "complex step"})
settings = LabSettings(function=function, precision=precision, direction=kind, i=i, j=j,
                       hmin=hmin, hmax=hmax)
with st.spinner("Sweeping h…"):
    view = ui.view(lab_view, ctx.spec, settings)

st.subheader("Error against step size")
st.caption(view.notation)
if not schemes:
    st.info("No scheme selected: only the predicted curves are drawn.", icon=":material/info:")
ui.plot(view.error_figure(schemes), key="errors")
if view.sweep.omitted:
    st.caption("Not drawn for this problem: " + " ".join(view.sweep.omitted))
st.markdown(view.explanation)

st.subheader("Gradient check")
st.caption("This check and the Taylor test below are about the gradient of f itself, the "
           "quadratic, computed in float64"
           + ("" if (function, precision) == ("quadratic", "float64") else
              f", not of the {MODELS[function].symbol} in {precision} that the sweep above uses")
           + ": the analytic G under test against central differences of f.")
control, outcome = st.columns([2, 3], vertical_alignment="top")
broken = ui.choice_param("Analytic gradient to check", "wrong", tuple(BROKEN_GRADIENTS), "none",
                         labels={k: v.label for k, v in BROKEN_GRADIENTS.items()},
                         horizontal=False, container=control,
                         help="Break the gradient on purpose and watch the checks catch it.")
checked = ui.view(check_view, ctx.spec, broken, kind, i, j)
chk = checked.check
with outcome:  # the verdict next to the control that changes it
    if chk.passed:
        st.success(f"**PASS** ({BROKEN_GRADIENTS[broken].label})", icon=":material/check:")
    else:
        st.error(f"**FAIL** ({BROKEN_GRADIENTS[broken].label}): {chk.failures:,} of "
                 f"{ui.plural(chk.entries, 'entry', 'entries')} out of tolerance",
                 icon=":material/close:")
    if checked.indistinguishable:
        st.info("This formula is wrong in general, yet it passes on this problem: "
                + checked.indistinguishable, icon=":material/visibility_off:")
    st.caption(f"How: {checked.how}.")

st.subheader("Taylor remainder test")
ui.plot(checked.taylor_figure, key="taylor")
st.caption(
    "With the right derivative D, f(W+tH) − f(W) − t·D[H] = t²(Hᵀa)∘(Hᵀb) exactly: slope 2 "
    "on the log–log plot, wherever it is not 0. A wrong D leaves a first-order term "
    "t·(Df − D)[H], which shows as slope 1 wherever it dominates. " + checked.taylor_note
)

st.divider()
ui.downloads("Take it home: the gradient check in your own tools", [
    ui.Download("Jupyter notebook", f"hadamard_{p.m}x{p.n}.ipynb", "application/x-ipynb+json",
                lambda: exports.notebook(p)),
    *ui.script_downloads(p),
], caption="Each rebuilds this problem from its exact numbers, forms G and J, and checks them: "
           "central differences (NumPy, the notebook) or autodiff (PyTorch's jacrev and "
           "backward). The notebook also compares with hadviz when it is installed.")
with st.expander("The PyTorch check, to copy"):
    st.code(exports.torch_snippet(p) if p.m * p.n <= 64 else
            "The numbers of this problem are too many to show here: download the script.",
            language="python")
