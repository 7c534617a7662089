"""How a result is read: every boundary of the rules the README gives."""

import pytest

from bot.domain.topics import DEFAULT_SCALE, RATING_OPTIONS
from bot.summary.verdicts import Call, read, wilson
from bot.wording import difference, percent, plural, points, quoted_list, sentence

SCALE = DEFAULT_SCALE  # Agree, Partly agree, Disagree, Not sure
ABC = ("Option A", "Option B", "Option C")


def scale(agree, partly, disagree, unsure):
    counts = (agree, partly, disagree, unsure)
    return read(SCALE, counts, sum(counts), kind="single")


def test_agreeing_at_least_partly_is_one_side_and_never_called_split():
    # The case that read "Members are split: 50% Agree, 23% Partly agree".
    verdict = scale(50, 23, 15, 12)
    assert verdict.call is Call.AGREE
    assert verdict.sentence.startswith("Members agree, at least partly: 73% (95% interval 63–81%)")
    assert verdict.sentence.endswith("; disagree 15%, not sure 12% (n = 100).")
    assert verdict.leading == "agree at least partly" and verdict.share == pytest.approx(0.73)


@pytest.mark.parametrize(
    ("counts", "call"),
    [
        ((30, 30, 30, 10), Call.AGREE),  # exactly 60% agree at least partly
        ((30, 29, 31, 10), Call.SPLIT),  # 59% and 31%: both sides substantial, neither a majority
        ((10, 10, 60, 20), Call.DISAGREE),  # exactly 60% disagree
        ((21, 10, 30, 39), Call.SPLIT),  # 31% and 30%: both at the boundary of substantial
        ((20, 9, 30, 41), Call.LEANS),  # 29% agree: not substantial, so no split
        ((5, 5, 20, 70), Call.UNSURE),
        ((20, 20, 40, 20), Call.TIE),
    ],
)
def test_the_sides_of_an_agreement_scale(counts, call):
    verdict = scale(*counts)
    assert verdict.call is call, verdict.sentence


def test_equal_sides_are_a_tie_said_as_one():
    verdict = scale(20, 10, 30, 40)
    assert verdict.call is Call.TIE and verdict.leading is None
    assert verdict.sentence == (
        "Members are evenly divided: agree at least partly 30%, disagree 30%, not sure 40% (n = 100)."
    )


def test_a_split_never_names_a_side_with_sixty_percent():
    for agree in range(0, 101):
        disagree = 100 - agree
        verdict = scale(agree, 0, disagree, 0)
        if max(agree, disagree) >= 60:
            assert verdict.call in (Call.AGREE, Call.DISAGREE)
        elif agree == disagree:
            assert verdict.call is Call.TIE
        else:
            assert verdict.call is Call.SPLIT


def test_below_ten_responses_the_signal_is_weak_and_says_n():
    weak = scale(5, 2, 1, 1)
    assert weak.call is Call.WEAK
    assert weak.sentence == "Too few responses to call (n = 9): agree at least partly 78%, disagree 11%, not sure 11%."
    assert scale(6, 2, 1, 1).call is Call.AGREE  # ten is enough
    assert read(ABC, (0, 0, 0), 0, kind="single").sentence == "Too few responses to call (n = 0)."


def test_single_choice_majority_split_lead_and_ties():
    assert read(ABC, (6, 2, 2), 10, kind="single").call is Call.CLEAR
    assert read(ABC, (6, 2, 2), 10, kind="single").sentence.startswith("Most chose “Option A”: 60% (95% interval")
    assert read(ABC, (5, 3, 2), 10, kind="single").call is Call.SPLIT
    lead = read(("A", "B", "C", "D"), (5, 2, 2, 1), 10, kind="single")
    assert lead.call is Call.LEANS and lead.sentence.startswith("No majority: “A” leads with 50%")
    # A three-way tie is a tie, not broken by the order of the options.
    tie = read(ABC, (4, 4, 4), 12, kind="single")
    assert tie.call is Call.TIE and tie.leading is None
    assert tie.sentence == "Tied: “Option A”, “Option B” and “Option C”, 33% each (n = 12)."


