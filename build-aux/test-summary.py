#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""Counts the results in meson's testlog.json files.

Prints one line, "N passed, N failed, N skipped", and exits 1 when a test
failed or a log is missing (a run that never reached its tests is a
failure, not zero tests).
"""
import json
import sys

PASSED = {"OK", "EXPECTEDFAIL"}
SKIPPED = {"SKIP"}


def main(paths):
    passed = failed = skipped = 0
    missing = []
    for path in paths:
        try:
            with open(path, encoding="utf-8") as log:
                lines = [line for line in log if line.strip()]
        except OSError:
            missing.append(path)
            continue
        for line in lines:
            result = json.loads(line).get("result")
            if result in PASSED:
                passed += 1
            elif result in SKIPPED:
                skipped += 1
            else:
                failed += 1
    for path in missing:
        print(f"test-summary: {path} is missing: that run did not reach its tests",
              file=sys.stderr)
    print(f"{passed} passed, {failed} failed, {skipped} skipped")
    return 1 if failed or missing else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
