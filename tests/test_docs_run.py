"""Docs that run (issue #28, 7): every command and example in README.md and docs/ is executed here, in a folder
holding the files the docs name, so the docs cannot drift from the tool.

- ```console blocks: each ``$ command`` runs; the lines after it are its output, compared line by line (a line
  ``…`` stands for any lines, ``…`` inside a line for any text);
- ```sh blocks: each ``gzcheck`` line runs and must end with a verdict (exit 0 or 1), never a usage or internal
  error; ``curl`` lines run against a live `gzcheck serve`; installs are what CI itself does;
- ```python blocks run (a plugin is loaded by ``gzcheck check --plugin``); ```yaml blocks are loaded as what they
  are (a rule pack with its cases, a config, waivers, a roll-up mapping, rule cases, a pre-commit or workflow file);
- a block after ``<!-- not run: why -->`` is skipped, and must say why; ``<!-- parse only: why -->`` checks each
  ``gzcheck`` line's arguments without running it (a Dask cluster, a server).
"""

from __future__ import annotations

import json
import os
import re
import shlex
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from ruamel.yaml import YAML

from gzcheck.testing import example_report

from .conftest import SHARED
from .documents import docx_bytes
from .pages import render_html, render_text

ROOT = Path(__file__).resolve().parent.parent
DOCS = [ROOT / "README.md", *sorted((ROOT / "docs").glob("*.md"))]
FENCE = re.compile(r"^(?P<marker><!-- (?P<kind>not run|parse only): (?P<why>[^>]*?) -->\n)?```(?P<lang>\w*)\n(?P<body>.*?)^```$",
                   re.M | re.S)
GZCHECK = str(Path(sys.executable).with_name("gzcheck"))


def blocks():
    for doc in DOCS:
        text = doc.read_text(encoding="utf-8")
        for match in FENCE.finditer(text):
            line = text.count("\n", 0, match.start("body")) + 1
            body = _dedent(match.group("body"))
            yield pytest.param(match.group("lang"), body, match.group("kind"), match.group("why"),
                               id=f"{doc.name}:{line}")


def _dedent(text: str) -> str:
    lines = text.splitlines()
    indent = min((len(line) - len(line.lstrip(" ")) for line in lines if line.strip()), default=0)
    return "\n".join(line[indent:] for line in lines) + "\n"


def _yaml_dump(data) -> str:
    import io

    out = io.StringIO()
    YAML().dump(data, out)
    return out.getvalue()


@pytest.fixture(scope="module")
def workspace(tmp_path_factory) -> Path:
    """A folder holding every file the docs name, made from our own example reports (and, beside it as
    ``../shared``, the project's shared pages when they are there)."""
    top = tmp_path_factory.mktemp("docs")
    work = top / "work"
    work.mkdir()
    if SHARED.is_dir():
        (top / "shared").symlink_to(SHARED)
    (work / "gzcheck").mkdir()
    (work / "gzcheck" / "examples").symlink_to(ROOT / "gzcheck" / "examples")
    (work / "examples").symlink_to(ROOT / "examples")
    r2021, r2019 = example_report("report-2021.json"), example_report("report-2019.json")

    def put(name: str, report: dict) -> None:
        path = work / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(json.dumps(report, ensure_ascii=False, indent=2), encoding="utf-8")

    (work / "README.md").write_text("# 本局年报\n", encoding="utf-8")
    put("report.json", r2021)
    put("draft.json", r2021)
    (work / "report.yaml").write_text(_yaml_dump(r2021), encoding="utf-8")
    (work / "page.html").write_text(render_html(r2021), encoding="utf-8")
    (work / "page.txt").write_text(render_text(r2021, "cells"), encoding="utf-8")
    (work / "report.docx").write_bytes(docx_bytes(r2021))
    (work / "报告.docx").write_bytes(docx_bytes(r2021))
    (work / "scanned.pdf").write_bytes(_scan_of(ROOT / "tests" / "data" / "documents" / "generated-0.pdf"))
    put("2019.json", dict(r2019, report_year=2019))
    put("2020.json", dict(r2019, report_year=2020))
    for name, report in (("reports/2020.json", dict(r2019, report_year=2020)), ("reports/2019.json", dict(r2019, report_year=2019)),
                         ("reports/2023/county-transport.json", r2021)):
        put(name, report)
    (work / "reports" / "waivers.yaml").write_text("[]\n", encoding="utf-8")
    (work / "pages").mkdir()
    (work / "pages" / "page.html").write_text(render_html(r2021), encoding="utf-8")
    (work / "saved_pages" / "2023").mkdir(parents=True)
    (work / "saved_pages" / "2023" / "page.html").write_text(render_html(r2021), encoding="utf-8")
    shutil.copy(ROOT / "examples" / "packs" / "city-departments.yaml", work / "city.yaml")
    (work / "packs").mkdir()
    shutil.copy(ROOT / "examples" / "packs" / "city-departments.yaml", work / "packs" / "city-departments.yaml")
    pack = (ROOT / "examples" / "packs" / "city-departments.yaml").read_text(encoding="utf-8")
    (work / "packs" / "city.yaml").write_text(pack.replace("new_received", "new_recieved", 1), encoding="utf-8")
    # a district's summary and the departments it sums
    from .test_rollup import summary_of

    departments = []
    for name in ("教育局", "卫健委", "财政局"):
        child = example_report("report-2021.json")
        child["agency"] = f"东区{name}"
        departments.append(child)
        put(f"东区/{name}.json", child)
    summary = summary_of(departments, "2021")
    summary["agency"] = "东区人民政府"
    summary["applications"]["total"]["new_received"] += 1
    put("东区人民政府.json", summary)
    put("district.json", summary_of(departments, "2021"))
    for i, child in enumerate(departments):
        put(f"depts/{i}.json", child)
    return work


