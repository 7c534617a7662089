"""Ideas get a reference; chat commands answer members and staff the same on every platform."""

from tests.cards import card


async def test_an_idea_is_acknowledged_with_its_reference(running, platform):
    first = await platform.idea("amira", "A shared SEND specialist for small trusts")
    second = await platform.idea("bea", "Peer review of curriculum across trusts")
    assert "IDEA-0001" in first.reply and "IDEA-0002" in second.reply


async def test_a_redelivered_idea_gets_the_same_reference_and_is_stored_once(running, platform):
    first = await platform.idea("amira", "Pool supply teachers regionally", event_id="cmd-1")
    again = await platform.idea("amira", "Pool supply teachers regionally", event_id="cmd-1")
    assert again.duplicate and "IDEA-0001" in again.reply and "IDEA-0001" in first.reply
    counts = await platform.command("staff-1", "recorded", staff=True)
    assert "ideas: 1" in counts.reply


async def test_empty_and_oversized_ideas_are_refused_helpfully(running, platform):
    empty = await platform.idea("amira", "   ")
    assert "Tell us your idea" in empty.reply
    huge = await platform.idea("amira", "x" * 5000)
    assert "5,000 characters" in huge.reply
    counts = await platform.command("staff-1", "recorded", staff=True)
    assert "ideas: 0" in counts.reply


async def test_staff_commands_are_refused_politely_to_members(running, platform):
    outcome = await platform.command("amira", "close CARD-0001")
    assert outcome.reply.startswith("Sorry, `close` is for the policy team.")


async def test_staff_publish_an_authored_card_to_every_member_channel(running, platform):
    outcome = await platform.command("staff-1", "publish send-funding", staff=True)
    assert outcome.reply.startswith("Published CARD-0001")
    await running.settle()
    assert len(platform.posts_of(1)) == 2
    again = await platform.command("staff-1", "publish send-funding", staff=True)
    assert "already published as CARD-0001" in again.reply
    assert len(platform.posts_of(1)) == 2


async def test_a_poll_from_chat_with_quotes_and_a_closing_time(running, platform, clock):
    outcome = await platform.command(
        "staff-1", 'poll “Which first?” "SEND funding" "Teacher pay" --closes 2d --multiple', staff=True
    )
    assert outcome.reply == "Published POLL-0001 · Which first?."
    ((topic, _),) = await running.listening.team.topics()
    assert topic.options == ("SEND funding", "Teacher pay") and topic.content.multiple
    assert (topic.content.closes_at - clock.now()).days == 2


async def test_malformed_poll_commands_get_clear_answers(running, platform):
    unbalanced = await platform.command("staff-1", 'poll "Which first?" "A" "B', staff=True)
    assert "quote is left open" in unbalanced.reply
    one_option = await platform.command("staff-1", 'poll "Which?" "Only"', staff=True)
    assert "needs 2 to 10 answers" in one_option.reply
    bad_time = await platform.command("staff-1", 'poll "Which?" "A" "B" --closes someday', staff=True)
    assert "can't read the time" in bad_time.reply
    assert await running.listening.team.topics() == []


async def test_closing_posts_the_final_result_in_every_thread_once(running, platform):
    (topic,) = await running.listening.team.publish_all([card()])
    await running.broadcaster.deliver()
    await platform.vote("amira", topic.id, 0)
    outcome = await platform.command("staff-1", f"close {topic.ref}", staff=True)
    assert outcome.reply.startswith(f"Closed {topic.ref} (n = 1)")
    again = await platform.command("staff-1", f"close {topic.id}", staff=True)
    assert again.reply == f"{topic.ref} is already closed."
    await running.settle()
    await running.sync()
    for post in platform.posts_of(topic.id):
        assert len(post.thread) == 1 and post.thread[0].startswith(f"Final result for {topic.ref}")


async def test_unknown_commands_and_ids(running, platform):
    assert "I don't know `frobnicate`" in (await platform.command("amira", "frobnicate")).reply
    assert "There is no card or poll 'CARD-0042'" in (await platform.command("amira", "show CARD-0042")).reply


async def test_members_can_see_everything_recorded_from_them(running, platform):
    (topic,) = await running.listening.team.publish_all([card()])
    await running.broadcaster.deliver()
    post = platform.posts_of(topic.id)[0]
    await platform.vote("amira", topic.id, 1)
    await platform.reply("amira", post, "Partly: timing matters")
    await platform.idea("amira", "Termly funding forecasts")
    await platform.vote("bea", topic.id, 2)
    mine = (await platform.command("amira", "mine")).reply
    assert f"vote on {topic.ref}: Partly agree" in mine
    assert "reply on CARD-0001: Partly: timing matters" in mine
    assert "IDEA-0001: Termly funding forecasts" in mine
    assert "Disagree" not in mine  # bea's vote is not amira's
    assert "amira" not in mine  # shown by pseudonym


async def test_a_mistyped_poll_option_is_refused_not_ignored(running, platform):
    outcome = await platform.command("staff-1", 'poll "Which?" "A" "B" --hiden', staff=True)
    assert outcome.reply.startswith("I don't know --hiden. A poll takes --closes, --hidden, --multiple, --named")
    assert await running.listening.team.topics() == []


async def test_a_card_is_found_by_its_slug_before_its_number(running, platform):
    from tests.cards import card

    first, second = await running.listening.team.publish_all([card(slug="budget"), card(slug="1")])
    outcome = await platform.command("staff-1", "close 1", staff=True)
    assert outcome.reply.startswith(f"Closed {second.ref}")  # the card called "1", not topic 1
    assert (await platform.command("staff-1", "close CARD-0001", staff=True)).reply.startswith(f"Closed {first.ref}")
