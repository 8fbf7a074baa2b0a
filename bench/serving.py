"""Serving under load: gunicorn (or runserver) on the 1,000,000-children
database of bench/serving_data.py, driven by locust (bench/serving/locustfile.py)
from its own venv (requirements-bench.txt), against 127.0.0.1 only.

    .venv/bin/python bench/serving.py mix --users 1,10,25,50 --run-time 30
    .venv/bin/python bench/serving.py journey --users 50 --run-time 60
    .venv/bin/python bench/serving.py intake --users 8 --run-time 60
    .venv/bin/python bench/serving.py mix --users 25 --profile 20     # py-spy on the workers
    .venv/bin/python bench/serving.py mix --app-dir /tmp/serving-base  # another checkout

Each run starts the server from --app-dir, waits for it, runs locust headless
for --run-time seconds, stops the server and prints pages/s, p50/p95 (logins
apart), errors, the load average and the database sessions opened (CONN_MAX_AGE
at work: a few per worker, not one per request). The intake run then counts the
new cases and children in the database against the successful posts.
"""

import argparse
import json
import os
import signal
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_DB = "postgres://postgres@127.0.0.1:5432/treem_bench_serving"
BENCH_VENV = ROOT / "var" / "bench-venv"
LOCUSTFILE = ROOT / "bench" / "serving" / "locustfile.py"
USERS = {"mix": "MixOfficer", "journey": "JourneyOfficer", "intake": "IntakeOfficer"}
PORT = 8000
# The demo seed's published password (treem/demo/seed.py), on a throw-away database.
DEMO_PASSWORD = "Treem-demo-2026"
# A database of its own on the machine's Redis, emptied before each run so
# that every run starts with a cold cache.
BENCH_REDIS = os.environ.get("BENCH_REDIS_URL", "redis://127.0.0.1:6379/7")
TERMS = ["nguyen van", "tran thi", "le", "dang", "ngoc anh", "pham minh", "hoang", "bui thi"]


def psql(url, sql, params=()):
    import psycopg

    with psycopg.connect(url, autocommit=True) as conn:
        return conn.execute(sql, params).fetchall()


def bench_data(url, path):
    """The six wards' officers, some of their children and cases, a harm code."""
    officers = []
    rows = psql(
        url,
        "SELECT u.username, a.unit_id FROM accounts_user u "
        "JOIN accounts_roleassignment a ON a.user_id = u.id "
        "WHERE a.role = 'ward_officer' AND u.username LIKE %s AND a.revoked_at IS NULL "
        "ORDER BY a.unit_id",
        ["%.canbo"],
    )
    for username, ward in rows:
        children = [
            r[0]
            for r in psql(
                url,
                "SELECT id FROM children_child WHERE ward_id = %s AND status = 'active' "
                "ORDER BY md5(id::text) LIMIT 500",
                [ward],
            )
        ]
        groups = [
            r[0]
            for r in psql(
                url,
                "SELECT id FROM areas_adminunit WHERE parent_id = %s "
                "AND level = 'residential_group'",
                [ward],
            )
        ]
        cases = [
            r[0]
            for r in psql(
                url, "SELECT id FROM cases_case WHERE unit_id = %s ORDER BY id LIMIT 50", [ward]
            )
        ]
        officers.append(
            {"username": username, "ward": ward, "children": children, "groups": groups}
            | {"cases": cases}
        )
    harm = psql(
        url, "SELECT id FROM cases_casecode WHERE kind = 'harm' AND active ORDER BY id LIMIT 1"
    )
    data = {"officers": officers, "terms": TERMS, "password": DEMO_PASSWORD, "harm": [harm[0][0]]}
    data["sessions"] = signed_in_sessions(url, [o["username"] for o in officers])
    Path(path).write_text(json.dumps(data), encoding="utf-8")
    return data


SESSIONS_CODE = """
import json, sys
from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
from django.contrib.sessions.backends.db import SessionStore
from treem.accounts.models import User
keys = {}
for name in json.loads(sys.argv[1]):
    user = User.objects.get(username=name)
    store = SessionStore()
    store[SESSION_KEY] = str(user.pk)
    store[BACKEND_SESSION_KEY] = "django.contrib.auth.backends.ModelBackend"
    store[HASH_SESSION_KEY] = user.get_session_auth_hash()
    store.create()
    keys[name] = store.session_key
print(json.dumps(keys))
"""


def signed_in_sessions(url, usernames):
    """A session per officer, made as a sign-in makes it: the timed runs then
    hold no Argon2 password checks (50 sign-ins at once are a minute of CPU here)."""
    env = server_env(url, 1)
    out = subprocess.run(
        [
            str(ROOT / ".venv" / "bin" / "python"),
            "-c",
            "import django, sys; sys.argv = sys.argv[1:]; django.setup(); exec(sys.argv[0])",
            SESSIONS_CODE,
            json.dumps(usernames),
        ],
        cwd=ROOT,
        env={**env, "DJANGO_SETTINGS_MODULE": "config.settings", "LOG_LEVEL": "WARNING"},
        capture_output=True,
        text=True,
        check=True,
    )
    return json.loads(out.stdout.strip().splitlines()[-1])


