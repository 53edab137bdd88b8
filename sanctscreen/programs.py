"""The US restricted-party lists sanctscreen knows, with the agency and ownership regime of each."""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum


class Regime(StrEnum):
    """Which ownership rule governs a list (see sanctscreen.ownership and the README)."""

    OFAC_BLOCKING = "ofac-blocking"  # SDN: OFAC 50 Percent Rule
    OFAC_NS_CMIC = "ofac-ns-cmic"  # NS-CMIC: no 50 % rule; only listed entities are covered
    OFAC_NON_SDN = "ofac-non-sdn"  # SSI and other non-SDN menus: 50 % rule per directive
    BIS_AFFILIATES = "bis-affiliates"  # Entity List / MEU: the dated BIS Affiliates Rule
    LISTED_ONLY = "listed-only"  # the listing covers the named party only


@dataclass(frozen=True, slots=True)
class ListKind:
    code: str
    label: str
    agency: str
    regime: Regime


_KINDS = (
    ListKind("SDN", "OFAC Specially Designated Nationals", "Treasury OFAC", Regime.OFAC_BLOCKING),
    ListKind("NS-CMIC", "OFAC Non-SDN Chinese Military-Industrial Complex Companies",
             "Treasury OFAC", Regime.OFAC_NS_CMIC),
    ListKind("SSI", "OFAC Sectoral Sanctions Identifications", "Treasury OFAC",
             Regime.OFAC_NON_SDN),
    ListKind("NS-PLC", "OFAC Non-SDN Palestinian Legislative Council", "Treasury OFAC",
             Regime.LISTED_ONLY),
    ListKind("NS-MBS", "OFAC Non-SDN Menu-Based Sanctions", "Treasury OFAC", Regime.OFAC_NON_SDN),
    ListKind("FSE", "OFAC Foreign Sanctions Evaders", "Treasury OFAC", Regime.LISTED_ONLY),
    ListKind("CAPTA", "OFAC Correspondent Account or Payable-Through Account Sanctions",
             "Treasury OFAC", Regime.LISTED_ONLY),
    ListKind("EL", "BIS Entity List", "Commerce BIS", Regime.BIS_AFFILIATES),
    ListKind("MEU", "BIS Military End-User List", "Commerce BIS", Regime.BIS_AFFILIATES),
    ListKind("UVL", "BIS Unverified List", "Commerce BIS", Regime.LISTED_ONLY),
    ListKind("DPL", "BIS Denied Persons List", "Commerce BIS", Regime.LISTED_ONLY),
    ListKind("ISN", "State Nonproliferation Sanctions", "State ISN", Regime.LISTED_ONLY),
    ListKind("DTC", "State ITAR Debarred", "State DDTC", Regime.LISTED_ONLY),
    # Procurement and import lists: who may not be bought from (or imported from), by statute.
    ListKind("NDAA-889", "NDAA FY2019 section 889 covered telecommunications and video "
             "surveillance producers", "Congress (FAR 52.204-25)", Regime.LISTED_ONLY),
    ListKind("FCC-COVERED", "FCC Covered List (Secure and Trusted Communications Networks Act)",
             "FCC", Regime.LISTED_ONLY),
    ListKind("DOD-1260H", "DoD Chinese military companies (NDAA FY2021 section 1260H)",
             "Defense", Regime.LISTED_ONLY),
    ListKind("UFLPA", "DHS UFLPA Entity List (Uyghur Forced Labor Prevention Act)", "DHS",
             Regime.LISTED_ONLY),
    ListKind("CUSTOM", "Internal list", "Own organisation", Regime.LISTED_ONLY),
)

LISTS: dict[str, ListKind] = {kind.code: kind for kind in _KINDS}


def kind_of(code: str) -> ListKind:
    """The ListKind for a code; unknown codes are treated as listed-only custom lists."""
    return LISTS.get(code) or ListKind(code, code, "unknown", Regime.LISTED_ONLY)
