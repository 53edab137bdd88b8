"""OFAC 50 Percent Rule arithmetic, chains, cycles, unknown shares and control on the graph."""

from __future__ import annotations

from sanctscreen.models import Entity, Link, Relation, Status
from sanctscreen.ownership import format_path
from tests.factory import entity, link
from tests.ownership.helpers import make_graph


def sdn(local_id: str, name: str) -> Entity:
    return entity(local_id, name, lists=("SDN",))


def plain(local_id: str, name: str) -> Entity:
    return entity(local_id, name, lists=())


def test_faq_401_example_1_blocked_status_propagates_down_a_chain() -> None:
    x, a, b = sdn("x", "Blocked Person X"), plain("a", "Entity A"), plain("b", "Entity B")
    graph = make_graph([x, a, b], [link(x, a, 50), link(a, b, 50)])
    [finding] = graph.findings(b.id)
    assert finding.status is Status.HIT
    assert finding.rule == "ofac-50-percent"
    assert finding.owner.id == x.id
    assert [s.entity_id for s in finding.path] == [b.id, a.id, x.id]
    assert [s.share for s in finding.path] == [None, 50, 50]
    assert finding.effective_share == 50


def test_faq_401_example_2_two_blocked_subsidiaries_aggregate_to_fifty() -> None:
    x = sdn("x", "Blocked Person X")
    a, b, c = plain("a", "Entity A"), plain("b", "Entity B"), plain("c", "Entity C")
    graph = make_graph([x, a, b, c],
                       [link(x, a, 50), link(x, b, 50), link(a, c, 25), link(b, c, 25)])
    [finding] = graph.findings(c.id)
    assert finding.status is Status.HIT
    assert finding.effective_share == 50
    assert "Entity A 25 %" in finding.explanation
    assert "Entity B 25 %" in finding.explanation
    assert "together 50 %" in finding.explanation


def test_faq_401_example_3_direct_and_indirect_stakes_add_up() -> None:
    x, a, b = sdn("x", "Blocked Person X"), plain("a", "Entity A"), plain("b", "Entity B")
    graph = make_graph([x, a, b], [link(x, a, 50), link(x, b, 10), link(a, b, 40)])
    [finding] = graph.findings(b.id)
    assert finding.status is Status.HIT
    assert finding.effective_share == 50
    assert [s.entity_id for s in finding.path] == [b.id, x.id]  # the shortest chain


def test_two_blocked_owners_aggregate_and_both_are_named() -> None:
    alpha, beta = sdn("alpha", "Alpha Holdings"), sdn("beta", "Beta Capital")
    target = plain("t", "Target Trading")
    graph = make_graph([alpha, beta, target], [link(alpha, target, 30), link(beta, target, 25)])
    findings = graph.findings(target.id)
    assert [f.owner.id for f in findings] == [alpha.id, beta.id]
    for finding in findings:
        assert finding.status is Status.HIT
        assert finding.effective_share == 55
        assert "Alpha Holdings 30 % [SDN]" in finding.explanation
        assert "Beta Capital 25 % [SDN]" in finding.explanation
        assert "together 55 %" in finding.explanation


def test_exactly_fifty_percent_is_blocked() -> None:
    x, t = sdn("x", "X"), plain("t", "T")
    [finding] = make_graph([x, t], [link(x, t, 50.0)]).findings(t.id)
    assert (finding.status, finding.rule) == (Status.HIT, "ofac-50-percent")


def test_float_shares_that_sum_to_fifty_are_blocked() -> None:
    x, y, t = sdn("x", "X"), sdn("y", "Y"), plain("t", "T")
    findings = make_graph([x, y, t], [link(x, t, 30.1), link(y, t, 19.9)]).findings(t.id)
    assert {f.status for f in findings} == {Status.HIT}


