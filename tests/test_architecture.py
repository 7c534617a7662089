"""The core stays platform-neutral: bot/ and storage/ import no chat platform library."""

import ast
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PLATFORM_LIBRARIES = {"slack_bolt", "slack_sdk", "discord"}


def imported_modules(path: Path, *, top: bool = True) -> set[str]:
    found = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            found |= {alias.name for alias in node.names}
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            found.add(node.module)
    return {m.split(".")[0] for m in found} if top else found


def test_the_core_and_storage_import_no_platform_library():
    offenders = {
        str(path.relative_to(ROOT)): sorted(imported_modules(path) & PLATFORM_LIBRARIES)
        for folder in ("bot", "storage")
        for path in (ROOT / folder).rglob("*.py")
    }
    assert {k: v for k, v in offenders.items() if v} == {}
    assert len(offenders) > 10  # the scan really looked at the code


# Pure parts of the core that import nothing else of ours: storage may use them (a data
# migration masks old replies with the same masker that masks new ones).
PURE = ("bot.domain", "bot.privacy")


def test_storage_knows_only_the_domain_of_the_core():
    for path in (ROOT / "storage").rglob("*.py"):
        for module in imported_modules(path, top=False):
            assert not module.startswith("adapters"), (path, module)
            if module.startswith("bot"):
                assert module.startswith(PURE), (path, module)


def test_the_masker_imports_nothing_else_of_ours():
    paths = list((ROOT / "bot" / "privacy").rglob("*.py"))
    assert paths
    for path in paths:
        for module in imported_modules(path, top=False):
            assert not module.startswith(("adapters", "storage")), (path, module)
            assert not module.startswith("bot") or module.startswith("bot.privacy"), (path, module)


def test_each_adapter_knows_only_its_own_platform():
    for platform, foreign in (("slack", {"discord"}), ("discord", {"slack_bolt", "slack_sdk"})):
        for path in (ROOT / "adapters" / platform).rglob("*.py"):
            assert not imported_modules(path) & foreign, path
            assert not any(
                m.startswith(("adapters.slack", "adapters.discord")) and platform not in m
                for m in imported_modules(path, top=False)
            ), path


# -- the layers --------------------------------------------------------------------------
# The domain (bot.domain: pure) ← the core (the rest of bot/: services, events, the platform
# contract bot.platform, the clock) ← storage and the adapters (they implement what the core
# needs) ← the application (settings, command line, demo, and bot.app, the one place that
# builds and wires objects). Imports run only that way.

APPLICATION = ("bot.app", "bot.arguments", "bot.cli", "bot.demo", "bot.demo_content", "bot.settings", "bot.__main__")
# The core names nothing of storage: what it needs of it is bot.ports (protocols storage
# implements, tests/test_ports.py), and bot.app hands it the real store.


def modules() -> dict[str, Path]:
    found = {}
    for top in ("bot", "adapters", "storage"):
        for path in (ROOT / top).rglob("*.py"):
            if "migrations" in path.parts:
                continue
            parts = path.relative_to(ROOT).with_suffix("").parts
            found[".".join(parts[:-1] if parts[-1] == "__init__" else parts)] = path
    return found


MODULES = modules()


def module_imports(name: str) -> set[str]:
    """What a module imports when it is imported (module level, not under `if TYPE_CHECKING`):
    `from package import submodule` counts as the submodule."""
    path = MODULES[name]
    package = name if path.name == "__init__.py" else name.rpartition(".")[0]
    found = set()
    for node in ast.parse(path.read_text(encoding="utf-8")).body:
        if isinstance(node, ast.Import):
            found |= {alias.name for alias in node.names}
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                anchor = package.split(".")[: len(package.split(".")) - node.level + 1]
                base = ".".join([*anchor, *([node.module] if node.module else [])])
            for alias in node.names:
                found.add(f"{base}.{alias.name}" if f"{base}.{alias.name}" in MODULES else base)
    return found


def every_import(name: str) -> set[str]:
    """Everything a module imports anywhere in it (inside functions too)."""
    return imported_modules(MODULES[name], top=False)


def is_core(name: str) -> bool:
    return name.startswith("bot") and not name.startswith(("bot.domain", *APPLICATION))


def test_the_domain_imports_nothing_of_ours_but_itself():
    domain = [m for m in MODULES if m.startswith("bot.domain")]
    assert len(domain) > 3
    for name in domain:
        ours = {m for m in every_import(name) if m.startswith(("bot", "adapters", "storage"))}
        assert all(m.startswith("bot.domain") for m in ours), (name, ours)


def test_the_core_imports_no_adapter_no_database_library_and_nothing_of_storage():
    core = [m for m in MODULES if is_core(m)]
    assert "bot.listening" in core and "bot.platform" in core and "bot.ports" in core and "bot.app" not in core
    for name in core:
        for module in every_import(name):
            assert not module.startswith(("adapters", "sqlalchemy", "alembic", "aiosqlite", "asyncpg")), (name, module)
            assert not module.startswith(APPLICATION), (name, module)
            assert not module.startswith("storage"), (name, module)


def test_the_ports_name_only_the_domain():
    ports = [m for m in MODULES if m == "bot.ports" or m.startswith("bot.ports.")]
    assert ports
    for name in ports:
        for module in every_import(name):
            assert not module.startswith(("adapters", "storage", "sqlalchemy")), (name, module)
            assert not module.startswith("bot") or module.startswith(("bot.domain", "bot.ports")), (name, module)


def test_adapters_use_the_core_never_storage_or_the_application():
    for name in [m for m in MODULES if m.startswith("adapters")]:
        for module in every_import(name):
            assert not module.startswith(("storage", "sqlalchemy")), (name, module)
            assert not module.startswith(APPLICATION), (name, module)


def test_there_are_no_import_cycles():
    graph = {name: {m for m in module_imports(name) if m in MODULES and m != name} for name in MODULES}
    cycles, done = [], set()

    def visit(name: str, path: list[str]) -> None:
        if name in path:
            cycles.append(path[path.index(name) :] + [name])
            return
        if name in done:
            return
        for other in sorted(graph[name]):
            visit(other, [*path, name])
        done.add(name)

    for name in sorted(graph):
        visit(name, [])
    assert cycles == []
