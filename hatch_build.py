"""Hatch build hook: compile the translation catalogues (``.po`` -> ``.mo``) into the wheel.

A wheel (and so ``pip install .``) carries ``messages.mo`` next to each ``messages.po``; an
editable install or a checkout without them compiles the ``.po`` in memory on first use
(:func:`tremorwatch.i18n.translations`). Babel is a build requirement (``pyproject.toml``).
"""

from __future__ import annotations

import io
import tempfile
from pathlib import Path
from typing import Any

from hatchling.builders.hooks.plugin.interface import BuildHookInterface


class CompileCatalogues(BuildHookInterface):  # type: ignore[misc]
    """Write each ``src/tremorwatch/i18n/locale/<lang>/LC_MESSAGES/messages.po`` as ``.mo``."""

    PLUGIN_NAME = "compile-catalogues"

    def initialize(self, version: str, build_data: dict[str, Any]) -> None:
        if self.target_name != "wheel":
            return
        from babel.messages.mofile import write_mo
        from babel.messages.pofile import read_po

        root = Path(self.root)
        out_dir = Path(tempfile.mkdtemp(prefix="tremorwatch-mo-"))
        for po_file in sorted((root / "src/tremorwatch/i18n/locale").glob("*/LC_MESSAGES/*.po")):
            language = po_file.parents[1].name
            with po_file.open("rb") as handle:
                catalog = read_po(handle, locale=language)
            buffer = io.BytesIO()
            write_mo(buffer, catalog, use_fuzzy=False)
            mo_file = out_dir / f"{language}-{po_file.stem}.mo"
            mo_file.write_bytes(buffer.getvalue())
            target = po_file.relative_to(root / "src").with_suffix(".mo")
            build_data["force_include"][str(mo_file)] = str(target)
