"""Storage implements the core's ports (bot/ports.py): a real unit has every repository the
Unit protocol lists, and each has every method of its protocol, with the same parameters and
types; and the core calls of storage only what the ports list."""

from __future__ import annotations

import inspect
import re
import typing

import tests.test_architecture as architecture
from bot import ports
from storage import Database, Store
from storage.exports import Dataset
from storage.owed import OwedMessage
from storage.unmasked import UnmaskedText

REPOSITORIES: dict[str, type] = typing.get_type_hints(ports.Unit)  # unit attribute -> its protocol
RECORDS = {ports.OwedMessage: OwedMessage, ports.UnmaskedText: UnmaskedText, ports.Dataset: Dataset}


def methods(protocol: type) -> dict[str, typing.Callable]:
    return {name: value for name, value in vars(protocol).items() if not name.startswith("_") and callable(value)}


def _annotation(annotation) -> str:
    if annotation is inspect.Signature.empty:
        return ""
    text = annotation if isinstance(annotation, str) else inspect.formatannotation(annotation)
    return re.sub(r"\b[A-Za-z_]\w*\.(?=[A-Za-z_])", "", text)  # `exports.Dataset` is `Dataset`


def shape(function, *, types: bool = True) -> tuple:
    """What a caller relies on: async or not, each parameter's name, kind and default, the types."""
    signature = inspect.signature(function)
    parameters = [
        (p.name, p.kind.name, p.default, _annotation(p.annotation) if types else "")
        for p in signature.parameters.values()
    ]
    returns = _annotation(signature.return_annotation) if types else ""
    return inspect.iscoroutinefunction(function), parameters, returns


def differences(protocol: type, implementation: type, *, types: bool = True) -> dict[str, object]:
    """Each protocol method the implementation lacks or has in another shape."""
    found: dict[str, object] = {}
    for name, method in methods(protocol).items():
        actual = inspect.getattr_static(implementation, name, None)
        if not callable(actual):
            found[name] = "missing"
        elif shape(actual, types=types) != shape(method, types=types):
            found[name] = {"storage": shape(actual, types=types), "port": shape(method, types=types)}
    return found


async def test_a_real_unit_has_every_repository_of_the_port_and_each_every_method(sqlite_url):
    assert len(REPOSITORIES) == 15
    async with Database(sqlite_url) as database:
        store = Store(database)
        assert differences(ports.Store, Store, types=False) == {}  # unit() and reading()
        for opening in (store.reading, store.unit):
            async with opening() as unit:
                for attribute, protocol in REPOSITORIES.items():
                    repository = getattr(unit, attribute, None)
                    assert repository is not None, f"storage's Unit has no `{attribute}`"
                    assert differences(protocol, type(repository)) == {}, (attribute, type(repository))


def test_the_records_storage_hands_the_core_have_what_the_ports_read():
    for protocol, record in RECORDS.items():
        fields = typing.get_type_hints(record)
        for name, member in vars(protocol).items():
            if isinstance(member, property):
                wanted = typing.get_type_hints(member.fget)["return"]
                assert fields.get(name) == wanted, (record, name, fields.get(name), wanted)


def test_a_renamed_or_changed_method_is_a_difference():
    class Renamed:
        async def by_slug(self, slug: str): ...

        async def get_topic(self, topic_id: int, *, hold: bool = False): ...

        async def close(self, topic: int, now): ...

    found = differences(ports.Topics, Renamed, types=False)
    assert found["get"] == "missing" and "close" in found and "by_slug" not in found


# -- the core calls only what the ports list, and the ports list only what it calls --------

CALL = re.compile(r"\bunit\.(\w+)\.(\w+)\b")
STORE_CALL = re.compile(r"\bstore\.(unit|reading|\w+)\(")


def core_sources() -> str:
    names = [m for m in architecture.MODULES if architecture.is_core(m) and not m.startswith("bot.ports")]
    return "\n".join(architecture.MODULES[m].read_text(encoding="utf-8") for m in names)


def test_the_core_calls_of_a_unit_only_what_the_ports_list_and_the_ports_nothing_more():
    called = set(CALL.findall(core_sources()))
    assert len(called) > 40  # the scan really found the calls
    listed = {(attribute, name) for attribute, protocol in REPOSITORIES.items() for name in methods(protocol)}
    assert called - listed == set(), "called but not in bot/ports.py"
    assert listed - called == set(), "in bot/ports.py but the core never calls it"
    assert set(STORE_CALL.findall(core_sources())) == set(methods(ports.Store))
