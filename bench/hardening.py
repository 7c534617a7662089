"""What the bot does with hostile and broken input, and with a crash, in one run:

- forged and odd requests to Slack's HTTP endpoint (unsigned, wrongly signed, stale, odd
  headers, bodies changed after signing, malformed but signed, oversized): every one 4xx;
- fuzzed payloads (real payload shapes with fields dropped or of the wrong type) through the
  Slack and Discord translators, and a sample through the whole HTTP endpoint: 0 crashes;
- `kill -9` of a real bot process while its database is locked: 0 acknowledged then lost,
  0 double counts after Slack's redeliveries;
- a Discord gateway payload discord.py's parser rejects, then a good message: recorded.

    python -m bench.hardening [--fuzz 12000] [--kill-events 600]
"""

from __future__ import annotations

import argparse
import asyncio
import json
import logging
import random
import tempfile
import time
from collections import Counter
from pathlib import Path

from adapters.slack import translate as slack_translate
from bot.clock import SystemClock
from bot.domain import Role
from bot.privacy import warm
from storage import Database
from tests.mutations import mutate
from tests.slack import kill_scenario, payloads
from tests.slack.conftest import MEMBERS, SECRET, Slack, start_slack
from tests.slack.fake_slack import TEAM, FakeSlack


def forged_requests() -> list[tuple[str, bytes, dict]]:
    """(what, body, headers): each one a request Slack never sent, or sent broken."""
    now = int(time.time())
    idea = payloads.form(payloads.slash_command("/idea", "forged idea", "UAMIRA", MEMBERS, "http://127.0.0.1:1/r"))
    form = "application/x-www-form-urlencoded"

    def signed(body: bytes, content_type: str = form, **options) -> dict:
        return payloads.signed_headers(body, SECRET, content_type=content_type, **options)

    out = [
        ("unsigned", idea, {"Content-Type": form}),
        ("wrong secret", idea, payloads.signed_headers(idea, "not-the-secret", content_type=form)),
        ("stale", idea, signed(idea, timestamp=now - 6 * 60)),
        ("from the future", idea, signed(idea, timestamp=now + 6 * 60)),
        ("body cut after signing", idea[:20], signed(idea)),
        ("body added to after signing", idea + b"&x=1", signed(idea)),
        ("not UTF-8, signed", b"text=\xff\xfe", signed(b"text=\xff\xfe")),
        ("charset=bogus, signed", idea, signed(idea, content_type=form + "; charset=bogus")),
        ("broken JSON, signed", b'{"type": ', signed(b'{"type": ', content_type="application/json")),
        (
            "JSON nested 5,000 deep, signed",
            b"[" * 5000 + b"]" * 5000,
            signed(b"[" * 5000 + b"]" * 5000, content_type="application/json"),
        ),
        ("a field twice, signed", idea + b"&text=again", signed(idea + b"&text=again")),
        ("over 1 MiB, signed", idea + b"x" * (1 << 20), signed(idea + b"x" * (1 << 20))),
    ]
    for what, value in [
        ("timestamp not a number", "soon"),
        ("timestamp 1e9", "1e9"),
        ("timestamp -1", "-1"),
        ("timestamp of 40 nines", "9" * 40),
    ]:
        out.append((what, idea, {**signed(idea), "X-Slack-Request-Timestamp": value}))
    for what, value in [
        ("empty signature", ""),
        ("signature v1", "v1=" + "0" * 64),
        ("signature too short", "v0=abc"),
        ("signature not ASCII", "v0=" + "é" * 64),
    ]:
        out.append((what, idea, {**signed(idea), "X-Slack-Signature": value}))
    return out


def slack_bases() -> dict[str, dict]:
    thread = payloads.thread_reply(MEMBERS, "1700000000.000100", "1700000001.000100", "UA", "hello")
    edit = payloads.message_changed(
        MEMBERS, "1700000000.000100", "1700000001.000100", "UA", "a", "b", "1700000002.000100"
    )
    delete = payloads.message_deleted(MEMBERS, "1700000000.000100", "1700000001.000100", "UA", "a", "1700000002.000100")
    return {
        "slack message": payloads.envelope(thread),
        "slack edit": payloads.envelope(edit),
        "slack deletion": payloads.envelope(delete),
        "slack reaction": payloads.envelope(payloads.reaction("reaction_added", "UA", MEMBERS, "1700.1", "eyes")),
        "slack click": payloads.block_actions("UA", MEMBERS, "1700000000.000100", "vote:1:2", "http://x/r"),
    }


