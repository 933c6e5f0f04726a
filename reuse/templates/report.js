// Inline, no dependencies, no network. Document text is never read into markup here: finding details are
// cloned from inert <template> elements that the server already escaped, and keys are f<n>a / f<n>o<m>.
(function () {
  "use strict";
  var data = JSON.parse(document.getElementById("reuse-data").textContent);
  var active = [];

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

  function reveal(el) {
    if (!el) { return; }
    el.scrollIntoView({ block: "center", inline: "nearest" });
    // Cards above may render while we scroll and shift the target: settle once more after layout.
    requestAnimationFrame(function () {
      requestAnimationFrame(function () { el.scrollIntoView({ block: "center", inline: "nearest" }); });
    });
  }

  // Highlight every element of finding i (its passages in the card and its runs in the documents);
  // go is "card", a part key to scroll to in the document view, or "" to stay put.
  function activate(i, go) {
    var finding = data.findings[i];
    if (!finding) { return; }
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
    if (go === "card") {
      var target = article && article.querySelector("mark") ? article.querySelector(".sides") : article;
      reveal(target);
    } else if (go) {
      reveal(document.querySelector('.doc [data-k~="' + go + '"]') || document.getElementById("s-" + go));
    }
  }

  document.addEventListener("click", function (event) {
    var link = event.target.closest("a[data-go]");
    if (link) {
      event.preventDefault();
      activate(Number(link.dataset.i), link.dataset.go);
      history.replaceState(null, "", link.getAttribute("href"));
      return;
    }
    var row = event.target.closest("#finding-list tbody tr");
    if (row) {
      activate(Number(row.dataset.i), "card");
      history.replaceState(null, "", "#finding-f" + row.dataset.i);
    }
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

  var hash = /^#(?:finding-f(\d+)|s-f(\d+)([a-z]\d*))$/.exec(location.hash);
  if (hash) {
    activate(Number(hash[1] || hash[2]), hash[1] ? "card" : "f" + hash[2] + hash[3]);
  }
})();
