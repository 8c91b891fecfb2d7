"""A throwaway PostgreSQL server for the test session: initdb in a temp dir, unix socket only.

The store tests run over every backend; for PostgreSQL they need a real server. This module
starts one the way a developer would by hand, with no network and no system service:

- ``initdb`` into a fresh temp dir (as the ``postgres`` user when the tests run as root, which
  PostgreSQL requires; the dir is handed to that user), trust auth, UTF-8;
- ``pg_ctl start`` with ``listen_addresses=''`` and the socket in the same temp dir, durability
  off (``fsync``, ``synchronous_commit``): a crashed test server is thrown away anyway;
- one database, ``dateline_test``, with ``pg_trgm`` created once; each test gets its own schema
  through the URL's ``options=-csearch_path=...`` (cheaper than a database per test);
- ``pg_ctl stop`` at the end of the session and the dir removed.

Set ``DATELINE_TEST_PG`` to a ``postgresql://`` URL to use a running server instead (each test
still gets its own schema in that database).

>>> find_bin("no-such-postgres-tool") is None
True
"""

from __future__ import annotations

import glob
import os
import pwd
import shutil
import subprocess
import tempfile
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import quote

DATABASE = "dateline_test"
SUPERUSER = "postgres"
PREFIX = "dateline-pg-"
OWNER = "owner.pid"  # the pid of the process that started the server


class Unavailable(RuntimeError):
    """No PostgreSQL server could be started here; the message says why (the skip reason)."""


def find_bin(tool: str) -> str | None:
    """The path of a PostgreSQL server tool: on PATH, else the newest Debian install.

    Debian keeps ``initdb`` and ``pg_ctl`` in ``/usr/lib/postgresql/<version>/bin``, off PATH.
    """
    found = shutil.which(tool)
    if found:
        return found
    versions = sorted(
        glob.glob(f"/usr/lib/postgresql/*/bin/{tool}"),
        key=lambda p: int(Path(p).parts[-3]) if Path(p).parts[-3].isdigit() else 0,
    )
    return versions[-1] if versions else None


@dataclass
class Server:
    """A running server: where its socket is, and how to stop it."""

    root: Path
    socket_dir: Path
    pg_ctl: str
    run_as: str | None  # the user the server runs as, when the tests run as root

    def url(self, database: str = DATABASE) -> str:
        """A libpq URL for ``database`` over the unix socket (the host is the socket's dir)."""
        return f"postgresql://{SUPERUSER}@{quote(str(self.socket_dir), safe='')}/{database}"

    def stop(self) -> None:
        _run(
            [self.pg_ctl, "-D", str(self.root / "data"), "-m", "immediate", "-w", "stop"],
            self.run_as,
            check=False,
        )
        shutil.rmtree(self.root, ignore_errors=True)


def _run(cmd: list[str], user: str | None, *, check: bool = True) -> subprocess.CompletedProcess:
    if user is not None:
        cmd = ["runuser", "-u", user, "--", *cmd]
    done = subprocess.run(cmd, capture_output=True, text=True, timeout=120)
    if check and done.returncode != 0:
        tail = (done.stderr or done.stdout).strip().splitlines()[-3:]
        raise Unavailable(f"`{' '.join(cmd)}` failed: {' / '.join(tail)}")
    return done


def sweep(pg_ctl: str, run_as: str | None) -> None:
    """Stop and remove the servers of earlier sessions that were killed before they could
    (their owner process is gone), so a killed test run leaks no server for long."""
    for owner in Path(tempfile.gettempdir()).glob(f"{PREFIX}*/{OWNER}"):
        try:
            os.kill(int(owner.read_text()), 0)
            continue  # its session still runs
        except ProcessLookupError:
            pass
        except (ValueError, OSError):
            continue
        Server(owner.parent, owner.parent, pg_ctl, run_as).stop()