def server_env(url, workers):
    return {
        **os.environ,
        "DATABASE_URL": url,
        "DEBUG": "0",
        # Plain HTTP on this machine (no HTTPS redirect, no secure-only cookies).
        "TREEM_DEMO": "1",
        "SECRET_KEY": "bench-only-not-a-secret-" + "x" * 40,
        "ALLOWED_HOSTS": "127.0.0.1,localhost",
        "GUNICORN_WORKERS": str(workers),
        "GUNICORN_ACCESS_LOG": "/dev/null",
        "AXES_FAILURE_LIMIT": "1000",
        "AXES_IP_FAILURE_LIMIT": "10000",
        # As in production: one cache for the four workers (the landing page's
        # figures are counted once a minute per scope, not once per worker).
        "REDIS_URL": BENCH_REDIS,
    }


def start_server(app_dir, kind, url, workers):
    env = server_env(url, workers)
    python = str(Path(app_dir) / ".venv" / "bin" / "python")
    manage = [python, "manage.py"]
    # Once per checkout: both take a minute on a loaded machine.
    if not (Path(app_dir) / "var" / "static" / "staticfiles.json").exists():
        subprocess.run([*manage, "migrate", "--no-input", "-v", "0"], cwd=app_dir, env=env)
        subprocess.run(
            [*manage, "collectstatic", "--no-input", "-v", "0"], cwd=app_dir, env=env, check=True
        )
    import redis

    redis.Redis.from_url(BENCH_REDIS).flushdb()
    if kind == "gunicorn":
        conf = ROOT / "config" / "gunicorn.conf.py"
        cmd = [str(Path(python).parent / "gunicorn"), "-c", str(conf), "config.wsgi"]
    else:
        cmd = [*manage, "runserver", f"127.0.0.1:{PORT}", "--noreload"]
    # Left open for the server's lifetime; its path is named if it fails.
    log = open(tempfile.mktemp(prefix="serving-server-", suffix=".log"), "w")  # noqa: SIM115
    proc = subprocess.Popen(cmd, cwd=app_dir, env=env, stdout=log, stderr=log)
    for _ in range(120):
        try:
            urllib.request.urlopen(f"http://127.0.0.1:{PORT}/dang-nhap/", timeout=2)
            return proc
        except OSError:
            if proc.poll() is not None:
                raise SystemExit(f"server exited; see {log.name}") from None
            time.sleep(0.5)
    raise SystemExit(f"server not ready; see {log.name}")


def stop_server(proc):
    proc.send_signal(signal.SIGTERM)
    try:
        proc.wait(30)
    except subprocess.TimeoutExpired:
        proc.kill()


def percentile(values, p):
    values = sorted(values)
    return values[min(len(values) - 1, int(round(p / 100 * (len(values) - 1))))]


def sessions(url, name):
    return psql(url, "SELECT sessions FROM pg_stat_database WHERE datname = %s", [name])[0][0]


def counts(url):
    return psql(
        url, "SELECT (SELECT count(*) FROM cases_case), (SELECT count(*) FROM children_child)"
    )[0]


def profile(pid, seconds, out):
    """py-spy over the master and its workers; the functions with most samples."""
    spy = str(BENCH_VENV / "bin" / "py-spy")
    subprocess.run(
        [spy, "record", "--pid", str(pid), "--subprocesses", "--duration", str(seconds)]
        + ["--format", "raw", "--output", out, "--nonblocking"]
        # SERVING_SPY_IDLE=1: also the samples of workers waiting (for the
        # database, a lock, a socket), to see where a request's wall time goes.
        + (["--idle"] if os.environ.get("SERVING_SPY_IDLE") else []),
        check=False,
        capture_output=True,
    )
    own, total, samples = {}, {}, 0
    for line in Path(out).read_text().splitlines():
        stack, _, n = line.rpartition(" ")
        n = int(n)
        frames = stack.split(";")
        samples += n
        own[frames[-1]] = own.get(frames[-1], 0) + n
        for frame in set(frames):
            total[frame] = total.get(frame, 0) + n
    return samples, own, total


