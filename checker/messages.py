"""The message catalogue: one entry per code, Chinese first, English second.

Checks yield a code and arguments; the output stage renders them here in the chosen language,
so no message text is scattered through the checks.
"""

from __future__ import annotations

from functools import cache
from typing import Any

MESSAGES: dict[str, dict[str, str]] = {
    # -- input ---------------------------------------------------------------------------
    "E001": {"zh": "无法打开文件：{detail}", "en": "cannot open the file: {detail}"},
    "E002": {
        "zh": "损坏的压缩包，不是完整的 .docx 文件（{detail}）",
        "en": "corrupt zip archive, not a complete .docx ({detail})",
    },
    "E003": {
        "zh": "旧版 .doc 格式无法读取，请在 Word 或 WPS 中另存为 .docx",
        "en": "legacy .doc format: save it as .docx in Word or WPS",
    },
    "E004": {
        "zh": "加密文档无法读取，请取消密码保护后再检查",
        "en": "encrypted document: remove the password, then check it",
    },
    "E005": {"zh": "不是 Word 文档（{detail}）", "en": "not a Word document ({detail})"},
    "E006": {
        "zh": "文件过大或压缩比异常，已拒绝读取（{detail}）",
        "en": "file too large or suspiciously compressed, refused ({detail})",
    },
    "E007": {
        "zh": "无法识别文本编码（{detail}），请另存为 UTF-8",
        "en": "unknown text encoding ({detail}); save as UTF-8",
    },
    "E008": {"zh": "这是二进制文件，不是文本报告", "en": "binary file, not a text report"},
    "E009": {"zh": "文件是空的", "en": "the file is empty"},
    "E010": {"zh": "不支持的文件类型：{detail}", "en": "unsupported file type: {detail}"},
    "E012": {
        "zh": "文档含有不安全的 XML 声明（DTD 或实体），已拒绝读取（{detail}）",
        "en": "unsafe XML (a DTD or entity declaration) refused ({detail})",
    },
    "E013": {
        "zh": "检查超时（超过 {detail} 秒），已跳过此文件",
        "en": "check timed out (over {detail} s); file skipped",
    },
    "E014": {
        "zh": "检查此文件所需内存超过上限（{detail} MB），已跳过此文件",
        "en": "checking the file needed more memory than the limit ({detail} MB); file skipped",
    },
    "E015": {"zh": "压缩包无法读取：{detail}", "en": "cannot read the zip archive: {detail}"},
    "E011": {
        "zh": "内部错误，已跳过此文件（{detail}），请用 --debug 查看并反馈",
        "en": "internal error, file skipped ({detail}); rerun with --debug and report it",
    },
    # -- structure -----------------------------------------------------------------------
    "S100": {
        "zh": "无法解析报告结构：{detail}",
        "en": "the report's structure could not be parsed: {detail}",
    },
    "S101": {
        "zh": "缺少“{section}”部分，应在{where}",
        "en": "missing section “{section}”, expected {where_en}",
    },
    "S102": {
        "zh": "“{title}”位置不对：应在“{after}”之后",
        "en": "“{title}” is out of order: it belongs after “{after}”",
    },
    "S103": {
        "zh": "“{title}”与第 {first_line} 行的“{first}”重复，同属“{section}”",
        "en": "“{title}” repeats “{first}” (line {first_line}): both are “{section_en}”",
    },
    "S104": {"zh": "“{title}”下没有内容", "en": "nothing under “{title}”"},
    "S105": {
        "zh": "无法识别“{title}”属于模板“{template}”的哪一部分",
        "en": "“{title}” matches no section of template “{template}”",
    },
    "S106": {"zh": "缺少标题", "en": "the report has no title"},
    "S109": {
        "zh": "未能判断这是哪种报告（{closest}），只检查了语言和版式规范；如是报告，{choose}",
        "en": "not a known kind of report ({closest_en}); only the language and layout rules ran: {choose_en}",
    },
    "S107": {"zh": "缺少模板要求的表述“{phrase}”", "en": "the required phrase “{phrase}” is missing"},
    "S108": {"zh": "出现了模板禁止的表述“{phrase}”", "en": "the forbidden phrase “{phrase}” appears"},
    # -- copying -------------------------------------------------------------------------
    "D101": {
        "zh": "此段与 {other}:{other_line} 雷同（相似度 {similarity}%，两份报告相同内容约占 {share}%）",
        "en": "this paragraph matches {other}:{other_line} ({similarity}% alike; the two reports share about {share}%)",
    },
    # -- numbering -----------------------------------------------------------------------
    "N101": {
        "zh": "编号不连续：“{prev}”之后应为“{expected}”，实为“{found}”",
        "en": "numbering gap: after “{prev}” comes “{expected}”, found “{found}”",
    },
    "N102": {
        "zh": "编号重复：“{found}”与上一项相同，应为“{expected}”",
        "en": "duplicate number: “{found}” repeats the previous item; expected “{expected}”",
    },
    "N103": {
        "zh": "编号未从头开始：第一项为“{found}”，应为“{expected}”",
        "en": "numbering does not start at one: first item is “{found}”, expected “{expected}”",
    },
    "N104": {
        "zh": "同一层级混用编号方式：“{found}”与“{first}”不一致",
        "en": "mixed numbering styles in one list: “{found}” next to “{first}”",
    },
    "N105": {
        "zh": "序号标点不规范：“{found}”应为“{expected}”",
        "en": "numbering punctuation: “{found}” should be “{expected}”",
    },
    "N106": {
        "zh": "层级次序不当：“{found}”（第{level}层）不应位于“{parent}”（第{parent_level}层）之下",
        "en": "level order: “{found}” (level {level}) should not sit under “{parent}” (level {parent_level})",
    },
    # -- counts --------------------------------------------------------------------------
    "C101": {
        "zh": "“{title}”只有 {count} 项，至少应有 {minimum} 项",
        "en": "“{title}” has {count} items; at least {minimum} expected",
    },
    "C102": {
        "zh": "“{title}”有 {count} 项，最多 {maximum} 项",
        "en": "“{title}” has {count} items; at most {maximum} allowed",
    },
    "C103": {
        "zh": "问题、原因、措施数目不对应：问题 {problems} 项，原因 {causes} 项，措施 {measures} 项",
        "en": "problems, causes and measures do not match one to one: {problems} / {causes} / {measures}",
    },
    # -- correspondence --------------------------------------------------------------------
    "C201": {"zh": "问题“{heading}”没有对应的原因", "en": "no cause explains the problem “{heading}”"},
    "C202": {"zh": "问题“{heading}”没有对应的整改措施", "en": "no measure answers the problem “{heading}”"},
    "C203": {"zh": "原因“{heading}”没有对应任何问题", "en": "the cause “{heading}” explains no problem"},
    "C204": {"zh": "措施“{heading}”没有对应任何问题", "en": "the measure “{heading}” answers no problem"},
    "C205": {
        "zh": "问题“{heading}”与第 {target} 条{kind}的对应较弱（置信度 {score}）",
        "en": "weak link from “{heading}” to {kind_en} {target} (confidence {score})",
    },
    "C207": {
        "zh": "问题“{heading}”与{kind}的对应关系不明确（最接近第 {target} 条，相似度 {score}）",
        "en": "unclear which {kind_en} answers “{heading}” (closest: {kind_en} {target}, score {score})",
    },
    "C206": {
        "zh": "第 {index} 个问题对应的{kind}是第 {found} 条，顺序不一致",
        "en": "problem {index} is answered by {kind_en} {found}, out of order",
    },
    # -- substance ---------------------------------------------------------------------------
    "Q101": {
        "zh": "问题“{heading}”缺少本人的具体事例（事件、时间、数字或文件），只有{stock}",
        "en": "the problem “{heading}” gives no concrete instance of the writer's conduct (event, date, figure or document), only {stock_en}",
    },
    "Q102": {
        "zh": "原因“{heading}”归于客观条件（{found}），没有从自身找根源",
        "en": "the cause “{heading}” blames circumstances ({found_en}), not the writer's own thinking",
    },
    "Q103": {
        "zh": "措施“{heading}”无法检验：只有{stock}，没有时限、频次、数量或具体成果",
        "en": "the measure “{heading}” cannot be checked: only {stock_en}, no deadline, frequency, quantity or concrete result",
    },
    "Q104": {
        "zh": "问题“{heading}”像是变相表扬（{found}），应写真正的缺点及其危害",
        "en": "the problem “{heading}” reads as praise in disguise ({found_en}); state a real fault and the harm it does",
    },
    "Q105": {
        "zh": "原因“{heading}”只是把第 {problem} 个问题换个说法，没有指出思想根源",
        "en": "the cause “{heading}” restates problem {problem} and names no root",
    },
    "Q106": {
        "zh": "问题“{heading}”写的是他人（{clauses} 处“有的、个别、部分……”），没有本人的责任和行为",
        "en": "the problem “{heading}” is about others ({clauses} clauses on 有的/个别/部分 …), not the writer's own conduct",
    },
    "Q107": {
        "zh": "{items} 个问题全是业务工作问题，没有一条涉及思想、政治、理论、纪律、作风或廉洁",
        "en": "all {items} problems are about the work; none touches thought, politics, theory, discipline, conduct or integrity",
    },
    "Q108": {
        "zh": "没有说明上年度民主生活会整改措施的落实情况",
        "en": "nothing on how the measures of last year's 民主生活会 were carried out",
    },
    # -- coverage of a yearly check-list ------------------------------------------------
    "K101": {
        "zh": "未查摆“{aspect}”方面的问题（{checklist}）",
        "en": "no problem examines “{aspect}” ({checklist})",
    },
    "K102": {
        "zh": "“{heading}”不属于{checklist}的任何方面",
        "en": "“{heading}” belongs to no aspect of {checklist}",
    },
    # -- checklist tables ------------------------------------------------------------------
    "R101": {"zh": "问题清单缺少“{column}”列", "en": "the checklist table has no “{column_en}” column"},
    "R102": {"zh": "第 {row} 项的“{column}”为空", "en": "item {row}: “{column}” is empty"},
    "R103": {
        "zh": "时限“{value}”不是具体日期（如“2025年6月底前”）",
        "en": "deadline “{value}” is not a date (such as 2025年6月底前)",
    },
    "R104": {"zh": "责任人“{value}”没有落实到具体的人", "en": "“{value}” names no responsible person"},
    # -- typography ------------------------------------------------------------------------
    "P101": {
        "zh": "中文中使用了半角标点“{found}”，应为“{expected}”",
        "en": "half-width “{found}” in Chinese text; use “{expected}”",
    },
    "P102": {"zh": "引号“{found}”不成对，缺少“{missing}”", "en": "“{found}” has no matching “{missing}”"},
    "P103": {"zh": "“{found}”不成对，缺少“{missing}”", "en": "“{found}” has no matching “{missing}”"},
    "P104": {
        "zh": "标点重复：“{found}”，应为“{expected}”",
        "en": "doubled punctuation “{found}”; use “{expected}”",
    },
    "P105": {"zh": "汉字之间有多余的空格", "en": "space between Chinese characters"},
    "P106": {
        "zh": "全角数字或字母“{found}”，应为“{expected}”",
        "en": "full-width “{found}”; use “{expected}”",
    },
    "P107": {"zh": "“{found}”写法不规范，应为“{expected}”", "en": "“{found}” should be “{expected}”"},
    "P108": {
        "zh": "落款日期“{found}”不规范，应写作“2024年1月5日”式（阿拉伯数字，月、日不加0）",
        "en": "date “{found}”: write it as 2024年1月5日 (Arabic numerals, no leading zeros)",
    },
    # -- layout (format profile) ---------------------------------------------------------------
    "F101": {"zh": "标题{problem}（{standard} 7.3.1）{extent}", "en": "the title {problem_en} ({standard} 7.3.1){extent_en}"},
    "F102": {"zh": "正文{problem}（{standard} 5.2.2、7.3.3）{extent}", "en": "body text {problem_en} ({standard} 5.2.2, 7.3.3){extent_en}"},
    "F103": {
        "zh": "{level}级标题{problem}（{standard} 7.3.3）{extent}",
        "en": "level-{level_en} heading {problem_en} ({standard} 7.3.3){extent_en}",
    },
    "F104": {
        "zh": "{what}字号为{found}，应为{expected}（{standard} 5.2.2）{extent}",
        "en": "{what_en} at {found_en}, not {expected_en} ({standard} 5.2.2){extent_en}",
    },
    "F105": {
        "zh": "行距为{found}，应为{expected}（{standard} 5.2.3）{extent}",
        "en": "line spacing {found_en}, not {expected_en} ({standard} 5.2.3){extent_en}",
    },
    "F106": {
        "zh": "{found}，正文段落应首行缩进{expected}字（{standard} 7.3.3）{extent}",
        "en": "first-line indent {found_en}; body paragraphs start {expected} characters in ({standard} 7.3.3){extent_en}",
    },
    "F107": {
        "zh": "页边距为上{top}、下{bottom}、左{left}、右{right} mm，应为{expected}（±{tolerance} mm，{standard} 5.2.1）{extent}",
        "en": "margins top {top}, bottom {bottom}, left {left}, right {right} mm; expected {expected_en} (± {tolerance} mm, {standard} 5.2.1){extent_en}",
    },
    "F108": {
        "zh": "纸张为{found}，应为 A4 纵向（{expected}，{standard} 5.1）",
        "en": "paper {found_en}; expected A4 portrait ({expected}, {standard} 5.1)",
    },
    "F109": {"zh": "{problem}（{standard} 7.5）", "en": "{problem_en} ({standard} 7.5)"},
    "F110": {
        "zh": "日期“{found}”不规范，应写作“2024年1月5日”式（阿拉伯数字，月、日不加0，{standard} 7.3.5.4）",
        "en": "date “{found}”: write it as 2024年1月5日 (Arabic numerals, no leading zeros, {standard} 7.3.5.4)",
    },
    "F111": {
        "zh": "标题序号“{label}”是 Word 自动编号，要求手工输入{extent}",
        "en": "heading number “{label}” is Word's automatic numbering; type it instead{extent_en}",
    },
    "F112": {
        "zh": "文字颜色为 #{found}，应为黑色（{standard} 5.2.4）{extent}",
        "en": "text in colour #{found}, not black ({standard} 5.2.4){extent_en}",
    },
    "F113": {
        "zh": "目录条目“{entry}”排版错乱：{problem}{extent}",
        "en": "contents entry “{entry}” is out of line: {problem_en}{extent_en}",
    },
    # -- formulations and words --------------------------------------------------------------
    "T101": {
        "zh": "规范表述有误：“{found}”应为“{expected}”",
        "en": "misquoted formulation: “{found}” should be “{expected}”",
    },
    "T102": {"zh": "“{name}”{kind}：应为“{expected}”", "en": "“{name}” {kind_en}: should be “{expected}”"},
    "T103": {"zh": "繁体字“{found}”，应为“{expected}”", "en": "traditional “{found}”; use “{expected}”"},
    "T104": {"zh": "“{found}”应为“{expected}”。{note}", "en": "“{found}” should be “{expected}”"},
    "T105": {
        "zh": "错别字（{kind}）：“{found}”应为“{expected}”。{note}",
        "en": "typo ({kind_en}): “{found}” should be “{expected}”",
    },
    # -- style -----------------------------------------------------------------------------
    "Y101": {
        "zh": "标题“{heading}”与同组其他标题（如“{example}”）不对仗",
        "en": "“{heading}” is not parallel to its siblings (such as “{example}”)",
    },
    "Y102": {
        "zh": "这句话与第 {first_line} 行重复：“{sentence}…”",
        "en": "this sentence repeats line {first_line}: “{sentence}…”",
    },
    "Y103": {
        "zh": "{total} 条中有 {count} 条以“{opening}”开头",
        "en": "{count} of {total} items open with “{opening}”",
    },
    # -- suppressions ----------------------------------------------------------------------
    "X101": {
        "zh": "忽略指令“{directive}”没有忽略任何发现",
        "en": "the suppression “{directive}” suppresses nothing",
    },
    # -- length --------------------------------------------------------------------------
    "L101": {
        "zh": "全文仅 {chars} 字，少于要求的 {minimum} 字",
        "en": "the report has {chars} characters, fewer than the {minimum} required",
    },
    "L102": {
        "zh": "全文 {chars} 字，超过上限 {maximum} 字",
        "en": "the report has {chars} characters, more than the {maximum} allowed",
    },
    "L103": {
        "zh": "“{heading}”内容过简：仅 {chars} 字，至少应有 {minimum} 字",
        "en": "“{heading}” is too short: {chars} characters, at least {minimum} expected",
    },
    "L104": {
        "zh": "“{heading}”篇幅过长：{chars} 字，超过 {maximum} 字",
        "en": "“{heading}” is too long: {chars} characters, at most {maximum}",
    },
    "L105": {
        "zh": "标题过长：{chars} 字，超过 {maximum} 字",
        "en": "heading too long: {chars} characters, more than {maximum}",
    },
}


