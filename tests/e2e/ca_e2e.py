# SPDX-License-Identifier: GPL-3.0-or-later
"""What the end-to-end tests share: the built app started as a person would
start it, in one language, on a catalog of the test's own, and read and
driven through the accessibility tree (AT-SPI), the way a screen reader
does.

Runs inside tests/with-keyring.sh (a private session bus and keyring) and
tests/e2e/session.sh (the accessibility bus), under a display. Reports TAP.

Expected texts come from the translations the build made of po/*.po, never
from strings copied into a test: `session._("Save")` is what the app must
show in the language under test.
"""

import argparse
import gettext
import json
import os
import re
import shutil
import subprocess
import tempfile
import time

from dogtail.config import config

# The session has no desktop settings to say that accessibility is on; the
# tests know it is.
config.checkForA11y = False
config.logDebugToFile = False
config.logDebugToStdOut = False
config.defaultDelay = 0.05
config.actionDelay = 0.05
config.typingDelay = 0.02

from dogtail import rawinput, tree  # noqa: E402 (after the configuration)
import pyatspi  # noqa: E402

SOURCE_DIR = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
SAMPLE_CATALOG = os.path.join(SOURCE_DIR, 'data', 'sample-catalog.json')

# How long anything may take to appear. Generous: CI runs on two busy cores.
TIMEOUT = 30.0

# The glibc locale each language runs in, so numbers and dates are formatted
# as its speakers expect.
LOCALES = {
    'en': None,
    'pt_BR': 'pt_BR',
    'es': 'es_ES',
    'it': 'it_IT',
    'fr': 'fr_FR',
    'nl': 'nl_NL',
}

class Tap:
    """TAP output: one line a check, the plan at the end."""

    def __init__(self):
        self.count = 0
        self.failed = 0

    def check(self, condition, what, detail=None):
        """One check; what is its one-line description (more goes in detail)."""
        self.count += 1
        what = ' '.join(str(what).split())
        if condition:
            print(f'ok {self.count} - {what}', flush=True)
        else:
            self.failed += 1
            print(f'not ok {self.count} - {what}', flush=True)
            self.diag(detail)
        return condition

    @staticmethod
    def diag(detail):
        if detail:
            for line in str(detail).splitlines():
                print(f'# {line}', flush=True)

    def finish(self):
        print(f'1..{self.count}', flush=True)
        return 1 if self.failed else 0


class Failed(Exception):
    """A step could not be done: the journey stops there."""


class Reported(Exception):
    """A check failed and said so: the journey stops there."""


def wait_for(find, what, timeout=TIMEOUT):
    """The first true value of find(), asked again until timeout."""
    deadline = time.monotonic() + timeout
    while True:
        try:
            found = find()
        except Failed:
            raise
        except Exception:  # the tree changes under us: ask again
            found = None
        if found:
            return found
        if time.monotonic() > deadline:
            raise Failed(f'{what}: not there after {timeout:.0f} s')
        time.sleep(0.1)


def extents(node):
    """The node's box in its window, or None when it has no Component."""
    try:
        return node.queryComponent().getExtents(pyatspi.WINDOW_COORDS)
    except Exception:
        return None


def on_screen(node):
    """True when the node is drawn: GTK 4.8 gives unmapped widgets (hidden
    stack pages, closed popovers) an empty box and marks nothing but the
    toplevel as showing."""
    box = extents(node)
    return box is None or (box.width > 0 and box.height > 0)


def toplevel(node):
    """The window that holds node: the ancestor right under the application
    (GTK 4.8 gives some windows the role filler)."""
    while node is not None and node.parent is not None and node.parent.roleName != 'application':
        node = node.parent
    return node


def without_mnemonic(label):
    """A label as shown: its mnemonic underscore removed."""
    return label.replace('_', '', 1)


def is_inside(node, ancestor):
    while node is not None:
        if node == ancestor:
            return True
        node = node.parent
    return False


def walk(node, visible_only=True):
    """The node and its descendants, depth first; with visible_only, whole
    subtrees that are not on screen are left out (the dialog has hundreds of
    nodes on hidden pages, each a round trip over the bus)."""
    yield node
    try:
        children = list(node.children)
    except Exception:
        return
    for child in children:
        if visible_only and not on_screen(child):
            continue
        yield from walk(child, visible_only)


