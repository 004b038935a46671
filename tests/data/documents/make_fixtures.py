"""Make the Word and PDF fixtures the tests read (so the tests need neither python-docx nor LibreOffice):

    python tests/data/documents/make_fixtures.py

Writes generated-N.docx (reports laid out like the national template, tests/documents.py), their expected
values in generated-N.json, and exports some to generated-N.pdf with LibreOffice, the way agencies publish;
plus hostile files: an encrypted PDF, a text-free (scanned) PDF.
"""

from __future__ import annotations

import json
import random
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parents[2]))

from tests.documents import generate, write_docx  # noqa: E402

COUNT, AS_PDF = 8, 4


def soffice(args: list[str], cwd: Path) -> None:
    with tempfile.TemporaryDirectory() as profile:
        subprocess.run(["soffice", f"-env:UserInstallation=file://{profile}", "--headless", *args], cwd=cwd, check=True,
                       capture_output=True, timeout=300)


def main() -> None:
    if shutil.which("soffice") is None:
        sys.exit("LibreOffice is needed: apt-get install libreoffice-writer-nogui")
    rng = random.Random(20261202)
    for i in range(COUNT):
        generated = generate(rng, ("2019", "2021")[i % 2])
        write_docx(generated, HERE / f"generated-{i}.docx", rng)
        (HERE / f"generated-{i}.json").write_text(json.dumps({
            "report": generated.report, "faulty": generated.faulty, "original": generated.original,
            "narrative_wrong": generated.narrative_wrong}, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    soffice(["--convert-to", "pdf", *(f"generated-{i}.docx" for i in range(AS_PDF))], HERE)
    with tempfile.TemporaryDirectory() as work:
        shutil.copy(HERE / "generated-0.docx", Path(work) / "encrypted.docx")
        options = json.dumps({"EncryptFile": {"type": "boolean", "value": "true"},
                              "DocumentOpenPassword": {"type": "string", "value": "gzcheck"}})
        soffice(["--convert-to", f"pdf:writer_pdf_Export:{options}", "encrypted.docx"], Path(work))
        shutil.copy(Path(work) / "encrypted.pdf", HERE / "encrypted.pdf")
        (Path(work) / "blank.txt").write_text(" \n", encoding="utf-8")
        soffice(["--convert-to", "pdf", "blank.txt"], Path(work))
        shutil.copy(Path(work) / "blank.pdf", HERE / "scanned.pdf")  # a page with no text layer, as a scan has


if __name__ == "__main__":
    main()
