// Inline, no dependencies, no network. Document text is never read into markup here: finding details are
// cloned from inert <template> elements that the server already escaped, and keys are f<n>a / f<n>o<m>.
// The few strings built here (finding ids, labels) go in with textContent.
(function () {
  "use strict";
  var data = JSON.parse(document.getElementById("reuse-data").textContent);
  var active = [];
  var nav = document.querySelector("nav.top");

  function fill(i) {
    var article = document.getElementById("finding-f" + i);
    if (!article || article.dataset.filled) { return article; }
    var tpl = document.getElementById("tpl-f" + i);
    var body = article.querySelector(".body");
    if (tpl && body) { body.replaceChildren(tpl.content.cloneNode(true)); }
    article.dataset.filled = "1";
    return article;
  }

  var observer = null;
  if ("IntersectionObserver" in window) {
    observer = new IntersectionObserver(function (entries) {
      entries.forEach(function (entry) {
        if (entry.isIntersecting) {
          fill(Number(entry.target.dataset.i));
          observer.unobserve(entry.target);
        }
      });
    }, { rootMargin: "1200px 0px" });
  }
  document.querySelectorAll("article.finding").forEach(function (article) {
    if (observer) { observer.observe(article); } else { fill(Number(article.dataset.i)); }
  });

  // Printing (or saving as PDF) lays out the whole page at once: every card filled, every section open.
  var opened = [];
  function beforePrint() {
    document.querySelectorAll("article.finding").forEach(function (article) { fill(Number(article.dataset.i)); });
    document.querySelectorAll("details:not([open])").forEach(function (d) { d.open = true; opened.push(d); });
  }
  function afterPrint() {
    opened.forEach(function (d) { d.open = false; });
    opened = [];
  }
  window.addEventListener("beforeprint", beforePrint);
  window.addEventListener("afterprint", afterPrint);
  if (window.matchMedia) {
    var print = window.matchMedia("print");
    var onPrint = function (event) { if (event.matches) { beforePrint(); } };
    if (print.addEventListener) { print.addEventListener("change", onPrint); }
  }

  // Sticky table headers sit below the sticky top bar, whatever its height (it wraps on narrow screens).
  function measureNav() {
    var sticky = nav && getComputedStyle(nav).position === "sticky";
    document.documentElement.style.setProperty("--nav-h", (sticky ? nav.offsetHeight : 0) + "px");
  }
  measureNav();
  window.addEventListener("resize", measureNav);

  // Cards fill as they come near the window and grow, so a jump fills the cards above the target,
  // which pushes it down: follow it, frame by frame, until it has stayed put for a few frames (or
  // two seconds pass, or the reader scrolls or types, which is theirs to do).
  var following = 0;
  function reveal(el) {
    if (!el) { return; }
    var run = ++following;
    el.scrollIntoView({ block: "center", inline: "nearest" });
    var wanted = el.getBoundingClientRect().top;
    var still = 0;
    var frames = 0;
    function settle() {
      if (run !== following || still >= 5 || frames++ > 120) { return; }
      var top = el.getBoundingClientRect().top;
      if (Math.abs(top - wanted) >= 1) {
        el.scrollIntoView({ block: "center", inline: "nearest" });
        wanted = el.getBoundingClientRect().top;
        still = 0;
      } else {
        still += 1;
      }
      requestAnimationFrame(settle);
    }
    requestAnimationFrame(settle);
  }
  ["wheel", "touchstart", "keydown"].forEach(function (type) {
    window.addEventListener(type, function () { following += 1; }, { passive: true });
  });

  // A cluster's card shows the first place beside one copy at a time: show copy n (1 for #2, ...).
  function showCopy(i, n) {
    var article = fill(i);
    if (!article) { return; }
    var panes = article.querySelectorAll(".sides[data-copy]");
    if (!article.querySelector('.sides[data-copy="' + n + '"]')) { return; }
    panes.forEach(function (pane) { pane.hidden = pane.dataset.copy !== String(n); });
    var select = article.querySelector("select[data-compare]");
    if (select) { select.value = String(n); }
  }

  // The copy a cluster part key (f<i>o<n>) stands for, when its card compares copies.
  function copyOf(key) {
    var m = /^f\d+o(\d+)$/.exec(key || "");
    return m && Number(m[1]) > 0 ? Number(m[1]) : 0;
  }

  // Highlight every element of finding i (its passages in the card and its runs in the documents);
  // go is "card", a part key to scroll to in the document view, or "" to stay put. Returns the target.
  function activate(i, go, focus) {
    var finding = data.findings[i];
    if (!finding) { return null; }
    var article = fill(i);
    active.forEach(function (el) { el.classList.remove("active", "current"); });
    active = [];
    var selector = finding.keys.map(function (k) { return '[data-k~="' + k + '"]'; }).join(",");
    if (selector) {
      document.querySelectorAll(selector).forEach(function (el) { el.classList.add("active"); active.push(el); });
    }
    [article, document.querySelector('#finding-list tr[data-i="' + i + '"]')].forEach(function (el) {
      if (el) { el.classList.add("current"); active.push(el); }
    });
    var target = null;
    if (go === "card") {
      var pane = article && article.querySelector(".sides:not([hidden])");
      target = pane && pane.querySelector("mark") ? pane : article;
    } else if (go) {
      target = document.querySelector('.doc [data-k~="' + go + '"]') || document.getElementById("s-" + go);
    }
    reveal(target);
    // Keyboard and screen reader users land where they were sent, not back in the list.
    if (focus) {
      var place = go === "card" ? article : target;
      if (place && place.focus) { place.focus({ preventScroll: true }); }
    }
    return target;
  }

  // A run in two findings or more: a small list of them, each a link to its counterpart.
  var menu = document.getElementById("seg-menu");
  var menuFrom = null;
  function closeMenu(refocus) {
    if (!menu || menu.hidden) { return; }
    menu.hidden = true;
    if (refocus && menuFrom) { menuFrom.focus(); }
    menuFrom = null;
  }
  function openMenu(seg) {
    var keys = seg.dataset.k.split(" ");
    menu.replaceChildren();
    var title = document.createElement("p");
    title.textContent = "This passage is in " + keys.length + " findings:";
    menu.appendChild(title);
    keys.forEach(function (key) {
      var part = data.parts[key];
      if (!part) { return; }
      var finding = data.findings[part[0]];
      var link = document.createElement("a");
      var go = part[3];
      link.href = go === "card" ? "#" + finding.id : "#s-" + go;
      link.dataset.i = String(part[0]);
      link.dataset.go = go;
      link.textContent = finding.id + " " + finding.kind + " " + part[1] +
        (go === "card" ? ": its card" : ": to " + part[2]);
      menu.appendChild(link);
    });
    var box = seg.getBoundingClientRect();
    menu.hidden = false;
    var left = Math.min(box.left, document.documentElement.clientWidth - menu.offsetWidth - 8);
    menu.style.left = Math.max(8, left) + window.scrollX + "px";
    menu.style.top = box.bottom + window.scrollY + 4 + "px";
    menuFrom = seg;
    var first = menu.querySelector("a");
    if (first) { first.focus({ preventScroll: true }); }
  }

  // In reuse serve's page the report is a blob: URL in a frame sandboxed to an origin of its own
  // ("null"): there a #link would navigate the blob: URL, which such a frame may not load, and the
  // history may not be written. So links scroll to their target, and the address stays as it is.
  var sandboxed = window.origin === "null" && location.protocol === "blob:";
  function remember(href) {
    if (!sandboxed) { history.replaceState(null, "", href); }
  }

  document.addEventListener("click", function (event) {
    var seg = event.target.closest("a.seg");
    if (seg && menu && seg.dataset.k.indexOf(" ") > 0) {
      event.preventDefault();
      openMenu(seg);
      return;
    }
    if (menu && !menu.contains(event.target)) { closeMenu(false); }
    var link = event.target.closest("a[data-go]");
    if (link) {
      event.preventDefault();
      closeMenu(false);
      var copy = copyOf(link.dataset.go);
      if (copy) { showCopy(Number(link.dataset.i), copy); }
      activate(Number(link.dataset.i), link.dataset.go, true);
      remember(link.getAttribute("href"));
      return;
    }
    var button = event.target.closest("button[data-compare]");
    if (button) {
      showCopy(Number(button.dataset.compare), Number(button.value));
      var shown = document.querySelector("#finding-f" + button.dataset.compare + " .sides:not([hidden])");
      reveal(shown);
      return;
    }
    var row = event.target.closest("#finding-list tbody tr");
    if (row) {
      activate(Number(row.dataset.i), "card", true);
      remember("#" + data.findings[Number(row.dataset.i)].id);
      return;
    }
    var anchor = sandboxed && event.target.closest('a[href^="#"]');
    var target = anchor && document.getElementById(decodeURIComponent(anchor.getAttribute("href").slice(1)));
    if (target) {
      event.preventDefault();
      target.scrollIntoView();
    }
  });

  document.addEventListener("change", function (event) {
    var select = event.target.closest("select[data-compare]");
    if (select) { showCopy(Number(select.dataset.compare), Number(select.value)); }
  });

  document.addEventListener("keydown", function (event) {
    if (event.key === "Escape") { closeMenu(true); }
  });

  var sortButtons = document.querySelectorAll("#finding-list th button[data-sort]");
  sortButtons.forEach(function (button) {
    button.addEventListener("click", function () {
      var key = button.dataset.sort;
      var numeric = button.dataset.type === "num";
      var dir = button.dataset.dir === "desc" ? "asc" : (button.dataset.dir === "asc" ? "desc" : (numeric && key !== "i" ? "desc" : "asc"));
      sortButtons.forEach(function (b) { delete b.dataset.dir; });
      button.dataset.dir = dir;
      var sign = dir === "asc" ? 1 : -1;
      var tbody = document.querySelector("#finding-list tbody");
      var rows = Array.prototype.slice.call(tbody.rows);
      rows.sort(function (a, b) {
        var x = a.dataset[key], y = b.dataset[key];
        var c = numeric ? Number(x) - Number(y) : x.localeCompare(y);
        return c * sign || Number(a.dataset.i) - Number(b.dataset.i);
      });
      var fragment = document.createDocumentFragment();
      rows.forEach(function (row) { fragment.appendChild(row); });
      tbody.appendChild(fragment);
    });
  });

  // An address names a finding as the report does (#F38, #G1), or a place in a document (#s-f37a);
  // #finding-f37, what links said before, still opens F38.
  var named = data.findings.findIndex(function (f) { return "#" + f.id === location.hash; });
  var hash = /^#(?:finding-f(\d+)|s-f(\d+)([a-z]\d*))$/.exec(location.hash);
  if (named >= 0) {
    activate(named, "card", false);
  } else if (hash) {
    activate(Number(hash[1] || hash[2]), hash[1] ? "card" : "f" + hash[2] + hash[3], false);
  }
})();
