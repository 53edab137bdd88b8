"""The owners-above / holdings-below tree of one node."""

from __future__ import annotations

from sanctscreen.models import Status
from sanctscreen.ownership import tree as tree_module
from tests.factory import entity, link
from tests.ownership.helpers import DEFAULT_DAY, make_graph

X = entity("x", "Blocked X", lists=("SDN",))
A = entity("a", "Holding A", lists=())
B = entity("b", "Operating B", lists=())
C = entity("c", "Minority C", lists=())


def test_tree_shows_owners_above_and_holdings_below_with_findings() -> None:
    graph = make_graph([X, A, B, C], [link(X, A, 60), link(A, B, 100), link(A, C, 10)])
    tree = graph.tree(A.id)
    assert tree.root.id == A.id and tree.as_of == DEFAULT_DAY
    assert [f.rule for f in tree.findings] == ["ofac-50-percent"]
    [owner] = tree.owners
    assert (owner.entity.id, owner.share, owner.relation, owner.findings) == (X.id, 60, "owns", ())
    assert [(n.entity.id, n.share) for n in tree.owned] == [(B.id, 100), (C.id, 10)]
    assert [f.status for f in tree.owned[0].findings] == [Status.HIT]
    assert tree.owned[1].findings == ()


def test_tree_marks_cycles_and_depth_truncation() -> None:
    graph = make_graph([X, A, B], [link(X, A, 60), link(A, B, 100), link(B, A, 10)])
    up = graph.tree(B.id)
    holder = up.owners[0]
    assert holder.entity.id == A.id
    assert [(n.entity.id, n.repeated) for n in holder.children] == [(X.id, False), (B.id, True)]
    shallow = graph.tree(B.id, depth=1)
    assert shallow.owners[0].truncated and shallow.owners[0].children == ()


def test_tree_size_is_bounded(monkeypatch) -> None:  # type: ignore[no-untyped-def]
    monkeypatch.setattr(tree_module, "MAX_NODES", 3)
    subs = [entity(f"s{i}", f"Sub {i}", lists=()) for i in range(10)]
    graph = make_graph([X, *subs], [link(X, s, 100) for s in subs])
    assert len(graph.tree(X.id).owned) == 3
