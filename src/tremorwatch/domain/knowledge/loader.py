"""Load and validate the knowledge pages; look a page up by topic id.

Pages live in ``pages/<kind>s/<id>.yaml`` next to this module (format: ``pages/README.md``).
Every page is validated against :class:`~tremorwatch.domain.knowledge.schema.Page` when it is
read, the file name must equal the page id, the kind must match the folder, ids are unique, every
``related`` id must name a page, and cause and disposition pages must be named by a spec code. A
problem raises :class:`~tremorwatch.errors.RuleSetError` naming the file and what is wrong.
"""

from __future__ import annotations

import difflib
from functools import lru_cache
from pathlib import Path
from typing import Any, Final

import yaml
from pydantic import ValidationError

from tremorwatch.domain.codes import Cause, Disposition
from tremorwatch.domain.knowledge.schema import Page, PageKind
from tremorwatch.errors import NotFound, RuleSetError

#: The packaged pages.
DEFAULT_PAGES_DIR: Final = Path(__file__).resolve().parent / "pages"

_LOADER: Any = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
_CODES: Final[dict[PageKind, frozenset[str]]] = {
    PageKind.CAUSE: frozenset(c.value for c in Cause),
    PageKind.DISPOSITION: frozenset(d.value for d in Disposition),
}
_KIND_ORDER: Final = {kind: i for i, kind in enumerate(PageKind)}


def _folder_kind(path: Path, root: Path) -> PageKind:
    folder = path.parent.name
    for kind in PageKind:
        if folder == f"{kind.value}s":
            return kind
    allowed = ", ".join(f"{k.value}s/" for k in PageKind)
    raise RuleSetError(
        f"{path.relative_to(root)}: pages must be inside one of the folders {allowed}"
    )


def _describe(exc: ValidationError) -> str:
    parts = []
    for err in exc.errors()[:5]:
        loc = ".".join(str(p) for p in err.get("loc", ()))
        msg = str(err.get("msg", "invalid")).removeprefix("Value error, ")
        parts.append(f"{loc}: {msg}" if loc else msg)
    return "; ".join(parts)


def load_page_file(path: Path, *, root: Path | None = None) -> Page:
    """Read and validate one page file.

    Raises
    ------
    RuleSetError
        Unreadable YAML, a schema problem, a file name that differs from the id, a kind that does
        not match the folder, or a cause/disposition page whose id is not a spec code.
    """
    root = root or path.parent.parent
    name = str(path.relative_to(root)) if path.is_relative_to(root) else str(path)
    try:
        raw = yaml.load(path.read_text(encoding="utf-8"), Loader=_LOADER)
    except (OSError, UnicodeDecodeError) as exc:
        raise RuleSetError(f"{name}: cannot be read ({exc})") from None
    except yaml.YAMLError as exc:
        raise RuleSetError(f"{name}: not valid YAML: {exc}") from None
    if not isinstance(raw, dict):
        raise RuleSetError(f"{name}: a page must be a YAML mapping with id, kind, title, ...")
    try:
        page = Page.model_validate(raw)
    except ValidationError as exc:
        raise RuleSetError(f"{name}: {_describe(exc)}") from None
    if page.id != path.stem:
        raise RuleSetError(f"{name}: the file name must be the page id ({page.id}.yaml)")
    folder_kind = _folder_kind(path, root)
    if page.kind is not folder_kind:
        raise RuleSetError(f"{name}: kind {page.kind.value!r} does not match its folder")
    codes = _CODES.get(page.kind)
    if codes is not None and page.id not in codes:
        raise RuleSetError(
            f"{name}: a {page.kind.value} page must be named by a spec code; "
            f"{page.id!r} is not one of {sorted(codes)}"
        )
    return page


def load_pages(directory: Path | None = None) -> dict[str, Page]:
    """Every page under ``directory`` (default: the packaged pages), validated.

    Returns
    -------
    dict
        ``{topic id: Page}``, ordered by kind (disposition, sign, guide, test, cause), then
        dispositions from most to least urgent and other pages by id.

    Raises
    ------
    RuleSetError
        A broken page (naming its file and the problem), a duplicate id, or a ``related`` id
        that names no page.
    """
    if directory is None:
        return dict(_default_pages())
    return _load_directory(directory)


