"""janome's own segmentation, computed without janome's per-node overhead.

janome is pure Python, and most of its time is not the Viterbi search itself
but the machinery around it: a finite-state-transducer walk in Python for each
character position, one ``Node`` object per candidate, a method call per
connection cost. This module runs the same search over the same data —
janome's system dictionary (IPADIC), its connection-cost matrix, its
character categories and unknown-word rules, its user dictionary, its chunking
of long texts and its tie-breaking — with a plain dict for the dictionary and
tuples for lattice nodes. The tokens are janome's, token for token
(tests/test_lattice.py compares them with ``janome.tokenizer.Tokenizer`` on
the corpora and on random text); only the time differs (about 3-4x less).

The dictionary index (every surface and every prefix of a surface) takes
janome ~1.5 s to enumerate, so it is built once per janome version and kept
as a marshal file in hodo's cache directory (``HODO_CACHE_DIR``, else
``$XDG_CACHE_HOME/hodo`` or ``~/.cache/hodo``); a missing, stale or unreadable
file is rebuilt, an unwritable directory only costs the rebuild.

It reads janome internals (``MMapDictionary.entries_compact`` and
``_find_entry``, ``UserDictionary.entries``); :func:`load` returns None when
they are not there, and hodo then uses janome's own ``tokenize``. It does not
build a janome ``Tokenizer``: that would load janome's FST (30 MB per process)
which the dict replaces.
"""
from __future__ import annotations

import itertools
from array import array
import marshal
import os
import struct
import tempfile
from pathlib import Path
from typing import Iterable

#: janome's constants (janome.tokenizer.Tokenizer / janome.lattice).
_INF = 2147483647
_MAX_CHUNK_SIZE = 1024
_CHUNK_SIZE = 500
_MAX_LOOKUP = 50
_MAX_UNKNOWN_LENGTH = 1024
_PUNCT = frozenset("、。,.？?！!")

#: Bump when the index layout changes; part of the cache file's name.
_INDEX_FORMAT = 2
#: One dictionary entry in the index: entry number, left id, right id, cost (12 bytes,
#: not a 5-object tuple: the index is shared by every worker and this halves it).
_ENTRY = struct.Struct("<IHHi")
_entries_of = _ENTRY.iter_unpack

#: A token as hodo.tokenize wants it: (surface, base_form, reading, part_of_speech).
TokenTuple = tuple[str, str, str, str]


def cache_dir() -> Path:
    explicit = os.environ.get("HODO_CACHE_DIR")
    if explicit:
        return Path(explicit)
    xdg = os.environ.get("XDG_CACHE_HOME")
    return (Path(xdg) if xdg else Path.home() / ".cache") / "hodo"


def _index_entries(pairs: Iterable[tuple[int, tuple[str, int, int, int]]]) -> dict[str, bytes]:
    """surface -> its entries packed (_ENTRY each); every proper prefix of a surface -> b"".

    One dict answers both questions of the lookup loop: which words end here,
    and can a longer word still match.
    """
    grouped: dict[str, list[bytes]] = {}
    for num, (surface, left, right, cost) in pairs:
        grouped.setdefault(surface, []).append(_ENTRY.pack(num, left, right, cost))
    index: dict[str, bytes] = {k: b"".join(v) for k, v in grouped.items()}
    for surface in grouped:
        for j in range(1, len(surface)):
            index.setdefault(surface[:j], b"")
    return index


def _system_pairs(sys_dic) -> Iterable[tuple[int, tuple[str, int, int, int]]]:
    find_entry = type(sys_dic)._find_entry.__wrapped__  # bypass its small LRU cache
    for lo, hi in sys_dic.entries_compact.keys():
        for num in range(lo, hi):
            yield num, find_entry(sys_dic, num)


def _index_path(sys_dic) -> Path:
    import janome

    size = max(hi for _, hi in sys_dic.entries_compact.keys())
    version = getattr(janome, "__version__", "unknown")
    layout = _ENTRY.format.strip("<")
    return cache_dir() / f"janome-{version}-{size}-index-v{_INDEX_FORMAT}-{layout}.marshal"


