// weaving's drawing canvas: a Streamlit components.v2 module around vis-network
// (vendored, loaded before this file; no request leaves the page).
//
// Python sends everything as data (``component.data``); user text is only ever put
// into the page with textContent / value / canvas drawing, never as HTML.
// Every edit is sent to Python as one trigger value ``action``; Python saves it in its
// own transaction and sends the new map back, so the canvas always shows what is
// stored (a refused action simply comes back unchanged, with the reason shown next to
// the canvas).

const EL = (tag, cls, text) => {
  const el = document.createElement(tag);
  if (cls) el.className = cls;
  if (text !== undefined && text !== null) el.textContent = String(text);
  return el;
};

function option(select, value, label, selected) {
  const o = EL("option", null, label);
  o.value = String(value);
  if (selected) o.selected = true;
  select.appendChild(o);
  return o;
}

function fold(text) {
  return String(text || "").normalize("NFC").replace(/\s+/g, " ").trim().toLocaleLowerCase();
}

function tooltip(lines) {
  const box = EL("div", "wv-tip");
  lines.filter(Boolean).forEach((line, i) => box.appendChild(EL(i ? "div" : "strong", null, line)));
  return box;
}

function build(parent, data) {
  const root = EL("div", "wv-root");
  root.tabIndex = 0;
  root.setAttribute("role", "application");
  root.setAttribute("aria-label", data.texts.aria);
  const bar = EL("div", "wv-bar");
  const hint = EL("span", "wv-hint", data.texts.hint);
  const del = EL("button", "wv-btn", data.texts.delete_selected);
  del.type = "button";
  del.className = "wv-btn wv-delete";
  const fit = EL("button", "wv-btn wv-fit", data.texts.fit);
  fit.type = "button";
  bar.append(hint, del, fit);
  const stage = EL("div", "wv-stage");
  const canvas = EL("div", "wv-canvas");
  stage.appendChild(canvas);
  const live = EL("div", "wv-live");
  live.setAttribute("aria-live", "polite");
  root.append(bar, stage, live);
  parent.appendChild(root);
  return { root, canvas, stage, live, del, fit };
}

function nodeItem(n, data) {
  // n = [id, label, colour, x, y, placed, weaver, title lines]
  const [id, label, colour, x, y, , weaver, lines] = n;
  return {
    id, label, x, y,
    title: tooltip(lines || [label]),
    shape: weaver ? "star" : "dot",
    size: weaver ? 24 : 16,
    color: { background: colour, border: weaver ? "#1d2733" : "#ffffff",
             highlight: { background: colour, border: "#1d2733" } },
    borderWidth: weaver ? 2 : 1.5,
    font: { size: 22, face: "system-ui, sans-serif", color: "#1d2733", strokeWidth: 4, strokeColor: "#ffffff" },
  };
}

function edgeItem(e, data) {
  // e = [id, from, to, status, kind label, strength]
  const [id, from, to, status, kind, strength] = e;
  const style = data.styles[status] || data.styles.existing;
  return {
    id, from, to,
    color: { color: style.color, highlight: "#1d2733", opacity: 0.9 },
    dashes: style.dashes,
    width: 1 + 0.9 * (strength || 1),
    title: tooltip([kind, data.texts.status_names[status] || status]),
  };
}

function init(parts, data) {
  const vis = globalThis.vis;
  const state = {
    parts, data, version: null, drag: null, popup: null, send: null,
    nodes: new vis.DataSet([]), edges: new vis.DataSet([]),
    placed: new Set(),
  };
  parts.canvas.style.height = (data.height || 560) + "px";
  const options = {
    physics: false,
    autoResize: true,
    layout: { randomSeed: 0, improvedLayout: false },
    interaction: { hover: true, multiselect: true, selectConnectedEdges: false, dragNodes: !!data.editable,
                   keyboard: false, tooltipDelay: 250, zoomView: true, dragView: true },
    nodes: { shape: "dot" },
    edges: { smooth: false, selectionWidth: 2 },
  };
  state.network = new vis.Network(parts.canvas, { nodes: state.nodes, edges: state.edges }, options);
  const net = state.network;

  net.on("doubleClick", (p) => {
    if (!state.data.editable || p.nodes.length || p.edges.length) return;
    openActorPopup(state, p.pointer.canvas, p.pointer.DOM);
  });
  net.on("dragStart", (p) => {
    if (!state.data.editable || !p.nodes.length) { state.drag = null; return; }
    const from = net.getPositions(p.nodes);
    state.drag = { ids: p.nodes.slice(), from };
    closePopup(state);
  });
  net.on("dragEnd", (p) => {
    const drag = state.drag;
    state.drag = null;
    if (!drag) return;
    const now = net.getPositions(drag.ids);
    if (drag.ids.length === 1) {
      const id = drag.ids[0];
      const target = nodeAt(state, now[id], id);
      if (target !== null) {  // dropped on another actor: a link, and the actor goes back
        net.moveNode(id, drag.from[id].x, drag.from[id].y);
        openLinkPopup(state, id, target, p.pointer.DOM);
        return;
      }
    }
    const positions = {};
    for (const id of drag.ids) positions[id] = [now[id].x, now[id].y];
    send(state, { op: "move", positions });
  });
  parts.root.addEventListener("keydown", (ev) => {
    if (state.popup) {
      if (ev.key === "Escape") { closePopup(state); ev.preventDefault(); }
      return;
    }
    if ((ev.key === "Delete" || ev.key === "Backspace") && state.data.editable) {
      if (deleteSelection(state)) ev.preventDefault();
    }
  });
  parts.del.addEventListener("click", () => deleteSelection(state));
  parts.fit.addEventListener("click", () => net.fit({ animation: false }));
  return state;
}

