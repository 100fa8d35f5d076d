"""Keyboard access: what scrolls sideways (wide formulas, code, tables) and charts' toolbars.

A box that scrolls must be reachable by keyboard, or a keyboard user cannot read its hidden
part (WCAG 2.1.1; axe-core's ``scrollable-region-focusable``). Streamlit gives its elements
no attribute hook, so one small script, run in the page itself (:func:`inject`, every run;
it installs itself once per browser tab), marks every formula, code block and table in the
main area that is wider than its box: it can take the focus (``tabindex=0``), is a named
group ("Formula, scrolls sideways"), and ← / → scroll it instead of reaching the page's
shortcuts (the derivation's ←/→ step keys). A box that fits again loses the marks. It keeps
up with new content (a ``MutationObserver``) and with boxes that change width (a
``ResizeObserver``: the window, the sidebar, an opened fold). It also takes a chart's
toolbar out of the Tab order but for its download button (eight stops a chart before). The
element it is written in is hidden by :mod:`hadviz.ui.style`, so it adds no gap to the page.
"""

from __future__ import annotations

import json

import streamlit as st

__all__ = ["KEPT_BUTTON", "SCROLL_LABELS", "inject", "script"]

#: What can scroll sideways in the main area, and the name a screen reader says for it.
SCROLL_LABELS = {
    ".katex-display": "Formula, scrolls sideways",
    "[data-testid=stCode] pre": "Code, scrolls sideways",
    "[data-testid=stTable]": "Table, scrolls sideways",
}

#: The one button of a chart's toolbar left in the Tab order (Plotly's ``data-title``).
KEPT_BUTTON = "Download plot as a PNG"

_SCRIPT = """
(() => {
  if (window.hvScrollFocus) return;
  window.hvScrollFocus = true;
  const labels = %(labels)s;
  const watched = new Set();
  let queued = false;
  const schedule = () => {
    if (!queued) { queued = true; requestAnimationFrame(mark); }
  };
  const sizes = new ResizeObserver(schedule);
  function mark() {
    queued = false;
    // a chart's toolbar: only its download button in the Tab order (zoom and pan need a
    // mouse; the numbers are in the table under the chart)
    for (const button of document.querySelectorAll('[data-testid=stMain] .modebar-btn')) {
      if ((button.getAttribute('data-title') || '').toLowerCase() !== %(kept)s.toLowerCase()
          && button.getAttribute('tabindex') !== '-1') {
        button.setAttribute('tabindex', '-1');
      }
    }
    for (const box of watched) {
      if (!box.isConnected) { sizes.unobserve(box); watched.delete(box); }
    }
    for (const [selector, label] of Object.entries(labels)) {
      for (const box of document.querySelectorAll('[data-testid=stMain] ' + selector)) {
        if (!watched.has(box)) { watched.add(box); sizes.observe(box); }
        const scrolls = box.scrollWidth > box.clientWidth + 1;
        if (scrolls && !box.hasAttribute('data-hv-scroll')) {
          box.setAttribute('data-hv-scroll', '');
          box.setAttribute('tabindex', '0');
          box.setAttribute('role', 'group');
          box.setAttribute('aria-label', label);
        } else if (!scrolls && box.hasAttribute('data-hv-scroll')) {
          for (const name of ['data-hv-scroll', 'tabindex', 'role', 'aria-label']) {
            box.removeAttribute(name);
          }
        }
      }
    }
  }
  // the arrow keys scroll a focused box; the page's shortcuts must not see them
  window.addEventListener('keydown', (event) => {
    const box = event.target;
    if (box instanceof Element && box.hasAttribute('data-hv-scroll')
        && event.key.startsWith('Arrow')) {
      event.stopPropagation();
    }
  }, true);
  new MutationObserver(schedule).observe(document.body, {childList: true, subtree: true});
  schedule();
})();
"""


def script() -> str:
    """The script's text (JSON of :data:`SCROLL_LABELS` inlined).

    Examples
    --------
    >>> "Formula, scrolls sideways" in script()
    True
    """
    return _SCRIPT % {"labels": json.dumps(SCROLL_LABELS), "kept": json.dumps(KEPT_BUTTON)}


def inject() -> None:
    """Write the script into the page (its element is hidden: it takes no space)."""
    st.html(f'<script id="hv-a11y">{script()}</script>', unsafe_allow_javascript=True)
