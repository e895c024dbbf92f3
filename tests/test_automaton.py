"""checker/text/automaton.py: the leftmost-longest matches of a word list, the text's last one
included (pyahocorasick's iter_long drops a match that ends the text while a longer word is
still possible there)."""

from __future__ import annotations

from checker.text.automaton import automaton, longest


def test_a_word_that_ends_the_text_is_found_while_a_longer_one_was_possible() -> None:
    words = automaton((w, w) for w in ("理论学习教育", "学习", "群众"))
    assert list(words.iter_long("加强理论学习")) == []  # the library's own: the 学习 at the end is lost
    assert list(longest(words, "加强理论学习")) == [(5, "学习")]
    assert list(longest(words, "加强理论学习教育，联系群众")) == [(7, "理论学习教育"), (12, "群众")]
    assert list(longest(words, "")) == []


def _ending_mid_word(words: list[str]) -> list[tuple[str, str]]:
    """(text, word) pairs where the text ends inside a longer word (a proper prefix of it, not a
    word itself) with ``word`` as its end: the case iter_long loses."""
    known = set(words)
    found = []
    for long_ in words:
        for cut in range(2, len(long_)):
            prefix = long_[:cut]
            if prefix in known:
                continue
            for short in words:
                if short != prefix and prefix.endswith(short):
                    found.append(("在" + prefix, short))
    return found


def test_the_lexicon_topics_and_the_substance_lists_see_a_term_that_ends_a_text() -> None:
    """The two users of leftmost-longest scans: align's lexicon terms of an item and the Q rules'
    list hits, each on texts that end inside a longer term with a shorter one."""
    from checker.align.lexicon import lexicon
    from checker.substance import resolve
    from checker.substance.scan import scan

    lex = lexicon()
    # (rules/lexicon.toml holds no such terms today: the loop guards the day it does)
    for text, short in _ending_mid_word(sorted(lex.term_groups))[:20]:
        assert (len(text) - 1, short) in list(longest(lex.terms, text)), (text, short)
    substance = resolve(())
    listed = {w for name, words in substance.terms.items() if name != "evidence_number" for w in words}  # units: apart
    cases = _ending_mid_word(sorted(listed))
    assert cases  # and so do the substance lists
    for text, short in cases[:20]:
        hits = scan(text, substance)
        assert any(term == short for spans in hits.spans.values() for *_, term in spans), (text, short)
