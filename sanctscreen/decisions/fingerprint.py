"""The fingerprint of a list entry: what a reviewed decision was made against."""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable

from sanctscreen.models import Entity, Link

FINGERPRINT_LENGTH = 16  # hex digits: 64 bits, ample to tell versions of one entry apart


def entity_fingerprint(entity: Entity, links: Iterable[Link] = ()) -> str:
    """A short hash of the entry's names, designations, identifiers and ownership links.

    Order does not matter (a re-sorted list file gives the same fingerprint), and neither do
    remarks or source URLs; a new alias, program, listing date, identifier or link does.
    `links` may hold every link of a list: only those touching `entity` are used.
    """
    own_links = sorted(
        # Shares as text: None and numbers do not sort together, and 50 and 50.0 are one share.
        (link.owner, link.owned, link.relation.value, _share(link.share))
        for link in links
        if entity.id in (link.owner, link.owned)
    )
    facts = {
        "id": entity.id,
        "type": entity.type.value,
        # Weak aliases too: they are names of the entry, whether screened or not.
        "names": sorted({" ".join(n.split()) for n in (*entity.names, *entity.weak_aliases)
                         if n}),
        "designations": sorted(
            (d.list_code, d.program or "", d.listed_on.isoformat() if d.listed_on else "")
            for d in entity.designations
        ),
        "identifiers": sorted({(i.scheme, i.value) for i in entity.identifiers}),
        "links": [[owner, owned, relation, share] for owner, owned, relation, share in own_links],
    }
    canonical = json.dumps(facts, ensure_ascii=False, sort_keys=True, separators=(",", ":"))
    return hashlib.sha256(canonical.encode("utf-8")).hexdigest()[:FINGERPRINT_LENGTH]


def _share(share: float | None) -> str:
    return "" if share is None else f"{share:g}"
