(function () {
  "use strict";
  // Big maps: sigma.js (WebGL) over a graphology graph, from the compact data of
  // weaving/mapview/payload.py. Labels are drawn on a canvas and tooltips are put in
  // with textContent: user text is never HTML.
  var data = JSON.parse(document.getElementById("weaving-map-data").textContent);
  var container = document.getElementById("weaving-map");
  var S = data.s, n = data.x.length, m = data.es.length, i, k;
  function fillEnds(body, u, v) {
    return body.replace(/\u0001([UV])/g, function (_m, w) { return w === "U" ? u : v; });
  }
  var weaver = {}, swapped = {};
  for (i = 0; i < data.weavers.length; i++) weaver[data.weavers[i]] = true;
  for (k = 0; k < data.eswap.length; k++) swapped[data.eswap[k]] = true;
  var graph = new graphology.Graph({type: "directed", multi: false, allowSelfLoops: false});
  var smin = Infinity, smax = 0, scale = n > 5000 ? 0.7 : 1, named = data.weavers.length <= 12;
  for (i = 0; i < n; i++) { smin = Math.min(smin, data.size[i]); smax = Math.max(smax, data.size[i]); }
  for (i = 0; i < n; i++) {
    // screen pixels: 2.5 (smallest) to 9 (largest); weavers a little larger
    var r = smax > smin ? (data.size[i] - smin) / (smax - smin) : 0;
    graph.addNode(String(i), {
      x: data.x[i], y: -data.y[i], size: scale * (2.5 + 6.5 * Math.sqrt(r) + (weaver[i] ? 2 : 0)),
      color: data.palette[data.color[i]], label: S[data.label[i]],
      forceLabel: named && !!weaver[i]
    });
  }
  for (k = 0; k < m; k++) {
    var st = data.styles[data.es[k]];
    var from = data.e[2 * k], to = data.e[2 * k + 1];
    var alpha = Math.round(255 * (st[2] ? 0.45 : st[4] * 0.55)).toString(16);
    graph.addDirectedEdgeWithKey(String(k), String(from), String(to), {
      size: Math.max(0.5, st[1] * 0.6), color: st[0] + (alpha.length < 2 ? "0" + alpha : alpha),
      type: st[3] === "to" ? "arrow" : "line"
    });
  }
  var tip = document.createElement("div");
  tip.className = "wm-tip";
  container.appendChild(tip);
  var mouse = {x: 0, y: 0};
  container.addEventListener("mousemove", function (ev) {
    var box = container.getBoundingClientRect();
    mouse.x = ev.clientX - box.left;
    mouse.y = ev.clientY - box.top;
    if (tip.style.visibility === "visible") place();
  });
  function place() {
    tip.style.left = Math.min(mouse.x + 12, container.clientWidth - tip.offsetWidth - 4) + "px";
    tip.style.top = Math.min(mouse.y + 12, container.clientHeight - tip.offsetHeight - 4) + "px";
  }
  function show(text) {
    tip.textContent = text;
    tip.style.visibility = "visible";
    place();
  }
  function hide() { tip.style.visibility = "hidden"; }
  function nodeText(i) {
    var body = data.bodies[data.body[i]];
    return body ? S[data.name[i]] + "\n" + body : S[data.name[i]];
  }
  function edgeText(k) {
    var from = data.e[2 * k], to = data.e[2 * k + 1];
    var hu = S[data.head[swapped[k] ? to : from]], hv = S[data.head[swapped[k] ? from : to]];
    return hu + " \u2014 " + hv + "\n" + fillEnds(data.ebodies[data.eb[k]], hu, hv);
  }
  var renderer = new Sigma(graph, container, {
    enableEdgeEvents: true,
    labelRenderedSizeThreshold: 6,
    labelDensity: 0.7,
    labelFont: "system-ui, -apple-system, Segoe UI, Roboto, DejaVu Sans, Arial, sans-serif",
    labelSize: 12,
    zIndex: false,
    defaultEdgeType: "line"
  });
  renderer.on("enterNode", function (ev) { show(nodeText(+ev.node)); });
  renderer.on("leaveNode", hide);
  renderer.on("enterEdge", function (ev) { show(edgeText(+ev.edge)); });
  renderer.on("leaveEdge", hide);
  window.weavingMap = renderer;
  window.weavingMapText = {node: nodeText, edge: edgeText};
  // sigma draws once while it is constructed; the next frame shows it
  requestAnimationFrame(function () {
    window.weavingMapDrawn = true;
    container.setAttribute("data-drawn", "1");
  });
})();
