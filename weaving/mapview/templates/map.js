(function () {
  "use strict";
  // The map's data in the compact format of weaving/mapview/payload.py: columns of
  // numbers, each text once. Labels and tooltips are only ever put in as text.
  var data = JSON.parse(document.getElementById("weaving-map-data").textContent);
  var container = document.getElementById("weaving-map");
  var S = data.s;
  function textTip(s) {
    var el = document.createElement("div");
    el.textContent = s;
    return el;
  }
  function fillEnds(body, u, v) {
    return body.replace(/\u0001([UV])/g, function (_m, w) { return w === "U" ? u : v; });
  }
  var n = data.x.length, look = data.look, weaver = {}, i, k;
  for (i = 0; i < data.weavers.length; i++) weaver[data.weavers[i]] = true;
  var nodes = new Array(n);
  for (i = 0; i < n; i++) {
    var c = data.palette[data.color[i]];
    var body = data.bodies[data.body[i]];
    var item = {
      id: i, label: S[data.label[i]], x: data.x[i], y: data.y[i], size: data.size[i],
      title: textTip(body ? S[data.name[i]] + "\n" + body : S[data.name[i]]),
      color: {background: c, border: look.border, highlight: {background: c, border: "#000000"},
               hover: {background: c, border: "#000000"}}
    };
    if (weaver[i]) {
      item.shape = look.weaver.shape;
      item.borderWidth = look.weaver.borderWidth;
      item.color.border = look.weaver.border;
      item.font = look.weaver.font;
    }
    nodes[i] = item;
  }
  var m = data.es.length, swapped = {};
  for (k = 0; k < data.eswap.length; k++) swapped[data.eswap[k]] = true;
  var edges = new Array(m);
  for (k = 0; k < m; k++) {
    var from = data.e[2 * k], to = data.e[2 * k + 1];
    var st = data.styles[data.es[k]];
    var hu = S[data.head[swapped[k] ? to : from]], hv = S[data.head[swapped[k] ? from : to]];
    var e = {
      from: from, to: to, width: st[1], dashes: st[2],
      title: textTip(hu + " \u2014 " + hv + "\n" + fillEnds(data.ebodies[data.eb[k]], hu, hv)),
      color: {color: st[0], highlight: "#000000", hover: "#000000", opacity: st[4]}
    };
    if (st[3]) e.arrows = st[3];
    edges[k] = e;
  }
  var network = new vis.Network(container, {nodes: new vis.DataSet(nodes), edges: new vis.DataSet(edges)},
                                data.options);
  window.weavingMap = network;
  // the map's one tab stop is vis-network's own frame: it carries the name and the keys
  var frame = container.querySelector(".vis-network");
  if (frame) {
    frame.setAttribute("role", "application");
    frame.setAttribute("aria-label", container.getAttribute("aria-label") || "");
    container.removeAttribute("role");
    container.removeAttribute("aria-label");
  }
  network.once("afterDrawing", function () {
    window.weavingMapDrawn = true;
    container.setAttribute("data-drawn", "1");
  });
  if (!data.options.physics.enabled) {
    network.fit({ animation: false });
    // fit() only knows node boxes: leave room for the labels at the edges
    network.moveTo({ scale: network.getScale() * 0.86, animation: false });
  }
})();
