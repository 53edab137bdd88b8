"""Reviewed decisions (the allow file): which matches an analyst cleared or confirmed, and when."""

from sanctscreen.decisions.files import (
    add_decisions,
    check_writable,
    load_decisions,
    save_decisions,
    to_mapping,
)
from sanctscreen.decisions.fingerprint import entity_fingerprint
from sanctscreen.decisions.model import Decision, Decisions, Verdict, normalise_name, row_keys

__all__ = [
    "Decision",
    "Decisions",
    "Verdict",
    "add_decisions",
    "check_writable",
    "entity_fingerprint",
    "load_decisions",
    "normalise_name",
    "row_keys",
    "save_decisions",
    "to_mapping",
]
