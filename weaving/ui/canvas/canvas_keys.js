// weaving's drawing canvas without a mouse: keyboard, announcements, the keyboard
// cursor drawn on the map, and the map as text (a table built from the same data the
// canvas draws). Loaded before canvas.js, in the same module; every text comes from
// ``data.texts`` (the UI language) and user text goes in with textContent only.
//
// Keys (on the drawing area; docs/keyboard.md):
//   arrows / Home / End   go through the actors in name order (the order of the table)
//   Enter / Space         select the actor (again: put it down; after moving: save the place)
//   arrows, when selected move it (Shift: farther); Enter saves, Escape puts it back
//   L                     link from the selected actor: arrows choose the other, Enter
//   E                     go through the links of the actor (Delete removes the link)
//   N                     new actor (a free spot in view)
//   Delete / Backspace    remove what is selected (Ctrl+Z or the undo button brings it back)
//   Ctrl+Z                undo the last removal
//   F                     show the whole map;  H  say every key;  Escape  cancel / deselect

const MEMORY = (globalThis.__wvCanvasMemory = globalThis.__wvCanvasMemory || {});
const STEP_PX = 20, BIG_STEP_PX = 100;

function fmt(template, params) {
  return String(template || "").replace(/\{(\w+)\}/g, (m, k) => (k in params ? String(params[k]) : m));
}

function countText(T, what, n) {
  return fmt(n === 1 ? T.count[what + "_one"] : T.count[what + "_many"], { n });
}

function low(state, text) {
  return String(text).toLocaleLowerCase(state.data.lang || "sv");
}

function nodeById(state, id) {
  return state.data.nodes.find((n) => n[0] === id) || null;
}

function nameOf(state, id) {
  const n = nodeById(state, id);
  return n ? n[1] : String(id);
}

function linksOf(state, id) {
  return state.data.edges.filter((e) => e[1] === id || e[2] === id);
}

function order(state) {
  // the actors by name, as the table lists them (same collation for both)
  const coll = new Intl.Collator(state.data.lang || "sv", { sensitivity: "base", numeric: true });
  return state.data.nodes.slice().sort((a, b) => coll.compare(a[1], b[1]) || a[0] - b[0]).map((n) => n[0]);
}

function say(state, text, kind) {
  const live = state.parts.live;
  const same = live.textContent === text;
  live.textContent = same ? text + "\u00a0" : text;   // the same words again are still announced
  live.classList.toggle("wv-error", kind === "error");
  live.classList.toggle("wv-success", kind === "success");
}

function describe(state, id) {
  const T = state.data.texts;
  const list = order(state);
  const n = nodeById(state, id);
  if (!n) return "";
  const lines = n[7] || [];
  return fmt(T.say_actor, { name: n[1], type: lines[1] || "", links: countText(T, "links", linksOf(state, id).length),
                            pos: list.indexOf(id) + 1, total: list.length });
}

function setCursor(state, id, announce = true) {
  state.cursor = id;
  state.edgeCursor = -1;
  if (id !== null) ensureVisible(state, id);
  remember(state);
  state.network.redraw();
  if (announce && id !== null) {
    const T = state.data.texts;
    say(state, state.mode === "link" ? fmt(T.say_link_target, { name: nameOf(state, id), from: nameOf(state, state.linkFrom) })
                                     : describe(state, id));
  }
}

function ensureVisible(state, id) {
  const net = state.network;
  const pos = net.getPositions([id])[id];
  if (!pos) return;
  const dom = net.canvasToDOM(pos);
  const w = state.parts.canvas.clientWidth, h = state.parts.canvas.clientHeight;
  if (dom.x < 40 || dom.y < 40 || dom.x > w - 40 || dom.y > h - 50) net.moveTo({ position: pos, animation: false });
}

function remember(state) {
  MEMORY[state.data.map] = { cursor: state.cursor, focused: state.parts.root.contains(document.activeElement),
                             at: Date.now() };
}

function step(list, current, delta) {
  if (!list.length) return null;
  const i = list.indexOf(current);
  if (i < 0) return delta > 0 ? list[0] : list[list.length - 1];
  return list[Math.max(0, Math.min(list.length - 1, i + delta))];
}

function freeSpot(state) {
  // a point in view, away from every actor: the new actor does not land on another
  const net = state.network;
  const centre = net.getViewPosition();
  const scale = Math.max(0.2, net.getScale());
  const pos = Object.values(net.getPositions());
  const away = 70 / scale;
  for (let r = 0; r < 12; r++) {
    for (let k = 0; k < Math.max(1, 8 * r); k++) {
      const a = (2 * Math.PI * k) / Math.max(1, 8 * r);
      const p = { x: centre.x + Math.cos(a) * r * away, y: centre.y + Math.sin(a) * r * away };
      if (pos.every((q) => Math.hypot(q.x - p.x, q.y - p.y) >= away)) return p;
    }
  }
  return centre;
}

function domOf(state, id) {
  const p = state.network.getPositions([id])[id];
  return p ? state.network.canvasToDOM(p) : { x: 20, y: 20 };
}

