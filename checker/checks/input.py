"""Unreadable input (E0xx): yielded by the engine when a reader refuses a file, documented here
like every other rule so that `reportlint explain E003` works."""

from __future__ import annotations

from checker.checks.base import Severity, register_static

_INPUT = [
    ("E001", "unreadable-file", "文件无法打开（不存在、无权限或是目录）。", "The file cannot be opened (missing, no permission, or a directory).",
     "检查路径和权限。", "Check the path and permissions.", "reportlint 不存在的文件.docx", "reportlint 报告.docx"),
    ("E002", "corrupt-archive", "文件不是完整的 .docx 压缩包。", "The file is not a complete .docx zip archive.",
     "下载中断或被截断的文件无法可靠检查；请重新导出。", "A truncated download cannot be checked reliably; export it again.",
     "（截断的 .docx）", "（在 Word 中重新保存的 .docx）"),
    ("E003", "legacy-doc", "旧版 .doc（Word 97-2003）或 RTF 文件。", "A legacy .doc (Word 97-2003) or RTF file.",
     "reportlint 只读取 .docx；旧格式请在 Word/WPS 中“另存为 .docx”。", "reportlint reads .docx only; use Save As .docx in Word or WPS.",
     "报告.doc", "报告.docx"),
    ("E004", "encrypted-document", "加了密码的文档。", "A password-protected document.",
     "加密内容无法读取；请取消密码后检查。", "Encrypted content cannot be read; remove the password first.",
     "（设置了打开密码的 .docx）", "（取消密码后的 .docx）"),
    ("E005", "not-a-word-document", "压缩包里没有 Word 正文。", "A zip archive without a Word document body.",
     "可能是改了扩展名的其他文件（如 .xlsx）。", "Probably another file renamed (an .xlsx, say).", "表格.xlsx 改名为 报告.docx", "报告.docx"),
    ("E006", "file-too-large", "文件过大或压缩比异常。", "The file is too large or suspiciously compressed.",
     "为防止“压缩炸弹”耗尽内存，超过限度的文件不予读取。", "To guard against zip bombs, files beyond the limits are refused.",
     "（解压后超过 512 MB 的 .docx）", "（正常大小的报告）"),
    ("E007", "unknown-encoding", "文本文件的编码无法识别。", "The text file's encoding cannot be recognised.",
     "支持 UTF-8、UTF-8 BOM、UTF-16 和 GB18030/GBK；其他编码请另存为 UTF-8。", "UTF-8, UTF-8 with BOM, UTF-16 and GB18030/GBK are read; save others as UTF-8.",
     "（Shift-JIS 编码的 .txt）", "（UTF-8 编码的 .txt）"),
    ("E008", "binary-file", "文件是二进制内容，不是文本。", "The file holds binary data, not text.",
     "可能是图片或其他格式改了扩展名。", "Probably an image or another format renamed.", "照片.jpg 改名为 报告.txt", "报告.txt"),
    ("E009", "empty-file", "文件是空的。", "The file is empty.", "空文件没有可检查的内容。", "An empty file has nothing to check.",
     "（0 字节的文件）", "（写好的报告）"),
    ("E012", "unsafe-xml", "文档的 XML 部件含有 DTD 或实体声明。", "An XML part of the document declares a DTD or entities.",
     "Word 和 WPS 从不写 DTD；含 DTD 的文件可能是“实体炸弹”或试图读取本机文件（XXE），一律拒绝，内容绝不展开或解析。",
     "Word and WPS never write DTDs; one may be an entity bomb or an attempt to read local files (XXE): refused, never expanded.",
     "（document.xml 含 <!DOCTYPE … <!ENTITY …>）", "（Word 保存的 .docx）"),
    ("E011", "internal-error", "检查此文件时发生内部错误。", "An internal error occurred while checking the file.",
     "这是 reportlint 的缺陷而非文件的问题；批处理会继续，其他文件照常检查。", "A reportlint bug, not the file's fault; the batch goes on.",
     "（触发缺陷的文件）", "（修复后的 reportlint）"),
    ("E013", "check-timed-out", "检查此文件超过了时间限制。", "Checking the file took longer than the time limit.",
     "一个文件不应拖住整批检查：超时的文件单独报错，其余照常检查；可用 --timeout 调整限度。",
     "One file must not hold up a batch: it gets this error and the rest are checked; --timeout sets the limit.",
     "reportlint 报告/ --timeout 0.001", "reportlint 报告/ --timeout 30"),
    ("E014", "memory-limit", "检查此文件所需的内存超过了上限。", "Checking the file needed more memory than the limit.",
     "共用的服务器上，一个异常文件不应占尽内存：它在自己的工作进程里被中止（进程随即替换），其他人的检查照常进行；"
     "可用 reportlint serve --worker-memory-mb 调整。",
     "On a shared server one abnormal file must not take all the memory: its worker process is stopped (and replaced) "
     "and everyone else's checks go on; reportlint serve --worker-memory-mb sets the limit.",
     "（上传到 reportlint serve、展开后需要数 GB 内存的文件）", "（正常的报告）"),
    ("E015", "archive-problem", "压缩包（.zip）或其中的成员无法读取。", "A .zip archive, or a member of it, cannot be read.",
     "压缩包只在内存中读取，从不解压到磁盘：路径跳出压缩包（../）、压缩包里套压缩包、成员过多、已损坏的，"
     "均单独报错，其他成员照常检查。",
     "An archive is read in memory and never extracted: a member whose path climbs out of it (../), a zip inside "
     "the zip, too many members or a damaged one gets this error, and the other members are checked.",
     "材料.zip（内含 ../../报告.docx 或 下级材料.zip）", "材料.zip（内含 张三/对照检查.docx）"),
    ("E010", "unsupported-type", "不支持的文件类型。", "An unsupported file type.", "支持 .docx、.txt 和 .md。",
     "Supported: .docx, .txt and .md.", "报告.pdf", "报告.docx"),
]  # fmt: skip

for code, name, zh, en, why_zh, why_en, bad, good in _INPUT:
    register_static(code=code, name=name, severity=Severity.ERROR, family="input", summary={"zh": zh, "en": en},
                    why={"zh": why_zh, "en": why_en}, bad=bad, good=good)  # fmt: skip
