"""Print the connection keywords of the system's libpq and of the libpq psycopg loads, with the
ones each marks as secret (dispchar "*" in PQconndefaults), as JSON."""
import ctypes
import ctypes.util
import json


class Option(ctypes.Structure):
    _fields_ = [("keyword", ctypes.c_char_p), ("envvar", ctypes.c_char_p), ("compiled", ctypes.c_char_p), ("val", ctypes.c_char_p),
                ("label", ctypes.c_char_p), ("dispchar", ctypes.c_char_p), ("dispsize", ctypes.c_int)]


def system():
    lib = ctypes.CDLL(ctypes.util.find_library("pq") or "libpq.so.5")
    lib.PQconndefaults.restype = ctypes.POINTER(Option)
    lib.PQconninfoFree.argtypes = [ctypes.POINTER(Option)]
    lib.PQlibVersion.restype = ctypes.c_int
    opts = lib.PQconndefaults()
    out = []
    i = 0
    while opts[i].keyword is not None:
        out.append({"keyword": opts[i].keyword.decode(), "secret": (opts[i].dispchar or b"").decode() == "*"})
        i += 1
    lib.PQconninfoFree(opts)
    return {"version": lib.PQlibVersion(), "options": out}


def from_psycopg():
    from psycopg import pq
    return {"version": pq.version(), "options": [{"keyword": o.keyword.decode(), "secret": (o.dispchar or b"") == b"*"} for o in pq.Conninfo.get_defaults()]}


print(json.dumps({"system": system(), "psycopg": from_psycopg()}))