def find_all(root, role=None, name=None, visible_only=True, match=None):
    found = []
    for node in walk(root, visible_only):
        try:
            if role is not None and node.roleName != role:
                continue
            if name is not None and node.name != name:
                continue
            if match is not None and not match(node):
                continue
        except Exception:
            continue
        found.append(node)
    return found


def find(root, role=None, name=None, timeout=TIMEOUT, match=None):
    """The first node on screen under root with that role and name, waited for."""
    what = f'{role or "node"} "{name}"' if name is not None else (role or 'node')

    def first():
        nodes = find_all(root, role, name, match=match)
        return nodes[0] if nodes else None

    return wait_for(first, what, timeout)


def has_state(node, state):
    try:
        return node.getState().contains(state)
    except Exception:
        return False


def text_of(node):
    try:
        text = node.queryText()
        return text.getText(0, text.characterCount)
    except Exception:
        return node.name or ''


def texts_under(root):
    """Every label's text on screen under root, in order."""
    return [text_of(n) for n in find_all(root, 'label')]


def window_origin(window):
    """Where the window is on the screen: GTK 4.8 gives boxes relative to
    their window only, so ask the X server (xwininfo, from x11-utils)."""
    listing = subprocess.run(['xwininfo', '-root', '-tree'], capture_output=True,
                             text=True, check=True).stdout
    for line in listing.splitlines():
        if f'"{window.name}"' not in line:
            continue
        match = re.search(r'(\d+)x(\d+)\+-?\d+\+-?\d+\s+\+(-?\d+)\+(-?\d+)\s*$', line)
        if match and int(match.group(1)) > 1:
            return int(match.group(3)), int(match.group(4))
    raise Failed(f'the window "{window.name}" is not on the X screen')


