"""Fuzzing: the translators on payloads with fields dropped or of the wrong type, and the live
gateway on the same; neither may raise, and the bot must hear the next good message."""

from __future__ import annotations

import copy
import logging
import random
from datetime import datetime, timezone
from typing import Any

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from adapters.discord import translate
from bot.events import InboundEvent
from tests.discord import payloads
from tests.discord.fake_discord import GUILD, MEMBERS
from tests.discord.helpers import Everything, recorded
from tests.discord.test_discord_threads import published
from tests.mutations import paths

EXAMPLES = 500  # hypothesis examples, each mangling a payload for all 6 translators: 3,000 payloads
SECRET_TEXT = "Jane Doe's pay grievance"
SECRET_USER = "987654321987654321"
NOW = datetime(2026, 1, 5, 12, tzinfo=timezone.utc)
THREAD = "960000000000000001"
CARD = "960000000000000002"


def bases() -> dict[str, list[dict]]:
    """Good payloads of each kind, from the builders the end-to-end tests use."""
    reply = payloads.message(THREAD, SECRET_USER, SECRET_TEXT, roles=["900000000000000020"])
    clear = {"channel_id": MEMBERS, "message_id": CARD, "guild_id": GUILD}
    return {
        "created": [reply, payloads.message(THREAD, "1002", "bot", bot=True)],
        "updated": [payloads.message_update(reply, SECRET_TEXT), payloads.embed_update(reply)],
        "deleted": [payloads.message_delete(reply)],
        "added": [
            payloads.reaction(MEMBERS, CARD, SECRET_USER, "👍"),
            payloads.reaction(MEMBERS, CARD, SECRET_USER, "trust:123456"),
        ],
        "removed": [payloads.reaction(MEMBERS, CARD, SECRET_USER, "👍", add=False)],
        "cleared": [clear, {**clear, "emoji": {"id": None, "name": "👍"}}],
    }


TRANSLATORS = {
    "created": lambda d: translate.message_created(d, "900000000000000020"),
    "updated": lambda d: translate.message_updated(d, "900000000000000020"),
    "deleted": lambda d: translate.message_deleted(d, SECRET_USER),
    "added": lambda d: translate.reaction_added(d, "900000000000000020", at=NOW, event_id="reaction:1"),
    "removed": lambda d: translate.reaction_removed(d, None, at=NOW, event_id="reaction:2"),
    "cleared": lambda d: translate.reactions_cleared(d, at=NOW, event_id="reaction-clear:1"),
}

junk = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(min_value=-(2**70), max_value=2**70),
    st.floats(allow_nan=True, allow_infinity=True),
    st.text(max_size=8),
    st.sampled_from(["", "0", "12345678901234567890123", "2026-13-45T99:99", "١٢٣", SECRET_USER]),
    st.lists(st.integers(), max_size=3),
    st.dictionaries(st.text(max_size=4), st.integers(), max_size=3),
)


def mangle(payload: Any, rng: random.Random, values: list) -> Any:
    """Drop fields, and give others a value of the wrong type (or the right type, wrongly)."""
    for value in values:
        found = paths(payload)
        if not found:
            break
        path = rng.choice(found)
        parent = payload
        for key in path[:-1]:
            parent = parent[key]
        if rng.random() < 0.4:
            del parent[path[-1]]
        else:
            parent[path[-1]] = copy.deepcopy(value)  # never the same object twice: no cycles
    return payload


def check(kind: str, payload: Any, logs: Everything) -> None:
    before = len(logs.lines)
    event = TRANSLATORS[kind](payload)  # must not raise
    assert event is None or isinstance(event, InboundEvent)
    if event is not None:
        assert isinstance(event.member.user_id, str) and isinstance(event.member.workspace_id, str)
        assert isinstance(getattr(event, "text", ""), str) and isinstance(getattr(event, "emoji", "") or "", str)
        assert event.at.tzinfo is not None
    new = logs.lines[before:]
    assert len(new) <= 1  # one "ignored: reason" line at most
    assert all("discord: ignored" in line for line in new)
    assert not [line for line in new if SECRET_TEXT in line or SECRET_USER in line]


BASES = bases()


@settings(
    max_examples=EXAMPLES,
    derandomize=True,
    database=None,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow],
)
@given(
    which=st.integers(0, 1),
    rng=st.randoms(use_true_random=False),
    values=st.lists(junk, min_size=1, max_size=4),
    whole=junk,
)
def test_no_translator_raises_on_a_mangled_payload(which, rng, values, whole) -> None:
    """Each example mangles one payload of every kind, the same way: EXAMPLES × 6 payloads."""
    with Everything() as logs:
        for kind, choices in BASES.items():
            payload = mangle(copy.deepcopy(choices[which % len(choices)]), rng, values)
            check(kind, whole if rng.random() < 0.03 else payload, logs)