function nodeAt(state, pos, except) {
  // the actor under a dropped actor (canvas units; the radius grows when zoomed out)
  const positions = state.network.getPositions();
  const radius = 26 / Math.max(0.2, state.network.getScale());
  let best = null, bestD = Infinity;
  for (const [key, q] of Object.entries(positions)) {
    const id = state.nodes.get(Number(key)) ? Number(key) : key;
    if (String(id) === String(except)) continue;
    const d = Math.hypot(q.x - pos.x, q.y - pos.y);
    if (d < radius && d < bestD) { best = id; bestD = d; }
  }
  return best;
}

function unplaced(state) {
  // positions of actors shown where the layout put them: the first edit pins them, so
  // the map keeps the look the user drew on
  const out = {};
  const pos = state.network.getPositions();
  for (const n of state.data.nodes) {
    const id = n[0];
    if (!n[5] && pos[id]) out[id] = [pos[id].x, pos[id].y];
  }
  return out;
}

function send(state, action) {
  action.unplaced = unplaced(state);
  action.map = state.data.map;
  action.seq = Date.now() + Math.random();
  state.parts.live.textContent = state.data.texts.saving;
  state.send("action", action);
}

function deleteSelection(state) {
  const sel = state.network.getSelection();
  if (!sel.nodes.length && !sel.edges.length) {
    state.parts.live.textContent = state.data.texts.nothing_selected;
    return false;
  }
  send(state, { op: "delete", nodes: sel.nodes, edges: sel.edges });
  return true;
}

function closePopup(state) {
  if (state.popup) {
    state.popup.remove();
    state.popup = null;
    state.parts.root.focus({ preventScroll: true });
  }
}

function popupAt(state, dom, title) {
  closePopup(state);
  const box = EL("div", "wv-pop");
  box.setAttribute("role", "dialog");
  box.setAttribute("aria-label", title);
  box.appendChild(EL("div", "wv-pop-title", title));
  const w = state.parts.stage.clientWidth;
  box.style.left = Math.max(4, Math.min(dom.x + 8, w - 300)) + "px";
  box.style.top = Math.max(4, dom.y + 8) + "px";
  state.parts.stage.appendChild(box);
  state.popup = box;
  return box;
}

function field(box, label, control) {
  const wrap = EL("label", "wv-field");
  wrap.appendChild(EL("span", null, label));
  wrap.appendChild(control);
  box.appendChild(wrap);
  return control;
}

function buttons(box, state, okText, onOk) {
  const row = EL("div", "wv-row");
  const ok = EL("button", "wv-btn wv-primary wv-ok", okText);
  ok.type = "button";
  const cancel = EL("button", "wv-btn wv-cancel", state.data.texts.cancel);
  cancel.type = "button";
  ok.addEventListener("click", onOk);
  cancel.addEventListener("click", () => closePopup(state));
  row.append(ok, cancel);
  box.appendChild(row);
  box.addEventListener("keydown", (ev) => {
    if (ev.key === "Enter" && ev.target.tagName !== "BUTTON") { ev.preventDefault(); onOk(); }
    if (ev.key === "Escape") { ev.preventDefault(); closePopup(state); }
    ev.stopPropagation();
  });
  return ok;
}