def press(node):
    """A click with the mouse in the middle of node, for what GTK 4.8 gives
    no action over AT-SPI (entries, rows)."""
    box = extents(node)
    x, y = window_origin(toplevel(node))
    rawinput.click(x + box.x + box.width // 2, y + box.y + box.height // 2)


def type_into(node, text, secret=False):
    """Replaces the text of an entry or text view as a person does: click
    in it, select all, type. A secret's entry shows dots, not the text."""
    press(node)
    rawinput.keyCombo('<Control>a')
    rawinput.pressKey('Delete')
    rawinput.typeText(text)
    if secret:
        wait_for(lambda: len(text_of(node)) == len(text), f'{len(text)} characters typed into {node.name}', 10)
    else:
        wait_for(lambda: text_of(node) == text, f'"{text}" typed into {node.name}', 10)


def click(node):
    node.doActionNamed('click')


def select_page(window, title):
    """Shows a page of a window with a sidebar (GtkStackSidebar), as a click
    on the page's title there would."""
    label = find(window, 'label', title, match=lambda n: n.parent.roleName == 'list item')
    item = label.parent
    item.parent.querySelection().selectChild(item.getIndexInParent())
    wait_for(lambda: has_state(item, pyatspi.STATE_SELECTED), f'the page "{title}"')


def choose(combo, option):
    """Picks an option of a combo row as a keyboard user does: open its
    list, move to the option with the arrow keys, Enter. (A popover's boxes
    are not given relative to the window, so no mouse here.)"""
    def lists():
        return find_all(combo, 'list')

    def shown():
        return [text_of(n) for n in find_all(lists()[0], 'label')]

    press(combo)
    options = wait_for(lambda: len(lists()) > 1 and [text_of(n) for n in find_all(lists()[-1], 'label')],
                       f'the list of {combo.name}')
    if option not in options:
        raise Failed(f'{combo.name} has no option "{option}": {options}')
    current = shown()[0]
    steps = options.index(option) - options.index(current)
    for _ in range(abs(steps)):
        rawinput.pressKey('Down' if steps > 0 else 'Up')
    rawinput.pressKey('Return')
    wait_for(lambda: len(lists()) == 1 and shown() == [option], f'"{option}" chosen in {combo.name}')


def outline(root, limit=400):
    """The visible tree under root, one node a line, for failure reports."""
    lines = []
    depth_of = {}
    for node in walk(root):
        parent = node.parent
        depth = depth_of.get(parent, -1) + 1
        depth_of[node] = depth
        if node.roleName in ('panel', 'filler') and not node.name:
            continue
        text = text_of(node) if node.roleName in ('label', 'text', 'entry') else ''
        lines.append('  ' * min(depth, 20) + f'[{node.roleName}] {node.name!r}'
                     + (f' = {text[:80]!r}' if text and text != node.name else ''))
        if len(lines) >= limit:
            lines.append('…')
            break
    return '\n'.join(lines)


class Language:
    """The language under test: its environment and its translations."""

    def __init__(self, code, build_dir):
        self.code = code
        self.build_dir = build_dir
        localedir = os.path.join(build_dir, 'po')
        if code == 'en':
            self.translation = gettext.NullTranslations()
        else:
            # The .mo files the build made of po/*.po; fails when missing.
            self.translation = gettext.translation('custom-actions', localedir, [code])
        # GTK's own words (the window controls), as the system has them.
        self.gtk_translation = gettext.translation('gtk40', languages=[code], fallback=True)
        self.locale = self._glibc_locale()

    def gettext(self, msgid):
        return self.translation.gettext(msgid)

    def gtk_gettext(self, msgid):
        return self.gtk_translation.gettext(msgid)

    def _glibc_locale(self):
        """(LANG value, LOCPATH or None): the language's own locale when
        glibc has it or can build it (localedef, from Debian's `locales`),
        else C.UTF-8, where messages are still translated."""
        name = LOCALES[self.code]
        if name is None:
            return 'C.UTF-8', None
        full = f'{name}.UTF-8'
        try:
            available = subprocess.run(['locale', '-a'], capture_output=True,
                                       text=True, check=False).stdout.split()
        except OSError:
            available = []
        if full in available or full.replace('UTF-8', 'utf8') in available:
            return full, None
        locpath = os.path.join(self.build_dir, 'tests', 'e2e-locales')
        target = os.path.join(locpath, full)
        if not os.path.isdir(target) and shutil.which('localedef'):
            os.makedirs(locpath, exist_ok=True)
            scratch = tempfile.mkdtemp(dir=locpath)
            built = subprocess.run(
                ['localedef', '-i', name, '-f', 'UTF-8', os.path.join(scratch, full)],
                capture_output=True, check=False)
            if built.returncode in (0, 1) and os.path.isdir(os.path.join(scratch, full)):
                try:
                    os.rename(os.path.join(scratch, full), target)
                except OSError:
                    pass  # another test built it first
            shutil.rmtree(scratch, ignore_errors=True)
        if os.path.isdir(target):
            return full, locpath
        return 'C.UTF-8', None

    def environment(self):
        env = {'LANG': self.locale[0], 'LC_ALL': self.locale[0]}
        if self.code != 'en':
            env['LANGUAGE'] = self.code
        if self.locale[1]:
            env['LOCPATH'] = self.locale[1]
        return env


class Session:
    """One test program's world: a scratch directory, the sandbox, the app."""

    def __init__(self, description):
        parser = argparse.ArgumentParser(description=description)
        parser.add_argument('--language', default='en', choices=sorted(LOCALES))
        parser.add_argument('--app', required=True, help='the built custom-actions')
        parser.add_argument('--build', required=True, help='the build directory')
        args = parser.parse_args()
        self.app_path = args.app
        self.build_dir = args.build
        self.language = Language(args.language, args.build)
        self.tap = Tap()
        self.work = tempfile.mkdtemp(prefix='ca-e2e-')
        self.sandbox = None
        self.apps = []
        print(f'# language {self.language.code}, locale {self.language.locale[0]}', flush=True)

    def _(self, msgid):
        """msgid in the language under test, as the build's .mo has it."""
        return self.language.gettext(msgid)

    def expect(self, condition, what, timeout=TIMEOUT, detail=None):
        """A check that waits: ok once condition() is true (its value is
        returned), not ok when it is still false after timeout, which ends
        the journey. detail(), when given, says what was there instead."""
        try:
            value = wait_for(condition, what, timeout)
        except Failed as error:
            shown = detail() if detail else self._screens()
            self.tap.check(False, what, f'{error}\n{shown}')
            raise Reported() from error
        self.tap.check(True, what)
        return value

    def expect_translated(self, msgid, shown, what):
        """shown is msgid in the language under test; and, but in English,
        the .mo does translate it: a missing translation would pass
        unnoticed otherwise."""
        expected = self._(msgid)
        translated = self.language.code == 'en' or expected != msgid
        self.tap.check(shown == expected and translated, f'{what} reads "{expected}"',
                       f'shown: "{shown}"; msgid: "{msgid}"')

    def path(self, name):
        return os.path.join(self.work, name)

    def copy_sample_catalog(self, name):
        """A copy of the sample catalog in the scratch directory."""
        path = self.path(name)
        shutil.copyfile(SAMPLE_CATALOG, path)
        return path

    def write_catalog(self, name, actions):
        path = self.path(name)
        with open(path, 'w', encoding='utf-8') as f:
            json.dump({'format': 1, 'actions': actions}, f, indent=2)
            f.write('\n')
        return path

    def app_environment(self):
        env = dict(os.environ)
        # The tests' defaults turn accessibility off and warnings fatal; the
        # app under test needs the former on, and GTK's accessibility code
        # warns about things that are not the app's (screen coordinates).
        for name in ('GTK_A11Y', 'NO_AT_BRIDGE', 'LANGUAGE', 'LC_MESSAGES'):
            env.pop(name, None)
        env['G_DEBUG'] = 'fatal-criticals'
        env['CUSTOM_ACTIONS_LOCALEDIR'] = os.path.join(self.build_dir, 'po')
        env['GSETTINGS_SCHEMA_DIR'] = os.path.join(self.build_dir, 'data')
        env['GSETTINGS_BACKEND'] = 'memory'
        env.update(self.language.environment())
        return env

    def start_sandbox(self):
        """The sandbox on a free port, as a separate process; its URL."""
        self.sandbox = subprocess.Popen(
            [self.app_path, 'sandbox', '--port', '0'],
            stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
            env=self.app_environment())
        line = self.sandbox.stdout.readline()
        match = re.search(r'http://127\.0\.0\.1:\d+', line)
        if not match:
            raise Failed(f'the sandbox did not say where it listens: {line!r}')
        return match.group(0)

    def launch(self, catalog):
        app = App(self, catalog)
        self.apps.append(app)
        return app

    def run(self, name, journey):
        """Runs one journey; a step that fails is a failed check, and the
        journey's app is closed whatever happened."""
        started = time.monotonic()
        try:
            journey(self)
        except Reported:
            pass
        except Exception as error:  # Failed, or a node that went away
            what = str(error) if isinstance(error, Failed) else f'{type(error).__name__}: {error}'
            self.tap.check(False, f'{name}: {what}', self._screens())
        finally:
            for app in self.apps:
                app.close(self.tap)
            self.apps = []
            print(f'# {name}: {time.monotonic() - started:.1f} s', flush=True)

    def _screens(self):
        """What the windows showed when a journey failed."""
        report = []
        for app in self.apps:
            try:
                for window in app.node.children:
                    report.append(f'window "{window.name}":')
                    report.append(outline(window))
            except Exception as error:
                report.append(f'(the tree could not be read: {error})')
        return '\n'.join(report)

    def finish(self):
        if self.sandbox:
            self.sandbox.terminate()
            self.sandbox.wait()
        shutil.rmtree(self.work, ignore_errors=True)
        return self.tap.finish()


class App:
    """The app process and its accessible application node."""

    def __init__(self, session, catalog):
        self.log_path = session.path(f'app-{len(session.apps)}.log')
        self.log = open(self.log_path, 'w', encoding='utf-8')
        self.process = subprocess.Popen(
            [session.app_path, '--catalog', catalog],
            stdout=self.log, stderr=subprocess.STDOUT,
            env=session.app_environment())
        self.node = wait_for(self._find_node, 'the app on the accessibility bus')

    def _find_node(self):
        if self.process.poll() is not None:
            raise Failed(f'the app exited with {self.process.returncode}: {self.log_text()}')
        for node in tree.root.applications():
            try:
                if node.get_process_id() == self.process.pid:
                    return node
            except Exception:
                continue
        return None

    def window(self, title, timeout=TIMEOUT):
        """The app's toplevel with that title, once it is on screen."""
        def first():
            for child in self.node.children:
                if child.name == title and on_screen(child):
                    return child
            return None
        return wait_for(first, f'the window "{title}"', timeout)

    def windows(self):
        return [c.name for c in self.node.children]

    def log_text(self):
        self.log.flush()
        with open(self.log_path, encoding='utf-8', errors='replace') as f:
            return f.read()

    def close(self, tap):
        """Ends the app and reports anything it said that a user would not
        want: a critical, a crash."""
        if self.log.closed:
            return
        crashed = self.process.poll()
        if crashed is None:
            self.process.terminate()
            try:
                self.process.wait(10)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()
        log = self.log_text()
        bad = [line for line in log.splitlines() if 'CRITICAL' in line or 'ERROR' in line]
        if crashed not in (None, 0) or bad:
            tap.check(False, f'the app ran without errors (exit {crashed})', log)
        self.log.close()
