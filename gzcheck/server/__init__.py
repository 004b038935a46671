"""The pre-publication gate over HTTP: `gzcheck serve`, its API for content-management systems and an upload page for clerks."""
