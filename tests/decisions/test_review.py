import json
import re
from collections.abc import Callable
from dataclasses import replace
from datetime import date
from pathlib import Path

import pytest
import typer
from typer.testing import CliRunner

from sanctscreen.cli.review import Flag, open_flags, review, review_flags
from sanctscreen.decisions import Decision, Decisions, Verdict, load_decisions, save_decisions
from sanctscreen.models import Status
from sanctscreen.reports import render
from tests.reports import sample

TODAY = date(2026, 3, 1)


@pytest.fixture
def cli() -> typer.Typer:
    # A small app with only this command, so the test does not depend on the other commands.
    app = typer.Typer()
    app.callback()(lambda: None)
    app.command("review")(review)
    return app


@pytest.fixture
def report_file(tmp_path: Path) -> Path:
    path = tmp_path / "report.json"
    path.write_bytes(render(sample.report(), "json"))
    return path


def _asker(answers: list[str]) -> Callable[[str], str]:
    feed = iter(answers)

    def ask(prompt: str) -> str:
        try:
            return next(feed)
        except StopIteration:
            raise EOFError from None

    return ask


def _flags() -> list[Flag]:
    return open_flags(sample.report().results)


def test_open_flags_are_undecided_hits_then_reviews() -> None:
    flags = _flags()
    assert [(f.result.subject.row, f.match.status) for f in flags] == [
        (2, Status.HIT), (3, Status.REVIEW), (4, Status.REVIEW)]


def test_loop_records_clear_and_match_and_skips() -> None:
    shown: list[int] = []
    made = review_flags(_flags(), _asker(["c", "", "a toy shop", "what?", "s", "M", "ISIN ok"]),
                        lambda flag, n, total: shown.append(n), by="ana", today=TODAY)
    assert shown == [1, 2, 3]
    assert [(d.name, d.entity_id, d.decision, d.why) for d in made] == [
        ("Megvii Technology Ltd", "seed:megvii", Verdict.CLEAR, "a toy shop"),
        (sample.FORMULA_NAME, "seed:evil", Verdict.MATCH, "ISIN ok")]
    assert made[0].entity_version == "v-megvii"
    assert made[0].on == TODAY and made[0].by == "ana"


def test_quit_and_end_of_input_keep_what_was_decided() -> None:
    quit_early = review_flags(_flags(), _asker(["c", "not them", "q"]), lambda *a: None,
                              by="ana", today=TODAY)
    assert len(quit_early) == 1
    eof = review_flags(_flags(), _asker(["m", "confirmed"]), lambda *a: None, by="ana",
                       today=TODAY)
    assert [d.decision for d in eof] == [Verdict.MATCH]


def test_one_decision_covers_later_flags_of_the_same_name_and_entity() -> None:
    flag = _flags()[0]
    shown: list[int] = []
    made = review_flags([flag, flag], _asker(["c", "not them"]),
                        lambda f, n, t: shown.append(n), by="ana", today=TODAY)
    assert shown == [1]
    assert len(made) == 1


def test_nameless_rows_are_keyed_by_position() -> None:
    flag = _flags()[0]
    nameless = Flag(replace(flag.result, subject=replace(flag.result.subject, name=None)),
                    flag.match)
    [made] = review_flags([nameless], _asker(["c", "blank row"]), lambda *a: None, by="a",
                          today=TODAY)
    assert (made.name, made.row_key) == (None, "holdings.xlsx:Holdings:2")


