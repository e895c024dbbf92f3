"""Time-boxed fuzzing of the text and .docx paths.

    python bench/fuzz.py [--seconds 300] [--workers 2]   # atheris (coverage-guided) when installed
    python bench/fuzz.py --hypothesis [--seconds 300]

atheris: `pip install atheris` (3.x installs here from PyPI). Each input is read as .txt, as .md
and, wrapped into a minimal .docx package, as .docx; any exception other than ReadError is a
crash, printed with its input, to be made a regression test. The seeds are the examples and a
small input of every adversarial generator (tests/adversarial.py). Prints the case count and
time (libFuzzer's own count of executed inputs, summed over --workers processes).
"""

from __future__ import annotations

import argparse
import io
import sys
import time
import zipfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

CONTENT_TYPES = (
    b'<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
    b'<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
    b'<Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.'
    b'wordprocessingml.document.main+xml"/></Types>'
)
RELS = (
    b'<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/'
    b'relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/'
    b'relationships/officeDocument" Target="word/document.xml"/></Relationships>'
)
W = b'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"'


def as_docx(data: bytes) -> bytes:
    """Fuzz bytes as the text of paragraphs, and raw, inside a minimal package."""
    text = data.decode("utf-8", "ignore")
    safe = "".join(c for c in text if c.isprintable()).replace("&", "&amp;").replace("<", "&lt;")
    paras = "".join(f"<w:p><w:r><w:t>{line}</w:t></w:r></w:p>" for line in safe.split("\n")[:200])
    body = f"<w:document {W.decode()}><w:body>{paras}</w:body></w:document>".encode()
    if data[:1] == b"<":
        body = data  # sometimes raw bytes as the document part itself
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as z:
        z.writestr("[Content_Types].xml", CONTENT_TYPES)
        z.writestr("_rels/.rels", RELS)
        z.writestr("word/document.xml", body)
    return buffer.getvalue()


def one_input(data: bytes) -> None:
    from checker.output.jsonout import render_json
    from checker.pipeline import check_path

    for name, payload in (("f.txt", data), ("f.md", data), ("f.docx", as_docx(data)), ("g.docx", data)):
        result = check_path(name, None, data=payload)
        render_json([result], "zh")


BATCH = 2000  # hypothesis cases a round


def run_hypothesis(seconds: float) -> int:
    from hypothesis import HealthCheck, given, settings
    from hypothesis import strategies as st

    count = 0
    deadline = time.monotonic() + seconds
    pieces = st.sampled_from(
        ["一、存在的问题\n", "（一）", "1.", "一是", "。二是", "以上", "2024年1月5日\n", "\n", "原因", "措施"]
    )
    data = st.one_of(st.binary(max_size=2000), st.lists(st.one_of(pieces, st.text(max_size=30)), max_size=60).map(
        lambda parts: "".join(parts).encode("utf-8", "surrogatepass")))  # fmt: skip

    # Rounds of a few thousand cases until the time is up: a deadline raised inside the test would
    # be taken by hypothesis for a failure, and replayed (it once ended a clean run as "flaky").
    @settings(max_examples=BATCH, deadline=None, suppress_health_check=list(HealthCheck), database=None)
    @given(data)
    def fuzz(payload: bytes) -> None:
        nonlocal count
        count += 1
        one_input(payload)

    start = time.monotonic()
    try:
        while time.monotonic() < deadline:
            fuzz()
    except Exception as exc:  # a crash: hypothesis has shrunk it already
        print(f"CRASH after {count} cases: {type(exc).__name__}: {exc}")
        return 1
    print(f"hypothesis: {count} cases in {time.monotonic() - start:.0f} s, no crash")
    return 0


def seeds(folder: Path) -> None:
    """The examples and a small input of every adversarial generator, as libFuzzer's corpus."""
    from tests.adversarial import GENERATORS, sized

    folder.mkdir(parents=True, exist_ok=True)
    for path in sorted((ROOT / "examples").glob("*.*")):
        if path.suffix in (".txt", ".md", ".docx"):
            (folder / path.name).write_bytes(path.read_bytes())
    for generator in GENERATORS:
        name, data = sized(generator, 2048)
        (folder / name).write_bytes(data)


def run_atheris(seconds: float, workers: int) -> int:
    """libFuzzer in ``workers`` processes side by side (each its own copy of the seeds; libFuzzer's
    fork mode re-runs argv[0], which a Python script cannot be); their final statistics give the
    number of inputs run."""
    import re
    import shutil
    import subprocess
    import tempfile

    work = Path(tempfile.mkdtemp(prefix="reportlint-fuzz-"))
    artifacts = work / "crashes"
    artifacts.mkdir()
    seeds(work / "seeds")
    runs = []
    started = time.monotonic()
    for number in range(workers):
        corpus = work / f"corpus-{number}"
        shutil.copytree(work / "seeds", corpus)
        flags = [f"-max_total_time={int(seconds)}", "-rss_limit_mb=2048", f"-artifact_prefix={artifacts}/",
                 "-print_final_stats=1", "-timeout=60", f"-seed={number + 1}"]  # fmt: skip
        runs.append(subprocess.Popen([sys.executable, __file__, "--libfuzzer", *flags, str(corpus)],
                                     stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True))  # fmt: skip
    outputs = [run.communicate()[0] for run in runs]
    elapsed = time.monotonic() - started
    executed = sum(int(n) for out in outputs for n in re.findall(r"stat::number_of_executed_units:\s*(\d+)", out))
    crashes = sorted(p.name for p in artifacts.iterdir())
    print(f"atheris: {executed} inputs in {elapsed:.0f} s with {workers} process(es); "
          f"{len(crashes)} crash(es){': ' + ', '.join(crashes) + ' in ' + str(artifacts) if crashes else ''}")
    return 1 if crashes else 0


def libfuzzer_main() -> None:
    """What the subprocess of run_atheris runs: the instrumented target under libFuzzer."""
    import atheris

    with atheris.instrument_imports():
        pass
    argv = [sys.argv[0]] + [a for a in sys.argv[1:] if a != "--libfuzzer"]
    atheris.Setup(argv, one_input)
    atheris.Fuzz()


def main() -> int:
    if "--libfuzzer" in sys.argv:
        libfuzzer_main()
        return 0
    parser = argparse.ArgumentParser()
    parser.add_argument("--seconds", type=float, default=300)
    parser.add_argument("--workers", type=int, default=1)
    parser.add_argument("--hypothesis", action="store_true")
    args = parser.parse_args()
    if not args.hypothesis:
        try:
            import atheris  # noqa: F401
        except ImportError:
            print("atheris not installed: using hypothesis")
        else:
            return run_atheris(args.seconds, args.workers)
    return run_hypothesis(args.seconds)


if __name__ == "__main__":
    raise SystemExit(main())
