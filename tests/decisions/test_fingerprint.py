from dataclasses import replace
from datetime import date

from sanctscreen.decisions import entity_fingerprint
from sanctscreen.models import Designation, Identifier, Relation
from tests.factory import entity, link

MEGVII = entity("megvii", "Megvii Technology Limited", aliases=["Kuangshi"],
                identifiers=[("isin", "KYG5966B1050")])
KUANGSHI = entity("kuangshi", "Beijing Kuangshi Technology Co., Ltd.", lists=())


def test_short_and_stable() -> None:
    first = entity_fingerprint(MEGVII, [link(MEGVII, KUANGSHI, 100.0)])
    assert len(first) == 16
    assert first == entity_fingerprint(MEGVII, [link(MEGVII, KUANGSHI, 100.0)])


def test_order_spacing_and_unrelated_links_do_not_matter() -> None:
    other = entity("other", "Other Co")
    reordered = replace(MEGVII, aliases=("Kuangshi", "  Megvii   Technology Limited"))
    base = entity_fingerprint(MEGVII, [link(MEGVII, KUANGSHI, 100.0)])
    assert entity_fingerprint(reordered, [link(MEGVII, KUANGSHI, 100)]) == base
    unrelated = [link(other, KUANGSHI), link(MEGVII, KUANGSHI, 100.0)]
    assert entity_fingerprint(MEGVII, unrelated) == base
    assert entity_fingerprint(replace(MEGVII, remarks="re-worded remark"),
                              [link(MEGVII, KUANGSHI, 100.0)]) == base


def test_each_material_change_gives_a_new_fingerprint() -> None:
    links = [link(MEGVII, KUANGSHI, 100.0)]
    base = entity_fingerprint(MEGVII, links)
    changed = {
        "alias": entity_fingerprint(replace(MEGVII, aliases=("Kuangshi", "Face++")), links),
        "program": entity_fingerprint(replace(MEGVII, designations=(
            *MEGVII.designations, Designation("NS-CMIC", program="CMIC-EO13959"))), links),
        "date": entity_fingerprint(replace(MEGVII, designations=(
            Designation("NS-CMIC", listed_on=date(2022, 1, 1)),)), links),
        "identifier": entity_fingerprint(replace(MEGVII, identifiers=(
            Identifier("isin", "KYG5966B1050"), Identifier("ticker", "MEGV"))), links),
        "new link": entity_fingerprint(MEGVII, [*links, link(MEGVII, entity("x", "X"))]),
        "share": entity_fingerprint(MEGVII, [link(MEGVII, KUANGSHI, 60.0)]),
        "relation": entity_fingerprint(MEGVII, [link(MEGVII, KUANGSHI, 100.0,
                                                     Relation.CONTROLS)]),
        "no links": entity_fingerprint(MEGVII),
    }
    assert base not in changed.values()
    assert len(set(changed.values())) == len(changed)
