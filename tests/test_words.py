"""checker/text/words.py: words with offsets from the segmenter, the domain's words whole,
dictionary look-ups, stock words."""

from __future__ import annotations

import stat
from pathlib import Path
from typing import Any

import pytest

from checker import paths
from checker.text import words as module
from checker.text.words import cut, domain_words, frequency, is_stock, is_word, segment, words


def test_tokens_cover_the_text_in_order_with_their_offsets() -> None:
    text = "我在理论学习上存在差距，联系群众不够紧密。Word 2024"
    tokens = segment(text)
    assert "".join(t.word for t in tokens) == text
    assert all(text[t.start : t.end] == t.word for t in tokens)
    assert [t.start for t in tokens] == sorted(t.start for t in tokens)


def test_cut_gives_the_words_of_segment_without_offsets() -> None:
    for text in _texts():
        assert cut(text) == [t.word for t in segment(text)], text
    assert cut("") == []


def test_words_are_han_words_of_two_characters_or_more() -> None:
    found = [t.word for t in words("我要加强理论学习，1.每月走访群众")]
    assert "理论学习" in found or {"理论", "学习"} <= set(found)
    assert "群众" in found
    assert all(len(w) >= 2 for w in found)
    assert "要" not in found and "1" not in found


def test_the_domains_words_come_out_whole() -> None:
    # jieba's own dictionary cuts these in two (两个/维护, 以/学/铸/魂)
    for word in ("两个维护", "以学铸魂", "宗旨意识", "担当作为"):
        assert word in domain_words()
        assert [t.word for t in segment(f"我们要{word}。")][2] == word


def test_is_word_knows_the_dictionary_and_the_domain_and_nothing_else() -> None:
    assert is_word("群众") and is_word("执行") and is_word("两个确立")
    for fragment in ("而在", "多都", "是完", "不多、"):
        assert not is_word(fragment)


def test_frequency_is_the_dictionarys_count_for_a_word_it_holds() -> None:
    common, rare = frequency("问题"), frequency("学懂")
    assert common is not None and common > 10_000
    assert rare is None or rare < common
    assert frequency("而在") is None


def test_stock_words_are_never_evidence() -> None:
    for word in ("要", "的", "问题", "工作", "不够"):
        assert is_stock(word)
    for word in ("群众", "纪律", "理论学习"):
        assert not is_stock(word)


# The segmenter given only the words each text holds (a one-file check) against rjieba's whole
# dictionary with the domain's words added the way words.py always added them.


def _texts() -> list[str]:
    examples = Path(__file__).resolve().parent.parent / "examples"
    lines = [line for path in sorted(examples.glob("*.txt")) for line in path.read_text("utf-8").splitlines()]
    mixed = "Word 2024版，第3.5节：C++与AT&T的B超检查；两个维护、以学铸魂　学思践悟，急难愁盼。"
    return [line for line in lines if line.strip()] + [mixed, mixed * 3, "。", "a", "１２３　ＡＢＣ"]


def _partial() -> module._Segmenter:
    segmenter = module._Segmenter(module._dictionary())
    if segmenter.partial is None:
        pytest.skip("no user cache: the whole dictionary is loaded")
    return segmenter


def test_the_segmenter_given_each_texts_words_cuts_as_the_whole_dictionary() -> None:
    segmenter = _partial()
    whole: Any = module._full_segmenter(None)
    for text in _texts():
        for mode in ("default", "search"):
            assert segmenter.jieba_for(text).tokenize(text, mode, False) == whole.tokenize(text, mode, False), text
    assert segmenter.full is None  # still word by word: these texts are short
    for word in ("问题", "学懂", "而在", "两个维护", "理论学习", "布署", "部署", "标本兼治", "北京", "急难愁盼"):
        jieba = segmenter.jieba_for(word)
        assert jieba.tag(word, False) == whole.tag(word, False)
        assert jieba.suggest_freq(word) == whole.suggest_freq(word)
        assert jieba.has_word(word) == whole.has_word(word)


def test_a_process_that_has_looked_up_many_characters_loads_the_whole_dictionary() -> None:
    segmenter = _partial()
    text = "我在理论学习上存在差距，联系群众不够紧密。" * 40
    for _ in range(module.FULL_AFTER // len(text) + 1):
        cut = segmenter.jieba_for(text).tokenize(text, "default", False)
    assert segmenter.full is not None and segmenter.partial is None
    whole: Any = module._full_segmenter(None)
    assert cut == whole.tokenize(text, "default", False)


def test_the_dictionary_snapshot_is_private_and_rebuilt_when_damaged(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    monkeypatch.delenv("REPORTLINT_NO_SNAPSHOT", raising=False)
    paths.user_cache_dir.cache_clear()
    module._dictionary.cache_clear()
    other = [tmp_path / "reportlint" / ("words-" + "e" * 20 + suffix) for suffix in (".counts", ".marisa")]
    other[0].parent.mkdir(parents=True)
    for path in other:  # another install's build (a pre-commit environment): kept
        path.write_bytes(b"x")
    try:
        built = module._dictionary()
        assert built is not None
        assert all(path.exists() for path in other)
        for path in other:
            path.unlink()
        files = sorted((tmp_path / "reportlint").glob("words-*"))
        assert [f.suffix for f in files] == [".counts", ".marisa"]
        assert all(stat.S_IMODE(f.stat().st_mode) == 0o600 for f in files)
        files[0].write_bytes(b"damaged")
        module._dictionary.cache_clear()
        again = module._dictionary()
        assert again is not None and again.total == built.total and again.added == built.added
        assert again.stock == module._stock_words()  # the stock words kept with it, from lexicon.toml
        assert files[0].stat().st_size > 1000
        monkeypatch.setenv("REPORTLINT_NO_SNAPSHOT", "1")
        module._dictionary.cache_clear()
        assert module._dictionary() is None
        assert module._Segmenter(None).full is not None  # no snapshot: the whole dictionary, as before
    finally:
        paths.user_cache_dir.cache_clear()
        module._dictionary.cache_clear()
