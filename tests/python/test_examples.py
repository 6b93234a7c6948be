"""The binding gives byte for byte what `protocol check` prints, on the
shared example cases (examples/cases/), for every built-in pack and the
example packs (examples/packs/), with the same options."""

from __future__ import annotations

from pathlib import Path
from typing import List, Tuple

import pytest

import libprotocol
from conftest import SOURCE_ROOT, example_cases, run_tool

AS_OF = "2026-11-25T09:30"


def pack_specs() -> List[Tuple[str, str]]:
    """(tool --pack argument, label) for each pack to compare on."""
    specs = [(pack_id, pack_id) for pack_id in libprotocol.packs()]
    packs_dir = SOURCE_ROOT / "examples" / "packs"
    if packs_dir.is_dir():
        specs += [(str(p), p.name) for p in sorted(packs_dir.glob("*.json"))]
    return specs


def load(spec: str) -> libprotocol.Pack:
    return libprotocol.Pack.from_file(spec) if spec.endswith(".json") else libprotocol.Pack.builtin(spec)


CASES = example_cases()
PACKS = pack_specs()


def test_there_are_example_cases():
    if not CASES:
        pytest.skip("examples/cases/ holds no cases yet")
    assert len(CASES) >= 1


def expected(tool: Path, *args: str) -> Tuple[int, bytes, str]:
    ran = run_tool(tool, "check", *args)
    return ran.returncode, ran.stdout, ran.stderr.decode("utf-8", "replace")


def python_output(pack: libprotocol.Pack, case: Path, **options) -> bytes:
    text = pack.evaluate(case.read_bytes(), raw=True, pretty=True, **options)
    out = text.encode("utf-8")
    # The tool ends its output with a newline.
    return out if out.endswith(b"\n") else out + b"\n"


@pytest.mark.parametrize("spec,label", PACKS, ids=[label for _, label in PACKS])
@pytest.mark.parametrize("case", CASES, ids=[c.name for c in CASES])
@pytest.mark.parametrize("strict", [False, True], ids=["", "strict"])
def test_same_bytes_as_the_tool(tool, case, spec, label, strict):
    pack = load(spec)
    args = ["--pack", spec, "--as-of", AS_OF] + (["--strict"] if strict else []) + [str(case)]
    status, stdout, stderr = expected(tool, *args)
    if status == 2:
        # The tool refused the case: the binding raises, with the same message.
        with pytest.raises(libprotocol.Error) as info:
            pack.evaluate(case.read_bytes(), as_of=AS_OF, strict=strict)
        assert info.value.message in stderr
        return
    assert status in (0, 1), stderr
    assert python_output(pack, case, as_of=AS_OF, strict=strict) == stdout


@pytest.mark.parametrize("case", CASES, ids=[c.name for c in CASES])
def test_case_own_as_of(tool, case):
    # Without --as-of the tool judges as of now unless the case says when;
    # compare where the case does.
    if '"as_of"' not in case.read_text(encoding="utf-8"):
        pytest.skip("the case has no as_of of its own")
    status, stdout, stderr = expected(tool, str(case))
    assert status in (0, 1), stderr
    assert python_output(libprotocol.Pack.builtin(), case) == stdout


def test_batch_of_examples_equals_the_tool(tool, tmp_path):
    if not CASES:
        pytest.skip("examples/cases/ holds no cases yet")
    pack = libprotocol.Pack.builtin()
    batch = tmp_path / "cases.ndjson"
    batch.write_bytes(b"".join(b" ".join(c.read_bytes().split()) + b"\n" for c in CASES))
    ran = run_tool(tool, "check", "--ndjson", "--as-of", AS_OF, str(batch))
    assert ran.returncode in (0, 1, 2), ran.stderr
    assert pack.evaluate_batch(batch.read_bytes(), as_of=AS_OF, raw=True) == ran.stdout
