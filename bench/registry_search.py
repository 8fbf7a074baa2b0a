"""Registry search and list pages at 1,000,000 children on PostgreSQL.

Generates the children once (idempotent: skipped when the table already holds
enough rows), then measures p50/p95 over many queries of:

  (a) the system's way: `Child.objects.visible_to(officer)` + `ChildFilter`
      (search, filters, ordering) + the paginator's first page of 50 with the
      columns a list shows, as the list page and the API build it;
  (b) the floor: hand-written SQL for the same first page, using the trigram
      index, run with psycopg directly;
  (c) the baseline: a naive unindexed ILIKE over the name columns, typed with
      accents (no folding, no caregivers);
and proposed variants of (a) as separate lines.

    createdb -h 127.0.0.1 -U postgres treem_bench_search
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/treem_bench_search DEBUG=1 \\
        .venv/bin/python manage.py migrate
    DEBUG=1 .venv/bin/python bench/registry_search.py --n 1000000 --queries 200

Only the database named in --db is touched (default treem_bench_search).
"""

import argparse
import datetime
import os
import random
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

DEFAULT_DB = "postgres://postgres@127.0.0.1:5432/treem_bench_search"
GROUPS_PER_WARD = 40
PAGE = 50
# Art. 10 groups by their share among children in special circumstances, as
# in the demo data (illustrative, not statistics); about 6 % of children.
GROUP_WEIGHTS = {"d": 35, "c": 12, "n": 14, "h": 9, "a": 4, "b": 2, "i": 6, "k": 3, "e": 5}
CIRCUMSTANCE_RATE = 0.06
SURNAMES = ["dang", "nguyen", "tran", "le", "ho", "phan", "bui", "dinh", "thai", "trinh"]
# What a list row shows: name, date of birth, sex, ID and its status, unit.
LIST_COLUMNS = (
    "id",
    "family_name",
    "middle_name",
    "given_name",
    "date_of_birth",
    "dob_precision",
    "sex",
    "personal_id",
    "id_status",
    "status",
    "unit__name",
)
SQL_COLUMNS = (
    "c.id, c.family_name, c.middle_name, c.given_name, c.date_of_birth, c.dob_precision, "
    "c.sex, c.personal_id, c.id_status, c.status, c.unit_id, u.name"
)


def setup_django(url):
    os.environ["DATABASE_URL"] = url
    os.environ.setdefault("DEBUG", "1")
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    import django

    django.setup()


# --- generation -------------------------------------------------------------


def reference_data():
    from treem.agencies.services import load_agencies
    from treem.areas.models import AdminUnit, Level
    from treem.areas.services import create_unit, load_areas
    from treem.children.services import load_reference_codes

    load_areas()
    load_agencies()
    load_reference_codes()
    wards = list(AdminUnit.objects.in_force().filter(level=Level.WARD).order_by("pk"))
    groups = {}
    for ward in wards:
        have = {
            u.name: u for u in AdminUnit.objects.filter(parent=ward, level=Level.RESIDENTIAL_GROUP)
        }
        for i in range(1, GROUPS_PER_WARD + 1):
            name = f"Khối {i}"
            if name not in have:
                have[name] = create_unit(
                    actor=None, name=name, level=Level.RESIDENTIAL_GROUP, parent=ward
                )
        groups[ward.pk] = list(have.values())
    return wards, groups


def officers(wards):
    """One ward officer per ward, created once."""
    from treem.accounts.models import User
    from treem.accounts.permissions import Role
    from treem.accounts.services import assign_role, create_user

    found = {}
    for ward in wards:
        username = f"bench_officer_{ward.pk}"
        user = User.objects.filter(username=username).first()
        if user is None:
            user = create_user(actor=None, username=username, password=None)
            assign_role(user, Role.WARD_OFFICER, actor=None, unit=ward, check_permission=False)
        found[ward.pk] = user
    return found


def _copy(cur, table, columns, rows):
    with cur.copy(f"COPY {table} ({', '.join(columns)}) FROM STDIN") as copy:
        for row in rows:
            copy.write_row(row)


