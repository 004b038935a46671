"""The subcommands of the ``gzcheck`` command, one module each.

Each module has ``HELP`` (its line in ``gzcheck -h``), ``SELECTS`` (whether it takes the rule-selection
options), ``add_arguments(parser)`` and ``run(args) -> exit code``. They only read their input and write
their output: every verdict comes from :class:`gzcheck.checker.Checker`.
"""

# command: its module (imported only when the command runs, or for ``gzcheck -h``)
COMMANDS = {
    "check": "check",
    "batch": "batch",
    "serve": "serve",
    "fix": "fix",
    "test-cases": "cases",
    "rollup": "rollup",
    "test-pack": "packs",
    "rules": "rules",
    "explain": "explain",
    "schema": "schema",
    "extract": "extract",
}
