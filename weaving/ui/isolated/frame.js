// A sandboxed frame for a whole HTML document (weaving's interactive map).
// The document arrives as data and goes into ``srcdoc``; the sandbox has no
// allow-same-origin, so the document runs in an opaque origin of its own and can
// neither reach the app page nor act as the user.
export default function (component) {
  const { data, parentElement } = component;
  let frame = parentElement.querySelector("iframe.wv-isolated");
  if (!frame) {
    frame = document.createElement("iframe");
    frame.className = "wv-isolated";
    frame.setAttribute("sandbox", data.sandbox);
    frame.setAttribute("referrerpolicy", "no-referrer");
    frame.style.width = "100%";
    frame.style.border = "0";
    frame.style.display = "block";
    parentElement.appendChild(frame);
    // the document may tell its height (a number, nothing else is read): the frame grows
    // to it, never below the height it was given, so the map's text opens in the page
    window.addEventListener("message", (ev) => {
      if (ev.source !== frame.contentWindow || !ev.data || typeof ev.data !== "object") return;
      const h = Number(ev.data.weavingFrameHeight);
      if (!Number.isFinite(h) || h < 50 || h > 100000) return;
      frame.__wvWanted = Math.ceil(h);
      frame.style.height = `${Math.max(frame.__wvMin, frame.__wvWanted)}px`;
    });
  }
  frame.title = String(data.title || "");
  frame.__wvMin = Number(data.height) || 600;
  frame.style.height = `${Math.max(frame.__wvMin, frame.__wvWanted || 0)}px`;
  if (frame.__wvHtml !== data.html) {
    frame.__wvHtml = data.html;
    frame.srcdoc = String(data.html);
  }
  return undefined;
}