def _scan_of(pdf: Path) -> bytes:
    """A PDF's pages as pictures only, as a scanner writes them."""
    import pypdfium2 as pdfium

    from .scans import image_pdf

    document = pdfium.PdfDocument(pdf.read_bytes())
    return image_pdf([document[i].render(scale=150 / 72).to_pil().convert("L") for i in range(len(document))], 150)


def run_shell(command: str, cwd: Path, port: int | None = None) -> subprocess.CompletedProcess:
    env = {**os.environ, "PATH": f"{Path(GZCHECK).parent}:{os.environ.get('PATH', '')}", "COLUMNS": "120", "GZCHECK_LANG": ""}
    if port is not None:
        command = command.replace("127.0.0.1:8765", f"127.0.0.1:{port}")
    return subprocess.run(["bash", "-c", command], cwd=cwd, env=env, capture_output=True, text=True, timeout=300)


def commands(body: str) -> list[str]:
    """The commands of a shell block: comments dropped, continued lines joined."""
    out, pending = [], ""
    for raw in body.splitlines():
        line = raw.rstrip()
        if line.endswith("\\"):
            pending += line[:-1] + " "
            continue
        line, pending = pending + line, ""
        if line.strip() and not line.lstrip().startswith("#"):
            out.append(line.strip())
    return out


def matches(expected: list[str], actual: list[str]) -> bool:
    """``expected`` lines against ``actual``: a line ``…`` stands for any lines, ``…`` in a line for any text."""
    pattern = "".join("(?:.*\n)*?" if line.strip() == "…" else
                      "".join(".*" if part == "…" else re.escape(part) for part in re.split("(…)", line.rstrip())) + " *\n"
                      for line in expected)
    return re.fullmatch(pattern, "".join(line.rstrip() + "\n" for line in actual)) is not None


INSTALLS = ("pip install", "python3 -m venv", "python -m pytest")


@pytest.mark.parametrize("lang, body, kind, why", list(blocks()))
def test_the_docs_example_runs(lang, body, kind, why, workspace, request):
    if kind == "not run":
        assert len(why.strip()) > 10, "say why the block is not run"
        return
    if kind == "parse only":
        from gzcheck.cli import _parser

        for command in commands(body):
            if command.startswith("gzcheck "):
                argv = shlex.split(command, comments=True)[1:]
                _parser(argv[0]).parse_args(argv)
        return
    if lang == "console":
        run_console(body, workspace)
    elif lang == "sh":
        for command in commands(body):
            if command.startswith(INSTALLS):
                continue  # what CI itself does from a clean checkout
            port = request.getfixturevalue("server_port") if command.startswith("curl") else None
            if command.startswith("gzcheck serve"):
                from gzcheck.cli import _parser

                _parser("serve").parse_args(shlex.split(command, comments=True)[1:])  # a live server: see test_server.py
                continue
            done = run_shell(command, workspace, port)
            assert done.returncode in (0, 1), f"{command}\n{done.stdout[-2000:]}\n{done.stderr[-2000:]}"
            assert "Traceback" not in done.stderr
            if command.startswith("curl"):
                assert json.loads(done.stdout)["reports"][0]["status"] in ("pass", "fail")
    elif lang == "python":
        run_python(body, workspace)
    elif lang == "yaml":
        load_yaml_example(body, workspace)
    else:
        pytest.fail(f"a ```{lang or '(no language)'} block is neither run nor marked <!-- not run: why -->")


