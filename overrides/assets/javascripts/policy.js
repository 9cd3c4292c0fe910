/* Clause tools for document pages: permalinks, copy citation, original wording, target highlight.
 * Plain script, no network, works from file:// and over http. */
(function () {
  "use strict";

  /* 中共四川省委 四川省人民政府《关于…的决定》（2011年9月22日）二、（六），https://…#part-2-clause-6
   * The address is the published one (site_url), never file:// or a local server's. */
  /* A title in 书名号 once, a title inside it in 〈〉 (GB/T 15834-2011, 4.15.3), as
   * builder/cite.py's book_title writes it. */
  function bookTitle(title) {
    var inner = title.trim();
    if (/^《[^《》]*》$/.test(inner)) inner = inner.slice(1, -1);
    return "《" + inner.replace(/《/g, "〈").replace(/》/g, "〉") + "》";
  }

  function citationFor(el, heading) {
    var canonical = heading.getAttribute("data-canonical") || location.href.split(/[?#]/)[0];
    var prefix = heading.getAttribute("data-cite-prefix") || bookTitle(heading.getAttribute("data-doc-title"));
    return prefix + (el.getAttribute("data-cite") || "") + "，" + canonical + "#" + el.id;
  }

  /* --- 引用格式: GB/T 7714-2015, BibTeX and CSL-JSON for the document or one unit ----------
   * From the page's Highwire Press tags (overrides/main.html), the h1's canonical address
   * and the unit's citation label; the access date is the reader's today. */
  function metaValues(name) {
    return Array.prototype.map.call(document.querySelectorAll('meta[name="' + name + '"]'),
                                    function (m) { return m.getAttribute("content"); });
  }

  function today() {
    var d = new Date();
    return d.getFullYear() + "-" + ("0" + (d.getMonth() + 1)).slice(-2) + "-" + ("0" + d.getDate()).slice(-2);
  }

  function reference(el, heading) {
    var canonical = heading.getAttribute("data-canonical") || location.href.split(/[?#]/)[0];
    var template = heading.getAttribute("data-gbt7714") || "";
    var date = (metaValues("citation_publication_date")[0] || "").replace(/\//g, "-");
    return {
      title: metaValues("citation_title")[0] || heading.getAttribute("data-doc-title"),
      authors: metaValues("citation_author"),
      date: date,
      publisher: metaValues("citation_publisher")[0] || "",
      number: metaValues("citation_technical_report_number")[0] || "",
      kind: metaValues("DC.type")[0] || "",
      url: canonical + (el && el.id ? "#" + el.id : ""),
      label: el ? el.getAttribute("data-cite") || "" : "",
      accessed: today(),
      template: template,
      key: (canonical.split("/").pop() || "doc").replace(/\.html$/, "").replace(/[^A-Za-z0-9-]/g, "")
    };
  }

  function gbt7714(r) {
    // The builder writes the reference (builder/cite.py: 主要责任者. 题名: 文号[EB/OL]. (发布日期)
    // [引用日期]. 获取和访问路径.); the unit, the reader's access date and the address go in here.
    return r.template.replace("{unit}", r.label ? ": " + r.label : "")
                     .replace("{accessed}", r.accessed).replace("{url}", r.url);
  }

  function bibValue(text) { return text.replace(/[{}\\]/g, "").replace(/([%&$#_])/g, "\\$1"); }

  function bibtex(r) {
    var fields = [["author", r.authors.map(function (a) { return "{" + bibValue(a) + "}"; }).join(" and ")],
                  ["title", "{" + bibValue(r.title) + "}"], ["year", r.date.slice(0, 4)], ["date", r.date],
                  ["number", bibValue(r.number)], ["type", bibValue(r.kind)], ["note", bibValue(r.label)],
                  ["publisher", bibValue(r.publisher)], ["url", r.url], ["urldate", r.accessed], ["langid", "chinese"]];
    return "@misc{" + r.key + (r.date ? "-" + r.date.slice(0, 4) : "") + ",\n" + fields.filter(function (f) { return f[1]; })
      .map(function (f) { return "  " + f[0] + " = {" + f[1] + "}"; }).join(",\n") + "\n}";
  }

  function dateParts(iso) { return { "date-parts": [iso.split("-").map(Number)] }; }

  function cslJson(r) {
    var item = { id: r.key + (r.label ? "#" + r.label : ""), type: "legislation", title: r.title,
                 author: r.authors.map(function (a) { return { literal: a }; }), URL: r.url,
                 accessed: dateParts(r.accessed), language: "zh-CN" };
    if (r.date) item.issued = dateParts(r.date);
    if (r.number) item.number = r.number;
    if (r.publisher) item.publisher = r.publisher;
    if (r.label) item.section = r.label;
    if (r.kind) item.genre = r.kind;
    return JSON.stringify([item], null, 2);
  }

  function citePanel(el, heading, anchor) {
    var open = anchor.nextElementSibling;
    if (open && open.classList.contains("policy-cite-panel")) { open.parentNode.removeChild(open); return null; }
    var r = reference(el, heading);
    var panel = document.createElement("div");
    panel.className = "policy-cite-panel";
    panel.setAttribute("role", "region");
    panel.setAttribute("aria-label", "引用格式");
    [["GB/T 7714-2015", gbt7714(r), "gbt7714"], ["BibTeX", bibtex(r), "bibtex"], ["CSL-JSON", cslJson(r), "csl-json"]]
      .forEach(function (format) {
        var head = document.createElement("p");
        head.className = "policy-cite-format";
        head.textContent = format[0] + " ";
        var copy = document.createElement("button");
        copy.type = "button";
        copy.textContent = "复制";
        copy.addEventListener("click", function () {
          copyText(format[1]).then(function () { showToast("已复制 " + format[0]); });
        });
        head.appendChild(copy);
        var body = document.createElement("pre");
        body.setAttribute("data-format", format[2]);
        body.textContent = format[1];
        panel.appendChild(head);
        panel.appendChild(body);
      });
    anchor.parentNode.insertBefore(panel, anchor.nextSibling);
    return panel;
  }

  function formatsButton(el, heading, anchor) {
    var button = document.createElement("button");
    button.type = "button";
    button.className = "policy-formats-button";
    button.textContent = "引用格式";
    button.title = "GB/T 7714、BibTeX、CSL-JSON 格式的引文";
    button.setAttribute("aria-expanded", "false");
    button.addEventListener("click", function (event) {
      event.preventDefault();
      var panel = citePanel(el, heading, anchor());
      button.setAttribute("aria-expanded", panel ? "true" : "false");
    });
    return button;
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
    // The whole document's formats, beside its title.
    var docBar = document.createElement("span");
    docBar.className = "policy-tools policy-tools--document";
    docBar.appendChild(formatsButton(null, heading, function () { return heading; }));
    heading.appendChild(docBar);
    var units = document.querySelectorAll(".md-content [data-cite][id]");
    Array.prototype.forEach.call(units, function (el) {
      var bar = document.createElement("span");
      bar.className = "policy-tools";
      if (el.tagName === "P" || el.tagName === "TR") {
        var link = document.createElement("a");
        link.className = "policy-permalink";
        link.href = "#" + el.id;
        link.title = el.tagName === "TR" ? "本行的永久链接" : "本段的永久链接";
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
      bar.appendChild(formatsButton(el, heading, function () { return el; }));
      if (original) {
        var orig = document.createElement("a");
        orig.className = "policy-original-link";
        orig.href = original + "#" + el.id;
        orig.textContent = "原文";
        orig.title = "查看本条的繁体原文";
        bar.appendChild(orig);
      }
      // A table's row keeps its tools in its last cell; a table, after its rows.
      (el.tagName === "TR" ? el.cells[el.cells.length - 1] || el : el).appendChild(bar);
    });
  }

  /* A touch screen has no hover: a tap on a unit's text shows its tools (policy.css hides them
   * until then), and a tap on another unit moves them there. The tools themselves, links and
   * buttons act as usual. The text under a heading shows the heading's tools. */
  function revealOnTap() {
    var touch = window.matchMedia ? window.matchMedia("(hover: none)") : null;
    var content = document.querySelector(".md-content");
    if (!touch || !content) return;
    content.addEventListener("click", function (event) {
      if (!touch.matches || event.target.closest("a, button, .policy-cite-panel")) return;
      var unit = event.target.closest("[data-cite][id]");
      var text = event.target.closest("p.policy-text");
      if (!unit && text && text.previousElementSibling && text.previousElementSibling.hasAttribute("data-cite")) {
        unit = text.previousElementSibling;
      }
      Array.prototype.forEach.call(document.querySelectorAll(".policy-tools-shown"), function (other) {
        if (other !== unit) other.classList.remove("policy-tools-shown");
      });
      if (unit && unit.tagName !== "H1") unit.classList.toggle("policy-tools-shown");
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
      // A heading stands for its whole unit: mark what follows it, up to the next heading
      // of the same or a higher level (its text, paragraphs and sub-units).
      var level = /^H([1-6])$/.exec(el.tagName);
      for (var next = el.nextElementSibling; level && next; next = next.nextElementSibling) {
        var other = /^H([1-6])$/.exec(next.tagName);
        if (other && +other[1] <= +level[1]) break;
        next.classList.add("policy-target");
      }
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
    if (heading) {
      addTools(heading, heading.getAttribute("data-original"));
      revealOnTap();
    }
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
