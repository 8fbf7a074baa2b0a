"""The crawler of the whole-system test (test_crawl.py): follows every
same-site link a role's pages offer, breadth-first, and the list and detail
paths of the API schema, and collects every failure instead of stopping at
the first, so that one run shows all that is broken.

The crawl is bounded by sampling: URLs are reduced to patterns (numbers
become N), and only a few URLs of each pattern are visited; detail pages
(one number, last) get more, so that every role sees dozens of children,
cases and reports."""

import io
import json
import re
import shutil
import subprocess
import tempfile
import time
import traceback
import zipfile
from collections import deque
from dataclasses import dataclass, field
from html.parser import HTMLParser
from urllib.parse import parse_qsl, urlencode, urljoin, urlsplit

# Links that change the session or state, or leave the pages: never followed.
SKIP = re.compile(
    r"^/(i18n/|dang-xuat|logout|static/|admin/|api/docs|api/redoc)"
    r"|/(xoa|delete|dang-xuat|logout)/"
)
NUMBER = re.compile(r"\d+")
# The records the issue asks to see by the dozen: children, cases, reports.
DETAIL = re.compile(r"^/(tre-em|vu-viec|ke-hoach/bao-cao|bao-cao/[a-z-]+)/N/$")
FILE_TYPES = {
    "application/vnd.openxmlformats-officedocument.wordprocessingml.document": "docx",
    "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet": "xlsx",
    "application/pdf": "pdf",
    "text/csv": "csv",
}


@dataclass
class Failure:
    role: str
    url: str
    status: object
    detail: str

    def __str__(self):
        return f"[{self.role}] {self.status} {self.url} — {self.detail}"


@dataclass
class Visit:
    url: str
    status: int
    kind: str  # html, json, a file type, redirect, other
    seconds: float = 0.0
    source: str = ""  # the page that linked here


class _Links(HTMLParser):
    def __init__(self):
        super().__init__()
        self.links = []

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "a" and attrs.get("href"):
            self.links.append((attrs["href"], False))
        if attrs.get("hx-get"):
            self.links.append((attrs["hx-get"], True))


def links_of(html):
    parser = _Links()
    parser.feed(html)
    return parser.links


def pattern(url):
    """ "/tre-em/12/?page=3&q=an" -> "/tre-em/N/?page&q": the sample key."""
    parts = urlsplit(url)
    keys = sorted({k for k, _ in parse_qsl(parts.query, keep_blank_values=True)})
    return NUMBER.sub("N", parts.path) + ("?" + "&".join(keys) if keys else "")


def same_site(base, href):
    """The site-relative URL of `href` on page `base`, or None."""
    href = href.strip()
    if not href or href.startswith(("#", "mailto:", "tel:", "javascript:", "data:")):
        return None
    if "{" in href:  # templated in JavaScript, not a link
        return None
    parts = urlsplit(urljoin("http://testserver" + base, href))
    if parts.netloc not in ("testserver", "localhost") or parts.scheme not in ("http", "https"):
        return None
    query = urlencode(sorted(parse_qsl(parts.query, keep_blank_values=True)))
    return parts.path + ("?" + query if query else "")


def _where(exc):
    """The innermost frame in the project, "file:line", and the message."""
    frames = [
        f
        for f in traceback.extract_tb(exc.__traceback__)
        if "/treem/" in f.filename or "/config/" in f.filename
    ]
    at = f"{frames[-1].filename.split('/work/main/')[-1]}:{frames[-1].lineno} " if frames else ""
    first = (str(exc).splitlines() or [""])[0][:200]
    return f"{at}{type(exc).__name__}: {first}"


def check_file(kind, content):
    """None when a generated file opens, else what is wrong with it."""
    try:
        if kind == "docx":
            import docx

            docx.Document(io.BytesIO(content))
        elif kind == "xlsx":
            import openpyxl

            openpyxl.load_workbook(io.BytesIO(content), read_only=True).close()
        elif kind == "pdf":
            if not content.startswith(b"%PDF"):
                return "no %PDF header"
            if shutil.which("pdftotext"):
                with tempfile.NamedTemporaryFile(suffix=".pdf") as fh:
                    fh.write(content)
                    fh.flush()
                    done = subprocess.run(  # noqa: S603
                        ["pdftotext", fh.name, "-"],  # noqa: S607
                        capture_output=True,
                        timeout=60,
                    )
                if done.returncode:
                    return f"pdftotext: {done.stderr.decode(errors='replace')[:200]}"
        elif kind == "csv":
            content.decode("utf-8-sig")
    except Exception as exc:
        return f"{kind} does not open: {type(exc).__name__}: {exc}"
    if kind in ("docx", "xlsx") and not zipfile.is_zipfile(io.BytesIO(content)):
        return f"{kind} is not a zip package"
    return None


def file_kind(response):
    ctype = response.get("Content-Type", "").split(";")[0].strip()
    if ctype in FILE_TYPES:
        return FILE_TYPES[ctype]
    disposition = response.get("Content-Disposition", "")
    match = re.search(r"\.(docx|xlsx|pdf|csv)\b", disposition)
    return match.group(1) if match else None


