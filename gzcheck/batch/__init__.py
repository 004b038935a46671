"""Auditing many reports: parallel workers (local processes or a Dask cluster), year pairing, summary.csv and report.html."""
