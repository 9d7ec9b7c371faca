"""Write the sha256 table of plugins/module_utils/upstream_pins.py from a directory of pinned upstream data.

    python scripts/pin-upstream.py [DIR]      DIR defaults to ../shared/upstream beside the checkout

The sources (which file comes from which upstream URL) are hand-written in upstream_pins.SOURCES; this script
only hashes the files they name and rewrites the block between the PINS markers. Files pinned on first use get
no entry. tests/unit/plugins/module_utils/test_upstream_pins.py recomputes every pin the same way.
"""

from __future__ import annotations

import json
import os
import sys

ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), ".."))
sys.path.insert(0, os.path.join(ROOT, ".collections"))

from ansible_collections.platform.runtime.plugins.module_utils import upstream_pins  # noqa: E402

BEGIN, END = "# BEGIN PINS (scripts/pin-upstream.py)\n", "# END PINS\n"


def main(argv):
    src = os.path.abspath(argv[1] if len(argv) > 1 else os.path.join(ROOT, "..", "shared", "upstream"))
    table = upstream_pins.hash_tree(src)
    # {item: {directory: {file name: sha256}}}: short lines (ansible-test's 160 columns) without a lint exception.
    lines = ["PINS = {\n"]
    for item in sorted(table):
        if not table[item]:
            lines.append(f"    {json.dumps(item)}: {{}},\n")
            continue
        lines.append(f"    {json.dumps(item)}: {{\n")
        by_dir = {}
        for path, digest in table[item].items():
            by_dir.setdefault(os.path.dirname(path), {})[os.path.basename(path)] = digest
        for directory in sorted(by_dir):
            lines.append(f"        {json.dumps(directory)}: {{\n")
            for name, digest in sorted(by_dir[directory].items()):
                line = f"            {json.dumps(name)}: {json.dumps(digest)},\n"
                if len(line) > 160:  # as ruff format writes it
                    line = f"            {json.dumps(name)}: (\n                {json.dumps(digest)}\n            ),\n"
                lines.append(line)
            lines.append("        },\n")
        lines.append("    },\n")
    lines.append("}\n")
    path = os.path.join(ROOT, "plugins", "module_utils", "upstream_pins.py")
    with open(path) as f:
        text = f.read()
    head, rest = text.split(BEGIN, 1)
    _old, tail = rest.split(END, 1)
    with open(path, "w") as f:
        f.write(head + BEGIN + "".join(lines) + END + tail)
    print(f"{sum(len(v) for v in table.values())} files in {len(table)} items pinned from {src}")


if __name__ == "__main__":
    main(sys.argv)
