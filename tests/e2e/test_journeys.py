#!/usr/bin/python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""The journeys of the people the app is for, in one language, driven over
AT-SPI on the built app: a technical user makes an action and tries it, a
marketer looks one up, actions are managed, and a broken catalog is opened.
"""

import json
import os
import shutil
import sys
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

from ca_e2e import (  # noqa: E402
    Failed, Session, button, choose, click, find, find_all, has_state, press, pyatspi,
    rawinput, select_page, text_of, texts_under, type_into, wait_for,
)

SOURCE_DIR = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
SAMPLE_CATALOG = os.path.join(SOURCE_DIR, 'data', 'sample-catalog.json')


def sample_action(name):
    with open(SAMPLE_CATALOG, encoding='utf-8') as f:
        return next(a for a in json.load(f)['actions'] if a['name'] == name)


def variable_labels(action):
    """The labels of the values an action needs, as its file gives them."""
    fields = action.get('request', {}).get('fields', [])
    fields = fields + action.get('headers', []) + action.get('query', [])
    return [f['label'] for f in fields if f.get('kind') == 'variable']


def main_window(s, app):
    return app.window(s._('Custom Actions'))


def marketer_reads_an_action(s):
    """Searches the palette, picks an action and reads the labels of the
    values it needs on the details page."""
    _ = s._
    catalog = s.path('marketer.json')
    shutil.copyfile(SAMPLE_CATALOG, catalog)
    app = s.launch(catalog)
    window = main_window(s, app)
    s.tap.check(True, f'the window is titled "{window.name}"')

    search = find(window, 'entry', _('Search actions'))
    rawinput.keyCombo('<Control>f')
    wait_for(lambda: has_state(search, pyatspi.STATE_FOCUSED), 'Ctrl+F focusing the search')
    rawinput.typeText('ticket')
    palette = find(window, 'list', _('Actions'))
    wait_for(lambda: len(find_all(palette, match=lambda n: n.name == 'Look up loyalty status')) == 0,
             'the palette narrowed to the search')
    s.tap.check(find_all(palette, name='Create support ticket') != [],
                'search narrows the palette to the matching action')
    rawinput.pressKey('Return')

    wanted = variable_labels(sample_action('createTicket'))
    heading = _('Values It Needs')
    details = find(window, 'label', heading)
    shown = wait_for(lambda: all(label in texts_under(window) for label in wanted) and texts_under(window),
                     'the labels of the values it needs')
    missing = [label for label in wanted if label not in shown]
    s.tap.check(not missing, f'the details page lists the {len(wanted)} values it needs under "{details.name}"',
                f'missing: {missing}\nshown: {shown}')


def technical_user_creates_and_tries_an_action(s):
    """Creates an action with the configuration dialog (name, the sandbox's
    /echo, POST, a payload sample, one variable, a password), saves it,
    sends a test request with a value and reads the outcome and the echoed
    value; then the catalog file has the action and not the password."""
    _ = s._
    url = s.start_sandbox() + '/echo'
    password = f'e2e-secret-{os.getpid()}'
    catalog = s.write_catalog('technical.json', [])
    app = s.launch(catalog)
    window = main_window(s, app)

    click(find(window, 'push button', _('Create Action')))
    dialog = app.window(_('New Action'))
    type_into(find(dialog, 'text', _('Name')), 'echoGreeting')
    type_into(find(dialog, 'text', _('Label')), 'Echo a greeting')

    select_page(dialog, _('Endpoint'))
    type_into(find(dialog, 'text', _('URL')), url)
    method = find(dialog, 'combo box', _('Method'))
    s.tap.check('POST' in texts_under(method), 'a new action is sent with POST', texts_under(method))

    select_page(dialog, _('Authentication'))
    choose(find(dialog, 'combo box', _('Type')), _('Basic'))
    type_into(find(dialog, 'text', _('Username')), 'e2e')
    type_into(find(dialog, 'text', _('Password')), password, secret=True)

    select_page(dialog, _('Request Payload'))
    type_into(find(dialog, 'text', _('Sample Payload')), '{"to": "+33600000000", "text": "hello"}')
    field = find(dialog, 'list item', 'text')
    press(field)  # unfolds the field's row; its editors are beside it
    editors = wait_for(lambda: next((a for a in (field.parent, field.parent.parent, field.parent.parent.parent)
                                     if find_all(a, 'combo box', _('Kind'))), None), 'the editors of the field')
    choose(find(editors, 'combo box', _('Kind')), _('Variable'))
    type_into(find(editors, 'text', _('Label')), 'Greeting')

    save = button(dialog, strip_mnemonic(_('_Save')))
    wait_for(lambda: has_state(save, pyatspi.STATE_SENSITIVE), 'Save turning on')
    click(save)
    wait_for(lambda: _('New Action') not in app.windows(), 'the dialog closing after Save')

    with open(catalog, encoding='utf-8') as f:
        saved = f.read()
    s.tap.check('"echoGreeting"' in saved and url in saved, 'the action is in the catalog file', saved)
    s.tap.check(password not in saved, 'the catalog file has no secret value in it', saved)

    palette = find(window, 'list', _('Actions'))
    press(find(palette, 'label', 'Echo a greeting'))
    find(window, 'label', _('Values It Needs'))
    click(button(window, _('Send Test Request')))
    tester = app.window(_('Send Test Request'))
    type_into(find(tester, 'text', 'Greeting'), 'Bonjour e2e')
    click(button(tester, strip_mnemonic(_('Se_nd'))))
    outcome = find(tester, 'list item', _('Outcome'))
    wait_for(lambda: any('http_200' in t for t in texts_under(outcome)), 'the outcome http_200', 60)
    s.tap.check(True, 'the test request ends with the outcome http_200')
    body = find(tester, 'text', _('Response Body'))
    echoed = wait_for(lambda: 'Bonjour e2e' in text_of(body) and text_of(body), 'the echoed value')
    s.tap.check('"to"' in echoed, 'the response body shows the value the sandbox echoed', echoed)
    shown = '\n'.join(texts_under(tester))
    s.tap.check(password not in shown, 'the result shows no secret value', shown)


def strip_mnemonic(label):
    return label.replace('_', '', 1)


def actions_in(catalog):
    with open(catalog, encoding='utf-8') as f:
        return [a.get('label', a['name']) for a in json.load(f)['actions']]


def cell(table, text):
    """The cell of a Manage Actions row that shows text."""
    return find(table, 'label', text)


def technical_user_manages_actions(s):
    """Duplicates an action in Manage Actions, deletes the copy, and takes
    the deletion back with Undo; the catalog file follows each step."""
    _ = s._
    catalog = s.path('manage.json')
    shutil.copyfile(SAMPLE_CATALOG, catalog)
    app = s.launch(catalog)
    window = main_window(s, app)
    find(window, 'list', _('Actions'))
    rawinput.keyCombo('<Control>m')
    manage = app.window(_('Manage Actions'))
    table = find(manage, name=_('Actions'), match=lambda n: n.roleName in ('table', 'tree table', 'list'))

    press(cell(table, 'Send SMS'))
    rawinput.keyCombo('<Shift>F10')
    click(find(manage, 'menu item', strip_mnemonic(_('D_uplicate'))))
    copy = _('%s (copy)') % 'Send SMS'
    cell(table, copy)
    wait_for(lambda: copy in actions_in(catalog), 'the copy in the catalog file')
    s.tap.check(True, f'duplicate makes "{copy}", saved in the catalog file')

    press(cell(table, copy))
    rawinput.pressKey('Delete')
    wait_for(lambda: not find_all(table, 'label', copy) and copy not in actions_in(catalog),
             'the copy gone from the table and the file')
    toast = find(manage, 'label', _('“%s” deleted') % copy)
    s.tap.check(True, f'delete removes it and says "{toast.name}"')
    click(button(manage, strip_mnemonic(_('_Undo'))))
    cell(table, copy)
    wait_for(lambda: copy in actions_in(catalog), 'the copy back in the catalog file')
    s.tap.check(True, 'Undo brings it back, in the table and in the file')


def broken_catalog_opens_read_only(s):
    """A catalog file that is not valid opens read-only: the window says
    what is wrong and where, and the file is left as it was."""
    _ = s._
    catalog = s.write_catalog('broken.json', [{
        'name': 'broken', 'url': 'http://127.0.0.1:1/broken', 'method': 'POST',
        'request': {'allowNull': False, 'sample': {'count': 1},
                    'fields': [{'path': 'count', 'type': 'int', 'kind': 'constant'}]},
    }])
    with open(catalog, 'rb') as f:
        before = f.read()
    stamp = os.stat(catalog).st_mtime_ns
    app = s.launch(catalog)
    window = main_window(s, app)
    title = find(window, 'label', _('This catalog is read-only'))
    problem = wait_for(lambda: next((t for t in texts_under(window) if 'int' in t and 'broken.json' in t), None),
                       'the problem, with the file and the field')
    s.tap.check(True, f'the window says "{title.name}": {problem}')
    s.tap.check('"int"' in problem and 'fields[0].type' in problem,
                'the problem names the wrong value and where it is', problem)
    app.close(s.tap)
    with open(catalog, 'rb') as f:
        after = f.read()
    s.tap.check(after == before and os.stat(catalog).st_mtime_ns == stamp, 'the broken file is unchanged')


JOURNEYS = [
    ('technical user', technical_user_creates_and_tries_an_action),
    ('marketer', marketer_reads_an_action),
    ('manage actions', technical_user_manages_actions),
    ('broken catalog', broken_catalog_opens_read_only),
]


def main():
    s = Session(__doc__)
    for name, journey in JOURNEYS:
        s.run(name, journey)
    return s.finish()


if __name__ == '__main__':
    sys.exit(main())
