"""checker/text/words.py: words with offsets from the segmenter, the domain's words whole,
dictionary look-ups, stock words."""

from __future__ import annotations

from checker.text.words import domain_words, frequency, is_stock, is_word, segment, words


def test_tokens_cover_the_text_in_order_with_their_offsets() -> None:
    text = "我在理论学习上存在差距，联系群众不够紧密。Word 2024"
    tokens = segment(text)
    assert "".join(t.word for t in tokens) == text
    assert all(text[t.start : t.end] == t.word for t in tokens)
    assert [t.start for t in tokens] == sorted(t.start for t in tokens)


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
