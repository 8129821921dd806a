"""``pip install .`` from a fresh clone ships compiled catalogues and shows Spanish.

A clean ``git clone`` of this checkout (so only committed files, no ``.mo``: they are
git-ignored) is installed with pip into a temporary folder; the build hook (``hatch_build.py``)
must put ``messages.mo`` into the package, and the installed package must translate from it
without Babel having to compile anything. The build runs without network
(``--no-build-isolation``: hatchling and Babel come from the dev environment).
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]


@pytest.mark.slow
def test_pip_install_from_a_fresh_clone(tmp_path: Path) -> None:
    if not (ROOT / ".git").exists():
        pytest.fail("this test needs the git checkout of tremorwatch")
    clone = tmp_path / "clone"
    subprocess.run(["git", "clone", "-q", str(ROOT), str(clone)], check=True)
    # the clone has the committed tree; put this checkout's working copy of the catalogue and
    # build files over it, so uncommitted edits are tested too
    for rel in ("pyproject.toml", "hatch_build.py", "src/tremorwatch/i18n/locale"):
        subprocess.run(["cp", "-r", str(ROOT / rel), str((clone / rel).parent)], check=True)
    assert not list(clone.rglob("*.mo")), "a .mo file is committed; it must be built"
    target = tmp_path / "site"
    subprocess.run(
        [
            sys.executable,
            "-m",
            "pip",
            "install",
            "-q",
            "--no-deps",
            "--no-build-isolation",
            "--target",
            str(target),
            str(clone),
        ],
        check=True,
        env={**os.environ, "PIP_NO_INDEX": "1"},
    )
    mo_files = list(target.glob("tremorwatch/i18n/locale/*/LC_MESSAGES/messages.mo"))
    assert [p.parts[-3] for p in mo_files] == ["es"]
    script = (
        "import tremorwatch.i18n as i, tremorwatch.i18n as m\n"
        "import babel.messages.pofile\n"
        "def fail(*a, **k): raise SystemExit('compiled the .po in memory: no usable .mo')\n"
        "m.compile_po = fail\n"
        "with i.use_language('es'):\n"
        "    print(i.gettext('Is this an emergency?'))\n"
        "    print(i.translate('Is the shaking happening right now?'))\n"
        "print(i.__file__)\n"
    )
    out = subprocess.run(
        [sys.executable, "-c", script],
        check=True,
        capture_output=True,
        text=True,
        env={**os.environ, "PYTHONPATH": str(target)},
        cwd=tmp_path,
    ).stdout.splitlines()
    assert out[0] == "¿Es una urgencia?"
    assert out[1] == "¿El temblor está ocurriendo ahora mismo?"
    assert out[2].startswith(str(target))
