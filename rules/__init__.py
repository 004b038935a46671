"""gzcheck's built-in rule pack, registered through the ``gzcheck`` entry-point group like any agency plugin."""

from gzcheck import hookimpl


@hookimpl
def gzcheck_rules():
    from gzcheck_rules.table_totals import Table3Totals, Table4Totals

    return [Table3Totals, Table4Totals]
