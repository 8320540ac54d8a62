"""Many rows into one table, fast, inside the session's transaction.

Values are encoded with SQLAlchemy's own bind processors for the column types (so a
JSON list, a date or a timestamp is stored exactly as the ORM would store it), then

* SQLite: one ``executemany`` of a plain ``INSERT`` (the sqlite3 module loops in C).
  New ids are the ones SQLite gives: ``max(id) + 1`` for each row, so after the insert
  they are the block ending at the new ``max(id)`` -- nobody else can write while this
  transaction holds SQLite's write lock;
* PostgreSQL: ids are taken from the table's sequence first (one ``nextval`` per row,
  in one query), then the rows go in with ``COPY ... FROM STDIN`` (psycopg), the
  fastest way into PostgreSQL;
* anything else: SQLAlchemy Core ``insert()`` with a list of rows, ids via RETURNING.
"""
from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from operator import itemgetter
from typing import Any

from sqlalchemy import Table, func, insert, select, text
from sqlalchemy.exc import DBAPIError
from sqlalchemy.orm import Session


def _encoders(table: Table, columns: Sequence[str], dialect) -> list:
    return [table.c[name].type.dialect_impl(dialect).bind_processor(dialect) for name in columns]


def _encode(rows: list[dict[str, Any]], columns: Sequence[str], procs: list) -> list[tuple]:
    getter = itemgetter(*columns)
    if len(columns) == 1:
        values = [(getter(row),) for row in rows]
    else:
        values = [getter(row) for row in rows]
    todo = [(i, p) for i, p in enumerate(procs) if p is not None]
    if not todo:
        return values
    out = []
    memo: dict = {}   # timestamps and dates repeat: encode each once
    for row in values:
        row = list(row)
        for i, p in todo:
            v = row[i]
            if v is None:
                continue
            if isinstance(v, (dt.date, bool)):
                key = (i, v)
                hit = memo.get(key)
                if hit is None:
                    hit = memo[key] = p(v)
                row[i] = hit
            else:
                row[i] = p(v)
        out.append(tuple(row))
    return out


def insert_rows(session: Session, table: Table, rows: list[dict[str, Any]], *, with_ids: bool = False) -> list[int]:
    """Insert ``rows`` (dicts with the same keys, no ``id``) into ``table``.

    Parameters
    ----------
    session : sqlalchemy.orm.Session
        Its current transaction is used; nothing is committed.
    table : sqlalchemy.Table
    rows : list of dict
    with_ids : bool, optional
        Return the new rows' ids (tables with an integer ``id`` key), in row order.

    Returns
    -------
    list of int
        The ids when ``with_ids``, else an empty list.
    """
    if not rows:
        return []
    conn = session.connection()
    dialect = conn.dialect
    columns = list(rows[0])
    if dialect.name == "sqlite":
        procs = _encoders(table, columns, dialect)
        names = ", ".join(f'"{c}"' for c in columns)
        marks = ", ".join("?" for _ in columns)
        conn.exec_driver_sql(f'INSERT INTO "{table.name}" ({names}) VALUES ({marks})', _encode(rows, columns, procs))
        if not with_ids:
            return []
        last = int(conn.execute(select(func.max(table.c.id))).scalar_one())
        return list(range(last - len(rows) + 1, last + 1))
    if dialect.name == "postgresql" and dialect.driver == "psycopg":
        ids: list[int] = []
        if with_ids:
            ids = sorted(int(i) for i in conn.execute(
                text(f"SELECT nextval(pg_get_serial_sequence('{table.name}', 'id')) FROM generate_series(1, :n)"),
                {"n": len(rows)}).scalars())
            rows = [{"id": i, **row} for i, row in zip(ids, rows)]
            columns = ["id", *columns]
        procs = _encoders(table, columns, dialect)
        names = ", ".join(f'"{c}"' for c in columns)
        raw = conn.connection.driver_connection
        statement = f'COPY "{table.name}" ({names}) FROM STDIN'
        try:
            with raw.cursor() as cur, cur.copy(statement) as copy:
                for row in _encode(rows, columns, procs):
                    copy.write_row(row)
        except dialect.loaded_dbapi.Error as exc:   # as SQLAlchemy reports it for any statement
            raise DBAPIError.instance(statement, None, exc, dialect.loaded_dbapi.Error) from exc
        return ids
    if with_ids:
        stmt = insert(table).returning(table.c.id, sort_by_parameter_order=True)
        return [int(i) for i in session.execute(stmt, rows).scalars()]
    session.execute(insert(table), rows)
    return []
