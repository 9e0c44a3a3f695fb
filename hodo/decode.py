"""Raw bytes to text: encoding detection with a reason when it fails.

Japanese news arrives as UTF-8 (with or without BOM), UTF-16 with BOM,
CP932/Shift_JIS or EUC-JP. BOMs are decisive; strict UTF-8 is tried next
because it almost never decodes non-UTF-8 Japanese by accident; the rest is
charset-normalizer's call, restricted to Japanese encodings so that a CP932
file is not read as some Latin code page.
"""
from __future__ import annotations

from dataclasses import dataclass

_BOMS = (
    (b"\xef\xbb\xbf", "utf-8-sig"),
    (b"\xff\xfe", "utf-16"),
    (b"\xfe\xff", "utf-16"),
)
_JAPANESE = ("cp932", "euc_jp", "shift_jis", "iso2022_jp", "utf_16")


class DecodeError(ValueError):
    """The bytes are not text hodo can read; the message says what to do."""


@dataclass(frozen=True)
class Decoded:
    text: str
    encoding: str


def looks_binary(data: bytes) -> bool:
    """NUL bytes outside UTF-16 mean a binary file (image, archive, PDF...)."""
    sample = data[:8192]
    return b"\x00" in sample


def decode_bytes(data: bytes) -> Decoded:
    """Decode raw article bytes or raise DecodeError with an actionable reason."""
    if not data:
        raise DecodeError("empty file (0 bytes): remove it or write the article text into it")
    for bom, enc in _BOMS:
        if data.startswith(bom):
            try:
                return Decoded(data.decode(enc), "utf-16" if enc == "utf-16" else "utf-8-sig")
            except UnicodeDecodeError as exc:
                raise DecodeError(f"starts with a {enc} byte-order mark but does not decode as {enc} "
                                  f"(byte {exc.start}): re-save the file as UTF-8") from exc
    if looks_binary(data):
        raise DecodeError("binary content (NUL bytes), not text: only plain-text articles belong "
                          "in the landing directory")
    try:
        return Decoded(data.decode("utf-8"), "utf-8")
    except UnicodeDecodeError as exc:
        if exc.reason == "unexpected end of data" and len(data) - exc.start < 4 and not data[: exc.start].isascii():
            # UTF-8 (proven by the multi-byte characters before) cut inside its last character:
            # a truncated download, a file still being written. The text is good up to there;
            # U+FFFD marks the cut.
            return Decoded(data[: exc.start].decode("utf-8") + "\ufffd", "utf-8")
    from charset_normalizer import from_bytes

    best = from_bytes(data, cp_isolation=list(_JAPANESE)).best()
    if best is not None:
        return Decoded(str(best), best.encoding)
    for enc in ("cp932", "euc_jp"):  # a clean strict decode is still good evidence
        try:
            return Decoded(data.decode(enc), enc)
        except UnicodeDecodeError:
            continue
    raise DecodeError("undecodable bytes: not UTF-8, UTF-16, CP932/Shift_JIS or EUC-JP; "
                      "re-save the file as UTF-8")
