"""sanctscreen: screen holdings, vendor and counterparty files against US restricted-party lists."""

from importlib.metadata import PackageNotFoundError, version

try:
    __version__ = version("sanctscreen")
except PackageNotFoundError:  # running from a source tree that is not installed
    __version__ = "0.0.0+unknown"

__all__ = ["__version__"]
