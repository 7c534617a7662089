"""Storage: the schema, its migrations and the queries behind the core's repositories."""

from storage.database import Database, describe, normalise_url, upgrade
from storage.store import Store, Unit

__all__ = ["Database", "Store", "Unit", "describe", "normalise_url", "upgrade"]
