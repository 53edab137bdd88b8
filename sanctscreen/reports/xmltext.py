"""Text that XML 1.0 can carry: input cells may hold control characters XML forbids."""

from __future__ import annotations

import re

# XML 1.0 allows tab, newline, carriage return and everything from U+0020 except surrogates
# and U+FFFE/U+FFFF; ElementTree writes other characters as-is, producing a file no parser reads.
_INVALID = re.compile("[^\t\n\r\u0020-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")


def xml_text(text: str) -> str:
    return _INVALID.sub("\ufffd", text)
