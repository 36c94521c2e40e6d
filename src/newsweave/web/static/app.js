/* newsweave: the little JavaScript the pages use. No dependencies, no network.
   Source text only ever enters the DOM through textContent / text nodes, never innerHTML. */
(function () {
  "use strict";

  function readerData() {
    var el = document.getElementById("nw-reader-data");
    if (!el) return null;
    try { return JSON.parse(el.textContent); } catch (err) { return null; }
  }

  /* Offsets in the data are code points (Python's str indices); JavaScript strings count UTF-16
     units, so an emoji is one offset but two units. units(str, n): the index of the n-th code point. */
  function units(str, n) {
    var i = 0;
    while (n > 0 && i < str.length) {
      var c = str.charCodeAt(i);
      i += (c >= 0xD800 && c <= 0xDBFF && i + 1 < str.length) ? 2 : 1;
      n--;
    }
    return i;
  }
  function codePoints(str) {
    var n = 0;
    for (var i = 0; i < str.length; i++) {
      var c = str.charCodeAt(i);
      if (!(c >= 0xDC00 && c <= 0xDFFF && i > 0)) n++;
    }
    return n;
  }

  /* Wrap [s, e) of the text inside `root` (spread over [data-o] segments) in <mark class="hl">. */
  function highlightSegments(root, s, e) {
    var old = root.querySelectorAll("mark.hl");
    for (var i = 0; i < old.length; i++) {
      var m = old[i], p = m.parentNode;
      while (m.firstChild) p.insertBefore(m.firstChild, m);
      p.removeChild(m);
      p.normalize();
    }
    var segs = root.querySelectorAll("[data-o]"), first = null;
    for (var j = 0; j < segs.length; j++) {
      var seg = segs[j], o = parseInt(seg.getAttribute("data-o"), 10), node = seg.firstChild;
      if (!node || node.nodeType !== 3) continue;
      var a = Math.max(s, o), b = Math.min(e, o + codePoints(node.data));
      if (b <= a) continue;
      var mid = node.splitText(units(node.data, a - o));
      mid.splitText(units(mid.data, b - a));
      var mk = document.createElement("mark");
      mk.className = "hl";
      seg.replaceChild(mk, mid);
      mk.appendChild(mid);
      if (!first) first = mk;
    }
    return first;
  }

  /* ---- story page: the source reader ---- */
  var data = readerData();
  var reader = document.getElementById("reader");
  if (data && reader) {
    var body = reader.querySelector(".reader-text");
    var title = reader.querySelector(".reader-title");
    var meta = reader.querySelector(".reader-meta");
    var openLink = reader.querySelector(".reader-full");
    var closeBtn = reader.querySelector(".reader-close");
    var active = null;

    var open = function (el) {
      var aid = el.getAttribute("data-a"), art = data[aid];
      if (!art) return false;
      var text = art.text, cs = parseInt(el.getAttribute("data-s"), 10) || 0,
          ce = parseInt(el.getAttribute("data-e"), 10) || 0;
      var s = units(text, Math.max(0, cs)), e = Math.max(s, units(text, Math.max(0, ce)));
      title.textContent = art.title || art.name;
      meta.textContent = "[" + (el.getAttribute("data-n") || art.n) + "] " + art.name + (art.date ? " · " + art.date : "");
      body.textContent = "";
      var mk = null;
      if (e > s) {
        body.appendChild(document.createTextNode(text.slice(0, s)));
        mk = document.createElement("mark");
        mk.className = "hl";
        mk.textContent = text.slice(s, e);
        body.appendChild(mk);
        body.appendChild(document.createTextNode(text.slice(e)));
      } else {
        body.appendChild(document.createTextNode(text));
      }
      var href = el.getAttribute("href") || "";
      openLink.setAttribute("href", href.charAt(0) === "#" ? href : href.split("#")[0] + (e > s ? "#hl-" + cs + "-" + ce : ""));
      openLink.hidden = false;
      closeBtn.hidden = false;
      reader.classList.add("open");
      document.body.classList.add("reader-open");
      if (active) active.classList.remove("active");
      active = el;
      el.classList.add("active");
      body.scrollTop = mk ? Math.max(0, mk.offsetTop - body.clientHeight / 3) : 0;  // .reader-text is the offsetParent
      if (mk) {
        var r = reader.getBoundingClientRect();
        if (r.bottom < 0 || r.top > window.innerHeight) reader.scrollIntoView({ block: "start" });
      }
      return true;
    };

    document.addEventListener("click", function (ev) {
      if (ev.defaultPrevented || ev.button !== 0 || ev.metaKey || ev.ctrlKey || ev.shiftKey || ev.altKey) return;
      var el = ev.target.closest ? ev.target.closest("[data-a]") : null;
      if (!el || reader.contains(el)) return;
      if (open(el)) ev.preventDefault();
    });
    var close = function () {
      reader.classList.remove("open");
      document.body.classList.remove("reader-open");
      if (active) { active.classList.remove("active"); active.focus(); active = null; }
    };
    closeBtn.addEventListener("click", close);
    document.addEventListener("keydown", function (ev) { if (ev.key === "Escape") close(); });
  }

  /* ---- article page: #hl-START-END highlights an exact span ---- */
  var art = document.getElementById("article-body");
  function fromHash() {
    var m = /^#hl-(\d+)-(\d+)$/.exec(window.location.hash);
    if (!art || !m) return;
    var first = highlightSegments(art, parseInt(m[1], 10), parseInt(m[2], 10));
    if (first) first.scrollIntoView({ block: "center" });
  }
  fromHash();
  window.addEventListener("hashchange", fromHash);

  /* ---- static export: filter the story list as you type ---- */
  var filter = document.querySelector("input[data-filter]");
  if (filter) {
    var count = document.querySelector(filter.getAttribute("data-count") || ".result-count"),
        none = document.querySelector(".filter-none"), all = count ? count.textContent : "";
    filter.addEventListener("input", function () {
      var q = filter.value.toLowerCase().trim(), items = document.querySelectorAll(filter.getAttribute("data-filter")),
          shown = 0;
      for (var i = 0; i < items.length; i++) {
        var t = (items[i].getAttribute("data-text") || "").toLowerCase();
        items[i].hidden = q !== "" && t.indexOf(q) < 0;
        if (!items[i].hidden) shown++;
      }
      if (count) count.textContent = q === "" ? all : shown + " of " + items.length + " stor" + (items.length === 1 ? "y" : "ies") + " match";
      if (none) none.hidden = shown > 0;
    });
  }
})();
