/* Clause tools for document pages: permalinks, copy citation, original wording, target highlight.
 * Plain script, no network, works from file:// and over http. */
(function () {
  "use strict";

  function citationFor(el, title) {
    var url = location.href.split("#")[0] + "#" + el.id;
    return "《" + title + "》" + (el.getAttribute("data-cite") || "") + " " + url;
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

  function addTools(title, original) {
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
        var text = citationFor(el, title);
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

  function markTarget() {
    var old = document.querySelectorAll(".policy-target");
    Array.prototype.forEach.call(old, function (el) { el.classList.remove("policy-target"); });
    if (!location.hash) return;
    var el = document.getElementById(decodeURIComponent(location.hash.slice(1)));
    if (el) {
      el.classList.add("policy-target");
      if (el.scrollIntoView) el.scrollIntoView({ block: "start" });
    }
  }

  function init() {
    var heading = document.querySelector("h1[data-doc-title]");
    if (heading) addTools(heading.getAttribute("data-doc-title"), heading.getAttribute("data-original"));
    markTarget();
    window.addEventListener("hashchange", markTarget);
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", init);
  } else {
    init();
  }
})();