def test_forty_nine_percent_is_not_blocked_but_a_minority_review() -> None:
    x, t = sdn("x", "X"), plain("t", "T")
    [finding] = make_graph([x, t], [link(x, t, 49)]).findings(t.id)
    assert finding.status is Status.REVIEW
    assert finding.rule == "minority-stake"
    assert finding.effective_share == 49


def test_small_stakes_and_the_minority_review_can_be_switched_off() -> None:
    x, t = sdn("x", "X"), plain("t", "T")
    assert make_graph([x, t], [link(x, t, 10)]).findings(t.id) == []
    graph = make_graph([x, t], [link(x, t, 49)], minority_review_share=None)
    assert graph.findings(t.id) == []


def test_indirect_stake_through_a_non_blocked_entity_does_not_count() -> None:
    # X holds 40 % of A, which is therefore not blocked; A's 100 % of B carries nothing.
    x, a, b = sdn("x", "X"), plain("a", "A"), plain("b", "B")
    graph = make_graph([x, a, b], [link(x, a, 40), link(a, b, 100)])
    assert graph.findings(b.id) == []
    assert [f.rule for f in graph.findings(a.id)] == ["minority-stake"]


def test_four_level_chain_reads_from_screened_node_to_listed_owner() -> None:
    top = sdn("top", "Top Sanctioned Corp")
    l1, l2, l3 = plain("l1", "Level One"), plain("l2", "Level Two"), plain("l3", "Level Three")
    screened = plain("s", "Screened GmbH")
    links = [link(top, l1, 100), link(l1, l2, 75), link(l2, l3, 60), link(l3, screened, 51)]
    [finding] = make_graph([top, l1, l2, l3, screened], links).findings(screened.id)
    assert finding.status is Status.HIT
    assert [s.entity_name for s in finding.path] == [
        "Screened GmbH", "Level Three", "Level Two", "Level One", "Top Sanctioned Corp"]
    assert finding.path[0].relation == "" and finding.path[-1].lists == ("SDN",)
    assert finding.effective_share == 51
    assert finding.explanation.startswith(
        "51 % owned by Level Three, itself held by Top Sanctioned Corp [SDN]: blocked")
    assert format_path(finding.path) == (
        "Screened GmbH ← 51 % Level Three ← 60 % Level Two ← 75 % Level One "
        "← 100 % Top Sanctioned Corp [SDN]")


def test_max_depth_bounds_the_chain() -> None:
    top = sdn("top", "Top")
    nodes = [plain(f"n{i}", f"Node {i}") for i in range(6)]
    chain = [top, *nodes]
    links = [link(chain[i], chain[i + 1], 100) for i in range(len(chain) - 1)]
    deep = make_graph(chain, links)
    assert [f.status for f in deep.findings(nodes[-1].id)] == [Status.HIT]
    shallow = make_graph(chain, links, max_depth=3)
    assert [f.status for f in shallow.findings(nodes[2].id)] == [Status.HIT]
    assert shallow.findings(nodes[-1].id) == []


def test_cycle_terminates_and_blocks_the_loop() -> None:
    x, a, b = sdn("x", "X"), plain("a", "A"), plain("b", "B")
    graph = make_graph([x, a, b], [link(x, a, 60), link(a, b, 60), link(b, a, 40)])
    assert [f.owner.id for f in graph.findings(b.id)] == [x.id]
    assert [s.entity_id for s in graph.findings(a.id)[0].path] == [a.id, x.id]


def test_cycle_without_listed_owner_yields_nothing() -> None:
    a, b, c = plain("a", "A"), plain("b", "B"), plain("c", "C")
    graph = make_graph([a, b, c], [link(a, b, 100), link(b, c, 100), link(c, a, 100)])
    assert graph.findings(a.id) == graph.findings(c.id) == []


def test_self_ownership_neither_blocks_nor_loops() -> None:
    x, a = sdn("x", "X"), plain("a", "A")
    graph = make_graph([x, a], [link(a, a, 100), link(x, a, 20)])
    assert graph.findings(a.id) == []
    listed_self = make_graph([x], [link(x, x, 100)])
    assert listed_self.findings(x.id) == []


