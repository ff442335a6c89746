"""What setup.py declares installs the same with any pip: an extra that a dependency asks
for, and that an older pip would not apply, is declared directly.

The pip that a Python 3.11 ``venv`` ships (23.2) matches a requested extra against the
names a distribution provides as written: jusText asks for ``lxml[html_clean]``, lxml 6
provides ``html-clean``, that pip skips the extra, and the crawl's import of
``lxml.html.clean`` fails. These tests read the installed distributions' metadata, so
they need no network and no second virtual environment.
"""

from __future__ import annotations

import ast
import importlib.metadata as metadata
from collections.abc import Iterator
from pathlib import Path

import pytest
from packaging.requirements import Requirement
from packaging.utils import canonicalize_name

SETUP_PY = Path(__file__).resolve().parents[2] / "setup.py"


def _setup_keywords() -> dict[str, object]:
    tree = ast.parse(SETUP_PY.read_text(encoding="utf-8"))
    call = next(
        node
        for node in ast.walk(tree)
        if isinstance(node, ast.Call) and getattr(node.func, "id", None) == "setup"
    )
    wanted = ("install_requires", "extras_require")
    return {kw.arg: ast.literal_eval(kw.value) for kw in call.keywords if kw.arg in wanted}


def declared_requirements() -> list[Requirement]:
    """``install_requires`` and the ``dev`` extra, as setup.py spells them."""
    keywords = _setup_keywords()
    raw = [*keywords["install_requires"], *keywords["extras_require"]["dev"]]  # type: ignore[index]
    return [Requirement(value) for value in raw]


def _applies(requirement: Requirement, extras: tuple[str, ...]) -> bool:
    if requirement.marker is None:
        return True
    return any(requirement.marker.evaluate({"extra": extra}) for extra in ("", *extras))


def extra_requirements(distribution: str, extra: str) -> list[Requirement]:
    """What ``distribution[extra]`` adds to the distribution's own requirements here."""
    added = []
    for raw in metadata.requires(distribution) or []:
        requirement = Requirement(raw)
        if _applies(requirement, (extra,)) and not _applies(requirement, ()):
            added.append(requirement)
    return added


def requested_extras() -> Iterator[tuple[str, Requirement]]:
    """Every requirement with extras in the installed dependency tree of setup.py, with
    who asks for it (``setup.py`` or a distribution's name)."""
    seen: set[tuple[str, frozenset[str]]] = set()
    stack = [("setup.py", requirement) for requirement in declared_requirements()]
    while stack:
        parent, requirement = stack.pop()
        key = (canonicalize_name(requirement.name), frozenset(requirement.extras))
        if key in seen or not _applies(requirement, ()):
            continue
        seen.add(key)
        try:
            metadata.distribution(requirement.name)
        except metadata.PackageNotFoundError:
            continue  # reported by the installed-version check, if it matters
        if requirement.extras:
            yield parent, requirement
        stack.extend(
            (requirement.name, Requirement(raw))
            for raw in metadata.requires(requirement.name) or []
            if _applies(Requirement(raw), tuple(sorted(requirement.extras)))
        )


def test_lxml_html_clean_is_declared_directly_and_the_extraction_stack_imports():
    declared = {canonicalize_name(r.name) for r in declared_requirements()}
    assert "lxml-html-clean" in declared

    from lxml.html.clean import Cleaner

    from icp_assets.crawl.content import parse_html

    assert Cleaner is not None
    page = parse_html(
        "<html><head><title>Harbourline</title></head><body><main>"
        + "<p>Harbourline Logistics runs bonded warehouses in Tuas for freight forwarders. " * 20
        + "</p></main></body></html>",
        url="https://harbourline-logistics.sg/",
        domain="harbourline-logistics.sg",
        page_type="home",
    )
    assert "bonded warehouses" in page.content.main_text


def extra_problems(direct: set[str]) -> list[str]:
    """Extras in the tree that are not installed, or that only a newer pip applies while
    what they add is not among ``direct`` (canonical names)."""
    problems = []
    for parent, requirement in requested_extras():
        distribution = metadata.distribution(requirement.name)
        provided = set(distribution.metadata.get_all("Provides-Extra") or [])
        for extra in sorted(requirement.extras):
            for needed in extra_requirements(requirement.name, extra):
                try:
                    version = metadata.version(needed.name)
                except metadata.PackageNotFoundError:
                    problems.append(f"{parent} asks for {requirement}: {needed} is not installed")
                    continue
                if not needed.specifier.contains(version, prereleases=True):
                    problems.append(f"{parent} asks for {requirement}: {needed}, got {version}")
                if extra not in provided and canonicalize_name(needed.name) not in direct:
                    problems.append(
                        f"{parent} asks for {requirement.name}[{extra}] but "
                        f"{requirement.name} {distribution.version} provides "
                        f"{sorted(provided)}: an older pip skips the extra, so setup.py must "
                        f"declare {needed.name} itself"
                    )
    return problems


def test_every_extra_in_the_dependency_tree_is_installed_whatever_the_pip():
    direct = {canonicalize_name(r.name) for r in declared_requirements()}
    problems = extra_problems(direct)
    assert not problems, "\n".join(problems)


def test_the_check_names_justexts_lxml_extra_when_lxml_html_clean_is_not_declared():
    provided = metadata.distribution("lxml").metadata.get_all("Provides-Extra") or []
    if "html_clean" in provided:
        pytest.skip(f"this lxml {metadata.version('lxml')} provides html_clean as spelled")
    direct = {canonicalize_name(r.name) for r in declared_requirements()}
    problems = extra_problems(direct - {"lxml-html-clean"})
    assert any(
        p.lower().startswith("justext asks for lxml[html_clean]") and "lxml_html_clean" in p
        for p in problems
    ), problems
