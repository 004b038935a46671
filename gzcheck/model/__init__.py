"""The report model: the national templates' tables, the JSON Schema, and validation against it."""
