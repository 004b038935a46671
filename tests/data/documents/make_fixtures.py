"""Make the Word and PDF fixtures the tests read (so the tests need neither python-docx nor LibreOffice):

    python tests/data/documents/make_fixtures.py

Writes generated-N.docx (reports laid out like the national template, tests/documents.py), their expected
values in generated-N.json, and exports some to generated-N.pdf with LibreOffice, the way agencies publish;
plus hostile files: an encrypted PDF, a text-free (scanned) PDF, and PDFs whose wrong 予以公开 row follows a
copy of the right one that readers cannot see (hidden-white.pdf, hidden-tiny.pdf; PDF's invisible render mode
is tested with PDFs written directly, tests/pdfs.py).

    python tests/data/documents/make_fixtures.py hidden    # only the hidden-copy PDFs
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

from tests.documents import faulty_with_hidden_copy, generate, write_docx  # noqa: E402

COUNT, AS_PDF = 8, 4


def soffice(args: list[str], cwd: Path) -> None:
    with tempfile.TemporaryDirectory() as profile:
        subprocess.run(["soffice", f"-env:UserInstallation=file://{profile}", "--headless", *args], cwd=cwd, check=True,
                       capture_output=True, timeout=300)


HIDDEN = {"white": '<w:color w:val="FFFFFF"/>', "tiny": '<w:sz w:val="2"/><w:szCs w:val="2"/>'}


def hidden_copies() -> None:
    with tempfile.TemporaryDirectory() as work:
        for name, properties in HIDDEN.items():
            (Path(work) / f"hidden-{name}.docx").write_bytes(faulty_with_hidden_copy(properties))
        soffice(["--convert-to", "pdf", *(f"hidden-{name}.docx" for name in HIDDEN)], Path(work))
        for name in HIDDEN:
            shutil.copy(Path(work) / f"hidden-{name}.pdf", HERE / f"hidden-{name}.pdf")


def main() -> None:
    if shutil.which("soffice") is None:
        sys.exit("LibreOffice is needed: apt-get install libreoffice-writer-nogui")
    if sys.argv[1:] == ["hidden"]:
        hidden_copies()
        return
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
    hidden_copies()


if __name__ == "__main__":
    main()
