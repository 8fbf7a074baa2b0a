"""Sections other apps add to the landing page: each is a function
`section(request) -> dict | None`; the dict names a `template` and its context."""

SECTIONS = []


def register(section):
    if section not in SECTIONS:
        SECTIONS.append(section)
    return section


def sections_for(request):
    return [s for s in (section(request) for section in SECTIONS) if s]
