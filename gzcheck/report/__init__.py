"""Writing results: text and JSON, SARIF/JUnit/GitHub annotations, the HTML audit report, rule docs."""
