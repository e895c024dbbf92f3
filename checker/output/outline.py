"""`reportlint outline`: the parsed report as a rich tree."""

from __future__ import annotations

from typing import TYPE_CHECKING

from checker.model import Item, Report

if TYPE_CHECKING:
    from checker.align.correspondence import Correspondence

ROLE_NAMES = {
    "zh": {"problems": "问题", "causes": "原因", "measures": "措施", "achievements": "成效", "other": "其他"},
    "en": {
        "problems": "problems",
        "causes": "causes",
        "measures": "measures",
        "achievements": "achievements",
        "other": "other",
    },
}


def render_outline(report: Report, links: Correspondence | None, lang: str) -> None:
    from rich.console import Console
    from rich.markup import escape
    from rich.tree import Tree

    names = ROLE_NAMES.get(lang, ROLE_NAMES["zh"])
    root = Tree(f"[bold]{escape(report.title or ('（无标题）' if lang == 'zh' else '(no title)'))}[/bold]")

    def add(node: Tree, item: Item) -> None:
        auto = " ⚙" if item.from_label else ""
        branch = node.add(
            f"[cyan]{escape(item.marker.text)}[/cyan]{escape(item.heading)} [dim]L{item.line}{auto}[/dim]"
        )
        for child in item.children:
            add(branch, child)

    for item in report.front_items:
        add(root, item)
    for section in report.sections:
        marker = section.marker.text if section.marker else ""
        node = root.add(
            f"[bold]{escape(marker)}{escape(section.title)}[/bold] "
            f"[magenta]({names.get(section.role, section.role)})[/magenta] [dim]L{section.line}[/dim]"
        )
        for item in section.items:
            add(node, item)
    if links is not None and links.problems:
        words = {"zh": ("对应关系", "原因", "措施", "无"), "en": ("links", "causes", "measures", "none")}
        title, causes, measures, none = words.get(lang, words["zh"])
        node = root.add(f"[bold]{title}[/bold]")
        for link, unit in zip(links.links, links.problems, strict=True):
            parts = []
            if links.expects_causes:
                parts.append(f"{causes} {', '.join(map(str, link.causes)) or '[red]' + none + '[/red]'}")
            if links.expects_measures:
                parts.append(f"{measures} {', '.join(map(str, link.measures)) or '[red]' + none + '[/red]'}")
            node.add(
                f"{link.problem}. {escape(unit.item.short_heading)} → "
                + "；".join(parts)
                + f" [dim]{link.score:.2f}[/dim]"
            )
    for back in report.back:
        root.add(f"[dim]{back.kind.lower()}: {escape(back.text)} L{back.line}[/dim]")
    Console().print(root)
