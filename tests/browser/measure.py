"""Layout measurements taken in the browser: clipped and scrolling formulas, scroll cues,
plot widths, body text size, raw notation in running text.

Each is one JavaScript function, evaluated in the page by the layout tests
(``test_layout_in_browser.py``).
"""

from __future__ import annotations

#: Every KaTeX formula whose rendered box reaches past the box of an ancestor that clips it
#: (overflow hidden or clip, or the window) without an ancestor in between that scrolls
#: horizontally. Returns one short description per clipped formula.
CLIPPED_FORMULAS = """() => {
  const out = [];
  const viewport = document.documentElement.clientWidth;
  const formulas = document.querySelectorAll('[data-testid=stMain] .katex');
  for (const el of formulas) {
    const box = el.getBoundingClientRect();
    if (box.width === 0 && box.height === 0) continue;   // inside a closed expander
    let clipped = box.right > viewport + 1 || box.left < -1;
    for (let a = el.parentElement; a && a !== document.body; a = a.parentElement) {
      const style = getComputedStyle(a);
      const ox = style.overflowX;
      if (ox === 'auto' || ox === 'scroll') { clipped = false; break; }
      if (ox === 'hidden' || ox === 'clip') {
        const r = a.getBoundingClientRect();
        if (box.right > r.right + 1 || box.left < r.left - 1) { clipped = true; }
        break;
      }
    }
    if (clipped) {
      out.push(el.textContent.slice(0, 60) + ` [${Math.round(box.width)} px wide, `
               + `right edge ${Math.round(box.right)} of ${viewport}]`);
    }
  }
  return out;
}"""

#: The drawn width of every plotly chart in the main area, in CSS pixels.
PLOT_WIDTHS = """() => Array.from(
  document.querySelectorAll('[data-testid=stMain] .js-plotly-plot .main-svg:first-of-type'))
  .map(svg => Math.round(svg.getBoundingClientRect().width))"""

#: The computed font size of running text (paragraphs of the main area), in CSS pixels.
BODY_FONT_SIZES = """() => Array.from(
  document.querySelectorAll('[data-testid=stMain] [data-testid=stMarkdownContainer] p'))
  .filter(p => p.getBoundingClientRect().width > 0
               && p.closest('[data-testid=stCaptionContainer]') === null)
  .map(p => parseFloat(getComputedStyle(p).fontSize))"""

#: Display formulas that scroll (wider than their box) without the cue: overflow-x auto and
#: the shadow gradients of hadviz/ui/style.py. Returns [overflow, background] of each.
SCROLL_WITHOUT_CUE = """() => Array.from(
  document.querySelectorAll('[data-testid=stMain] .katex-display'))
  .filter(d => d.getBoundingClientRect().width > 0 && d.scrollWidth > d.clientWidth)
  .map(d => [getComputedStyle(d).overflowX, getComputedStyle(d).backgroundImage])
  .filter(([overflow, image]) => overflow !== 'auto' || !image.includes('radial-gradient'))"""

#: Display formulas wider than their box (they scroll): the text of each, and by how much.
WIDE_FORMULAS = """() => Array.from(
  document.querySelectorAll('[data-testid=stMain] .katex-display'))
  .filter(d => d.getBoundingClientRect().width > 0 && d.scrollWidth > d.clientWidth)
  .map(d => d.textContent.slice(0, 50) + ` [${d.scrollWidth} in ${d.clientWidth} px]`)"""

#: Running text (not formulas, plots, code or inputs) that shows raw notation: an underscore
#: index (W_ij, ∇_W), a caret power (ε^(1/3), ℝ^2) or LaTeX that did not render.
RAW_NOTATION = r"""() => {
  const main = document.querySelector('[data-testid=stMain]');
  const walker = document.createTreeWalker(main, NodeFilter.SHOW_TEXT);
  const hits = [];
  const pattern = /([A-Za-zεδ∇∂]_[A-Za-z0-9{(]|\^\(|ℝ\^|\\(frac|partial|circ|mathbb)\b)/;
  for (let node = walker.nextNode(); node; node = walker.nextNode()) {
    const el = node.parentElement;
    if (!el || el.closest('.katex, .js-plotly-plot, pre, code, input, textarea, '
                         + '[data-testid=stDataFrame], [data-testid=stDataFrameResizable], '
                         + '[data-testid=stCode], [data-testid=stIconMaterial]')) continue;
    if (el.getBoundingClientRect().width === 0) continue;
    if (/^[a-z0-9_]+$/.test(node.textContent.trim())) continue;  // an icon's ligature name
    const m = node.textContent.match(pattern);
    if (m) hits.push(node.textContent.slice(Math.max(0, m.index - 30), m.index + 30));
  }
  return hits;
}"""

