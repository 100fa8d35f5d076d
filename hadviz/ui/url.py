"""The problem in the address bar: read it into the sidebar's widgets, write it back every run.

The data path is one way: URL → :func:`hadviz.urlstate.parse_problem` → widgets in session
state → a :class:`~hadviz.urlstate.ProblemSpec` → the core. Every run writes the current
problem back to the query string, so the address bar is always a link to the view.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any
from urllib.parse import urlsplit

import streamlit as st

from hadviz.models import MODELS
from hadviz.problem import DISTRIBUTIONS
from hadviz.urlstate import PROBLEM_KEYS, HandData, ProblemSpec, parse_problem, problem_query

__all__ = [
    "apply_spec",
    "current_params",
    "link_base",
    "problem_query_now",
    "set_hand_data",
    "spec_from_widgets",
    "sync_from_url",
    "warn_unknown_page",
    "write_problem",
]


def current_params() -> dict[str, list[str]]:
    """The query string now: every key with all its values."""
    qp = st.query_params
    return {key: qp.get_all(key) for key in qp}


def set_hand_data(data: HandData | None) -> None:
    """Replace the typed numbers and restart the table editors from them (a new editor key,
    because an editor's pending edits are relative to the data it started with)."""
    ss = st.session_state
    ss.hv_data = data
    ss.hv_editor_base = data
    ss.hv_editor_version = ss.get("hv_editor_version", 0) + 1
    ss.hv_paste_error = None


def apply_spec(spec: ProblemSpec) -> None:
    """Put a problem into the sidebar's widgets."""
    ss = st.session_state
    ss.hv_m, ss.hv_n, ss.hv_seed, ss.hv_dist = spec.m, spec.n, spec.seed, spec.dist
    ss.hv_fn, ss.hv_p = spec.fn, spec.p
    ss.hv_edit = spec.data is not None
    set_hand_data(spec.data)


def spec_from_widgets(with_data: bool = True) -> ProblemSpec:
    """The problem the sidebar's widgets describe."""
    ss = st.session_state
    data = ss.hv_data if with_data and ss.hv_edit else None
    dist = next(d for d in DISTRIBUTIONS if d == ss.hv_dist)
    fn = next(f for f in MODELS if f == ss.hv_fn)
    p = int(ss.get("hv_p", 1)) if MODELS[fn].rows else 1
    return ProblemSpec(int(ss.hv_m), int(ss.hv_n), int(ss.hv_seed), dist, data, fn, p)


def sync_from_url() -> None:
    """On a session's first run, or when the URL's problem changed outside the app
    (a pasted link, browser back), take the problem from the URL."""
    ss = st.session_state
    params = current_params()
    current = {k: params[k] for k in PROBLEM_KEYS if k in params}
    if ss.get("hv_written") == current and "hv_m" in ss:
        return
    spec, warnings = parse_problem(params)
    apply_spec(spec)
    ss.hv_url_warnings = warnings
    ss.hv_url_spec = spec


def problem_query_now() -> dict[str, str]:
    """The query that reproduces the sidebar's problem (for the page links)."""
    return problem_query(spec_from_widgets())[0]


def write_problem() -> tuple[ProblemSpec, dict[str, str], bool]:
    """Write the sidebar's problem to the address bar; show the URL's warnings while the
    problem is still the one the link gave. Returns the spec, its query parameters and
    whether it is shareable."""
    ss = st.session_state
    spec = spec_from_widgets()
    query, shareable = problem_query(spec)
    params = current_params()
    for key in PROBLEM_KEYS:
        if key in params and key not in query:
            del st.query_params[key]
    for key, value in query.items():
        if params.get(key) != [value]:
            st.query_params[key] = value
    ss.hv_written = {k: [v] for k, v in query.items()}
    if spec != ss.get("hv_url_spec"):
        ss.hv_url_warnings = []  # the user has moved on from the link that was wrong
    for message in ss.get("hv_url_warnings", []):
        st.warning(message, icon="⚠️")
    return spec, query, shareable


def _base_path() -> str:
    return str(st.get_option("server.baseUrlPath") or "").strip("/")


def _requested_path() -> str:
    """The page path the browser asked for, without the server's base path."""
    path = urlsplit(st.context.url or "").path.strip("/")
    base = _base_path()
    if base and (path == base or path.startswith(base + "/")):
        path = path[len(base):].strip("/")
    return path


def link_base(current: Any) -> str:
    """Scheme, host, base path and the url path of the page actually shown."""
    parts = urlsplit(st.context.url or "")
    prefix = f"{parts.scheme}://{parts.netloc}" if parts.netloc else ""
    segments = [s for s in (_base_path(), getattr(current, "url_path", "")) if s]
    return prefix + "/" + "/".join(segments)


def warn_unknown_page(pages: Sequence[Any], current: Any) -> None:
    """Say so when the address names a page that does not exist."""
    requested = _requested_path()
    known = {getattr(p, "url_path", "") for p in pages}
    if requested not in known:
        names = ", ".join(f"/{p.url_path}" for p in pages)
        st.warning(f"There is no page “/{requested[:40]}” in hadviz. Showing "
                   f"{getattr(current, 'title', 'the first page')} instead; the pages are {names}.",
                   icon=":material/explore_off:")
