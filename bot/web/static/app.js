/* wikilint web tool: highlight a finding's span in the wikitext, filter findings.
   Everything from the article is handled as text (textContent), never as HTML. */
(function () {
  "use strict";
  var texts = {};
  try { texts = JSON.parse(document.body.dataset.texts || "{}"); } catch (e) { texts = {}; }
  var source = document.getElementById("source");
  var originals = new Map();

  function restore() {
    originals.forEach(function (text, code) { code.textContent = text; code.parentNode.classList.remove("hl"); });
    originals.clear();
    document.querySelectorAll("li.finding.current").forEach(function (li) { li.classList.remove("current"); });
  }

  function markLine(number, from, to) {
    var li = document.getElementById("L" + number);
    if (!li) { return null; }
    var code = li.querySelector("code");
    var text = originals.has(code) ? originals.get(code) : code.textContent;
    originals.set(code, text);
    var chars = Array.from(text);  // columns count characters, not UTF-16 units
    var end = to === null ? chars.length : Math.min(to, chars.length);
    var start = Math.min(from, end);
    var mark = document.createElement("mark");
    mark.className = "span";
    mark.textContent = chars.slice(start, end).join("") || "\u200b";
    code.textContent = "";
    code.append(chars.slice(0, start).join(""), mark, chars.slice(end).join(""));
    li.classList.add("hl");
    return mark;
  }

  function highlight(link) {
    restore();
    var line = +link.dataset.line, column = +link.dataset.column;
    var endLine = +link.dataset.endLine, endColumn = +link.dataset.endColumn;
    var first = null;
    for (var n = line; n <= endLine; n++) {
      var mark = markLine(n, n === line ? column - 1 : 0, n === endLine ? endColumn - 1 : null);
      first = first || mark;
    }
    var item = link.closest("li.finding");
    if (item) { item.classList.add("current"); }
    if (first) { first.scrollIntoView({block: "center", inline: "nearest"}); }
    return first;
  }

  document.addEventListener("click", function (event) {
    var link = event.target.closest && event.target.closest("a.loc");
    if (!link || !source) { return; }
    event.preventDefault();
    highlight(link);
    history.replaceState(null, "", link.getAttribute("href"));
  });

  // -- filters by rule and severity --------------------------------------------------
  function applyFilters() {
    var rules = new Set(), severities = new Set();
    document.querySelectorAll("input.filter-rule:checked").forEach(function (b) { rules.add(b.value); });
    document.querySelectorAll("input.filter-severity:checked").forEach(function (b) { severities.add(b.value); });
    var shown = 0, all = 0;
    document.querySelectorAll("li.finding").forEach(function (li) {
      var visible = rules.has(li.dataset.code) && severities.has(li.dataset.severity);
      li.hidden = !visible; all++; if (visible) { shown++; }
    });
    document.querySelectorAll(".rule-group, .section-group").forEach(function (group) {
      group.hidden = !group.querySelector("li.finding:not([hidden])");
    });
    var out = document.getElementById("shown");
    if (out && texts.shown) { out.textContent = texts.shown.replace("{shown}", shown).replace("{total}", all); }
  }
  document.querySelectorAll("input.filter-rule, input.filter-severity").forEach(function (box) {
    box.addEventListener("change", applyFilters);
  });

  // -- a link to a finding (#f3) or a line (#L12) -----------------------------------
  function fromHash() {
    var match = /^#f(\d+)$/.exec(location.hash);
    if (match) {
      var link = document.querySelector("#f" + match[1] + " a.loc");
      if (link) { highlight(link); }
      return;
    }
    match = /^#L(\d+)$/.exec(location.hash);
    var li = match && document.getElementById("L" + match[1]);
    if (li) { li.scrollIntoView({block: "center"}); }
  }
  if (source) { applyFilters(); fromHash(); }
})();
