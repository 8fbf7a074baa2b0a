"""Derived columns kept in step with the name parts by the services."""

import re

from . import text

# Key characters are [0-9a-z] only, so that any database collation orders them
# byte by byte: "0" ends a name part, "1" ends a word (followed by its tone),
# letters start at "2" in Vietnamese alphabetical order.
_SYMBOLS = "0123456789abcdefghijklmnopqrstuvwxyz"
assert len(text.ALPHABET) + 2 <= len(_SYMBOLS)
_PRIVATE_TO_SYMBOL = {0xE000 + i: _SYMBOLS[i + 2] for i in range(len(text.ALPHABET))}


def _part_key(part):
    key = text.collation_key(part)
    if not key:
        return ""
    words, _ = key
    out = []
    for primary, tone in words:
        # Characters outside the alphabet (digits, punctuation) carry no weight.
        out.append("".join(_PRIVATE_TO_SYMBOL.get(ord(c), "") for c in primary))
        out.append(f"1{tone}")
    return "".join(out)


def name_sort_key(family, middle, given):
    """A string that sorts as Vietnamese lists do: given name, family name,
    middle name, each in Vietnamese alphabetical and tone order."""
    return "0".join(_part_key(p) for p in (given, family, middle))[:400]


def full_name_folded(family, middle, given):
    return text.fold(" ".join(p for p in (family, middle, given) if p))


# Search keys: the accent-insensitive search finds "the phrase at the start of
# a word" of the child's name or of a caregiver's name. Each name gives its
# words ("ngoc", "anh") and, for phrases of two words or more, every suffix
# from a word on, marked with a leading "_" ("_ngoc_anh", "_thi_ngoc_anh"):
# a phrase is then a prefix of one key. On PostgreSQL the keys are a tsvector
# (GIN indexed, prefix query 'key':*; the planner estimates from the keys'
# statistics whether to read the index or walk the list in order); elsewhere
# a text " key key …" searched with LIKE '% key%'. The marker keeps one-word
# searches ("dang") away from the many multi-word keys that start alike.
_NON_WORD = re.compile(r"[\W_]+")


def _words(folded):
    return [w for w in _NON_WORD.split(folded) if w]


def search_keys(*folded_names):
    """The keys of the child's folded name and its caregivers' folded names."""
    found = set()
    for name in folded_names:
        words = _words(name or "")
        found.update(words)
        found.update("_" + "_".join(words[i:]) for i in range(len(words) - 1))
    return " " + " ".join(sorted(found)) if found else ""


def search_key(phrase):
    """The key a typed phrase is a prefix of; "" when nothing is left."""
    words = _words(text.fold(phrase))
    if len(words) <= 1:
        return "".join(words)
    return "_" + "_".join(words)
