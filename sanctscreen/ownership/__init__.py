"""The ownership graph and the per-list ownership rules (OFAC 50 %, NS-CMIC, BIS Affiliates)."""

from sanctscreen.ownership.graph import OwnershipGraph
from sanctscreen.ownership.paths import format_path, format_share
from sanctscreen.ownership.policy import (
    OwnershipFinding,
    OwnershipPolicy,
    affiliates_rule_status,
)
from sanctscreen.ownership.tree import OwnershipTree, TreeNode
from sanctscreen.ownership.userfile import read_ownership_file

__all__ = [
    "OwnershipFinding",
    "OwnershipGraph",
    "OwnershipPolicy",
    "OwnershipTree",
    "TreeNode",
    "affiliates_rule_status",
    "format_path",
    "format_share",
    "read_ownership_file",
]
