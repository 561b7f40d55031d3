"""vetdesk: dual-training coordination for chamber offices."""

#: The one place the version is written (pyproject.toml reads it): asking the installed package's metadata
#: instead would cost every start-up a fifth of a bare window's time.
__version__ = "0.1.0"
