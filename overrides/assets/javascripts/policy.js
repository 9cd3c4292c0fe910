/* Clause tools for document pages: permalinks, copy citation, original wording, target highlight.
 * Plain script, no network, works from file:// and over http. */
(function () {
  "use strict";

  /* 中共四川省委 四川省人民政府《关于…的决定》（2011年9月22日）二、（六），https://…#part-2-clause-6
   * The address is the published one (site_url), never file:// or a local server's. */
  function citationFor(el, heading) {
    var canonical = heading.getAttribute("data-canonical") || location.href.split(/[?#]/)[0];
    var prefix = heading.getAttribute("data-cite-prefix") || "《" + heading.getAttribute("data-doc-title") + "》";
    return prefix + (el.getAttribute("data-cite") || "") + "，" + canonical + "#" + el.id;
  }

  function showToast(text) {
    var toast = document.querySelector(".policy-toast");
    if (!toast) {
      toast = document.createElement("div");
      toast.className = "policy-toast";
      toast.setAttribute("role", "status");
      document.body.appendChild(toast);
    }
    toast.textContent = text;
    toast.classList.add("policy-toast--visible");
    clearTimeout(showToast.timer);
    showToast.timer = setTimeout(function () {
      toast.classList.remove("policy-toast--visible");
    }, 4000);
  }

  function copyText(text) {
    if (navigator.clipboard && window.isSecureContext) {
      return navigator.clipboard.writeText(text).catch(function () { return legacyCopy(text); });
    }
    return Promise.resolve(legacyCopy(text));
  }

  function legacyCopy(text) {
    var area = document.createElement("textarea");
    area.value = text;
    area.setAttribute("readonly", "");
    area.style.position = "fixed";
    area.style.opacity = "0";
    document.body.appendChild(area);
    area.select();
    try { document.execCommand("copy"); } finally { document.body.removeChild(area); }
  }

  function addTools(heading, original) {
    var units = document.querySelectorAll(".md-content [data-cite][id]");
    Array.prototype.forEach.call(units, function (el) {
      var bar = document.createElement("span");
      bar.className = "policy-tools";
      if (el.tagName === "P") {
        var link = document.createElement("a");
        link.className = "policy-permalink";
        link.href = "#" + el.id;
        link.title = "本段的永久链接";
        link.textContent = "¶";
        bar.appendChild(link);
      }
      var button = document.createElement("button");
      button.type = "button";
      button.className = "policy-cite-button";
      button.textContent = "复制引用";
      button.title = "复制本条的引文和链接";
      button.addEventListener("click", function (event) {
        event.preventDefault();
        var text = citationFor(el, heading);
        copyText(text).then(function () { showToast("已复制：" + text); });
      });
      bar.appendChild(button);
      if (original) {
        var orig = document.createElement("a");
        orig.className = "policy-original-link";
        orig.href = original + "#" + el.id;
        orig.textContent = "原文";
        orig.title = "查看本条的繁体原文";
        bar.appendChild(orig);
      }
      el.appendChild(bar);
    });
  }

  /* A malformed escape in an address (?h=% or #%) is not an error for the reader. */
  function decode(text) {
    try { return decodeURIComponent(text); } catch (e) { return text; }
  }

  /* A link to a unit that is not (or no longer) in the document says so, instead
   * of silently showing the top of the page. */
  function missingNotice(id) {
    var old = document.querySelector(".policy-missing");
    if (old) old.parentNode.removeChild(old);
    var heading = document.querySelector("h1[data-doc-title]");
    if (!id || !heading) return;
    var note = document.createElement("div");
    note.className = "admonition warning policy-missing";
    note.setAttribute("role", "alert");
    var title = document.createElement("p");
    title.className = "admonition-title";
    title.textContent = "该条款不存在或已调整";
    var body = document.createElement("p");
    body.appendChild(document.createTextNode("链接指向的位置“" + id + "”不在本文件中。请从"));
    var top = document.createElement("a");
    top.href = "#";
    top.textContent = "文件开头";
    body.appendChild(top);
    body.appendChild(document.createTextNode("或右侧目录查找。"));
    note.appendChild(title);
    note.appendChild(body);
    heading.parentNode.insertBefore(note, heading.nextSibling);
  }

  /* A long document is on several pages (builder/paging.py); its h1 lists each page's
   * sections (data-pages). A link to a unit on another page (an old or outside link to
   * slug.html#art-300) goes on to that page. Unit ids are hierarchical (chap-3-art-40 is
   * inside chap-3), so the page is the one whose section id is the longest prefix. */
  function toOtherPage(id) {
    var heading = document.querySelector("h1[data-pages]");
    if (!heading) return false;
    var best = 0, length = -1;
    heading.getAttribute("data-pages").split("|").forEach(function (ids, n) {
      ids.split(" ").forEach(function (sec) {
        if ((id === sec || id.indexOf(sec + "-") === 0) && sec.length > length) { best = n + 1; length = sec.length; }
      });
    });
    if (!best) return false;
    var file = location.pathname.split("/").pop();
    var base = file.replace(/(--\d+)?\.html$/, "");
    var target = (best === 1 ? base : base + "--" + best) + ".html";
    if (target === file) return false;
    location.replace(target + location.hash);
    return true;
  }

  function markTarget() {
    var old = document.querySelectorAll(".policy-target");
    Array.prototype.forEach.call(old, function (el) { el.classList.remove("policy-target"); });
    if (!location.hash) { missingNotice(""); return; }
    var id = decode(location.hash.slice(1));
    var el = document.getElementById(id);
    if (!el && toOtherPage(id)) return;
    missingNotice(el ? "" : id);
    if (el) {
      el.classList.add("policy-target");
      if (el.scrollIntoView) el.scrollIntoView({ block: "start" });
    }
  }

  /* A search result opens the page with ?h=<phrases>: mark them in the
   * text, then drop ?h= from the address so a copied URL is the plain,
   * permanent one. */
  function markSearchHits() {
    var match = /[?&]h=([^&#]*)/.exec(location.search);
    if (!match) return;
    var phrases = decode(match[1].replace(/\+/g, " ")).split(/\s+/).filter(Boolean);
    if (history.replaceState) history.replaceState(null, "", location.href.replace(/\?[^#]*/, ""));
    var root = document.querySelector(".md-content article");
    if (!root || !phrases.length) return;
    var walker = document.createTreeWalker(root, NodeFilter.SHOW_TEXT);
    var nodes = [];
    while (walker.nextNode()) {
      if (!walker.currentNode.parentNode.closest(".policy-tools, a.headerlink, mark")) nodes.push(walker.currentNode);
    }
    nodes.forEach(function (node) {
      var text = node.nodeValue, lower = text.toLowerCase(), spans = [];
      phrases.forEach(function (p) {
        for (var at = lower.indexOf(p); at >= 0; at = lower.indexOf(p, at + p.length)) spans.push([at, at + p.length]);
      });
      if (!spans.length) return;
      spans.sort(function (a, b) { return a[0] - b[0]; });
      var fragment = document.createDocumentFragment(), pos = 0;
      spans.forEach(function (span) {
        if (span[0] < pos) return;
        fragment.appendChild(document.createTextNode(text.slice(pos, span[0])));
        var mark = document.createElement("mark");
        mark.className = "policy-hit";
        mark.textContent = text.slice(span[0], span[1]);
        fragment.appendChild(mark);
        pos = span[1];
      });
      fragment.appendChild(document.createTextNode(text.slice(pos)));
      node.parentNode.replaceChild(fragment, node);
    });
  }

  function init() {
    var heading = document.querySelector("h1[data-doc-title]");
    if (heading) addTools(heading, heading.getAttribute("data-original"));
    // 返回简体版 on an original-text page keeps the unit the reader is on.
    Array.prototype.forEach.call(document.querySelectorAll("a.policy-back"), function (back) {
      back.addEventListener("click", function () { back.href = back.href.split("#")[0] + location.hash; });
    });
    markSearchHits();
    markTarget();
    window.addEventListener("hashchange", markTarget);
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", init);
  } else {
    init();
  }
})();
