"""The HTTP baseline: a FastAPI route doing one read, one insert and a commit.

Started by ``bench.over_http`` as ``uvicorn bench.minimal_route:app`` on
127.0.0.1, the same way as the service, with ``BENCH_SCHEMA`` naming the
PostgreSQL schema (made for the run) whose table it writes.
"""

from __future__ import annotations

import os
import uuid

from fastapi import FastAPI
from psycopg import sql
from psycopg_pool import ConnectionPool

URL = os.environ.get("BENCH_POSTGRES_URL", "postgresql://postgres@127.0.0.1:5432/test")
TABLE = sql.Identifier(os.environ.get("BENCH_SCHEMA", "public"), "route_events")
pool = ConnectionPool(URL, min_size=4, max_size=16, open=True)
app = FastAPI()

with pool.connection() as setup:
    setup.execute(
        sql.SQL(
            "CREATE TABLE IF NOT EXISTS {} (originator_id uuid, originator_version bigint, "
            "state bytea, PRIMARY KEY (originator_id, originator_version))"
        ).format(TABLE)
    )


@app.post("/commands/{stream}", status_code=201)
def command(stream: uuid.UUID, body: dict[str, str]) -> dict[str, int]:
    with pool.connection() as conn, conn.transaction():
        row = conn.execute(
            sql.SQL("SELECT max(originator_version) FROM {} WHERE originator_id = %s").format(
                TABLE
            ),
            (stream,),
        ).fetchone()
        version = (row[0] if row and row[0] is not None else 0) + 1
        conn.execute(
            sql.SQL("INSERT INTO {} VALUES (%s, %s, %s)").format(TABLE),
            (stream, version, str(body).encode()),
        )
    return {"version": version}
