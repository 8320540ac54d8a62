(function () {
  "use strict";
  var raw = document.getElementById("weaving-map-data").textContent;
  var data = JSON.parse(raw);
  var container = document.getElementById("weaving-map");
  // Tooltips are plain strings: vis-network 9 puts strings in with innerText,
  // never as HTML.  Convert explicitly to text-only DOM nodes anyway.
  function textTip(s) {
    var el = document.createElement("div");
    el.textContent = s;
    return el;
  }
  for (var i = 0; i < data.nodes.length; i++) {
    if (typeof data.nodes[i].title === "string") data.nodes[i].title = textTip(data.nodes[i].title);
  }
  for (var j = 0; j < data.edges.length; j++) {
    if (typeof data.edges[j].title === "string") data.edges[j].title = textTip(data.edges[j].title);
  }
  var nodes = new vis.DataSet(data.nodes);
  var edges = new vis.DataSet(data.edges);
  var network = new vis.Network(container, { nodes: nodes, edges: edges }, data.options);
  window.weavingMap = network;
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
