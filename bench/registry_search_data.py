"""Data of bench/registry_search.py: reference units and codes, one ward
officer per ward, and a million children loaded with COPY."""

import datetime
import random
import time

GROUPS_PER_WARD = 40
# Art. 10 groups by their share among children in special circumstances, as
# in the demo data (illustrative, not statistics); about 6 % of children.
GROUP_WEIGHTS = {"d": 35, "c": 12, "n": 14, "h": 9, "a": 4, "b": 2, "i": 6, "k": 3, "e": 5}
CIRCUMSTANCE_RATE = 0.06


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
    from treem.children.keys import full_name_folded, name_sort_key, search_keys
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
            ids, parent_names = [], []
            for parent, sex in ((father, "M"), (mother, "F")):
                carer_id += 1
                ids.append(carer_id)
                folded, _ = derived(parent.family_name, parent.middle_name, parent.given_name)
                parent_names.append(folded)
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
                        search_keys(folded, *parent_names),
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
                        "search_keys",
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