function selectedNodes(state) {
  return state.network.getSelection().nodes;
}

function cancelMove(state) {
  const from = state.moveFrom;
  state.moveFrom = null;
  if (from) for (const [id, p] of Object.entries(from)) state.network.moveNode(Number(id), p.x, p.y);
  return !!from;
}

function saveMove(state) {
  const from = state.moveFrom;
  state.moveFrom = null;
  if (!from) return false;
  const ids = Object.keys(from).map(Number);
  const now = state.network.getPositions(ids);
  const positions = {};
  for (const id of ids) positions[id] = [now[id].x, now[id].y];
  send(state, { op: "move", positions });
  return true;
}

function moveSelected(state, dx, dy, big) {
  const ids = selectedNodes(state);
  const net = state.network;
  const px = (big ? BIG_STEP_PX : STEP_PX) / Math.max(0.2, net.getScale());
  const now = net.getPositions(ids);
  if (!state.moveFrom) {
    state.moveFrom = {};
    for (const id of ids) state.moveFrom[id] = { ...now[id] };
    const T = state.data.texts;
    say(state, fmt(T.say_moving, { name: ids.length === 1 ? nameOf(state, ids[0]) : countText(T, "actors", ids.length) }));
  }
  for (const id of ids) net.moveNode(id, now[id].x + dx * px, now[id].y + dy * px);
  ensureVisible(state, ids[0]);
  net.redraw();
}

function onKey(state, ev) {
  if (state.popup || ev.altKey) return;
  const T = state.data.texts;
  const editable = state.data.editable;
  const list = order(state);
  const key = ev.key;
  const sel = selectedNodes(state);
  const done = () => { ev.preventDefault(); ev.stopPropagation(); };
  const arrows = { ArrowUp: [0, -1], ArrowDown: [0, 1], ArrowLeft: [-1, 0], ArrowRight: [1, 0] };
  if ((ev.ctrlKey || ev.metaKey) && key.toLowerCase() === "z") {
    if (editable) { state.data.can_undo ? send(state, { op: "undo" }) : say(state, T.say_nothing_to_undo); }
    return done();
  }
  if (ev.ctrlKey || ev.metaKey) return;
  if (key in arrows || key === "Home" || key === "End") {
    if (state.mode !== "link" && sel.length && editable && key in arrows) {
      const [dx, dy] = arrows[key];
      moveSelected(state, dx, dy, ev.shiftKey);
      return done();
    }
    const pool = state.mode === "link" ? list.filter((id) => id !== state.linkFrom) : list;
    if (!pool.length) { say(state, T.say_empty); return done(); }
    const delta = key === "ArrowUp" || key === "ArrowLeft" ? -1 : 1;
    const next = key === "Home" ? pool[0] : key === "End" ? pool[pool.length - 1] : step(pool, state.cursor, delta);
    setCursor(state, next);
    return done();
  }
  if (key === "Enter" || key === " ") {
    if (state.mode === "link") {
      if (state.cursor === null || state.cursor === state.linkFrom) { say(state, T.say_link_pick); return done(); }
      const from = state.linkFrom;
      state.mode = null;
      state.linkFrom = null;
      state.network.unselectAll();
      openLinkPopup(state, from, state.cursor, domOf(state, state.cursor));
      return done();
    }
    if (saveMove(state)) return done();
    if (state.cursor === null) {
      if (list.length) setCursor(state, list[0]);
      else say(state, T.say_empty);
      return done();
    }
    if (sel.length === 1 && sel[0] === state.cursor) {
      state.network.unselectAll();
      say(state, fmt(T.say_unselected, { name: nameOf(state, state.cursor) }));
    } else {
      state.network.selectNodes([state.cursor], false);
      say(state, fmt(editable ? T.say_selected : T.say_selected_readonly, { name: nameOf(state, state.cursor) }));
    }
    state.network.redraw();
    return done();
  }
  if (key === "Escape") {
    if (state.mode === "link") {
      state.mode = null;
      setCursor(state, state.linkFrom, false);
      state.linkFrom = null;
      say(state, T.say_link_cancelled);
    } else if (cancelMove(state)) {
      say(state, T.say_move_cancelled);
    } else if (sel.length || state.network.getSelection().edges.length) {
      state.network.unselectAll();
      say(state, T.say_unselected_all);
    } else {
      return;   // nothing to cancel: Escape belongs to the page
    }
    state.network.redraw();
    return done();
  }
  if (key === "Delete" || key === "Backspace") {
    if (!editable) return;
    cancelMove(state);
    deleteSelection(state);
    return done();
  }
  const letter = key.length === 1 ? key.toLowerCase() : "";
  if (letter === "h" || letter === "?") { say(state, T.keys.join(" ")); return done(); }
  if (letter === "f") { state.network.fit({ animation: false }); say(state, T.say_fit); return done(); }
  if (letter === "e") { nextLink(state); return done(); }
  if (!editable) return;
  if (letter === "n") { cancelMove(state); newActorByKey(state); return done(); }
  if (letter === "l") {
    if (sel.length !== 1) { say(state, T.say_link_need_one); return done(); }
    saveMove(state);
    state.mode = "link";
    state.linkFrom = sel[0];
    const others = list.filter((id) => id !== sel[0]);
    say(state, fmt(T.say_link_start, { name: nameOf(state, sel[0]) }));
    if (others.length) {   // start at the actor after the source in name order
      const i = list.indexOf(sel[0]);
      state.cursor = list[(i + 1) % list.length] === sel[0] ? others[0] : list[(i + 1) % list.length];
      ensureVisible(state, state.cursor);
    }
    state.network.redraw();
    return done();
  }
}

