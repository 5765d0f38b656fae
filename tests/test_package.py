"""The package as a user gets it: an sdist and a wheel built from this tree, each installed into a
fresh virtual environment with no node or npm on PATH, then used (marker `package`, slow).

Proves that the sdist carries the widget bundles (a wheel builds from it without npm), that the
wheel ships the bundles, the licences and the lessons, and that an installed tapeviz finds its
bundles, copies its lessons and loads as an IPython extension.
"""
import os
import shutil
import subprocess
import sys
import tarfile
import venv
import zipfile
from pathlib import Path

import pytest

pytestmark = pytest.mark.package
REPO = Path(__file__).resolve().parents[1]
SMOKE = r'''
import subprocess, sys, tempfile, pathlib
import tapeviz as tf
x = tf.constant(3.0)
with tf.GradientTape() as tape:
    tape.watch(x)
    y = x * x
assert float(tape.gradient(y, x)) == 6.0
from tapeviz.widgets.graph import TapeView
bundle = str(TapeView(tape)._esm)
shipped = pathlib.Path(tf.__file__).parent / "static" / "graph.js"
assert shipped.is_file() and bundle == shipped.read_text(), "the graph bundle was not found"
from tapeviz.widgets.bundles import layout_engine
assert len(layout_engine()) > 1_000_000, "the layout engine was not shipped"
out = pathlib.Path(tempfile.mkdtemp()) / "lessons"
subprocess.run([sys.executable, "-m", "tapeviz", "notebooks", str(out)], check=True)
assert len(list(out.glob("*.ipynb"))) >= 6
from IPython.core.interactiveshell import InteractiveShell
shell = InteractiveShell.instance()
shell.run_line_magic("load_ext", "tapeviz")
shell.run_cell("import tensorflow as tf2", store_history=False).raise_error()
assert shell.user_ns["tf2"] is tf
print("smoke ok", tf.__version__)
'''


def _path_without_node(tmp):
    """A PATH that has this Python but no node/npm (they live in /usr/bin with much else)."""
    bin_dir = tmp / "bin"
    bin_dir.mkdir()
    for tool in ("git", "tar", "gzip"):
        found = shutil.which(tool)
        if found:
            (bin_dir / tool).symlink_to(found)
    assert shutil.which("npm", path=str(bin_dir)) is None
    return str(bin_dir)


def _run(cmd, path, cwd=None):
    env = {k: v for k, v in os.environ.items() if k not in ("PYTHONPATH", "VIRTUAL_ENV")}
    env["PATH"] = path
    proc = subprocess.run([str(c) for c in cmd], cwd=cwd, env=env, capture_output=True, text=True,
                          timeout=900)
    assert proc.returncode == 0, f"{cmd} failed:\n{proc.stdout[-3000:]}\n{proc.stderr[-3000:]}"
    return proc.stdout


def _fresh_venv(where, path, install):
    venv.EnvBuilder(with_pip=True, clear=True).create(where)
    python = where / "bin" / "python"
    _run([python, "-m", "pip", "install", "-q", str(install)], path)
    return python


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("package")
    dist = tmp / "dist"
    _run([sys.executable, "-m", "build", "--sdist", "--outdir", dist, REPO], os.environ["PATH"])
    sdist = next(dist.glob("*.tar.gz"))
    no_node = _path_without_node(tmp)
    with tarfile.open(sdist) as tar:
        tar.extractall(tmp / "src", filter="data")
    src = next((tmp / "src").iterdir())
    _run([sys.executable, "-m", "build", "--wheel", "--outdir", dist, src], no_node)
    return {"sdist": sdist, "wheel": next(dist.glob("*.whl")), "path": no_node, "tmp": tmp}


def test_the_sdist_carries_bundles_and_licences(built):
    names = tarfile.open(built["sdist"]).getnames()
    for part in ("tapeviz/static/graph.js", "tapeviz/static/inspector.js",
                 "tapeviz/static/checkpoint.js", "LICENSE", "THIRD_PARTY_NOTICES.md"):
        assert any(n.endswith(part) for n in names), part


def test_the_wheel_built_without_npm_ships_bundles_licences_and_lessons(built):
    names = zipfile.ZipFile(built["wheel"]).namelist()
    assert {"tapeviz/static/graph.js", "tapeviz/static/inspector.js",
            "tapeviz/static/checkpoint.js", "tapeviz/static/elk-worker.js"} <= set(names)
    assert any(n.endswith(".dist-info/licenses/LICENSE") for n in names)
    assert any(n.endswith(".dist-info/licenses/THIRD_PARTY_NOTICES.md") for n in names)
    assert sum(n.startswith("tapeviz/lessons/") and n.endswith(".ipynb") for n in names) >= 6


@pytest.mark.parametrize("kind", ["wheel", "sdist"])
def test_installed_without_node_it_works(built, kind):
    python = _fresh_venv(built["tmp"] / f"venv-{kind}", built["path"], built[kind])
    assert "smoke ok" in _run([python, "-c", SMOKE], built["path"], cwd=built["tmp"])


def test_third_party_notices_cover_every_bundled_package():
    import json
    lock = json.loads((REPO / "package-lock.json").read_text())
    notices = (REPO / "THIRD_PARTY_NOTICES.md").read_text()
    bundled = [k[len("node_modules/"):] for k, v in lock["packages"].items()
               if k.startswith("node_modules/") and not v.get("dev")]
    assert bundled and all(f"## {name} " in notices for name in bundled), bundled
