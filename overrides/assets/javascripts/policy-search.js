/* Full-text search over the builder's sharded index (builder/search.py).
 *
 * A query loads search/meta.js, then only the gram shards its characters
 * fall in, then the text of the best-scoring documents, ten at a time, to
 * confirm each phrase and show it in context. Every file is a plain script,
 * so this works over http and opened from the file system alike. */
(function () {
  "use strict";

  var SEPARATOR = "\u0000";
  var NOT_WORD = /[^\p{L}\p{N}]/gu;
  var BATCH = 10; // documents whose text is loaded at a time
  var PAGE = 20; // results shown at a time
  var STEP = 5; // batches read at most per query or click: common pairs can point to many documents without the phrase
  var TITLE_BONUS = 1000;
  var HEADING_WEIGHT = 5;
  var SNIPPET = 36;

  var store = { meta: null, grams: {}, text: {} };
  var loading = {};
  var ui = null;
  var current = null; // the query being shown: { query, phrases, docs, split, next, hits, shown }
  var sequence = 0;

  window.policySearch = {
    add: function (kind, key, data) {
      if (kind === "meta") store.meta = data;
      else store[kind][key] = data;
    },
    // Exposed so the tests can check them against builder/search.py.
    fold: function (text) { return fold(text); },
    shardOf: function (gram, shards) { return shardOf(gram, shards); }
  };

  /* --- Index ---------------------------------------------------------------- */

  function load(path) {
    if (!loading[path]) {
      loading[path] = new Promise(function (resolve, reject) {
        var script = document.createElement("script");
        script.src = ui.base + path;
        script.async = true;
        script.onload = function () { resolve(); };
        script.onerror = function () {
          delete loading[path];
          reject(new Error("检索数据加载失败：" + path));
        };
        document.head.appendChild(script);
      });
    }
    return loading[path];
  }

  /* Same as builder/search.py normalize(), but keeping every position:
   * each character that is not a letter or digit becomes one separator. */
  // Variant forms folded to one, as builder/search.py VARIANTS does (著眼 finds 着眼).
  var VARIANTS = { "著": "着", "於": "于" };

  function fold(text) {
    return text.toLowerCase().replace(/[著於]/g, function (ch) { return VARIANTS[ch]; }).replace(NOT_WORD, function (ch) {
      return ch.length === 2 ? SEPARATOR + SEPARATOR : SEPARATOR;
    });
  }

  function simplify(text) {
    var map = window.policyT2S || {};
    var out = "";
    for (var i = 0; i < text.length; i++) {
      var ch = text.charAt(i);
      out += map[ch] || ch;
    }
    return out;
  }

  function phrasesOf(query) {
    var seen = {};
    return fold(simplify(query)).split(SEPARATOR).filter(function (p) {
      if (!p || seen[p]) return false;
      seen[p] = true;
      return true;
    });
  }

  function gramsOf(phrase) {
    var chars = Array.from(phrase);
    if (chars.length === 1) return chars;
    var out = [];
    for (var i = 0; i + 1 < chars.length; i++) out.push(chars[i] + chars[i + 1]);
    return out;
  }

  /* Same as builder/search.py shard_of(). */
  function shardOf(gram, shards) {
    var h = 0;
    for (var ch of gram) h = (h * 65599 + ch.codePointAt(0)) % 2147483647;
    return h % shards;
  }

  function postings(gram) {
    var shard = store.grams[shardOf(gram, store.meta.shards)];
    return (shard && shard[gram]) || [];
  }

  /* Documents holding every gram of every phrase, scored by how often the
   * rarest gram of each phrase occurs there (an upper bound on the phrase). */
  function candidates(phrases) {
    var scores = null;
    phrases.forEach(function (phrase) {
      var best = null;
      gramsOf(phrase).forEach(function (gram) {
        var next = new Map();
        postings(gram).forEach(function (value) {
          var doc = value >> 8, count = value & 255;
          if (best === null) next.set(doc, count);
          else if (best.has(doc)) next.set(doc, Math.min(best.get(doc), count));
        });
        best = next;
      });
      if (scores === null) {
        scores = best;
      } else {
        var both = new Map();
        best.forEach(function (count, doc) { if (scores.has(doc)) both.set(doc, scores.get(doc) + count); });
        scores = both;
      }
    });
    var docs = store.meta.docs;
    var ranked = [];
    scores.forEach(function (score, doc) {
      var title = fold(docs[doc][1]);
      var inTitle = phrases.every(function (p) { return title.indexOf(p) >= 0; });
      ranked.push({ doc: doc, score: score + (inTitle ? TITLE_BONUS : 0), inTitle: inTitle });
    });
    ranked.sort(function (a, b) {
      return b.score - a.score || (docs[b.doc][3] > docs[a.doc][3] ? 1 : docs[b.doc][3] < docs[a.doc][3] ? -1 : a.doc - b.doc);
    });
    return ranked;
  }

  function loadShards(phrases) {
    var needed = {};
    phrases.forEach(function (p) {
      gramsOf(p).forEach(function (g) { needed[shardOf(g, store.meta.shards)] = true; });
    });
    return Promise.all(Object.keys(needed).map(function (k) { return load("search/grams/" + k + ".js"); }));
  }

  /* The units of one document that contain every phrase. */
  function unitHits(entry, phrases, rank) {
    var slug = store.meta.docs[entry.doc][0];
    var hits = [];
    if (entry.inTitle) hits.push({ doc: entry.doc, rank: rank, order: -1, score: Infinity, unit: null });
    (store.text[slug] || []).forEach(function (unit, order) {
      var folded = fold(unit[2]), headLength = unit[3], score = 0, first = -1;
      var all = phrases.every(function (p) {
        var at = folded.indexOf(p);
        if (at < 0) return false;
        if (first < 0 || at < first) first = at;
        for (; at >= 0; at = folded.indexOf(p, at + p.length)) score += at < headLength ? HEADING_WEIGHT : 1;
        return true;
      });
      if (all) hits.push({ doc: entry.doc, rank: rank, order: order, score: score, unit: unit, first: first });
    });
    return hits;
  }

  /* Load the next batch of documents; add their hits, best first. */
  function more(state) {
    var batch = state.docs.slice(state.next, state.next + BATCH);
    var start = state.next;
    state.next += batch.length;
    return Promise.all(batch.map(function (entry) {
      return load("search/text/" + store.meta.docs[entry.doc][0] + ".js");
    })).then(function () {
      var hits = [];
      batch.forEach(function (entry, i) { hits = hits.concat(unitHits(entry, state.phrases, start + i)); });
      hits.sort(function (a, b) { return b.score - a.score || a.rank - b.rank || a.order - b.order; });
      state.hits = state.hits.concat(hits);
    });
  }

  /* Enough hits to show ``want`` of them, or every candidate read. */
  function fill(state, want, budget) {
    if (state.hits.length >= want || state.next >= state.docs.length || budget <= 0) return Promise.resolve();
    return more(state).then(function () { return fill(state, want, budget - 1); });
  }

  /* A phrase with no match is tried again cut into two-character words. */
  function words(phrases) {
    var out = [];
    phrases.forEach(function (p) {
      var chars = Array.from(p);
      if (chars.length < 3) { out.push(p); return; }
      for (var i = 0; i < chars.length; i += 2) {
        var rest = chars.length - i;
        out.push(chars.slice(i, i + (rest === 3 ? 3 : 2)).join(""));
        if (rest === 3) break;
      }
    });
    return out.filter(function (w, i) { return out.indexOf(w) === i; });
  }

  function attempt(query, phrases, split, filter) {
    return loadShards(phrases).then(function () {
      var docs = candidates(phrases).filter(function (e) { return !filter || filter(store.meta.docs[e.doc]); });
      var state = { query: query, phrases: phrases, docs: docs, split: split, filter: filter,
                    next: 0, hits: [], shown: 0 };
      return fill(state, PAGE, STEP).then(function () { return state; });
    });
  }

  /* ``filter``: an optional test of a document's meta.js entry (the search page's filters). */
  function search(query, filter) {
    var phrases = phrasesOf(query);
    if (!phrases.length) return Promise.resolve(null);
    return load("search/meta.js").then(function () {
      return attempt(query, phrases, false, filter);
    }).then(function (state) {
      var none = !state.hits.length && state.next >= state.docs.length;
      if (!none || phrases.every(function (p) { return Array.from(p).length < 3; })) return state;
      return attempt(query, words(phrases), true, filter).then(function (split) {
        return split.hits.length ? split : state;
      });
    });
  }

  /* --- Results --------------------------------------------------------------- */

  function element(tag, className, text) {
    var el = document.createElement(tag);
    if (className) el.className = className;
    if (text) el.textContent = text;
    return el;
  }

  /* ``text`` around its first match, every phrase marked. */
  function snippet(text, phrases, first) {
    var from = Math.max(0, first - SNIPPET), to = Math.min(text.length, first + SNIPPET * 3);
    var piece = text.slice(from, to), folded = fold(piece);
    var marks = [];
    phrases.forEach(function (p) {
      for (var at = folded.indexOf(p); at >= 0; at = folded.indexOf(p, at + p.length)) marks.push([at, at + p.length]);
    });
    marks.sort(function (a, b) { return a[0] - b[0]; });
    var p = element("p"), pos = 0;
    if (from > 0) p.appendChild(document.createTextNode("…"));
    marks.forEach(function (m) {
      if (m[0] < pos) return;
      p.appendChild(document.createTextNode(piece.slice(pos, m[0])));
      p.appendChild(element("mark", "", piece.slice(m[0], m[1])));
      pos = m[1];
    });
    p.appendChild(document.createTextNode(piece.slice(pos) + (to < text.length ? "…" : "")));
    return p;
  }

  /* One entry of Material's result list: <li><a><article>…</article></a></li>. */
  function listItem(href, article) {
    var link = element("a", "md-search-result__link");
    link.href = href;
    link.tabIndex = -1;
    link.appendChild(article);
    var item = element("li", "md-search-result__item");
    item.appendChild(link);
    return item;
  }

  /* A title in 书名号 once, a title inside it in 〈〉 (GB/T 15834-2011, 4.15.3), as
   * builder/cite.py's book_title writes it: 《印发〈…办法〉的通知》, never 《印发《…》的通知》. */
  function bookTitle(title) {
    var inner = title.trim();
    if (/^《[^《》]*》$/.test(inner)) inner = inner.slice(1, -1);
    return "《" + inner.replace(/《/g, "〈").replace(/》/g, "〉") + "》";
  }

  function resultItem(hit, phrases) {
    var doc = store.meta.docs[hit.doc];
    var article = element("article", "md-search-result__article md-typeset");
    if (hit.unit) {
      var label = hit.unit[1] ? hit.unit[1] + "　" : "";
      article.appendChild(element("h2", "", label + bookTitle(doc[2])));
      article.appendChild(snippet(hit.unit[2], phrases, hit.first));
    } else {
      article.classList.add("md-search-result__article--document");
      article.appendChild(element("h1", "", doc[1]));
    }
    // Every hit says which document it is from: its date, kind and validity.
    article.appendChild(documentLine(doc, kindAndStatus(doc)));
    // ?h= lets the page mark the phrases (policy.js), then it drops it from the address.
    // A unit of a document on several pages names its page (builder/paging.py: slug--2.html).
    var page = hit.unit && hit.unit[4] > 1 ? "--" + hit.unit[4] : "";
    return listItem(ui.base + "doc/" + doc[0] + page + ".html?h=" + encodeURIComponent(phrases.join(" ")) +
                    (hit.unit ? "#" + hit.unit[0] : ""), article);
  }

  function termItems(phrases) {
    var joined = phrases.join("");
    return store.meta.terms.filter(function (t) {
      return [t[1]].concat(t[2]).some(function (form) { return fold(form) === joined; });
    }).map(function (t) {
      var article = element("article", "md-search-result__article md-search-result__article--document md-typeset");
      article.appendChild(element("h1", "", "术语：" + t[1]));
      article.appendChild(element("p", "", t[3] || "在各文件中的提及"));
      return listItem(ui.base + "terms/" + t[0] + ".html", article);
    });
  }

  /* Documents whose metadata holds every phrase: a number (旺府办发), an issuer,
   * a source (四川日报), a kind or a year. They come first, like a glossary term. */
  function factDocs(phrases, filter) {
    // The documents' facts, folded once for all queries.
    store.foldedFacts = store.foldedFacts || store.meta.docs.map(function (doc) { return fold(doc[5] || ""); });
    return store.meta.docs.filter(function (doc, i) {
      var facts = store.foldedFacts[i];
      return phrases.length && phrases.every(function (p) { return facts.indexOf(p) >= 0; }) && (!filter || filter(doc));
    }).slice(0, PAGE);
  }

  /* The count above the results, of what is listed: the documents among them (found by
   * their facts or in their text) and the entries shown, so it never says 0 above results. */
  function countLine(state, listed) {
    var documents = {};
    state.hits.slice(0, state.shown).forEach(function (hit) { documents[store.meta.docs[hit.doc][0]] = true; });
    (state.factDocs || []).forEach(function (doc) { documents[doc[0]] = true; });
    var count = Object.keys(documents).length;
    return (count ? count + " 篇文件，" : "") + "已列出 " + listed + " 项";
  }

  function documentItem(doc) {
    var article = element("article", "md-search-result__article md-search-result__article--document md-typeset");
    article.appendChild(element("h1", "", doc[1]));
    article.appendChild(documentLine(doc, doc[5] + " · 效力：" + (doc[6] || "未标注")));
    return listItem(ui.base + "doc/" + doc[0] + ".html", article);
  }

  function kindAndStatus(doc) { return doc[4] + " · 效力：" + (doc[6] || "未标注"); }

  /* 文件日期：2017-12-30　<what follows> under a result. */
  function documentLine(doc, rest) {
    return element("p", "policy-search-date", (doc[3] ? "文件日期：" + doc[3] + "　" : "") + (rest || ""));
  }

  function setMeta(text) { ui.meta.textContent = text; }

  /* Say which query the list shows (tests and tools wait for it). */
  function done(query) { ui.result.setAttribute("data-query", query); }

  function showPage(state) {
    if (state.shown === 0) {
      ui.list.textContent = "";
      state.factDocs = factDocs(state.phrases, state.filter);
      termItems(state.phrases).concat(state.factDocs.map(documentItem)).forEach(function (item) {
        ui.list.appendChild(item);
      });
    }
    state.hits.slice(state.shown, state.shown + PAGE).forEach(function (hit) {
      ui.list.appendChild(resultItem(hit, state.phrases));
    });
    state.shown = Math.min(state.hits.length, state.shown + PAGE);
    var unread = state.docs.length - state.next;
    var more = state.shown < state.hits.length || unread > 0;
    ui.more.hidden = !more;
    ui.more.textContent = state.shown < state.hits.length ? "显示更多结果" : "继续查找";
    if (!state.hits.length && !ui.list.children.length && !unread) {
      setMeta("没有找到“" + state.query + "”");
    } else if (!state.hits.length && !unread) {
      setMeta("按文件信息（文号、发布机关、来源、类型、年份）找到 " + countLine(state, ui.list.children.length));
    } else {
      setMeta((state.split ? "没有完整的“" + state.query + "”，以下含有“" + state.phrases.join("”“") + "”。" : "") +
              countLine(state, ui.list.children.length) +
              (unread ? "（另有 " + unread + " 篇文件待查）" : more ? "" : "（全部）"));
    }
  }

  function run() {
    var query = ui.input.value.trim();
    var seq = ++sequence;
    ui.result.removeAttribute("data-query");
    if (!query) {
      current = null;
      ui.list.textContent = "";
      ui.more.hidden = true;
      setMeta("输入文字开始检索");
      done(query);
      return;
    }
    setMeta("正在检索…");
    search(query).then(function (state) {
      if (seq !== sequence) return; // a newer query is on its way
      current = state;
      if (!state) {
        ui.list.textContent = "";
        setMeta("没有可检索的文字");
      } else {
        showPage(state);
      }
      done(query);
    }).catch(function (error) {
      if (seq === sequence) setMeta(error.message);
    });
  }

  function showMore() {
    var state = current;
    if (!state) return;
    fill(state, state.shown + PAGE, STEP).then(function () {
      if (state === current) showPage(state);
    });
  }

  /* --- The box ---------------------------------------------------------------- */

  function open(yes) {
    var toggle = document.getElementById("__search");
    if (toggle && toggle.checked !== yes) toggle.checked = yes;
    if (!yes) ui.input.blur();
  }

  function onInput(event) {
    if (event.isComposing) return;
    var simple = simplify(ui.input.value);
    if (simple !== ui.input.value) {
      var caret = ui.input.selectionStart;
      ui.input.value = simple;
      ui.input.setSelectionRange(caret, caret);
      ui.input.title = "已按简体检索";
    }
    run();
  }

  function links() { return Array.prototype.slice.call(ui.list.querySelectorAll("a")); }

  function onKey(event) {
    var inBox = event.target === ui.input;
    var all = links(), at = all.indexOf(document.activeElement);
    if (event.key === "Escape" && (inBox || at >= 0)) {
      open(false);
    } else if (event.key === "ArrowDown" && (inBox || at >= 0) && all.length) {
      all[Math.min(at + 1, all.length - 1)].focus();
    } else if (event.key === "ArrowUp" && at >= 0) {
      if (at === 0) ui.input.focus(); else all[at - 1].focus();
    } else if (event.key === "Enter" && inBox && all.length) {
      all[0].click();
    } else if ((event.key === "/" || event.key === "s") && !isTyping(event.target)) {
      ui.input.focus();
      ui.input.select();
    } else {
      return;
    }
    event.preventDefault();
  }

  function isTyping(el) {
    return el && (el.isContentEditable || /^(INPUT|TEXTAREA|SELECT)$/.test(el.tagName));
  }

  function init() {
    var form = document.querySelector("form[name=policy-search]");
    if (!form) return;
    var result = document.querySelector("[data-policy-search=result]");
    ui = {
      base: form.getAttribute("data-policy-search-base") || "./",
      result: result,
      input: form.querySelector("[data-policy-search=query]"),
      meta: result.querySelector(".md-search-result__meta"),
      list: result.querySelector(".md-search-result__list"),
      more: result.querySelector(".policy-search-more")
    };
    form.addEventListener("submit", function (event) { event.preventDefault(); });
    form.addEventListener("reset", function () { setTimeout(run, 0); });
    ui.input.addEventListener("focus", function () { open(true); });
    // The header's search icon (small screens) and the overlay flip Material's
    // __search toggle: follow it with the focus.
    var toggle = document.getElementById("__search");
    if (toggle) {
      toggle.addEventListener("change", function () {
        if (toggle.checked) ui.input.focus();
        else ui.input.blur();
      });
    }
    ui.input.addEventListener("input", onInput);
    ui.input.addEventListener("compositionend", onInput);
    ui.more.addEventListener("click", showMore);
    // The search page, with filters, for the query in the box.
    ui.advanced = element("a", "policy-search-advanced", "按年份、类型、发布机关、效力筛选 →");
    ui.advanced.href = ui.base + "search.html";
    ui.meta.parentNode.insertBefore(ui.advanced, ui.meta.nextSibling);
    ui.input.addEventListener("input", function () {
      var q = ui.input.value.trim();
      ui.advanced.href = ui.base + "search.html" + (q ? "?q=" + encodeURIComponent(q) : "");
    });
    ui.list.addEventListener("click", function (event) {
      if (event.target.closest("a")) open(false);
    });
    document.addEventListener("keydown", onKey);
  }

  /* --- The search page (search.html): filters, and the search in the address ------- */

  var FILTERS = ["q", "from", "to", "kind", "issuer", "validity"];
  var UNMARKED = "未标注";

  /* A document's meta.js entry against the filters: year range, kind, issuer, validity. */
  function filterOf(f) {
    if (!f.from && !f.to && !f.kind && !f.issuer && !f.validity) return null;
    return function (doc) {
      var year = doc[3] ? +doc[3].slice(0, 4) : null;
      if (f.from && (year === null || year < +f.from)) return false;
      if (f.to && (year === null || year > +f.to)) return false;
      if (f.kind && doc[4] !== f.kind) return false;
      if (f.issuer && (doc[7] || []).indexOf(f.issuer) < 0) return false;
      if (f.validity && (doc[6] || UNMARKED) !== f.validity) return false;
      return true;
    };
  }

  function options(select, values) {
    values.forEach(function (v) {
      var option = element("option", "", v[1] || v[0]);
      option.value = v[0];
      select.appendChild(option);
    });
  }

  /* Each filter's choices, from the documents themselves (most documents first). */
  function fillFilters(form) {
    var docs = store.meta.docs, counts = { kind: {}, issuer: {}, validity: {} }, years = {};
    docs.forEach(function (doc) {
      if (doc[3]) years[doc[3].slice(0, 4)] = true;
      counts.kind[doc[4]] = (counts.kind[doc[4]] || 0) + 1;
      (doc[7] || []).forEach(function (i) { counts.issuer[i] = (counts.issuer[i] || 0) + 1; });
      var v = doc[6] || UNMARKED;
      counts.validity[v] = (counts.validity[v] || 0) + 1;
    });
    var yearList = Object.keys(years).sort().reverse().map(function (y) { return [y, y + "年"]; });
    options(form.querySelector("[data-policy-filter=from]"), yearList);
    options(form.querySelector("[data-policy-filter=to]"), yearList);
    ["kind", "issuer", "validity"].forEach(function (name) {
      var c = counts[name];
      options(form.querySelector("[data-policy-filter=" + name + "]"), Object.keys(c).sort(function (a, b) {
        return c[b] - c[a] || (a < b ? -1 : 1);
      }).map(function (k) { return [k, k + "（" + c[k] + "）"]; }));
    });
  }

  function formValues(form) {
    var out = {};
    FILTERS.forEach(function (name) { out[name] = form.querySelector("[data-policy-filter=" + name + "]").value.trim(); });
    return out;
  }

  /* ?q=天府新区&from=2011&kind=决定 -> the form (a value not among the choices is ignored). */
  function readAddress(form) {
    var params = new URLSearchParams(location.search);
    FILTERS.forEach(function (name) {
      var field = form.querySelector("[data-policy-filter=" + name + "]"), value = params.get(name);
      if (value === null) return;
      if (field.tagName === "SELECT" && !Array.prototype.some.call(field.options, function (o) { return o.value === value; })) return;
      field.value = name === "q" ? simplify(value) : value;
    });
  }

  /* The form -> the address, so the search can be shared and reloaded (also from file://). */
  function writeAddress(values) {
    var params = new URLSearchParams();
    FILTERS.forEach(function (name) { if (values[name]) params.set(name, values[name]); });
    var query = params.toString();
    if (history.replaceState) history.replaceState(null, "", location.pathname + (query ? "?" + query : "") + location.hash);
  }

  function pageInit(form) {
    var page = {
      form: form, seq: 0, state: null, docs: null, shown: 0,
      meta: document.querySelector("[data-policy-search-page-meta]"),
      list: document.querySelector("[data-policy-search-page-results]"),
      more: document.querySelector("[data-policy-search-page-more]")
    };
    form.addEventListener("submit", function (event) { event.preventDefault(); });
    load("search/meta.js").then(function () {
      fillFilters(form);
      readAddress(form);
      pageRun(page, false);
      form.addEventListener("input", function (event) { if (!event.isComposing) pageRun(page, true); });
      form.addEventListener("change", function () { pageRun(page, true); });
      page.more.addEventListener("click", function () { pageMore(page); });
    }).catch(function (error) { page.meta.textContent = error.message; });
  }

  function pageRun(page, write) {
    var values = formValues(page.form), filter = filterOf(values), seq = ++page.seq;
    if (write) writeAddress(values);
    page.list.removeAttribute("data-query");
    page.list.textContent = "";
    page.state = null;
    page.docs = null;
    page.shown = 0;
    if (!values.q) {
      // Filters alone: the documents they leave, newest first.
      page.docs = store.meta.docs.filter(function (doc) { return !filter || filter(doc); }).sort(function (a, b) {
        return a[3] < b[3] ? 1 : a[3] > b[3] ? -1 : 0;
      });
      pageShow(page, values);
      return;
    }
    page.meta.textContent = "正在检索…";
    search(values.q, filter).then(function (state) {
      if (seq !== page.seq) return;
      page.state = state;
      pageShow(page, values);
    }).catch(function (error) { if (seq === page.seq) page.meta.textContent = error.message; });
  }

  function pageShow(page, values) {
    var state = page.state;
    if (page.docs) {
      page.docs.slice(page.shown, page.shown + PAGE).forEach(function (doc) { page.list.appendChild(documentItem(doc)); });
      page.shown = Math.min(page.docs.length, page.shown + PAGE);
      page.meta.textContent = filterOf(values) ? "符合筛选条件的文件 " + page.docs.length + " 篇，按日期排列"
                                               : "全部 " + page.docs.length + " 篇文件，按日期排列；输入检索词或选择筛选条件";
      page.more.hidden = page.shown >= page.docs.length;
    } else if (!state) {
      page.meta.textContent = "没有可检索的文字";
      page.more.hidden = true;
    } else {
      if (state.shown === 0) {
        state.factDocs = factDocs(state.phrases, state.filter);
        (filterOf(values) ? [] : termItems(state.phrases)).concat(state.factDocs.map(documentItem))
          .forEach(function (item) { page.list.appendChild(item); });
      }
      state.hits.slice(state.shown, state.shown + PAGE).forEach(function (hit) {
        page.list.appendChild(resultItem(hit, state.phrases));
      });
      state.shown = Math.min(state.hits.length, state.shown + PAGE);
      var unread = state.docs.length - state.next;
      page.meta.textContent = !page.list.children.length && !unread ? "没有找到“" + state.query + "”" + (filterOf(values) ? "（在筛选范围内）" : "")
        : countLine(state, page.list.children.length) + (unread ? "（另有 " + unread + " 篇文件待查）" : "");
      page.more.hidden = !(state.shown < state.hits.length || unread > 0);
    }
    page.list.setAttribute("data-query", JSON.stringify(values));
  }

  function pageMore(page) {
    if (page.docs) { pageShow(page, formValues(page.form)); return; }
    var state = page.state;
    if (!state) return;
    fill(state, state.shown + PAGE, STEP).then(function () { if (state === page.state) pageShow(page, formValues(page.form)); });
  }

  function start() {
    init();
    var page = document.querySelector("form[data-policy-search-page]");
    if (page && ui) pageInit(page);
  }

  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", start);
  else start();
})();
