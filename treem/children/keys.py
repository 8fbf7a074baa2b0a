"""Derived columns kept in step with the name parts by the services."""

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
