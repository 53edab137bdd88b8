"""Which rule a listed owner's list brings: NS-CMIC, dated BIS Affiliates Rule, SSI, listed-only."""

from __future__ import annotations

from datetime import date

import pytest

from sanctscreen.models import Relation, Status
from sanctscreen.ownership import format_path
from sanctscreen.ownership.policy import OwnershipPolicy
from sanctscreen.ownership.regimes import RULE_BRIEFS, RULES, Tier
from tests.factory import entity, link
from tests.ownership.helpers import make_graph

MEGVII = entity("megvii", "Megvii Technology Limited", lists=("NS-CMIC",))
KUANGSHI = entity("kuangshi", "Beijing Kuangshi Technology Co., Ltd.", lists=())
NETPOSA = entity("netposa", "Netposa Technologies Limited", lists=("NS-CMIC",))
SENSENETS = entity("sensenets", "SenseNets Technology Ltd.", lists=())
DAWNING = entity("dawning", "Dawning Information Industry Co., Ltd", lists=("NS-CMIC",))
SUGON = entity("sugon", "Xinjiang Sugon Cloud Computing Co., Ltd.", lists=())
YITU = entity("yitu", "Yitu Limited", lists=("NS-CMIC",))
SHANGHAI_YITU = entity("shanghai-yitu", "Shanghai Yitu Technology Co., Ltd.", lists=())


def test_ns_cmic_owned_subsidiary_is_a_review_by_default() -> None:
    graph = make_graph([DAWNING, SUGON], [link(DAWNING, SUGON, 100)])
    [finding] = graph.findings(SUGON.id)
    assert (finding.status, finding.rule) == (Status.REVIEW, "ns-cmic-subsidiary")
    assert finding.owner.id == DAWNING.id
    assert "50 Percent Rule does not apply" in finding.explanation
    assert finding.explanation.startswith(
        "100 % owned by Dawning Information Industry Co., Ltd [NS-CMIC]: owned subsidiary")
    assert format_path(finding.path) == (
        "Xinjiang Sugon Cloud Computing Co., Ltd. ← 100 % "
        "Dawning Information Industry Co., Ltd [NS-CMIC]")


def test_ns_cmic_subsidiary_is_a_hit_under_a_conservative_policy() -> None:
    graph = make_graph([DAWNING, SUGON], [link(DAWNING, SUGON, 100)],
                       ns_cmic_subsidiaries=Status.HIT)
    [finding] = graph.findings(SUGON.id)
    assert (finding.status, finding.rule) == (Status.HIT, "ns-cmic-subsidiary")


def test_ns_cmic_unknown_share_stays_a_review_even_under_the_hit_policy() -> None:
    graph = make_graph([MEGVII, KUANGSHI], [link(MEGVII, KUANGSHI)],
                       ns_cmic_subsidiaries=Status.HIT)
    [finding] = graph.findings(KUANGSHI.id)
    assert (finding.status, finding.rule) == (Status.REVIEW, "share-unknown")
    assert finding.owner.id == MEGVII.id


def test_ns_cmic_controlled_subsidiary_follows_the_policy() -> None:
    graph = make_graph([NETPOSA, SENSENETS],
                       [link(NETPOSA, SENSENETS, relation=Relation.CONTROLS)])
    [finding] = graph.findings(SENSENETS.id)
    assert (finding.status, finding.rule) == (Status.REVIEW, "ns-cmic-subsidiary")
    assert "controlled subsidiary" in finding.explanation


def test_ns_cmic_minority_stake_has_no_consequence() -> None:
    graph = make_graph([YITU, SHANGHAI_YITU], [link(YITU, SHANGHAI_YITU, 30)])
    assert graph.findings(SHANGHAI_YITU.id) == []


