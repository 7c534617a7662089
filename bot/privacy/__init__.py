"""Masking personal details in members' words before they are quoted anywhere.

    from bot.privacy import mask, mask_many, warm

    mask("Our head, Priya Patel, said…")  # -> "Our head, [a person], said…"

Built on Microsoft Presidio with spaCy's small English model (installed as a package,
never downloaded) and UK-specific recognisers. The core must not import platform
libraries or storage; nothing here does.
"""

from bot.privacy.masking import mask, mask_many, warm

__all__ = ["mask", "mask_many", "warm"]
