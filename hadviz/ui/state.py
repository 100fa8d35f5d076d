"""Streamlit glue: the shared problem controls, URL ↔ widget sync, page navigation, copy link.

The one place (with :mod:`hadviz.ui.cached`) where hadviz talks to streamlit. The data path is
one way: URL → :func:`hadviz.urlstate.parse_problem` → widgets in session state → a
:class:`~hadviz.urlstate.ProblemSpec` → the core. Every run writes the current state back to
the query string, so the address bar is always a link that reproduces the view.
"""

from __future__ import annotations

import logging
import runpy
import secrets
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import urlencode, urlsplit

import numpy as np
import pandas as pd
import plotly.graph_objects as go
import streamlit as st
from streamlit.runtime.scriptrunner import get_script_run_ctx

from hadviz.problem import DISTRIBUTIONS, Problem, random_problem
from hadviz.urlstate import (
    MAX_SEED,
    MAX_SIZE,
    PROBLEM_KEYS,
    HandData,
    ProblemSpec,
    parse_choice,
    parse_float,
    parse_int,
    parse_problem,
    problem_query,
)

__all__ = [
    "Context",
    "choice_param",
    "context",
    "finish",
    "float_param",
    "index_param",
    "int_range_param",
    "multi_param",
    "plot",
    "report_failure",
    "setup",
    "stepper",
]

APP_PATH = Path(__file__).resolve().parents[2] / "app.py"

_DIST_LABELS = {"normal": "normal N(0, 1)", "uniform": "uniform [−1, 1)", "int": "integers −3..3"}


@dataclass(frozen=True)
class Context:
    """What every page receives: the validated spec, its problem, and whether it is shareable."""

    spec: ProblemSpec
    problem: Problem
    shareable: bool
    #: The page is in dark theme: figures are coloured for it (part of every figure cache key).
    dark: bool = False


def _url_params() -> dict[str, list[str]]:
    qp = st.query_params
    return {key: qp.get_all(key) for key in qp}


def _apply_spec(spec: ProblemSpec) -> None:
    ss = st.session_state
    ss.hv_m, ss.hv_n, ss.hv_seed, ss.hv_dist = spec.m, spec.n, spec.seed, spec.dist
    ss.hv_edit = spec.data is not None
    _set_hand_data(spec.data)


def _set_hand_data(data: HandData | None) -> None:
    """Replace the typed numbers and restart the table editors from them (a new editor key,
    because an editor's pending edits are relative to the data it started with)."""
    ss = st.session_state
    ss.hv_data = data
    ss.hv_editor_base = data
    ss.hv_editor_version = ss.get("hv_editor_version", 0) + 1
    ss.hv_data_error = None


def _drawn_hand_data() -> HandData:
    """The numbers of the current random draw, as a starting point for typing."""
    return HandData.from_problem(_spec_from_widgets(with_data=False).problem())


def _sync_from_url() -> None:
    """On a session's first run, or when the URL's problem changed outside the app
    (a pasted link, browser back), take the problem from the URL."""
    ss = st.session_state
    params = _url_params()
    current = {k: params[k] for k in PROBLEM_KEYS if k in params}
    if ss.get("hv_written") == current and "hv_m" in ss:
        return
    spec, warnings = parse_problem(params)
    _apply_spec(spec)
    ss.hv_url_warnings = warnings
    ss.hv_url_spec = spec


def _new_random_problem() -> None:
    st.session_state.hv_seed = secrets.randbelow(100_000)
    if st.session_state.hv_edit:
        _set_hand_data(_drawn_hand_data())


def _toggle_edit() -> None:
    _set_hand_data(_drawn_hand_data() if st.session_state.hv_edit else None)


def _resize_hand_data() -> None:
    """Keep typed numbers that still fit when m or n change; fill the rest from the draw."""
    ss = st.session_state
    if not ss.hv_edit or ss.hv_data is None:
        return
    fresh = random_problem(ss.hv_m, ss.hv_n, ss.hv_seed, ss.hv_dist)
    W, a, b = fresh.W.copy(), fresh.a.copy(), fresh.b.copy()
    old = ss.hv_data.to_problem()
    mm, nn = min(old.m, ss.hv_m), min(old.n, ss.hv_n)
    W[:mm, :nn] = old.W[:mm, :nn]
    a[:mm], b[:mm] = old.a[:mm], old.b[:mm]
    _set_hand_data(HandData.from_problem(Problem(W, a, b)))


def _spec_from_widgets(with_data: bool = True) -> ProblemSpec:
    ss = st.session_state
    data = ss.hv_data if with_data and ss.hv_edit else None
    return ProblemSpec(int(ss.hv_m), int(ss.hv_n), int(ss.hv_seed), str(ss.hv_dist), data)


