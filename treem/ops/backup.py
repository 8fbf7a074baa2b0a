"""Backups that restore: the database and the files under MEDIA_ROOT in one
tar archive, encrypted with BACKUP_KEY (treem/ops/crypto.py).

    manifest.json      last: format, database kind, row count of every table,
                       size and sha256 of every media file
    database.dump      PostgreSQL: pg_dump's custom format
    database.sqlite3   SQLite: a copy made with sqlite3's backup API
    media/...          the files under MEDIA_ROOT

On PostgreSQL the row counts are taken in the very snapshot pg_dump dumps
(`pg_export_snapshot`), so a restore can check every table's count exactly.
The dump and the staged files pass through a private temporary directory
(mode 0700) that is removed at the end: put TMPDIR on a disk as protected as
the database's.
"""

import hashlib
import io
import json
import os
import shutil
import sqlite3
import subprocess
import tarfile
import tempfile
from contextlib import contextmanager
from pathlib import Path, PurePosixPath

import psycopg
from django.utils import timezone
from django.utils.translation import gettext as _

from .crypto import DecryptingReader, DecryptionError, EncryptingWriter

FORMAT = 1
DUMP = {"postgresql": "database.dump", "sqlite": "database.sqlite3"}


class BackupError(Exception):
    """A refusal or failure, with a message for the operator (in Vietnamese)."""


def vendor_of(settings_dict):
    engine = settings_dict["ENGINE"]
    if "postgresql" in engine:
        return "postgresql"
    if "sqlite3" in engine:
        return "sqlite"
    raise BackupError(_("Backups support PostgreSQL and SQLite only, not %s.") % engine)


def pg_conninfo(settings_dict):
    return {
        "host": settings_dict.get("HOST") or None,
        "port": settings_dict.get("PORT") or None,
        "dbname": settings_dict["NAME"],
        "user": settings_dict.get("USER") or None,
        "password": settings_dict.get("PASSWORD") or None,
    }


def _pg_env(settings_dict):
    env = dict(os.environ)
    for variable, key in (
        ("PGHOST", "HOST"),
        ("PGPORT", "PORT"),
        ("PGUSER", "USER"),
        ("PGPASSWORD", "PASSWORD"),
    ):
        if settings_dict.get(key):
            env[variable] = str(settings_dict[key])
    return env


def _run(command, settings_dict):
    try:
        done = subprocess.run(  # noqa: S603 (fixed program, arguments from settings)
            command, env=_pg_env(settings_dict), capture_output=True, text=True, check=False
        )
    except FileNotFoundError as exc:
        raise BackupError(
            _("%(program)s is not installed (Debian: apt-get install postgresql-client).")
            % {"program": command[0]}
        ) from exc
    if done.returncode != 0:
        raise BackupError(
            _("%(program)s failed: %(error)s")
            % {"program": command[0], "error": done.stderr.strip()[-2000:]}
        )


def _counts(cursor, tables, quote):
    counts = {}
    for table in sorted(tables):
        cursor.execute(f"SELECT COUNT(*) FROM {quote(table)}")  # noqa: S608 (introspected names)
        counts[table] = cursor.fetchone()[0]
    return counts


def _pg_quote(name):
    return '"' + name.replace('"', '""') + '"'


def _pg_tables(cursor):
    cursor.execute(
        "SELECT tablename FROM pg_tables WHERE schemaname = current_schema() ORDER BY tablename"
    )
    return [row[0] for row in cursor.fetchall()]


def _sqlite(name):
    # The test runner's in-memory database is named by a URI ("file:…?mode=memory").
    return sqlite3.connect(str(name), uri=str(name).startswith("file:"))


def _sqlite_tables(db):
    rows = db.execute(
        "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'"
    ).fetchall()
    return [row[0] for row in rows]


