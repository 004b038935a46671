"""gzcheck's built-in rule pack, registered through the ``gzcheck`` entry-point group like any agency plugin."""

from gzcheck import hookimpl


@hookimpl
def gzcheck_rules():
    from .content import FeeStatement, GovernmentAccountability
    from .continuity import CarriedOverContinuity, InForceContinuity, ProseNotCopied
    from .deadline import PublicationDeadline
    from .narrative import NarrativeMatchesTables
    from .sections import ProblemsAndImprovements, SectionContent, SectionHeadings, SectionsPresent
    from .spam import InjectedSpam
    from .table_totals import Table3Totals, Table4Totals
    from .tables import BlankCells, FormatMatchesYear, Table2Disclosed, TablesPresent

    return [
        SectionsPresent, SectionHeadings, SectionContent, ProblemsAndImprovements,
        TablesPresent, BlankCells, FormatMatchesYear, Table2Disclosed,
        Table3Totals, Table4Totals,
        PublicationDeadline, GovernmentAccountability, FeeStatement,
        InjectedSpam, NarrativeMatchesTables,
        CarriedOverContinuity, InForceContinuity, ProseNotCopied,
    ]