#: Page-link labels in the main area cut short with an ellipsis (their full text).
CUT_LINKS = """() => Array.from(
  document.querySelectorAll('[data-testid=stMain] [data-testid=stPageLink-NavLink] *'))
  .filter(e => getComputedStyle(e).textOverflow === 'ellipsis'
               && e.scrollWidth > e.clientWidth + 1)
  .map(e => e.innerText)"""

#: Whether the sidebar is open, and how wide the main column's content is (CSS px).
SIDEBAR_AND_MAIN = """() => {
  const side = document.querySelector('[data-testid=stSidebar]');
  const main = document.querySelector('[data-testid=stMainBlockContainer]');
  const pad = parseFloat(getComputedStyle(main).paddingLeft)
              + parseFloat(getComputedStyle(main).paddingRight);
  return {open: side !== null && side.getAttribute('aria-expanded') !== 'false'
                && side.getAttribute('data-collapsed') !== 'true'
                && side.getBoundingClientRect().width > 0,
          main: Math.round(main.getBoundingClientRect().width - pad)};
}"""

#: Boxes of the main area that overlap: in every vertical or horizontal block, each pair of
#: visible children whose boxes intersect by more than 1 px both ways (text drawn over text).
OVERLAPS = """() => {
  const main = document.querySelector('[data-testid=stMain]');
  const shown = e => { const r = e.getBoundingClientRect(); return r.width > 0 && r.height > 0; };
  const name = e => (e.getAttribute('data-testid') || e.tagName) + ' "'
                    + (e.innerText || '').trim().slice(0, 30).replace(/\\s+/g, ' ') + '"';
  const out = [];
  const blocks = main.querySelectorAll(
    '[data-testid=stVerticalBlock], [data-testid=stHorizontalBlock]');
  for (const block of blocks) {
    const kids = [...block.children].filter(shown);
    for (let i = 0; i < kids.length; i++) {
      for (let j = i + 1; j < kids.length; j++) {
        const p = kids[i].getBoundingClientRect(), q = kids[j].getBoundingClientRect();
        const w = Math.min(p.right, q.right) - Math.max(p.left, q.left);
        const h = Math.min(p.bottom, q.bottom) - Math.max(p.top, q.top);
        if (w > 1 && h > 1) out.push(`${name(kids[i])} over ${name(kids[j])}`);
      }
    }
  }
  return out;
}"""

#: Text cut off in the main area: a box that hides its overflow (or ends its text with an
#: ellipsis) while its content is wider or taller than it, and the page itself wider than the
#: window. Plots and data grids draw their own clipping; text kept for screen readers only
#: (KaTeX's MathML, a plot's description) sits in a box of 1 px on purpose.
CUT_TEXT = """() => {
  const main = document.querySelector('[data-testid=stMain]');
  const out = [];
  if (document.documentElement.scrollWidth > innerWidth + 1) {
    out.push(`the page scrolls sideways: ${document.documentElement.scrollWidth} px `
             + `in ${innerWidth}`);
  }
  const hides = v => v === 'hidden' || v === 'clip';
  for (const e of main.querySelectorAll('*')) {
    const s = getComputedStyle(e);
    if (!hides(s.overflowX) && !hides(s.overflowY) && s.textOverflow !== 'ellipsis') continue;
    const r = e.getBoundingClientRect();
    if (r.width <= 2 || r.height <= 2 || !e.textContent.trim()) continue;
    if (e.closest('.js-plotly-plot, [data-testid=stDataFrame], .katex-mathml')) continue;
    const wide = e.scrollWidth > e.clientWidth + 1, tall = e.scrollHeight > e.clientHeight + 2;
    if ((hides(s.overflowX) && wide) || (hides(s.overflowY) && tall)
        || (s.textOverflow === 'ellipsis' && wide)) {
      out.push(`${e.getAttribute('data-testid') || e.className || e.tagName} "`
               + `${e.innerText.trim().slice(0, 40)}" [${e.scrollWidth}×${e.scrollHeight} `
               + `in ${e.clientWidth}×${e.clientHeight}]`);
    }
  }
  return out;
}"""
