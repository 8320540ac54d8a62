"""Importera: a spreadsheet, Kumu or Gephi file into a map, previewed before anything is
written; plus the admin's full backup and restore (thin page: weaving/ui/importing.py
holds the logic). User text (file names, headers, names in messages) is shown only in
tables or escaped."""
import datetime as dt

import pandas as pd
import streamlit as st

from weaving.interchange import preview
from weaving.ui import importing as IMP
from weaving.ui.backups import backup_section
from weaving.ui.mapchoice import current_maps, set_maps
from weaving.ui.common import (
    bump,
    flash,
    lang,
    map_choices,
    md_escape,
    nonce,
    open_uow,
    run_uow,
    page_start,
    show_error,
    tr,
)

page_start("imp.title", "imp.intro")
if st.session_state.get("_imp_done"):
    c1, c2, _ = st.columns([1, 1, 3])
    c1.page_link("app_pages/map.py", label=tr("page.nav.map"), icon=":material/hub:")
    c2.page_link("app_pages/actors.py", label=tr("page.nav.actors"), icon=":material/table_view:")

with st.expander(tr("imp.help.heading"), icon=":material/help:"):
    st.markdown(tr("imp.help.body", mb=IMP.MAX_MB, rows=f"{IMP.MAX_ROWS:,}".replace(",", " ")))


def _table(rows: list[dict], key: str) -> None:
    st.dataframe(pd.DataFrame(rows), hide_index=True, width="stretch", key=key)


def _cached(name: str, key, compute):
    """One remembered value per name (a rerun does not parse or dry-run again)."""
    held = st.session_state.get(name)
    if held is None or held[0] != key:
        held = (key, compute())
        st.session_state[name] = held
    return held[1]


def column_step(files, key: str, tables) -> dict:
    """Selectboxes mapping the file's headers to our fields; returns ``mapping=``."""
    headers = list(dict.fromkeys(h for tbl in tables for h in tbl.headers))
    auto = {h: tbl.auto.get(h) for tbl in reversed(tables) for h in tbl.headers}
    wkey = {h: f"imp_col_{key[:12]}_{i}" for i, h in enumerate(headers)}
    choices = {h: st.session_state.get(wkey[h], IMP.AUTO) for h in headers}
    return {"mapping": IMP.mapping_from_choices(choices), "headers": headers, "auto": auto, "wkey": wkey}


def render_column_step(step: dict, tables, open_: bool) -> None:
    with st.expander(tr("imp.map.heading"), expanded=open_, icon=":material/view_column:"):
        st.caption(tr("imp.map.help"))
        shown: set[str] = set()
        for tbl in tables:
            todo = [h for h in tbl.headers if h not in shown]
            if not todo:
                continue
            st.markdown(f"**{md_escape(tbl.name)}**")
            cols = st.columns(3)
            for i, h in enumerate(todo):
                shown.add(h)
                labels = IMP.option_labels(lang(), step["auto"].get(h))
                cols[i % 3].selectbox(md_escape(h), IMP.mapping_options(), format_func=labels.get,
                                      key=step["wkey"][h])
        left = IMP.unrecognised(tables, step["mapping"])
        if left:
            st.caption(tr("imp.map.unrecognised", columns=md_escape(", ".join(left[:20]))))


def problems_block(result, ui_key: str) -> None:
    pv = preview(result, lang())
    for g in pv["groups"]:
        rows = g["rows"]
        where = ""
        if rows:
            shown = ", ".join(str(r) for r in rows[:15]) + (" …" if len(rows) > 15 else "")
            where = " " + tr("imp.rows", rows=shown)
        text = md_escape(f"{g['title']} ({g['count']}){where}")
        (st.error if g["severity"] == "error" else st.warning)(text)
    if result.problems:
        with st.expander(tr("imp.problems_by_row", n=len(result.problems)), icon=":material/list:"):
            _table(IMP.problem_rows(result, lang()), f"{ui_key}_problems")


def plan_block(p: "IMP.Plan") -> None:
    if p.error is not None:
        show_error(p.error)
        return
    for sp in p.problems:
        st.error(md_escape(sp.describe(lang())), icon=":material/block:")
    if p.problems:
        return
    name = md_escape(p.map_name)
    st.success(tr("imp.plan.new_map" if not p.map_exists else "imp.plan.into_map", map=name), icon=":material/map:")
    lines = [tr("imp.plan.new_actors", n=int(p.new_actors)),
             tr("imp.plan.new_links_estimated" if p.estimated else "imp.plan.new_links", n=int(p.new_links))]
    if p.existing_elsewhere:
        lines.append(tr("imp.plan.existing_elsewhere", n=len(p.existing_elsewhere)))
    if p.already_on_map:
        lines.append(tr("imp.plan.already_on_map", n=len(p.already_on_map)))
    if p.existing_links:
        lines.append(tr("imp.plan.existing_links", n=int(p.existing_links)))
    st.markdown("\n".join(f"- {line}" for line in lines))
    if p.existing_elsewhere or p.already_on_map:
        st.caption(tr("imp.plan.existing_note"))
        with st.expander(tr("imp.plan.existing_list"), icon=":material/group:"):
            rows = [{tr("page.field.name"): n, tr("imp.col.what"): tr("imp.plan.added")} for n in p.existing_elsewhere]
            rows += [{tr("page.field.name"): n, tr("imp.col.what"): tr("imp.plan.kept")} for n in p.already_on_map]
            _table(rows, "imp_existing_table")
    if p.merged:
        st.warning(tr("imp.plan.merged", n=len(p.merged), names=md_escape(", ".join(p.merged[:10]))),
                   icon=":material/merge:")


