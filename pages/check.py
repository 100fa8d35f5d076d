"""Check my answer (url path /check): paste a derivative, hadviz names its layout or mistake."""

import streamlit as st

from hadviz import ui
from hadviz.formula import grammar_markdown
from hadviz.identify import INTENTS
from hadviz.verdict_text import intent_labels
from hadviz.views.check import (
    AnswerKind,
    CheckView,
    check_view,
    examples,
    problem_code,
    problem_latex,
    symbols,
)

#: Longest answer kept in the link (longer ones stay in this tab's session).
URL_LIMIT = 400
#: The link to the page that explains a fix, worded for what that page does.
FIX_LINKS = {"mistakes": "Why, and the fix", "layouts": "The layouts side by side",
             "derivation": "Re-derive it step by step", "columns": "The gradient with g"}
#: How each verdict is shown: Streamlit alert and icon.
SHOWN = {"right": ("success", ":material/check_circle:"),
         "ambiguous": ("warning", ":material/help:"),
         "other-layout": ("warning", ":material/swap_horiz:"),
         "other-kind": ("warning", ":material/swap_horiz:"),
         "rounded": ("warning", ":material/info:"),
         "float32": ("warning", ":material/speed:"),
         "mistake": ("error", ":material/error:"),
         "unknown": ("info", ":material/search:"),
         "shape": ("info", ":material/straighten:")}

ctx = ui.context()
problem, model = ctx.problem, ctx.problem.model
ss = st.session_state


def _use_example() -> None:
    chosen = ss.get("hv_check_example")
    for label, text in examples(problem):
        if label == chosen:
            ss.hv_p_answer = text
            ss.hv_p_input = "numbers"


def _show(view: CheckView) -> None:
    verdict = view.verdict
    if verdict is None:
        return
    alert, icon = SHOWN[verdict.status]
    getattr(st, alert)(verdict.headline, icon=icon)
    for line in verdict.details:
        st.markdown(f"- {line}")
    st.caption(f"Read as: ${view.read_latex}$" if view.read_latex else
               f"Read as: {view.read_as}")
    if verdict.page:
        page = next(p for p in ctx.pages if getattr(p, "url_path", "") == verdict.page)
        st.page_link(page, label=f"{FIX_LINKS.get(verdict.page, 'More')}: {page.title}",
                     icon=":material/school:", query_params=ctx.problem_query)
    if view.differences:
        st.markdown("**Where it differs from the right answer in this layout** (1-based)")
        st.markdown("\n".join(f"- {line}" for line in view.differences))
    if view.drawn:
        st.caption(view.drawn)
    if view.yours is not None:
        pair = view.right is not None and problem.n <= 8
        left, right = st.columns(2) if pair else (st.container(),) * 2
        with left:
            ui.plot(view.yours, "hv_check_yours")
        if view.right is not None:
            with right:
                ui.plot(view.right, "hv_check_right")


st.title("Check my answer")
st.markdown(f"${model.latex}$, ${model.space}$")
ui.intro("Work out the derivative for the numbers below (on paper, in NumPy, SymPy, PyTorch or "
         "JAX), paste it, and hadviz says which layout it is in, or which known mistake gives "
         "it, comparing it with every layout and mistake it knows.")
names = ", ".join(symbols(problem))
st.latex(problem_latex(problem))
st.latex(model.helpers_latex)
st.caption(f"g is the upstream gradient for the layout \"the gradient of ⟨g, "
           f"{model.output_letter}⟩ in W\" (backpropagation's VJP): 2, 3, 4, … down the "
           "columns, so that a forgotten g shows. The compact form "
           f"{model.compact_symbol} is the matrix (for an output matrix, the array) whose "
           f"column k holds the one non-zero column of ∂{model.output_letter}ₖ/∂W.")
with st.expander("These numbers as NumPy code (full precision)"):
    st.code(problem_code(problem), language="python")

kind: AnswerKind = ui.choice_param("Answer as", "input", ("numbers", "formula"), "numbers",
                                   labels={"numbers": "numbers (an array)",
                                           "formula": "a formula"})
intent = ui.select_param("You meant", "as", tuple(INTENTS), "any",
                         labels=intent_labels(model),
                         help="Say which layout you meant, and hadviz also tells you when the "
                              "numbers are right but arranged in another layout.")
if kind == "numbers":
    tries = examples(problem)
    if tries:
        st.selectbox("Or load an example answer (it shows the answer)",
                     [label for label, _ in tries], index=None, key="hv_check_example",
                     on_change=_use_example, placeholder="an example to try (fills the box)")
    placeholder = ("rows of numbers (spreadsheet, MATLAB, comma text), a nested list, "
                   "np.array(…) or NumPy's print(J); best: print(J.tolist()) for every digit")
else:
    with st.expander("The formula grammar"):
        st.markdown(grammar_markdown(tuple(symbols(problem))))
    placeholder = f"e.g. (a b^T + b a^T) W, over {names}"
text, kept = ui.text_param("Your answer", "answer", URL_LIMIT, placeholder=placeholder)
st.button("Check", icon=":material/fact_check:", key="hv_check_go",
          help="Or press Ctrl+Enter in the box.")
if text.strip():
    st.caption("The link keeps your answer." if kept else
               f"Your answer has {len(text):,} characters, more than the {URL_LIMIT} a link "
               "keeps: it stays in this browser tab only, and the link carries the problem "
               "without it.")

view = ui.view(check_view, ctx.spec, text, kind, intent)
if view.error:
    st.error(f"This answer could not be read: {view.error}", icon=":material/warning:")
    last = ss.get("hv_check_last")
    if last and last[0] == ctx.spec:
        st.markdown("**The last answer that could be read** (unchanged)")
        _show(ui.view(check_view, ctx.spec, *last[1:]))
elif view.verdict is not None:
    ss.hv_check_last = (ctx.spec, text, kind, intent)
    _show(view)