def _hand_editors() -> None:
    """Table editors for W, a, b; bad edits are reported and the last good numbers kept."""
    ss = st.session_state
    base: HandData | None = ss.hv_editor_base
    if base is None:
        return
    version = ss.hv_editor_version
    m, n = len(base.W), len(base.W[0])
    st.caption("Type numbers into the tables; the problem updates when every entry is valid.")
    W_df = st.data_editor(
        pd.DataFrame(np.array(base.W), columns=[f"col {j + 1}" for j in range(n)],
                     index=[f"row {i + 1}" for i in range(m)]),
        key=f"hv_W_editor_{version}", width="stretch",
    )
    ab_df = st.data_editor(
        pd.DataFrame({"a": base.a, "b": base.b}, index=[f"row {i + 1}" for i in range(m)]),
        key=f"hv_ab_editor_{version}", width="stretch",
    )
    try:
        W = W_df.to_numpy(dtype=float, na_value=np.nan)
        a = ab_df["a"].to_numpy(dtype=float, na_value=np.nan)
        b = ab_df["b"].to_numpy(dtype=float, na_value=np.nan)
        for name, arr in (("W", W), ("a", a), ("b", b)):
            empty = np.argwhere(np.isnan(np.atleast_2d(arr.T).T))
            if empty.size:
                r, c = (int(x) + 1 for x in empty[0])
                where = f"row {r}, column {c}" if name == "W" else f"row {r}"
                raise ValueError(f"{name} {where} is empty or not a number")
        data = HandData(tuple(map(tuple, W.tolist())), tuple(a.tolist()), tuple(b.tolist()))
        data.to_problem()  # the same checks as a link's numbers
    except (ValueError, TypeError) as exc:
        ss.hv_data_error = f"Not applied: {exc}. The last valid numbers are kept."
    else:
        ss.hv_data_error = None
        ss.hv_data = data
    if ss.hv_data_error:
        st.error(ss.hv_data_error)


def _sidebar_controls() -> None:
    ss = st.session_state
    st.subheader("Problem")
    c1, c2 = st.columns(2)
    c1.number_input("m (rows)", 1, MAX_SIZE, step=1, key="hv_m", on_change=_resize_hand_data,
                    help="Rows of W, and the length of a and b (1 to 64).")
    c2.number_input("n (columns)", 1, MAX_SIZE, step=1, key="hv_n",
                    on_change=_resize_hand_data,
                    help="Columns of W, and the length of f (1 to 64).")
    st.selectbox("Distribution", DISTRIBUTIONS, key="hv_dist",
                 format_func=_DIST_LABELS.__getitem__, disabled=ss.hv_edit)
    st.number_input("Seed", 0, MAX_SEED, step=1, key="hv_seed", disabled=ss.hv_edit,
                    help="The same size, seed and distribution give the same numbers everywhere.")
    st.button("New random problem", on_click=_new_random_problem, key="hv_new",
              icon=":material/casino:", width="stretch",
              help="Draw a new seed (in hand-typed mode: replace the typed numbers)")
    st.toggle("Type the numbers myself", key="hv_edit", on_change=_toggle_edit,
              help="Edit W, a and b in tables, e.g. to match numbers on the board.")
    if ss.hv_edit:
        _hand_editors()


def _base_path() -> str:
    return str(st.get_option("server.baseUrlPath") or "").strip("/")


def _requested_path() -> str:
    """The page path the browser asked for, without the server's base path."""
    path = urlsplit(st.context.url or "").path.strip("/")
    base = _base_path()
    if base and (path == base or path.startswith(base + "/")):
        path = path[len(base):].strip("/")
    return path


def _link_base(current: Any) -> str:
    """Scheme, host, base path and the url path of the page actually shown."""
    parts = urlsplit(st.context.url or "")
    base = _base_path()
    prefix = f"{parts.scheme}://{parts.netloc}" if parts.netloc else ""
    segments = [s for s in (base, getattr(current, "url_path", "")) if s]
    return prefix + "/" + "/".join(segments)


