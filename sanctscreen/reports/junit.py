"""The JUnit XML report: one test case per reported row, so CI test tabs list the flagged names.

A hit is a failure. A row to review is a failure when `fail_on` includes reviews, and a skipped
test case ("needs review") otherwise, so that the test tab agrees with the gate's exit code.
Rows that could not be screened are skipped test cases; cleared and clear rows pass. The run's
warnings are the suite's `system-err`, a line each.
"""

from __future__ import annotations

import xml.etree.ElementTree as ET
from typing import BinaryIO

from sanctscreen.models import Report, Result, Status
from sanctscreen.reports.common import (
    best_match,
    display_name,
    failing_statuses,
    list_provenance,
    lists_text,
    location,
    path_text,
    settings_provenance,
    sources_text,
)
from sanctscreen.reports.interface import ReportFormat
from sanctscreen.reports.xmltext import xml_text


class JunitFormat(ReportFormat):
    NAME = "junit"
    EXTENSIONS = (".junit.xml", ".xml")

    def write(self, report: Report, out: BinaryIO) -> None:
        failing = failing_statuses(report)
        suites = ET.Element("testsuites", name="sanctscreen")
        suite = ET.SubElement(suites, "testsuite", name="sanctscreen",
                              timestamp=report.generated_at.removesuffix("Z"))
        properties = ET.SubElement(suite, "properties")
        for info in report.lists:
            ET.SubElement(properties, "property", name=f"list.{info.id}",
                          value=xml_text(list_provenance(info)))
        for key, value in settings_provenance(report):
            ET.SubElement(properties, "property", name=key, value=xml_text(value))
        failures = skipped = 0
        for result in report.reported:
            case = ET.SubElement(suite, "testcase", classname=xml_text(result.subject.file),
                                 name=xml_text(_case_name(result)))
            if result.status in failing:
                failures += 1
                _failure(case, result)
            elif result.status in (Status.REVIEW, Status.SKIPPED):
                skipped += 1
                message = "needs review" if result.status is Status.REVIEW else "not screened"
                element = ET.SubElement(case, "skipped", message=message)
                element.text = xml_text(_details(result))
            elif result.matches:
                ET.SubElement(case, "system-out").text = xml_text(_details(result))
        if report.warnings:
            ET.SubElement(suite, "system-err").text = xml_text(
                "\n".join(f"warning: {warning}" for warning in report.warnings))
        tests = len(report.reported)
        for element in (suites, suite):
            element.set("tests", str(tests))
            element.set("failures", str(failures))
            element.set("errors", "0")
            element.set("skipped", str(skipped))
        ET.indent(suites)
        ET.ElementTree(suites).write(out, encoding="utf-8", xml_declaration=True)


def _case_name(result: Result) -> str:
    return f"{location(result)}: {display_name(result.subject)}"


def _failure(case: ET.Element, result: Result) -> None:
    match = best_match(result)
    kind = result.status.value
    if match is None:
        message = f"{kind}: {result.reason or ''}"
    else:
        message = f"{kind}: {match.entity_name} [{lists_text(match.lists)}] score {match.score:.2f}"
    element = ET.SubElement(case, "failure", message=xml_text(message), type=kind)
    element.text = xml_text(_details(result))


def _details(result: Result) -> str:
    lines = [f"{location(result)}: {display_name(result.subject)} ({result.status.value})"]
    if result.reason:
        lines.append(f"reason: {result.reason}")
    for match in result.matches:
        lines.append(f"- {match.entity_name} ({sources_text(match)}) [{lists_text(match.lists)}] "
                     f"score {match.score:.4f}, {match.match_type.value}, {match.status.value}")
        if match.consequence:
            lines.append(f"  {match.consequence}")
        lines.append(f"  {match.explanation}")
        if match.path:
            lines.append(f"  path: {path_text(match.path)}")
        if match.decision:
            lines.append(f"  decision: {match.decision}")
    return "\n".join(lines)
