"""check_wheel.py WHEEL VERSION [EPOCH]: checks a pycontainer wheel against PEP 427 and our backend's
promises; prints its file count. The files of the package, the helper as the script
pycontainer-VERSION.data/scripts/pycontainer (an executable ELF file), the .dist-info's METADATA (this
version), WHEEL (py3-none-linux_*, not purelib) and entry points, RECORD last, listing every other entry
with a right sha256 and size; every entry dated EPOCH (default 1980-01-01) with mode 0644, the script 0755."""

import base64
import hashlib
import sys
import time
import zipfile

wheel, version = sys.argv[1:3]
epoch = int(sys.argv[3]) if len(sys.argv) > 3 else 315532800
dist_info = f"pycontainer-{version}.dist-info"
script = f"pycontainer-{version}.data/scripts/pycontainer"

with zipfile.ZipFile(wheel) as z:
    infos = z.infolist()
    names = [i.filename for i in infos]
    assert names[-1] == f"{dist_info}/RECORD", f"RECORD is not the last entry: {names}"
    record = {}
    for line in z.read(f"{dist_info}/RECORD").decode().splitlines():
        name, digest, size = line.rsplit(",", 2)
        record[name] = (digest, size)
    assert set(record) == set(names), f"RECORD lists {sorted(record)}, the wheel holds {sorted(names)}"
    expected_date = time.gmtime(epoch - epoch % 2)[:6]  # zip times have a resolution of 2 seconds
    for info in infos:
        data = z.read(info)
        mode = info.external_attr >> 16
        assert mode == (0o100755 if info.filename == script else 0o100644), f"{info.filename}: mode {mode:o}"
        assert info.date_time == expected_date, f"{info.filename}: dated {info.date_time}, not {expected_date}"
        if info.filename == f"{dist_info}/RECORD":
            assert record[info.filename] == ("", ""), "RECORD lists a digest of itself"
            continue
        digest = "sha256=" + base64.urlsafe_b64encode(hashlib.sha256(data).digest()).rstrip(b"=").decode()
        assert record[info.filename] == (digest, str(len(data))), f"{info.filename}: RECORD {record[info.filename]}"
    assert z.read(script)[:4] == b"\x7fELF", "the script is not the helper binary"
    wheel_file = z.read(f"{dist_info}/WHEEL").decode()
    assert "Root-Is-Purelib: false\n" in wheel_file and "\nTag: py3-none-linux_" in wheel_file, wheel_file
    metadata = z.read(f"{dist_info}/METADATA").decode()
    assert f"\nName: pycontainer\nVersion: {version}\n" in metadata, metadata[:300]
    assert "Description-Content-Type: text/markdown\n\n# PyContainer" in metadata, "no README description"
    entry_points = z.read(f"{dist_info}/entry_points.txt").decode()
    assert "[poetry.application.plugin]\npycontainer = pycontainer.poetry_plugin:PycontainerPlugin\n" in entry_points
    assert "[hatch]\npycontainer = pycontainer.hatch_hook\n" in entry_points, entry_points
    for module in ("__init__", "config", "builder", "helper", "errors", "results", "poetry_plugin", "hatch_hook"):
        assert f"pycontainer/{module}.py" in names, module
    assert not [n for n in names if "__pycache__" in n or n.endswith(".pyc")], "Python caches in the wheel"
print(len(names))