def _drop_secondary_indexes(cur, tables):
    """Dropping non-unique indexes during COPY and rebuilding them after is
    several times faster than maintaining the GIN trigram indexes row by row."""
    cur.execute(
        "SELECT i.indexname, i.indexdef FROM pg_indexes i "
        "JOIN pg_class c ON c.relname = i.indexname JOIN pg_index x ON x.indexrelid = c.oid "
        "WHERE i.schemaname = 'public' AND i.tablename = ANY(%s) "
        "AND NOT x.indisunique AND NOT x.indisprimary",
        [list(tables)],
    )
    defs = cur.fetchall()
    for name, _ in defs:
        cur.execute(f'DROP INDEX "{name}"')
    return [d for _, d in defs]


def generate(url, n, wards, groups, seed=1):
    import psycopg

    from treem.children import idnumber
    from treem.children.keys import full_name_folded, name_sort_key
    from treem.children.models import CodeKind, ReferenceCode
    from treem.demo.people import PeopleGenerator

    today = datetime.date.today()
    rng = random.Random(seed)
    people = PeopleGenerator(seed, today=today)
    codes = {(c.kind, c.code): c.pk for c in ReferenceCode.objects.all()}
    kinh = codes[(CodeKind.ETHNICITY, "01")]
    missing = codes[(CodeKind.ID_MISSING_REASON, "chuacap")]
    group_codes = [codes[(CodeKind.CIRCUMSTANCE_GROUP, g)] for g in GROUP_WEIGHTS]
    relation_father = codes[(CodeKind.RELATION, "cha")]
    relation_mother = codes[(CodeKind.RELATION, "me")]
    now = datetime.datetime.now(datetime.UTC)
    keys = {}

    def derived(family, middle, given):
        # Names repeat a lot: fold and sort-key each distinct name once.
        k = (family, middle, given)
        if k not in keys:
            keys[k] = (full_name_folded(*k), name_sort_key(*k))
        return keys[k]

    with psycopg.connect(url, autocommit=False) as conn, conn.cursor() as cur:
        # Foreign-key triggers off while loading rows built from the units and
        # codes just read (a standard bulk load; needs a superuser): checking
        # them row by row is most of the COPY time, and their pending events
        # would forbid CREATE INDEX in this transaction. One transaction keeps
        # a failed run from leaving the tables without their indexes.
        cur.execute("SET session_replication_role = replica")
        cur.execute("SELECT coalesce(max(id), 0) FROM children_child")
        child_id = cur.fetchone()[0]
        cur.execute("SELECT coalesce(max(id), 0) FROM children_caregiver")
        carer_id = cur.fetchone()[0]
        started = time.perf_counter()
        tables = ["children_child", "children_caregiver", "children_childcaregiver"]
        tables.append("children_circumstanceepisode")
        index_defs = _drop_secondary_indexes(cur, tables)
        children, carers, links, episodes = [], [], [], []
        made = 0
        while made < n:
            ward = wards[made % len(wards)]
            unit = rng.choice(groups[ward.pk])
            father, mother, kids = people.household(rng.choice((1, 1, 2, 2, 2, 3)))
            kids = kids[: n - made]
            street = f"Số {rng.randint(1, 300)}, {unit.name}"
            ids = []
            for parent, sex in ((father, "M"), (mother, "F")):
                carer_id += 1
                ids.append(carer_id)
                folded, _ = derived(parent.family_name, parent.middle_name, parent.given_name)
                carers.append(
                    (
                        carer_id,
                        parent.family_name,
                        parent.middle_name,
                        parent.given_name,
                        folded,
                        "",
                        people.phone(),
                        sex,
                        parent.date_of_birth.year,
                        unit.pk,
                    )
                )
            for kid in kids:
                child_id += 1
                made += 1
                folded, sort = derived(kid.family_name, kid.middle_name, kid.given_name)
                roll = rng.random()
                if roll < 0.07:
                    pid, id_status, reason = None, "missing", missing
                else:
                    # The row id as serial keeps IDs unique up to a million rows.
                    serial = child_id % 1_000_000
                    pid = idnumber.make_id("040", kid.date_of_birth, kid.sex, serial)
                    id_status, reason = "ok", None
                children.append(
                    (
                        child_id,
                        pid,
                        id_status,
                        kid.family_name,
                        kid.middle_name,
                        kid.given_name,
                        folded,
                        sort,
                        kid.date_of_birth,
                        "day",
                        kid.sex,
                        "Việt Nam",
                        "registered",
                        f"UBND phường {ward.name}",
                        street,
                        kid.date_of_birth,
                        "",
                        "",
                        "",
                        "",
                        "",
                        "",
                        "active" if rng.random() > 0.01 else "moved_out",
                        now,
                        now,
                        1,
                        unit.pk,
                        ward.pk,
                        kinh,
                        reason,
                    )
                )
                links.append((child_id, ids[0], relation_father, True, False))
                links.append((child_id, ids[1], relation_mother, True, True))
                if rng.random() < CIRCUMSTANCE_RATE:
                    code = rng.choices(group_codes, weights=GROUP_WEIGHTS.values())[0]
                    start = max(
                        kid.date_of_birth, today - datetime.timedelta(rng.randint(30, 1500))
                    )
                    episodes.append((child_id, code, start, "Biên bản xác minh", now))
            if len(children) >= 50_000 or made >= n:
                _copy(
                    cur,
                    "children_child",
                    (
                        "id",
                        "personal_id",
                        "id_status",
                        "family_name",
                        "middle_name",
                        "given_name",
                        "name_folded",
                        "name_sort",
                        "date_of_birth",
                        "dob_precision",
                        "sex",
                        "nationality",
                        "birth_registration",
                        "birth_registration_place",
                        "address_line",
                        "resident_since",
                        "school_level",
                        "school_name",
                        "grade",
                        "health_insurance_card",
                        "disability_level",
                        "nutrition_status",
                        "status",
                        "created_at",
                        "updated_at",
                        "version",
                        "unit_id",
                        "ward_id",
                        "ethnicity_id",
                        "personal_id_missing_reason_id",
                    ),
                    children,
                )
                _copy(
                    cur,
                    "children_caregiver",
                    (
                        "id",
                        "family_name",
                        "middle_name",
                        "given_name",
                        "name_folded",
                        "personal_id",
                        "phone",
                        "sex",
                        "year_of_birth",
                        "unit_id",
                    ),
                    carers,
                )
                _copy(
                    cur,
                    "children_childcaregiver",
                    (
                        "child_id",
                        "caregiver_id",
                        "relation_id",
                        "lives_with",
                        "legal_representative",
                    ),
                    links,
                )
                _copy(
                    cur,
                    "children_circumstanceepisode",
                    ("child_id", "code_id", "started_on", "evidence_note", "recorded_at"),
                    episodes,
                )
                children, carers, links, episodes = [], [], [], []
                print(f"  {made:,} children, {time.perf_counter() - started:.0f} s", flush=True)
        copied = time.perf_counter() - started
        for sql in index_defs:
            cur.execute(sql)
        for table in ("children_child", "children_caregiver"):
            cur.execute(
                f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), "
                f"(SELECT max(id) FROM {table}))"
            )
        cur.execute("SET session_replication_role = DEFAULT")
        conn.commit()
        indexed = time.perf_counter() - started - copied
    print(f"generated {n:,} children: COPY {copied:.0f} s, indexes {indexed:.0f} s")


