"""Reading bytes: decoding, HTML rendering to text with cell boundaries, safe JSON and YAML (and .docx and PDF)."""