def dump_postgresql(settings_dict, path):
    """pg_dump in the snapshot the row counts were taken in; returns the counts."""
    with psycopg.connect(**pg_conninfo(settings_dict)) as conn:
        conn.execute("BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY")
        snapshot = conn.execute("SELECT pg_export_snapshot()").fetchone()[0]
        with conn.cursor() as cursor:
            counts = _counts(cursor, _pg_tables(cursor), _pg_quote)
        # The snapshot lives as long as this transaction: pg_dump runs inside it.
        _run(
            [
                "pg_dump",
                "--format=custom",
                f"--snapshot={snapshot}",
                f"--file={path}",
                settings_dict["NAME"],
            ],
            settings_dict,
        )
        conn.rollback()
    return counts


def dump_sqlite(settings_dict, path):
    # A connection of its own, outside any transaction of the caller's: the
    # backup API copies a consistent state while the application writes on.
    with _sqlite(settings_dict["NAME"]) as source, sqlite3.connect(path) as target:
        source.backup(target)
    with sqlite3.connect(path) as copy:
        return _counts(copy.cursor(), _sqlite_tables(copy), _pg_quote)


class _Hashing(io.RawIOBase):
    def __init__(self, fh):
        self.fh, self.sha = fh, hashlib.sha256()

    def readable(self):
        return True

    def read(self, size=-1):
        data = self.fh.read(size)
        self.sha.update(data)
        return data


def _media_files(media_root):
    root = Path(media_root)
    if not root.is_dir():
        return []
    return sorted(p for p in root.rglob("*") if p.is_file() and not p.is_symlink())


def _add_bytes(tar, name, data):
    info = tarfile.TarInfo(name)
    info.size, info.mtime, info.mode = len(data), int(timezone.now().timestamp()), 0o600
    tar.addfile(info, io.BytesIO(data))


@contextmanager
def private_tempdir():
    folder = tempfile.mkdtemp(prefix="treem-backup-")
    try:
        os.chmod(folder, 0o700)
        yield Path(folder)
    finally:
        shutil.rmtree(folder, ignore_errors=True)


def create_backup(output, key, *, settings_dict, media_root):
    """Write the encrypted backup of the database `settings_dict` describes
    to `output` (a path); returns the manifest."""
    vendor = vendor_of(settings_dict)
    with private_tempdir() as work:
        dump = work / DUMP[vendor]
        if vendor == "postgresql":
            counts = dump_postgresql(settings_dict, dump)
        else:
            counts = dump_sqlite(settings_dict, dump)
        manifest = {
            "format": FORMAT,
            "created_at": timezone.now().isoformat(),
            "database": vendor,
            "tables": counts,
            "media": [],
        }
        partial = Path(f"{output}.partial")
        with open(partial, "wb") as raw:
            writer = EncryptingWriter(raw, key)
            with tarfile.open(fileobj=writer, mode="w|") as tar:
                tar.add(dump, arcname=DUMP[vendor])
                for path in _media_files(media_root):
                    relative = path.relative_to(media_root).as_posix()
                    info = tar.gettarinfo(str(path), arcname=f"media/{relative}")
                    with path.open("rb") as fh:
                        hashing = _Hashing(fh)
                        tar.addfile(info, hashing)
                    manifest["media"].append(
                        {"path": relative, "size": info.size, "sha256": hashing.sha.hexdigest()}
                    )
                _add_bytes(tar, "manifest.json", json.dumps(manifest, indent=1).encode())
            writer.close()
        partial.replace(output)
    return manifest


def database_tables(settings_dict):
    """The tables already in the target database (empty means we may restore)."""
    if vendor_of(settings_dict) == "postgresql":
        with psycopg.connect(**pg_conninfo(settings_dict)) as conn, conn.cursor() as cursor:
            return _pg_tables(cursor)
    name = str(settings_dict["NAME"])
    if name == ":memory:" or (not name.startswith("file:") and not Path(name).exists()):
        return []
    with _sqlite(name) as db:
        return _sqlite_tables(db)


