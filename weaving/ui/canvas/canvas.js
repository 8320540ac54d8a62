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
  const bar = EL("div", "wv-bar");
  const hint = EL("span", "wv-hint");
  const mk = (cls) => { const b = EL("button", "wv-btn " + cls); b.type = "button"; return b; };
  const add = mk("wv-add"), del = mk("wv-delete"), undoBtn = mk("wv-undo"), fit = mk("wv-fit");
  undoBtn.hidden = true;
  bar.append(hint, add, del, undoBtn, fit);
  // the drawing area is the one tab stop of the map; its keys: canvas_keys.js
  const stage = EL("div", "wv-stage");
  stage.tabIndex = 0;
  stage.setAttribute("role", "application");
  const uid = "wv" + Math.random().toString(36).slice(2, 9);
  stage.setAttribute("aria-describedby", uid + "-keys");
  const canvas = EL("div", "wv-canvas");
  stage.appendChild(canvas);
  const live = EL("div", "wv-live");
  live.setAttribute("role", "status");
  live.setAttribute("aria-live", "polite");
  const keys = EL("details", "wv-keys");
  const keysSummary = EL("summary");
  const keysList = EL("ul");
  keysList.id = uid + "-keys";
  keys.append(keysSummary, keysList);
  const text = EL("details", "wv-text");
  const textSummary = EL("summary");
  const table = EL("table");
  const thead = EL("thead");
  const textHead = EL("tr");
  thead.appendChild(textHead);
  const textBody = EL("tbody");
  table.append(thead, textBody);
  text.append(textSummary, table);
  root.append(bar, stage, live, keys, text);
  parent.appendChild(root);
  return { root, canvas, stage, live, hint, add, del, undo: undoBtn, fit, keysSummary, keysList, textSummary,
           textHead, textBody };
}

function applyTexts(state) {
  // every text follows the UI language, also after a switch (the data is new each run)
  const T = state.data.texts, p = state.parts;
  p.hint.replaceChildren(EL("span", null, T.hint), EL("span", "wv-hint-keys", T.hint_keys));
  p.stage.setAttribute("aria-label", T.aria);
  p.add.textContent = T.add_button;
  p.del.textContent = T.delete_selected;
  p.undo.textContent = T.undo;
  p.fit.textContent = T.fit;
  const editable = !!state.data.editable;
  p.add.disabled = p.del.disabled = !editable;
  const hadFocus = document.activeElement === p.undo;
  p.undo.hidden = !(editable && state.data.can_undo);
  if (hadFocus && p.undo.hidden) p.stage.focus({ preventScroll: true });
  renderKeys(state);
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
    cursor: null, edgeCursor: -1, mode: null, linkFrom: null, moveFrom: null, pendingName: null,
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
  // vis-network's own frame is not a second tab stop: the drawing area (stage) is the one
  const frame = parts.canvas.querySelector(".vis-network");
  if (frame) frame.tabIndex = -1;
  net.on("afterDrawing", (ctx) => drawCursor(state, ctx));
  net.on("click", (p) => {
    if (p.nodes.length === 1) { state.cursor = p.nodes[0]; state.edgeCursor = -1; remember(state); }
  });

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
  parts.stage.addEventListener("keydown", (ev) => {
    if (state.popup) {
      if (ev.key === "Escape") { closePopup(state); ev.preventDefault(); }
      return;
    }
    onKey(state, ev);
  });
  parts.stage.addEventListener("focus", () => {
    if (state.cursor === null && !state.mode) {
      const list = order(state);
      if (list.length) setCursor(state, list[0]);
      else say(state, state.data.texts.say_empty);
    } else {
      state.network.redraw();
    }
  });
  parts.stage.addEventListener("focusout", (ev) => {
    // focus left the drawing area: a move not yet saved is saved, as a mouse drop would be
    if (!parts.stage.contains(ev.relatedTarget)) {
      if (state.moveFrom) saveMove(state);
      state.network.redraw();
    }
  });
  parts.root.addEventListener("focusin", () => remember(state));
  parts.add.addEventListener("click", () => newActorByKey(state));
  parts.del.addEventListener("click", () => deleteSelection(state));
  parts.undo.addEventListener("click", () => send(state, { op: "undo" }));
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
  say(state, state.data.texts.saving);
  remember(state);
  MEMORY[state.data.map].pending = true;
  state.send("action", action);
}

