"""gzcheck's built-in rule pack, registered through the ``gzcheck`` entry-point group like any agency plugin."""

from gzcheck import hookimpl


@hookimpl
def gzcheck_rules():
    from gzcheck_rules.content import FeeStatement, GovernmentAccountability
    from gzcheck_rules.continuity import CarriedOverContinuity, InForceContinuity, ProseNotCopied
    from gzcheck_rules.deadline import PublicationDeadline
    from gzcheck_rules.narrative import NarrativeMatchesTables
    from gzcheck_rules.sections import ProblemsAndImprovements, SectionContent, SectionHeadings, SectionsPresent
    from gzcheck_rules.spam import InjectedSpam
    from gzcheck_rules.table_totals import Table3Totals, Table4Totals
    from gzcheck_rules.tables import BlankCells, FormatMatchesYear, Table2Disclosed, TablesPresent

    return [
        SectionsPresent, SectionHeadings, SectionContent, ProblemsAndImprovements,
        TablesPresent, BlankCells, FormatMatchesYear, Table2Disclosed,
        Table3Totals, Table4Totals,
        PublicationDeadline, GovernmentAccountability, FeeStatement,
        InjectedSpam, NarrativeMatchesTables,
        CarriedOverContinuity, InForceContinuity, ProseNotCopied,
    ]
