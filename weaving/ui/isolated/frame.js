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
  }
  frame.title = String(data.title || "");
  frame.style.height = `${Number(data.height) || 600}px`;
  if (frame.__wvHtml !== data.html) {
    frame.__wvHtml = data.html;
    frame.srcdoc = String(data.html);
  }
  return undefined;
}
