"""The HTTP endpoint verifies before it parses: unsigned, stale or odd requests get 401, signed
but malformed ones 400, oversized ones 413, never a 500; a refused request writes nothing of its
body to the log; and the translators take any payload, however broken, without raising."""

from __future__ import annotations

import json
import logging
import time

import pytest
from hypothesis import given
from hypothesis import strategies as st

from adapters.slack import translate
from bot.domain import Role
from bot.events import InboundEvent
from bot.logs import HANDLER_NAME, configure
from storage.exports import datasets, records
from tests.mutations import broken, fuzz
from tests.slack import payloads
from tests.slack.conftest import MEMBERS, SECRET
from tests.slack.fake_slack import TEAM


async def table(slack, name):
    async with slack.store.unit() as unit:
        dataset = next(d for d in datasets() if d.name == name)
        return [r async for r in records(unit.session, dataset)]


async def post(slack, body: bytes, headers: dict) -> int:
    async with slack.http.post(slack.url, data=body, headers=headers) as response:
        await response.read()
        return response.status


def idea_body(text: str = "forged idea") -> bytes:
    return payloads.form(payloads.slash_command("/idea", text, "UAMIRA", MEMBERS, "http://127.0.0.1:1/r"))


def signed(body: bytes, content_type="application/x-www-form-urlencoded", **options) -> dict:
    return payloads.signed_headers(body, SECRET, content_type=content_type, **options)


ODD_HEADERS = {
    "a timestamp that is not a number": {"X-Slack-Request-Timestamp": "soon"},
    "a timestamp in exponent form": {"X-Slack-Request-Timestamp": "1e9"},
    "a negative timestamp": {"X-Slack-Request-Timestamp": "-1"},
    "a huge timestamp": {"X-Slack-Request-Timestamp": "9" * 40},
    "an empty signature": {"X-Slack-Signature": ""},
    "a signature of another version": {"X-Slack-Signature": "v1=" + "0" * 64},
    "a signature too short": {"X-Slack-Signature": "v0=abc"},
    "a signature that is not ASCII": {"X-Slack-Signature": "v0=" + "é" * 64},
}


@pytest.mark.parametrize("odd", list(ODD_HEADERS.values()), ids=list(ODD_HEADERS))
async def test_odd_signature_headers_get_401_and_change_nothing(slack, odd):
    body = idea_body()
    headers = {**signed(body), **odd}
    assert await post(slack, body, headers) == 401
    assert await table(slack, "ideas") == []