def analyze(url):
    import psycopg

    with psycopg.connect(url, autocommit=True) as conn:
        for table in (
            "children_child",
            "children_caregiver",
            "children_childcaregiver",
            "children_circumstanceepisode",
        ):
            conn.execute(f"VACUUM ANALYZE {table}")


# --- measurement --------------------------------------------------------------


def percentile(values, p):
    values = sorted(values)
    k = (len(values) - 1) * p
    lo = int(k)
    hi = min(lo + 1, len(values) - 1)
    return values[lo] + (values[hi] - values[lo]) * (k - lo)


BUDGET = {"seconds": 30.0}


def timed(fn, args_list, warm=3, at_least=20):
    """Times of fn over args_list; a slow line stops after its time budget
    (but not before `at_least` queries), on a prefix of the shuffled queries."""
    for args in args_list[:warm]:
        fn(*args)
    times = []
    began_all = time.perf_counter()
    for args in args_list:
        began = time.perf_counter()
        fn(*args)
        times.append((time.perf_counter() - began) * 1000)
        if len(times) >= at_least and time.perf_counter() - began_all > BUDGET["seconds"]:
            break
    return times


def draw_queries(cur, wards, count, seed):
    """Search terms drawn from the data, typed without accents (and with
    accents for the naive baseline), each with the ward it is searched in."""
    from treem.children import text

    rng = random.Random(seed)
    cur.execute(
        "SELECT family_name, middle_name, given_name, ward_id FROM children_child "
        "TABLESAMPLE SYSTEM (1) REPEATABLE (%s) LIMIT %s",
        [seed, count * 2],
    )
    rows = cur.fetchall()
    rng.shuffle(rows)
    third = count // 3
    full, partial, surname = [], [], []
    for family, middle, given, ward_id in rows[:third]:
        typed = " ".join(p for p in (family, middle, given) if p)
        full.append((text.fold(typed), typed, ward_id))
    for _family, middle, given, ward_id in rows[third : 2 * third]:
        # "ngoc anh": the last middle word and the given name.
        typed = " ".join([*middle.split()[-1:], given])
        partial.append((text.fold(typed), typed, ward_id))
    accented = {"dang": "Đặng", "nguyen": "Nguyễn", "tran": "Trần", "le": "Lê", "ho": "Hồ"}
    accented |= {"phan": "Phan", "bui": "Bùi", "dinh": "Đinh", "thai": "Thái", "trinh": "Trịnh"}
    for i in range(count - 2 * third):
        name = SURNAMES[i % len(SURNAMES)]
        surname.append((name, accented[name], rng.choice(wards).pk))
    return {"full name": full, "partial (\u201cngoc anh\u201d)": partial, "surname": surname}


