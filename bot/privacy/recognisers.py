"""Presidio recognisers for what members write in England: UK formats (postcodes, phone
numbers, URNs and UKPRNs), chat platforms' ids and mention syntax, every form of email
and link, and names that the statistical model misses (after a title or a role, before
"HMI", in lower case, schools and trusts by the word that ends their name).

Each recogniser returns spans of one Presidio entity named in placeholders.PLACEHOLDERS;
which span wins where two overlap is decided later, in resolve.py.
"""

from __future__ import annotations

from presidio_analyzer import LocalRecognizer

from bot.privacy.formats import EMAILS, HANDLES, LINKS, PLACES, IdRecognizer, UkPhoneRecognizer
from bot.privacy.patterns import STOPWORDS, is_plain_word
from bot.privacy.people import (
    HMI_NAMES,
    ROLE_NAMES,
    TITLED_NAMES,
    GazetteerNameRecognizer,
    OrganisationRecognizer,
    has_organisation_word,
    organisation_kind,
)

__all__ = [
    "GAZETTEER_RECOGNISER",
    "PATTERN_NAME_RECOGNISERS",
    "STOPWORDS",
    "all_recognisers",
    "has_organisation_word",
    "is_plain_word",
    "organisation_kind",
]

# Recognisers whose spans come first where name-like spans overlap (resolve.py).
PATTERN_NAME_RECOGNISERS = frozenset(
    {"TitledNameRecognizer", "InspectorNameRecognizer", "RoleNameRecognizer", "UkOrganisationRecognizer"}
)
GAZETTEER_RECOGNISER = "GazetteerNameRecognizer"


def all_recognisers() -> list[LocalRecognizer]:
    """Everything but the statistical model, in no particular order (resolve.py ranks)."""
    return [
        EMAILS,
        LINKS,
        UkPhoneRecognizer(),
        PLACES,
        IdRecognizer(),
        HANDLES,
        TITLED_NAMES,
        HMI_NAMES,
        ROLE_NAMES,
        GazetteerNameRecognizer(),
        OrganisationRecognizer(),
    ]