function nextLink(state) {
  const T = state.data.texts;
  if (state.cursor === null) { say(state, T.say_empty); return; }
  const links = linksOf(state, state.cursor);
  if (!links.length) { say(state, fmt(T.say_no_links, { name: nameOf(state, state.cursor) })); return; }
  state.edgeCursor = (state.edgeCursor + 1) % links.length;
  const e = links[state.edgeCursor];
  state.network.setSelection({ nodes: [], edges: [e[0]] }, { unselectAll: true, highlightEdges: false });
  const other = e[1] === state.cursor ? e[2] : e[1];
  say(state, fmt(T.say_link, { a: nameOf(state, state.cursor), b: nameOf(state, other), kind: e[4],
                               status: low(state, T.status_names[e[3]] || e[3]), pos: state.edgeCursor + 1,
                               total: links.length }));
}

function newActorByKey(state) {
  const at = freeSpot(state);
  state.network.unselectAll();
  openActorPopup(state, at, state.network.canvasToDOM(at));
}

function drawCursor(state, ctx) {
  // the keyboard cursor: a ring around the actor (and, choosing a link, a dashed line to it)
  if (state.cursor === null || !state.parts.stage.contains(document.activeElement)) return;
  const net = state.network;
  const pos = net.getPositions([state.cursor, state.linkFrom].filter((x) => x !== null));
  const p = pos[state.cursor];
  if (!p) return;
  const scale = Math.max(0.2, net.getScale());
  ctx.save();
  ctx.lineWidth = 3 / scale;
  ctx.strokeStyle = "#17456e";
  if (state.mode === "link" && pos[state.linkFrom]) {
    const q = pos[state.linkFrom];
    ctx.setLineDash([8 / scale, 6 / scale]);
    ctx.beginPath();
    ctx.moveTo(q.x, q.y);
    ctx.lineTo(p.x, p.y);
    ctx.stroke();
    ctx.setLineDash([]);
  }
  ctx.beginPath();
  ctx.arc(p.x, p.y, 30, 0, 2 * Math.PI);
  ctx.stroke();
  ctx.restore();
}

function renderKeys(state) {
  const T = state.data.texts;
  const { keysSummary, keysList } = state.parts;
  keysSummary.textContent = T.keys_title;
  keysList.replaceChildren(...T.keys.map((line) => EL("li", null, line)));
}

function renderText(state) {
  // every actor on the canvas (also those without links) with its links, by name
  const T = state.data.texts;
  const { textSummary, textBody, textHead } = state.parts;
  const edges = state.data.edges;
  textSummary.textContent = fmt(T.text_summary, { actors: countText(T, "actors", state.data.nodes.length),
                                                  links: countText(T, "links", edges.length) });
  textHead.replaceChildren(...[T.col_actor, T.col_type, T.col_links].map((h) => {
    const th = EL("th", null, h);
    th.scope = "col";
    return th;
  }));
  const coll = new Intl.Collator(state.data.lang || "sv", { sensitivity: "base", numeric: true });
  const rows = [];
  for (const id of order(state)) {
    const n = nodeById(state, id);
    const tr = EL("tr");
    const th = EL("th");
    th.scope = "row";
    const pick = EL("button", "wv-pick", n[1]);
    pick.type = "button";
    pick.title = T.text_pick;
    pick.addEventListener("click", () => { state.parts.stage.focus({ preventScroll: true }); setCursor(state, id); });
    th.appendChild(pick);
    if (n[6]) th.appendChild(EL("span", "wv-weaver", " (" + T.weaver + ")"));
    const links = linksOf(state, id).map((e) => {
      const other = e[1] === id ? e[2] : e[1];
      return [nameOf(state, other), fmt(T.text_link, { kind: e[4], status: low(state, T.status_names[e[3]] || e[3]),
                                                       strength: low(state, T.strength_names[e[5]] || e[5]) })];
    }).sort((a, b) => coll.compare(a[0], b[0]) || coll.compare(a[1], b[1]));
    const cell = EL("td");
    if (links.length) {
      const ul = EL("ul");
      for (const [other, text] of links) {
        const li = EL("li");
        li.append(EL("span", "wv-other", other), document.createTextNode(": " + text));
        ul.appendChild(li);
      }
      cell.appendChild(ul);
    } else {
      cell.textContent = T.no_links;
    }
    tr.append(th, EL("td", null, (n[7] || [])[1] || ""), cell);
    rows.push(tr);
  }
  textBody.replaceChildren(...rows);
}
