"""A PEP 517 build backend using only the standard library, so that
`pip install bindings/python` works offline: the package is pure Python
(ctypes) and needs nothing to be built, only zipped as a wheel.

A libprotocol.so* placed next to the package before building is shipped in
the wheel, which is then tagged for this platform instead of "any".
"""
import base64
import hashlib
import io
import os
import platform
import re
import tarfile
import zipfile

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
PACKAGE = "libprotocol"


def _project():
    """name, version, summary, requires-python from pyproject.toml's [project]."""
    text = open(os.path.join(ROOT, "pyproject.toml"), encoding="utf-8").read()
    section = text.split("[project]", 1)[1].split("\n[", 1)[0]
    fields = dict(re.findall(r'^([a-z-]+)\s*=\s*"([^"]*)"', section, re.M))
    return fields["name"], fields["version"], fields.get("description", ""), \
        fields.get("requires-python", "")


def _files():
    """(archive name, path) of every file the package ships, sorted."""
    out = []
    top = os.path.join(ROOT, PACKAGE)
    for dirpath, dirnames, filenames in os.walk(top):
        dirnames[:] = sorted(d for d in dirnames if d != "__pycache__")
        for f in sorted(filenames):
            if f.endswith((".py", ".typed")) or f.startswith("libprotocol.so"):
                path = os.path.join(dirpath, f)
                out.append((os.path.relpath(path, ROOT).replace(os.sep, "/"), path))
    return out


def _metadata(name, version, summary, requires):
    lines = ["Metadata-Version: 2.1", f"Name: {name}", f"Version: {version}",
             f"Summary: {summary}", "License: MIT"]
    if requires:
        lines.append(f"Requires-Python: {requires}")
    readme = os.path.join(ROOT, "README.md")
    body = open(readme, encoding="utf-8").read() if os.path.exists(readme) else ""
    if body:
        lines.append("Description-Content-Type: text/markdown")
    return "\n".join(lines) + "\n\n" + body


def _record_line(name, data):
    digest = base64.urlsafe_b64encode(hashlib.sha256(data).digest()).rstrip(b"=").decode()
    return f"{name},sha256={digest},{len(data)}"


def get_requires_for_build_wheel(config_settings=None):
    return []


def get_requires_for_build_sdist(config_settings=None):
    return []


def build_wheel(wheel_directory, config_settings=None, metadata_directory=None):
    name, version, summary, requires = _project()
    files = _files()
    native = any(a.rsplit("/", 1)[-1].startswith("libprotocol.so") for a, _ in files)
    tag = f"py3-none-linux_{platform.machine()}" if native else "py3-none-any"
    wheel_name = f"{name}-{version}-{tag}.whl"
    dist_info = f"{name}-{version}.dist-info"
    record = []
    with zipfile.ZipFile(os.path.join(wheel_directory, wheel_name), "w",
                         zipfile.ZIP_DEFLATED) as whl:
        def add(arcname, data):
            whl.writestr(zipfile.ZipInfo(arcname, date_time=(2026, 1, 1, 0, 0, 0)), data)
            record.append(_record_line(arcname, data))

        for arcname, path in files:
            with open(path, "rb") as f:
                add(arcname, f.read())
        add(f"{dist_info}/METADATA", _metadata(name, version, summary, requires).encode())
        add(f"{dist_info}/WHEEL", (f"Wheel-Version: 1.0\nGenerator: {PACKAGE}-backend\n"
                                   f"Root-Is-Purelib: {'false' if native else 'true'}\n"
                                   f"Tag: {tag}\n").encode())
        record.append(f"{dist_info}/RECORD,,")
        whl.writestr(f"{dist_info}/RECORD", "\n".join(record) + "\n")
    return wheel_name


def build_sdist(sdist_directory, config_settings=None):
    name, version, _, _ = _project()
    base = f"{name}-{version}"
    sdist = f"{base}.tar.gz"
    with tarfile.open(os.path.join(sdist_directory, sdist), "w:gz") as tar:
        for rel in ["pyproject.toml", "README.md", "_build/backend.py"]:
            if os.path.exists(os.path.join(ROOT, rel)):
                tar.add(os.path.join(ROOT, rel), arcname=f"{base}/{rel}")
        for arcname, path in _files():
            tar.add(path, arcname=f"{base}/{arcname}")
        info = tarfile.TarInfo(f"{base}/PKG-INFO")
        data = _metadata(*_project()).encode()
        info.size = len(data)
        tar.addfile(info, io.BytesIO(data))
    return sdist
