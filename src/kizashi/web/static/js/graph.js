// Actor graph (cytoscape.js on a canvas). Data comes from /api/graph as JSON; labels are drawn as
// text by the canvas, so nothing from the articles is parsed as HTML.
(function () {
  "use strict";
  var box = document.getElementById("graph");
  if (!box || typeof cytoscape === "undefined") { return; }
  var api = box.getAttribute("data-api") || "/api/graph";
  if (api.indexOf("/api/graph") !== 0) { return; }
  var palette = ["#b03a2e", "#2e86c1", "#28b463", "#8e44ad", "#d68910", "#17a589", "#5d6d7e", "#cb4335", "#1f618d", "#7d3c98"];
  var nodeColour = { PERSON: "#e67e22", ORG: "#2e86c1", GPE: "#28b463", LOC: "#28b463" };

  function note(text, cls) {
    box.textContent = "";
    var p = document.createElement("p");
    p.textContent = text;
    p.className = cls || "muted";
    box.appendChild(p);
  }

  fetch(api, { headers: { Accept: "application/json" }, credentials: "same-origin" })
    .then(function (r) { if (!r.ok) { throw new Error("HTTP " + r.status); } return r.json(); })
    .then(function (g) {
      if (!g.edges.length) { note("No events between two actors match."); box.setAttribute("data-rendered", "0"); return; }
      box.textContent = "";
      var types = Array.from(new Set(g.edges.map(function (e) { return e.type; }))).sort();
      var colour = {};
      types.forEach(function (t, i) { colour[t] = palette[i % palette.length]; });
      var elements = g.nodes.map(function (n) {
        return { group: "nodes", data: { id: n.id, label: n.label, kind: n.type } };
      }).concat(g.edges.map(function (e) {
        return { group: "edges", data: { id: e.source + "|" + e.target + "|" + e.type, source: e.source, target: e.target, type: e.type, weight: e.weight } };
      }));
      var cy = cytoscape({
        container: box,
        elements: elements,
        style: [
          { selector: "node", style: { label: "data(label)", "font-size": 11, "font-family": "IPAGothic, sans-serif", "background-color": function (n) { return nodeColour[n.data("kind")] || "#888"; }, width: 18, height: 18 } },
          { selector: "edge", style: { width: function (e) { return Math.min(12, 1 + Math.log2(1 + e.data("weight")) * 2); }, "line-color": function (e) { return colour[e.data("type")]; }, "target-arrow-color": function (e) { return colour[e.data("type")]; }, "target-arrow-shape": "triangle", "curve-style": "bezier", label: "data(type)", "font-size": 8, "text-rotation": "autorotate", color: "#555" } }
        ],
        layout: { name: "cose", animate: false, nodeRepulsion: function () { return 8000; }, idealEdgeLength: function () { return 90; } }
      });
      cy.on("tap", "node", function (evt) { window.location.href = "/entities/" + encodeURIComponent(evt.target.id()); });
      var legend = document.getElementById("graph-legend");
      if (legend) {
        legend.textContent = g.nodes.length + " actors, " + g.edges.length + " typed edges: " + types.join(", ");
      }
      box.setAttribute("data-rendered", String(g.nodes.length));
    })
    .catch(function (err) { note("The graph could not be loaded: " + err.message, "error"); });
})();
