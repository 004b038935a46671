"""The batch's files: what it is asked to check (folders walked, globs expanded), its progress line, summary.csv and report.html."""
