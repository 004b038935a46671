"""Every package of the project is in the wheel (an editable install hides a missing one)."""

try:
    import tomllib
except ModuleNotFoundError:  # Python 3.10
    import tomli as tomllib

from .conftest import ROOT


def test_every_package_is_listed_in_pyproject():
    config = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["tool"]["setuptools"]
    listed = set(config["packages"])
    mapped = {name: ROOT / folder for name, folder in config["package-dir"].items()}
    found = set()
    for init in sorted((ROOT / "gzcheck").rglob("__init__.py")):
        found.add(".".join(init.parent.relative_to(ROOT).parts))
    for name, folder in mapped.items():
        assert (folder / "__init__.py").exists(), name
        found.add(name)
    assert found == listed