def database_counts(settings_dict):
    if vendor_of(settings_dict) == "postgresql":
        with psycopg.connect(**pg_conninfo(settings_dict)) as conn, conn.cursor() as cursor:
            return _counts(cursor, _pg_tables(cursor), _pg_quote)
    with _sqlite(settings_dict["NAME"]) as db:
        return _counts(db.cursor(), _sqlite_tables(db), _pg_quote)


def _safe_member(name):
    path = PurePosixPath(name)
    if path.is_absolute() or ".." in path.parts or not path.parts:
        raise BackupError(_("The backup holds an unsafe path: %s") % name)
    return path


def _stage(source, key, work):
    """Decrypt and unpack the archive into `work`; returns the manifest."""
    try:
        with open(source, "rb") as raw:
            reader = DecryptingReader(raw, key)
            with tarfile.open(fileobj=reader, mode="r|") as tar:
                for member in tar:
                    path = _safe_member(member.name)
                    if not member.isfile():
                        continue
                    target = work.joinpath(*path.parts)
                    target.parent.mkdir(parents=True, exist_ok=True)
                    with tar.extractfile(member) as src, target.open("wb") as dst:
                        shutil.copyfileobj(src, dst)
    except DecryptionError as exc:
        raise BackupError(
            _(
                "Cannot decrypt the backup: wrong BACKUP_KEY, or the file is not a treem backup "
                "or was damaged."
            )
        ) from exc
    except tarfile.TarError as exc:
        raise BackupError(_("The backup is damaged: %s") % exc) from exc
    manifest_path = work / "manifest.json"
    if not manifest_path.is_file():
        raise BackupError(_("The backup is incomplete: it has no manifest."))
    manifest = json.loads(manifest_path.read_text())
    if manifest.get("format") != FORMAT:
        raise BackupError(_("Unknown backup format: %s") % manifest.get("format"))
    for item in manifest["media"]:
        path = work / "media" / _safe_member(item["path"])
        if not path.is_file() or hashlib.sha256(path.read_bytes()).hexdigest() != item["sha256"]:
            raise BackupError(_("The backup is damaged: file %s differs.") % item["path"])
    return manifest


def restore_backup(source, key, *, settings_dict, media_root):
    """Restore into an empty database and an empty MEDIA_ROOT; returns the
    manifest. Refuses, changing nothing, when either is not empty."""
    vendor = vendor_of(settings_dict)
    tables = database_tables(settings_dict)
    if tables:
        raise BackupError(
            _(
                "The target database is not empty (%(count)s tables). Restore only into a new, "
                "empty database: create one and point DATABASE_URL at it."
            )
            % {"count": len(tables)}
        )
    media_root = Path(media_root)
    if _media_files(media_root):
        raise BackupError(
            _("MEDIA_ROOT (%s) already holds files. Restore only into an empty folder.")
            % media_root
        )
    with private_tempdir() as work:
        manifest = _stage(source, key, work)
        if manifest["database"] != vendor:
            raise BackupError(
                _("This backup is of a %(backup)s database; the target is %(target)s.")
                % {"backup": manifest["database"], "target": vendor}
            )
        dump = work / DUMP[vendor]
        if vendor == "postgresql":
            _run(
                [
                    "pg_restore",
                    "--no-owner",
                    "--no-privileges",
                    "--exit-on-error",
                    "--single-transaction",
                    f"--dbname={settings_dict['NAME']}",
                    str(dump),
                ],
                settings_dict,
            )
        else:
            with sqlite3.connect(dump) as src, _sqlite(settings_dict["NAME"]) as dst:
                src.backup(dst)
        counts = database_counts(settings_dict)
        if counts != manifest["tables"]:
            differ = sorted(
                t
                for t in set(counts) | set(manifest["tables"])
                if counts.get(t) != manifest["tables"].get(t)
            )
            raise BackupError(
                _("The restored row counts differ from the backup's in: %s") % ", ".join(differ)
            )
        if (work / "media").is_dir():
            media_root.mkdir(parents=True, exist_ok=True)
            shutil.copytree(work / "media", media_root, dirs_exist_ok=True)
    return manifest
