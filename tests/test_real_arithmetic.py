"""Arithmetic rules on the real reports' transcribed tables and on the seed's values."""


from .real_tables import with_tables
from .engines import engine



def errors(report):
    return {(f.pointer, f.expected, f.actual) for f in engine().check(report).findings if f.severity == "error"}


def test_seed_values_give_exactly_the_two_faulty_cells(seed_report):
    assert errors(seed_report) == {
        ("/applications/total/results/total", 130, 0),
        ("/applications/total/carried_forward_to_next_year", 6, 0),
    }


def test_pingtan_2020_names_the_wrong_seven_total():
    # The rows above (七)总计 sum to 26 (自然人) and 27 (总计); the page prints 20 and 21.
    assert errors(with_tables("002-pingtan-2020-zone")) == {
        ("/applications/natural_person/results/total", 26, 20),
        ("/applications/total/results/total", 27, 21),
    }


def test_hongze_2023_names_both_wrong_table4_totals():
    assert errors(with_tables("011-hongze-2023-district")) == {
        ("/review_and_litigation/administrative_review/total", 11, 0),
        ("/review_and_litigation/litigation_after_review/total", 5, 0),
    }
