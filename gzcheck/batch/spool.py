"""Records a batch keeps on disk between its passes, so memory stays flat however many reports there are.

Pickled, not JSON: a spool is written and read back by this process alone, in a folder it made for itself
(``mkdtemp``: its owner only), and pickle is 3–6× faster both ways — most of what the parent of a batch
spends on a report is carrying its record from one pass to the next.
"""

from __future__ import annotations

import pickle
from pathlib import Path
from typing import BinaryIO, Iterator


class Spool:
    """Write records with :meth:`add` inside ``with``; iterate to read them back in the same order."""

    def __init__(self, path: Path):
        self.path = path
        self._file: BinaryIO | None = None

    def __enter__(self) -> "Spool":
        self._file = open(self.path, "wb")
        return self

    def __exit__(self, *exc: object) -> None:
        if self._file is not None:
            self._file.close()

    def add(self, record: dict) -> None:
        assert self._file is not None, "add() is for inside `with spool:`"
        pickle.dump(record, self._file, pickle.HIGHEST_PROTOCOL)

    def __iter__(self) -> Iterator[dict]:
        with open(self.path, "rb") as source:
            while True:
                try:
                    yield pickle.load(source)
                except EOFError:
                    return
