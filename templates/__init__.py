"""The Jinja2 templates, installed as the package `generator.templates` (see pyproject.toml)."""
