// Timeline of events (vis-timeline). Data comes from /api/timeline as JSON; every label is set as
// text (textContent), never parsed as HTML, because it comes from article text.
(function () {
  "use strict";
  var box = document.getElementById("timeline");
  if (!box || typeof vis === "undefined") { return; }
  var api = box.getAttribute("data-api") || "/api/timeline";
  if (api.indexOf("/api/timeline") !== 0) { return; }

  function textElement(tag, text, cls) {
    var el = document.createElement(tag);
    el.textContent = text;
    if (cls) { el.className = cls; }
    return el;
  }

  function label(item) {
    var who = [item.actor1, item.actor2].filter(Boolean).join(" → ");
    return item.type + (who ? ": " + who : "");
  }

  fetch(api, { headers: { Accept: "application/json" }, credentials: "same-origin" })
    .then(function (r) { if (!r.ok) { throw new Error("HTTP " + r.status); } return r.json(); })
    .then(function (items) {
      box.textContent = "";
      if (!items.length) { box.appendChild(textElement("p", "No dated events match.", "muted")); box.setAttribute("data-rendered", "0"); return; }
      var types = Array.from(new Set(items.map(function (i) { return i.type; }))).sort();
      var groups = new vis.DataSet(types.map(function (t) { return { id: t, content: textElement("span", t) }; }));
      var data = new vis.DataSet(items.map(function (i) {
        var tip = textElement("div", i.evidence);
        return {
          id: i.event_id,
          group: i.type,
          start: i.start,
          content: textElement("span", label(i)),
          title: tip,
          className: "precision-" + i.precision,
          story: i.story_id
        };
      }));
      var timeline = new vis.Timeline(box, data, groups, {
        stack: true, zoomable: true, orientation: "top", maxHeight: 640, margin: { item: 4 }
      });
      timeline.on("select", function (props) {
        if (props.items.length !== 1) { return; }
        var item = data.get(props.items[0]);
        if (item && item.story) { window.location.href = "/stories/" + encodeURIComponent(item.story); }
      });
      box.setAttribute("data-rendered", String(items.length));
    })
    .catch(function (err) {
      box.textContent = "";
      box.appendChild(textElement("p", "The timeline could not be loaded: " + err.message, "error"));
    });
})();