@dataclass
class Crawler:
    """One role's crawl with a logged-in test Client."""

    client: object
    role: str
    per_pattern: int = 3
    per_detail: int = 50
    max_pages: int = 1500
    failures: list = field(default_factory=list)
    visits: list = field(default_factory=list)
    files: dict = field(default_factory=dict)  # kind -> count opened
    seconds: float = 0.0

    def get(self, url, *, htmx=False, expect=None, method="get"):
        """GETs `url`, records a failure for a 5xx, an exception or a status
        other than `expect` (when given). Returns the response or None."""
        headers = {"HX-Request": "true"} if htmx else {}
        try:
            response = getattr(self.client, method)(url, headers=headers)
        except Exception as exc:
            self.failures.append(Failure(self.role, url, 500, _where(exc)))
            return None
        status = response.status_code
        if status >= 500:
            self.failures.append(Failure(self.role, url, status, "server error"))
        elif expect is not None and status != expect:
            self.failures.append(Failure(self.role, url, status, f"expected {expect}"))
        return response

    def crawl(self, start="/"):
        began = time.monotonic()
        queue = deque([(start, False, "")])
        seen = {start}
        counts = {}
        while queue and len(self.visits) < self.max_pages:
            url, htmx, source = queue.popleft()
            asked = time.monotonic()
            response = self.get(url, htmx=htmx)
            if response is None:
                continue
            kind = self._kind(response)
            took = time.monotonic() - asked
            self.visits.append(Visit(url, response.status_code, kind, took, source))
            if source and 400 <= response.status_code < 500:
                # A page offered this link: it must open for whom it is offered.
                self.failures.append(
                    Failure(self.role, url, response.status_code, f"broken link on {source}")
                )
            for link, is_htmx in self._links(url, response):
                if link in seen or SKIP.search(link):
                    continue
                key = pattern(link)
                limit = self.per_detail if DETAIL.match(key) else self.per_pattern
                if counts.get(key, 0) >= limit:
                    continue
                counts[key] = counts.get(key, 0) + 1
                seen.add(link)
                queue.append((link, is_htmx, url))
        self.seconds += time.monotonic() - began
        return self

    def _kind(self, response):
        if 300 <= response.status_code < 400:
            return "redirect"
        kind = file_kind(response)
        if kind:
            if getattr(response, "streaming", False):
                # Reading to the end closes the file: the test client wraps the
                # iterator (closing the response again would fire
                # request_finished, which closes the test's database connection).
                content = b"".join(response.streaming_content)
            else:
                content = response.content
            problem = check_file(kind, content)
            if problem:
                self.failures.append(
                    Failure(self.role, response.request["PATH_INFO"], 200, problem)
                )
            else:
                self.files[kind] = self.files.get(kind, 0) + 1
            return kind
        ctype = response.get("Content-Type", "")
        return "html" if "html" in ctype else "json" if "json" in ctype else "other"

    def _links(self, url, response):
        if 300 <= response.status_code < 400:
            target = same_site(url, response.get("Location", ""))
            return [(target, False)] if target else []
        if response.status_code != 200 or "html" not in response.get("Content-Type", ""):
            return []
        found = []
        for href, htmx in links_of(response.content.decode("utf-8", errors="replace")):
            target = same_site(url, href)
            if target:
                found.append((target, htmx))
        return found

    # The API: every GET path of the schema, ids from the list answers.

    def crawl_api(self, schema, *, per_path=5):
        began = time.monotonic()
        listed = {}

        def list_rows(path):
            if path not in listed:
                response = self.get(path)
                listed[path] = []
                if response is not None:
                    self.visits.append(Visit(path, response.status_code, self._kind(response)))
                    if response.status_code == 200:
                        listed[path] = _rows(response)
            return listed[path]

        paths = sorted(
            path
            for path, operations in schema.get("paths", {}).items()
            if "get" in operations and path.startswith("/api/")
        )
        for template in paths:
            if "{" not in template:
                list_rows(template)
                continue
            for url in _fill(template, list_rows, per_path):
                response = self.get(url)
                if response is not None:
                    self.visits.append(Visit(url, response.status_code, self._kind(response)))
        self.seconds += time.monotonic() - began
        return self


def _rows(response):
    try:
        body = json.loads(response.content)
    except ValueError:
        return []
    rows = body.get("results", body) if isinstance(body, dict) else body
    return [row for row in rows if isinstance(row, dict)] if isinstance(rows, list) else []


def _key(row, param):
    """The value of a path parameter in a listed row: the field of that name
    ({code}), else the row's id ({id}, {pk}, {child_pk})."""
    if param in row and not isinstance(row[param], dict | list):
        return row[param]
    return row.get("id", row.get("pk"))


PARAM = re.compile(r"\{[^}]+\}")


def _fill(template, list_rows, limit):
    """Concrete URLs for a path with {params}: each parameter takes the ids
    listed at the path before it (/children/{id}/caregivers/ takes the ids of
    /children/)."""
    prefixes = [""]
    rest = template
    while True:
        match = PARAM.search(rest)
        if match is None:
            break
        head, rest = rest[: match.start()], rest[match.end() :]
        options = []
        param = match.group(0)[1:-1]
        for prefix in prefixes:
            values = [_key(row, param) for row in list_rows(prefix + head)]
            for value in [v for v in values if v is not None][:limit]:
                options.append(f"{prefix}{head}{value}")
        prefixes = options[:limit]
        if not prefixes:
            return []
    return [prefix + rest for prefix in prefixes]