def setup(pages: Sequence[Any] = (), current: Any = None) -> Context:
    """Render the shared sidebar (page links, problem controls) and return the page context.

    Call once per run from ``app.py``, before the page runs, with the pages and the page
    ``st.navigation`` chose; pages read the result with :func:`context`.
    """
    _sync_from_url()
    ss = st.session_state
    ss.hv_link_base = _link_base(current)
    requested = _requested_path()
    known = {getattr(p, "url_path", "") for p in pages}
    if pages and requested not in known:
        names = ", ".join(f"/{p.url_path}" for p in pages)
        st.warning(f"There is no page “/{requested[:40]}” in hadviz. Showing "
                   f"{getattr(current, 'title', 'the first page')} instead; the pages are {names}.",
                   icon=":material/explore_off:")
    with st.sidebar:
        if pages:
            spec_now = _spec_from_widgets()
            query, _ = problem_query(spec_now)
            for page in pages:
                st.page_link(page, query_params=query)
            st.divider()
        _sidebar_controls()
        ss.hv_link_slot = st.empty()
    spec = _spec_from_widgets()
    query, shareable = problem_query(spec)
    # the address bar always shows the current problem
    params = _url_params()
    for key in PROBLEM_KEYS:
        if key in params and key not in query:
            del st.query_params[key]
    for key, value in query.items():
        if params.get(key) != [value]:
            st.query_params[key] = value
    ss.hv_written = {k: [v] for k, v in query.items()}
    ss.hv_page_keys = []
    if spec != ss.get("hv_url_spec"):
        ss.hv_url_warnings = []  # the user has moved on from the link that was wrong
    for message in ss.get("hv_url_warnings", []):
        st.warning(message, icon="⚠️")
    ctx = Context(spec, spec.problem(), shareable, st.context.theme.type == "dark")
    ss.hv_ctx = ctx
    run = get_script_run_ctx()
    if run is not None:
        # one live object per run: lets a page tell whether app.py ran in this run
        ss.hv_setup_cursors = run.cursors
    return ctx


def _setup_ran_this_run() -> bool:
    ctx = get_script_run_ctx()
    if ctx is None:
        return "hv_ctx" in st.session_state
    return st.session_state.get("hv_setup_cursors") is ctx.cursors


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
    return st.session_state.hv_ctx


def _page_param(
    name: str,
    key: str,
    parse: Callable[[dict[str, list[str]], list[str]], Any],
    clamp: Callable[[Any], Any],
) -> None:
    """Initialise widget ``key`` from URL parameter ``name`` the first time it is shown,
    and keep a remembered value valid for the current problem afterwards."""
    ss = st.session_state
    if key not in ss:
        warnings: list[str] = []
        ss[key] = parse(_url_params(), warnings)
        for message in warnings:
            st.warning(message, icon="⚠️")
    else:
        ss[key] = clamp(ss[key])
    ss.hv_page_keys.append(name)


def _write_param(name: str, value: str) -> None:
    if st.query_params.get_all(name) != [value]:
        st.query_params[name] = value


def index_param(label: str, name: str, count: int, default: int = 0, key: str | None = None,
                help: str | None = None, container=None) -> int:
    """A 1-based index selector for 0..count-1, synced with URL parameter ``name``.

    Returns the 0-based index. Out-of-range URL values fall back to ``default`` with a
    warning; when the problem shrinks, the index is clamped.
    """
    key = key or f"hv_p_{name}"
    default = min(default, count - 1)
    _page_param(
        name, key,
        lambda params, w: parse_int(params, name, 1, count, default + 1, w),
        lambda current: min(max(int(current), 1), count),
    )
    box = container or st
    value = box.number_input(label, 1, count, step=1, key=key, help=help)
    _write_param(name, str(int(value)))
    return int(value) - 1


def choice_param(label: str, name: str, options: Sequence[str], default: str,
                 labels: dict[str, str] | None = None, key: str | None = None,
                 help: str | None = None, container=None, horizontal: bool = True) -> str:
    """A radio choice synced with URL parameter ``name``; returns the chosen option."""
    key = key or f"hv_p_{name}"
    _page_param(name, key, lambda params, w: parse_choice(params, name, options, default, w),
                lambda current: current if current in options else default)
    box = container or st
    value = box.radio(label, options, key=key, horizontal=horizontal, help=help,
                      format_func=(labels or {}).get if labels else str)
    _write_param(name, value)
    return value


def float_param(label: str, name: str, lo: float, hi: float, default: float,
                key: str | None = None, help: str | None = None, container=None,
                fmt: str = "%.3g") -> float:
    """A float input in [lo, hi] synced with URL parameter ``name``."""
    key = key or f"hv_p_{name}"
    _page_param(name, key, lambda params, w: parse_float(params, name, lo, hi, default, w),
                lambda current: float(min(max(float(current), lo), hi)))
    box = container or st
    value = box.number_input(label, lo, hi, key=key, help=help, format=fmt)
    _write_param(name, repr(float(value)))
    return float(value)


def finish() -> None:
    """After the page ran: drop stale page parameters and show the copy-link box."""
    ss = st.session_state
    ctx: Context = ss.hv_ctx
    params = _url_params()
    for key in params:
        if key not in PROBLEM_KEYS and key not in ss.hv_page_keys:
            del st.query_params[key]
    query = {k: v[-1] for k, v in _url_params().items()}
    link = f"{ss.hv_link_base}?{urlencode(query)}"
    with ss.hv_link_slot.container():
        st.markdown("**Link to this view**")
        st.code(link, language=None, wrap_lines=True)
        if not ctx.shareable:
            st.warning("The typed numbers are too many for a link: this link reproduces only "
                       "the size, seed and distribution, not the typed values.")