def start(*, durable: bool = False) -> Server:
    """Start a throwaway server (see the module docstring); :class:`Unavailable` if it cannot.

    ``durable=True`` keeps PostgreSQL's default durability (``fsync``, synchronous commits,
    full-page writes), as a real server runs: what a benchmark should measure."""
    initdb, pg_ctl = find_bin("initdb"), find_bin("pg_ctl")
    if initdb is None or pg_ctl is None:
        raise Unavailable(
            "initdb/pg_ctl not found (run scripts/test-deps.sh, or apt-get install postgresql)"
        )
    run_as: str | None = None
    if os.geteuid() == 0:  # PostgreSQL refuses to run as root
        try:
            pwd.getpwnam(SUPERUSER)
        except KeyError as err:
            raise Unavailable("running as root and there is no 'postgres' user to run as") from err
        if shutil.which("runuser") is None:
            raise Unavailable("running as root and `runuser` is missing")
        run_as = SUPERUSER
    sweep(pg_ctl, run_as)
    # A short path: a unix socket path must stay under ~107 bytes.
    root = Path(tempfile.mkdtemp(prefix=PREFIX))
    (root / OWNER).write_text(str(os.getpid()))
    try:
        if run_as is not None:
            info = pwd.getpwnam(run_as)
            os.chown(root, info.pw_uid, info.pw_gid)
        data = root / "data"
        _run(
            [initdb, "-D", str(data), "-U", SUPERUSER, "--auth=trust", "-E", "UTF8",
             "--locale=C.UTF-8", "--no-sync"],
            run_as,
        )
        settings = [
            "-c listen_addresses=''",
            f"-c unix_socket_directories={root}",
            "-c max_connections=200",
        ]
        if not durable:
            settings += [
                "-c fsync=off",
                "-c synchronous_commit=off",
                "-c full_page_writes=off",
                "-c shared_buffers=32MB",
            ]
        options = " ".join(settings)
        _run(
            [pg_ctl, "-D", str(data), "-l", str(root / "server.log"), "-o", options, "-w",
             "-t", "60", "start"],
            run_as,
        )
        server = Server(root=root, socket_dir=root, pg_ctl=pg_ctl, run_as=run_as)
    except BaseException:
        shutil.rmtree(root, ignore_errors=True)
        raise
    try:
        _create_database(server)
    except BaseException:
        server.stop()
        raise
    return server


def _create_database(server: Server) -> None:
    import psycopg

    with psycopg.connect(server.url("postgres"), autocommit=True) as conn:
        conn.execute(f"CREATE DATABASE {DATABASE}")
    prepare(server.url(DATABASE))


def prepare(url: str) -> None:
    """Create the extensions the store uses once, in ``public``: schemas come and go per test."""
    import psycopg

    with psycopg.connect(url, autocommit=True) as conn:
        conn.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm SCHEMA public")


def with_schema(url: str, schema: str) -> str:
    """``url`` with ``schema`` first on the search path (``public`` after it).

    >>> with_schema("postgresql://u@h/db", "t1")
    'postgresql://u@h/db?options=-csearch_path%3Dt1%2Cpublic'
    """
    sep = "&" if "?" in url else "?"
    return url + sep + "options=" + quote(f"-csearch_path={schema},public", safe="")


def create_schema(url: str, schema: str) -> str:
    """Create ``schema`` in the database at ``url``; the URL that uses it."""
    import psycopg

    with psycopg.connect(url, autocommit=True) as conn:
        conn.execute(f'CREATE SCHEMA "{schema}"')
    return with_schema(url, schema)


_FINGERPRINT_SQL = """
SELECT table_name, column_name, data_type, collation_name FROM information_schema.columns
WHERE table_schema = current_schema() ORDER BY table_name, column_name
"""


def fingerprint(url: str) -> tuple:
    """The tables, columns and indexes of the schema ``url`` uses, and its stored version: what
    a recycled schema must still hold."""
    import psycopg

    with psycopg.connect(url, autocommit=True) as conn:
        cols = conn.execute(_FINGERPRINT_SQL).fetchall()
        indexes = conn.execute(
            "SELECT indexname, indexdef FROM pg_indexes WHERE schemaname = current_schema() "
            "ORDER BY indexname"
        ).fetchall()
        meta = conn.execute("SELECT to_regclass('dateline_meta') IS NOT NULL").fetchone()
        version = (
            conn.execute("SELECT key, value FROM dateline_meta ORDER BY key").fetchall()
            if meta and meta[0]
            else []
        )
    return tuple(cols), tuple(indexes), tuple(version)


def empty_tables(url: str) -> None:
    """Delete every row but the store's meta rows, in the schema ``url`` uses (a few ms, where
    creating the tables again takes ~0.5 s); raises if a lock is held for over 2 s."""
    import psycopg

    with psycopg.connect(url) as conn:
        conn.execute("SET LOCAL lock_timeout = '2s'")
        tables = conn.execute(
            "SELECT table_name FROM information_schema.tables WHERE table_schema = "
            "current_schema() AND table_type = 'BASE TABLE' AND table_name <> 'dateline_meta'"
        ).fetchall()
        for (table,) in tables:
            conn.execute(f'DELETE FROM "{table}"')
