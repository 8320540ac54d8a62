(function () {
  // inside the app the map is a frame: it tells its height (opening "the map as text"
  // makes it taller), and the app grows the frame instead of scrolling inside it
  if (window.parent === window) return;
  var last = 0;
  function tell() {
    var h = Math.ceil(document.body.getBoundingClientRect().height);
    if (h !== last) { last = h; window.parent.postMessage({weavingFrameHeight: h}, "*"); }
  }
  if (window.ResizeObserver) new ResizeObserver(tell).observe(document.body);
  tell();
})();
