"""Cards and polls written as Markdown: good files publish, bad ones say exactly why."""

from datetime import datetime
from pathlib import Path

import pytest

from bot.authoring import AuthoringError, library, parse
from tests.conftest import EXAMPLES, LONDON

GOOD = """---
title: Ring-fence high-needs funding
evidence: best-bet
values: Fairness, Inclusion
question: Should high-needs funding be ring-fenced?
closes_at: 2026-12-04 17:00
---
High-needs funding should be **ring-fenced**.
"""


def test_a_card_file_becomes_a_card_with_its_markdown_position():
    card = parse(GOOD, "send.md", LONDON)
    assert card.title == "Ring-fence high-needs funding"
    assert card.position == "High-needs funding should be **ring-fenced**."
    assert card.values == ["Fairness", "Inclusion"]
    assert card.options == ("Agree", "Partly agree", "Disagree", "Not sure")
    assert card.slug == "send"
    assert card.closes_at == datetime(2026, 12, 4, 17, tzinfo=LONDON)


def test_a_bare_closing_date_means_the_end_of_that_day():
    card = parse(GOOD.replace("2026-12-04 17:00", "2026-12-04"), "send.md", LONDON)
    assert card.closes_at == datetime(2026, 12, 4, 23, 59, tzinfo=LONDON)


@pytest.mark.parametrize(
    "change, field, message",
    [
        (
            ("evidence: best-bet", "evidence: probably"),
            "evidence",
            "'strong', 'weaker', 'best-bet' or 'needs-research'",
        ),
        (
            ("question: Should high-needs funding be ring-fenced?", "question: '   '"),
            "question",
            "at least 1 character",
        ),
        (("title: Ring-fence high-needs funding", "title: " + "x" * 200), "title", "at most 150 characters"),
        (("closes_at: 2026-12-04 17:00", "closes_at: next week"), "closes_at", "valid datetime"),
        (("values: Fairness, Inclusion\n", ""), "values", "Field required"),
        (("evidence: best-bet", "evidence: strong\nurgency: high"), "urgency", "Extra inputs are not permitted"),
    ],
)
def test_a_bad_card_names_the_file_the_field_and_the_fault(change, field, message):
    with pytest.raises(AuthoringError) as err:
        parse(GOOD.replace(*change), "cards/send.md", LONDON)
    assert f"cards/send.md: {field}: " in str(err.value)
    assert message in str(err.value)


def test_broken_yaml_names_the_line():
    with pytest.raises(AuthoringError) as err:
        parse("---\ntitle: [unclosed\n---\nbody", "x.md", LONDON)
    assert str(err.value).startswith("x.md: line ")


def test_a_poll_needs_two_to_ten_distinct_answers():
    base = "---\nkind: poll\nquestion: Which first?\nanswers: {answers}\n---\n"
    assert parse(base.format(answers="[Pay, Workload]"), "p.md", LONDON).options == ("Pay", "Workload")
    for bad, message in (("[Pay]", "needs 2 to 10 answers"), ("[Pay, pay]", "must all be different")):
        with pytest.raises(AuthoringError, match=message):
            parse(base.format(answers=bad), "p.md", LONDON)


def test_the_shipped_examples_are_valid_and_never_expire():
    found, broken = library(EXAMPLES, LONDON)
    assert broken == []
    kinds = sorted(a.content.kind for a in found)
    assert kinds.count("card") >= 3 and kinds.count("poll") >= 2
    assert all(a.content.closes_at is None for a in found)


def test_a_folder_lists_good_files_and_reports_bad_ones(tmp_path: Path):
    (tmp_path / "good.md").write_text(GOOD)
    (tmp_path / "bad.md").write_text(GOOD.replace("evidence: best-bet", "evidence: vibes"))
    (tmp_path / "notes.txt").write_text("ignored")
    found, broken = library(tmp_path, LONDON)
    assert [a.path.name for a in found] == ["good.md"]
    assert [Path(e.path).name for e in broken] == ["bad.md"]


@pytest.mark.parametrize(
    "text, field, message",
    [
        (GOOD.replace("2026-12-04 17:00", "2026-02-30"), "closes_at", "valid datetime"),
        (GOOD.replace("evidence: best-bet", "evidence: best-bet\n1: x"), "1", "Extra inputs are not permitted"),
        ("---\n- just\n- a list\n---\nbody", "front matter", "field: value"),
        ("---\ntitle: no end\n", "front matter", "closed by a line with just ---"),
        ("no front matter at all", "front matter", "missing"),
    ],
)
def test_odd_files_are_refused_with_a_reason_not_a_crash(text, field, message):
    with pytest.raises(AuthoringError) as err:
        parse(text, "odd.md", LONDON)
    assert f"odd.md: {field}: " in str(err.value) and message in str(err.value)


def test_yaml_words_stay_as_written():
    poll = parse("---\nkind: poll\nquestion: Ready?\nanswers: [Yes, No, 1.0]\nanonymous: no\n---\n", "p.md", LONDON)
    assert poll.options == ("Yes", "No", "1.0") and poll.anonymous is False


def test_a_byte_order_mark_and_an_underscored_file_name_are_fine(tmp_path: Path):
    path = tmp_path / "Pay_Award 2026.md"
    path.write_bytes(b"\xef\xbb\xbf" + GOOD.encode())
    found, broken = library(tmp_path, LONDON)
    assert broken == [] and found[0].content.slug == "pay-award-2026"


def test_a_poll_body_is_its_note():
    poll = parse("---\nkind: poll\nquestion: Which?\nanswers: [A, B]\n---\nResults go to the board.\n", "p.md", LONDON)
    assert poll.note == "Results go to the board."


def test_a_yaml_fault_names_the_line_of_the_file_it_is_on():
    with pytest.raises(AuthoringError) as err:
        parse("---\ntitle: T\nvalues: [A\nquestion: x\n---\nBody", "cards/send.md", LONDON)
    assert str(err.value).startswith("cards/send.md: line 4: not valid YAML")


def test_a_card_folder_reports_a_bad_file_and_keeps_the_good_ones(tmp_path):
    (tmp_path / "good.md").write_text(GOOD)
    (tmp_path / "deep.md").write_text(GOOD.replace("values: Fairness, Inclusion", "values: " + "[" * 400 + "]" * 400))
    found, broken = library(tmp_path, LONDON)
    assert [item.content.slug for item in found] == ["good"]
    assert [Path(err.path).name for err in broken] == ["deep.md"] and "nested too deeply" in str(broken[0])