@pytest.mark.parametrize(("owner", "owned", "share"), [
    (MEGVII, KUANGSHI, None),
    (NETPOSA, SENSENETS, None),
    (DAWNING, SUGON, 100),
    (YITU, SHANGHAI_YITU, None),
])
def test_seed_chains_from_the_december_2021_identifications(owner, owned, share) -> None:  # type: ignore[no-untyped-def]
    # Treasury's 16 Dec 2021 release: each parent "owns or controls, directly or indirectly" the
    # named subsidiary; only Dawning -> Sugon carries a stated share here.
    entities = [MEGVII, KUANGSHI, NETPOSA, SENSENETS, DAWNING, SUGON, YITU, SHANGHAI_YITU]
    links = [link(MEGVII, KUANGSHI), link(NETPOSA, SENSENETS), link(DAWNING, SUGON, 100),
             link(YITU, SHANGHAI_YITU)]
    [finding] = make_graph(entities, links).findings(owned.id)
    assert finding.owner.id == owner.id
    assert finding.status is Status.REVIEW
    assert finding.rule == ("ns-cmic-subsidiary" if share else "share-unknown")
    assert [s.entity_id for s in finding.path] == [owned.id, owner.id]
    assert finding.path[-1].lists == ("NS-CMIC",)


def test_ns_cmic_chain_through_unlisted_intermediaries() -> None:
    harrow = entity("harrow", "Harrow Imaging Pte Ltd", lists=())
    kestrel = entity("kestrel", "Kestrel Optics GmbH", lists=())
    graph = make_graph([MEGVII, KUANGSHI, harrow, kestrel],
                       [link(MEGVII, KUANGSHI, 100), link(KUANGSHI, harrow, 100),
                        link(harrow, kestrel, 51)])
    [finding] = graph.findings(kestrel.id)
    assert finding.rule == "ns-cmic-subsidiary"
    # The direct holder, and the listed party above it; the whole chain is the path.
    assert finding.explanation.startswith(
        "51 % owned by Harrow Imaging Pte Ltd, itself held by Megvii Technology Limited "
        "[NS-CMIC]: ")
    assert format_path(finding.path) == (
        "Kestrel Optics GmbH ← 51 % Harrow Imaging Pte Ltd ← 100 % "
        "Beijing Kuangshi Technology Co., Ltd. ← 100 % Megvii Technology Limited [NS-CMIC]")


EL_PARTY = entity("el", "Xinjiang Listed Security Co", lists=("EL",))
AFFILIATE = entity("aff", "Affiliate Trading Ltd", lists=())


@pytest.mark.parametrize(("day", "status", "rule", "words"), [
    (date(2025, 9, 1), Status.REVIEW, "bis-affiliates-not-in-force", "not yet in force"),
    (date(2025, 9, 29), Status.HIT, "bis-affiliates", "in force on 2025-09-29"),
    (date(2025, 10, 15), Status.HIT, "bis-affiliates", "in force on 2025-10-15"),
    (date(2025, 11, 10), Status.REVIEW, "bis-affiliates-not-in-force", "suspended"),
    (date(2026, 1, 15), Status.REVIEW, "bis-affiliates-not-in-force", "suspended"),
    (date(2026, 11, 9), Status.REVIEW, "bis-affiliates-not-in-force", "suspended"),
    (date(2026, 11, 22), Status.HIT, "bis-affiliates", "in force on 2026-11-22"),
])
def test_affiliates_rule_follows_the_screening_date(day, status, rule, words) -> None:  # type: ignore[no-untyped-def]
    graph = make_graph([EL_PARTY, AFFILIATE], [link(EL_PARTY, AFFILIATE, 60)], as_of=day)
    [finding] = graph.findings(AFFILIATE.id)
    assert (finding.status, finding.rule) == (status, rule)
    assert words in finding.explanation
    assert finding.effective_share == 60


@pytest.mark.parametrize(("forced", "status"), [("on", Status.HIT), ("off", Status.REVIEW)])
def test_affiliates_rule_can_be_forced(forced, status) -> None:  # type: ignore[no-untyped-def]
    for day in (date(2025, 10, 15), date(2026, 1, 15)):
        graph = make_graph([EL_PARTY, AFFILIATE], [link(EL_PARTY, AFFILIATE, 60)], as_of=day,
                           affiliates_rule=forced)
        assert [f.status for f in graph.findings(AFFILIATE.id)] == [status]


def test_affiliates_rule_aggregates_entity_list_and_meu_owners() -> None:
    meu = entity("meu", "Military End User Corp", lists=("MEU",))
    graph = make_graph([EL_PARTY, meu, AFFILIATE],
                       [link(EL_PARTY, AFFILIATE, 25), link(meu, AFFILIATE, 25)],
                       as_of=date(2025, 10, 15))
    findings = graph.findings(AFFILIATE.id)
    assert {(f.owner.id, f.status) for f in findings} == {(EL_PARTY.id, Status.HIT),
                                                          (meu.id, Status.HIT)}


