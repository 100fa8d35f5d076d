"""Helpers for AppTest: run the app at a URL, read plotly data back, assert a clean page."""

from __future__ import annotations

import base64
import json
from pathlib import Path

import numpy as np
from streamlit.testing.v1 import AppTest

ROOT = Path(__file__).resolve().parents[2]
APP = str(ROOT / "app.py")


def run_app(page: str | None = None, clean: bool = True, **params: str) -> AppTest:
    """Open the app with query parameters, optionally on ``page`` (e.g. "pages/jacobian.py").

    With ``clean`` (the default) the page must show no exception and no error box.
    """
    at = AppTest.from_file(APP, default_timeout=60)
    if page is not None:
        # a link opens ``page`` directly: the one run is the page's (with app.py around it)
        at.switch_page(page)
    for key, value in params.items():
        at.query_params[key] = value
    at.run()
    if clean:
        assert_clean(at)
    return at


_SUPERSCRIPTS = str.maketrans("⁰¹²³⁴⁵⁶⁷⁸⁹⁻", "0123456789-")


def text_number(text: str) -> float:
    """A number as the app writes it in running text ("−2.49 × 10⁻¹¹", "−42") as a float.

    >>> text_number("−2.5 × 10⁻¹¹"), text_number("−42")
    (-2.5e-11, -42.0)
    """
    mantissa, _, power = text.strip().replace("−", "-").partition(" × 10")
    return float(mantissa + (f"e{power.translate(_SUPERSCRIPTS)}" if power else ""))


def every_page(params: dict[str, str]):
    """Open every page of ``app.PAGES`` with the query ``params``, as one session walks the
    path; yield ``(url path, at)`` after each run, the page clean and the link accepted (a
    refused link would show the default problem instead)."""
    from app import PAGES

    at = AppTest.from_file(APP, default_timeout=60)
    for index, page in enumerate(PAGES):
        if index:
            at.switch_page(page.path)
        for key, value in params.items():
            at.query_params[key] = value
        at.run()
        assert_clean(at)
        refused = [w.value for w in at.warning if "URL parameter" in str(w.value)]
        assert not refused, refused
        yield page.url_path or "/", at


def assert_clean(at: AppTest) -> None:
    """No exception and no error box on the page."""
    assert not at.exception, [e.value for e in at.exception]
    assert not at.error, [e.value for e in at.error]


def _decode(value):
    if isinstance(value, dict) and "bdata" in value:
        arr = np.frombuffer(base64.b64decode(value["bdata"]), dtype=np.dtype(value["dtype"]))
        if "shape" in value:
            arr = arr.reshape([int(s) for s in str(value["shape"]).split(",")])
        return arr
    return np.asarray(value)


def plotly_figures(at: AppTest) -> dict[str, dict]:
    """The page's plotly figures as JSON dicts, keyed by the chart's widget key suffix."""
    out = {}
    for index, el in enumerate(at.get("plotly_chart")):
        spec = json.loads(el.proto.spec)
        name = el.proto.id.rsplit("-", 1)[-1] if el.proto.id else str(index)
        out[name] = spec
        out[str(index)] = spec
    return out


def trace_array(fig: dict, trace: int, field: str) -> np.ndarray:
    """One array field of one trace (``z``, ``x``, ``y`` or ``marker.color``), decoded."""
    data = fig["data"][trace]
    for part in field.split("."):
        data = data[part]
    return _decode(data)


def warnings_text(at: AppTest) -> str:
    return "\n".join(str(w.value) for w in at.warning)
