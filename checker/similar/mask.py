"""What a copier changes is masked before texts are compared: names of people and places, dates,
numbers with their units. "王强同志在A县工作3年" and "李明同志在B县工作5年" both become
"某同志在某工作#", so that swapping them does not hide a copy.

Every pattern is linear: bounded repetitions of character classes, no backtracking over text
that may lack what follows.
"""

from __future__ import annotations

import re

# The commonest surnames (about 85 % of people in China): a name is a surname and one or two
# characters before a title or an address, the only place a report names someone.
_SURNAMES = (
    "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁任沈姚"
    "卢姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺顾毛郝龚邵万钱严覃武戴莫孔向汤"
)
_TITLES = (
    "同志|书记|副书记|主任|副主任|局长|副局长|部长|副部长|处长|副处长|科长|副科长|县长|副县长|市长|副市长|镇长|"
    "乡长|区长|主席|经理|校长|院长|所长|队长|组长|委员|老师"
)
_NAME = re.compile(f"[{_SURNAMES}][\u4e00-\u9fff]{{1,2}}(?=(?:{_TITLES}))")
# A place: up to four characters before an administrative suffix (河东区, 青山镇, 幸福村).
_PLACE = re.compile("[\u4e00-\u9fff]{1,4}(?:自治区|自治州|街道|社区|省|市|县|区|镇|乡|村)")
# Numbers, Arabic or Chinese, with a unit or counter after them (3年, 十二次, 45.6万元, 95%).
_UNITS = "年|月|日|号|次|项|条|个|人|名|篇|天|周|小时|场|期|批|户|家|所|元|万元|亿元|万|亿|%|％|余|多|余次|余人|余篇"
_NUMBER = re.compile(
    f"(?:[0-9０-９]{{1,12}}(?:[.．][0-9０-９]{{1,6}})?|[零〇一二两三四五六七八九十百千万]{{1,8}})(?:{_UNITS})?"
)


def mask(text: str) -> str:
    """``text`` with names (某), places (某) and numbers with their units (#) masked."""
    text = _NAME.sub("某", text)
    text = _PLACE.sub("某", text)
    return _NUMBER.sub("#", text)
