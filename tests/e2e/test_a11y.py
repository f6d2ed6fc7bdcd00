#!/usr/bin/python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""The accessibility audit: walks the AT-SPI tree of the main window, of
each page of the configuration dialog and of the test-request window, as a
screen reader meets them, and fails on a control without a name and on a
control that Tab never reaches.
"""

import os
import re
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

from ca_e2e import (  # noqa: E402
    Session, find, find_all, has_state, is_inside, pyatspi, rawinput,
    select_page, walk, wait_for,
)

# The roles of what a person uses, which must have a name.
CONTROL_ROLES = {
    'push button', 'toggle button', 'check box', 'radio button', 'entry',
    'text', 'password text', 'combo box', 'list', 'spin button',
    'menu button', 'switch', 'slider', 'table', 'tree table',
}

# What GTK 4.8 says when nothing names a widget: its type name.
def unnamed(node):
    name = (node.name or '').strip()
    return not name or re.fullmatch(r'(Gtk|Adw|Ca)[A-Z]\w*', name) is not None


def controls(root):
    """The controls on screen under root that a person can use."""
    return [n for n in find_all(root)
            if n.roleName in CONTROL_ROLES and has_state(n, pyatspi.STATE_SENSITIVE)]


def describe(node):
    path = []
    parent = node.parent
    while parent is not None and len(path) < 4:
        if parent.name and not unnamed(parent):
            path.append(parent.name)
        parent = parent.parent
    return f'[{node.roleName}] {node.name!r} in {" < ".join(path) or "?"}'


def check_names(s, root, what):
    nameless = [describe(n) for n in controls(root) if unnamed(n)]
    s.tap.check(not nameless, f'{what}: every control has a name', '\n'.join(nameless))


def focused_in(root):
    for node in walk(root):
        if has_state(node, pyatspi.STATE_FOCUSED):
            return node
    return None


def tab_cycle(root, limit=120):
    """Presses Tab until the focus comes back where it started; what took
    the focus, and how many stops were widgets that do not say they have it
    (the text field inside an entry row is not in the tree in GTK 4.8)."""
    reached = []
    silent = 0
    first = None
    for _ in range(limit):
        rawinput.pressKey('Tab')
        node = focused_in(root)
        if node is None:
            silent += 1
            continue
        if first is not None and node == first:
            break
        if first is None:
            first = node
        reached.append(node)
    return reached, silent


def check_tab(s, root, what, scope=None):
    """Every control on screen (under scope) is reached with Tab, or holds or
    is held by what is reached (a list is reached through its rows)."""
    reached, silent = tab_cycle(root)
    missed = []
    for control in controls(scope or root):
        if control.roleName == 'list' and not has_state(control, pyatspi.STATE_FOCUSABLE):
            continue
        if any(is_inside(r, control) or is_inside(control, r) for r in reached):
            continue
        missed.append(control)
    # Entry rows take the focus without saying so: count them against the
    # silent stops.
    texts = [m for m in missed if m.roleName == 'text']
    if len(texts) <= silent:
        missed = [m for m in missed if m.roleName != 'text']
    s.tap.check(not missed, f'{what}: Tab reaches every control ({len(reached)} stops, {silent} silent)',
                '\n'.join(describe(m) for m in missed))


def audit(s):
    _ = s._
    app = s.launch(s.copy_sample_catalog('audit.json'))
    window = app.window(_('Custom Actions'))
    find(window, 'list', _('Actions'))
    rawinput.keyCombo('<Control>f')
    rawinput.typeText('ticket')
    rawinput.pressKey('Return')
    find(window, 'label', _('Values It Needs'))
    check_names(s, window, 'main window')
    check_tab(s, window, 'main window')

    rawinput.keyCombo('<Control>e')
    dialog = app.window(_('Edit Action'))
    for page in (_('General'), _('Endpoint'), _('Headers and Query Parameters'), _('Authentication'),
                 _('Request Payload'), _('Responses'), _('Limits'), _('Send Test Request')):
        select_page(dialog, page)
        check_names(s, dialog, f'configuration dialog, page "{page}"')
        check_tab(s, dialog, f'configuration dialog, page "{page}"')
    rawinput.pressKey('Escape')
    wait_for(lambda: _('Edit Action') not in app.windows(), 'the dialog closing')

    rawinput.keyCombo('<Control>Return')
    tester = app.window(_('Send Test Request'))
    check_names(s, tester, 'test request, before sending')
    check_tab(s, tester, 'test request, before sending')


def main():
    s = Session(__doc__)
    s.run('accessibility audit', audit)
    return s.finish()


if __name__ == '__main__':
    sys.exit(main())
