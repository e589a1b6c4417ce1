"""The floor: read every file and parse its front matter with PyYAML's C loader, nothing else.

python benchmarks/floor.py ROOT
"""

from __future__ import annotations

import os
import sys

import yaml


def main(root: str) -> int:
    count = 0
    for dirpath, _dirs, files in os.walk(root):
        for name in files:
            if not name.endswith((".md", ".yaml")):
                continue
            with open(os.path.join(dirpath, name), encoding="utf-8") as handle:
                text = handle.read()
            if name.endswith(".md"):
                parts = text.split("---\n", 2)
                text = parts[1] if len(parts) == 3 else ""
            yaml.load(text, Loader=yaml.CSafeLoader)
            count += 1
    return count


if __name__ == "__main__":
    print(main(sys.argv[1]))
