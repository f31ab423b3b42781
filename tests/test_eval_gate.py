"""The CI gate: dev-set figure and attributed F1 must not fall below bench/floors.json.

Skips with its reason when ../shared/eval is not beside the repository; CI has it.
Raise the floors with `python bench/dev.py --raise-floors`; lowering needs --allow-lower.
"""
import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "bench"))
import dev  # noqa: E402

pytestmark = [pytest.mark.model, pytest.mark.shared]


@pytest.fixture(scope="module")
def result():
    if not dev.available():
        pytest.skip("../shared/eval is not beside the repository: the dev-set gate needs it")
    return dev.run_dev()


def test_floors_are_pinned_to_this_gold():
    if not dev.available():
        pytest.skip("../shared/eval is not beside the repository")
    floors = dev.read_floors()
    assert floors.get("gold_sha256") == dev.gold_hash(), \
        "bench/floors.json was measured on another gold file"


def test_dev_set_holds_the_floors(result):
    problems = dev.check_floors(result, dev.read_floors())
    assert not problems, "; ".join(problems)


def test_gate_reports_a_drop():
    # the comparison itself: a result under the floor is reported
    if not dev.available():
        pytest.skip("../shared/eval is not beside the repository")
    floors = dev.read_floors()
    fake = {level: {"f1": floors[f"{level}_f1"] - 0.01} for level in dev.GATED}
    assert len(dev.check_floors(fake, floors)) == len(dev.GATED)
