"""Members can see and erase what the bot holds about them; exports hold no identities."""

import asyncio
import json

from adapters.memory import MemoryAdapter
from bot.app import open_app
from bot.cli import main
from bot.export import export
from bot.runtime import Runtime
from bot.settings import Settings
from storage.exports import datasets
from tests.cards import card, poll


async def test_a_member_can_erase_their_data_and_closed_results_stay_true(running, platform, store, tmp_path):
    open_card, closed_poll = await running.listening.team.publish_all([card(), poll()])
    await running.broadcaster.deliver()
    post = platform.posts_of(open_card.id)[0]
    await platform.vote("amira", open_card.id, 0)
    await platform.vote("amira", closed_poll.id, 1)
    await platform.vote("bea", closed_poll.id, 1)
    await platform.reply("amira", post, "My email is amira@trust.example, call me")
    await platform.idea("amira", "Something identifying about my trust")
    await running.listening.team.close(closed_poll.ref)
    before = (await platform.command("amira", "mine")).reply

    warning = await platform.command("amira", "erase")
    assert "Send `erase confirm`" in warning.reply
    assert (await platform.command("staff", "recorded", staff=True)).reply.count("ideas: 1") == 1  # nothing yet

    done = await platform.command("amira", "erase confirm")
    assert done.reply.startswith(
        "Done: 1 reply, 1 idea, 0 reactions and 1 vote on open cards and polls deleted. "
        "1 vote on closed ones stays in their results, anonymous"
    )
    after = (await platform.command("amira", "mine")).reply
    assert after == "Nothing is recorded from you yet."
    assert "amira@trust.example" in before

    totals = {t.ref: tally for t, tally in await running.listening.team.topics()}
    assert totals[closed_poll.ref].counts == (0, 2, 0)  # the closed result is unchanged
    assert totals[open_card.ref].voters == 0  # amira may vote again, unrecognised, without double counting

    files = await export(store, "json", tmp_path / "export", tables=datasets(), progress=False)
    everything = "".join(p.read_text() for p in files.values())
    assert "amira" not in everything and "Something identifying" not in everything


def test_an_administrator_can_export_and_erase_a_member_by_pseudonym(tmp_path, monkeypatch, capsys, sqlite_url):
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("DATABASE_URL", sqlite_url)
    (tmp_path / "c.md").write_text("---\ntitle: T\nevidence: strong\nvalues: V\nquestion: Q?\n---\nP\n")
    assert main(["card", "publish", "c.md"]) == 0

    async def member_acts() -> str:
        async with open_app(Settings()) as app:
            platform = MemoryAdapter()
            runtime = Runtime(app.listening, [platform], app.clock, sync_interval=None)
            await runtime.start()
            await platform.vote("U1", 1, 0)
            await platform.idea("U1", "An idea with my phone 07700 900123")
            mine = (await platform.command("U1", "mine")).reply
            await runtime.stop()
        return mine.split("pseudonymous id is ")[1].split(")")[0]

    pseudonym = asyncio.run(member_acts())
    capsys.readouterr()
    assert main(["member", "show", pseudonym]) == 0
    shown = json.loads(capsys.readouterr().out)
    assert shown["member"] == pseudonym and shown["ideas"][0]["text"].startswith("An idea with my phone")
    assert main(["member", "erase", pseudonym]) == 1  # asks for --yes first
    assert "--yes" in capsys.readouterr().err
    assert main(["member", "erase", pseudonym, "--yes"]) == 0
    said = capsys.readouterr().out
    assert said.startswith(f"Erased {pseudonym}: 0 replies, 1 idea, 0 reactions and 1 vote on open cards deleted; ")
    assert "0 votes on closed cards kept in their results" in said
    assert main(["member", "show", pseudonym]) == 1
    assert "No member" in capsys.readouterr().err
