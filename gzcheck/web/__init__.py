"""Reports read where they are published: fetched by URL within limits, kept as evidence, compared with what a
search engine's crawler is served."""
