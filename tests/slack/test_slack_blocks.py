"""Rendering for Slack, and the app manifest, checked without a network."""

import json
from datetime import datetime, timezone
from pathlib import Path

import yaml

from adapters.slack import blocks
from adapters.slack.inbound import COMMANDS, EVENTS
from bot.domain import Tally, Topic, TopicStatus, buttons
from tests.cards import card, poll
from tests.conftest import LONDON

MANIFESTS = Path(__file__).resolve().parents[2] / "adapters" / "slack"
NOW = datetime(2026, 11, 16, 9, tzinfo=timezone.utc)


def topic(content, status=TopicStatus.OPEN, closed_at=None) -> Topic:
    return Topic(id=3, content=content, status=status, published_at=NOW, closed_at=closed_at)


def test_text_from_anyone_cannot_mention_or_format_links():
    assert (
        blocks.escape("<!channel> <@U1> <!subteam^S1|x> a&b")
        == "&lt;!channel&gt; &lt;@U1&gt; &lt;!subteam^S1|x&gt; a&amp;b"
    )


def test_markdown_positions_become_mrkdwn_after_escaping():
    assert blocks.markdown("## Why\n**Fund** it, see [the paper](https://example.org/p) <!here>") == (
        "*Why*\n*Fund* it, see <https://example.org/p|the paper> &lt;!here&gt;"
    )


def test_a_card_with_mentions_in_its_text_posts_them_escaped():
    rendered = json.dumps(blocks.topic_blocks(topic(card(position="Tell <!everyone> & <@U0CEO>")), None, LONDON))
    assert "<!everyone>" not in rendered and "&lt;!everyone&gt; &amp; &lt;@U0CEO&gt;" in rendered


def test_long_option_labels_fit_slack_buttons():
    labels = ["x" * 80, "y" * 80]
    buttons = next(b for b in blocks.topic_blocks(topic(poll(answers=labels)), None, LONDON) if b["type"] == "actions")
    assert [len(b["text"]["text"]) for b in buttons["elements"]] == [75, 75]
    assert [b["action_id"] for b in buttons["elements"]] == ["vote:3:0", "vote:3:1"]


def test_a_closed_topic_has_no_buttons_and_says_so():
    closed = topic(card(), TopicStatus.CLOSED, NOW)
    rendered = blocks.topic_blocks(closed, Tally((3, 1, 0, 0), 4), LONDON)
    assert not [b for b in rendered if b["type"] == "actions"]
    assert "Closed Mon 16 Nov 2026, 09:00 GMT" in json.dumps(rendered)
    assert "75%  Agree (3)" in json.dumps(rendered)


def test_button_ids_round_trip_and_refuse_others():
    assert buttons.read_vote_id(buttons.vote_id(12, 3)) == (12, 3)
    for other in ("vote:x:1", "other", "vote:١:٢", "vote:1:2:3", "vote:99999999999:1", f"vote:{2**31}:0", "vote:1:100"):
        assert buttons.read_vote_id(other) is None, other
    assert buttons.vote_id(7, 0).startswith(buttons.topic_prefix(7)) and not buttons.vote_id(70, 0).startswith(
        buttons.topic_prefix(7)
    )


def test_the_manifests_ask_for_exactly_what_the_adapter_listens_to():
    for name in ("manifest.yml", "manifest-http.yml"):
        manifest = yaml.safe_load((MANIFESTS / name).read_text())
        commands = tuple(c["command"] for c in manifest["features"]["slash_commands"])
        assert commands == COMMANDS
        events = manifest["settings"]["event_subscriptions"]["bot_events"]
        assert {e.split(".")[0] for e in events} == set(EVENTS)
        assert manifest["settings"]["interactivity"]["is_enabled"] is True
        assert sorted(manifest["oauth_config"]["scopes"]["bot"]) == sorted(
            [
                "chat:write",
                "commands",
                "channels:history",
                "groups:history",
                "channels:read",
                "groups:read",
                "reactions:read",
                "users:read",
                "usergroups:read",
                "files:write",
            ]
        )
    assert yaml.safe_load((MANIFESTS / "manifest.yml").read_text())["settings"]["socket_mode_enabled"] is True
