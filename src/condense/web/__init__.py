"""The analyst workbench: a local web app over ``condense.api.Project`` (``condense serve``)."""

from __future__ import annotations

import socket
import threading
import time
from dataclasses import dataclass

from condense.errors import MissingDependency


def free_port(host: str = "127.0.0.1") -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind((host, 0))
        return s.getsockname()[1]


@dataclass
class Running:
    """A workbench served from a background thread (tests, notebooks); ``stop()`` ends it."""

    url: str
    server: object
    thread: threading.Thread

    def stop(self) -> None:
        self.server.should_exit = True
        self.thread.join(timeout=10)


def serve_in_thread(app, host: str = "127.0.0.1", port: int | None = None, wait_s: float = 20.0) -> Running:
    try:
        import uvicorn
    except ImportError:  # pragma: no cover - a dependency of condense
        raise MissingDependency("uvicorn", "the workbench") from None
    port = port or free_port(host)
    server = uvicorn.Server(uvicorn.Config(app, host=host, port=port, log_level="warning", lifespan="off"))
    thread = threading.Thread(target=server.run, name="condense-workbench", daemon=True)
    thread.start()
    deadline = time.monotonic() + wait_s
    while not server.started:
        if not thread.is_alive() or time.monotonic() > deadline:
            raise RuntimeError(f"the workbench did not start on {host}:{port}")
        time.sleep(0.02)
    return Running(f"http://{host}:{port}", server, thread)