def system_index(sys_dic) -> dict[str, bytes]:
    """The system dictionary's index, from the cache file or built (and cached)."""
    path = _index_path(sys_dic)
    try:
        index = marshal.loads(path.read_bytes())
        if isinstance(index, dict) and index and all(
                isinstance(v, bytes) and len(v) % _ENTRY.size == 0 for v in itertools.islice(index.values(), 1000)):
            return index
    except (OSError, ValueError, EOFError, TypeError):
        pass
    index = _index_entries(_system_pairs(sys_dic))
    tmp = None
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=path.name, suffix=".tmp")
        with os.fdopen(fd, "wb") as fh:
            fh.write(marshal.dumps(index))
        os.replace(tmp, path)
        tmp = None
        for stale in path.parent.glob("janome-*-index-*.marshal"):
            if stale != path:  # an index of another janome or layout
                stale.unlink(missing_ok=True)
    except OSError:
        pass  # a read-only home or a full disk: the index is simply rebuilt next time
    finally:
        if tmp is not None:
            Path(tmp).unlink(missing_ok=True)
    return index


class LatticeTokenizer:
    """``janome.tokenizer.Tokenizer.tokenize`` as (surface, base, reading, pos) tuples, faster."""

    def __init__(self, sys_dic, user_dic=None) -> None:
        self._sys_dic = sys_dic
        self._user_dic = user_dic
        # the connection costs as machine ints: janome's lists of int objects would be copied
        # page by page into every worker that reads them (reference counts are writes)
        self._conn = [array("i", row) for row in sys_dic.connections]
        self._index = system_index(sys_dic)
        self._user_index = (_index_entries((num, e[:4]) for num, e in user_dic.entries.items())
                            if user_dic is not None else {})
        self._chars: dict[str, tuple[list, frozenset]] = {}
        self._extra: dict[int, tuple[str, str, str]] = {}
        self._user_extra: dict[int, tuple[str, str, str]] = {}

    def __call__(self, text: str) -> list[TokenTuple]:
        text = text.strip()
        out: list[TokenTuple] = []
        processed, n = 0, len(text)
        while processed < n:
            processed += self._chunk(text[processed:] if processed else text, out)
        return out

    def _char(self, c: str) -> tuple[list, frozenset]:
        """Unknown-word rules for words starting with ``c``, and the categories ``c`` joins."""
        got = self._chars.get(c)
        if got is None:
            sd = self._sys_dic
            cates = sd.get_char_categories(c)
            rules = [(cate, sd.unknown_invoked_always(cate),
                      _MAX_UNKNOWN_LENGTH if sd.unknown_grouping(cate) else sd.unknown_length(cate),
                      sd.unknowns.get(cate))
                     for cate in cates]
            member = set(cates)
            for compat in cates.values():
                member.update(compat)
            got = self._chars[c] = (rules, frozenset(member))
        return got

    def _chunk(self, text: str, out: list[TokenTuple]) -> int:
        """Tokens of the first chunk of ``text`` (janome's split rules) into ``out``; its length.

        A node is (min_cost, right_id, num, back_node, surface, tag): ``num`` is the
        dictionary entry's number (None for BOS and unknown words, which janome's
        tie-break treats apart), ``tag`` is 0/1 for system/user dictionary entries
        and the part of speech for unknown words.
        """
        n = len(text)
        chunk = n if n < _MAX_CHUNK_SIZE else _MAX_CHUNK_SIZE
        conn, index, user_index, char = self._conn, self._index, self._user_index, self._char
        ends: list[list[tuple]] = [[] for _ in range(chunk + 2)]
        ends[1].append((0, 0, None, None, None, None))  # BOS
        p, pos = 1, 0
        while not (pos >= n or pos >= _MAX_CHUNK_SIZE or (pos >= _CHUNK_SIZE and (
                text[pos - 1] in _PUNCT or text.endswith("\n\n", 0, pos) or text.endswith("\r\n\r\n", 0, pos)))):
            limit = min(_MAX_LOOKUP, chunk - pos)
            new: list[tuple] = []
            if user_index:
                _lookup(user_index, text, pos, limit, 1, new)
            matched = _lookup(index, text, pos, limit, 0, new)
            for cate, always, length, unknowns in char(text[pos])[0]:
                if matched and not always:
                    continue
                end, stop = pos + 1, min(chunk, pos + length + 1)
                while end < stop and cate in char(text[end])[1]:
                    end += 1
                word = text[pos:end]
                for left, right, cost, tag in unknowns:
                    new.append((word, left, right, cost, None, tag))
            prev = ends[p]
            best_for: dict[int, tuple] = {}
            for word, left, right, cost, num, tag in new:
                got = best_for.get(left)
                if got is None:
                    got = best_for[left] = _best(prev, conn, left, _INF - cost)
                ends[p + len(word)].append((got[0] + cost, right, num, got[1], word, tag))
            p += 1
            while not ends[p]:
                p += 1
            pos = p - 1
        _, node = _best(ends[p], conn, 0, _INF)  # EOS
        path = []
        while node[3] is not None:
            path.append(node)
            node = node[3]
        for node in reversed(path):
            out.append(self._token(node))
        return pos

    def _token(self, node: tuple) -> TokenTuple:
        word, num, tag = node[4], node[2], node[5]
        if num is None:  # unknown word: janome's baseform_unk=True, no reading
            return word, word, "*", tag
        cache, dic = (self._extra, self._sys_dic) if tag == 0 else (self._user_extra, self._user_dic)
        got = cache.get(num)
        if got is None:
            pos_, _, _, base, reading, _ = dic.lookup_extra(num)
            got = cache[num] = (base, reading, pos_)
        return word, got[0], got[1], got[2]


