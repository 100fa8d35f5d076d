"""Practice (url path /practice): predict, then reveal; answers checked, score kept."""

import secrets

import streamlit as st

from hadviz import ui
from hadviz.exercise import KINDS
from hadviz.views.grading import Score, check_answer
from hadviz.views.practice import make_exercise

ctx = ui.context()
model = ctx.problem.model
ss = st.session_state
ss.setdefault("hv_practice_seed", 1)
ss.setdefault("hv_practice_score", Score())


def _new_exercise() -> None:
    ss.hv_practice_seed = secrets.randbelow(2**31)
    for key in ("hv_practice_text", "hv_practice_choice", "hv_practice_feedback",
                "hv_practice_revealed"):
        ss.pop(key, None)


st.title("Practice")
st.markdown(f"Exercises on ${model.latex}$. Predict first, then check or reveal. Each exercise "
            "is drawn on a fresh problem of small integers with your problem's shape, kept to 2 "
            "to 4 rows and columns" + (" and p to 1 to 4" if model.rows else "") + ", or on "
            "your own problem when it can carry the question (the page says when it cannot); "
            "the answer stays on the server until you reveal it.")
c1, c2 = st.columns([3, 2])
if ss.get("hv_practice_kind") not in model.practice_kinds:  # another model's kind
    ss.hv_practice_kind = model.practice_kinds[0]
kind = c1.selectbox("Exercise", model.practice_kinds, format_func=KINDS.__getitem__,
                    key="hv_practice_kind", on_change=_new_exercise)
own = c2.toggle("Use my problem", key="hv_practice_own", on_change=_new_exercise,
                help="Off: a fresh problem of small integers for each exercise.")
exercise = make_exercise(kind, ss.hv_practice_seed, ctx.problem if own else None,
                         (ctx.problem.m, ctx.problem.n), model.name, ctx.problem.p)

with st.container(border=True):
    if exercise.note:
        st.info(exercise.note, icon=":material/info:")
    st.markdown(exercise.prompt)
    if exercise.data:
        st.latex(exercise.data)
    if exercise.kind_of_answer == "choice":
        given = st.radio("Your answer", exercise.choices, index=None, horizontal=True,
                         key="hv_practice_choice")
    else:
        given = st.text_input("Your answer", key="hv_practice_text", help=exercise.rule,
                              placeholder="3 x 4 x 3" if exercise.kind_of_answer == "shape"
                              else "a number, e.g. -2.5 or 6.7e-8")
    b1, b2, b3 = st.columns(3)
    if b1.button("Check", icon=":material/check:", width="stretch", key="hv_practice_check"):
        ss.hv_practice_feedback = check_answer(exercise, given)
        if ss.hv_practice_feedback.correct is not None:
            ss.hv_practice_score = ss.hv_practice_score.after(
                exercise, ss.hv_practice_feedback.correct)
    if b2.button("Reveal", icon=":material/visibility:", width="stretch",
                 key="hv_practice_reveal"):
        ss.hv_practice_revealed = True
        ss.hv_practice_score = ss.hv_practice_score.after(exercise, None)
    b3.button("New exercise", icon=":material/refresh:", width="stretch",
              key="hv_practice_new", on_click=_new_exercise)

feedback = ss.get("hv_practice_feedback")
if feedback is not None:
    if feedback.correct is None:
        st.warning(feedback.message, icon=":material/lightbulb:")
    elif feedback.correct:
        st.success(feedback.message, icon=":material/check:")
    else:
        st.error(feedback.message + " Try again, or reveal the answer.", icon=":material/close:")
if ss.get("hv_practice_revealed"):
    st.markdown("**Answer**")
    st.latex(exercise.answer_latex)
    path, label = exercise.explained_by
    page = next(p for p in ctx.pages if getattr(p, "url_path", "") == path)
    st.page_link(page, label=f"Explained on: {label}", icon=":material/school:",
                 query_params=ctx.problem_query)
st.caption(ss.hv_practice_score.text())
