"""Build hook: the widget bundles (`tapeviz/static/*.js`, built from `js/` by esbuild).

They are rebuilt only when missing or older than a file in `js/` or the lockfile, so a built tree
or an sdist (which carries the bundles) builds with no node or npm, and no stale bundle ships.
"""
import shutil
import subprocess
from pathlib import Path

from hatchling.builders.hooks.plugin.interface import BuildHookInterface

BUNDLES = ("graph.js", "inspector.js", "checkpoint.js", "elk-worker.js")


def _newest(paths):
    return max((p.stat().st_mtime for p in paths if p.is_file()), default=0.0)


def stale(root):
    """Why the bundles must be rebuilt (a sentence), or None when they are up to date."""
    static = root / "tapeviz" / "static"
    missing = [b for b in BUNDLES if not (static / b).exists()]
    if missing:
        return f"{', '.join(missing)} missing"
    sources = list((root / "js").rglob("*")) + [root / "package-lock.json", root / "package.json"]
    if _newest(sources) > min((static / b).stat().st_mtime for b in BUNDLES):
        return "js/ changed since the last build"
    return None


class BundleHook(BuildHookInterface):
    PLUGIN_NAME = "custom"

    def initialize(self, version, build_data):
        root = Path(self.root)
        reason = stale(root)
        if reason is None:
            return
        npm = shutil.which("npm")
        if npm is None:
            raise RuntimeError(f"tapeviz's widget bundles must be built ({reason}), which needs "
                               "npm (Node 20+) on PATH")
        self.app.display_info(f"Building the widget bundles: {reason}")
        subprocess.run([npm, "ci", "--no-audit", "--no-fund"], cwd=root, check=True)
        subprocess.run([npm, "run", "build"], cwd=root, check=True)
