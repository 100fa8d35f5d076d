"""The finite-difference lab (/finite-differences): error vs h, gradcheck, broken gradients."""

import streamlit as st

from hadviz import exports, ui
from hadviz.broken import broken_gradients
from hadviz.finite_diff import DIRECTION_LABELS, DIRECTIONS, PRECISIONS, SCHEME_LABELS, SCHEMES
from hadviz.views.gradient_check import check_view
from hadviz.views.lab import LabSettings, lab_view

ctx = ui.context()
p = ctx.problem
model = p.model

st.title("The finite-difference lab")
ui.intro(
    f"Gradient checking compares a derivative with difference quotients. Here you can watch "
    f"how their error depends on the step h for {model.title_text or model.label}, the "
    "function chosen in the sidebar: "
    + ("it is quadratic, so central differences and the complex step are exact up to rounding."
       if model.quadratic else "it is not a polynomial, so forward and central differences add "
       "a truncation error to the rounding error (a V, where both show)."),
    numbers=False,
)

c2, c3 = st.columns(2)
precision = ui.choice_param("Precision", "prec", PRECISIONS, "float64", container=c2)
kind = ui.choice_param("Direction H", "dir", DIRECTIONS, "random", container=c3,
                       labels=DIRECTION_LABELS)
i = j = 0
if kind == "entry":
    d1, d2 = st.columns(2)
    i = ui.index_param("i: row of the entry", "i", p.m, container=d1)
    j = ui.index_param("j: column of the entry", "j", p.n, container=d2)
e1, e2 = st.columns([2, 1])
hmin, hmax = ui.int_range_param("log₁₀ h from … to", ("hmin", "hmax"), -20, 2, (-16, 0),
                                container=e1, help="The steps run from 10^low to 10^high.")
schemes = ui.multi_param("Schemes", "schemes", SCHEMES, SCHEMES, container=e2,
                         labels=SCHEME_LABELS)
settings = LabSettings(precision=precision, direction=kind, i=i, j=j, hmin=hmin, hmax=hmax)
with st.spinner("Sweeping h…"):
    view = ui.view(lab_view, ctx.spec, settings)

st.header("Error against step size")
st.caption(view.notation)
if not schemes:
    st.info("No scheme selected: only the predicted curves are drawn.", icon=":material/info:")
ui.plot(view.error_figure(schemes), key="errors")
if view.sweep.omitted:
    st.caption("Not drawn for this problem: " + " ".join(view.sweep.omitted))
st.markdown(view.explanation)

st.header("Gradient check")
st.caption("This check and the Taylor test below are about the derivative of "
           f"{model.symbol}, computed in float64"
           + ("" if precision == "float64" else ", not in the float32 that the sweep above uses")
           + ": the analytic compact Jacobian under test against difference quotients of "
           f"{model.symbol}.")
control, outcome = st.columns([2, 3], vertical_alignment="top")
wrongs = broken_gradients(model)  # the mistakes that apply to this function
broken = ui.choice_param("Analytic gradient to check", "wrong", tuple(wrongs), "none",
                         labels={k: v.label for k, v in wrongs.items()},
                         horizontal=False, container=control,
                         help="Break the gradient on purpose and watch the checks catch it.")
checked = ui.view(check_view, ctx.spec, broken, kind, i, j)
chk = checked.check
with outcome:  # the verdict next to the control that changes it
    if chk.passed:
        st.success(f"**PASS** ({wrongs[broken].label})", icon=":material/check:")
    else:
        st.error(f"**FAIL** ({wrongs[broken].label}): {chk.failures:,} of "
                 f"{ui.plural(chk.entries, 'entry', 'entries')} out of tolerance",
                 icon=":material/close:")
    if checked.indistinguishable:
        st.info("This formula is wrong in general, yet it passes on this problem: "
                + checked.indistinguishable, icon=":material/visibility_off:")
    st.caption(f"How: {checked.how}.")

st.header("Taylor remainder test")
ui.plot(checked.taylor_figure, key="taylor")
st.caption(
    "With the right derivative D, F(W+tH) − F(W) − t·D[H] = "
    + (f"t²{model.curvature_text} exactly" if model.quadratic else "t²F″/2 + O(t³)")
    + ": slope 2 on the log–log plot, wherever it is not 0"
    + ("" if model.quadratic else " and t is small")
    + ". A wrong D leaves a first-order term t·(DF − D)[H], which shows as slope 1 wherever it "
    "dominates. " + checked.taylor_note
)

st.divider()
if not model.export_f:  # a model may write no script code: one line
    st.caption(f"The module of {model.label} writes no NumPy or PyTorch code, so there are no "
               "take-home scripts for it.")
else:
    ui.downloads("Take it home: the gradient check in your own tools", [
        ui.Download("Jupyter notebook", f"{exports.file_stem(p)}.ipynb",
                    "application/x-ipynb+json", lambda: exports.notebook(p)),
        *ui.script_downloads(p),
    ], caption=f"Each rebuilds this problem from its exact numbers, forms {model.symbol}, its "
               "compact Jacobian and J, and checks them: "
               + ("central differences" if model.quadratic else "the complex step")
               + " (NumPy, the notebook) or autodiff (PyTorch's jacrev and backward). The "
               "notebook also compares with hadviz when it is installed.")
    with st.expander("The PyTorch check, to copy"):
        st.code(exports.torch_snippet(p) if p.m * p.n <= 64 else
                "The numbers of this problem are too many to show here: download the script.",
                language="python")
