"""The stylesheet and script inlined into every ``--format html`` report.

Kept apart from the renderer so that :mod:`healthlint.formatters.html` stays about
markup. The script never receives article text as source code: it reads the
server-rendered, already escaped DOM and copies nodes with ``cloneNode`` and
``textContent``, never ``innerHTML``.
"""

from __future__ import annotations

CSS = """
:root {
  --ink: #1f2328; --muted: #59636e; --faint: #8b949e; --line: #d8dee4;
  --paper: #ffffff; --wash: #f6f8fa; --accent: #0b5cad;
  --err: #b42318; --err-tint: rgba(217, 45, 32, .13);
  --warn: #a15c07; --warn-tint: rgba(247, 144, 9, .17);
  --sug: #175cd3; --sug-tint: rgba(46, 144, 250, .13);
  --lh: 1.72rem;
  color-scheme: light;
}
* { box-sizing: border-box; }
html { scroll-padding-top: 7.5rem; }
body {
  margin: 0; background: var(--wash); color: var(--ink);
  font: 15px/1.55 system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue",
    "Noto Sans", "Liberation Sans", Arial, sans-serif;
}
a { color: var(--accent); }
code, .mono { font-family: ui-monospace, SFMono-Regular, "SF Mono", Menlo, Consolas,
  "Liberation Mono", "DejaVu Sans Mono", monospace; font-size: .92em; }
.wrap { max-width: 74rem; margin: 0 auto; padding: 0 1.5rem; }
header.top { background: var(--paper); border-bottom: 1px solid var(--line); padding: 1.6rem 0 1.2rem; }
header.top h1 { margin: 0; font-size: 1.45rem; font-weight: 650; letter-spacing: -.01em; }
header.top p { margin: .3rem 0 0; color: var(--muted); }
.toolbar { display: none; position: sticky; top: 0; z-index: 20; background: var(--paper);
  border-bottom: 1px solid var(--line); box-shadow: 0 1px 3px rgba(31,35,40,.06); }
.js .toolbar { display: block; }
.toolbar .wrap { display: flex; flex-wrap: wrap; align-items: center; gap: .4rem 1.2rem; padding-top: .5rem; padding-bottom: .5rem; }
.toolbar .group { display: flex; align-items: center; gap: .8rem; }
.toolbar .label { color: var(--muted); font-size: .85rem; }
.toolbar label { display: inline-flex; align-items: center; gap: .3rem; cursor: pointer; white-space: nowrap; }
.toolbar .count { color: var(--muted); font-variant-numeric: tabular-nums; }
.toolbar .nav { margin-left: auto; display: flex; align-items: center; gap: .5rem; color: var(--muted); font-size: .88rem; }
.toolbar button { font: inherit; font-size: .85rem; padding: .15rem .55rem; border: 1px solid var(--line);
  border-radius: 6px; background: var(--paper); color: var(--ink); cursor: pointer; }
.toolbar button:hover { background: var(--wash); }
kbd { font: .78rem ui-monospace, monospace; border: 1px solid var(--line); border-bottom-width: 2px;
  border-radius: 4px; padding: 0 .3rem; background: var(--wash); color: var(--ink); }
details.rules-menu { position: relative; }
details.rules-menu > summary { cursor: pointer; list-style: none; padding: .15rem .6rem; border: 1px solid var(--line);
  border-radius: 6px; background: var(--paper); font-size: .9rem; }
details.rules-menu > summary::-webkit-details-marker { display: none; }
details.rules-menu > summary::after { content: " \\25BE"; color: var(--muted); }
details.rules-menu .menu { position: absolute; top: 2.1rem; left: 0; z-index: 30; background: var(--paper);
  border: 1px solid var(--line); border-radius: 8px; box-shadow: 0 8px 24px rgba(31,35,40,.14);
  padding: .6rem .8rem; min-width: 22rem; max-height: 60vh; overflow: auto; }
details.rules-menu .menu label { display: flex; padding: .18rem 0; }
details.rules-menu .menu .count { margin-left: auto; padding-left: 1rem; }
details.rules-menu .menu .all { display: flex; gap: .4rem; margin-bottom: .4rem; }
main { padding: 1.2rem 0 4rem; }
section.card { background: var(--paper); border: 1px solid var(--line); border-radius: 10px;
  padding: 1.2rem 1.5rem; margin: 0 0 1.2rem; }
h2 { font-size: 1.15rem; margin: 0 0 .8rem; font-weight: 650; }
h3 { font-size: .95rem; margin: 1.2rem 0 .5rem; color: var(--muted); font-weight: 600;
  text-transform: uppercase; letter-spacing: .04em; }
.totals { display: grid; grid-template-columns: repeat(auto-fit, minmax(11rem, 1fr)); gap: .8rem; }
.total { border: 1px solid var(--line); border-radius: 8px; padding: .7rem .9rem; }
.total .num { font-size: 1.6rem; font-weight: 650; font-variant-numeric: tabular-nums; }
.total .what { color: var(--muted); font-size: .88rem; }
.sample { padding: 0 .1rem; }
table { border-collapse: collapse; width: 100%; font-size: .93rem; }
th, td { text-align: left; padding: .42rem .6rem; border-bottom: 1px solid var(--line); vertical-align: top; }
th { color: var(--muted); font-weight: 600; font-size: .82rem; }
td.n, th.n { text-align: right; font-variant-numeric: tabular-nums; width: 5.5rem; }
table.rank td:first-child, table.rank th:first-child { width: 2.5rem; color: var(--faint); }
td.zero { color: var(--faint); }
tr.clean td { color: var(--muted); }
.rule-why { color: var(--muted); font-size: .88rem; margin-top: .2rem; }
.rule-why .link { display: block; margin-top: .15rem; }
.rule-why .link::before { content: "Guideline: "; color: var(--muted); }
.rule-why .url { display: none; }
.badge { display: inline-block; font-size: .75rem; font-weight: 600; padding: .03rem .45rem; border-radius: 999px;
  border: 1px solid currentColor; white-space: nowrap; line-height: 1.4; }
.badge.lv-error { color: var(--err); }
.badge.lv-warning { color: var(--warn); }
.badge.lv-suggestion { color: var(--sug); }
svg.chart { width: 100%; max-width: 52rem; height: auto; display: block; }
svg.chart text { font-size: 12px; fill: var(--ink); }
svg.chart text.num { fill: var(--muted); }
svg.chart rect.track { fill: var(--wash); }
svg.chart rect.lv-error { fill: #d92d20; }
svg.chart rect.lv-warning { fill: #f79009; }
svg.chart rect.lv-suggestion { fill: #2e90fa; }
.errors li { color: var(--err); }
article.doc { background: var(--paper); border: 1px solid var(--line); border-radius: 10px; margin: 0 0 1.6rem; }
article.doc > header { padding: 1rem 1.5rem .8rem; border-bottom: 1px solid var(--line);
  position: sticky; top: var(--bar, 0px); z-index: 10; background: var(--paper); border-radius: 10px 10px 0 0;
  display: flex; flex-wrap: wrap; align-items: baseline; gap: .4rem 1rem; }
article.doc > header h2 { margin: 0; font-size: 1.05rem; word-break: break-all; }
article.doc > header .counts { display: flex; gap: .4rem; }
article.doc > header .back { margin-left: auto; font-size: .85rem; }
.banner { margin: 0; padding: .7rem 1.5rem; list-style: none; background: #fffbeb; border-bottom: 1px solid #f5e1a4; }
.banner li { padding: .3rem 0; display: flex; gap: .6rem; align-items: baseline; flex-wrap: wrap; }
.banner li.off { display: none; }
.banner .where { color: var(--muted); font-size: .85rem; }
.banner .rule-why { flex-basis: 100%; margin: 0 0 0 .2rem; }
.banner .title { font-weight: 600; font-size: .8rem; text-transform: uppercase; letter-spacing: .04em; color: #7a5b00; }
.nosource { padding: .8rem 1.5rem; color: var(--muted); font-style: italic; border-bottom: 1px solid var(--line); }
.clean-note { padding: .8rem 1.5rem; color: var(--muted); }
.src { position: relative; padding: 1rem 1.5rem 1.2rem 0; }
.code { margin: 0; padding-left: 4.6rem; white-space: pre-wrap; overflow-wrap: anywhere; tab-size: 4;
  line-height: var(--lh); font-size: 1rem; max-width: 62rem; }
.code.mono { font-size: .88rem; }
.ln { position: absolute; left: 0; width: 3.6rem; text-align: right; color: var(--faint); line-height: var(--lh);
  font: .74rem/var(--lh) ui-monospace, "DejaVu Sans Mono", monospace; font-variant-numeric: tabular-nums;
  user-select: none; pointer-events: none; }
.ln::before { content: attr(data-n); }
.layer { position: absolute; top: 1rem; left: 0; right: 1.5rem; visibility: hidden; pointer-events: none; }
.layer .hl { visibility: visible; color: transparent; pointer-events: auto; }
.ref { display: none; }
mark.hl, mark.sample { background: transparent; color: inherit; border-radius: 2px;
  text-decoration-line: underline; text-decoration-thickness: 2px; text-underline-offset: .24em;
  text-decoration-skip-ink: none; -webkit-box-decoration-break: clone; box-decoration-break: clone; }
mark.hl { cursor: pointer; }
mark.hl.d1 { text-underline-offset: .42em; }
mark.hl.d2, mark.hl.d3 { text-underline-offset: .6em; }
mark.lv-error { background: var(--err-tint); text-decoration-style: solid; text-decoration-color: var(--err); }
mark.lv-warning { background: var(--warn-tint); text-decoration-style: dashed; text-decoration-color: var(--warn); }
mark.lv-suggestion { background: var(--sug-tint); text-decoration-style: dotted; text-decoration-color: var(--sug);
  text-decoration-thickness: 2.5px; }
mark.hl:hover { filter: saturate(1.6) brightness(.96); }
.finding:focus { outline: none; }
.finding:focus-visible { outline: 2px solid var(--ink); outline-offset: 2px; }
mark.hl.off { background: transparent; text-decoration-line: none; cursor: text; filter: none; outline: none; }
.notes-wrap { border-top: 1px solid var(--line); padding: .4rem 1.5rem 1rem; }
.notes-wrap h3 { margin-top: .8rem; }
ol.notes { margin: 0; padding-left: 2.2rem; font-size: .9rem; }
ol.notes li { padding: .25rem 0; }
ol.notes li.off { display: none; }
ol.notes .pos { font-variant-numeric: tabular-nums; color: var(--muted); text-decoration: none; margin-right: .3rem; }
ol.notes .match { color: var(--muted); }
.note-fix ins, #tip ins { text-decoration: none; background: #e6f4ea; color: #0f5323; padding: 0 .2rem; border-radius: 3px; }
ol.notes .note-why { display: none; }
.note-rule { color: var(--muted); }
#tip { position: absolute; z-index: 40; max-width: 30rem; min-width: 16rem; background: var(--paper); color: var(--ink);
  border: 1px solid var(--line); border-radius: 10px; box-shadow: 0 10px 30px rgba(31,35,40,.18);
  padding: .75rem .9rem; font-size: .9rem; line-height: 1.5; }
#tip[hidden] { display: none; }
#tip .tip-head { display: flex; gap: .5rem; align-items: baseline; margin-bottom: .35rem; flex-wrap: wrap; }
#tip .tip-head .where { margin-left: auto; color: var(--faint); font-size: .8rem; }
#tip .note-msg { display: block; font-weight: 550; }
#tip .note-fix { display: block; margin-top: .4rem; }
#tip .rule-why { border-top: 1px solid var(--line); margin-top: .55rem; padding-top: .45rem; }
#tip .rule-why::before { content: "Why it matters"; display: block; font-size: .72rem; font-weight: 600;
  letter-spacing: .05em; text-transform: uppercase; color: var(--faint); margin-bottom: .1rem; }
.visually-hidden { position: absolute; width: 1px; height: 1px; overflow: hidden; clip: rect(0 0 0 0); white-space: nowrap; }
footer { color: var(--faint); font-size: .82rem; text-align: center; padding: 1rem 0 2rem; }
@media (prefers-reduced-motion: no-preference) { html { scroll-behavior: auto; } }
@media print {
  @page { margin: 16mm 14mm; }
  body { background: #fff; font-size: 10.5pt; color: #000; }
  .toolbar, #tip, .back, .skip { display: none !important; }
  section.card, article.doc { border: 0; border-radius: 0; padding-left: 0; padding-right: 0; }
  article.doc { break-before: page; margin: 0; }
  article.doc > header, .banner, .src, .notes-wrap, .nosource, .clean-note { padding-left: 0; padding-right: 0; }
  .banner { background: #fff; border: 1px solid #000; padding: .4rem .6rem; }
  .code { max-width: none; padding-left: 3.2rem; }
  .layer { right: 0; }
  .ln { width: 2.6rem; color: #666; }
  mark.hl { background: #e4e4e4; color: #000; text-decoration-color: #000;
    -webkit-print-color-adjust: exact; print-color-adjust: exact; }
  mark.lv-warning { background: #efefef; }
  mark.lv-suggestion { background: transparent; }
  mark.hl.off { background: transparent; text-decoration-line: none; }
  .layer .hl { color: transparent; }
  .ref { display: inline; }
  .ref::after { content: attr(data-n); font-size: .62em; vertical-align: super; line-height: 0; padding-left: .08em; color: #000; }
  .ref.off { display: none; }
  .ref:not(.off) + .ref:not(.off)::before { content: ","; font-size: .62em; vertical-align: super; line-height: 0; }
  article.doc > header { position: static; }
  .badge { color: #000 !important; }
  svg.chart rect { fill: #555 !important; } svg.chart rect.track { fill: #eee !important; }
  ol.notes .note-why { display: block; color: #333; font-size: .9em; }
  .rule-why .link a { display: none; } .rule-why .url { display: inline; overflow-wrap: anywhere; }
  ol.notes .pos { color: #000; }
  a { color: #000; text-decoration: none; }
  tr, li { break-inside: avoid; }
}
"""

