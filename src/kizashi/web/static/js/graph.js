// Actor graph (cytoscape.js on a canvas). Data comes from /api/graph as JSON; labels are drawn as
// text by the canvas, so nothing from the articles is parsed as HTML. Readable at 70+ actors:
// nodes coloured by entity type (the legend says which), sized by reports, names only on the
// actors with most reports (the others on hover), and the layout computed before the graph is shown.
(function () {
  "use strict";
  var box = document.getElementById("graph");
  var range = document.getElementById("top-range");
  var shown = document.getElementById("top-value");
  if (range && shown) {
    range.addEventListener("input", function () { shown.textContent = range.value; });
  }
  if (!box || typeof cytoscape === "undefined") { return; }
  var api = box.getAttribute("data-api") || "/api/graph";
  if (api.indexOf("/api/graph") !== 0) { return; }
  // edge colours stay clear of the node colours below (orange, blue, green)
  var palette = ["#b03a2e", "#8e44ad", "#b7950b", "#5d6d7e", "#17a589", "#922b21", "#1b2631", "#a569bd", "#784212", "#d98880"];
  var typeColour = { PERSON: "#e67e22", ORG: "#2e86c1", GPE: "#28b463", LOC: "#1e8449", NORP: "#af7ac5", LAW: "#7f8c8d" };
  var otherColour = "#888";
  var LABELLED = 15; // actors named on the canvas; more names overlap at this size

  function note(text, cls) {
    box.textContent = "";
    var p = document.createElement("p");
    p.textContent = text;
    p.className = cls || "muted";
    box.appendChild(p);
  }

  function colourOf(kind) { return typeColour[kind] || otherColour; }

  function legendItem(parent, colour, text, cls) {
    var item = document.createElement("span");
    item.className = "legend-item " + cls;
    var swatch = document.createElement("span");
    swatch.className = "swatch";
    swatch.style.backgroundColor = colour; // CSSOM, not a style attribute: the CSP allows it
    item.appendChild(swatch);
    item.appendChild(document.createTextNode(text));
    parent.appendChild(item);
  }

  function legend(nodeTypes, counts, edgeTypes, edgeColour) {
    var box = document.getElementById("graph-legend");
    if (!box) { return; }
    box.textContent = "";
    var nodes = document.createElement("div");
    nodes.className = "legend-nodes";
    nodes.appendChild(document.createTextNode("Actors: "));
    nodeTypes.forEach(function (t) { legendItem(nodes, colourOf(t), t + " (" + counts[t] + ")", "legend-node"); });
    var edges = document.createElement("div");
    edges.className = "legend-edges";
    edges.appendChild(document.createTextNode("Events: "));
    edgeTypes.forEach(function (t) { legendItem(edges, edgeColour[t], t, "legend-edge"); });
    box.appendChild(nodes);
    box.appendChild(edges);
  }

  fetch(api, { headers: { Accept: "application/json" }, credentials: "same-origin" })
    .then(function (r) { if (!r.ok) { throw new Error("HTTP " + r.status); } return r.json(); })
    .then(function (g) {
      if (!g.edges.length) { note("No events between two actors match."); box.setAttribute("data-rendered", "0"); return; }
      box.textContent = "";
      var types = Array.from(new Set(g.edges.map(function (e) { return e.type; }))).sort();
      var colour = {};
      types.forEach(function (t, i) { colour[t] = palette[i % palette.length]; });
      var ranked = g.nodes.slice().sort(function (a, b) { return (b.reports || 0) - (a.reports || 0) || (a.id < b.id ? -1 : 1); });
      var major = {};
      ranked.slice(0, LABELLED).forEach(function (n) { major[n.id] = true; });
      var kinds = {};
      g.nodes.forEach(function (n) { kinds[n.type] = (kinds[n.type] || 0) + 1; });
      var top = Math.max.apply(null, g.nodes.map(function (n) { return n.reports || 1; }));
      var elements = g.nodes.map(function (n) {
        var size = 12 + 24 * Math.sqrt((n.reports || 1) / top);
        return { group: "nodes", data: { id: n.id, label: n.label, kind: n.type, major: !!major[n.id], size: size } };
      }).concat(g.edges.map(function (e) {
        return { group: "edges", data: { id: e.source + "|" + e.target + "|" + e.type, source: e.source, target: e.target, type: e.type, weight: e.weight } };
      }));
      var many = g.nodes.length > 30;
      var cy = cytoscape({
        container: box,
        elements: elements,
        minZoom: 0.2,
        maxZoom: 4,
        style: [
          { selector: "node", style: { "font-size": 11, "font-family": "IPAGothic, sans-serif", "background-color": function (n) { return colourOf(n.data("kind")); }, width: "data(size)", height: "data(size)", "text-valign": "bottom", "text-margin-y": 3, "text-background-color": "#fff", "text-background-opacity": 0.8, "text-background-padding": 1 } },
          { selector: "node[?major]", style: { label: "data(label)", "z-index": 10 } },
          { selector: "node.hover", style: { label: "data(label)", "z-index": 20, "font-weight": "bold" } },
          { selector: "edge", style: { width: function (e) { return Math.min(10, 1 + Math.log2(1 + e.data("weight")) * 1.5); }, "line-color": function (e) { return colour[e.data("type")]; }, "target-arrow-color": function (e) { return colour[e.data("type")]; }, "target-arrow-shape": "triangle", "curve-style": "bezier", opacity: many ? 0.6 : 0.9, label: many ? "" : "data(type)", "font-size": 8, "text-rotation": "autorotate", color: "#555" } }
        ]
      });
      cy.on("mouseover", "node", function (evt) { evt.target.addClass("hover"); });
      cy.on("mouseout", "node", function (evt) { evt.target.removeClass("hover"); });
      cy.on("tap", "node", function (evt) { window.location.href = "/entities/" + encodeURIComponent(evt.target.id()); });
      var layout = cy.layout({
        name: "cose", animate: false, randomize: false, numIter: 2500, nodeOverlap: 20, componentSpacing: 80,
        nodeRepulsion: function () { return many ? 20000 : 8000; },
        idealEdgeLength: function () { return many ? 120 : 90; }
      });
      layout.one("layoutstop", function () {
        cy.fit(undefined, 20);
        legend(Object.keys(kinds).sort(), kinds, types, colour);
        var summary = document.getElementById("graph-summary");
        if (summary) {
          var of = g.total_actors && g.total_actors > g.nodes.length ? " of " + g.total_actors + " (those with most reports)" : "";
          summary.textContent = g.nodes.length + of + " actors, " + g.edges.length + " typed edges; names on the " + Math.min(LABELLED, g.nodes.length) + " with most reports";
        }
        box.setAttribute("data-labelled", String(Math.min(LABELLED, g.nodes.length)));
        box.setAttribute("data-rendered", String(g.nodes.length)); // only once the layout has settled
      });
      layout.run();
    })
    .catch(function (err) { note("The graph could not be loaded: " + err.message, "error"); });
})();
