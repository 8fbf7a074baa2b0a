"""Sections other apps add to the landing page: each is a function
`section(request) -> dict | None`; the dict names a `template` and its
context, and may give an `order` (lower first, default 50) so that each role
sees its most pressing work first: the leader the indicators, the officer
the case steps due, the agency's reporter the reports it owes."""

DEFAULT_ORDER = 50

SECTIONS = []


def register(section):
    if section not in SECTIONS:
        SECTIONS.append(section)
    return section


def sections_for(request):
    found = [s for s in (section(request) for section in SECTIONS) if s]
    # sorted() is stable: sections of equal order keep their registration order.
    return sorted(found, key=lambda s: s.get("order", DEFAULT_ORDER))