SEVERITY_WORDS: dict[str, dict[str, str]] = {
    "zh": {"error": "错误", "warning": "警告", "info": "提示"},
    "en": {"error": "error", "warning": "warning", "info": "info"},
}


@cache
def first_sentence(text: str) -> str:
    """The first sentence of a rule's explanation (a full stop inside quotes or brackets does not
    end it): the one line of why that a comment or a card shows."""
    depth = 0
    for index, ch in enumerate(text):
        if ch in "“‘（(《「":
            depth += 1
        elif ch in "”’）)》」":
            depth = max(depth - 1, 0)
        elif depth == 0 and (ch in "。！？" or (ch in ".!?" and (index + 1 == len(text) or text[index + 1] == " "))):
            return text[: index + 1]
    return text


MAX_QUOTE = 30  # characters of a report's text a message quotes (a heading may be a whole paragraph)
QUOTED = frozenset({"title", "heading", "found", "sentence", "first", "example", "value", "phrase",
                    "directive", "section", "after", "prev"})  # fmt: skip


def quote(text: str) -> str:
    return text if len(text) <= MAX_QUOTE else text[: MAX_QUOTE - 1] + "…"


# What the readers and the operating system say of a file that cannot be opened, in Chinese: a
# message is in one language ("无法打开文件：文件不存在", not "…：no such file").
DETAILS_ZH = {
    "no such file": "文件不存在", "no such file or directory": "文件不存在", "is a directory": "这是一个目录",
    "permission denied": "没有读取权限", "not a regular file": "不是普通文件（设备或管道）",
    "file name too long": "文件名过长", "too many levels of symbolic links": "符号链接循环",
    "input/output error": "读取出错（输入/输出错误）",
}  # fmt: skip


