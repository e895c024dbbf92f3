"""错别字 (T105), found the way a proofreader finds them: a dictionary, what each syllable and
each character shape could have been, a list of the classic wrong forms, and the contexts that
tell two real words apart.

Four kinds, each with its own evidence:

* (a, d) a slip that leaves a non-word: the text cuts into orphan characters (布/署, 常/效) where
  swapping one character for a homophone (pinyin) or a look-alike (four-corner code) gives a
  common word of jieba's dictionary or of the domain, the swap explains every orphan around it,
  and a character bigram model (Pinyin2Hanzi's, an input method's) prefers it by a margin;
* (c) a classic wrong form of an idiom or set phrase (再接再励 style) from the curated list, or a
  four-character window one swap away from an idiom of the dictionary;
* (b) a real word that its context rules out (权利运行, 截至日期, 认真的开展): the patterns of
  rules/typos.toml and the 的/地/得 grammar.

Precision first. Names (a surname and one or two characters next to a title or between list
marks), places (before 镇、县、社区 …), known words (the formulations of rules/terms.toml, the
check-list wordings, rules/typos.toml ``known``, the lexicon), quoted coinages, numerals and
abbreviations are never flagged; a swap that leaves an orphan, or whose best rival is as good,
is not reported. Everything is built once and kept as a snapshot (checker/snapshot.py).

- data.py: the data and the bigram model, built once (a snapshot)
- protect.py: what is never flagged (names, places, known phrases, quoted coinages)
- find.py: each kind's finder
"""

from __future__ import annotations

from checker.typos.data import KINDS, Typo, TypoData, TyposError, typo_data
from checker.typos.find import find_typos

__all__ = ["KINDS", "Typo", "TypoData", "TyposError", "find_typos", "typo_data"]
