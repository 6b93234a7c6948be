"""Loading the library: versions, the places searched and what is said when
nothing loads; installing the package with pip; the public surface."""

from __future__ import annotations

import importlib.util
import inspect
import pickle
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

import libprotocol
from conftest import BINDING_DIR, BUILD_ROOT, SOURCE_ROOT, python_env, run_python

# Importing never loads the library (so help() works without it): the first
# call that needs it does, and raises then.
PROBE = (
    "import sys\n"
    "import libprotocol\n"
    "try:\n"
    "    path = libprotocol.library_path()\n"
    "except ImportError as e:\n"
    "    print(type(e).__name__)\n"
    "    print(e)\n"
    "    sys.exit(3)\n"
    "print(path)\n"
)


def copy_package(tmp_path: Path) -> Path:
    """A copy of the package outside the checkout; returns its parent."""
    dest = tmp_path / "site"
    shutil.copytree(BINDING_DIR / "libprotocol", dest / "libprotocol",
                    ignore=shutil.ignore_patterns("__pycache__", "*.so*"))
    return dest


def isolated_env(site: Path, **changes):
    """No variable that points at a library, and the package copy on the path."""
    settings = dict(PYTHONPATH=str(site), PROTOCOL_LIBRARY=None, PROTOCOL_BUILD_ROOT=None,
                    LD_LIBRARY_PATH="")
    settings.update(changes)
    return python_env(**settings)


def meson_version() -> str:
    text = (SOURCE_ROOT / "meson.build").read_text(encoding="utf-8")
    return re.search(r"version\s*:\s*'([^']+)'", text).group(1)


def test_versions_agree():
    assert libprotocol.__version__ == libprotocol.library_version() == meson_version()
    pyproject = (BINDING_DIR / "pyproject.toml").read_text(encoding="utf-8")
    assert re.search(r'^version = "([^"]+)"', pyproject, re.M).group(1) == libprotocol.__version__
    assert Path(libprotocol.library_path()).exists()


def test_done_means_command():
    # The README's check, exactly: the next working day arithmetic from Python.
    ran = run_python(
        "import libprotocol, datetime; print(libprotocol.calendar().add(datetime.date(2026,11,20), 3))",
        python_env(PYTHONPATH=str(BINDING_DIR)),
    )
    assert ran.returncode == 0, ran.stderr
    assert ran.stdout == "2026-11-25\n"


def test_env_var_names_a_missing_file(tmp_path):
    missing = tmp_path / "nowhere" / "libprotocol.so.0"
    ran = run_python(PROBE, python_env(PROTOCOL_LIBRARY=str(missing)))
    assert ran.returncode == 3, ran.stdout + ran.stderr
    kind, message = ran.stdout.split("\n", 1)
    assert kind == "LibraryNotFoundError"
    assert str(missing) in message and "no such file" in message
    # Set, the variable is the only place tried.
    assert "PROTOCOL_LIBRARY" in message and "no other place" in message


def test_env_var_names_a_file_that_is_not_a_library(tmp_path):
    bogus = tmp_path / "libprotocol.so.0"
    bogus.write_text("not a shared object")
    ran = run_python(PROBE, python_env(PROTOCOL_LIBRARY=str(bogus)))
    assert ran.returncode == 3
    assert ran.stdout.startswith("LibraryNotFoundError") and str(bogus) in ran.stdout


def test_a_library_that_is_not_libprotocol():
    ran = run_python(PROBE, python_env(PROTOCOL_LIBRARY="libm.so.6"))
    assert ran.returncode == 3
    assert ran.stdout.startswith("IncompatibleLibraryError")
    assert "protocol_version" in ran.stdout


def test_nothing_found_lists_every_place(tmp_path):
    site = copy_package(tmp_path)
    ran = run_python(PROBE, isolated_env(site), cwd=tmp_path)
    if ran.returncode == 0:
        pytest.skip(f"a system copy of libprotocol loads: {ran.stdout.strip()}")
    assert ran.stdout.startswith("LibraryNotFoundError"), ran.stdout + ran.stderr
    message = ran.stdout
    assert str(site / "libprotocol" / "libprotocol.so.0") in message
    assert "libprotocol.so.0:" in message  # the system loader's attempt
    assert "PROTOCOL_LIBRARY" in message and "Tried:" in message


def test_import_and_help_work_without_the_library(tmp_path):
    # A wheel without the library (or an installation that lacks it) must
    # still import and document itself; the clear message comes at first use.
    site = copy_package(tmp_path)
    probe = (
        "import io, pydoc, sys, libprotocol\n"
        "text = pydoc.render_doc(libprotocol, renderer=pydoc.plaintext)\n"
        "assert 'class Pack' in text and 'evaluate(' in text, text[:200]\n"
        "print('documented', len(text) > 1000)\n"
        "try:\n"
        "    libprotocol.Pack.builtin('durham-2010')\n"
        "except libprotocol.LibraryNotFoundError as e:\n"
        "    print('first use:', type(e).__name__, 'Tried:' in str(e))\n"
    )
    missing = tmp_path / "nowhere" / "libprotocol.so.0"
    ran = run_python(probe, isolated_env(site, PROTOCOL_LIBRARY=str(missing)), cwd=tmp_path)
    assert ran.returncode == 0, ran.stdout + ran.stderr
    assert ran.stdout == "documented True\nfirst use: LibraryNotFoundError True\n"