def _lookup(index: dict, text: str, pos: int, limit: int, tag: int, new: list) -> bool:
    """Append the dictionary words starting at ``pos`` (at most ``limit`` long); any found?"""
    found = False
    for end in range(pos + 1, pos + limit + 1):
        word = text[pos:end]
        entries = index.get(word)
        if entries is None:
            break
        if entries:
            found = True
            for num, left, right, cost in _entries_of(entries):
                new.append((word, left, right, cost, num, tag))
    return found


def _best(prev: list, conn, left: int, bound: int) -> tuple[int, tuple | None]:
    """janome's Lattice.add choice: the cheapest node ending here, ties to the first,
    except that among dictionary words a tie goes to the lower entry number."""
    best = None
    for e in prev:
        cost = e[0] + conn[e[1]][left]
        if cost < bound:
            bound, best = cost, e
        elif cost == bound and e[2] is not None and best is not None and best[2] is not None and e[2] < best[2]:
            best = e
    return bound, best


def load(user_dict: str | None = None) -> LatticeTokenizer | None:
    """hodo's tokenizer over janome's system dictionary and ``user_dict`` (an IPADIC-format
    CSV, as janome's ``Tokenizer(udic=...)``), or None if this janome is not the one it knows."""
    try:
        from janome.dic import UserDictionary
        from janome.system_dic import MMapSystemDictionary
    except ImportError:
        return None
    sys_dic = MMapSystemDictionary.instance()
    find_entry = getattr(type(sys_dic), "_find_entry", None)
    if getattr(sys_dic, "entries_compact", None) is None or not hasattr(find_entry, "__wrapped__") \
            or not hasattr(sys_dic, "connections"):
        return None
    user_dic = UserDictionary(user_dict, "utf8", "ipadic", sys_dic.connections) if user_dict else None
    if user_dic is not None and not isinstance(getattr(user_dic, "entries", None), dict):
        return None
    return LatticeTokenizer(sys_dic, user_dic)