JS = """
(function () {
  "use strict";
  var doc = document;
  doc.body.classList.add("js");
  var tip = doc.getElementById("tip");
  var pos = doc.getElementById("nav-pos");
  var all = Array.prototype.slice.call(doc.querySelectorAll(".finding"));
  all.sort(function (a, b) { return Number(a.dataset.seq) - Number(b.dataset.seq); });
  var offRules = {}, offLevels = {};
  var pinned = null, shown = null, lastSeq = -1, hideTimer = 0;

  function isOff(el) {
    return offRules.hasOwnProperty(el.dataset.rule) || offLevels.hasOwnProperty(el.dataset.level);
  }
  function visible() { return all.filter(function (el) { return !isOff(el); }); }

  function applyFilters() {
    offRules = {}; offLevels = {};
    doc.querySelectorAll("input.rule-toggle").forEach(function (cb) { if (!cb.checked) { offRules[cb.value] = 1; } });
    doc.querySelectorAll("input.level-toggle").forEach(function (cb) { if (!cb.checked) { offLevels[cb.value] = 1; } });
    doc.querySelectorAll(".flt").forEach(function (el) {
      var off = isOff(el);
      el.classList.toggle("off", off);
      if (el.classList.contains("finding")) { el.tabIndex = off ? -1 : 0; }
    });
    if (shown && isOff(shown)) { pinned = null; hide(); }
    var summary = doc.getElementById("rules-summary");
    var boxes = doc.querySelectorAll("input.rule-toggle");
    var on = Array.prototype.filter.call(boxes, function (cb) { return cb.checked; }).length;
    if (summary) { summary.textContent = "Rules (" + (on === boxes.length ? "all " + on : on + " of " + boxes.length) + ")"; }
    updatePos(null);
  }

  function updatePos(el) {
    if (!pos) { return; }
    var list = visible();
    var i = el ? list.indexOf(el) : -1;
    var text = list.length === all.length ? all.length + " findings" : list.length + " of " + all.length + " findings shown";
    pos.textContent = i >= 0 ? "Finding " + (i + 1) + " of " + list.length : text;
  }

  function clone(from, sel) {
    var node = from ? from.querySelector(sel) : null;
    return node ? node.cloneNode(true) : null;
  }

  function fill(el) {
    var note = doc.getElementById(el.dataset.note);
    var rule = doc.getElementById(el.dataset.ruleRef);
    tip.textContent = "";
    var head = doc.createElement("div");
    head.className = "tip-head";
    [clone(note, ".badge"), clone(note, ".note-rule"), clone(note, ".pos")].forEach(function (n) {
      if (n) { head.appendChild(n); }
    });
    var where = head.querySelector(".pos");
    if (where) { where.className = "where"; where.removeAttribute("href"); where.textContent = "line " + where.textContent; }
    tip.appendChild(head);
    [clone(note, ".note-msg"), clone(note, ".note-fix"), clone(rule, ".rule-why")].forEach(function (n) {
      if (n) { tip.appendChild(n); }
    });
  }

  function place(el) {
    var rects = el.getClientRects();
    var r = rects.length ? rects[0] : el.getBoundingClientRect();
    tip.hidden = false;
    var w = tip.offsetWidth, h = tip.offsetHeight;
    var left = Math.max(8, Math.min(r.left, doc.documentElement.clientWidth - w - 8));
    var top = r.bottom + 8;
    if (top + h > window.innerHeight && r.top - h - 8 > 0) { top = r.top - h - 8; }
    tip.style.left = (left + window.scrollX) + "px";
    tip.style.top = (top + window.scrollY) + "px";
  }

  function show(el) {
    if (!el || isOff(el) || !el.classList.contains("hl")) { return; }
    clearTimeout(hideTimer);
    if (shown && shown !== el) { shown.classList.remove("current"); }
    shown = el;
    el.classList.add("current");
    fill(el);
    place(el);
  }
  function hide() {
    if (shown) { shown.classList.remove("current"); }
    shown = null;
    tip.hidden = true;
  }
  function hideSoon() {
    clearTimeout(hideTimer);
    hideTimer = setTimeout(function () {
      if (!pinned && doc.activeElement !== shown && !tip.matches(":hover")) { hide(); }
    }, 220);
  }

  function move(step) {
    var list = visible();
    if (!list.length) { return; }
    var i = list.indexOf(doc.activeElement);
    if (i >= 0) {
      i = (i + step + list.length) % list.length;
    } else if (step > 0) {
      i = list.findIndex(function (el) { return Number(el.dataset.seq) > lastSeq; });
      if (i < 0) { i = 0; }
    } else {
      i = list.length - 1;
      while (i > 0 && Number(list[i].dataset.seq) >= lastSeq && lastSeq >= 0) { i -= 1; }
    }
    var el = list[i];
    pinned = null;
    el.scrollIntoView({ block: "center", inline: "nearest" });
    el.focus({ preventScroll: true });
  }

  doc.addEventListener("change", function (ev) {
    var t = ev.target;
    if (t.classList && (t.classList.contains("rule-toggle") || t.classList.contains("level-toggle"))) { applyFilters(); }
  });
  doc.addEventListener("click", function (ev) {
    var t = ev.target;
    var btn = t.closest ? t.closest("button[data-rules]") : null;
    if (btn) {
      var on = btn.dataset.rules === "all";
      doc.querySelectorAll("input.rule-toggle").forEach(function (cb) { cb.checked = on; });
      applyFilters();
      return;
    }
    var mv = t.closest ? t.closest("button[data-move]") : null;
    if (mv) { move(Number(mv.dataset.move)); return; }
    doc.querySelectorAll("details.rules-menu[open]").forEach(function (d) { if (!d.contains(t)) { d.open = false; } });
    var hl = t.closest ? t.closest("mark.hl") : null;
    if (hl && !isOff(hl)) { pinned = hl; hl.focus({ preventScroll: true }); show(hl); return; }
    if (!tip.contains(t)) { pinned = null; hide(); }
  });
  doc.addEventListener("focusin", function (ev) {
    var el = ev.target.closest ? ev.target.closest(".finding") : null;
    if (!el) { return; }
    lastSeq = Number(el.dataset.seq);
    updatePos(el);
    if (el.classList.contains("hl")) { show(el); } else if (!pinned) { hide(); }
  });
  doc.addEventListener("focusout", function (ev) {
    if (ev.target === shown && !pinned) { hideSoon(); }
  });
  doc.addEventListener("mouseover", function (ev) {
    var el = ev.target.closest ? ev.target.closest("mark.hl") : null;
    if (el && !pinned && !isOff(el)) { show(el); } else if (tip.contains(ev.target)) { clearTimeout(hideTimer); }
  });
  doc.addEventListener("mouseout", function (ev) {
    var el = ev.target.closest ? ev.target.closest("mark.hl, #tip") : null;
    if (el && !pinned) { hideSoon(); }
  });
  doc.addEventListener("keydown", function (ev) {
    if (ev.defaultPrevented || ev.ctrlKey || ev.metaKey || ev.altKey) { return; }
    var t = ev.target;
    if (t.isContentEditable || t.tagName === "TEXTAREA" || t.tagName === "SELECT" ||
        (t.tagName === "INPUT" && t.type !== "checkbox")) { return; }
    if (ev.key === "j" || ev.key === "n") { ev.preventDefault(); move(1); }
    else if (ev.key === "k" || ev.key === "p") { ev.preventDefault(); move(-1); }
    else if (ev.key === "Escape") { pinned = null; hide(); }
  });
  function barHeight() {
    var bar = doc.querySelector(".toolbar");
    doc.documentElement.style.setProperty("--bar", (bar ? bar.offsetHeight : 0) + "px");
  }
  window.addEventListener("resize", function () { barHeight(); if (shown) { place(shown); } });
  barHeight();
  applyFilters();
})();
"""