def test_library_next_to_the_package(tmp_path):
    site = copy_package(tmp_path)
    shutil.copy(libprotocol.library_path(), site / "libprotocol" / "libprotocol.so.0")
    ran = run_python(PROBE, isolated_env(site), cwd=tmp_path)
    assert ran.returncode == 0, ran.stdout + ran.stderr
    assert ran.stdout.strip() == str(site / "libprotocol" / "libprotocol.so.0")


def test_meson_build_tree(tmp_path):
    if BUILD_ROOT is None:
        pytest.skip("not run from a meson build tree")
    site = copy_package(tmp_path)
    ran = run_python(PROBE, isolated_env(site, PROTOCOL_BUILD_ROOT=str(BUILD_ROOT)), cwd=tmp_path)
    assert ran.returncode == 0, ran.stdout + ran.stderr
    assert ran.stdout.strip() == str(BUILD_ROOT / "lib" / "libprotocol.so.0")


def test_version_mismatch_is_refused(tmp_path):
    site = copy_package(tmp_path)
    (site / "libprotocol" / "_version.py").write_text('__version__ = "9.9.9"\n')
    ran = run_python(PROBE, python_env(PYTHONPATH=str(site)), cwd=tmp_path)
    assert ran.returncode == 3
    assert ran.stdout.startswith("IncompatibleLibraryError")
    assert "9.9.9" in ran.stdout and libprotocol.__version__ in ran.stdout


def test_pip_install_offline(tmp_path):
    if importlib.util.find_spec("pip") is None:
        pytest.skip("pip is not available to this python (Debian: python3-pip)")
    # Offline: the standard backend (flit-core) comes from the distribution
    # (Debian's `flit`), so build isolation is off. (Built from a copy so
    # that nothing is written beside the sources.)
    src = tmp_path / "src"
    shutil.copytree(BINDING_DIR, src, ignore=shutil.ignore_patterns("__pycache__", "build", "*.egg-info"))
    target = tmp_path / "target"
    ran = subprocess.run(
        [sys.executable, "-m", "pip", "install", "--no-index", "--no-build-isolation",
         "--no-deps", "--no-cache-dir", "--quiet", "--target", str(target), str(src)],
        stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
        env=python_env(PIP_DISABLE_PIP_VERSION_CHECK="1"),
    )
    assert ran.returncode == 0, ran.stdout
    assert (target / "libprotocol" / "py.typed").exists()
    check = run_python(
        "import libprotocol; print(libprotocol.__version__, libprotocol.__file__)",
        python_env(PYTHONPATH=str(target)), cwd=tmp_path,
    )
    assert check.returncode == 0, check.stderr
    version, where = check.stdout.split()
    assert version == libprotocol.__version__ and where.startswith(str(target))


# --- the public surface -----------------------------------------------------


def test_public_surface_is_documented_and_typed():
    assert (BINDING_DIR / "libprotocol" / "py.typed").exists()
    for name in libprotocol.__all__:
        obj = getattr(libprotocol, name)
        if name == "__version__":
            continue
        assert inspect.getdoc(obj), name
        if inspect.isclass(obj) and not issubclass(obj, BaseException):
            for member, value in vars(obj).items():
                if member.startswith("_") or not callable(value) and not isinstance(value, (property, classmethod)):
                    continue
                assert inspect.getdoc(getattr(obj, member)), f"{name}.{member}"
        if inspect.isfunction(obj):
            assert "return" in obj.__annotations__, name


def test_error_hierarchy():
    E = libprotocol
    assert issubclass(E.PackError, E.Error) and issubclass(E.CaseError, E.Error)
    assert issubclass(E.PackJSONError, E.PackError) and issubclass(E.PackJSONError, E.JSONError)
    assert issubclass(E.CaseJSONError, E.CaseError) and issubclass(E.CaseJSONError, E.JSONError)
    assert issubclass(E.NotFoundError, LookupError)
    assert issubclass(E.FileError, OSError)
    assert issubclass(E.LibraryNotFoundError, ImportError)
    assert issubclass(E.RangeError, ValueError)
    for cls in (E.InvalidArgumentError, E.NoMemoryError, E.DateTimeError, E.LimitError,
                E.BufferTooSmallError, E.IncompatibleLibraryError):
        assert issubclass(cls, E.Error)


def test_errors_carry_their_fields_and_pickle(durham):
    with pytest.raises(libprotocol.CaseJSONError) as info:
        durham.evaluate('{"consent":\n  [}')
    err = info.value
    assert (err.code, err.code_name) == (-5, "PROTOCOL_E_JSON")
    assert err.message and err.line == 2 and err.column > 0
    assert f"line {err.line}" in str(err) and err.message in str(err)
    again = pickle.loads(pickle.dumps(err))
    assert type(again) is type(err)
    assert (again.code, again.code_name, again.message, again.place, again.line, again.column) == (
        err.code, err.code_name, err.message, err.place, err.line, err.column)
    assert "CaseJSONError(" in repr(err)
