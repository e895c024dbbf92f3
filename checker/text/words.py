"""Words: a Chinese text cut into the words a reader sees (群众、理论学习、执行), with offsets.

One small shared utility over rjieba (the jieba-rs binding: jieba's dictionary of 349,000 words
with frequencies; a 6,000-字 report cut in 2 ms against jieba's 17 ms; bench/segment.py), with the
domain's own words added (the members of listed formulations, rules/terms.toml; the lexicon's
terms and words, rules/lexicon.toml) so that 两个维护, 理论武装 or 以学铸魂 come out as one word,
never as 两个/维护.

Loading rjieba's dictionary costs 0.11 s, more than the rest of a one-file check's data. So the
dictionary (dictionary/jieba.txt.xz: the very list rjieba embeds, with the domain's words added
as the full segmenter adds them) is built once per rules digest into the user's cache as a
memory-mapped trie with each word's count and tag, opened in a millisecond. The segmenter then
starts empty and is given, before each text, the dictionary words that text holds, its total
count kept at the whole dictionary's by one entry no text can contain: jieba's cut only ever
weighs words that occur in the text, so it cuts exactly as with the whole dictionary
(tests/test_words.py compares the two). A process that has looked up 100,000 characters this way
(a batch) loads the whole dictionary instead, once.

Segmentation uses the dictionary only (no HMM guessing of unknown words), so every word of two
or more characters it returns is a word of the dictionary or of the domain: what
:func:`is_word` says. Stock words (要、的、问题、工作 …: single characters, and
rules/lexicon.toml ``stop_phrases`` and ``stock_words``) are words, but never evidence of what two
items share: :func:`is_stock`.
"""

from __future__ import annotations

import os
import threading
from collections.abc import Callable
from dataclasses import dataclass
from functools import cache, partial
from typing import Any, NamedTuple

from checker.paths import data_dir


class Token(NamedTuple):
    """A word and its offsets (a tuple: a report has thousands, made faster than a dataclass's)."""

    word: str
    start: int
    end: int


_new_token = partial(tuple.__new__, Token)


@cache
def domain_words() -> frozenset[str]:
    """The domain's words: added to the segmenter's dictionary, and words by definition."""
    import tomllib

    rules = data_dir("rules")
    lexicon = tomllib.loads((rules / "lexicon.toml").read_text("utf-8"))
    terms = tomllib.loads((rules / "terms.toml").read_text("utf-8"))["terms"]
    found: set[str] = set(lexicon.get("domain_words", ()))
    found.update(t for g in lexicon.get("groups", ()) for t in g["terms"])
    for term in terms:
        found.update(m for m in term.get("members", ()) if len(m) <= MAX_DOMAIN_WORD)
        if len(term["canonical"]) <= MAX_DOMAIN_WORD:
            found.add(term["canonical"])
    return frozenset(w for w in found if len(w) >= 2 and all(_is_han(c) for c in w))


MAX_DOMAIN_WORD = 8  # longer members (坚持马克思列宁主义毛泽东思想) stay several words


@cache
def stock_words() -> frozenset[str]:
    dictionary = _dictionary()
    if dictionary is not None:
        return dictionary.stock  # kept with the dictionary, built from the same rules file
    return _stock_words()


def _stock_words() -> frozenset[str]:
    import tomllib

    raw = tomllib.loads((data_dir("rules") / "lexicon.toml").read_text("utf-8"))
    return frozenset((*raw.get("stop_phrases", ()), *raw.get("stock_words", ())))


def _is_han(c: str) -> bool:
    return "\u4e00" <= c <= "\u9fff" or "\u3400" <= c <= "\u4dbf"


def segment(text: str, parts: bool = False) -> list[Token]:
    """Every word of ``text`` in order with its offsets, punctuation and spaces included as
    tokens of their own (``words`` skips them). With ``parts``, a compound is followed by the
    dictionary words inside it (联系群众 → 联系, 群众, 联系群众: jieba's search mode), so that
    联系群众 and 服务群众 share 群众; tokens then overlap."""
    if not text:
        return []
    mode = "search" if parts else "default"
    segmenter = _segmenter()
    if segmenter.full is not None:
        cut = segmenter.full.tokenize(text, mode, False)
    else:
        with _LOCK:
            cut = segmenter.jieba_for(text).tokenize(text, mode, False)
    return list(map(_new_token, cut))


