"""A minimal Chrome DevTools Protocol client over headless Chromium's debugging websocket."""

from __future__ import annotations

import base64
import json
import re
import shutil
import subprocess
import tempfile
import threading
from contextlib import ExitStack
from pathlib import Path
from typing import Any

from tests.services import unavailable

CANDIDATES = ("chromium", "chromium-browser", "google-chrome")


def find_chromium() -> str:
    """The browser binary; under CI a missing browser fails, elsewhere it skips."""
    for name in CANDIDATES:
        path = shutil.which(name)
        if path:
            return path
    unavailable("headless Chromium not found (apt-get install -y chromium)")


class Browser:
    """Headless Chromium with a fresh profile, driven over one page session."""

    def __init__(self, binary: str) -> None:
        try:
            from websockets.sync.client import connect
        except ImportError:
            unavailable("the websockets package is needed for the Chromium tests")
        self.profile = tempfile.mkdtemp(prefix="tianluo-chromium-")
        self.process = subprocess.Popen(
            [
                binary,
                "--headless",
                "--no-sandbox",
                "--disable-gpu",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
                "--no-first-run",
                "--hide-scrollbars",
                f"--user-data-dir={self.profile}",
                "--remote-debugging-port=0",
                "about:blank",
            ],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.PIPE,
            text=True,
        )
        assert self.process.stderr is not None
        url = None
        for line in self.process.stderr:
            match = re.search(r"DevTools listening on (ws://\S+)", line)
            if match:
                url = match[1]
                break
        self._drain = threading.Thread(target=self._read_rest, daemon=True)
        self._drain.start()
        self._stack = ExitStack()
        if not url:
            self.close()
            raise AssertionError("Chromium did not print its DevTools address")
        self.ws = self._stack.enter_context(connect(url, max_size=None, open_timeout=30))
        self.next_id = 0
        self.events: list[dict[str, Any]] = []
        target = self.call("Target.createTarget", url="about:blank")["targetId"]
        self.session = self.call("Target.attachToTarget", targetId=target, flatten=True)[
            "sessionId"
        ]

    def _read_rest(self) -> None:
        assert self.process.stderr is not None
        for _ in self.process.stderr:  # keep the pipe drained so Chromium never blocks
            pass

    def call(self, method: str, session: bool = False, **params: Any) -> dict[str, Any]:
        """Send one command and return its result, keeping events that arrive meanwhile."""
        self.next_id += 1
        message: dict[str, Any] = {"id": self.next_id, "method": method, "params": params}
        if session:
            message["sessionId"] = self.session
        self.ws.send(json.dumps(message))
        while True:
            reply = json.loads(self.ws.recv(timeout=60))
            if reply.get("id") == self.next_id:
                if "error" in reply:
                    raise RuntimeError(f"{method}: {reply['error']}")
                return dict(reply.get("result", {}))
            self.events.append(reply)

    def page(self, method: str, **params: Any) -> dict[str, Any]:
        return self.call(method, session=True, **params)

    def wait_for(self, method: str) -> dict[str, Any]:
        """Wait for an event of the page session."""
        for i, event in enumerate(self.events):
            if event.get("method") == method:
                return self.events.pop(i)
        while True:
            event = json.loads(self.ws.recv(timeout=60))
            if event.get("method") == method:
                return dict(event)
            self.events.append(event)

    def errors(self) -> list[dict[str, Any]]:
        """Console errors, uncaught exceptions and error log entries seen so far."""
        found = []
        for event in self.events:
            method, params = event.get("method"), event.get("params", {})
            if method == "Runtime.exceptionThrown" or (
                method == "Runtime.consoleAPICalled" and params.get("type") in ("error", "assert")
            ):
                found.append(params)
            elif method == "Log.entryAdded" and params["entry"].get("level") == "error":
                found.append(params["entry"])
        return found

    def screenshot(self, path: Path, width: int, mobile: bool = False) -> Path:
        """A full-page PNG at the given CSS width."""
        self.page(
            "Emulation.setDeviceMetricsOverride",
            width=width,
            height=800,
            deviceScaleFactor=2 if mobile else 1,
            mobile=mobile,
        )
        height = self.page("Runtime.evaluate", expression="document.body.scrollHeight")
        full = int(height["result"]["value"])
        self.page(
            "Emulation.setDeviceMetricsOverride",
            width=width,
            height=full,
            deviceScaleFactor=2 if mobile else 1,
            mobile=mobile,
        )
        data = self.page("Page.captureScreenshot", format="png")["data"]
        path.write_bytes(base64.b64decode(data))
        return path

    def close(self) -> None:
        try:
            self._stack.close()
        finally:
            self.process.terminate()
            try:
                self.process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()
            self._drain.join(timeout=20)
            if self.process.stderr:
                self.process.stderr.close()
            shutil.rmtree(self.profile, ignore_errors=True)
