"""The grammar: block tokens → the report tree (Lark LALR over grammar/report.lark).

The marker lexer (lexer.py) has already classified the paragraphs; the grammar gives them their
hierarchy. The tree is turned into the model by checker/model/build.py.
"""

from __future__ import annotations

import sys
from functools import cache
from typing import Any

from checker.parse.lexer import Block
from checker.read.types import Paragraph


@cache
def report_parser() -> Any:
    """The LALR parser of grammar/report.lark: Lark's stand-alone parser generated from it
    (checker/parse/generate.py), or, when the grammar has changed since, one Lark builds."""
    from checker.paths import data_dir

    grammar = (data_dir("grammar") / "report.lark").read_text(encoding="utf-8")
    try:
        from checker.parse import lalr_standalone
    except ImportError:  # a broken install: Lark itself still parses
        return lark_parser()
    if grammar != lalr_standalone.GRAMMAR:
        return lark_parser()
    return lalr_standalone.Lark_StandAlone()


@cache
def lark_parser() -> Any:
    from lark import Lark

    from checker.paths import data_dir, user_cache_dir

    grammar = (data_dir("grammar") / "report.lark").read_text(encoding="utf-8")
    # The lexer is never used: parse_blocks feeds the marker lexer's tokens to the parser.
    options: dict[str, Any] = {"parser": "lalr", "lexer": "basic"}
    # Lark pickles the analysed grammar; keep that file in the user's own cache folder (never a
    # shared /tmp, where another user could plant a pickle), named by the grammar's hash. It is
    # written under another name and renamed: a worker killed meanwhile leaves no half file.
    cache_dir = user_cache_dir()
    if cache_dir is not None:
        import hashlib
        import os

        import lark

        digest = hashlib.sha256(f"{lark.__version__}\0basic\0{grammar}".encode()).hexdigest()[:16]
        cached = cache_dir / f"grammar-{digest}.lark"
        try:
            if cached.exists():
                return Lark(grammar, cache=str(cached), **options)
            temporary = cached.with_name(f"{cached.name}.{os.getpid()}.tmp")
            parser = Lark(grammar, cache=str(temporary), **options)
            os.replace(temporary, cached)
            return parser
        except OSError:
            pass
    return Lark(grammar, **options)


def tokens(blocks: list[Block], paragraphs: tuple[Paragraph, ...], token: Any) -> list[Any]:
    """A token of the ``token`` class for each block (the parser's own: Lark's or the stand-alone's)."""
    tokens = []
    for index, block in enumerate(blocks):
        p = paragraphs[block.para]
        line, column = p.position(block.start)
        tokens.append(token(block.kind, str(index), start_pos=index, line=line, column=column))
    return tokens



def parse_blocks(blocks: list[Block], paragraphs: tuple[Paragraph, ...]) -> Any:
    """The report tree of ``blocks`` (a Lark tree whose tokens index ``blocks``)."""
    parser = report_parser()
    # The blocks are the tokens: they are fed to the parser one by one, past its lexer.
    interactive = parser.parse_interactive("")
    for each in tokens(blocks, paragraphs, _token_class(parser)):
        interactive.feed_token(each)
    return interactive.feed_eof()


def _token_class(parser: Any) -> Any:
    """The parser's own Token class: the stand-alone module defines one, Lark has its own."""
    module = type(parser).__module__
    if module.endswith("lalr_standalone"):
        return sys.modules[module].Token
    from lark import Token

    return Token

