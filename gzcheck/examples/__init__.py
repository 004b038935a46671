"""Bundled example reports (canonical JSON), written by the gzcheck team: the README example and the base of rule cases."""
