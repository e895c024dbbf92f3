"""Regenerate the .docx examples: `python examples/build_docx.py`.

Most are written from the .txt example of the same name; nested.docx and duty-report-1.docx
number their level-1 headings with Word's automatic numbering (the 「一、」 is not in the text),
as many real reports do. checklist-table-2.docx is a 问题清单 kept as a Word table.
"""

from __future__ import annotations

import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent))

from tests.docxgen import write_report, write_table_report  # noqa: E402

FROM_TEXT = {"clean": False, "flawed": False, "nested": True, "duty-report-1": True}

CHECKLIST_HEADER = ["序号", "存在问题", "原因分析", "整改措施", "完成时限", "责任人"]
CHECKLIST_ROWS = [
    ["1", "落实“第一议题”制度不够经常，学习后研究贯彻措施不具体", "对理论学习重要性认识不足",
     "每次学习后形成贯彻落实清单，明确责任科室和完成时间", "2025年4月底前", "陈志远"],
    ["2", "支部组织生活形式单一，党员参与积极性不高", "支部书记抓党建的创新意识不强",
     "每季度开展一次主题党日实践活动，探索“党建+业务”融合方式", "长期坚持", "陈志远"],
    ["3", "对党员日常教育管理偏松，个别党员不按时交纳党费", "管党治党责任落实不到位",
     "建立党员积分管理制度，每月通报党费交纳情况", "2025年3月底前", "刘雅琴"],
]  # fmt: skip


def main() -> None:
    for name, auto in FROM_TEXT.items():
        lines = (HERE / f"{name}.txt").read_text(encoding="utf-8").splitlines()
        out = write_report(lines, HERE / f"{name}.docx", auto_number_h1=auto)
        print(f"wrote {out.relative_to(HERE.parent)}")
    out = write_table_report(
        "第三党支部2024年度组织生活会问题整改清单",
        "对照组织生活会查摆的问题，支部委员会逐项研究了整改措施，形成清单如下。",
        CHECKLIST_HEADER,
        CHECKLIST_ROWS,
        HERE / "checklist-table-2.docx",
        closing=["中共市审计局机关第三支部委员会", "2025年1月22日"],
    )
    print(f"wrote {out.relative_to(HERE.parent)}")


if __name__ == "__main__":
    main()