@pytest.fixture(scope="module")
def server_port(workspace):
    from .serving import running_server

    with running_server() as (port, _):
        yield port


def run_console(body: str, workspace: Path) -> None:
    lines = body.splitlines()
    starts = [i for i, line in enumerate(lines) if line.startswith("$ ")]
    assert starts and starts[0] == 0, "a console block starts with a $ command"
    for n, start in enumerate(starts):
        command = lines[start][2:]
        expected = lines[start + 1:starts[n + 1] if n + 1 < len(starts) else len(lines)]
        if "../shared/" in command and not (workspace.parent / "shared").is_dir():
            pytest.skip("../shared is not beside the project: the shared pages' examples cannot run")
        done = run_shell(command, workspace)
        assert "Traceback" not in done.stderr, done.stderr
        actual = (done.stdout + done.stderr).splitlines()
        assert matches(expected, actual), f"$ {command}\n--- the doc says\n" + "\n".join(expected) + \
            "\n--- it prints\n" + "\n".join(actual)


def run_python(body: str, workspace: Path) -> None:
    if "@hookimpl" in body:  # a plugin: loaded the way an office loads its own
        plugin = workspace / "doc_plugin.py"
        plugin.write_text(body, encoding="utf-8")
        done = run_shell(f"gzcheck check report.json --plugin {plugin} --format json", workspace)
        assert done.returncode in (0, 1) and "Traceback" not in done.stderr, done.stderr
        codes = re.findall(r'code = "([A-Z]+-\d{3})"', body)
        ran = {f["code"] for f in json.loads(done.stdout)["reports"][0]["findings"]}
        assert not any(code.startswith("CRASH") for code in ran) and codes, done.stdout
        return
    done = subprocess.run([sys.executable, "-I", "-c", body], cwd=workspace, capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stderr


def load_yaml_example(body: str, workspace: Path) -> None:
    data = YAML(typ="safe").load(body)
    path = workspace / "example.yaml"
    path.write_text(body, encoding="utf-8")
    if isinstance(data, dict) and "rules" in data:  # a rule pack: it loads and its own cases hold
        from gzcheck.testing import pack_results

        assert all(not problems for _, _, problems in pack_results(path)), list(pack_results(path))
    elif isinstance(data, dict) and "repos" in data:  # pre-commit: the revision is this release's tag, or a commit
        from gzcheck import __version__

        revs = [repo["rev"] for repo in data["repos"] if repo["rev"] != f"v{__version__}"]
        git = shutil.which("git")
        if revs and (git is None or not (ROOT / ".git").exists()):
            pytest.skip("not a git checkout: the pre-commit revision cannot be looked up")
        for rev in revs:
            assert subprocess.run([git, "rev-parse", "--verify", "--quiet", f"{rev}^{{commit}}"], cwd=ROOT,
                                  capture_output=True).returncode == 0, f"rev {rev} is not a tag or commit of this repository"
    elif isinstance(data, dict) and "jobs" in data:  # a workflow: its gzcheck steps run
        for job in data["jobs"].values():
            for step in job["steps"]:
                command = step.get("run", "")
                if command.startswith("gzcheck "):
                    done = run_shell(command, workspace)
                    assert done.returncode in (0, 1), f"{command}\n{done.stderr}"
    elif isinstance(data, list) and data and isinstance(data[0], dict) and "reviewed_by" in data[0]:  # waivers
        from gzcheck.engine.waivers import Waivers

        waivers = workspace / "reports" / "waivers.yaml"
        waivers.write_text(body, encoding="utf-8")
        Waivers.load(waivers)  # never expired under a test (a clear error if it were)
        done = run_shell(f"gzcheck check reports/2023/county-transport.json --waivers {waivers}", workspace)
        assert done.returncode in (0, 1) and "GZ-020" not in done.stdout, done.stdout + done.stderr
    elif isinstance(data, dict) and "cases" in data:  # a rule's cases
        from gzcheck.testing import load_cases

        cases = workspace / "GZA-002.yaml"
        cases.write_text(body, encoding="utf-8")
        assert load_cases(cases)
    elif isinstance(data, dict) and all(isinstance(v, list) for v in data.values()):  # a roll-up mapping
        from gzcheck.engine.rollup import load_mapping

        assert load_mapping(str(path))
    else:  # a config
        from gzcheck.engine.config import parse_config

        parse_config(data, path)