def test_unknown_share_is_a_review_never_a_hit_or_clear() -> None:
    x, a, b = sdn("x", "X"), plain("a", "A"), plain("b", "B")
    graph = make_graph([x, a, b], [link(x, a, None), link(a, b, 100)])
    for target in (a, b):
        [finding] = graph.findings(target.id)
        assert (finding.status, finding.rule) == (Status.REVIEW, "share-unknown")
        assert finding.effective_share is None
        assert "share unknown" in finding.explanation
    assert [s.entity_id for s in graph.findings(b.id)[0].path] == [b.id, a.id, x.id]


def test_known_stake_below_threshold_plus_unknown_stake_is_share_unknown() -> None:
    x, y, t = sdn("x", "X"), sdn("y", "Y"), plain("t", "T")
    findings = make_graph([x, y, t], [link(x, t, 30), link(y, t, None)]).findings(t.id)
    assert {(f.owner.id, f.rule) for f in findings} == {(x.id, "share-unknown"),
                                                         (y.id, "share-unknown")}
    assert ("held by X 30 % [SDN] and Y (share not stated) [SDN] (stated shares 30 %)"
            in findings[0].explanation)


def test_control_without_ownership_is_control_only_review() -> None:
    x, a, b = sdn("x", "X"), plain("a", "A"), plain("b", "B")
    graph = make_graph([x, a, b], [link(x, a, relation=Relation.CONTROLS), link(a, b, 100)])
    for target in (a, b):
        [finding] = graph.findings(target.id)
        assert (finding.status, finding.rule) == (Status.REVIEW, "control-only")
        assert "FAQ 398" in finding.explanation
    assert graph.findings(b.id)[0].path[-1].relation == "controls"


def test_listed_entity_is_not_reported_against_its_own_list_but_against_other_owners() -> None:
    x = sdn("x", "X")
    cmic = entity("m", "Listed CMIC", lists=("NS-CMIC",))
    sdn_sub = sdn("s", "Also SDN")
    graph = make_graph([x, cmic, sdn_sub], [link(x, cmic, 60), link(x, sdn_sub, 100)])
    assert [(f.owner.id, f.rule) for f in graph.findings(cmic.id)] == [(x.id, "ofac-50-percent")]
    assert graph.findings(sdn_sub.id) == []


def test_findings_are_deterministic_and_most_severe_first() -> None:
    x = sdn("x", "X")
    el = entity("e", "EL Party", lists=("EL",))
    t = plain("t", "T")
    links = [link(el, t, 100), link(x, t, None)]
    first = make_graph([x, el, t], links).findings(t.id)
    again = make_graph([t, el, x], list(reversed(links))).findings(t.id)
    assert first == again
    assert [f.status for f in first] == [Status.REVIEW, Status.REVIEW]


def test_duplicate_links_keep_the_largest_share_not_the_sum() -> None:
    x, t = sdn("x", "X"), plain("t", "T")
    graph = make_graph([x, t], [link(x, t, 30), link(x, t, 30)])
    assert [f.rule for f in graph.findings(t.id)] == ["minority-stake"]


def test_link_to_an_unknown_id_becomes_a_bare_node() -> None:
    x = sdn("x", "X")
    graph = make_graph([x], [Link(x.id, "other:42", share=100)])
    [finding] = graph.findings("other:42")
    assert finding.path[0].entity_name == "other:42"
    assert "other:42" in graph and "nothing:1" not in graph


def test_findings_are_memoised_but_callers_get_their_own_list() -> None:
    x, t = sdn("x", "X"), plain("t", "T")
    graph = make_graph([x, t], [link(x, t, 60)])
    first = graph.findings(t.id)
    first.clear()
    assert [f.rule for f in graph.findings(t.id)] == ["ofac-50-percent"]