def cut(text: str) -> list[str]:
    """The words of :func:`segment`, without their offsets (each starts where the one before ends):
    a third of the cost, for a rule that cuts every paragraph and seldom needs an offset."""
    if not text:
        return []
    segmenter = _segmenter()
    if segmenter.full is not None:
        return segmenter.full.cut(text, False)  # type: ignore[no-any-return]
    with _LOCK:
        return segmenter.jieba_for(text).cut(text, False)  # type: ignore[no-any-return]


def words(text: str, parts: bool = False) -> list[Token]:
    """The words of two or more Han characters, with offsets: what can tell two items apart."""
    return [t for t in segment(text, parts) if len(t.word) >= 2 and all(_is_han(c) for c in t.word)]


def is_word(word: str) -> bool:
    """A word of the segmenter's dictionary or of the domain."""
    return bool(word) and bool(word_test()(word))


def word_test() -> Callable[[str], bool]:
    """``is_word`` as the dictionary's own test, for a loop that asks it of many words (a
    non-empty one each): the segmenter's dictionary may be loaded whole later, and holds the
    same words then."""
    segmenter = _segmenter()
    # The segmenter's dictionary holds every domain word: those it did not cut whole were added.
    if segmenter.full is not None:
        return segmenter.full.has_word  # type: ignore[no-any-return]
    assert segmenter.dictionary is not None  # no whole dictionary yet: a snapshot is in use
    return segmenter.dictionary.trie.__contains__  # type: ignore[no-any-return]


def is_stock(word: str) -> bool:
    """A word every item uses (的、要、问题、工作 …): never evidence for a link."""
    return len(word) < 2 or word in stock_words()


def frequency(word: str) -> int | None:
    """How often the dictionary has seen ``word`` (jieba's counts), or None for a word it does
    not hold whole. rjieba exposes no lookup; its suggested frequency for a word that the
    dictionary holds and cuts as itself is that word's count plus one."""
    if not word:
        return None
    segmenter = _segmenter()
    if segmenter.full is not None:
        return _count(segmenter.full, word)
    with _LOCK:
        if segmenter.full is None:
            # A rule asks for the words of texts it has cut: each is either no dictionary word
            # (None, whatever is loaded) or one given with its text, and so were the words inside
            # it. Neither needs the word looked up again letter by letter (jieba_for).
            assert segmenter.dictionary is not None
            if word not in segmenter.dictionary.trie:
                return None
            if word in segmenter.loaded:
                return _count(segmenter.partial, word)
        return _count(segmenter.jieba_for(word), word)


def _count(jieba: Any, word: str) -> int | None:
    if not jieba.has_word(word) or jieba.cut(word, False) != [word]:
        return None
    return int(jieba.suggest_freq(word)) - 1


def tag(text: str) -> list[tuple[str, str]]:
    """jieba's part-of-speech tag of each word of ``text`` (i: 成语, l: 习用语, ns: a place …)."""
    if not text:
        return []
    segmenter = _segmenter()
    if segmenter.full is not None:
        return [(w, t) for w, t in segmenter.full.tag(text, False)]
    with _LOCK:
        return [(w, t) for w, t in segmenter.jieba_for(text).tag(text, False)]


# One segmenter per process, shared by every rule. While it is given each text's words, calls are
# serialised (the words are given just before the text is cut); the whole dictionary, once
# loaded, changes no more.
_LOCK = threading.Lock()

FULL_AFTER = 100_000  # characters looked up word by word before the whole dictionary is loaded
# The entry that keeps the segmenter's total at the whole dictionary's: two private-use
# characters, which jieba never puts in a block of words and cuts one by one, so that no text
# ever cuts into it.
_FILLER = "\ue000\ue000"


@dataclass(slots=True)
class _Dictionary:
    """The segmenter's dictionary snapshot: a memory-mapped trie with each word's count and tag."""

    trie: Any  # marisa_trie.Trie over every word (jieba's and the domain's), memory-mapped
    counts: Any  # memoryview of uint32 (the machine's byte order): each word's count, by key id
    tags: Any  # memoryview of uint8: each word's tag, by key id, an index into tag_names
    tag_names: list[str]
    total: int  # the whole dictionary's total count, the domain's words added
    longest: int  # characters of the longest word
    added: list[tuple[str, int]]  # the domain's words the full segmenter is given, with their counts
    stock: frozenset[str]  # stock_words()