def test_affiliates_rule_is_ownership_only() -> None:
    graph = make_graph([EL_PARTY, AFFILIATE],
                       [link(EL_PARTY, AFFILIATE, relation=Relation.CONTROLS)],
                       as_of=date(2025, 10, 15))
    assert [f.rule for f in graph.findings(AFFILIATE.id)] == ["control-only"]


def test_ssi_ownership_follows_the_non_sdn_policy() -> None:
    ssi = entity("ssi", "Sectoral Bank", lists=("SSI",))
    sub = entity("sub", "Sectoral Leasing", lists=())
    default = make_graph([ssi, sub], [link(ssi, sub, 50)])
    assert [(f.status, f.rule) for f in default.findings(sub.id)] == [
        (Status.HIT, "ofac-non-sdn-50-percent")]
    lenient = make_graph([ssi, sub], [link(ssi, sub, 50)], non_sdn_subsidiaries=Status.REVIEW)
    assert [f.status for f in lenient.findings(sub.id)] == [Status.REVIEW]


def test_sdn_and_ssi_stakes_are_not_added_together() -> None:
    sdn_owner = entity("x", "Blocked X", lists=("SDN",))
    ssi = entity("ssi", "Sectoral Bank", lists=("SSI",))
    target = entity("t", "Joint Venture", lists=())
    graph = make_graph([sdn_owner, ssi, target],
                       [link(sdn_owner, target, 30), link(ssi, target, 30)])
    assert {f.rule for f in graph.findings(target.id)} == {"minority-stake"}


def test_listed_only_lists_give_a_review_for_affiliates() -> None:
    dpl = entity("dpl", "Denied Exporter", lists=("DPL",))
    sub = entity("sub", "Denied Exporter Logistics", lists=())
    [finding] = make_graph([dpl, sub], [link(dpl, sub, 100)]).findings(sub.id)
    assert (finding.status, finding.rule) == (Status.REVIEW, "listed-party-affiliate")
    assert make_graph([dpl, sub], [link(dpl, sub, 30)]).findings(sub.id) == []


def test_owner_on_two_lists_is_reported_once_by_its_most_severe_rule() -> None:
    both = entity("both", "Doubly Listed", lists=("SDN", "NS-CMIC"))
    sub = entity("sub", "Subsidiary", lists=())
    [finding] = make_graph([both, sub], [link(both, sub, 80)]).findings(sub.id)
    assert (finding.status, finding.rule) == (Status.HIT, "ofac-50-percent")
    assert finding.path[-1].lists == ("NS-CMIC", "SDN")
    assert finding.explanation.endswith(
        "; also a subsidiary of an NS-CMIC company, not itself listed, review "
        "(rule ns-cmic-subsidiary)")


def test_regime_rule_is_preferred_over_a_generic_review_of_equal_severity() -> None:
    # As the bundled seed list states it: Megvii (NS-CMIC and Entity List) "owns or controls"
    # Kuangshi, recorded as control. NS-CMIC reads that as a subsidiary; BIS as control only.
    megvii = entity("megvii", "Megvii Technology Limited", lists=("NS-CMIC", "EL"))
    graph = make_graph([megvii, KUANGSHI],
                       [link(megvii, KUANGSHI, relation=Relation.CONTROLS)])
    [finding] = graph.findings(KUANGSHI.id)
    assert (finding.status, finding.rule) == (Status.REVIEW, "ns-cmic-subsidiary")
    assert finding.explanation.startswith("controlled by Megvii Technology Limited [EL, NS-CMIC]")
    assert finding.explanation.endswith(
        "; also controlled without stated majority ownership, review (rule control-only)")


def test_every_rule_a_regime_can_name_has_a_brief_for_the_also_clause() -> None:
    # A second rule is named in a few words ("also a subsidiary of an NS-CMIC company …"),
    # never by its bare id: every rule any regime gives, in any tier, has those words.
    policy = OwnershipPolicy(as_of=date(2026, 12, 3))
    off = OwnershipPolicy(as_of=date(2026, 12, 3), affiliates_rule="off")
    named = {verdict.rule for rule in RULES.values() for tier in Tier for p in (policy, off)
             if (verdict := rule.verdict(tier, p)) is not None}
    assert "bis-affiliates-not-in-force" in named and "ofac-50-percent" in named
    assert named <= RULE_BRIEFS.keys()