function openActorPopup(state, at, dom) {
  const T = state.data.texts;
  const box = popupAt(state, dom, T.new_actor);
  const name = field(box, T.name, EL("input", "wv-name"));
  name.maxLength = 500;
  name.autocomplete = "off";
  const type = field(box, T.type, EL("select", "wv-type"));
  for (const [code, label] of state.data.types) option(type, code, label, code === state.data.default_type);
  const offers = EL("div", "wv-offers");
  box.appendChild(offers);
  const note = EL("div", "wv-note");
  box.appendChild(note);
  const here = new Map(state.data.nodes.map((n) => [fold(n[1]), n[0]]));
  const others = state.data.others;  // [id, name, "Dalby, Genarp"]
  const addExisting = (o) => { send(state, { op: "add_existing", actor: o[0], x: at.x, y: at.y }); closePopup(state); };
  const refresh = () => {
    offers.replaceChildren();
    note.textContent = "";
    const q = fold(name.value);
    if (!q) return;
    if (here.has(q)) { note.textContent = T.already_here; return; }
    const hits = others.filter((o) => fold(o[1]).includes(q)).slice(0, 6);
    for (const o of hits) {
      const b = EL("button", "wv-offer");
      b.type = "button";
      b.appendChild(EL("strong", null, o[1]));
      b.appendChild(EL("span", null, o[2] ? T.exists_on.replace("{maps}", o[2]) : T.exists_nowhere));
      b.addEventListener("click", () => addExisting(o));
      offers.appendChild(b);
    }
  };
  name.addEventListener("input", refresh);
  buttons(box, state, T.add, () => {
    const q = fold(name.value);
    if (!q) { note.textContent = T.name_needed; name.focus(); return; }
    if (here.has(q)) { note.textContent = T.already_here; return; }
    const same = others.find((o) => fold(o[1]) === q);
    if (same) { addExisting(same); return; }
    send(state, { op: "add_actor", name: name.value, type: type.value, x: at.x, y: at.y });
    closePopup(state);
  });
  name.focus();
}

function openLinkPopup(state, from, to, dom) {
  const T = state.data.texts;
  const label = (id) => { const n = state.nodes.get(id); return n ? n.label : String(id); };
  const box = popupAt(state, dom, T.new_link);
  box.appendChild(EL("div", "wv-pair", label(from) + " \u2194 " + label(to)));
  const kind = field(box, T.kind, EL("select", "wv-kind"));
  for (const [code, name] of state.data.kinds) option(kind, code, name, code === state.data.default_kind);
  const strength = field(box, T.strength, EL("select", "wv-strength"));
  for (const [code, name] of state.data.strengths) option(strength, code, name, code === 2);
  const status = field(box, T.status, EL("select", "wv-status"));
  for (const [code, name] of state.data.statuses) option(status, code, name, code === state.data.default_status);
  buttons(box, state, T.add, () => {
    send(state, { op: "add_link", from, to, kind: kind.value, strength: Number(strength.value), status: status.value });
    closePopup(state);
  });
  kind.focus();
}

function sync(state, data) {
  state.data = data;
  if (state.version === data.version) return;
  const first = state.version === null;
  state.version = data.version;
  state.network.setOptions({ interaction: { dragNodes: !!data.editable } });
  const nodes = data.nodes.map((n) => nodeItem(n, data));
  const keep = new Set(nodes.map((n) => String(n.id)));
  state.nodes.remove(state.nodes.getIds().filter((id) => !keep.has(String(id))));
  state.nodes.update(nodes);
  const edges = data.edges.map((e) => edgeItem(e, data));
  const keepE = new Set(edges.map((e) => String(e.id)));
  state.edges.remove(state.edges.getIds().filter((id) => !keepE.has(String(id))));
  state.edges.update(edges);
  // positions travel in the node items (one redraw for all; moveNode would redraw per actor)
  state.parts.live.textContent = data.notice || "";
  state.parts.del.disabled = !data.editable;
  if (first) {
    state.network.fit({ animation: false });
    if (state.network.getScale() > 1.2) state.network.moveTo({ scale: 1.2 });
    state.parts.root.dataset.ready = "1";
  }
  state.parts.root.dataset.version = String(data.version);
}

export default function (component) {
  const { data, setTriggerValue, parentElement } = component;
  let root = parentElement.querySelector(".wv-root");
  let state = root && root.__wv;
  if (!state) {
    const parts = build(parentElement, data);
    state = init(parts, data);
    parts.root.__wv = state;
    // for tests and assistive tools: where an actor is on the screen, and which actor has a name
    parts.root.wvScreen = (id) => {
      const p = state.network.canvasToDOM(state.network.getPosition(id));
      const r = parts.canvas.getBoundingClientRect();
      return { x: r.left + p.x, y: r.top + p.y };
    };
    parts.root.wvFind = (name) => {
      const hit = state.data.nodes.find((n) => n[1] === name);
      return hit ? hit[0] : null;
    };
    parts.root.wvCanvasPoint = (x, y) => {
      const r = parts.canvas.getBoundingClientRect();
      return { x: r.left + x, y: r.top + y };
    };
  }
  state.send = setTriggerValue;
  sync(state, data);
  return undefined;
}
