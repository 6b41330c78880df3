# The load run of Poolscope's "Run on real SQLAlchemy" (see poolscope_verify.py, which checks the
# interpreter first and calls run()). The scenario is the load lab's (src-main/core/lab/load-run.ts):
# `concurrency` workers started over the ramp, each looping checkout -> statement -> hold -> close,
# then think, until the duration ends. A request uses the engine as a service does: an
# AsyncConnection (engine.connect()), whose close rolls back and returns the connection to the pool.
import asyncio
import os
import random
import sys
import time
import types
import uuid
import warnings

warnings.simplefilter("ignore")

from sqlalchemy import event, exc, text  # noqa: E402
from sqlalchemy.engine import make_url  # noqa: E402
from sqlalchemy.ext.asyncio import create_async_engine  # noqa: E402
import sqlalchemy.pool as sapool  # noqa: E402

RESERVOIR = 100_000
DISTINCT_ERRORS = 20
READ_ONLY_STATES = {"25006"}
AUTH_STATES = {"28P01", "28000"}
READ_ONLY_ERRNOS = {1792}
AUTH_ERRNOS = {1044, 1045, 1698}
CONNECT_ERRNOS = {2002, 2003, 2005, 2006, 2013}


def clean_message(e):
    text_ = str(e).split(" (Background on this error")[0]
    return text_.split("\n[SQL:")[0].strip()[:500]


PREPARED_KINDS = {}


def classify(e):
    """The load lab's kinds (src-main/core/lab/classify.ts), from what SQLAlchemy and the driver raised."""
    if isinstance(e, exc.TimeoutError):
        return "pool timeout"
    if isinstance(e, exc.DBAPIError) and e.connection_invalidated:
        return "disconnect"
    orig = getattr(e, "orig", None) or e
    state = getattr(orig, "sqlstate", None) or getattr(orig, "pgcode", None)
    errno = orig.args[0] if getattr(orig, "args", None) and isinstance(orig.args[0], int) else None
    if state in READ_ONLY_STATES or errno in READ_ONLY_ERRNOS:
        return "read-only"
    if state in PREPARED_KINDS:
        return PREPARED_KINDS[state]
    if state in AUTH_STATES or errno in AUTH_ERRNOS:
        return "auth"
    if errno in CONNECT_ERRNOS or isinstance(orig, (OSError, asyncio.TimeoutError)):
        return "connect"
    return "query"


class Stats:
    def __init__(self):
        self.checkouts = 0
        self.completed = 0
        self.errors = 0
        self.by_kind = {}
        self.samples = {}
        self.waits = []
        self.seen_waits = 0
        self.waiting = 0
        self.checked_out = 0
        self.peak_checked_out = 0
        self.peak_waiting = 0

    def wait(self, ms):
        self.seen_waits += 1
        if len(self.waits) < RESERVOIR:
            self.waits.append(ms)
        else:
            j = random.randrange(self.seen_waits)
            if j < RESERVOIR:
                self.waits[j] = ms

    def error(self, e, emit):
        kind = classify(e)
        self.errors += 1
        self.by_kind[kind] = self.by_kind.get(kind, 0) + 1
        cls = type(e).__name__
        orig = getattr(e, "orig", None)
        msg = clean_message(e)
        key = (kind, cls, msg)
        if key in self.samples:
            self.samples[key]["count"] += 1
        elif len(self.samples) < DISTINCT_ERRORS:
            sample = {"kind": kind, "cls": cls, "orig": type(orig).__name__ if orig is not None else None, "message": msg, "count": 1}
            self.samples[key] = sample
            emit({"event": "error", **{k: v for k, v in sample.items() if k != "count"}})

    def percentiles(self):
        if not self.waits:
            return {"count": 0, "p50": 0.0, "p99": 0.0, "max": 0.0}
        s = sorted(self.waits)

        def at(q):
            return round(s[min(len(s) - 1, int(q * len(s)))], 3)

        return {"count": self.seen_waits, "p50": at(0.5), "p99": at(0.99), "max": round(s[-1], 3)}


def build_engine(spec):
    """The exported db.py executed as the module `db` (its URL without the password), or create_async_engine from the same settings."""
    eng = spec["engine"]
    if eng["kind"] == "dbpy":
        os.environ["DATABASE_URL"] = eng["url"]
        # What else the service's .env gives db.py (a client key's passphrase): set in this
        # process only, as load_dotenv() would, never on the command line.
        for name, value in (eng.get("env") or {}).items():
            os.environ[name] = value
        module = types.ModuleType("db")
        module.__file__ = "db.py"
        sys.modules["db"] = module
        exec(compile(eng["source"], "db.py", "exec"), module.__dict__)
        engine = module.engine
    else:
        kw = dict(eng.get("kw") or {})
        if eng.get("poolclass"):
            kw["poolclass"] = getattr(sapool, eng["poolclass"])
        url = make_url(eng["url"])
        if eng.get("recipe") and url.get_driver_name() == "asyncpg":
            # The PgBouncer recipe of SQLAlchemy's asyncpg dialect docs, as the export writes it.
            url = url.update_query_dict({"prepared_statement_cache_size": "0"})
            kw["connect_args"] = {"statement_cache_size": 0, "prepared_statement_name_func": lambda: "__asyncpg_%s__" % uuid.uuid4()}
        elif eng.get("recipe") and url.get_driver_name() == "psycopg":
            kw["connect_args"] = {"prepare_threshold": None}
        engine = create_async_engine(url, **kw)
    password = spec.get("password")
    secret_params = spec.get("secretParams") or {}
    if password or secret_params:
        # The password and secret parameters (psycopg's sslpassword) join the driver's connect()
        # arguments only: never the URL, argv or environment.
        @event.listens_for(engine.sync_engine, "do_connect")
        def _password(dialect, conn_rec, cargs, cparams):
            if password:
                cparams["password"] = password
            cparams.update(secret_params)

    return engine


