#!/usr/bin/env python3
"""Fails when an #include in helper/src runs against ARCHITECTURE.md's table of allowed directions.

check_includes.py REPOSITORY: reads REPOSITORY/ARCHITECTURE.md's "| area | owns | may include |" table and
every .hpp/.cpp under REPOSITORY/helper/src, and prints each include of an area the including area may not
use (or of cli/, or of an area the table does not know), with its file and line.
"""
import pathlib
import re
import sys

root = pathlib.Path(sys.argv[1])
allowed = {}
for line in (root / "ARCHITECTURE.md").read_text().splitlines():
    cells = [cell.strip() for cell in line.strip().strip("|").split("|")]
    if len(cells) == 3 and re.fullmatch(r"[a-z_]+", cells[0]) and cells[0] != "area":
        allowed[cells[0]] = {name.strip() for name in cells[2].split(",") if name.strip()}
if not allowed:
    sys.exit("check_includes: no area table found in ARCHITECTURE.md")

source = root / "helper" / "src"
areas_on_disk = {path.name for path in source.iterdir() if path.is_dir()}
problems = [f"helper/src/{area}/ is not in ARCHITECTURE.md's table" for area in sorted(areas_on_disk - set(allowed))]
include = re.compile(r'^\s*#\s*include\s+"([a-z_]+)/')
for file in sorted(source.rglob("*.[ch]pp")):
    area = file.relative_to(source).parts[0]
    for number, text in enumerate(file.read_text().splitlines(), 1):
        match = include.match(text)
        if not match or match.group(1) == area:
            continue
        target = match.group(1)
        if target not in allowed.get(area, set()):
            problems.append(f"{file.relative_to(root)}:{number}: {area}/ may not include {target}/ "
                            f"(ARCHITECTURE.md allows: {', '.join(sorted(allowed.get(area, set()))) or 'nothing'})")
for problem in problems:
    print(problem)
print(f"check_includes: {len(problems)} include(s) against ARCHITECTURE.md" if problems else "check_includes: PASS")
sys.exit(1 if problems else 0)
