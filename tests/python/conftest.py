"""Shared fixtures of the Python binding tests.

meson runs these with PROTOCOL_LIBRARY set to the library just built,
PYTHONPATH set to bindings/python, and PROTOCOL_SOURCE_ROOT /
PROTOCOL_BUILD_ROOT / PROTOCOL_TOOL naming the checkout, the build tree and
the command-line tool. Run by hand from the checkout:

    PROTOCOL_LIBRARY=build/lib/libprotocol.so.0 PYTHONPATH=bindings/python \\
        /usr/bin/python3 -m pytest tests/python
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path
from typing import Dict, List, Optional

import pytest

SOURCE_ROOT = Path(os.environ.get("PROTOCOL_SOURCE_ROOT") or Path(__file__).resolve().parents[2])
BINDING_DIR = SOURCE_ROOT / "bindings" / "python"

if str(BINDING_DIR) not in sys.path:
    sys.path.insert(0, str(BINDING_DIR))

# Child processes here may run in another directory: make the paths that
# find the package and the library absolute.
if os.environ.get("PROTOCOL_LIBRARY", "").count(os.sep):
    os.environ["PROTOCOL_LIBRARY"] = os.path.abspath(os.environ["PROTOCOL_LIBRARY"])
os.environ["PYTHONPATH"] = os.pathsep.join(
    [str(BINDING_DIR)] + [os.path.abspath(p) for p in os.environ.get("PYTHONPATH", "").split(os.pathsep) if p]
)

import libprotocol  # noqa: E402


def _build_root() -> Optional[Path]:
    if os.environ.get("PROTOCOL_BUILD_ROOT"):
        return Path(os.environ["PROTOCOL_BUILD_ROOT"])
    lib = Path(libprotocol.library_path())
    if lib.parent.name == "lib" and (lib.parent.parent / "build.ninja").exists():
        return lib.parent.parent
    return None


BUILD_ROOT = _build_root()


def tool_path() -> Optional[Path]:
    """The `protocol` command-line tool of the same build, if there is one."""
    if os.environ.get("PROTOCOL_TOOL"):
        return Path(os.environ["PROTOCOL_TOOL"])
    if BUILD_ROOT is not None and (BUILD_ROOT / "examples" / "protocol").exists():
        return BUILD_ROOT / "examples" / "protocol"
    return None


@pytest.fixture(scope="session")
def tool() -> Path:
    path = tool_path()
    if path is None or not path.exists():
        pytest.skip("the protocol tool is not built (set PROTOCOL_TOOL)")
    return path


def run_tool(tool: Path, *args: str, input: Optional[bytes] = None) -> subprocess.CompletedProcess:
    env = dict(os.environ)
    lib_dir = str(Path(libprotocol.library_path()).parent)
    # The tool must use the library the binding uses.
    env["LD_LIBRARY_PATH"] = lib_dir + os.pathsep + env.get("LD_LIBRARY_PATH", "")
    return subprocess.run(
        [str(tool), *args], input=input, stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=env
    )


def python_env(**changes: Optional[str]) -> Dict[str, str]:
    """The environment for a child python; a None value removes the variable."""
    env = dict(os.environ)
    env["PYTHONDONTWRITEBYTECODE"] = "1"
    for key, value in changes.items():
        if value is None:
            env.pop(key, None)
        else:
            env[key] = value
    return env


def run_python(code: str, env: Dict[str, str], cwd: Optional[Path] = None) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-c", code],
        env=env,
        cwd=str(cwd) if cwd else None,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )


@pytest.fixture(scope="session")
def durham() -> "libprotocol.Pack":
    return libprotocol.Pack.builtin("durham-2010")


def example_cases() -> List[Path]:
    """The shared example cases (examples/cases/**/*.json)."""
    root = SOURCE_ROOT / "examples" / "cases"
    return sorted(root.rglob("*.json")) if root.is_dir() else []
