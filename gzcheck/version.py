"""gzcheck's version: one place, read by the package, pyproject.toml and every output format."""

__version__ = "0.1.0"
