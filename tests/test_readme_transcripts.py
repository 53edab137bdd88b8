"""The README's transcripts are what the program prints (tools/readme_transcripts.py makes
them): each `$ sanctscreen ...` on the bundled examples is run in a terminal of the README's
width and compared line for line."""

from __future__ import annotations

import importlib.util
import os
import sys
from pathlib import Path
from types import ModuleType

ROOT = Path(__file__).resolve().parent.parent


def _tool() -> ModuleType:
    spec = importlib.util.spec_from_file_location("readme_transcripts",
                                                  ROOT / "tools" / "readme_transcripts.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # dataclasses look their module up
    spec.loader.exec_module(module)
    return module


tool = _tool()


def test_the_readme_has_transcripts_of_both_examples() -> None:
    commands = [steps[0].command for _, steps in tool.blocks(tool.README.read_text("utf-8"))]
    assert commands == [
        "sanctscreen check examples/holdings.xlsx",
        "sanctscreen check examples/holdings.xlsx --show 3 | cat",
        "sanctscreen check examples/vendors.csv --ownership examples/owners.csv "
        "--allow examples/decisions.yaml"]


def test_the_readme_transcripts_are_what_the_program_prints() -> None:
    # The test's own data and cache folders (conftest): no installed list changes the output.
    env = tool.terminal_env(os.environ)
    differences = tool.differences(tool.README.read_text("utf-8"), env)
    assert not differences, ("run `python tools/readme_transcripts.py`; these differ:\n\n"
                             + "\n\n".join(differences))


def test_an_elision_stands_for_any_lines_and_nothing_else_may_differ() -> None:
    assert tool.matches(["a", "[...]", "d"], ["a", "b", "c", "d"])
    assert tool.matches(["a  ", "b"], ["a", "b"])  # trailing spaces do not count
    assert not tool.matches(["a", "b"], ["a", "b", "c"])
    assert not tool.matches(["a", "x"], ["a", "b"])
