"""sanctscreen: screen holdings, vendor and counterparty files against US restricted-party lists."""

# The single source of the version (pyproject.toml reads it from here); a constant rather than
# importlib.metadata, which costs tens of milliseconds at every start of the command.
__version__ = "0.1.0"

__all__ = ["__version__"]