def fuzz_translators(count: int, rng: random.Random) -> Counter:
    """Mutated payloads through every translator: crashes by translator (should be none)."""
    bases = slack_bases()
    translators = {
        "slack message": slack_translate.message_event,
        "slack edit": slack_translate.message_event,
        "slack deletion": slack_translate.message_event,
        "slack reaction": slack_translate.reaction_event,
        "slack click": slack_translate.vote_event,
    }
    try:
        from tests.discord import fuzzing as discord_fuzzing  # the Discord translators' own cases
    except ImportError:
        discord_fuzzing = None
    if discord_fuzzing is not None:
        for name, (base, translate) in discord_fuzzing.CASES.items():
            bases[name], translators[name] = base, translate
    names = sorted(bases)
    tried, crashed = Counter(), Counter()
    for n in range(count):
        name = names[n % len(names)]
        body = mutate(bases[name], rng)
        tried[name] += 1
        try:
            if name.startswith("slack"):
                translators[name](body, TEAM, Role.MEMBER)
            else:
                translators[name](body)
        except Exception:  # noqa: BLE001 - counting them is the point
            crashed[name] += 1
    return tried, crashed


async def endpoint(fake: FakeSlack, folder: Path, fuzzed: int, rng: random.Random) -> tuple[Counter, Counter]:
    """Forged requests and fuzzed signed payloads through a running bot: statuses seen."""
    url = f"sqlite:///{folder / 'endpoint.db'}"
    async with Database(url) as fresh:
        await fresh.upgrade()
    adapter, runtime, database = await start_slack(fake, url, SystemClock())
    slack = Slack(fake, adapter, runtime, None)
    forged, fuzz = Counter(), Counter()
    try:
        for _what, body, headers in forged_requests():
            async with slack.http.post(slack.url, data=body, headers=headers) as response:
                await response.read()
                forged[response.status] += 1
        bases = [b for name, b in slack_bases().items() if name != "slack click"]
        for _ in range(fuzzed):
            body = json.dumps(mutate(rng.choice(bases), rng)).encode()
            headers = payloads.signed_headers(body, SECRET, content_type="application/json")
            async with slack.http.post(slack.url, data=body, headers=headers) as response:
                await response.read()
                fuzz[response.status] += 1
    finally:
        await slack.close()
        await runtime.stop()
        await database.dispose()
    return forged, fuzz


async def discord_malformed_then_good() -> str:
    try:
        from tests.discord import fuzzing as discord_fuzzing
    except ImportError:
        return "not measured (tests/discord/fuzzing.py absent)"
    return await discord_fuzzing.malformed_then_good()


async def main_async(args) -> None:
    logging.getLogger("slack_bolt").setLevel(logging.ERROR)  # its "Unhandled request" notes for fuzzed events
    warm()  # as the bot does at start, so the masking model does not load inside an answer budget
    rng = random.Random(9)
    tried, crashed = fuzz_translators(args.fuzz, rng)
    print(f"fuzzed payloads through the translators: {sum(tried.values())}, crashes: {sum(crashed.values())}")
    for name in sorted(tried):
        print(f"  {name:<22} {tried[name]:>6} tried, {crashed[name]} crashed")
    with tempfile.TemporaryDirectory() as folder:
        fake = FakeSlack()
        await fake.start()
        try:
            forged, fuzz = await endpoint(fake, Path(folder), args.endpoint_fuzz, rng)
        finally:
            await fake.stop()
        total = sum(forged.values())
        four = sum(n for status, n in forged.items() if 400 <= status < 500)
        print(f"forged and odd requests: {total}, answered 4xx: {four} ({dict(sorted(forged.items()))})")
        bad = sum(n for status, n in fuzz.items() if status >= 500)
        print(
            f"fuzzed signed payloads through the endpoint: {sum(fuzz.values())}, 5xx: {bad} "
            f"({dict(sorted(fuzz.items()))})"
        )
        fake = FakeSlack()
        await fake.start()
        try:
            third = args.kill_events // 3
            report = await kill_scenario.run(fake, Path(folder), healthy=third, locked=third, in_flight=third)
        finally:
            await fake.stop()
        print(
            f"kill -9 with a locked database: {report.sent} sent, {report.acknowledged} acknowledged, "
            f"{report.not_acknowledged} not; acknowledged then lost: {report.acknowledged_then_lost}; after "
            f"Slack's redeliveries {report.recorded_after_redelivery} recorded, {report.double_counted} double counted"
        )
    print(f"discord: a payload the parser rejects, then a good message: {await discord_malformed_then_good()}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--fuzz", type=int, default=12_000)
    parser.add_argument("--endpoint-fuzz", type=int, default=500)
    parser.add_argument("--kill-events", type=int, default=600)
    asyncio.run(main_async(parser.parse_args()))


if __name__ == "__main__":
    main()
