"""Output formats for CI and code-scanning tools: SARIF 2.1.0, JUnit XML, GitHub workflow annotations."""

from __future__ import annotations

import json
import re
from typing import IO, Iterable
from urllib.parse import quote
from xml.etree import ElementTree as ET

from gzcheck.version import __version__
from gzcheck.report.docs import rule_rows
from gzcheck.visible import visible
from gzcheck.engine.runner import Result
from gzcheck.finding import SEVERITY_RANK

SARIF_LEVEL = {"error": "error", "warning": "warning", "info": "note"}


def write_sarif(results: Iterable[Result], lang: str, stream: IO[str], rules: dict | None = None, **_context) -> None:
    results, rules = list(results), rules or {}
    rows = {row["code"]: row for row in rule_rows(rules, lang)}
    for code in {f.code for r in results for f in r.findings} - set(rows):  # a code no loaded rule declares
        rows[code] = {"code": code, "name": code.lower(), "severity": "error", "summary": code, "why": "", "basis": ""}
    descriptors = []
    for code in sorted(rows):
        row = rows[code]
        descriptors.append({
            "id": code, "name": row["name"],
            "shortDescription": {"text": row["summary"]},
            "fullDescription": {"text": row["why"] or row["summary"]},
            "help": {"text": "\n\n".join(part for part in (row["why"], row["basis"]) if part) or row["summary"]},
            "defaultConfiguration": {"level": SARIF_LEVEL[row["severity"]]},
        })
    index = {d["id"]: i for i, d in enumerate(descriptors)}
    sarif_results = []
    for result in results:
        for f in result.findings:
            location: dict = {"physicalLocation": {"artifactLocation": {"uri": artifact_uri(result.input)}}}
            region = {}
            if f.line is not None:
                region["startLine"] = f.line
            if f.start is not None and f.end is not None and f.line is not None:
                region.update(charOffset=f.start, charLength=f.end - f.start)
            if region:
                location["physicalLocation"]["region"] = region
            if f.pointer is not None:
                location["logicalLocations"] = [{"fullyQualifiedName": f.pointer or "/", "kind": "member"}]
            properties = {k: v for k, v in (("expected", f.expected), ("actual", f.actual), ("category", f.category)) if v is not None}
            if f.related:
                properties["related"] = list(f.related)
            entry = {"ruleId": f.code, "ruleIndex": index[f.code], "level": SARIF_LEVEL[f.severity],
                     "message": {"text": f.text(lang)}, "locations": [location],
                     "partialFingerprints": {"gzcheck/v1": fingerprint(f)}}
            if properties:
                entry["properties"] = properties
            sarif_results.append(entry)
    doc = {
        "$schema": "https://json.schemastore.org/sarif-2.1.0.json",
        "version": "2.1.0",
        "runs": [{
            "tool": {"driver": {"name": "gzcheck", "version": __version__, "rules": descriptors}},
            "results": sarif_results,
            "artifacts": [{"location": {"uri": artifact_uri(r.input)}} for r in results],
        }],
    }
    json.dump(doc, stream, ensure_ascii=False, indent=2, allow_nan=False)
    stream.write("\n")


def write_failure(fmt: str | None, message: str, stream: IO[str]) -> None:
    """The run could not check anything (a bad config, a broken plugin): still a valid document in the
    machine-read formats — SARIF with the error as a tool notification, a JUnit error, a JSON error."""
    if fmt == "sarif":
        doc = {"$schema": "https://json.schemastore.org/sarif-2.1.0.json", "version": "2.1.0", "runs": [{
            "tool": {"driver": {"name": "gzcheck", "version": __version__, "rules": []}}, "results": [],
            "invocations": [{"executionSuccessful": False, "toolExecutionNotifications": [
                {"level": "error", "message": {"text": message}}]}]}]}
        json.dump(doc, stream, ensure_ascii=False, indent=2)
        stream.write("\n")
    elif fmt == "junit":
        suites = ET.Element("testsuites", name="gzcheck", errors="1")
        suite = ET.SubElement(suites, "testsuite", name="gzcheck", tests="1", errors="1", failures="0")
        ET.SubElement(ET.SubElement(suite, "testcase", classname="gzcheck", name="gzcheck"), "error", message=xml_text(message))
        stream.write(ET.tostring(suites, encoding="unicode", xml_declaration=True) + "\n")
    elif fmt == "json":
        json.dump({"gzcheck": __version__, "error": message, "reports": []}, stream, ensure_ascii=False, indent=2)
        stream.write("\n")


