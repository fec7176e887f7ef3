// Entity suggestions for the filter forms: as the analyst types a name (any script, spelling or
// English), /api/entities/suggest fills the datalist. Options are set as values (text), never as
// HTML. The last comma-separated term is the one completed; a leading "-" (leave out) is kept.
(function () {
  "use strict";
  var input = document.getElementById("entity-input");
  var list = document.getElementById("entity-suggestions");
  if (!input || !list) { return; }
  var timer = null;
  var asked = "";

  function split(value) {
    var cut = value.lastIndexOf(",");
    var head = cut >= 0 ? value.slice(0, cut + 1) + " " : "";
    var term = value.slice(cut + 1).trim();
    var minus = term.charAt(0) === "-" ? "-" : "";
    return { head: head, minus: minus, term: minus ? term.slice(1).trim() : term };
  }

  function fill(parts, items) {
    list.textContent = "";
    items.forEach(function (e) {
      var opt = document.createElement("option");
      opt.value = parts.head + parts.minus + e.canonical;
      opt.label = e.type + " · " + e.entity_id;
      list.appendChild(opt);
    });
    input.setAttribute("data-suggested", String(items.length));
  }

  function ask() {
    var parts = split(input.value);
    if (!parts.term || parts.term === asked) { return; }
    asked = parts.term;
    fetch("/api/entities/suggest?limit=10&q=" + encodeURIComponent(parts.term), {
      headers: { Accept: "application/json" }, credentials: "same-origin"
    })
      .then(function (r) { return r.ok ? r.json() : []; })
      .then(function (items) { if (asked === parts.term) { fill(parts, items); } })
      .catch(function () { fill(parts, []); });
  }

  input.addEventListener("input", function () {
    if (timer) { clearTimeout(timer); }
    timer = setTimeout(ask, 150);
  });
})();