function deleteSelection(state) {
  const sel = state.network.getSelection();
  if (!sel.nodes.length && !sel.edges.length) {
    say(state, state.data.texts.nothing_selected);
    return false;
  }
  send(state, { op: "delete", nodes: sel.nodes, edges: sel.edges });
  return true;
}

function closePopup(state) {
  if (state.popup) {
    state.popup.remove();
    state.popup = null;
    state.parts.stage.focus({ preventScroll: true });
  }
}

function popupAt(state, dom, title) {
  closePopup(state);
  const box = EL("div", "wv-pop");
  box.setAttribute("role", "dialog");
  box.setAttribute("aria-label", title);
  box.appendChild(EL("div", "wv-pop-title", title));
  state.parts.stage.appendChild(box);
  state.popup = box;
  box.__at = dom;
  place(state);
  return box;
}

function place(state) {
  // the popup stays inside the drawing area, beside the point (above it when low):
  // the page never scrolls or grows while drawing
  const box = state.popup;
  if (!box) return;
  const dom = box.__at;
  const w = state.parts.stage.clientWidth, h = state.parts.stage.clientHeight;
  const bh = box.offsetHeight;
  box.style.left = Math.max(4, Math.min(dom.x + 8, w - box.offsetWidth - 4)) + "px";
  const below = dom.y + 8, above = dom.y - 8 - bh;
  box.style.top = Math.max(4, below + bh <= h - 4 ? below : above >= 4 ? above : h - bh - 4) + "px";
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
  const addExisting = (o) => {
    state.pendingName = fold(o[1]);
    send(state, { op: "add_existing", actor: o[0], x: at.x, y: at.y });
    closePopup(state);
  };
  const refresh = () => {
    offers.replaceChildren();
    note.textContent = "";
    note.removeAttribute("role");
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
    place(state);
  };
  name.addEventListener("input", refresh);
  buttons(box, state, T.add, () => {
    const q = fold(name.value);
    if (!q) { note.textContent = T.name_needed; name.focus(); return; }
    if (here.has(q)) { note.textContent = T.already_here; return; }
    const same = others.find((o) => fold(o[1]) === q);
    if (same) { addExisting(same); return; }
    state.pendingName = fold(name.value);
    send(state, { op: "add_actor", name: name.value, type: type.value, x: at.x, y: at.y });
    closePopup(state);
  });
  place(state);
  name.focus({ preventScroll: true });
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
  place(state);
  kind.focus({ preventScroll: true });
}

function sync(state, data) {
  const before = state.version === null ? [] : order(state);
  const at = before.indexOf(state.cursor);
  state.data = data;
  applyTexts(state);
  if (state.version === data.version) return;
  const first = state.version === null;
  state.version = data.version;
  state.moveFrom = null;   // what is stored is what is shown
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
  const sel = state.network.getSelection();
  state.network.setSelection({ nodes: sel.nodes.filter((id) => keep.has(String(id))),
                               edges: sel.edges.filter((id) => keepE.has(String(id))) }, { unselectAll: true });
  const list = order(state);
  const memory = MEMORY[data.map];
  if (first && memory && memory.pending && Date.now() - memory.at < 120000) {
    // the component was drawn anew after a save: the keyboard user is put back where they were
    state.cursor = list.includes(memory.cursor) ? memory.cursor : null;
    if (memory.focused) state.parts.stage.focus({ preventScroll: true });
  }
  if (memory) memory.pending = false;
  if (state.pendingName) {
    const hit = data.nodes.find((n) => fold(n[1]) === state.pendingName);
    if (hit) { state.cursor = hit[0]; ensureVisible(state, hit[0]); }   // the new actor and its name in view
    state.pendingName = null;
  }
  if (state.cursor !== null && !list.includes(state.cursor)) {
    state.cursor = list.length ? list[Math.min(Math.max(at, 0), list.length - 1)] : null;
  }
  if (state.mode === "link" && !list.includes(state.linkFrom)) { state.mode = null; state.linkFrom = null; }
  if (data.notice) say(state, data.notice, data.notice_kind);
  else if (first) say(state, "");
  renderText(state);
  if (first) {
    state.network.fit({ animation: false });
    if (state.network.getScale() > 1.2) state.network.moveTo({ scale: 1.2 });
    state.parts.root.dataset.ready = "1";
  }
  state.network.redraw();
  remember(state);
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
