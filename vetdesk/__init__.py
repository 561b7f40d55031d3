"""vetdesk: dual-training coordination for chamber offices."""

from importlib.metadata import PackageNotFoundError, version

try:
    __version__ = version("vetdesk")
except PackageNotFoundError:  # running from a source tree that was never installed
    __version__ = "0.0.0+source"
