"""The run frame: what happens around every page on every run, and what a page receives.

:func:`setup` (called by ``app.py`` before the page) syncs the problem with the URL, draws the
shared sidebar and returns the page's :class:`Context`; the page reads it with
:func:`context`, records its URL parameters on it through the widgets of
:mod:`hadviz.ui.params`, and :func:`finish` (after the page) drops the URL parameters no
widget recorded and shows the link to the view. :func:`report_failure` is the safety net.
"""

from __future__ import annotations

import copy
import functools
import gc
import importlib
import logging
import os
import runpy
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import urlencode

import streamlit as st
from streamlit.runtime.scriptrunner import get_script_run_ctx

from hadviz.latex import MAX_SHOWN
from hadviz.problem import Problem
from hadviz.ui import a11y, cache, editor, sidebar, style, url
from hadviz.urlstate import PROBLEM_KEYS, ProblemSpec

__all__ = ["ELISION_NOTE", "Context", "context", "elision_note", "finish", "freeze_imports",
           "intro", "link_to_size", "path_links", "presenting", "report_failure", "setup"]

APP_PATH = Path(__file__).resolve().parents[2] / "app.py"


@dataclass
class Context:
    """What every page receives for one run.

    Attributes
    ----------
    spec : ProblemSpec
        The validated problem description (it keys every cache).
    problem : Problem
    shareable : bool
        The link carries the typed numbers (they fit in a URL).
    dark : bool
        The page is in dark theme: figures are coloured for it.
    params : set of str
        The URL parameters the page's widgets used in this run (the rest are dropped).
    """

    spec: ProblemSpec
    problem: Problem
    shareable: bool
    dark: bool = False
    params: set[str] = field(default_factory=set)
    link_base: str = ""
    link_slot: Any = None
    #: the pages in learning order, and the position of this one among them
    pages: Sequence[Any] = ()
    position: int = 0
    #: the URL parameters of the problem, as written to the address bar in this run (with
    #: ``present=1`` in presentation mode: every link keeps the mode)
    problem_query: dict[str, str] = field(default_factory=dict)
    #: presentation mode: large type, sidebar collapsed, one idea per screen
    present: bool = False


#: The modules every page may need: imported before the heap is frozen.
_HEAVY = ("hadviz.views.columns", "hadviz.views.derivation", "hadviz.views.diagrams",
          "hadviz.views.f",
          "hadviz.views.jacobian", "hadviz.views.lab", "hadviz.views.symbolic", "pandas")
_frozen: list[bool] = []


def freeze_imports() -> None:
    """Once per process: import every module a page needs, then move the whole heap to the
    permanent generation (``gc.freeze``), so later collections do not walk SymPy's and
    plotly's objects again."""
    if _frozen or os.environ.get("HADVIZ_NO_GC_FREEZE"):  # the benchmark's "before" run
        return
    for name in _HEAVY:
        importlib.import_module(name)
    gc.collect()
    gc.freeze()
    _frozen.append(True)


def presenting() -> bool:
    """Presentation mode, as the toggle (or, on a session's first run, ``present=1``) says.

    ``app.py`` asks before ``st.set_page_config`` so the sidebar starts collapsed."""
    ss = st.session_state
    in_url = st.query_params.get_all("present") == ["1"]
    if "hv_present" not in ss or ss.get("hv_present_written") != in_url:
        ss.hv_present = in_url  # a first run, a pasted link, or the browser's back button
    return bool(ss.hv_present)


def _mode_query(present: bool) -> dict[str, str]:
    return {"present": "1"} if present else {}


def navigation_pages(pages: tuple[Any, ...]) -> list[Any]:
    """The ``st.Page`` objects of app.py's ``PAGES`` for this run: shallow copies of ones
    built once per process.

    Building them resolves every script's path on disk; a py-spy profile under a class's
    load put 16 % of the server's time there when they were rebuilt on every rerun. Each run
    gets its own copies because ``st.navigation`` marks the chosen page callable and
    ``Page.run`` unmarks it: shared objects would race between concurrent sessions.
    """
    return [copy.copy(page) for page in _built_pages(pages)]


@functools.cache
def _built_pages(pages: tuple[Any, ...]) -> tuple[Any, ...]:
    # every page file is named after its url path: Streamlit's legacy pages/ mode (active for
    # the first request of a fresh server) then finds the same page instead of reporting it
    # missing
    return tuple(st.Page(p.path, title=p.title, icon=p.icon, url_path=p.url_path)
                 if p.url_path else st.Page(p.path, title=p.title, icon=p.icon, default=True)
                 for p in pages)


def setup(pages: Sequence[Any], current: Any) -> Context:
    """Sync the URL, render the shared sidebar, and return the page context.

    Call once per run from ``app.py``, before the page runs, with the pages and the page
    ``st.navigation`` chose.
    """
    freeze_imports()
    url.sync_from_url()
    url.warn_unknown_page(pages, current)
    present = presenting()
    with st.sidebar:
        # once: it encodes typed numbers into the URL form
        links = url.problem_query_now() | _mode_query(present)
        for page in pages:
            st.page_link(page, query_params=links)
        st.divider()
        sidebar.problem_controls()
        slot = st.empty()
        a11y.inject()  # hidden; in the sidebar so the page's first element is its title
    editor.numbers_editor()  # before the problem is read: valid edits apply in this run
    spec, query, shareable = url.write_problem()
    position = next((i for i, p in enumerate(pages) if p is current), 0)
    dark = st.context.theme.type == "dark"
    style.inject(dark, present)
    ctx = Context(spec, cache.problem(spec), shareable, dark,
                  link_base=url.link_base(current), link_slot=slot, pages=pages,
                  position=position, problem_query=query | _mode_query(present),
                  present=present)
    if present:
        st.query_params["present"] = "1"
        ctx.params.add("present")
    st.session_state.hv_present_written = present
    st.session_state.hv_ctx = ctx
    run = get_script_run_ctx()
    if run is not None:
        # one live object per run: lets a page tell whether app.py ran in this run
        st.session_state.hv_setup_cursors = run.cursors
    return ctx