def statement(family, query):
    kind = query["kind"]
    if kind == "select1":
        return text("SELECT 1"), {}, False
    if kind == "sleep":
        fn = "pg_sleep" if family == "postgresql" else "SLEEP"
        return text("SELECT %s(:s)" % fn), {"s": query["seconds"]}, False
    return query["sql"].strip().rstrip(";"), None, True


async def pause(stop, seconds):
    if seconds <= 0 or stop.is_set():
        return
    try:
        await asyncio.wait_for(stop.wait(), seconds)
    except asyncio.TimeoutError:
        pass


def pool_numbers(pool):
    checked_out = pool.checkedout() if hasattr(pool, "checkedout") else 0
    idle = pool.checkedin() if hasattr(pool, "checkedin") else 0
    return checked_out, idle


async def main(spec, emit):
    # Prepared-statement failures are named as the driver names them; the names come from Poolscope (one table for both sides).
    PREPARED_KINDS.update(spec.get("preparedKinds") or {})
    family = spec["family"]
    sc = spec["scenario"]
    engine = build_engine(spec)
    pool = engine.sync_engine.pool
    sql, params, read_only = statement(family, sc["query"])
    stats = Stats()
    stop = asyncio.Event()
    emit({"event": "started", "poolClass": type(pool).__name__, "status": pool.status(), "url": engine.url.render_as_string(hide_password=True), "pid": os.getpid()})

    async def request():
        conn = engine.connect()
        started = time.perf_counter()
        stats.waiting += 1
        stats.peak_waiting = max(stats.peak_waiting, stats.waiting)
        try:
            await conn.start()
        finally:
            stats.waiting -= 1
        stats.wait((time.perf_counter() - started) * 1000)
        stats.checkouts += 1
        stats.checked_out += 1
        stats.peak_checked_out = max(stats.peak_checked_out, stats.checked_out)
        try:
            if read_only:
                if family == "postgresql":
                    conn = await conn.execution_options(postgresql_readonly=True)
                elif family == "mysql":
                    await conn.exec_driver_sql("START TRANSACTION READ ONLY")
                else:
                    await conn.exec_driver_sql("PRAGMA query_only = ON")
                try:
                    await conn.exec_driver_sql(sql)
                finally:
                    if family == "sqlite":
                        await conn.exec_driver_sql("PRAGMA query_only = OFF")
            else:
                await conn.execute(sql, params)
            if sc.get("commit"):
                await conn.commit()
            stats.completed += 1
            await pause(stop, sc.get("holdMs", 0) / 1000)
        finally:
            stats.checked_out -= 1
            await conn.close()

    async def worker(i, end):
        delay = sc.get("rampSec", 0) * i / sc["concurrency"] if sc["concurrency"] > 1 else 0
        await pause(stop, delay)
        while not stop.is_set() and time.perf_counter() < end:
            failed = False
            try:
                await request()
            except Exception as e:  # noqa: BLE001 - every failure is counted by kind
                failed = True
                stats.error(e, emit)
            # After a failure wait at least 100 ms, as the lab does: a dead server is no busy loop.
            await pause(stop, max(sc.get("thinkMs", 0) / 1000, 0.1 if failed else 0))

    async def reporter(t0):
        every = spec.get("progressMs", 500) / 1000
        while not stop.is_set():
            await pause(stop, every)
            out, idle = pool_numbers(pool)
            emit({"event": "progress", "t": round(time.perf_counter() - t0, 2), "checkouts": stats.checkouts, "completed": stats.completed, "errors": stats.errors, "errorsByKind": stats.by_kind, "checkedOut": out, "idle": idle, "waiting": stats.waiting})

    t0 = time.perf_counter()
    end = t0 + sc["durationSec"]
    rep = asyncio.ensure_future(reporter(t0))
    timer = asyncio.get_running_loop().call_later(sc["durationSec"] + 0.05, stop.set)
    await asyncio.gather(*(worker(i, end) for i in range(sc["concurrency"])))
    timer.cancel()
    stop.set()
    await rep
    elapsed = time.perf_counter() - t0
    status = pool.status()
    await engine.dispose()
    emit(
        {
            "event": "summary",
            "elapsedSec": round(elapsed, 3),
            "checkouts": stats.checkouts,
            "completed": stats.completed,
            "errors": stats.errors,
            "errorsByKind": stats.by_kind,
            "timeouts": stats.by_kind.get("pool timeout", 0),
            "wait": stats.percentiles(),
            "peakCheckedOut": stats.peak_checked_out,
            "peakWaiting": stats.peak_waiting,
            "samples": sorted(stats.samples.values(), key=lambda s: -s["count"]),
            "poolStatus": status,
        }
    )
    return 0


def run(spec, emit):
    try:
        return asyncio.run(main(spec, emit))
    except Exception as e:  # noqa: BLE001 - reported, not a traceback on stderr
        emit({"event": "fatal", "cls": type(e).__name__, "message": clean_message(e)})
        return 4
