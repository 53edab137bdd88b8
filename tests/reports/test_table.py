from dataclasses import replace

from sanctscreen.models import Result, Status, Subject
from sanctscreen.reports import table
from tests.reports import sample


def test_per_row_table_keeps_best_match_and_summarises_others() -> None:
    report = sample.report()
    second = replace(sample.EVIL, status=Status.REVIEW, score=0.7)
    row = replace(report.results[0], matches=(second, sample.MEGVII))
    built = table.build(replace(report, results=(row,)), per_match=False)
    record = dict(zip(built.header, built.rows[0], strict=True))
    assert record["Entity ID"] == "seed:megvii"
    assert record["Other matches"] == f"{sample.FORMULA_ENTITY} [EL] 0.70 (review)"
    assert built.statuses == (Status.HIT,)


def test_per_match_table_has_a_line_per_match() -> None:
    report = sample.report()
    row = replace(report.results[0], matches=(sample.MEGVII, sample.EVIL))
    built = table.build(replace(report, results=(row,)), per_match=True)
    assert [r[built.header.index("Entity ID")] for r in built.rows] == ["seed:megvii",
                                                                         "seed:evil"]
    assert "Other matches" not in built.header


def test_input_columns_named_like_ours_are_kept_apart() -> None:
    subject = Subject("f.csv", None, 2, "X", cells={"Status": "active", "Vendor": "X"})
    report = replace(sample.report(), results=(Result(subject, Status.SKIPPED, reason="r"),))
    built = table.build(report, per_match=True)
    record = dict(zip(built.header, built.rows[0], strict=True))
    assert record["Status"] == "skipped"
    assert record["Status (input)"] == "active"
    assert record["Reason"] == "r"