def _setup_ran_this_run() -> bool:
    run = get_script_run_ctx()
    if run is None:
        return "hv_ctx" in st.session_state
    return st.session_state.get("hv_setup_cursors") is run.cursors


def context() -> Context:
    """The context :func:`setup` made for this run.

    Because ``pages/`` exists next to ``app.py``, Streamlit may run a page file on its own
    (its legacy multipage mode, chosen per process before ``st.navigation`` is seen, e.g. when
    the first request of a fresh server is ``/jacobian``). Then the app is run from here, so
    the page always comes with its sidebar and URL handling, and this run stops.
    """
    if not _setup_ran_this_run():
        runpy.run_path(str(APP_PATH), run_name="__main__")
        st.stop()
    ctx: Context = st.session_state.hv_ctx
    return ctx


#: Said once on a page of numbers when the problem has a matrix that is written elided.
ELISION_NOTE = ("⋯ and ⋮ stand for middle columns and rows left out so that a matrix fits "
                "its line; the first and last are kept, and a product of matrices also sums "
                "over the terms left out.")


def elision_note() -> str:
    """:data:`ELISION_NOTE` when some matrix the pages show for the problem (W, a parameter,
    a layout of J: m, n, p, m·n or p·n rows or columns) has more than
    :data:`~hadviz.latex.MAX_SHOWN` rows or columns and so is written elided, else ""."""
    p = context().problem
    return ELISION_NOTE if max(p.m, p.n, p.p, p.m * p.n, p.p * p.n) > MAX_SHOWN else ""


def intro(text: str, numbers: bool = True) -> None:
    """A page's introduction: shown as a paragraph, or in presentation mode folded into
    "Notes for this page" so the screen holds one idea (the speaker says it instead); on a
    page that writes the problem's numbers in matrices, with :func:`elision_note` after it."""
    text = f"{text} {elision_note() if numbers else ''}".strip()
    if context().present:
        with st.expander("Notes for this page", icon=":material/notes:"):
            st.markdown(text)
    else:
        st.markdown(text)


def link_to_size(label: str, m: int, n: int) -> None:
    """A link to this page with a random problem of size m × n (same seed and distribution)."""
    ctx = context()
    spec = ctx.spec
    query = {"m": str(m), "n": str(n), "seed": str(spec.seed), "dist": spec.dist}
    query |= _mode_query(ctx.present)
    st.page_link(ctx.pages[ctx.position], label=label, query_params=query,
                 icon=":material/zoom_in:", help=f"Opens this page at m = {m}, n = {n}.")


def path_links(ctx: Context) -> None:
    """The way on: where this page stands in the learning order, and ← Back / Next → links
    that keep the problem (its URL parameters) on the next page."""
    pages, here = ctx.pages, ctx.position
    if not pages:
        return
    query = ctx.problem_query
    st.divider()
    back, middle, forward = st.columns([2, 3, 2], vertical_alignment="center")
    if here > 0:
        back.page_link(pages[here - 1], label=f"← Back: {pages[here - 1].title}",
                       query_params=query)
    middle.progress((here + 1) / len(pages),
                    text=f"Page {here + 1} of {len(pages)} on the path: {pages[here].title}")
    if here + 1 < len(pages):
        forward.page_link(pages[here + 1], label=f"Next → {pages[here + 1].title}",
                          query_params=query)


def finish(ctx: Context) -> None:
    """After the page ran: the path links, drop URL parameters no widget used, and show the
    copy-link box."""
    path_links(ctx)
    for key in url.current_params():
        if key not in PROBLEM_KEYS and key not in ctx.params:
            del st.query_params[key]
    query = {k: v[-1] for k, v in url.current_params().items()}
    # typed numbers stay readable in the link: W=1,2;3,4 (commas and semicolons are allowed
    # in a query value and are not escaped)
    link = f"{ctx.link_base}?{urlencode(query, safe=',;')}"
    with ctx.link_slot.container():
        st.markdown("**Link to this view**")
        st.code(link, language=None, wrap_lines=True)
        if not ctx.shareable:
            st.warning("The typed numbers are too many for a link: this link reproduces only "
                       "the size, seed and distribution, not the typed values.")


def report_failure(exc: Exception) -> None:
    """Say on screen, without a traceback, that a page could not be drawn; keep the sidebar
    and the link working so the user can step back to the last good problem."""
    logging.getLogger("hadviz").exception("page failed")
    st.error(
        f"This view could not be drawn for the current problem ({type(exc).__name__}: "
        f"{str(exc)[:200]}). The problem in the sidebar and the link are unchanged: change a "
        "number, or use the browser's back button, to return to the last good view.",
        icon=":material/error:",
    )