def test_command_writes_decisions_that_clear_on_the_next_run(
        cli: typer.Typer, report_file: Path, tmp_path: Path) -> None:
    allow = tmp_path / "allow.yaml"
    earlier = Decision(entity_id="seed:other", entity_version="v", decision=Verdict.CLEAR,
                       by="bo", on=date(2025, 1, 1), why="kept", name="Someone")
    save_decisions(Decisions([earlier]), allow)
    note = "# Someone: cleared by the committee on 2025-01-01, minutes p. 4\n"
    allow.write_text(allow.read_text(encoding="utf-8") + note, encoding="utf-8")
    result = CliRunner().invoke(
        cli, ["review", str(report_file), "-d", str(allow), "--by", "ana", "--expires-in", "30"],
        input="c\na toy shop in Lyon\ns\nm\n\n")
    assert result.exit_code == 0, result.output
    assert note in allow.read_text(encoding="utf-8")  # the file's comments are kept
    assert "Flag 1 of 3: holdings.xlsx, Holdings, row 2 (hit)" in result.output
    assert "Matched:     Megvii Technology Limited (seed:megvii)" in result.output
    assert "Path:        Beijing Kuangshi Technology Co., Ltd., owned 100% by" in result.output
    saved = load_decisions(allow).entries
    assert [(d.name, d.decision, d.by) for d in saved] == [
        ("Someone", Verdict.CLEAR, "bo"),
        ("Megvii Technology Ltd", Verdict.CLEAR, "ana"),
        (sample.FORMULA_NAME, Verdict.MATCH, "ana")]
    assert saved[1].expires is not None and saved[1].expires > saved[1].on
    assert saved[2].expires is None

    applied = load_decisions(allow).apply(sample.report().results, saved[1].on)
    assert [r.status for r in applied] == [Status.CLEARED, Status.REVIEW, Status.HIT,
                                           Status.CLEAR, Status.SKIPPED, Status.CLEARED]

    again = CliRunner().invoke(cli, ["review", str(report_file), "-d", str(allow)], input="q\n")
    assert again.exit_code == 0
    assert "Flag 1 of 1: holdings.xlsx, Holdings, row 3 (review)" in again.output
    assert len(load_decisions(allow).entries) == 3
    assert "0 decisions recorded in" in again.output
    assert "1 flag left open" in again.output


def test_command_reports_bad_input_in_one_line(cli: typer.Typer, tmp_path: Path) -> None:
    bad = tmp_path / "bad.json"
    bad.write_text("[]")
    result = CliRunner().invoke(cli, ["review", str(bad), "-d", str(tmp_path / "d.yaml")])
    assert result.exit_code == 2
    assert "not a sanctscreen JSON report" in result.output
    assert not (tmp_path / "d.yaml").exists()


def test_nothing_to_review(cli: typer.Typer, tmp_path: Path) -> None:
    path = tmp_path / "clean.json"
    path.write_bytes(render(sample.empty_report(), "json"))
    result = CliRunner().invoke(cli, ["review", str(path), "-d", str(tmp_path / "d.yaml")])
    assert result.exit_code == 0
    assert "nothing to review" in result.output
    assert not (tmp_path / "d.yaml").exists()


def test_report_without_entity_versions_is_refused(cli: typer.Typer, tmp_path: Path) -> None:
    base = sample.report()
    old = tuple(replace(r, matches=tuple(replace(m, entity_version="") for m in r.matches))
                for r in base.results)
    path = tmp_path / "old.json"
    path.write_bytes(render(replace(base, results=old), "json"))
    result = CliRunner().invoke(cli, ["review", str(path), "-d", str(tmp_path / "d.yaml")])
    assert result.exit_code == 2
    assert "carry no entity_version" in result.output


def test_the_vendors_example_asks_once_per_flagged_row(examples: Path, tmp_path: Path) -> None:
    from sanctscreen.cli import app as cli

    # DJI, Dawning, Megvii, Hikvision ... are each on the seed list and an OFAC list: one party,
    # one question per row (before the lists were merged, two).
    report = tmp_path / "vendors.json"
    assert CliRunner().invoke(cli, ["check", str(examples / "vendors.csv"), "--ownership",
                                    str(examples / "owners.csv"), "-o", str(report),
                                    "--quiet"]).exit_code == 1
    flagged = {(r["row"]) for r in json.loads(report.read_text())["results"]
               if r["status"] in ("hit", "review")}
    result = CliRunner().invoke(cli, ["review", str(report), "-d", str(tmp_path / "d.yaml")],
                                input="s\n" * 20)
    assert result.exit_code == 0, result.output
    asked = re.findall(r"Flag (\d+) of (\d+): \S*vendors\.csv, row (\d+)", result.output)
    assert len(asked) == int(asked[0][1]) == len(flagged)
    assert sorted(int(row) for _, _, row in asked) == sorted(flagged)
