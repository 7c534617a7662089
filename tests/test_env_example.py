""".env.example names every setting of bot/settings.py, and nothing else, each with a comment."""

import re
from pathlib import Path

import pytest

from bot.settings import Settings

EXAMPLE = Path(__file__).resolve().parent.parent / ".env.example"
SETTING = re.compile(r"^#?\s*([A-Z][A-Z0-9_]*)=(.*)$")


def settings_lines() -> list[tuple[int, str, str]]:
    """(line number, NAME, value) for every `NAME=value` or `# NAME=value` line."""
    found = []
    for number, line in enumerate(EXAMPLE.read_text(encoding="utf-8").splitlines()):
        match = SETTING.match(line.strip())
        if match:
            found.append((number, match.group(1), match.group(2).strip().strip('"')))
    return found


def names_of_settings() -> set[str]:
    return {name.upper() for name in Settings.model_fields}


def test_every_setting_is_in_the_example_and_nothing_else():
    named = [name for _, name, _ in settings_lines()]
    missing = names_of_settings() - set(named)
    unknown = set(named) - names_of_settings()
    assert not missing, f".env.example lacks {sorted(missing)}"
    assert not unknown, f".env.example names settings that do not exist: {sorted(unknown)}"
    assert len(named) == len(set(named)), "a setting is named twice"


def test_each_setting_has_a_comment_above_it_and_is_commented_out():
    lines = EXAMPLE.read_text(encoding="utf-8").splitlines()
    for number, name, _ in settings_lines():
        assert lines[number].startswith("# "), f"{name} is set, not commented out: a copied .env would change it"
        above = lines[number - 1]
        assert above.startswith("# ") and not SETTING.match(above), f"{name} has no comment of its own"


@pytest.fixture
def clean_environment(monkeypatch, tmp_path):
    for name in names_of_settings():
        monkeypatch.delenv(name, raising=False)
    monkeypatch.chdir(tmp_path)  # the placeholders' relative paths (CARDS_DIR, LOG_FILE) resolve here
    (tmp_path / "examples").mkdir()
    return tmp_path


def test_the_example_uncommented_is_a_valid_configuration(clean_environment):
    env = clean_environment / ".env"
    env.write_text("\n".join(f'{name}="{value}"' for _, name, value in settings_lines()) + "\n", encoding="utf-8")
    settings = Settings(_env_file=env)
    assert settings.slack_enabled and settings.discord_enabled


def test_the_example_shows_each_default_that_has_a_value(clean_environment):
    shown = {name: value for _, name, value in settings_lines()}
    defaults = Settings(_env_file=None)
    for field, info in Settings.model_fields.items():
        if info.default_factory is not None or info.default in (None, []):
            continue  # a placeholder, not a default
        name = field.upper()
        assert getattr(Settings(_env_file=None, **{field: shown[name]}), field) == getattr(defaults, field), (
            f"{name}: .env.example shows {shown[name]!r}, the default is {getattr(defaults, field)!r}"
        )
