/* wikilint user script. Install it with one line in Special:MyPage/common.js:
 *     mw.loader.load('https://WIKILINT-HOST/userscript.js');
 * It adds "wikilint" to the page's tools; the link lints the current revision
 * (or, while editing, the text of the edit box) with the wikilint API and
 * lists the findings in a panel; when editing, each finding selects its
 * place in the edit box. Everything from the API is written as text. */
(function () {
  "use strict";
  var SERVER = __WIKILINT_SERVER__;
  var MESSAGES = __WIKILINT_MESSAGES__;
  var panel = null;

  function language() {
    var lang = (mw.config.get("wgUserLanguage") || "en").toLowerCase();
    if (/^zh-(hant|tw|hk|mo)/.test(lang)) { return "zh-hant"; }
    if (/^zh/.test(lang)) { return "zh-hans"; }
    return "en";
  }
  function msg(name, params) {
    var text = (MESSAGES[language()] || MESSAGES.en)[name] || MESSAGES.en[name] || name;
    Object.keys(params || {}).forEach(function (key) {
      text = text.replace(new RegExp("\\{\\{PLURAL:\\{" + key + "\\}\\|([^|}]*)\\|([^}]*)\\}\\}", "g"),
                          function (m, one, other) { return +params[key] === 1 ? one : other; })
                 .replace(new RegExp("\\{" + key + "(:\\w+)?\\}", "g"), String(params[key]));
    });
    return text;
  }
  function el(tag, className, text) {
    var node = document.createElement(tag);
    if (className) { node.className = className; }
    if (text !== undefined) { node.textContent = text; }
    return node;
  }
  function editBox() { return document.getElementById("wpTextbox1"); }

  function currentText() {
    var box = editBox();
    if (box) { return $.Deferred().resolve(box.value).promise(); }
    return new mw.Api().get({action: "query", prop: "revisions", revids: mw.config.get("wgCurRevisionId"),
                             rvprop: "content", rvslots: "main", formatversion: 2})
      .then(function (data) { return data.query.pages[0].revisions[0].slots.main.content; });
  }

  /* Python counts characters (code points); a textarea counts UTF-16 units. */
  function unitOffset(text, offset) {
    var units = 0, chars = 0;
    while (chars < offset && units < text.length) {
      var code = text.charCodeAt(units);
      units += (code >= 0xd800 && code <= 0xdbff) ? 2 : 1;
      chars++;
    }
    return units;
  }
  function select(finding) {
    var box = editBox();
    if (!box) { return; }
    var start = unitOffset(box.value, finding.offset), end = unitOffset(box.value, finding.end_offset);
    box.focus();
    box.setSelectionRange(start, end);
    var lines = box.value.slice(0, start).split("\n").length - 1;
    var total = box.value.split("\n").length;
    box.scrollTop = Math.max(0, box.scrollHeight * lines / total - box.clientHeight / 3);
  }

  function showPanel() {
    if (panel) { panel.remove(); }
    panel = el("div", "wikilint-panel");
    panel.id = "wikilint-panel";
    panel.setAttribute("role", "region");
    panel.setAttribute("aria-label", msg("us-title"));
    panel.style.cssText = "position:fixed;right:1em;bottom:1em;width:28em;max-height:60vh;overflow:auto;" +
      "background:#fff;border:1px solid #a2a9b1;box-shadow:0 2px 8px rgba(0,0,0,.25);padding:.6em .8em;" +
      "z-index:1000;font-size:.9em;line-height:1.45";
    var head = el("div", "wikilint-head");
    head.style.cssText = "display:flex;justify-content:space-between;align-items:center;font-weight:bold";
    head.append(el("span", "", msg("us-title")));
    var close = el("button", "wikilint-close", msg("us-close"));
    close.type = "button";
    close.addEventListener("click", function () { panel.remove(); panel = null; });
    head.append(close);
    panel.append(head, el("p", "wikilint-status", msg("us-loading")));
    document.body.append(panel);
    return panel;
  }

  function render(result, text) {
    var status = panel.querySelector(".wikilint-status");
    status.textContent = result.findings.length ? msg("us-count", {count: result.findings.length}) : msg("us-none");
    var list = el("ol", "wikilint-findings");
    list.style.cssText = "padding-left:1.4em;margin:.4em 0";
    result.findings.forEach(function (finding) {
      var item = el("li", "wikilint-finding wikilint-" + finding.severity);
      item.dataset.code = finding.code;
      item.dataset.offset = finding.offset;
      var where = el("a", "wikilint-where", msg("us-line", {line: finding.line}));
      where.href = "#";
      where.addEventListener("click", function (event) { event.preventDefault(); select(finding); });
      item.append(where, " ", el("b", "", finding.code), " ", el("span", "wikilint-message", finding.message));
      if (finding.suggestion) { item.append(el("div", "wikilint-suggestion", finding.suggestion)); }
      list.append(item);
    });
    panel.append(list);
    var more = el("a", "wikilint-open", msg("us-open"));
    more.href = SERVER + "/?" + new URLSearchParams({title: mw.config.get("wgPageName"),
      oldid: mw.config.get("wgCurRevisionId"), lang: language()}).toString();
    more.target = "_blank";
    more.rel = "noopener";
    if (!editBox()) { panel.append(more); }
  }

  function run() {
    showPanel();
    currentText().then(function (text) {
      return fetch(SERVER + "/api/v1/lint", {
        method: "POST", headers: {"Content-Type": "application/json"},
        body: JSON.stringify({text: text, lang: language()})
      }).then(function (response) {
        return response.json().then(function (data) {
          if (!response.ok) { throw new Error((data.error && data.error.message) || response.status); }
          render(data, text);
        });
      });
    }).catch(function (error) {
      panel.querySelector(".wikilint-status").textContent = msg("us-failed", {message: String(error && error.message || error)});
    });
  }

  mw.loader.using(["mediawiki.util", "mediawiki.api"]).then(function () {
    if (mw.config.get("wgNamespaceNumber") < 0 || mw.config.get("wgPageContentModel") !== "wikitext") { return; }
    var link = mw.util.addPortletLink("p-tb", "#", msg("us-link"), "t-wikilint", msg("us-tooltip"));
    if (link) {
      link.addEventListener("click", function (event) { event.preventDefault(); run(); });
    }
  });
}());
