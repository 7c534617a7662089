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
