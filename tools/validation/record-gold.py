#!/usr/bin/env python3
"""Record gold values: run `racktwin validate DIR --filter CASE --print-gold` and write each quantity's value
(SI, full precision) as its `gold:` line in DIR/<case>/reference.yaml, after the `reference:` line (replacing an
existing `gold:`). Review the diff before committing: gold values change only with a deliberate change of physics
or discretisation, said in the commit message.

usage: tools/validation/record-gold.py [DIR] --filter CASE
"""
import re
import subprocess
import sys

args = sys.argv[1:]
directory = args[0] if args and not args[0].startswith("--") else "validation"
if "--filter" not in args:
    sys.exit(__doc__)
pattern = args[args.index("--filter") + 1]
out = subprocess.run([".build/release/racktwin", "validate", directory, "--filter", pattern, "--print-gold"],
                     capture_output=True, text=True).stdout
gold, case = {}, None
for line in out.splitlines():
    m = re.match(r"^  gold (.*): (\S+)$", line)
    if m and case:
        gold.setdefault(case, {})[m.group(1)] = m.group(2)
    elif line and not line.startswith(" ") and not line.startswith("-") and not line.startswith("case "):
        case = line.split()[0]
for case, values in gold.items():
    path = f"{directory}/{case}/reference.yaml"
    lines = open(path).read().split("\n")
    result, name = [], None
    for line in lines:
        m = re.match(r"^  - name: (.*)$", line)
        if m:
            name = m.group(1).strip().strip('"')
        if re.match(r"^    gold: ", line):
            continue
        result.append(line)
        if re.match(r"^    reference: ", line) and name in values:
            result.append(f"    gold: {values[name]}")
    open(path, "w").write("\n".join(result))
    print(f"{path}: {len(values)} gold values")