class Runner:
    def __init__(self, url, wards, users):
        import psycopg

        from treem.accounts.permissions import Perm
        from treem.accounts.scope import scope_for
        from treem.areas.models import AdminUnit
        from treem.children.models import sixteenth_birthday_cutoff

        self.raw = psycopg.connect(url, autocommit=True)
        self.users = users
        self.scope_units = {}
        self.units = {}
        for ward in wards:
            scope = scope_for(users[ward.pk], Perm.VIEW_PERSONAL)
            self.scope_units[ward.pk] = sorted(scope.unit_ids)
            self.units[ward.pk] = AdminUnit.objects.filter(scope.q(""))
        self.cutoff = sixteenth_birthday_cutoff()

    # (a) the system's way

    def orm_page(self, ward_id, params, *, count=True, variant=None):
        from django.core.paginator import Paginator

        from treem.children.models import Child
        from treem.children.queries import ChildFilter

        user = self.users[ward_id]
        data = dict(params)
        if variant == "union" and data.get("q"):
            q = data.pop("q")
            base = proposed_search(Child.objects.visible_to(user), q)
        else:
            base = Child.objects.visible_to(user)
        qs = ChildFilter(
            data, queryset=base, user=user, sensitive=True, units=self.units[ward_id]
        ).qs
        qs = qs.select_related("unit").only(*LIST_COLUMNS)
        if count:
            page = Paginator(qs, PAGE).page(1)
            rows = list(page.object_list)
            page.paginator.count  # noqa: B018 (shown on the page, already computed)
        else:
            rows = list(qs[:PAGE])
        return rows

    def client_page(self, client, ward_id, params):
        response = client.get("/tre-em/", params)
        assert response.status_code == 200, response.status_code

    # (b) the floor

    def floor_search(self, ward_id, folded):
        like = folded.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
        sql = (
            f"SELECT {SQL_COLUMNS} FROM children_child c "
            "JOIN areas_adminunit u ON u.id = c.unit_id "
            "WHERE c.unit_id = ANY(%(units)s) AND c.status = 'active' "
            "AND c.date_of_birth > %(cutoff)s AND c.id IN ("
            "  SELECT id FROM children_child "
            "  WHERE name_folded LIKE %(start)s OR name_folded LIKE %(word)s "
            "  UNION "
            "  SELECT cc.child_id FROM children_childcaregiver cc "
            "  JOIN children_caregiver g ON g.id = cc.caregiver_id "
            "  WHERE g.name_folded LIKE %(start)s OR g.name_folded LIKE %(word)s) "
            "ORDER BY c.name_sort, c.date_of_birth, c.id LIMIT 50"
        )
        return self.raw.execute(
            sql,
            {
                "units": self.scope_units[ward_id],
                "cutoff": self.cutoff,
                "start": f"{like}%",
                "word": f"% {like}%",
            },
        ).fetchall()

    def floor_list(self, ward_id, start, end, code_id):
        sql = (
            f"SELECT {SQL_COLUMNS} FROM children_child c "
            "JOIN areas_adminunit u ON u.id = c.unit_id "
            "WHERE c.unit_id = ANY(%(units)s) AND c.ward_id = %(ward)s "
            "AND c.status = 'active' AND c.date_of_birth > %(cutoff)s "
            "AND c.date_of_birth BETWEEN %(start)s AND %(end)s "
        )
        if code_id:
            sql += (
                "AND EXISTS (SELECT 1 FROM children_circumstanceepisode e "
                "WHERE e.child_id = c.id AND e.code_id = %(code)s "
                "AND e.started_on <= %(today)s "
                "AND (e.ended_on IS NULL OR e.ended_on >= %(today)s)) "
            )
        sql += "ORDER BY c.name_sort, c.date_of_birth, c.id LIMIT 50"
        return self.raw.execute(
            sql,
            {
                "units": self.scope_units[ward_id],
                "ward": ward_id,
                "cutoff": self.cutoff,
                "start": start,
                "end": end,
                "code": code_id,
                "today": datetime.date.today(),
            },
        ).fetchall()

    # (c) the naive baseline

    def naive_search(self, ward_id, typed):
        sql = (
            f"SELECT {SQL_COLUMNS} FROM children_child c "
            "JOIN areas_adminunit u ON u.id = c.unit_id "
            "WHERE c.unit_id = ANY(%(units)s) AND c.status = 'active' "
            "AND c.date_of_birth > %(cutoff)s "
            "AND (c.family_name || ' ' || c.middle_name || ' ' || c.given_name) ILIKE %(p)s "
            "ORDER BY c.name_sort, c.date_of_birth, c.id LIMIT 50"
        )
        return self.raw.execute(
            sql, {"units": self.scope_units[ward_id], "cutoff": self.cutoff, "p": f"%{typed}%"}
        ).fetchall()

    def explain(self, ward_id, params, variant=None):
        from django.db import connection

        from treem.children.models import Child
        from treem.children.queries import ChildFilter

        user = self.users[ward_id]
        data = dict(params)
        base = Child.objects.visible_to(user)
        if variant == "union" and data.get("q"):
            base = proposed_search(base, data.pop("q"))
        qs = ChildFilter(data, queryset=base, user=user, sensitive=True, units=self.units[ward_id])
        qs = qs.qs.select_related("unit").only(*LIST_COLUMNS)[:PAGE]
        sql, sql_params = qs.query.sql_with_params()
        with connection.cursor() as cur:
            cur.execute("EXPLAIN (ANALYZE, BUFFERS OFF, TIMING OFF) " + sql, sql_params)
            return "\n".join(r[0] for r in cur.fetchall())


