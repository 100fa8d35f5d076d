"""The Streamlit glue: the only hadviz package that imports streamlit. Pages import from here.

By job: :mod:`~hadviz.ui.url` keeps the problem in the address bar, :mod:`~hadviz.ui.sidebar`
draws the problem controls and editors, :mod:`~hadviz.ui.frame` runs the frame around every
page (setup, context, finish, the safety net), :mod:`~hadviz.ui.params` the page-parameter
widgets, the one cache around the core's view builders is :mod:`~hadviz.ui.cache`, and
:mod:`~hadviz.ui.plots` draws the core's figures in the page's theme. It reads
widgets and renders; it computes nothing.
"""

from hadviz.latex import plural, subscript, text_exact, text_sci
from hadviz.ui import sidebar, url
from hadviz.ui.cache import view
from hadviz.ui.downloads import Download, downloads, script_downloads
from hadviz.ui.frame import (
    Context,
    context,
    elision_note,
    finish,
    intro,
    link_to_size,
    navigation_pages,
    presenting,
    report_failure,
    setup,
)
from hadviz.ui.params import (
    choice_param,
    float_param,
    index_param,
    int_range_param,
    multi_param,
    select_param,
    stepper,
    text_param,
)
from hadviz.ui.plots import plot

__all__ = [
    "Context",
    "Download",
    "choice_param",
    "context",
    "downloads",
    "elision_note",
    "finish",
    "float_param",
    "index_param",
    "int_range_param",
    "intro",
    "link_to_size",
    "multi_param",
    "navigation_pages",
    "plot",
    "plural",
    "presenting",
    "report_failure",
    "script_downloads",
    "select_param",
    "setup",
    "sidebar",
    "stepper",
    "subscript",
    "text_exact",
    "text_param",
    "text_sci",
    "url",
    "view",
]
