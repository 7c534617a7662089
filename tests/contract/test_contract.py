"""The platform contract: each scenario is written once and runs on every platform.

Scenarios act as members and staff through a driver (tests/contract/drivers.py) and assert
what a person would notice: the card in each member channel, its choices and tally, what the
bot says in its thread and to the staff channel, what a member is told, and the export."""

from __future__ import annotations

import pytest

from tests.contract.drivers import export

SLUG = "send-funding"  # an authored card in the shipped examples
TITLE = "Fix high-needs funding before asking mainstream schools to do more on inclusion"
CHOICES = ("Agree", "Partly agree", "Disagree", "Not sure")


def of(table: list[dict], topic) -> list[dict]:
    return [r for r in table if r.get("topic") == topic.ref]


async def test_a_published_card_is_in_every_member_channel_with_its_choices(platform):
    topic = await platform.publish(SLUG)
    assert topic.ref == "CARD-0001" and "Published CARD-0001" in topic.answer
    shown = await platform.cards(topic)
    assert shown and len({s.channel for s in shown}) == len(shown)
    for card in shown:
        assert TITLE in card.text, card.channel
        assert card.choices == CHOICES, card.channel
        assert card.tally() == dict.fromkeys(CHOICES, 0), card.channel
    (record,) = (await export(platform.store))["cards"]
    assert (record["ref"], record["title"], record["status"]) == ("CARD-0001", TITLE, "open")


async def test_a_vote_is_confirmed_to_the_member_and_counted_on_every_card(platform):
    topic = await platform.publish(SLUG)
    told = await platform.vote("amira", topic, "Partly agree")
    assert f"your response to {topic.ref} is recorded: “Partly agree”" in told
    await platform.vote("bea", topic, "Disagree")
    for card in await platform.cards(topic):
        assert card.tally() == {"Agree": 0, "Partly agree": 1, "Disagree": 1, "Not sure": 0}, card.channel
        assert "n = 2" in card.text, card.channel
    votes = of((await export(platform.store))["votes"], topic)
    assert sorted(v["option_label"] for v in votes) == ["Disagree", "Partly agree"]


async def test_a_changed_vote_moves_the_tally_and_counts_once(platform):
    topic = await platform.publish(SLUG)
    await platform.vote("amira", topic, "Agree")
    told = await platform.vote("amira", topic, "Not sure")
    assert "from “Agree” to “Not sure”" in told
    await platform.vote("amira", topic, "Not sure")  # the same answer again changes nothing
    for card in await platform.cards(topic):
        assert card.tally() == {"Agree": 0, "Partly agree": 0, "Disagree": 0, "Not sure": 1}, card.channel
        assert "n = 1" in card.text, card.channel
    (vote,) = of((await export(platform.store))["votes"], topic)
    assert (vote["option_label"], vote["changes"]) == ("Not sure", 1)


async def test_a_reply_in_the_cards_thread_is_recorded_against_the_card(platform):
    topic = await platform.publish(SLUG)
    await platform.reply("amira", topic, "Our top-ups have not moved in three years.")
    (reply,) = (await export(platform.store))["replies"]
    assert (reply["ref"], reply["topic"], reply["text"]) == (
        "REPLY-0001",
        topic.ref,
        "Our top-ups have not moved in three years.",
    )
    assert not reply["edited"] and not reply["deleted"]


async def test_an_edited_reply_keeps_only_the_new_text(platform):
    topic = await platform.publish(SLUG)
    reply = await platform.reply("amira", topic, "Teh deficit is the problem.")
    await platform.edit(reply, "The deficit is the problem.")
    (record,) = (await export(platform.store))["replies"]
    assert (record["text"], record["edited"], record["deleted"]) == ("The deficit is the problem.", True, False)


async def test_a_deleted_reply_is_kept_without_its_text(platform):
    topic = await platform.publish(SLUG)
    kept = await platform.reply("bea", topic, "Inclusion first, then funding.")
    gone = await platform.reply("amira", topic, "Soon to be gone.")
    await platform.delete(gone)
    records = (await export(platform.store))["replies"]
    assert [(r["text"], r["deleted"]) for r in records] == [(kept.text, False), (None, True)]
    assert "Soon to be gone." not in str(records)


