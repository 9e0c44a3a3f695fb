"""Text normalization shared by every stage.

NFKC turns full-width digits and Latin letters into ASCII (２０２５ → 2025),
which janome needs to keep numbers whole, and half-width katakana into
full-width. Newlines are unified to "\n" so offsets do not depend on the
platform that wrote the file. The function is idempotent (a property test
holds it to that).
"""
from __future__ import annotations

import re
import unicodedata

_NEWLINES = re.compile(r"\r\n?|[\u2028\u2029\x85\x0b\x0c]")
# NFKC turns the full-width tilde (～) into "~" but leaves the wave dash (〜, U+301C)
# as written: surfaces then match the text as any NFKC reader of it holds it, and
# the date patterns read both as a range (2〜3週間, 2~3週間).
_CONTROL = re.compile(r"[\x00-\x08\x0e-\x1f\x7f\ufeff]")  # and BOMs anywhere (a zero-width no-break space)


def normalize_text(text: str) -> str:
    """NFKC, unified newlines, no BOM or control characters."""
    text = _NEWLINES.sub("\n", text)
    text = unicodedata.normalize("NFKC", text)
    text = _CONTROL.sub("", text)
    # NFKC can create sequences that normalize again differently in rare
    # cases; one more pass makes the function idempotent by construction.
    return unicodedata.normalize("NFKC", text)