def proposed_search(queryset, q):
    """The proposed `queries.search` for names: one id set from the two trigram
    indexes (child and caregiver names), instead of an OR with a correlated
    EXISTS that no index can serve."""
    from django.db.models import Q
    from django.db.models.expressions import RawSQL

    from treem.children import text
    from treem.children.queries import search

    q = (q or "").strip()
    digits = "".join(c for c in q if c.isdigit())
    if not q or digits:
        return search(queryset, q)
    phrase = text.fold(q)
    like = phrase.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    ids = RawSQL(
        "SELECT id FROM children_child WHERE name_folded LIKE %s OR name_folded LIKE %s "
        "UNION SELECT cc.child_id FROM children_childcaregiver cc "
        "JOIN children_caregiver g ON g.id = cc.caregiver_id "
        "WHERE g.name_folded LIKE %s OR g.name_folded LIKE %s",
        (f"{like}%", f"% {like}%", f"{like}%", f"% {like}%"),
    )
    return queryset.filter(Q(pk__in=ids))


class Lines(list):
    """Table rows, printed as they come so a late failure loses nothing."""

    def __iadd__(self, rows):
        for row in rows:
            print(row, flush=True)
        return super().__iadd__(rows)


def summarize(label, times, floor=None):
    p50, p95 = statistics.median(times), percentile(times, 0.95)
    ratio = ""
    if floor:
        # Against the floor over the same queries when a line stopped early.
        floor = floor[: len(times)]
        ratio = f"{p50 / statistics.median(floor):.1f}× / {p95 / percentile(floor, 0.95):.1f}×"
    return f"| {label} | {len(times)} | {p50:.1f} | {p95:.1f} | {ratio} |"


