"""Real JupyterLab in headless Debian chromium, for widget end-to-end tests and benchmarks.

    with LabServer() as lab:                       # JupyterLab on a temp dir (own config dirs)
        with lab.notebook(["import tapeviz as tf", "..."]) as nb:   # opens it in chromium
            nb.run_cell(0)                         # Shift+Enter, waits for the [n]: prompt
            nb.page.locator(".tapeviz-node")       # the Playwright page
            nb.console_errors                      # console errors seen so far

Reusable by every widget's browser test (see conftest.py for the pytest fixtures). Uses
/usr/bin/chromium via launch_persistent_context (never `playwright install`), and the readiness
waits from shared/WIDGET_RECIPE.md: the kernel status-bar button must read "Idle" before the
first Shift+Enter, and a cell counts as run when its prompt shows a number.
"""
import json
import os
import re
import shutil
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
CHROMIUM = os.environ.get("TAPEVIZ_CHROMIUM", "/usr/bin/chromium")
ARTIFACTS = Path(__file__).resolve().parent / "artifacts"
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--disable-quic",
                 "--no-first-run", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync"]
# console noise from JupyterLab itself, not from the code under test
BENIGN = (re.compile(r"favicon|Failed to load resource: .*(404|403)|jupyterlab_pygments|"
                     r"ResizeObserver loop|Kernel .*not found|No provider for|"
                     r"\[Violation\]|Could not find a renderer|Failed to fetch", re.I),)


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def notebook_json(cells):
    """An nbformat-4 notebook of code cells, with the kernel spec JupyterLab expects."""
    return {
        "cells": [{"cell_type": "code", "execution_count": None, "id": f"c{i}", "metadata": {},
                   "outputs": [], "source": src} for i, src in enumerate(cells)],
        "metadata": {"kernelspec": {"display_name": "Python 3", "language": "python",
                                    "name": "python3"},
                     "language_info": {"name": "python"}},
        "nbformat": 4, "nbformat_minor": 5,
    }


class LabServer:
    """A JupyterLab server on a temporary directory; the repo is on the kernel's PYTHONPATH.

    `app="notebook"` starts Notebook 7 instead (same server, same cells; notebooks open at
    /notebooks/<name>)."""

    def __init__(self, root=None, token="tapeviz-test", env=None, app="lab"):
        self.app = app
        self.root = Path(root or tempfile.mkdtemp(prefix="tapeviz-lab-"))
        self.extra_env = dict(env or {})      # e.g. {"OPENBLAS_NUM_THREADS": "1"} for kernels
        self.token = token
        self.port = free_port()
        self.proc = None
        self._browser = None
        self._pw = None

    @property
    def url(self):
        return f"http://127.0.0.1:{self.port}"

    def command(self):
        return [sys.executable, "-m", "jupyter", self.app, "--allow-root", "--no-browser",
                "--ip=127.0.0.1", f"--port={self.port}", f"--IdentityProvider.token={self.token}",
                "--LabApp.extension_manager=readonly", "--ServerApp.disable_check_xsrf=True",
                f"--ServerApp.root_dir={self.root}"]

    def ready_path(self):
        return f"/api/status?token={self.token}"

    def __enter__(self):
        env = dict(os.environ)
        scratch = self.root / ".jupyter"
        for var, sub in (("JUPYTER_CONFIG_DIR", "config"), ("JUPYTER_DATA_DIR", "data"),
                         ("JUPYTER_RUNTIME_DIR", "runtime"), ("JUPYTERLAB_SETTINGS_DIR", "settings"),
                         ("JUPYTERLAB_WORKSPACES_DIR", "workspaces"), ("IPYTHONDIR", "ipython")):
            env[var] = str(scratch / sub)
        # keep the system kernelspec visible: it lives in sys.prefix, which JUPYTER_PATH includes
        env["PYTHONPATH"] = os.pathsep.join([str(REPO), env.get("PYTHONPATH", "")]).rstrip(os.pathsep)
        env.update(self.extra_env)
        settings = scratch / "settings" / "@jupyter-widgets" / "jupyterlab-manager"
        settings.mkdir(parents=True, exist_ok=True)
        (settings / "plugin.jupyterlab-settings").write_text(json.dumps({"saveState": True}))
        notif = scratch / "settings" / "@jupyterlab" / "apputils-extension"
        notif.mkdir(parents=True, exist_ok=True)
        (notif / "notification.jupyterlab-settings").write_text(
            json.dumps({"fetchNews": "false", "checkForUpdates": False}))
        self.log = open(self.root / "lab.log", "wb")
        self.proc = subprocess.Popen(self.command(), cwd=self.root, env=env, stdout=self.log,
                                     stderr=subprocess.STDOUT)
        deadline = time.time() + 60
        while time.time() < deadline:
            try:
                urllib.request.urlopen(self.url + self.ready_path(), timeout=1)
                break
            except OSError:           # not listening yet
                if self.proc.poll() is not None:
                    raise RuntimeError(f"jupyter {self.app} exited: " + (self.root / "lab.log").read_text()[-2000:])
                time.sleep(0.3)
        else:
            raise RuntimeError(f"jupyter {self.app} did not start in 60 s")
        return self

    def browser(self):
        """One persistent chromium context for this server (started on first use)."""
        if self._browser is None:
            from playwright.sync_api import sync_playwright
            self._pw = sync_playwright().start()
            self._browser = self._pw.chromium.launch_persistent_context(
                str(self.root / ".chromium"), executable_path=CHROMIUM, headless=True,
                args=CHROMIUM_ARGS, viewport={"width": 1400, "height": 950})
        return self._browser

    def notebook(self, cells, name=None):
        """Writes a notebook of `cells` and opens it in chromium: a context manager for Notebook."""
        name = name or f"nb_{int(time.time() * 1000) % 10**9}.ipynb"
        (self.root / name).write_text(json.dumps(notebook_json(cells)))
        return Notebook(self, name)

    def __exit__(self, *exc):
        if self._browser is not None:
            self._browser.close()
            self._pw.stop()
        if self.proc is not None:
            self.proc.terminate()
            try:
                self.proc.wait(10)
            except subprocess.TimeoutExpired:
                self.proc.kill()
        self.log.close()
        shutil.rmtree(self.root, ignore_errors=True)
        return False


