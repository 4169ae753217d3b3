"""A content-addressed cache of black's output: a file whose rendered text did not change is not
formatted again.

An entry's name is the sha256 of the cache format, the formatter's identity (black's version and
mode) and the rendered text; its content is one header line, the key and the sha256 of the
formatted text, then that text. An entry that does not match its header (truncated, damaged, or
written by something else) is a miss and is written again. Entries are written to a temporary file
in the same directory and renamed into place, so that concurrent runs never see half an entry.
"""

from __future__ import annotations

import contextlib
import hashlib
import os
import tempfile
from pathlib import Path

# Bumped when the layout of an entry or of the key changes, so that old entries are never read.
CACHE_FORMAT = 1
ENV_VAR = "AWS_ML_CONTRACTS_CACHE_DIR"


def default_cache_dir() -> Path:
    """$AWS_ML_CONTRACTS_CACHE_DIR, else $XDG_CACHE_HOME/aws-ml-contracts, else ~/.cache/..."""
    override = os.environ.get(ENV_VAR)
    if override:
        return Path(override)
    xdg = os.environ.get("XDG_CACHE_HOME", "")
    # The XDG spec says a relative $XDG_CACHE_HOME is to be ignored.
    base = Path(xdg) if os.path.isabs(xdg) else Path.home() / ".cache"
    return base / "aws-ml-contracts"


def _sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


class FormatCache:
    """Formatted text by rendered text, under `directory`, for one formatter.

    `formatter` names the formatter and every setting that changes its output; `section` is the
    subdirectory the entries go to (the run cache keeps whole outputs in another). Failing to
    write is never an error: the first failure is kept in `unwritable` and nothing more is
    written.
    """

    def __init__(self, directory: Path, formatter: str, section: str = "format") -> None:
        self.directory = directory
        self._salt = f"aws-ml-contracts {section} cache {CACHE_FORMAT}\0{formatter}\0".encode()
        self._section = f"{section}-v{CACHE_FORMAT}"
        self.unwritable: str | None = None

    def _entry(self, text: str) -> tuple[str, Path]:
        key = _sha256(self._salt + text.encode("utf-8"))
        return key, self.directory / self._section / key[:2] / key

    def get(self, text: str) -> str | None:
        """The formatted `text`, or None when there is no sound entry for it."""
        key, path = self._entry(text)
        try:
            data = path.read_bytes()
        except OSError:
            return None
        header, newline, body = data.partition(b"\n")
        if not newline or header != f"{key} {_sha256(body)}".encode():
            return None
        return body.decode("utf-8")

    def put(self, text: str, formatted: str) -> None:
        """Stores `formatted` as the formatted `text`, atomically; never raises OSError."""
        if self.unwritable is not None:
            return
        key, path = self._entry(text)
        body = formatted.encode("utf-8")
        temporary: str | None = None
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            descriptor, temporary = tempfile.mkstemp(dir=path.parent, prefix=".", suffix=".tmp")
            with os.fdopen(descriptor, "wb") as stream:
                stream.write(f"{key} {_sha256(body)}\n".encode() + body)
            os.replace(temporary, path)
        except OSError as error:
            self.unwritable = f"{error.strerror or error}: {error.filename or self.directory}"
            if temporary is not None:
                with contextlib.suppress(OSError):
                    os.unlink(temporary)