class _Segmenter:
    """rjieba given, text by text, the dictionary words each holds, until it is cheaper to load
    the whole dictionary."""

    def __init__(self, dictionary: _Dictionary | None) -> None:
        self.dictionary = dictionary
        self.full: Any = None
        self.partial: Any = None
        self.loaded: set[str] = set()
        self.sum = 0  # the counts of the words loaded
        self.looked = 0  # characters looked up
        if dictionary is None:
            self.full = _full_segmenter(None)
        else:
            self.partial = _rjieba().Jieba.empty()
            self.partial.add_word(_FILLER, dictionary.total, None)

    def jieba_for(self, text: str) -> Any:
        """An rjieba instance that cuts ``text`` as the whole dictionary does."""
        if self.full is not None:
            return self.full
        self.looked += len(text)
        if self.looked > FULL_AFTER:
            self.full = _full_segmenter(self.dictionary)
            self.partial = None
            self.loaded = set()
            return self.full
        dictionary = self.dictionary
        assert dictionary is not None
        prefixes, key, loaded = dictionary.trie.prefixes, dictionary.trie.key_id, self.loaded
        longest = dictionary.longest
        added = 0
        for start in range(len(text)):
            for word in prefixes(text[start : start + longest]):
                if word not in loaded:
                    loaded.add(word)
                    index = key(word)
                    count = dictionary.counts[index]
                    self.partial.add_word(word, count, dictionary.tag_names[dictionary.tags[index]])
                    added += count
        if added:
            self.sum += added
            self.partial.add_word(_FILLER, dictionary.total - self.sum, None)
        return self.partial


@cache
def _segmenter() -> _Segmenter:
    return _Segmenter(_dictionary())


def _full_segmenter(dictionary: _Dictionary | None) -> Any:
    """rjieba with its whole dictionary (0.11 s) and the domain's words."""
    jieba = _rjieba().Jieba()
    if dictionary is not None:
        for word, count in dictionary.added:
            jieba.add_word(word, count, None)
        return jieba
    for word in sorted(domain_words()):
        if jieba.cut(word, False) != [word]:
            jieba.add_word(word, None, None)  # the frequency that makes it one word
    return jieba


@cache
def _rjieba() -> Any:
    """rjieba's extension module, without the package's __init__ (which loads the whole
    dictionary into a module-level segmenter on import)."""
    import importlib.machinery
    import importlib.util
    import sys

    name = "rjieba.rjieba"
    if name in sys.modules:
        return sys.modules[name]
    spec = importlib.util.find_spec("rjieba")
    if spec is None or not spec.submodule_search_locations:
        raise ImportError("rjieba is not installed")
    folder = spec.submodule_search_locations[0]
    for entry in sorted(os.listdir(folder)):
        if entry.startswith("rjieba.") and entry.endswith((".so", ".pyd")):
            loader = importlib.machinery.ExtensionFileLoader(name, os.path.join(folder, entry))
            spec = importlib.util.spec_from_loader(name, loader)
            assert spec is not None
            module = importlib.util.module_from_spec(spec)
            loader.exec_module(module)
            sys.modules[name] = module  # `import rjieba` later reuses it
            return module
    import rjieba  # an unusual layout: the package's own way

    return rjieba


# The dictionary snapshot --------------------------------------------------------------------

_MAGIC = b"RLWORDS3"
# magic, total, longest, words, length of the tail (the added words, tag names and stock words,
# marshalled: this machine's own cache, read without importing json, 1 ms of a worker's start)
_HEADER = 8 + 8 + 4 + 4 + 4


@cache
def _dictionary() -> _Dictionary | None:
    """The prebuilt dictionary from the user's cache, built there first if need be; None when
    there is no usable cache (then the whole dictionary is loaded, as before)."""
    from checker.paths import user_cache_dir

    folder = user_cache_dir()
    if folder is None or os.environ.get("REPORTLINT_NO_SNAPSHOT"):
        return None
    try:
        import marisa_trie
    except ImportError:
        return None
    try:
        stem = folder / f"words-{_dictionary_key()}"
    except OSError:  # no dictionary file (a damaged install): the whole dictionary, as before
        return None
    for attempt in range(2):
        try:
            return _open_dictionary(marisa_trie, str(stem))
        except (OSError, ValueError, RuntimeError):  # marisa: RuntimeError for a missing or bad file
            if attempt:
                return None
        try:
            _write_dictionary(marisa_trie, folder, stem.name)
        except (OSError, ValueError):
            return None
    return None


def _dictionary_key() -> str:
    """What the snapshot is built from: reportlint's version, the rules files that give the
    domain's words (by their bytes), this module, the dictionary file and rjieba's build."""
    from checker import __version__
    from checker.digest import hasher

    digest = hasher(__version__.encode())
    for name in ("lexicon.toml", "terms.toml"):
        digest.update(name.encode() + b"\0" + (data_dir("rules") / name).read_bytes() + b"\0")
    for path in (os.path.abspath(__file__), str(data_dir("dictionary") / "jieba.txt.xz"), _rjieba().__file__):
        info = os.stat(path)
        digest.update(f"{os.path.basename(path)}:{info.st_size}:{info.st_mtime_ns}\0".encode())
    return digest.hexdigest()[:20]