def import_section() -> None:
    uploads = st.file_uploader(tr("imp.upload"), type=IMP.UPLOAD_TYPES, accept_multiple_files=True,
                               key=f"imp_files_{nonce('imp')}", help=tr("imp.upload_help", mb=IMP.MAX_MB))
    if not uploads:
        st.info(tr("imp.empty", mb=IMP.MAX_MB), icon=":material/upload_file:")
        return
    st.session_state.pop("_imp_done", None)
    files = [(f.name, f.getvalue()) for f in uploads]
    key = IMP.digest(files)
    tables = _cached("_imp_tables", key, lambda: IMP.file_tables(files))
    step = column_step(files, key, tables)
    mapping = step["mapping"]
    parse_key = (key, tuple(sorted(mapping.items())))
    with st.spinner(tr("imp.reading")):
        result = _cached("_imp_result", parse_key, lambda: IMP.parse(files, mapping))
    if tables:
        render_column_step(step, tables, IMP.needs_mapping(result, tables) or bool(mapping))

    G = result.graph
    st.subheader(tr("imp.preview.heading"))
    c1, c2, c3, c4 = st.columns(4)
    c1.metric(tr("imp.metric.actors"), G.number_of_nodes())
    c2.metric(tr("imp.metric.links"), G.number_of_edges())
    c3.metric(tr("imp.metric.errors"), len(result.errors))
    c4.metric(tr("imp.metric.warnings"), len(result.warnings))
    problems_block(result, f"imp_{key[:12]}")
    if G.number_of_nodes():
        actors, links = IMP.sample_rows(G, lang())
        t1, t2 = st.tabs([tr("imp.sample.actors", n=min(len(actors), G.number_of_nodes()), total=G.number_of_nodes()),
                          tr("imp.sample.links", n=len(links), total=G.number_of_edges())])
        with t1:
            _table(actors, "imp_sample_actors")
        with t2:
            if links:
                _table(links, "imp_sample_links")
            else:
                st.caption(tr("imp.sample.no_links"))

    if not IMP.can_write(result):
        st.error(tr("imp.fix_errors" if result.errors else "imp.nothing"), icon=":material/block:")
        st.button(tr("imp.button"), type="primary", disabled=True, key="imp_go")
        return

    st.subheader(tr("imp.target.heading"))
    maps = map_choices()
    names = dict(maps)
    modes = ["existing", "new"] if maps else ["new"]
    mode_labels = {"existing": tr("imp.target.existing"), "new": tr("imp.target.new")}
    mode = st.radio(tr("imp.target.label"), modes, format_func=mode_labels.get, horizontal=True, key="imp_target_mode")
    if mode == "existing":
        ids = [i for i, _ in maps]
        remembered = [i for i in current_maps(maps)[0] if i in names] or ids[:1]
        map_id = st.selectbox(tr("imp.target.map"), ids, index=ids.index(remembered[0]), format_func=names.get,
                              key="imp_target_map")
        target = IMP.Target(map_id=map_id)
    else:
        new_name = st.text_input(tr("page.field.map_name"), value=IMP.default_map_name(files, G, tr("imp.target.default_name", date=dt.date.today().isoformat())),
                                 key=f"imp_target_name_{key[:12]}", max_chars=IMP.MAX_MAP_NAME)
        target = IMP.Target(new_name=new_name)

    plan_key = (parse_key, target.map_id, target.new_name.strip().lower())
    with st.spinner(tr("imp.checking")):
        def dry_run():
            with open_uow() as uow:
                return IMP.plan(uow, G, target)
        p = _cached("_imp_plan", plan_key, dry_run)
    plan_block(p)
    if st.button(tr("imp.button"), type="primary", disabled=not p.ok, key="imp_go", icon=":material/upload:"):
        bar = st.progress(0.0, text=tr("imp.progress", pct=0))
        ok, res = run_uow(lambda uow: IMP.commit(
            uow, G, target, progress=lambda f: bar.progress(f, text=tr("imp.progress", pct=round(100 * f)))))
        bar.empty()
        if ok:
            flash(tr("imp.done", map=md_escape(res["map_name"]), actors=res["actors_created"],
                     reused=res["actors_reused"], links=res["links_created"], skipped=res["links_skipped"]))
            set_maps([res["map_name"]], [res["map_id"]])   # the imported map is the current map everywhere
            st.session_state["_imp_done"] = True
            for name in ("_imp_tables", "_imp_result", "_imp_plan"):
                st.session_state.pop(name, None)
            bump("imp")
            st.rerun()
    elif not p.ok:
        st.caption(tr("imp.button_disabled"))


import_section()
backup_section()