def _load_directory(directory: Path) -> dict[str, Page]:
    if not directory.is_dir():
        raise RuleSetError(f"knowledge pages folder {directory} does not exist")
    pages: dict[str, Page] = {}
    files: dict[str, Path] = {}
    for path in sorted(directory.glob("*/*.yaml")):
        page = load_page_file(path, root=directory)
        if page.id in pages:
            raise RuleSetError(
                f"{path.relative_to(directory)}: id {page.id!r} is already used by "
                f"{files[page.id].relative_to(directory)}"
            )
        pages[page.id] = page
        files[page.id] = path
    if not pages:
        raise RuleSetError(f"no knowledge pages found in {directory}")
    for page in pages.values():
        for related in page.related:
            if related not in pages:
                raise RuleSetError(
                    f"{files[page.id].relative_to(directory)}: related topic {related!r} "
                    f"does not exist{_suggestion(related, pages)}"
                )
    ordered = sorted(pages.values(), key=_display_key)
    return {p.id: p for p in ordered}


def _display_key(page: Page) -> tuple[int, int, str]:
    """Kinds in display order; dispositions most urgent first; otherwise by id."""
    urgency = -Disposition(page.id).urgency if page.kind is PageKind.DISPOSITION else 0
    return (_KIND_ORDER[page.kind], urgency, page.id)


@lru_cache(maxsize=1)
def _default_pages() -> tuple[tuple[str, Page], ...]:
    return tuple(_load_directory(DEFAULT_PAGES_DIR).items())


def _normalise(topic_id: str) -> str:
    return "_".join(topic_id.strip().lower().replace("-", " ").replace("_", " ").split())


def _suggestion(topic_id: str, pages: dict[str, Page]) -> str:
    """' (did you mean ...?)' with up to three close ids, or '' when nothing is close."""
    key = _normalise(topic_id)
    close = difflib.get_close_matches(key, list(pages), n=3, cutoff=0.5)
    if not close:
        stems = [word[:5] for word in key.split("_") if len(word) >= 4]
        close = [
            page.id
            for page in pages.values()
            if any(stem in page.id or stem in page.title.lower() for stem in stems)
        ][:3]
    if not close:
        close = _title_word_matches(key, pages)
    if not close:
        return ""
    return " (did you mean " + " or ".join(repr(c) for c in close) + "?)"


def _title_word_matches(key: str, pages: dict[str, Page]) -> list[str]:
    """Ids of pages whose title has a word close to a word of ``key`` (typo in a title word)."""
    found: list[str] = []
    for page in pages.values():
        words = [w.strip("()',:").lower() for w in page.title.split()]
        if any(difflib.get_close_matches(part, words, n=1, cutoff=0.75) for part in key.split("_")):
            found.append(page.id)
    return found[:3]


def get_page(topic_id: str, *, pages: dict[str, Page] | None = None) -> Page:
    """The page for ``topic_id`` (case and ``-``/``_`` are ignored).

    Raises
    ------
    NotFound
        No such topic; the message suggests close matches and how to list all topics.
    """
    pages = load_pages() if pages is None else pages
    key = _normalise(topic_id)
    page = pages.get(key)
    if page is None:
        raise NotFound(
            f"There is no page about {topic_id!r}{_suggestion(topic_id, pages)}. "
            "Run 'tremorwatch learn' to list every topic.",
            field="topic",
        )
    return page


def pages_by_kind(pages: dict[str, Page] | None = None) -> dict[PageKind, list[Page]]:
    """Pages grouped by kind, in display order (kinds without pages are left out)."""
    pages = load_pages() if pages is None else pages
    grouped: dict[PageKind, list[Page]] = {}
    for page in pages.values():
        grouped.setdefault(page.kind, []).append(page)
    return grouped
