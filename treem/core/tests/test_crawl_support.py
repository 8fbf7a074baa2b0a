"""The crawler of test_crawl.py notices what it is meant to notice."""

import io

import docx
import openpyxl
from django.http import HttpResponse

from .crawl_support import Crawler, check_file, links_of, pattern, same_site


class FakeClient:
    """Answers from a dict of URL -> response or exception."""

    def __init__(self, pages):
        self.pages = pages

    def get(self, url, headers=None):
        answer = self.pages.get(url, HttpResponse(status=404))
        if isinstance(answer, Exception):
            raise answer
        return answer


def page(html):
    return HttpResponse(html, content_type="text/html; charset=utf-8")


def test_links_are_anchors_and_htmx_gets():
    html = '<a href="/tre-em/1/">x</a><div hx-get="/tre-em/kiem-tra/"></div><form action="/x/">'

    assert links_of(html) == [("/tre-em/1/", False), ("/tre-em/kiem-tra/", True)]


def test_only_same_site_links_are_followed():
    assert same_site("/tre-em/", "?page=2&q=an") == "/tre-em/?page=2&q=an"
    assert same_site("/tre-em/", "https://example.org/") is None
    assert same_site("/tre-em/", "mailto:a@b.vn") is None
    assert same_site("/tre-em/", "#top") is None


def test_urls_with_numbers_share_a_pattern():
    assert pattern("/tre-em/12/?page=3&q=an") == pattern("/tre-em/7/?q=binh&page=1")
    assert pattern("/tre-em/12/") != pattern("/tre-em/12/sua/")


def test_server_errors_exceptions_and_broken_links_are_all_collected():
    client = FakeClient(
        {
            "/": page('<a href="/a/">a</a><a href="/b/">b</a><a href="/c/">c</a>'),
            "/a/": HttpResponse(status=500),
            "/b/": ValueError("the history row\nsecond line"),
        }
    )

    failures = Crawler(client, "officer").crawl("/").failures

    assert [(f.url, f.status) for f in failures] == [("/a/", 500), ("/b/", 500), ("/c/", 404)]
    assert failures[1].detail.endswith("ValueError: the history row")
    assert "broken link on /" in failures[2].detail


def test_sampling_keeps_a_few_urls_of_each_pattern():
    links = "".join(f'<a href="/ke-hoach/nhiem-vu/{n}/">t</a>' for n in range(20))
    client = FakeClient({"/": page(links)})
    for n in range(20):
        client.pages[f"/ke-hoach/nhiem-vu/{n}/"] = page("")

    crawler = Crawler(client, "officer", per_pattern=3).crawl("/")

    assert len(crawler.visits) == 4


def test_generated_files_must_open():
    buffer = io.BytesIO()
    docx.Document().save(buffer)
    book = io.BytesIO()
    openpyxl.Workbook().save(book)

    assert check_file("docx", buffer.getvalue()) is None
    assert check_file("xlsx", book.getvalue()) is None
    assert check_file("docx", b"PK not really") is not None
    assert check_file("pdf", b"<html>") == "no %PDF header"
    assert check_file("csv", "Trẻ em".encode("utf-16")) is not None