async def test_a_reaction_on_the_card_is_recorded_and_taken_back(platform):
    topic = await platform.publish(SLUG)
    await platform.react("amira", topic)
    await platform.react("bea", topic)
    reactions = of((await export(platform.store))["reactions"], topic)
    assert [r["emoji"] for r in reactions] == [platform.recorded_emoji] * 2
    await platform.unreact("bea", topic)
    (left,) = of((await export(platform.store))["reactions"], topic)
    assert left["member"] == reactions[0]["member"]  # amira's stays, bea's is gone


async def test_an_idea_is_answered_with_its_reference(platform):
    told = await platform.idea("amira", "A shared SEND specialist for small trusts")
    assert "your idea is recorded as IDEA-0001" in told
    (idea,) = (await export(platform.store))["ideas"]
    assert (idea["ref"], idea["text"]) == ("IDEA-0001", "A shared SEND specialist for small trusts")
    assert "IDEA-0001" in await platform.mine("amira")  # and she finds it among her own data


async def test_close_shows_the_final_result_and_refuses_later_votes(platform):
    topic = await platform.publish(SLUG)
    await platform.vote("amira", topic, "Agree")
    await platform.vote("bea", topic, "Agree")
    await platform.vote("cai", topic, "Disagree")
    told = await platform.close(topic)
    assert f"Closed {topic.ref} (n = 3)" in told
    for channel in range(platform.member_channels):  # in the thread of every member channel's post
        thread = await platform.thread(topic, channel=channel)
        assert thread.count(f"Final result for {topic.ref}") == 1 and "(n = 3)" in thread, channel
    for card in await platform.cards(topic):
        assert card.tally() == {"Agree": 2, "Partly agree": 0, "Disagree": 1, "Not sure": 0}, card.channel
        assert "closed" in card.text.lower(), card.channel
    late = await platform.vote("dev", topic, "Agree")  # from a screen that still showed the choices
    assert f"{topic.ref} closed" in late and "not recorded" in late, late
    (record,) = (await export(platform.store))["cards"]
    assert record["status"] == "closed"
    assert len(of((await export(platform.store))["votes"], topic)) == 3


async def test_close_takes_the_buttons_off_every_card(platform):
    if not platform.buttons:
        pytest.skip(f"{platform.name}: no buttons (choices are typed, not clicked)")
    topic = await platform.publish(SLUG)
    assert all(card.choices == CHOICES for card in await platform.cards(topic))
    await platform.close(topic)
    assert [card.choices for card in await platform.cards(topic)] == [()] * len(await platform.cards(topic))


async def test_the_weekly_summary_is_posted_to_the_staff_channel(platform):
    topic = await platform.publish(SLUG)
    await platform.vote("amira", topic, "Agree")
    await platform.idea("bea", "Termly funding forecasts")
    assert "What we heard" not in await platform.staff_channel()
    await platform.weekly_summary()  # Friday 15:00 passes
    posted = await platform.staff_channel()
    assert "What we heard: 2026-W47" in posted
    assert topic.ref in posted and "IDEA-0001" in posted
    assert "Too few responses to call (n = 1)" in posted
    await platform.weekly_summary()  # a week later the alarm rings again
    posted = await platform.staff_channel()
    assert posted.count("What we heard: 2026-W47") == 1  # each week's summary once
    assert posted.count("What we heard: 2026-W48") == 1


async def test_erase_removes_the_members_data_from_the_export(platform):
    topic = await platform.publish(SLUG)
    await platform.vote("amira", topic, "Agree")
    await platform.reply("amira", topic, "Mine, to be erased.")
    await platform.react("amira", topic)
    await platform.idea("amira", "An idea to be erased")
    await platform.vote("bea", topic, "Disagree")
    await platform.reply("bea", topic, "Bea's, to be kept.")
    mine = await platform.mine("amira")
    pseudonym = mine.split("pseudonymous id is ")[1].split(")")[0]
    told = await platform.erase("amira")
    assert "1 reply, 1 idea, 1 reaction" in told and "Nothing left is linked to you" in told, told
    assert "Nothing is recorded from you" in await platform.mine("amira")
    data = await export(platform.store)
    assert pseudonym not in str(data)
    assert "Mine, to be erased." not in str(data) and "An idea to be erased" not in str(data)
    assert data["ideas"] == [] and data["reactions"] == []
    assert [r["text"] for r in data["replies"]] == ["Bea's, to be kept."]
    assert [v["option_label"] for v in of(data["votes"], topic)] == ["Disagree"]
    for card in await platform.cards(topic):
        assert card.tally() == {"Agree": 0, "Partly agree": 0, "Disagree": 1, "Not sure": 0}, card.channel


