"""Ask real libpq how it resolves connection settings: service files, .pgpass, defaults.

Reads a JSON list of cases on stdin; for each, writes its .pgpass and service files to a temp
folder, points PGPASSFILE / PGSERVICEFILE / PGSYSCONFDIR at them and calls PQconnectStart, which
resolves every option (service lookup, password file) before it touches the network. Prints, per
case and per libpq (the system's libpq.so.5 through ctypes, and the one psycopg loads), what libpq
settled on: host, port, dbname, user, password, or the error it gave. Nothing connects anywhere a
test did not choose: hosts in the cases are loopback.
"""
import ctypes
import ctypes.util
import json
import os
import sys
import tempfile

CLEAR = ["PGHOST", "PGHOSTADDR", "PGPORT", "PGDATABASE", "PGUSER", "PGPASSWORD", "PGSERVICE", "PGPASSFILE", "PGSERVICEFILE", "PGSYSCONFDIR", "PGSSLMODE"]


def system_libpq():
    lib = ctypes.CDLL(ctypes.util.find_library("pq") or "libpq.so.5")
    lib.PQconnectStart.restype = ctypes.c_void_p
    lib.PQconnectStart.argtypes = [ctypes.c_char_p]
    for fn in ("PQhost", "PQport", "PQdb", "PQuser", "PQpass", "PQerrorMessage"):
        getattr(lib, fn).restype = ctypes.c_char_p
        getattr(lib, fn).argtypes = [ctypes.c_void_p]
    lib.PQstatus.restype = ctypes.c_int
    lib.PQstatus.argtypes = [ctypes.c_void_p]
    lib.PQfinish.argtypes = [ctypes.c_void_p]
    lib.PQlibVersion.restype = ctypes.c_int

    def resolve(conninfo):
        conn = lib.PQconnectStart(conninfo.encode())
        try:
            dec = lambda b: b.decode() if b is not None else None
            # CONNECTION_BAD (1) straight away means option processing failed.
            if lib.PQstatus(conn) == 1 and not lib.PQhost(conn):
                return {"error": dec(lib.PQerrorMessage(conn)).strip()}
            return {"host": dec(lib.PQhost(conn)), "port": dec(lib.PQport(conn)), "dbname": dec(lib.PQdb(conn)), "user": dec(lib.PQuser(conn)), "password": dec(lib.PQpass(conn))}
        finally:
            lib.PQfinish(conn)

    return lib.PQlibVersion(), resolve


def psycopg_libpq():
    try:
        from psycopg import pq
    except Exception:  # psycopg missing: only the system libpq answers
        return None, None

    def resolve(conninfo):
        conn = pq.PGconn.connect_start(conninfo.encode())
        try:
            dec = lambda b: b.decode() if b is not None else None
            if conn.status == pq.ConnStatus.BAD and not conn.host:
                return {"error": dec(conn.error_message).strip()}
            return {"host": dec(conn.host), "port": dec(conn.port), "dbname": dec(conn.db), "user": dec(conn.user), "password": dec(conn.password)}
        finally:
            conn.finish()

    return pq.version(), resolve


def main():
    cases = json.load(sys.stdin)
    libs = []
    v, r = system_libpq()
    libs.append(("system", v, r))
    v, r = psycopg_libpq()
    if r:
        libs.append(("psycopg", v, r))
    out = {"versions": {name: ver for name, ver, _ in libs}, "results": []}
    for case in cases:
        with tempfile.TemporaryDirectory() as d:
            for k in CLEAR:
                os.environ.pop(k, None)
            sysdir = os.path.join(d, "sysconf")
            os.mkdir(sysdir)
            os.environ["PGSYSCONFDIR"] = sysdir
            os.environ["PGPASSFILE"] = os.path.join(d, "pgpass")
            os.environ["PGSERVICEFILE"] = os.path.join(d, "pg_service.conf")
            if case.get("pgpass") is not None:
                with open(os.environ["PGPASSFILE"], "w", newline="") as f:
                    f.write(case["pgpass"])
                os.chmod(os.environ["PGPASSFILE"], case.get("pgpassMode", 0o600))
            if case.get("service") is not None:
                with open(os.environ["PGSERVICEFILE"], "w", newline="") as f:
                    f.write(case["service"])
            if case.get("sysService") is not None:
                with open(os.path.join(sysdir, "pg_service.conf"), "w", newline="") as f:
                    f.write(case["sysService"])
            row = {"name": case["name"]}
            for name, _, resolve in libs:
                row[name] = resolve(case["conninfo"])
            out["results"].append(row)
    json.dump(out, sys.stdout)


main()
