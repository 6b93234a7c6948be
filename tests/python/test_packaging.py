"""The package as it is shipped: wheels built by tools/python-wheel with the
standard backend (flit-core), the manylinux tag of a wheel that bundles the
library checked against the files inside it, installation into a clean
virtual environment, the metadata pip shows, and the typing (mypy --strict
on the package and on the READMEs' examples)."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
import venv
import zipfile
from pathlib import Path
from typing import List, Set, Tuple

import pytest

import libprotocol
from conftest import BINDING_DIR, SOURCE_ROOT, python_env

TOOL = SOURCE_ROOT / "tools" / "python-wheel"
# What a manylinux wheel may take from the system (PEP 600: glibc's own
# libraries); anything else it needs must be inside it.
MANYLINUX_SYSTEM = {"libc.so.6", "libm.so.6", "libpthread.so.0", "libdl.so.2",
                    "librt.so.1", "libgcc_s.so.1", "ld-linux-x86-64.so.2"}
CASE = '{"consent": {"status": "refused"}, "concerns": {"child_significant_harm": true}}'


def need(module: str) -> None:
    ran = subprocess.run(["/usr/bin/python3", "-c", f"import {module}"], capture_output=True)
    if ran.returncode != 0:
        pytest.skip(f"/usr/bin/python3 lacks {module} (see tools/test's install list)")


def build_wheel(out: Path, *extra: str) -> Path:
    need("flit_core")
    ran = subprocess.run(["/usr/bin/python3", str(TOOL), *extra, str(out)],
                         capture_output=True, text=True, env=python_env())
    assert ran.returncode == 0, ran.stderr
    wheel = Path(ran.stdout.strip())
    assert wheel.exists() and wheel.parent == out
    return wheel


def pip(python: Path, *args: str) -> subprocess.CompletedProcess:
    """The distribution's pip acting on another interpreter's environment."""
    need("pip")
    return subprocess.run(
        ["/usr/bin/python3", "-m", "pip", "--python", str(python), *args],
        capture_output=True, text=True,
        env=python_env(PIP_DISABLE_PIP_VERSION_CHECK="1", PIP_NO_CACHE_DIR="1"),
    )


def clean_venv(where: Path, system_site: bool = False) -> Path:
    venv.EnvBuilder(with_pip=False, system_site_packages=system_site).create(where)
    return where / "bin" / "python"


def run_in(python: Path, code: str, cwd: Path) -> subprocess.CompletedProcess:
    # Nothing that would find the build tree's library or package.
    env = python_env(PROTOCOL_LIBRARY=None, PROTOCOL_BUILD_ROOT=None, PYTHONPATH=None,
                     LD_LIBRARY_PATH=None, PROTOCOL_SOURCE_ROOT=None)
    return subprocess.run([str(python), "-c", code], capture_output=True, text=True,
                          cwd=str(cwd), env=env)


def glibc_needs(path: Path) -> Set[Tuple[int, ...]]:
    """GLIBC_x.y symbol versions the ELF file references (readelf's
    version-needs section, not the tool's objdump reading)."""
    out = subprocess.run(["readelf", "-V", "-W", str(path)], check=True,
                         capture_output=True, text=True).stdout
    need_part = out.split(".gnu.version_r", 1)[-1]
    return {tuple(int(x) for x in v.split(".")) for v in re.findall(r"Name: GLIBC_([0-9.]+)", need_part)}


def dt_needed(path: Path) -> List[str]:
    out = subprocess.run(["readelf", "-d", str(path)], check=True,
                         capture_output=True, text=True).stdout
    return re.findall(r"\(NEEDED\).*\[([^\]]+)\]", out)


def test_pure_wheel_metadata(tmp_path):
    wheel = build_wheel(tmp_path)
    assert wheel.name == f"libprotocol-{libprotocol.__version__}-py3-none-any.whl"
    with zipfile.ZipFile(wheel) as z:
        names = z.namelist()
        meta = z.read(f"libprotocol-{libprotocol.__version__}.dist-info/METADATA").decode()
    assert "libprotocol/py.typed" in names and not any(".so" in n for n in names)
    # What pyproject.toml says, carried into the metadata pip reads.
    assert "Name: libprotocol\n" in meta
    assert "Classifier: License :: OSI Approved :: MIT License" in meta
    assert "Classifier: Typing :: Typed" in meta
    assert 'Requires-Dist: dask[distributed] ; extra == "dask"' in meta
    assert "Provides-Extra: dask" in meta
    assert "Requires-Python: >=3.8" in meta


def test_bundled_wheel_is_manylinux_and_honest(tmp_path):
    wheel = build_wheel(tmp_path, "--bundle", libprotocol.library_path())
    m = re.fullmatch(r"libprotocol-[0-9.]+-py3-none-manylinux_(\d+)_(\d+)_x86_64\.whl", wheel.name)
    assert m, wheel.name
    tag = (int(m.group(1)), int(m.group(2)))
    inside = tmp_path / "inside"
    with zipfile.ZipFile(wheel) as z:
        z.extractall(inside)
        wheel_file = z.read(f"libprotocol-{libprotocol.__version__}.dist-info/WHEEL").decode()
    assert f"Tag: py3-none-manylinux_{tag[0]}_{tag[1]}_x86_64" in wheel_file
    assert "Root-Is-Purelib: false" in wheel_file
    shipped = sorted((inside / "libprotocol").glob("*.so*"))
    names = {p.name for p in shipped}
    assert "libprotocol.so.0" in names
    newest = (2, 17)
    for lib in shipped:
        # Everything a bundled file needs is glibc's or bundled beside it.
        for soname in dt_needed(lib):
            assert soname in MANYLINUX_SYSTEM or soname in names, (lib.name, soname)
        newest = max([newest, *glibc_needs(lib)])
    # The tag is the newest glibc symbol version any file needs (not older:
    # pip would install it where it cannot load; not newer: it would refuse
    # systems it runs on).
    assert tag == newest, (tag, newest)
    # This system's glibc accepts it (else the venv test below could not run).
    running = tuple(int(x) for x in os.confstr("CS_GNU_LIBC_VERSION").split()[1].split("."))
    assert running >= tag


def test_bundled_wheel_in_a_clean_venv(tmp_path):
    wheel = build_wheel(tmp_path / "dist", "--bundle", libprotocol.library_path())
    python = clean_venv(tmp_path / "venv")
    ran = pip(python, "install", "--no-index", "--quiet", str(wheel))
    assert ran.returncode == 0, ran.stdout + ran.stderr
    site = subprocess.run([str(python), "-c", "import sysconfig; print(sysconfig.get_path('purelib'))"],
                          capture_output=True, text=True, check=True).stdout.strip()
    ran = run_in(python, (
        "import libprotocol\n"
        f"r = libprotocol.Pack.builtin('durham-2010').evaluate({CASE!r})\n"
        "d = r.decision('consent-override')\n"
        "assert d is not None\n"
        "print(d.outcome, d.citation.document)\n"
        "print(libprotocol.library_path())\n"
    ), cwd=tmp_path)
    assert ran.returncode == 0, ran.stderr
    outcome, path = ran.stdout.splitlines()
    assert outcome == "permitted Durham protocol"
    assert path == str(Path(site) / "libprotocol" / "libprotocol.so.0")
    shown = pip(python, "show", "-v", "libprotocol")
    assert shown.returncode == 0, shown.stderr
    assert "Name: libprotocol" in shown.stdout
    assert "Typing :: Typed" in shown.stdout and "Operating System :: POSIX :: Linux" in shown.stdout


def test_pure_wheel_without_a_library_fails_at_first_use(tmp_path):
    wheel = build_wheel(tmp_path / "dist")
    python = clean_venv(tmp_path / "venv")
    ran = pip(python, "install", "--no-index", "--quiet", str(wheel))
    assert ran.returncode == 0, ran.stdout + ran.stderr
    probe = (
        "import pydoc, libprotocol\n"
        "assert 'evaluate_batch' in pydoc.render_doc(libprotocol.Pack, renderer=pydoc.plaintext)\n"
        "try:\n"
        "    libprotocol.packs()\n"
        "except libprotocol.LibraryNotFoundError as e:\n"
        "    print('LibraryNotFoundError', 'PROTOCOL_LIBRARY' in str(e))\n"
        "else:\n"
        "    print('loaded', libprotocol.library_path())\n"
    )
    ran = run_in(python, probe, cwd=tmp_path)
    assert ran.returncode == 0, ran.stderr
    if ran.stdout.startswith("loaded"):
        pytest.skip(f"a system copy of libprotocol loads: {ran.stdout.strip()}")
    assert ran.stdout == "LibraryNotFoundError True\n"


def test_pip_install_with_the_dask_extra(tmp_path):
    # `pip install '.[dask]'`: the extra resolves (here from the
    # distribution's dask, offline) and the package installs from source.
    need("dask")
    need("distributed")
    need("flit_core")
    src = tmp_path / "src"
    shutil.copytree(BINDING_DIR, src, ignore=shutil.ignore_patterns("__pycache__", "*.so*"))
    python = clean_venv(tmp_path / "venv", system_site=True)
    ran = pip(python, "install", "--no-index", "--no-build-isolation", "--quiet", f"{src}[dask]")
    assert ran.returncode == 0, ran.stdout + ran.stderr
    ran = pip(python, "install", "--no-index", "--no-build-isolation", "--quiet", f"{src}[nonesuch]")
    assert "does not provide the extra 'nonesuch'" in ran.stdout + ran.stderr
    shown = pip(python, "show", "libprotocol")
    assert str(tmp_path / "venv") in shown.stdout


# --- typing -----------------------------------------------------------------


def mypy(tmp_path: Path, *targets: str) -> subprocess.CompletedProcess:
    need("mypy")
    return subprocess.run(
        ["/usr/bin/python3", "-m", "mypy", "--strict", "--no-incremental",
         "--cache-dir", str(tmp_path / "mypy-cache"), *targets],
        capture_output=True, text=True, cwd=str(tmp_path),
        env=python_env(PYTHONPATH=str(BINDING_DIR), MYPYPATH=str(BINDING_DIR)),
    )


def readme_examples() -> List[Tuple[str, str]]:
    out = []
    for readme in (SOURCE_ROOT / "README.md", BINDING_DIR / "README.md"):
        for i, block in enumerate(re.findall(r"```python\n(.*?)```", readme.read_text(encoding="utf-8"), re.S)):
            out.append((f"{readme.parent.name}_{i}", block))
    return out


def test_mypy_strict_on_the_package(tmp_path):
    ran = mypy(tmp_path, "-p", "libprotocol")
    assert ran.returncode == 0, ran.stdout + ran.stderr


def test_mypy_strict_on_the_readme_examples(tmp_path):
    examples = readme_examples()
    assert len(examples) >= 2
    files = []
    for name, code in examples:
        path = tmp_path / f"readme_{name}.py"
        path.write_text(code)
        files.append(path.name)
    ran = mypy(tmp_path, *files)
    assert ran.returncode == 0, ran.stdout + ran.stderr


def test_a_misspelt_option_is_a_type_error_and_a_typeerror(tmp_path):
    code = (
        "import libprotocol\n"
        "pack = libprotocol.Pack.builtin('durham-2010')\n"
        "result = pack.evaluate({}, stict=True)\n"
    )
    (tmp_path / "typo.py").write_text(code)
    ran = mypy(tmp_path, "typo.py")
    assert ran.returncode == 1 and "typo.py:3: error" in ran.stdout, ran.stdout
    typo2 = "import libprotocol\nr = libprotocol.Pack.builtin().evaluate({})\nprint(r.decisoins)\n"
    (tmp_path / "typo2.py").write_text(typo2)
    ran = mypy(tmp_path, "typo2.py")
    assert ran.returncode == 1 and '"Result" has no attribute "decisoins"' in ran.stdout, ran.stdout
    pack = libprotocol.Pack.builtin("durham-2010")
    with pytest.raises(TypeError, match="stict"):
        pack.evaluate({}, stict=True)  # type: ignore[call-overload]
    with pytest.raises(TypeError):
        pack.evaluate({}, None)  # type: ignore[misc]  # options are keyword-only
    with pytest.raises(TypeError, match="stict"):
        pack.evaluate_batch([{}], stict=True)  # type: ignore[call-overload]
