"""The Slack modals: typing an idea, and writing a card."""

from __future__ import annotations

import json

from bot.domain import EvidenceStrength

IDEA_MODAL = "idea_modal"
CARD_MODAL = "card_modal"


def _input(
    block_id: str,
    label: str,
    *,
    multiline: bool = False,
    optional: bool = False,
    hint: str = "",
    max_length: int = 3000,
) -> dict:
    block = {
        "type": "input",
        "block_id": block_id,
        "optional": optional,
        "label": {"type": "plain_text", "text": label},
        "element": {"type": "plain_text_input", "action_id": "value", "multiline": multiline, "max_length": max_length},
    }
    if hint:
        block["hint"] = {"type": "plain_text", "text": hint}
    return block


def idea_modal(origin: dict[str, str]) -> dict:
    """`origin`: where the slash command came from, to answer there when the form is sent."""
    return {
        "type": "modal",
        "callback_id": IDEA_MODAL,
        "private_metadata": json.dumps(origin),
        "title": {"type": "plain_text", "text": "Share an idea"},
        "submit": {"type": "plain_text", "text": "Send"},
        "close": {"type": "plain_text", "text": "Cancel"},
        "blocks": [
            _input(
                "idea",
                "Your idea for the policy team",
                multiline=True,
                max_length=4000,
                hint="The policy team reads every idea. You'll get a reference number.",
            ),
        ],
    }


def card_modal(origin: dict[str, str]) -> dict:
    options = [{"text": {"type": "plain_text", "text": e.label}, "value": e.value} for e in EvidenceStrength]
    return {
        "type": "modal",
        "callback_id": CARD_MODAL,
        "private_metadata": json.dumps(origin),
        "title": {"type": "plain_text", "text": "Write a policy card"},
        "submit": {"type": "plain_text", "text": "Publish"},
        "close": {"type": "plain_text", "text": "Cancel"},
        "blocks": [
            _input("title", "Title", max_length=150),
            _input("position", "Position", multiline=True, hint="Markdown: **bold**, [links](https://…)"),
            {
                "type": "input",
                "block_id": "evidence",
                "label": {"type": "plain_text", "text": "How strong is the evidence?"},
                "element": {"type": "static_select", "action_id": "value", "options": options},
            },
            _input("values", "Values behind it", hint="Separate them with commas: Fairness, Inclusion", max_length=400),
            _input("question", "Question to members", max_length=300),
            _input(
                "closes_at",
                "Closes",
                optional=True,
                hint="e.g. 2026-12-04 17:00, or leave empty to close by hand",
                max_length=40,
            ),
        ],
    }


def submitted(view: dict) -> dict[str, str]:
    """The values a modal was submitted with, by block id; anything not shaped as Slack sends it
    is left out (the form then says which field is missing)."""
    values = {}
    state = view.get("state") if isinstance(view, dict) else None
    blocks = state.get("values") if isinstance(state, dict) else None
    for block_id, actions in (blocks if isinstance(blocks, dict) else {}).items():
        field = actions.get("value") if isinstance(actions, dict) else None
        if not isinstance(field, dict):
            continue
        if field.get("type") == "static_select":
            option = field.get("selected_option")
            value = option.get("value") if isinstance(option, dict) else None
        else:
            value = field.get("value")
        values[block_id] = value if isinstance(value, str) else ""
    return values


def origin(view: dict) -> dict[str, str]:
    """The channel and response URL of the slash command that opened the form."""
    metadata = view.get("private_metadata") if isinstance(view, dict) else None
    try:
        found = json.loads(metadata) if isinstance(metadata, str) and metadata else {}
    except ValueError:
        return {}
    if not isinstance(found, dict):
        return {}
    return {k: v for k, v in found.items() if isinstance(v, str)}
