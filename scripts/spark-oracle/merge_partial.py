#!/usr/bin/env python3
"""Merges a .partial.json (an oracle run with an id prefix) into its fixture: cases with the same id
are replaced in place, new ones appended before nothing else changes.

Run:  python3 scripts/spark-oracle/merge_partial.py test/fixtures/spark-golden-functions-scalar.partial.json
"""
import json
import os
import sys

for partial in sys.argv[1:]:
    target = partial.replace(".partial.json", ".json")
    old = json.load(open(target, encoding="utf-8")) if os.path.exists(target) else []
    new = {c["id"]: c for c in json.load(open(partial, encoding="utf-8"))}
    merged = [new.pop(c["id"], c) for c in old] + list(new.values())
    with open(target, "w", encoding="utf-8") as f:
        json.dump(merged, f, indent=1, ensure_ascii=False)
        f.write("\n")
    os.remove(partial)
    print("merged %s into %s (%d cases)" % (partial, target, len(merged)), file=sys.stderr)
