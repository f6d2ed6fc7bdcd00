#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""Check that the Flatpak manifest agrees with the data files.

Usage: check-flatpak-manifest.py MANIFEST DESKTOP METAINFO GSCHEMA

DESKTOP and METAINFO may be the sources (.desktop.in, .metainfo.xml.in) or
the built files. Prints TAP; exits 0 when every check passes, 1 otherwise.
"""

import json
import os
import shutil
import subprocess
import sys
import tempfile
import xml.etree.ElementTree as ET

REQUIRED_FINISH_ARGS = [
    "--share=network",
    "--share=ipc",
    "--socket=wayland",
    "--socket=fallback-x11",
    "--device=dri",
    "--talk-name=org.freedesktop.secrets",
]


class Tap:
    def __init__(self):
        self.count = 0
        self.failed = 0

    def ok(self, passed, description, diagnostic=None):
        self.count += 1
        print(f"{'ok' if passed else 'not ok'} {self.count} - {description}")
        if not passed:
            self.failed += 1
            if diagnostic:
                for line in str(diagnostic).splitlines():
                    print(f"# {line}")
        return passed

    def skip(self, description, reason):
        self.count += 1
        print(f"ok {self.count} - {description} # SKIP {reason}")

    def finish(self):
        print(f"1..{self.count}")
        return 1 if self.failed else 0


def strip_suffix(name, suffixes):
    for suffix in suffixes:
        if name.endswith(suffix):
            return name[: -len(suffix)]
    return None


def desktop_exec(path):
    """The program of the Exec key in the [Desktop Entry] group, or None."""
    group = None
    with open(path, encoding="utf-8") as f:
        for line in f:
            line = line.strip()
            if line.startswith("[") and line.endswith("]"):
                group = line[1:-1]
            elif group == "Desktop Entry" and line.startswith("Exec="):
                words = line[len("Exec="):].split()
                return words[0] if words else None
    return None


def main(argv):
    if len(argv) != 5:
        print(__doc__.strip(), file=sys.stderr)
        return 2
    manifest_path, desktop_path, metainfo_path, gschema_path = argv[1:]
    tap = Tap()

    try:
        with open(manifest_path, encoding="utf-8") as f:
            manifest = json.load(f)
    except (OSError, ValueError) as e:
        tap.ok(False, f"{manifest_path} parses as JSON", e)
        return tap.finish()
    tap.ok(True, f"{manifest_path} parses as JSON")
    if not tap.ok(isinstance(manifest, dict), "the manifest is a JSON object"):
        return tap.finish()

    app_id = manifest.get("id")
    tap.ok(isinstance(app_id, str) and app_id != "",
           "the manifest has an \"id\"", f"\"id\" is {app_id!r}")

    desktop_id = strip_suffix(os.path.basename(desktop_path),
                              [".desktop.in", ".desktop"])
    tap.ok(desktop_id == app_id,
           "the desktop file is named after the application ID",
           f"manifest id {app_id!r}, desktop file {os.path.basename(desktop_path)!r}")

    try:
        root = ET.parse(metainfo_path).getroot()
        metainfo_id = root.findtext("id")
        launchable = root.findtext("launchable[@type='desktop-id']")
        binaries = [e.text for e in root.findall("provides/binary")]
        tap.ok(metainfo_id == app_id, "the metainfo <id> is the application ID",
               f"manifest id {app_id!r}, metainfo id {metainfo_id!r}")
        tap.ok(launchable == f"{app_id}.desktop",
               "the metainfo launchable is the desktop file",
               f"launchable {launchable!r}, expected {app_id + '.desktop'!r}")
        tap.ok(manifest.get("command") in binaries,
               "the manifest command is a binary the metainfo provides",
               f"command {manifest.get('command')!r}, provides {binaries!r}")
    except (OSError, ET.ParseError) as e:
        tap.ok(False, f"{metainfo_path} parses as XML", e)

    try:
        schema_ids = [e.get("id") for e in
                      ET.parse(gschema_path).getroot().findall("schema")]
        tap.ok(app_id in schema_ids, "the GSettings schema id is the application ID",
               f"manifest id {app_id!r}, schema ids {schema_ids!r}")
    except (OSError, ET.ParseError) as e:
        tap.ok(False, f"{gschema_path} parses as XML", e)

    try:
        program = desktop_exec(desktop_path)
        tap.ok(program is not None and program == manifest.get("command"),
               "the manifest command is the desktop file's Exec",
               f"command {manifest.get('command')!r}, Exec {program!r}")
    except OSError as e:
        tap.ok(False, f"{desktop_path} can be read", e)

    finish_args = manifest.get("finish-args", [])
    missing = [a for a in REQUIRED_FINISH_ARGS if a not in finish_args]
    tap.ok(not missing, "the manifest has the required finish-args",
           f"missing: {' '.join(missing)}")

    builder = shutil.which("flatpak-builder")
    if builder is None:
        tap.skip("flatpak-builder --show-manifest", "flatpak-builder is not installed")
    else:
        # flatpak-builder leaves a .flatpak-builder directory in the current
        # one: run it in a throwaway directory, not in the source tree.
        try:
            with tempfile.TemporaryDirectory(prefix="check-flatpak-") as scratch:
                result = subprocess.run(
                    [builder, "--show-manifest", os.path.abspath(manifest_path)],
                    cwd=scratch,
                    stdout=subprocess.DEVNULL,
                    stderr=subprocess.PIPE,
                    text=True, timeout=120)
            tap.ok(result.returncode == 0, "flatpak-builder --show-manifest accepts it",
                   f"exit status {result.returncode}\n{result.stderr}")
        except (OSError, subprocess.TimeoutExpired) as e:
            tap.ok(False, "flatpak-builder --show-manifest accepts it", e)

    return tap.finish()


if __name__ == "__main__":
    sys.exit(main(sys.argv))