def _open_dictionary(marisa_trie: Any, stem: str) -> _Dictionary:
    import marshal
    import mmap
    import sys

    trie = marisa_trie.Trie().mmap(stem + ".marisa")
    with open(stem + ".counts", "rb") as handle:
        data = mmap.mmap(handle.fileno(), 0, access=mmap.ACCESS_READ)
    view = memoryview(data)
    if bytes(view[:8]) != _MAGIC:
        raise ValueError("not a words snapshot")
    total = int.from_bytes(view[8:16], sys.byteorder)
    longest, size, tail = (int.from_bytes(view[i : i + 4], sys.byteorder) for i in (16, 20, 24))
    if size != len(trie) or len(view) != _HEADER + 5 * size + tail:
        raise ValueError("a words snapshot of another trie")
    counts = view[_HEADER : _HEADER + 4 * size].cast("I")
    tags = view[_HEADER + 4 * size : _HEADER + 5 * size]
    try:
        extra = marshal.loads(view[_HEADER + 5 * size :])
        added = [(str(word), int(count)) for word, count in extra["added"]]
        tag_names, stock = [str(t) for t in extra["tags"]], frozenset(str(w) for w in extra["stock"])
    except (EOFError, TypeError, KeyError) as exc:  # ValueError too: the caller rebuilds on either
        raise ValueError(f"a damaged words snapshot: {exc}") from exc
    return _Dictionary(trie, counts, tags, tag_names, total, longest, added, stock)


def _write_dictionary(marisa_trie: Any, folder: Any, name: str) -> None:
    """Build the snapshot: jieba's words with their counts and tags, and the domain's words
    added the way :func:`_full_segmenter` adds them (each with the count rjieba suggests,
    given the words added before it), so that the counts are the full segmenter's."""
    import lzma
    import marshal
    import sys
    from array import array

    with lzma.open(data_dir("dictionary") / "jieba.txt.xz", "rt", encoding="utf-8") as handle:
        entries: dict[str, tuple[int, str]] = {}
        for line in handle:
            word, written, tag_name = line.rstrip("\n").split(" ")
            entries[word] = (int(written), tag_name)
    full = _rjieba().Jieba()
    if not all(full.has_word(word) for word in entries):
        raise ValueError("dictionary/jieba.txt.xz is not rjieba's dictionary")
    total = sum(count for count, _ in entries.values())
    added = []
    for word in sorted(domain_words()):
        if full.cut(word, False) != [word]:
            count = int(full.add_word(word, None, None))
            old, tag_name = entries.get(word, (0, ""))
            total += count - old
            entries[word] = (count, tag_name)
            added.append((word, count))
    trie = marisa_trie.Trie(entries)
    tag_names = sorted({tag_name for _, tag_name in entries.values()})
    tag_index = {t: i for i, t in enumerate(tag_names)}
    counts = array("I", bytes(4 * len(trie)))
    tags = bytearray(len(trie))
    for word, (count, tag_name) in entries.items():
        counts[trie.key_id(word)] = count
        tags[trie.key_id(word)] = tag_index[tag_name]
    tail = marshal.dumps({"added": added, "tags": tag_names, "stock": sorted(_stock_words())})
    longest = max(len(word) for word in entries)
    order = sys.byteorder  # the cache is this machine's own
    header = (_MAGIC + total.to_bytes(8, order) + longest.to_bytes(4, order) + len(trie).to_bytes(4, order)
              + len(tail).to_bytes(4, order))  # fmt: skip
    from checker.paths import prune_snapshots

    prune_snapshots(folder, "words-", name[len("words-") :])  # earlier rules or code, other installs
    pid = os.getpid()
    trie.save(str(folder / f"{name}.marisa.{pid}.tmp"))
    with open(os.open(folder / f"{name}.counts.{pid}.tmp", os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600), "wb") as out:
        out.write(header + counts.tobytes() + bytes(tags) + tail)
    os.chmod(folder / f"{name}.marisa.{pid}.tmp", 0o600)
    os.replace(folder / f"{name}.marisa.{pid}.tmp", folder / f"{name}.marisa")
    os.replace(folder / f"{name}.counts.{pid}.tmp", folder / f"{name}.counts")
