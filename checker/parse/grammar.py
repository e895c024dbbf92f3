"""The grammar: block tokens → the report tree (Lark LALR over grammar/report.lark).

The marker lexer (lexer.py) has already classified the paragraphs; the grammar gives them their
hierarchy. The tree is turned into the model by checker/model/build.py.
"""

from __future__ import annotations

from collections.abc import Iterator
from functools import cache
from typing import Any

from lark.lexer import Lexer

from checker.parse.lexer import Block
from checker.read.types import Paragraph


class BlockLexer(Lexer):
    """Hands the grammar the tokens that lex() already made (module level: Lark pickles it)."""

    def __init__(self, lexer_conf: Any) -> None:
        pass

    def lex(self, data: Any) -> Iterator[Any]:  # type: ignore[override]
        yield from data


@cache
def report_parser() -> Any:
    from lark import Lark

    from checker.paths import data_dir, user_cache_dir

    grammar = (data_dir("grammar") / "report.lark").read_text(encoding="utf-8")
    options: dict[str, Any] = {"parser": "lalr", "lexer": BlockLexer, "strict": True}
    # Lark pickles the analysed grammar; keep that file in the user's own cache folder (never a
    # shared /tmp, where another user could plant a pickle), named by the grammar's hash. It is
    # written under another name and renamed: a worker killed meanwhile leaves no half file.
    cache_dir = user_cache_dir()
    if cache_dir is not None:
        import hashlib
        import os

        import lark

        digest = hashlib.sha256(f"{lark.__version__}\0{grammar}".encode()).hexdigest()[:16]
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


def tokens(blocks: list[Block], paragraphs: tuple[Paragraph, ...]) -> list[Any]:
    from lark import Token

    tokens = []
    for index, block in enumerate(blocks):
        p = paragraphs[block.para]
        line, column = p.position(block.start)
        tokens.append(Token(block.kind, str(index), start_pos=index, line=line, column=column))
    return tokens



def parse_blocks(blocks: list[Block], paragraphs: tuple[Paragraph, ...]) -> Any:
    """The report tree of ``blocks`` (a Lark tree whose tokens index ``blocks``)."""
    return report_parser().parse(tokens(blocks, paragraphs))

