# Runs one pool scenario through real SQLAlchemy 2.0 (create_async_engine, the pool under it) and
# prints its trace as JSON: the pool events in order (connect, checkout, checkin, reset, close,
# invalidate), each step's errors (class and message) and query rows. test/pool-trace.ts runs the
# same scenario through Poolscope's pools; the differential tests compare the two.
#
# Input (stdin, JSON): {"url": str, "password": str|null, "poolclass": str|null, "kw": {...},
#                       "steps": [[op, ...args], ...]}
import asyncio
import json
import sys
import time
import warnings

warnings.simplefilter("ignore")

from sqlalchemy import event, text
from sqlalchemy.engine import make_url
from sqlalchemy.ext.asyncio import create_async_engine
from sqlalchemy.util import greenlet_spawn
import sqlalchemy.pool as sapool


def norm(v):
    if isinstance(v, (bytes, bytearray)):
        return v.decode()
    if isinstance(v, int) and not isinstance(v, bool):
        return v
    try:
        import decimal

        if isinstance(v, decimal.Decimal):
            return int(v) if v == int(v) else float(v)
    except Exception:
        pass
    return v


async def main():
    spec = json.loads(sys.stdin.read())
    url = make_url(spec["url"])
    if spec.get("password"):
        url = url.set(password=spec["password"])
    kw = dict(spec.get("kw") or {})
    if spec.get("poolclass"):
        kw["poolclass"] = getattr(sapool, spec["poolclass"])
    engine = create_async_engine(url, **kw)
    pool = engine.sync_engine.pool
    trace = []
    ids = {}

    def rid(rec):
        if rec is None:
            return 0
        key = id(rec)
        if key not in ids:
            ids[key] = (len(ids) + 1, rec)  # keep rec alive so id() stays unique
        return ids[key][0]

    event.listen(pool, "connect", lambda c, r: trace.append(["connect", rid(r)]))
    event.listen(pool, "checkout", lambda c, r, p: trace.append(["checkout", rid(r)]))
    event.listen(pool, "checkin", lambda c, r: trace.append(["checkin", rid(r)]))
    event.listen(pool, "reset", lambda c, r, s: trace.append(["reset", rid(r)]))
    event.listen(pool, "close", lambda c, r: trace.append(["close", rid(r)]))
    event.listen(pool, "invalidate", lambda c, r, e: trace.append(["invalidate", rid(r)]))

    handles = {}
    timings = []

    async def checkout(name):
        started = time.monotonic()
        try:
            handles[name] = await greenlet_spawn(pool.connect)
        except Exception as e:  # noqa: BLE001 - the error is the trace
            msg = str(e).split(" (Background on this error")[0]
            trace.append(["error", name, type(e).__name__, msg])
            timings.append([name, round((time.monotonic() - started) * 1000)])

    def run_sql(fairy, sql):
        cur = fairy.cursor()
        cur.execute(sql)
        rows = [[norm(v) for v in row] for row in cur.fetchall()] if cur.description else None
        cur.close()
        return rows

    for step in spec["steps"]:
        op = step[0]
        if op == "out":
            await checkout(step[1])
        elif op == "outMany":
            await asyncio.gather(*(checkout(n) for n in step[1]))
        elif op == "in":
            await greenlet_spawn(handles.pop(step[1]).close)
        elif op == "sql":
            try:
                rows = await greenlet_spawn(run_sql, handles[step[1]], step[2])
                if rows is not None:
                    trace.append(["rows", step[1], rows])
            except Exception as e:  # noqa: BLE001
                trace.append(["error", step[1], type(e).__name__, str(e).split("\n")[0]])
        elif op == "econnect":
            handles[step[1]] = await engine.connect()
        elif op == "eexec":
            try:
                res = await handles[step[1]].execute(text(step[2]))
                if res.returns_rows:
                    trace.append(["rows", step[1], [[norm(v) for v in row] for row in res.fetchall()]])
            except Exception as e:  # noqa: BLE001 - the error is the trace
                trace.append(["error", step[1], "engine-exec", type(e).__name__])
        elif op == "eclose":
            try:
                await handles.pop(step[1]).close()
            except Exception as e:  # noqa: BLE001
                trace.append(["error", step[1], "engine-close", type(e).__name__])
        elif op == "kill":
            import asyncpg

            pid = (await handles[step[1]].execute(text("SELECT pg_backend_pid()"))).scalar()
            admin = await asyncpg.connect(host=url.host, port=url.port, user=url.username, password=spec.get("password"), database=url.database)
            await admin.execute("SELECT pg_terminate_backend($1)", pid)
            await admin.close()
        elif op == "killIdle":
            import asyncpg

            # Every other session on this scenario's database: the pool's idle connections (PostgreSQL).
            admin = await asyncpg.connect(host=url.host, port=url.port, user=url.username, password=spec.get("password"), database=url.database)
            await admin.execute("SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = current_database() AND pid <> pg_backend_pid()")
            await admin.close()
        elif op == "sleep":
            await asyncio.sleep(step[1] / 1000)
        elif op == "dispose":
            await greenlet_spawn(pool.dispose)
        elif op == "status":
            trace.append(["status", pool.status()])
        elif op == "poolclass":
            trace.append(["poolclass", type(pool).__name__])
        else:
            raise SystemExit(f"unknown step {op}")
    for h in handles.values():
        if hasattr(h, "sync_connection"):
            await h.close()
        else:
            await greenlet_spawn(h.close)
    await engine.dispose()
    print(json.dumps({"trace": trace, "timings": timings}))


asyncio.run(main())
