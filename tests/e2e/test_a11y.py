#!/usr/bin/python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""The accessibility audit: walks the AT-SPI tree of the main window, of
each page of the configuration dialog and of the test-request window, as a
screen reader meets them, and fails on a control without a name and on a
control that Tab never reaches.
"""

import json
import os
import re
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

from ca_e2e import (  # noqa: E402
    SAMPLE_CATALOG, Session, click, find, find_all, has_state, is_inside,
    pyatspi, rawinput, select_page, texts_under, type_into, walk, wait_for,
    without_mnemonic,
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


def focused_among(nodes):
    for node in nodes:
        if has_state(node, pyatspi.STATE_FOCUSED):
            return node
    return None


def tab_cycle(root, limit=80):
    """Presses Tab until the focus comes back where it started; what took
    the focus, and how many stops were widgets that do not say they have it
    (the text field inside an entry row is not in the tree in GTK 4.8).
    In a multi-line text, Tab is a character: Ctrl+Tab leaves it, as GTK
    binds it. The focusable nodes are listed once: walking the whole tree
    after each key is a round trip over the bus per node."""
    focusable = [n for n in walk(root) if has_state(n, pyatspi.STATE_FOCUSABLE)]
    reached = []
    silent = 0
    first = None
    node = focused_among(focusable)
    for _ in range(limit):
        if node is not None and has_state(node, pyatspi.STATE_MULTI_LINE):
            rawinput.keyCombo('<Control>Tab')
        else:
            rawinput.pressKey('Tab')
        node = focused_among(focusable)
        if node is None:
            # Taken by what was not focusable when listed (a row built
            # since), or by a widget not in the tree: look again, everywhere.
            node = focused_among(walk(root))
            if node is None:
                # Counted from the first stop on: those before it come
                # round again.
                silent += first is not None
                continue
            focusable.append(node)
        if first is not None and node == first:
            break
        if first is None:
            first = node
        reached.append(node)
    return reached, silent


def is_window_control(s, node):
    """Minimize, Maximize and Close: GTK keeps them out of the Tab order by
    design, and the keyboard has shortcuts for them instead (Super+Down,
    Super+Up, Ctrl+W). Known by GTK's names for them, in a box of their own
    with nothing else in it."""
    names = {s.language.gtk_gettext(n) for n in ('Minimize', 'Maximize', 'Close')}
    return (node.roleName == 'push button' and node.name in names
            and all(c.name in names for c in node.parent.children))


def texts_in(node):
    return [n for n in walk(node) if n.roleName == 'text']


def check_tab(s, root, what):
    """Every control on screen is reached with Tab, or holds or is held by
    what is reached (a list is reached through its rows)."""
    reached, silent = tab_cycle(root)
    missed = []
    for control in controls(root):
        if control.roleName == 'list' and not has_state(control, pyatspi.STATE_FOCUSABLE):
            continue
        if is_window_control(s, control):
            continue
        if any(is_inside(r, control) or is_inside(control, r) for r in reached):
            continue
        missed.append(control)
    # A list without rows that take the focus (empty, or showing what to do
    # when empty) is no Tab stop: there is nothing in it to reach.
    missed = [m for m in missed
              if m.roleName != 'list' or any(has_state(c, pyatspi.STATE_FOCUSABLE) for c in m.children)]
    # The text field of an entry row takes the focus without saying so (it
    # is not in the tree): the entry rows, alone or as the rows of a list,
    # are reached when there were as many silent stops.
    quiet = [m for m in missed if m.roleName == 'text' or (m.roleName == 'list' and texts_in(m))]
    quiet_texts = []
    for text in (t for m in quiet for t in texts_in(m)):
        if text not in quiet_texts:
            quiet_texts.append(text)
    if len(quiet_texts) <= silent:
        missed = [m for m in missed if m not in quiet]
    s.tap.check(not missed, f'{what}: Tab reaches every control ({len(reached)} stops, {silent} silent)',
                '\n'.join(describe(m) for m in missed))


def audit_catalog(s):
    """The sample catalog, and an action with one value to type that the
    test's own sandbox answers: the test-request window is audited with a
    result in it too."""
    with open(SAMPLE_CATALOG, encoding='utf-8') as f:
        actions = json.load(f)['actions']
    actions.append({
        'name': 'echoGreeting', 'label': 'Echo a greeting', 'category': 'custom',
        'url': s.start_sandbox() + '/echo', 'method': 'POST',
        'request': {'sample': {'text': 'hello'},
                    'fields': [{'path': 'text', 'type': 'string', 'kind': 'variable', 'label': 'Greeting'}]},
    })
    return s.write_catalog('audit.json', actions)


def search(text):
    rawinput.keyCombo('<Control>f')
    rawinput.keyCombo('<Control>a')
    rawinput.typeText(text)
    rawinput.pressKey('Return')


def audit(s):
    _ = s._
    app = s.launch(audit_catalog(s))
    window = app.window(_('Custom Actions'))
    find(window, 'list', _('Actions'))
    search('ticket')
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

    search('greeting')
    find(window, 'label', 'Greeting')
    rawinput.keyCombo('<Control>Return')
    tester = app.window(_('Send Test Request'))
    check_names(s, tester, 'test request, before sending')
    check_tab(s, tester, 'test request, before sending')

    type_into(find(tester, 'text', 'Greeting'), 'Bonjour')
    click(find(tester, 'push button', without_mnemonic(_('Se_nd'))))
    outcome = find(tester, 'list item', _('Outcome'))
    s.expect(lambda: any('http_200' in t for t in texts_under(outcome)), 'the test request is answered',
             timeout=60)
    check_names(s, tester, 'test request, with its result')
    check_tab(s, tester, 'test request, with its result')


def main():
    s = Session(__doc__)
    s.run('accessibility audit', audit)
    return s.finish()


if __name__ == '__main__':
    sys.exit(main())
