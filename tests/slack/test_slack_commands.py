"""Slash commands and modals: /idea, /card, /poll and /listening."""

import json

from storage import Store
from storage.exports import datasets, records
from tests.slack import payloads
from tests.slack.conftest import STAFF, Slack, start_slack


async def ideas(slack):
    async with slack.store.unit() as unit:
        dataset = next(d for d in datasets() if d.name == "ideas")
        return [r async for r in records(unit.session, dataset)]


async def test_idea_with_text_is_acknowledged_with_its_reference(slack):
    status, body = await slack.command("/idea", "A shared SEND specialist for small trusts")
    assert status == 200 and body.startswith("Thanks, your idea is recorded as IDEA-0001.")
    assert [i["text"] for i in await ideas(slack)] == ["A shared SEND specialist for small trusts"]


async def test_idea_without_text_opens_a_modal_whose_submission_is_recorded(slack):
    status, body = await slack.command("/idea", "  ")
    assert status == 200 and body == ""
    (opened,) = slack.fake.calls_to("views.open")
    assert opened["view"]["callback_id"] == "idea_modal"
    submission = payloads.view_submission(
        "UAMIRA", "idea_modal", {"idea": "Termly funding forecasts"}, opened["view"]["private_metadata"]
    )
    status, _ = await slack.submit(submission)
    assert status == 200
    assert [i["text"] for i in await ideas(slack)] == ["Termly funding forecasts"]
    ((token, told),) = slack.fake.responses  # answered through the slash command's response URL
    assert token == "cmd-UAMIRA" and told["response_type"] == "ephemeral" and "IDEA-0001" in told["text"]


async def test_member_text_echoed_back_cannot_mention_anyone(slack):
    await slack.command("/idea", "Ping <!channel> and <@U0CEO> and <!subteam^S1> & co")
    status, body = await slack.command("/listening", "mine")
    assert "<!channel>" not in body and "<@U0CEO>" not in body and "<!subteam" not in body
    assert "&lt;!channel&gt; and &lt;@U0CEO&gt; and &lt;!subteam^S1&gt; &amp; co" in body


async def test_staff_commands_are_refused_politely_to_members(slack):
    for command, text in (("/card", "send-funding"), ("/poll", '"Q?" "A" "B"'), ("/listening", "close 1")):
        status, body = await slack.command(command, text, user="UAMIRA")
        assert status == 200 and body.startswith("Sorry, ") and "policy team" in body
    status, body = await slack.command("/card", "", user="UAMIRA")
    assert body == "Sorry, /card is for the policy team."
    assert slack.fake.calls_to("views.open") == []


async def test_staff_publish_an_authored_card_with_card(slack):
    status, body = await slack.command("/card", "send-funding", user=STAFF)
    assert body.startswith("Published CARD-0001")
    assert slack.post(1)["blocks"][0]["text"]["text"].startswith("Fix high-needs funding")


async def test_staff_write_a_card_in_a_modal_with_field_errors_shown(slack):
    await slack.command("/card", "", user=STAFF)
    (opened,) = slack.fake.calls_to("views.open")
    assert opened["view"]["callback_id"] == "card_modal"
    bad = payloads.view_submission(
        STAFF,
        "card_modal",
        {"title": "T", "position": "P", "evidence": "strong", "values": "Fairness", "question": "", "closes_at": ""},
        opened["view"]["private_metadata"],
    )
    status, body = await slack.submit(bad)
    assert status == 200 and json.loads(body)["response_action"] == "errors"
    assert "question" in json.loads(body)["errors"]
    good = payloads.view_submission(
        STAFF,
        "card_modal",
        {
            "title": "Publish curriculum maps",
            "position": "Trusts should **publish** their curriculum maps.",
            "evidence": "weaker",
            "values": "Openness, Trust",
            "question": "Should we?",
            "closes_at": "3d",
        },
        opened["view"]["private_metadata"],
    )
    status, body = await slack.submit(good)
    assert status == 200 and body == ""
    message = slack.post(1)
    assert "Trusts should *publish* their curriculum maps." in json.dumps(message["blocks"])
    assert "Published CARD-0001" in slack.fake.responses[-1][1]["text"]


async def test_poll_with_quotes_options_and_a_closing_time(slack):
    status, body = await slack.command("/poll", '"Which first?" "SEND funding" "Teacher pay" --closes 2d', user=STAFF)
    assert body == "Published POLL-0001 · Which first?."
    buttons = next(b for b in slack.post(1)["blocks"] if b["type"] == "actions")["elements"]
    assert [b["text"]["text"] for b in buttons] == ["SEND funding", "Teacher pay"]


async def test_malformed_commands_get_clear_answers(slack):
    _, unbalanced = await slack.command("/poll", '"Which first? A" "B', user=STAFF)
    assert "quote is left open" in unbalanced
    _, unknown = await slack.command("/listening", "close CARD-0404", user=STAFF)
    assert unknown == "There is no card or poll 'CARD-0404'. `list` shows the open ones."
    _, nothing = await slack.command("/card", "no-such-card", user=STAFF)
    assert "no authored card or poll called 'no-such-card'" in nothing
    _, help_text = await slack.command("/listening", "")
    assert "list" in help_text and "mine" in help_text
    assert slack.fake.calls_to("chat.postMessage") == []  # nothing was posted


async def test_staff_can_be_a_user_group(fake_slack, sqlite_url, clock):
    fake_slack.groups["S0POLICY"] = ["UGROUPIE"]
    adapter, runtime, database = await start_slack(fake_slack, sqlite_url, clock, staff_group="S0POLICY")
    slack = Slack(fake_slack, adapter, runtime, Store(database))
    try:
        _, body = await slack.command("/listening", "recorded", user="UGROUPIE")
        assert body.startswith("Recorded so far:")
        _, body = await slack.command("/listening", "recorded", user="UOUTSIDER")
        assert body.startswith("Sorry, ")
        assert len(fake_slack.calls_to("usergroups.users.list")) == 1  # cached
    finally:
        await slack.close()
        await runtime.stop()
        await database.dispose()


async def test_staff_ask_for_the_summary_and_only_they_see_it(slack):
    await slack.command("/idea", "Shared SEND specialists")
    status, body = await slack.command("/listening", "summary", user=STAFF)
    assert status == 200 and body.startswith("What we heard, 2026-W47 so far (against the same days last week):")
    assert "ideas 1 (1 more)" in body and "New ideas: IDEA-0001" in body
    _, refused = await slack.command("/listening", "summary", user="UAMIRA")
    assert refused.startswith("Sorry, `summary` is for the policy team.")