async def test_the_second_member_channel_counts_into_the_same_card(platform):
    if platform.member_channels < 2:
        pytest.skip(f"{platform.name}: one member channel only")
    topic = await platform.publish(SLUG)
    told = await platform.vote("amira", topic, "Agree", channel=1)
    assert f"your response to {topic.ref} is recorded: “Agree”" in told
    await platform.vote("bea", topic, "Agree", channel=0)
    await platform.reply("amira", topic, "From the other channel.", channel=1)
    await platform.react("amira", topic, channel=1)
    for card in await platform.cards(topic):
        assert card.tally() == {"Agree": 2, "Partly agree": 0, "Disagree": 0, "Not sure": 0}, card.channel
    data = await export(platform.store)
    assert [(r["topic"], r["text"]) for r in data["replies"]] == [(topic.ref, "From the other channel.")]
    assert [r["topic"] for r in data["reactions"]] == [topic.ref]
    assert len(of(data["votes"], topic)) == 2


async def test_a_hidden_poll_shows_no_numbers_until_it_closes(platform):
    topic = await platform.poll('"Which matters most this term?" "Pay" "Workload" "Funding" --hidden')
    assert topic.ref == "POLL-0001"
    for card in await platform.cards(topic):
        assert card.choices == ("Pay", "Workload", "Funding"), card.channel
    told = await platform.vote("amira", topic, "Workload")
    assert f"your response to {topic.ref} is recorded: “Workload”" in told
    for card in await platform.cards(topic):
        assert card.tally() == {}, card.channel
        assert "Results are shown when it closes" in card.text, card.channel
    await platform.close(topic)
    for card in await platform.cards(topic):
        assert card.tally() == {"Pay": 0, "Workload": 1, "Funding": 0}, card.channel
    assert "Final result for POLL-0001" in await platform.thread(topic)


async def test_a_redelivered_reply_is_recorded_once(platform):
    if not platform.redelivers:
        pytest.skip(f"{platform.name}: nothing redelivers events")
    topic = await platform.publish(SLUG)
    reply = await platform.reply("amira", topic, "Only once, however often it arrives.")
    await platform.redeliver(reply)
    await platform.redeliver(reply)
    assert [r["text"] for r in (await export(platform.store))["replies"]] == [reply.text]


async def test_an_edit_and_a_delete_in_the_second_channel_reach_the_right_reply(platform):
    if platform.member_channels < 2:
        pytest.skip(f"{platform.name}: one member channel only")
    topic = await platform.publish(SLUG)
    first = await platform.reply("amira", topic, "In the first channel.", channel=0)
    second = await platform.reply("bea", topic, "In the second channel, draft.", channel=1)
    await platform.edit(second, "In the second channel.")
    await platform.delete(first)
    records = (await export(platform.store))["replies"]
    assert [(r["text"], r["edited"], r["deleted"]) for r in records] == [
        (None, False, True),
        ("In the second channel.", True, False),
    ]


async def test_the_summary_names_each_member_channel_as_people_see_it(platform):
    topic = await platform.publish(SLUG)
    await platform.vote("amira", topic, "Agree")
    await platform.weekly_summary()
    posted = await platform.staff_channel()
    for name in platform.channel_names:  # every channel is quiet, so each is listed as one we are not hearing
        assert f"{platform.name} channel {name}" in posted, (name, posted)


async def test_on_a_choose_any_poll_a_later_click_takes_the_choice_back(platform, clock):
    topic = await platform.poll('"Which matter this term?" "Pay" "Workload" "Funding" --multiple')
    await platform.vote("amira", topic, "Pay")
    told = await platform.vote("amira", topic, "Funding")
    assert "You have chosen: “Pay”, “Funding”." in told
    told = await platform.vote("amira", topic, "Funding")  # a double click keeps it
    assert "Already recorded" in told
    clock.advance(seconds=5)
    told = await platform.vote("amira", topic, "Pay")  # a change of mind: un-chosen
    assert "Removed “Pay”" in told
    await platform.vote("bea", topic, "Funding")
    for card in await platform.cards(topic):
        assert card.tally() == {"Pay": 0, "Workload": 0, "Funding": 2}, card.channel
    votes = of((await export(platform.store))["votes"], topic)
    assert sorted(v["option_label"] for v in votes) == ["Funding", "Funding"]