def measure(url, wards, users, args):
    from django.db import connection, reset_queries

    from treem.children.models import CodeKind, ReferenceCode
    from treem.children.queries import AGE_BANDS, birth_range_for_age

    runner = Runner(url, wards, users)
    cur = runner.raw.cursor()
    queries = draw_queries(cur, wards, args.queries, args.seed)
    print(f"children: {cur.execute('SELECT count(*) FROM children_child').fetchone()[0]:,}")
    lines = Lines()
    lines += [
        "| query | n | p50 ms | p95 ms | ratio to floor (p50 / p95) |",
        "|---|---|---|---|---|",
    ]
    connection.force_debug_cursor = False
    all_orm, all_floor, all_union = [], [], []
    for kind, items in queries.items():
        searched = [(w, {"q": folded}) for folded, _, w in items]
        floor = timed(runner.floor_search, [(w, folded) for folded, _, w in items])
        orm = timed(runner.orm_page, searched)
        rows_only = timed(lambda w, p: runner.orm_page(w, p, count=False), searched)
        union = timed(lambda w, p: runner.orm_page(w, p, variant="union"), searched)
        naive = timed(runner.naive_search, [(w, typed) for _, typed, w in items])
        reset_queries()
        all_orm += orm
        all_floor += floor
        all_union += union
        lines += [
            summarize(f"search, {kind}: (a) ORM as the list page (count + page 1)", orm, floor),
            summarize(f"search, {kind}: (a) ORM page 1 without the count", rows_only, floor),
            summarize(
                f"search, {kind}: (a′) proposed: id set from both trigram indexes", union, floor
            ),
            summarize(f"search, {kind}: (b) floor: bare SQL, trigram indexes", floor, floor),
            summarize(f"search, {kind}: (c) baseline: naive ILIKE with accents", naive, floor),
        ]
    lines += [
        summarize("search, all: (a) ORM as the list page", all_orm, all_floor),
        summarize("search, all: (a′) proposed", all_union, all_floor),
        summarize("search, all: (b) floor", all_floor, all_floor),
    ]

    rng = random.Random(args.seed)
    groups = list(
        ReferenceCode.objects.filter(kind=CodeKind.CIRCUMSTANCE_GROUP, code__in=list(GROUP_WEIGHTS))
    )
    filtered, plain = [], []
    for _ in range(args.queries):
        ward = rng.choice(wards)
        band = rng.choice(list(AGE_BANDS))
        code = rng.choice(groups)
        filtered.append((ward.pk, band, code.pk))
        plain.append(ward.pk)

    def orm_filtered(ward_id, band, code_id, **kw):
        params = {"ward": ward_id, "age": band, "circumstance": code_id, "sort": "name"}
        return runner.orm_page(ward_id, params, **kw)

    def floor_filtered(ward_id, band, code_id):
        start, end = birth_range_for_age(*AGE_BANDS[band])
        return runner.floor_list(ward_id, start, end, code_id)

    orm = timed(orm_filtered, filtered)
    rows_only = timed(lambda *a: orm_filtered(*a, count=False), filtered)
    floor = timed(floor_filtered, filtered)
    lines += [
        summarize("list: ward + age band + group, (a) ORM as the list page", orm, floor),
        summarize(
            "list: ward + age band + group, (a) ORM page 1 without the count", rows_only, floor
        ),
        summarize("list: ward + age band + group, (b) floor", floor, floor),
    ]
    far = (datetime.date(1900, 1, 1), datetime.date.today())
    orm = timed(lambda w: runner.orm_page(w, {"ward": w}), [(w,) for w in plain])
    rows_only = timed(lambda w: runner.orm_page(w, {"ward": w}, count=False), [(w,) for w in plain])
    floor = timed(lambda w: runner.floor_list(w, *far, None), [(w,) for w in plain])
    lines += [
        summarize("list: whole ward, (a) ORM as the list page", orm, floor),
        summarize("list: whole ward, (a) ORM page 1 without the count", rows_only, floor),
        summarize("list: whole ward, (b) floor", floor, floor),
    ]
    rendered = render_pages(runner, queries, plain)
    if rendered:
        lines += rendered
    if args.explain:
        ward = wards[0].pk
        for q in ("ngoc anh", "dang", "nguyen"):
            print(f"\n-- EXPLAIN ANALYZE, system's way, q={q!r}\n{runner.explain(ward, {'q': q})}")
            print(f"\n-- proposed, q={q!r}\n{runner.explain(ward, {'q': q}, 'union')}")