async def test_a_body_changed_after_signing_gets_401(slack):
    body = idea_body("the idea as signed")
    headers = signed(body)
    assert await post(slack, body[: len(body) // 2], headers) == 401  # cut short in transit
    assert await post(slack, body + b"&text=more", headers) == 401  # or added to
    assert await post(slack, body, {**headers, "X-Slack-Request-Timestamp": str(int(time.time()) + 400)}) == 401
    assert await table(slack, "ideas") == []


MALFORMED = {
    "not UTF-8": (b"text=\xff\xfe\xfa&command=/idea", "application/x-www-form-urlencoded"),
    "an unknown charset": (idea_body(), "application/x-www-form-urlencoded; charset=bogus"),
    "broken JSON": (b'{"type": "event_callback", "event": {', "application/json"),
    "a JSON list": (b"[1, 2, 3]", "application/json"),
    "JSON nested too deep": (b"[" * 5000 + b"]" * 5000, "application/json"),
    "a payload that is not JSON": (b"payload=%7Bnope", "application/x-www-form-urlencoded"),
    "a field given twice": (idea_body() + b"&text=again", "application/x-www-form-urlencoded"),
    "state.values as a string": (
        payloads.interactivity(
            {**payloads.view_submission("UAMIRA", "idea_modal", {}), "view": {"id": "V1", "state": "values"}}
        ),
        "application/x-www-form-urlencoded",
    ),
    "a 160-character trigger id": (
        payloads.form({**payloads.slash_command("/idea", "x", "UAMIRA", MEMBERS, "u"), "trigger_id": "1" * 160}),
        "application/x-www-form-urlencoded",
    ),
    "text as a number": (
        json.dumps({"type": "event_callback", "event_id": "Ev1", "text": 1.5}).encode(),
        "application/json",
    ),
}


@pytest.mark.parametrize("body,content_type", list(MALFORMED.values()), ids=list(MALFORMED))
async def test_signed_but_malformed_bodies_get_400(slack, body, content_type):
    assert await post(slack, body, signed(body, content_type=content_type)) == 400
    assert await table(slack, "ideas") == []


async def test_a_body_larger_than_any_slack_payload_gets_413(slack):
    body = idea_body("x" * (1024 * 1024 + 1))
    assert await post(slack, body, signed(body)) == 413


@pytest.fixture
def log_file(tmp_path):
    root = logging.getLogger()
    level = root.level
    path = tmp_path / "bot.log"
    configure("DEBUG", [SECRET, "xoxb-test-token"], file=path)
    yield path
    for handler in [h for h in root.handlers if h.get_name() == HANDLER_NAME]:
        root.removeHandler(handler)
        handler.close()
    root.setLevel(level)


async def test_refused_requests_write_nothing_of_their_body_to_the_log(slack, log_file):
    forged = "idea\n2026-12-02 09:00:00 INFO bot: staff password reset for U0VICTIM"
    body = idea_body(forged)
    assert await post(slack, body, {**signed(body), "X-Slack-Signature": "v0=" + "0" * 64}) == 401
    assert await post(slack, body, {"Content-Type": "application/x-www-form-urlencoded"}) == 401
    bad = b"[" * 3000
    assert await post(slack, bad, signed(bad, content_type="application/json")) == 400
    written = log_file.read_text()
    assert "staff password" not in written and "U0VICTIM" not in written and "verification-token" not in written


async def test_at_debug_no_member_text_or_user_id_reaches_the_log(slack, log_file):
    (topic,) = await slack.runtime.listening.team.publish_all([__import__("tests.cards").cards.card()])
    await slack.runtime.sync()
    message = slack.post(topic.id)
    words = "Our SENCO Priya says the top-ups\nhave not moved"
    await slack.event(payloads.thread_reply(MEMBERS, message["ts"], "1700001000.000100", "U0SECRETUSR", words))
    await slack.click("U0SECRETUSR", message, topic.id, 1)
    await slack.command("/idea", "A shared SEND specialist", user="U0SECRETUSR")
    await slack.command("/listening", "mine", user="U0SECRETUSR")
    written = log_file.read_text()
    assert written  # the bot did log, at DEBUG
    for private in ("Priya", "top-ups", "SEND specialist", "U0SECRETUSR", "xoxb-test-token"):
        assert private not in written, private
    assert all(
        line.count(" INFO ") + line.count(" DEBUG ") + line.count(" WARNING ") + line.count(" ERROR ") <= 1
        for line in written.splitlines()
    )


# -- fuzzing ------------------------------------------------------------------------------

THREAD = payloads.envelope(payloads.thread_reply(MEMBERS, "1700000000.000100", "1700000001.000100", "UA", "hello"))
EDIT = payloads.envelope(
    payloads.message_changed(MEMBERS, "1700000000.000100", "1700000001.000100", "UA", "a", "b", "1700000002.000100")
)
DELETE = payloads.envelope(
    payloads.message_deleted(MEMBERS, "1700000000.000100", "1700000001.000100", "UA", "a", "1700000002.000100")
)
REACTION = payloads.envelope(payloads.reaction("reaction_added", "UA", MEMBERS, "1700000000.000100", "thumbsup"))
CLICK = payloads.block_actions("UA", MEMBERS, "1700000000.000100", "vote:1:2", "http://127.0.0.1:1/r")


def _well_typed(event) -> bool:
    if event is None:
        return True
    assert isinstance(event, InboundEvent)
    assert all(isinstance(v, str) for v in (event.event_id, event.member.user_id, event.member.workspace_id))
    return True


@fuzz(800)
@given(st.one_of(broken(THREAD), broken(EDIT), broken(DELETE)))
def test_message_translation_never_raises(body):
    assert _well_typed(translate.message_event(body, TEAM, Role.MEMBER))
    translate.author(body.get("event") if isinstance(body.get("event"), dict) else {})


@fuzz(500)
@given(broken(REACTION))
def test_reaction_translation_never_raises(body):
    assert _well_typed(translate.reaction_event(body, TEAM, Role.MEMBER))


@fuzz(500)
@given(broken(CLICK))
def test_click_translation_never_raises(body):
    assert _well_typed(translate.vote_event(body, TEAM, Role.MEMBER))


async def test_the_endpoint_answers_broken_signed_payloads_with_a_2xx_or_4xx(slack):
    """Broken payloads, signed, through the whole app: bolt, the listeners and the core."""
    found = []

    @fuzz(120)
    @given(st.one_of(broken(THREAD), broken(REACTION)), st.sampled_from(["event", "click"]))
    def draw(body, kind):
        found.append((body, kind))

    draw()
    statuses = set()
    for body, kind in found:
        if kind == "click":
            click = CLICK | {
                "actions": body.get("actions", CLICK["actions"]),
                "response_url": slack.fake.response_url(),
            }
            raw = payloads.interactivity(click)
            status = await post(slack, raw, signed(raw))
        else:
            raw = json.dumps(body).encode()
            status = await post(slack, raw, signed(raw, content_type="application/json"))
        statuses.add(status)
        assert status < 500, body
    assert statuses <= {200, 400, 404}
