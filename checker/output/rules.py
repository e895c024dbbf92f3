"""A rule's documentation as `reportlint explain CODE` prints it: what it finds, why it matters,
how it decides, its message, a bad and a good example."""

from __future__ import annotations


def explain_text(code: str, lang: str) -> str:
    from checker.checks import RULES
    from checker.messages import MESSAGES

    r = RULES[code]
    zh = lang == "zh"
    parts = [
        f"{r.code} {r.name}  [{r.severity.value}]",
        "",
        r.summary[lang],
        "",
        ("为什么：" if zh else "Why: ") + r.why[lang],
        "",
        *((("检测：" if zh else "Detection: ") + r.detection[lang], "") if r.detection else ()),
        ("消息：" if zh else "Message: ") + MESSAGES.get(code, {}).get(lang, ""),
        "",
        "错误示例：" if zh else "Bad:",
        *("    " + line for line in r.bad.splitlines()),
        "",
        "正确示例：" if zh else "Good:",
        *("    " + line for line in r.good.splitlines()),
    ]
    return "\n".join(parts)

