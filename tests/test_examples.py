"""The shipped examples stay valid: the settings file loads, the CI files are well-formed."""

from __future__ import annotations

from pathlib import Path

import yaml

from sanctscreen.config import load_config


def test_example_settings_file_loads(examples: Path) -> None:
    settings = load_config(examples / "sanctscreen.toml")
    assert settings["fail_on"] == "review"
    assert settings["allow"] == str((examples / "decisions.yaml").resolve())


def test_ci_examples_parse(examples: Path) -> None:
    workflow = yaml.safe_load((examples / "ci" / "github-actions.yml").read_text(encoding="utf-8"))
    steps = workflow["jobs"]["screen"]["steps"]
    assert any("sanctscreen check" in step.get("run", "") for step in steps)
    hooks = yaml.safe_load((examples.parent / ".pre-commit-hooks.yaml").read_text(encoding="utf-8"))
    assert hooks[0]["id"] == "sanctscreen" and hooks[0]["entry"] == "sanctscreen check"