def int_range_param(label: str, name_lo: str, name_hi: str, lo: int, hi: int,
                    default: tuple[int, int], key: str | None = None,
                    help: str | None = None, container=None) -> tuple[int, int]:
    """A range slider of integers synced with two URL parameters; returns (low, high)."""
    key = key or f"hv_p_{name_lo}_{name_hi}"

    def parse(params: dict[str, list[str]], warnings: list[str]) -> tuple[int, int]:
        a = parse_int(params, name_lo, lo, hi, default[0], warnings)
        b = parse_int(params, name_hi, lo, hi, default[1], warnings)
        if a >= b:
            warnings.append(f"URL parameters '{name_lo}' and '{name_hi}' must satisfy "
                            f"{name_lo} < {name_hi}; using the defaults {default}.")
            return default
        return a, b

    _page_param(name_lo, key, parse, lambda current: tuple(current))
    st.session_state.hv_page_keys.append(name_hi)
    box = container or st
    low, high = box.slider(label, lo, hi, key=key, help=help)
    if low == high:  # a range needs two ends
        low, high = (low - 1, high) if low > lo else (low, high + 1)
    _write_param(name_lo, str(low))
    _write_param(name_hi, str(high))
    return int(low), int(high)


def multi_param(label: str, name: str, options: Sequence[str], default: Sequence[str],
                labels: dict[str, str] | None = None, key: str | None = None,
                help: str | None = None, container=None) -> tuple[str, ...]:
    """A multi-select (pills) synced with URL parameter ``name`` as a comma-separated list."""
    key = key or f"hv_p_{name}"

    def parse(params: dict[str, list[str]], warnings: list[str]) -> list[str]:
        values = params.get(name)
        if not values:
            return list(default)
        if values == ["none"]:
            return []
        chosen = [v for v in values[-1].split(",") if v]
        if len(values) > 1 or not chosen or any(v not in options for v in chosen):
            warnings.append(f"URL parameter '{name}' = '{values[-1][:24]}' must be a comma-"
                            f"separated list of {', '.join(options)}; using the default "
                            f"{','.join(default)}.")
            return list(default)
        return [o for o in options if o in chosen]

    _page_param(name, key, parse, lambda current: [c for c in current or [] if c in options])
    box = container or st
    chosen = box.pills(label, options, selection_mode="multi", key=key, help=help,
                       format_func=(labels or {}).get if labels else str)
    ordered = tuple(o for o in options if o in (chosen or []))
    _write_param(name, ",".join(ordered) or "none")
    return ordered


def _move_step(key: str, delta: int, count: int) -> None:
    current = st.session_state[key]
    st.session_state[key] = 1 if current == 0 else min(max(current + delta, 1), count)


def _set_step(key: str, value: int) -> None:
    st.session_state[key] = value


def stepper(name: str, count: int, noun: str = "step") -> int:
    """Previous / next / show-all controls for a classroom walk-through.

    Synced with URL parameter ``name`` (``all`` or 1 … count). Returns the current step,
    1-based, or 0 when all steps are shown.
    """
    key = f"hv_p_{name}"

    def parse(params: dict[str, list[str]], warnings: list[str]) -> int:
        if params.get(name) == ["all"]:
            return 0
        return parse_int(params, name, 1, count, 0, warnings) if name in params else 0

    _page_param(name, key, parse, lambda current: min(max(int(current), 0), count))
    current = int(st.session_state[key])
    c1, c2, c3, c4 = st.columns([1, 1, 1, 3], vertical_alignment="center")
    c1.button("Previous", icon=":material/arrow_back:", key=f"{key}_prev", width="stretch",
              on_click=_move_step, args=(key, -1, count), disabled=current == 1)
    c2.button("Next", icon=":material/arrow_forward:", key=f"{key}_next", width="stretch",
              on_click=_move_step, args=(key, 1, count), disabled=current == count)
    c3.button("Show all", icon=":material/list:", key=f"{key}_all", width="stretch",
              on_click=_set_step, args=(key, 0), disabled=current == 0)
    c4.progress(1.0 if current == 0 else current / count,
                text=f"All {count} {noun}s" if current == 0 else f"{noun.capitalize()} "
                f"{current} of {count}")
    _write_param(name, "all" if current == 0 else str(current))
    return current


def plot(fig: go.Figure, key: str) -> None:
    """Draw a core figure as it is: the core coloured it for the page's theme (see
    :attr:`Context.dark`), so Streamlit's own plotly theme is off."""
    st.plotly_chart(fig, theme=None, key=key, width="stretch")


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