def test_a_rating_gives_mean_median_and_the_share_rating_four_or_five():
    verdict = read(RATING_OPTIONS, (2, 3, 5, 6, 4), 20, kind="rating")
    assert verdict.call is Call.MIXED
    assert verdict.mean == pytest.approx(3.35) and verdict.median == 3.5
    assert verdict.sentence.startswith("Mixed ratings: mean 3.4 out of 5, median 3.5; 50% rated 4–5 (95% interval")
    assert "25% rated 1–2 (n = 20)." in verdict.sentence
    high = read(RATING_OPTIONS, (0, 1, 3, 10, 6), 20, kind="rating")
    assert high.call is Call.HIGH and high.sentence.startswith("Rated high: 80% rated 4–5")
    low = read(RATING_OPTIONS, (8, 4, 4, 2, 2), 20, kind="rating")
    assert low.call is Call.LOW and low.leading == "1–2"
    few = read(RATING_OPTIONS, (0, 0, 1, 1, 1), 3, kind="rating")
    assert few.call is Call.WEAK and few.sentence == "Too few responses to call (n = 3): mean 4.0 out of 5, median 4."


def test_choose_any_gives_shares_of_respondents_and_says_they_could_choose_several():
    # 20 respondents, 22 choices: the shares add to 110%, and the reader is told why.
    verdict = read(ABC, (12, 6, 4), 20, kind="multiple")
    assert verdict.call is Call.SEVERAL
    assert verdict.sentence == (
        "Most chosen: “Option A”, by 60% of respondents (95% interval 38–79%). People could choose several "
        "answers: 22 choices from 20 respondents (n = 20), so the shares add up to more than 100%."
    )
    tied = read(ABC, (8, 8, 4), 10, kind="multiple")
    assert tied.sentence.startswith("Most chosen, tied: “Option A” and “Option B”, each by 80%")


def test_the_interval_is_wilsons_and_narrows_with_n():
    small, large = wilson(6, 10), wilson(600, 1000)
    assert (round(small.low, 3), round(small.high, 3)) == (0.313, 0.832)
    assert large.high - large.low < small.high - small.low
    assert wilson(0, 10).low == 0.0 and wilson(10, 10).high == 1.0
    assert str(wilson(73, 100)) == "95% interval 63–81%"


def test_words_for_numbers():
    assert plural(1, "reply") == "1 reply" and plural(2, "reply") == "2 replies" and plural(0, "theme") == "0 themes"
    assert plural(1, "person") == "1 person" and plural(1500, "vote") == "1,500 votes"
    assert points(-1) == "down 1 point" and points(4) == "up 4 points" and points(0) == "no change"
    assert difference(5, 7) == "2 fewer" and difference(7, 5) == "2 more" and difference(3, 3) == "no change"
    assert percent(0.125) == "13%" and percent(0.005) == "1%"  # half up, not to even
    assert quoted_list(["A"]) == "“A”" and quoted_list(["A", "B", "C"]) == "“A”, “B” and “C”"
    assert sentence("Which topics?") == "Which topics?" and sentence("Done") == "Done."


def test_halves_round_up_even_where_floating_point_falls_short():
    assert percent(29 / 200) == "15%" and percent(23 / 40) == "58%" and percent(1 / 3) == "33%"


def test_neither_agree_nor_disagree_is_on_no_side():
    five = ("Strongly agree", "Agree", "Neither agree nor disagree", "Disagree", "Strongly disagree")
    verdict = read(five, (10, 20, 40, 20, 10), 100, kind="single")
    assert verdict.call is Call.TIE  # 30% a side, 40% neither: not 60% "disagree"
    assert (
        verdict.sentence
        == "Members are evenly divided: agree at least partly 30%, disagree 30%, not sure 40% (n = 100)."
    )


def test_choose_any_says_more_than_100_percent_only_when_it_is():
    one_each = read(ABC, (6, 3, 3), 12, kind="multiple")
    assert one_each.sentence.endswith("12 choices from 12 respondents (n = 12).")
    few = read(ABC, (3, 2, 1), 5, kind="multiple")
    assert (
        few.sentence
        == "Too few responses to call (n = 5). People could choose several answers: 6 choices from 5 respondents."
    )


def test_a_short_custom_period_is_compared_with_as_many_hours():
    from datetime import datetime, timedelta
    from zoneinfo import ZoneInfo

    from bot.summary.period import Period

    zone = ZoneInfo("Europe/London")
    start = datetime(2026, 11, 18, 9, tzinfo=zone)
    assert Period(start, start + timedelta(hours=6), "x").previous().label == "the 6 hours before"
    assert Period(start, start + timedelta(days=3), "x").previous().label == "the 3 days before"
