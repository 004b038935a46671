"""`gzcheck serve` started for real on a free port of 127.0.0.1, for the browser test and the load bench."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
import contextlib
from contextlib import contextmanager


@contextmanager
def running_server(workers: int = 1, log=None, timeout: float | None = None, args: tuple[str, ...] = ()):
    """Yield the port and process id of a running `gzcheck serve` (its standard error to ``log``, an open file;
    ``timeout``, its budget per report; ``args``, more options); stop it and its checking processes afterwards."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    server = subprocess.Popen([sys.executable, "-m", "gzcheck", "serve", "--port", str(port), "--workers", str(workers)]
                              + (["--timeout", str(timeout)] if timeout else []) + list(args),
                              stdout=subprocess.DEVNULL, stderr=log or subprocess.DEVNULL, start_new_session=True)
    try:
        for _ in range(300):
            try:
                socket.create_connection(("127.0.0.1", port), timeout=0.2).close()
                break
            except OSError:
                time.sleep(0.1)
        yield port, server.pid
    finally:
        with contextlib.suppress(ProcessLookupError):
            os.killpg(server.pid, 9)
        server.wait(timeout=10)