def fingerprint(finding) -> str:
    """SARIF's partial fingerprint: the finding's identity (:meth:`gzcheck.Finding.identity`)."""
    return finding.identity()


def artifact_uri(path: str) -> str:
    """A file name as a URI reference: spaces, quotes, ``%``, ``<`` and line breaks percent-encoded."""
    raw = path.replace("\\", "/").encode("utf-8", "surrogateescape")  # a file name's own bytes, even undecodable ones
    return quote(raw, safe="/:@!$&'()*+,;=-._~")


_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")


def xml_text(value) -> str:
    """Text XML 1.0 can hold: characters it forbids (control characters) become U+FFFD."""
    return _NOT_XML.sub("\ufffd", str(value))


def write_junit(results: Iterable[Result], lang: str, stream: IO[str], rules: dict | None = None,
                fail_on: str = "error", **_context) -> None:
    """One test suite per report and one test case per rule; a rule with findings at the fail level fails."""
    results, rules = list(results), rules or {}
    threshold = SEVERITY_RANK[fail_on]
    suites = ET.Element("testsuites", name="gzcheck")
    for result in results:
        codes = sorted(set(rules) | {f.code for f in result.findings})
        name = xml_text(result.input)
        suite = ET.SubElement(suites, "testsuite", name=name, tests=str(len(codes)))
        failures = errors = 0
        for code in codes:
            case = ET.SubElement(suite, "testcase", classname=name, name=xml_text(code))
            found = [f for f in result.findings if f.code == code]
            failing = [f for f in found if SEVERITY_RANK[f.severity] >= threshold]
            text = xml_text("\n".join(f"{f.pointer or ''} {('line ' + str(f.line)) if f.line else ''} {f.text(lang)}".strip() for f in found))
            broken = [f for f in found if "internal_error" in f.details or f.code == "GZ-001"]
            if broken:  # the rule crashed, or the report could not be read: an error, not a failure
                ET.SubElement(case, "error", message=xml_text(broken[0].text(lang))).text = text
                errors += 1
            elif failing:
                ET.SubElement(case, "failure", message=xml_text(failing[0].text(lang)), type=failing[0].severity).text = text
                failures += 1
            elif found:
                ET.SubElement(case, "system-out").text = text
        suite.set("failures", str(failures))
        suite.set("errors", str(errors))
    ET.indent(suites)
    stream.write(ET.tostring(suites, encoding="unicode", xml_declaration=True))
    stream.write("\n")


_OTHER_BREAKS = re.compile("[\x0b\x0c\x1c\x1d\x1e\x85\u2028\u2029]")


def _escape(text: str, property_value: bool = False) -> str:
    """A workflow command is one line: line breaks encoded as GitHub decodes them, other breaks made spaces, and
    control characters from report content shown as escapes (a log viewer runs terminal sequences)."""
    text = _OTHER_BREAKS.sub(" ", text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A"))
    text = visible(text)
    return text.replace(":", "%3A").replace(",", "%2C") if property_value else text


GITHUB_LEVEL = {"error": "error", "warning": "warning", "info": "notice"}


def write_github(results: Iterable[Result], lang: str, stream: IO[str], **_context) -> None:
    """GitHub Actions workflow commands: one annotation per finding, on the page or file line."""
    for result in results:
        for f in result.findings:
            props = [f"file={_escape(result.input, True)}"]
            if f.line is not None:
                props.append(f"line={f.line}")
            props.append(f"title={_escape(f.code + (' ' + f.pointer if f.pointer else ''), True)}")
            stream.write(f"::{GITHUB_LEVEL[f.severity]} {','.join(props)}::{_escape(f.text(lang))}\n")
