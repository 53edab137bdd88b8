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
    # NDAA FY2019 sec. 889(f)(3): the equipment of the named companies "or any subsidiary or
    # affiliate of such entities" (FAR 2.101: affiliates control, or are controlled by, the same)
    NDAA_889 = "ndaa-889"
    # NDAA FY2024 sec. 805: the 1260H companies and "any entity subject to the control" of one
    DOD_1260H = "dod-1260h"
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
             "surveillance producers", "Congress (FAR 52.204-25)", Regime.NDAA_889),
    ListKind("FCC-COVERED", "FCC Covered List (Secure and Trusted Communications Networks Act)",
             "FCC", Regime.LISTED_ONLY),
    ListKind("DOD-1260H", "DoD Chinese military companies (NDAA FY2021 section 1260H)",
             "Defense", Regime.DOD_1260H),
    ListKind("UFLPA", "DHS UFLPA Entity List (Uyghur Forced Labor Prevention Act)", "DHS",
             Regime.LISTED_ONLY),
    ListKind("CUSTOM", "Internal list", "Own organisation", Regime.LISTED_ONLY),
)

LISTS: dict[str, ListKind] = {kind.code: kind for kind in _KINDS}

# The OFAC programs whose SDNs the EAR treats like Entity List parties (15 CFR 744.8(a)(1), as
# revised by 89 FR 20107 of 21 Mar 2024), so that entities they own 50 % or more are affiliates
# under the BIS Affiliates Rule (Supp. No. 8 to part 744, 90 FR 47201): E.O.s 13405, 13660,
# 13661, 13662, 13685, 14024 and 14038; the Foreign Terrorist Organizations, Global Terrorism
# and WMD Proliferators Sanctions Regulations; E.O.s 13581 and 14059, the Narcotics
# Trafficking Sanctions Regulations and the Kingpin Act. By OFAC's program tags:
BIS_SDN_PROGRAMS = frozenset({
    "BELARUS", "UKRAINE-EO13660", "UKRAINE-EO13661", "UKRAINE-EO13662", "UKRAINE-EO13685",
    "RUSSIA-EO14024", "BELARUS-EO14038", "FTO", "SDGT", "NPWMD", "TCO",
    "ILLICIT-DRUGS-EO14059", "SDNT", "SDNTK",
})


def kind_of(code: str) -> ListKind:
    """The ListKind for a code; unknown codes are treated as listed-only custom lists."""
    return LISTS.get(code) or ListKind(code, code, "unknown", Regime.LISTED_ONLY)