def run(args, users, url, data_path):
    out = tempfile.mktemp(prefix="serving-times-", suffix=".json")
    env = {**os.environ, "SERVING_DATA": data_path, "SERVING_OUT": out}
    if args.think is not None:
        env["SERVING_THINK"] = str(args.think)
    dbname = url.rsplit("/", 1)[1]
    before_sessions, before_counts = sessions(url, dbname), counts(url)
    load_before = os.getloadavg()[0]
    cmd = [str(BENCH_VENV / "bin" / "locust"), "-f", str(LOCUSTFILE), "--headless"]
    # Users arrive over --arrive seconds: the journey's officers, all started
    # in the same second with the same 5 s between actions, would open the
    # home page in the same second every round, a burst no ward office makes.
    rate = users / args.arrive if args.arrive else users
    cmd += ["-u", str(users), "-r", f"{max(1.0, rate):g}", "-t", f"{args.run_time}s"]
    cmd += ["--host", f"http://127.0.0.1:{PORT}", "--only-summary", "--stop-timeout", "10"]
    cmd += [USERS[args.scenario]]
    locust = subprocess.Popen(cmd, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    spy = None
    if args.profile:
        time.sleep(min(5, args.run_time / 4))
        spy = profile(args.server_pid, args.profile, out + ".spy")
    _, err = locust.communicate()
    load_after = os.getloadavg()[0]
    times = json.loads(Path(out).read_text()) if Path(out).exists() else []
    # The first --warmup seconds (cold caches, workers' first pages) are not counted.
    first = min((t[0] for t in times), default=0)
    pages = [t for t in times if not t[1].startswith("login") and t[0] >= first + args.warmup]
    ok = [t for t in pages if t[3]]
    errors = len(pages) - len(ok)
    span = (max(t[0] for t in pages) - min(t[0] for t in pages)) if len(pages) > 1 else 1
    ms = [t[2] for t in ok]
    line = {
        "scenario": args.scenario,
        "users": users,
        "pages": len(pages),
        "pages_s": round(len(ok) / max(span, 1e-9), 1),
        "p50": round(statistics.median(ms)) if ms else None,
        "p95": round(percentile(ms, 95)) if ms else None,
        "errors": errors,
        "load": f"{load_before:.1f}->{load_after:.1f}",
        "db_sessions": sessions(url, dbname) - before_sessions,
    }
    by_name = {}
    for t in ok:
        by_name.setdefault(t[1], []).append(t[2])
    line["by_page"] = {
        name: f"{round(statistics.median(v))}/{round(percentile(v, 95))} ms n={len(v)}"
        for name, v in sorted(by_name.items())
        if not name.startswith("login")
    }
    if args.scenario == "intake":
        posted = sum(1 for t in ok if t[1] == "intake POST")
        # The check counts every post, those of the warm-up too.
        posted_all = sum(1 for t in times if t[1] == "intake POST" and t[3])
        after = counts(url)
        line["intakes_s"] = round(posted / max(span, 1e-9), 1)
        line["check"] = {
            "successful_posts": posted_all,
            "new_cases": after[0] - before_counts[0],
            "new_children": after[1] - before_counts[1],
        }
        line["check"]["ok"] = (
            posted_all == line["check"]["new_cases"] == line["check"]["new_children"]
        )
    if errors:
        line["error_sample"] = err.decode(errors="replace")[-600:]
    if spy:
        samples, own, total = spy
        line["profile_samples"] = samples
        line["profile_own"] = [
            (f, round(100 * n / samples, 1)) for f, n in sorted(own.items(), key=lambda x: -x[1])
        ][:25]
        line["profile_total"] = [
            (f, round(100 * n / samples, 1))
            for f, n in sorted(total.items(), key=lambda x: -x[1])
            if "treem" in f or "django" in f
        ][:40]
    return line


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("scenario", choices=USERS)
    parser.add_argument("--db", default=os.environ.get("BENCH_DATABASE_URL", DEFAULT_DB))
    parser.add_argument("--users", default="1,10,25,50")
    parser.add_argument("--run-time", type=int, default=30, help="seconds per locust run")
    parser.add_argument("--warmup", type=float, default=5, help="seconds not counted")
    parser.add_argument("--think", type=float, default=None, help="journey: seconds between")
    parser.add_argument(
        "--arrive", type=float, default=0, help="seconds over which the users arrive (0: at once)"
    )
    parser.add_argument("--app-dir", default=str(ROOT), help="the checkout to serve")
    parser.add_argument("--server", choices=("gunicorn", "runserver", "none"), default="gunicorn")
    parser.add_argument("--workers", type=int, default=4)
    parser.add_argument("--profile", type=int, default=0, help="py-spy seconds per run")
    parser.add_argument("--label", default="")
    parser.add_argument("--json", help="append each result line to this file")
    args = parser.parse_args()
    if not args.db.startswith(("postgres://postgres@127.0.0.1", "postgresql://postgres@127.0.0.1")):
        raise SystemExit("--db must be a database on 127.0.0.1")
    sys.path.insert(0, str(ROOT))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    data_path = str(ROOT / "var" / "serving-data.json")
    bench_data(args.db, data_path)
    for users in [int(u) for u in args.users.split(",")]:
        proc = None
        if args.server != "none":
            proc = start_server(args.app_dir, args.server, args.db, args.workers)
            args.server_pid = proc.pid
        try:
            line = run(args, users, args.db, data_path)
        finally:
            if proc:
                stop_server(proc)
        line["label"] = args.label or Path(args.app_dir).name
        line["server"] = args.server
        print(json.dumps(line, ensure_ascii=False), flush=True)
        if args.json:
            with open(args.json, "a", encoding="utf-8") as f:
                f.write(json.dumps(line, ensure_ascii=False) + "\n")


if __name__ == "__main__":
    main()