class Notebook:
    """An open notebook page: run cells, read outputs, collect console errors."""

    def __init__(self, lab, name):
        self.lab, self.name = lab, name
        self.page = None
        self.console_errors = []

    def __enter__(self):
        page = self.lab.browser().new_page()
        self.page = page
        page.on("console", self._on_console)
        page.on("pageerror", lambda exc: self.console_errors.append(f"pageerror: {exc}"))
        # reset: Lab's saved workspace would reopen earlier tests' notebooks as the active tab
        if self.lab.app == "notebook":
            page.goto(f"{self.lab.url}/notebooks/{self.name}?token={self.lab.token}")
            page.locator(".jp-Notebook .jp-Cell").first.wait_for(timeout=60_000)
            # Notebook 7 has no status bar: its toolbar's kernel name and status say "Idle"
            page.locator(".jp-Notebook-ExecutionIndicator[data-status='idle']").wait_for(timeout=60_000)
            page.locator(".jp-KernelName", has_text=re.compile("Python")).wait_for(timeout=60_000)
            return self
        page.goto(f"{self.lab.url}/lab/tree/{self.name}?token={self.lab.token}&reset")
        page.locator(".jp-Notebook .jp-Cell").first.wait_for(timeout=60_000)
        page.get_by_role("button", name=re.compile(r"\| Idle$")).wait_for(timeout=60_000)
        return self

    def _on_console(self, msg):
        if msg.type == "error" and not any(p.search(msg.text) for p in BENIGN):
            self.console_errors.append(msg.text)

    def cell(self, index):
        return self.page.locator(".jp-Notebook .jp-Cell").nth(index)

    def run_cell(self, index, timeout=60_000, wait=True):
        """Runs cell `index` (click, Shift+Enter); waits for its prompt to show a number.

        In Notebook 7, whose toolbar may say idle before the kernel is connected (no status bar
        to wait for), a first Shift+Enter that left the prompt empty is pressed once more."""
        cell = self.cell(index)
        cell.locator(".cm-content").click()
        self.page.keyboard.press("Shift+Enter")
        if self.lab.app == "notebook" and wait:
            try:
                self.wait_cell(index, 10_000, started=True)
            except TimeoutError:
                cell.locator(".cm-content").click()
                self.page.keyboard.press("Shift+Enter")
        if wait:
            self.wait_cell(index, timeout)
        return cell

    def wait_cell(self, index, timeout=60_000, started=False):
        """Waits until cell `index` shows a number ([3]:), or with `started` a [*] or a number."""
        prompt = self.cell(index).locator(".jp-InputPrompt")
        deadline = time.time() + timeout / 1000
        done = r"\[[\d*]+\]" if started else r"\[\d+\]"
        while time.time() < deadline:
            if re.search(done, prompt.inner_text()):
                return
            self.page.wait_for_timeout(100)
        raise TimeoutError(f"cell {index} did not finish: {prompt.inner_text()!r}")

    def output_text(self, index):
        return self.cell(index).locator(".jp-OutputArea").inner_text()

    def screenshot(self, name, locator=None):
        ARTIFACTS.mkdir(parents=True, exist_ok=True)
        path = ARTIFACTS / name
        (locator or self.page).screenshot(path=str(path))
        return path

    def __exit__(self, *exc):
        if self.page is not None:
            self.page.close()
        return False


class VoilaServer(LabServer):
    """Voilà serving one notebook as a dashboard (executed on page load; no code cells shown)."""

    def __init__(self, notebook_cells, name="dashboard.ipynb", env=None):
        super().__init__(env=env, app="voila")
        self.name = name
        (self.root / name).write_text(json.dumps(notebook_json(notebook_cells)))

    # Lab extensions that have no business in a dashboard and fail to load there (jupytext's and
    # Notebook's need JupyterLab's document manager: "shared module ... RUNTIME-012").
    DENY = ["jupyterlab-jupytext", "@jupyter-notebook/lab-extension", "@voila-dashboards/jupyterlab-preview"]

    def command(self):
        return [sys.executable, "-m", "voila", str(self.root / self.name), "--no-browser",
                f"--port={self.port}", "--Voila.ip=127.0.0.1", "--show_tracebacks=True",
                f"--VoilaConfiguration.extension_denylist={json.dumps(self.DENY)}"]

    def ready_path(self):
        return "/voila/static/voila.js"

    def open(self):
        """A new chromium page on the dashboard, with console errors collected."""
        page = self.browser().new_page()
        errors = []
        page.on("console", lambda msg: msg.type == "error" and not any(p.search(msg.text) for p in BENIGN)
                and errors.append(msg.text))
        page.on("pageerror", lambda exc: errors.append(f"pageerror: {exc}"))
        # Voilà's template links Font Awesome from a CDN (no network here): an empty stylesheet
        page.route(re.compile(r"^https://cdn\.jsdelivr\.net/npm/@fortawesome/"),
                   lambda route: route.fulfill(status=200, body="", content_type="text/css"))
        page.goto(self.url + "/", timeout=120_000)
        return page, errors
