"""Text strategies for hostile names: any script, combining marks, RTL, zero-width characters."""

from __future__ import annotations

from hypothesis import strategies as st

# Every code point except surrogates (which no file can hold as text).
any_text = st.text(st.characters(exclude_categories=["Cs"]), max_size=60)

_TRICKY = ("\u200b", "\u200c", "\u200d", "\u200e", "\u200f", "\u202e", "\u2066", "\ufeff",
           "\u0301", "\u0308", "\u0327", "\u00a0", "\u3000", "\t", "\n", "\x00", "\x85")
_WORDS = ("Megvii", "Technology", "Limited", "Co", "Ltd", "Holdings", "Beijing", "Group",
          "Société", "Générale", "科大讯飞", "股份有限公司", "海康威视", "北京", "شركة",
          "עסקים", "Ростех", "Dragon", "360", "A", "B", "&", "-", "'s", "Class", "H")

# Names built from real name parts, scripts and invisible characters mixed together.
name_like = st.lists(
    st.one_of(st.sampled_from(_WORDS), st.sampled_from(_TRICKY),
              st.text(st.characters(exclude_categories=["Cs"]), min_size=1, max_size=6)),
    min_size=1, max_size=8,
).map(" ".join)

names = st.one_of(any_text, name_like)
