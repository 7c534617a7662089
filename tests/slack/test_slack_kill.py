"""`kill -9` with a slow database (tests/slack/kill_scenario.py): every request the bot
acknowledged is recorded; the ones it could not record it did not acknowledge, and when Slack
delivers them again each counts once."""

from tests.slack import kill_scenario


async def test_kill_9_with_a_locked_database_loses_nothing_acknowledged(fake_slack, tmp_path):
    report = await kill_scenario.run(fake_slack, tmp_path, healthy=20, locked=10, in_flight=10)
    assert report.acknowledged >= 20  # the healthy ones, at least
    assert report.not_acknowledged >= 10  # none of those sent while the database was locked
    assert report.acknowledged_then_lost == 0
    assert report.recorded_after_redelivery == report.sent == 40
    assert report.double_counted == 0