# Words a message takes from where it is shown: the command line's by default; the page of
# `reportlint serve` puts its own (a menu, not an option).
ARG_DEFAULTS: dict[str, dict[str, str]] = {
    "S109": {"choose": "请用 --template 指定模板", "choose_en": "choose one with --template"},
}
PAGE_ARGS: dict[str, dict[str, str]] = {
    "S109": {"choose": "请在上方“模板”菜单中选择模板后重新检查", "choose_en": "choose one in the Template menu above and check again"},
}


def render(code: str, lang: str, args: dict[str, Any]) -> str:
    entry = MESSAGES.get(code)
    if entry is None:
        return code
    template = entry.get(lang) or entry["zh"]
    if code in ARG_DEFAULTS:
        args = {**ARG_DEFAULTS[code], **args}
    detail = args.get("detail")
    if lang != "en" and isinstance(detail, str) and detail.strip().lower() in DETAILS_ZH:
        args = {**args, "detail": DETAILS_ZH[detail.strip().lower()]}
    if any(key in QUOTED and isinstance(value, str) and len(value) > MAX_QUOTE for key, value in args.items()):
        args = {key: quote(value) if key in QUOTED and isinstance(value, str) else value for key, value in args.items()}
    try:
        return template.format(**args)
    except (KeyError, IndexError, ValueError):
        return template