def render_pages(runner, queries, plain):
    """The list page through the test client, if the page exists yet."""
    from django.test import Client
    from django.urls import NoReverseMatch, reverse

    try:
        reverse("children:list")
    except NoReverseMatch:
        print("(the list page is not wired yet: no rendered-page figures)")
        return []
    except Exception as exc:  # noqa: BLE001 (others' URLconf mid-change must not lose the figures)
        print(f"(the URLconf does not load: {exc}; no rendered-page figures)")
        return []
    out = []
    clients = {}
    for ward_id, user in runner.users.items():
        # A host the DEBUG settings allow; "testserver" is not among them.
        clients[ward_id] = Client(SERVER_NAME="localhost")
        clients[ward_id].force_login(user)
    for kind, items in queries.items():
        try:
            times = timed(
                lambda w, q: runner.client_page(clients[w], w, {"q": q}),
                [(w, folded) for folded, _, w in items],
            )
        except AssertionError as exc:
            print(f"(the list page answered {exc}: no rendered-page figures)")
            return out
        out.append(summarize(f"search, {kind}: rendered list page via Client", times))
    return out


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--db", default=os.environ.get("BENCH_DATABASE_URL", DEFAULT_DB))
    parser.add_argument("--n", type=int, default=1_000_000)
    parser.add_argument("--queries", type=int, default=200)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--explain", action="store_true", help="print EXPLAIN ANALYZE plans")
    parser.add_argument("--generate-only", action="store_true")
    parser.add_argument(
        "--budget", type=float, default=30.0, help="seconds per measured line (min 20 queries)"
    )
    args = parser.parse_args()
    setup_django(args.db)
    BUDGET["seconds"] = args.budget

    from treem.children.models import Child

    wards, groups = reference_data()
    users = officers(wards)
    have = Child.objects.count()
    if have < args.n:
        generate(args.db, args.n - have, wards, groups, seed=args.seed + have)
        analyze(args.db)
    else:
        print(f"{have:,} children already there: generation skipped")
    if not args.generate_only:
        measure(args.db, wards, users, args)


if __name__ == "__main__":
    main()
