# Poolscope's "Run on real SQLAlchemy" runner, started by Poolscope with a fixed command line:
#   <python> -E -s poolscope_verify.py
# Everything else (the scenario, the engine, the password) arrives as one JSON document on stdin,
# never on the command line, in the environment or in a file. Output: one JSON object per line
# (NDJSON) on stdout.
#
# This file only checks the interpreter and its packages, so it is written to parse on any Python
# (no f-strings, no annotations): an interpreter that is too old is told so instead of failing
# with a SyntaxError. The load run itself is in poolscope_verify_run.py.
import json
import os
import sys

MIN_PYTHON = (3, 8)

# Module each driver imports as, and what pip installs it from.
DRIVERS = {
    "asyncpg": ("asyncpg", "asyncpg"),
    "psycopg": ("psycopg", "psycopg[binary]"),
    "aiomysql": ("aiomysql", "aiomysql"),
    "asyncmy": ("asyncmy", "asyncmy"),
    "aiosqlite": ("aiosqlite", "aiosqlite"),
}


def emit(obj):
    sys.stdout.write(json.dumps(obj) + "\n")
    sys.stdout.flush()


def version_of(module):
    try:
        mod = __import__(module)
    except Exception as e:  # noqa: BLE001 - any import failure means "not usable"
        return None, "%s: %s" % (type(e).__name__, e)
    return str(getattr(mod, "__version__", "") or "installed"), None


def major_minor(text):
    parts = []
    for piece in text.split(".")[:2]:
        digits = ""
        for ch in piece:
            if not ch.isdigit():
                break
            digits += ch
        parts.append(int(digits or "0"))
    return tuple(parts)


def quote(path):
    return '"%s"' % path if (" " in path or "'" in path) else path


def environment(driver):
    """What this interpreter has, what is missing for `driver`, and the pip command that installs it."""
    py = "%d.%d.%d" % tuple(sys.version_info[:3])
    info = {"event": "env", "python": py, "executable": sys.executable, "prefix": sys.prefix, "venv": sys.prefix != getattr(sys, "base_prefix", sys.prefix)}
    missing = []
    packages = []
    if tuple(sys.version_info[:2]) < MIN_PYTHON:
        missing.append("Python %d.%d or newer (this is Python %s)" % (MIN_PYTHON[0], MIN_PYTHON[1], py))
        info.update({"missing": missing, "pip": None, "drivers": {}, "sqlalchemy": None, "greenlet": None})
        return info
    sa, sa_error = version_of("sqlalchemy")
    info["sqlalchemy"] = sa
    if sa is None:
        missing.append("SQLAlchemy 2.0 (not importable: %s)" % sa_error)
        packages.append('"sqlalchemy[asyncio]>=2.0"')
    elif major_minor(sa) < (2, 0):
        missing.append("SQLAlchemy 2.0 or newer (found %s)" % sa)
        packages.append('"sqlalchemy[asyncio]>=2.0"')
    gl, gl_error = version_of("greenlet")
    info["greenlet"] = gl
    if gl is None and not packages:
        missing.append("greenlet, which SQLAlchemy's asyncio extension needs (not importable: %s)" % gl_error)
        packages.append('"sqlalchemy[asyncio]>=2.0"')
    drivers = {}
    for name in sorted(DRIVERS):
        drivers[name] = version_of(DRIVERS[name][0])[0]
    info["drivers"] = drivers
    if driver:
        if driver not in DRIVERS:
            missing.append("a known driver (got %r)" % driver)
        elif drivers[driver] is None:
            missing.append("the %s driver (not importable: %s)" % (driver, version_of(DRIVERS[driver][0])[1]))
            spec = DRIVERS[driver][1]
            packages.append('"%s"' % spec if "[" in spec else spec)
    info["missing"] = missing
    info["pip"] = ("%s -m pip install %s" % (quote(sys.executable), " ".join(packages))) if packages else None
    return info


def main():
    raw = sys.stdin.read()
    try:
        spec = json.loads(raw)
    except ValueError as e:
        emit({"event": "fatal", "cls": "ValueError", "message": "stdin is not JSON: %s" % e})
        return 2
    driver = spec.get("driver")
    info = environment(driver)
    emit(info)
    if spec.get("mode") == "check":
        return 0
    if info["missing"]:
        return 3
    sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
    import poolscope_verify_run

    return poolscope_verify_run.run(spec, emit)


if __name__ == "__main__":
    sys.exit(main())