SEEDED = 1500  # more of the same per translator, from a seeded generator: cheap, so many


def test_no_translator_raises_on_thousands_more_mangled_payloads() -> None:
    rng = random.Random(20260105)
    values = [None, True, False, 0, -1, 2**64, 2**70, 1.5, float("nan"), "", "x", "0" * 25, SECRET_USER]
    values += [[], {}, [1], {"id": 1}, {"name": 5}, "2026-02-30T25:00:00"]
    with Everything() as logs:
        for kind, choices in BASES.items():
            for _ in range(SEEDED):
                junk_values = [rng.choice(values) for _ in range(rng.randint(1, 4))]
                check(kind, mangle(copy.deepcopy(rng.choice(choices)), rng, junk_values), logs)


def test_the_unmangled_bases_translate():
    assert translate.message_created(bases()["created"][0], None).text == SECRET_TEXT
    assert translate.reaction_added(bases()["added"][1], None, at=NOW, event_id="r").emoji == "<:trust:123456>"


def test_any_non_string_where_a_string_belongs_is_refused_not_raised(caplog):
    caplog.set_level(logging.WARNING)
    reaction = payloads.reaction(MEMBERS, CARD, "1001", "x")
    for name in (123, 1.5, True, ["👍"], {"name": "👍"}):
        reaction["emoji"] = {"id": None, "name": name}
        assert translate.reaction_added(reaction, None, at=NOW, event_id="r") is None
    reply = payloads.message(THREAD, "1001", "x")
    for field in ("content", "timestamp"):
        assert translate.message_created({**reply, field: 42}, None) is None
    assert translate.message_created({**reply, "author": {"id": 1001.0}}, None) is None
    ignored = [r.getMessage() for r in caplog.records]
    assert len(ignored) == 8 and all(line.startswith("discord: ignored ") for line in ignored)
    assert "discord: ignored MESSAGE_REACTION_ADD: emoji.name string_type" in ignored


# -- the live gateway ---------------------------------------------------------------------------

GATEWAY_FUZZ = 500  # mangled dispatches through the real client, seeded: a second or two


def gateway_junk(rng: random.Random, thread: str, card_message: dict) -> list[tuple[str, Any]]:
    """Mangled versions of what the bot hears, as `mutate` makes them, with a fixed seed."""
    reply = payloads.message(thread, SECRET_USER, SECRET_TEXT)
    kinds = {
        "MESSAGE_CREATE": [reply],
        "MESSAGE_UPDATE": [payloads.message_update(reply, SECRET_TEXT)],
        "MESSAGE_DELETE": [payloads.message_delete(reply)],
        "MESSAGE_DELETE_BULK": [{"ids": [reply["id"]], "channel_id": thread, "guild_id": GUILD}],
        "MESSAGE_REACTION_ADD": [payloads.reaction(MEMBERS, card_message["id"], SECRET_USER, "👍")],
        "MESSAGE_REACTION_REMOVE": [payloads.reaction(MEMBERS, card_message["id"], SECRET_USER, "👍", add=False)],
        "MESSAGE_REACTION_REMOVE_ALL": [{"channel_id": MEMBERS, "message_id": card_message["id"], "guild_id": GUILD}],
        "MESSAGE_REACTION_REMOVE_EMOJI": [
            {"channel_id": MEMBERS, "message_id": card_message["id"], "guild_id": GUILD, "emoji": {"name": "👍"}}
        ],
    }
    values = [None, True, 0, -1, 2**70, 1.5, "", "x", SECRET_USER, [], {}, [1], {"a": 1}]
    out = []
    for _ in range(GATEWAY_FUZZ):
        event = rng.choice(sorted(kinds))
        junk_values = [rng.choice(values) for _ in range(rng.randint(1, 3))]
        out.append((event, mangle(copy.deepcopy(rng.choice(kinds[event])), rng, junk_values)))
    return out


async def test_mangled_dispatches_never_deafen_the_gateway(discord_bot):
    topic, message, thread = await published(discord_bot)
    with Everything() as logs:
        for event, data in gateway_junk(random.Random(20260105), thread, message):
            await discord_bot.fake.dispatch(event, data)
        good = payloads.message(thread, "1001", "Heard after all that")
        await discord_bot.fake.dispatch("MESSAGE_CREATE", good)
        event, _ = await recorded(discord_bot, good["id"])
    assert event.text == "Heard after all that"
    assert discord_bot.adapter.health() == (True, "connected")
    assert discord_bot.fake.identifies == 1 and discord_bot.fake.resumes == 0
    assert any("discord: ignored MESSAGE_" in line for line in logs.lines)
    assert logs.leaks(SECRET_TEXT, SECRET_USER) == []
