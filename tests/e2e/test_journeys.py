#!/usr/bin/python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""The journeys of the people the app is for, in one language, driven over
AT-SPI on the built app: a technical user makes an action and tries it, a
marketer looks one up, actions are managed, and a broken catalog is opened.
"""

import json
import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

from ca_e2e import (  # noqa: E402
    SAMPLE_CATALOG, Failed, Session, choose, click, find, find_all, has_state, press,
    pyatspi, rawinput, select_page, text_of, texts_under, type_into, wait_for,
    without_mnemonic,
)


def sample_action(name):
    with open(SAMPLE_CATALOG, encoding='utf-8') as f:
        return next(a for a in json.load(f)['actions'] if a['name'] == name)


def variable_labels(action):
    """The labels of the values an action needs, as its file gives them."""
    fields = action.get('request', {}).get('fields', [])
    fields = fields + action.get('headers', []) + action.get('query', [])
    return [f['label'] for f in fields if f.get('kind') == 'variable']


def labels_in(catalog):
    with open(catalog, encoding='utf-8') as f:
        return [a.get('label', a['name']) for a in json.load(f)['actions']]


def select_row(table, text):
    """Clicks the Manage Actions row that shows text until it is selected
    and has the keyboard focus (the table may still be sorting a row it
    just gained under the mouse; keys pressed before the focus is there go
    elsewhere)."""
    def ready(row):
        return has_state(row, pyatspi.STATE_SELECTED) and has_state(row, pyatspi.STATE_FOCUSED)

    for _ in range(3):
        label = find(table, 'label', text)
        press(label)
        try:
            return wait_for(lambda: ready(label.parent.parent), f'the row of "{text}" selected', 5)
        except Failed:
            continue
    raise Failed(f'the row of "{text}" could not be selected')


def main_window(s, app):
    window = app.window(s._('Custom Actions'))
    s.expect_translated('Custom Actions', window.name, 'the window title')
    return window


def marketer_reads_an_action(s):
    """Searches the palette, picks an action and reads the labels of the
    values it needs on the details page."""
    _ = s._
    app = s.launch(s.copy_sample_catalog('marketer.json'))
    window = main_window(s, app)
    search = find(window, 'entry', _('Search actions'))
    palette = find(window, 'list', _('Actions'))

    rawinput.keyCombo('<Control>f')
    s.expect(lambda: has_state(search, pyatspi.STATE_FOCUSED), 'Ctrl+F focuses the search')
    rawinput.typeText('ticket')
    s.expect(lambda: not find_all(palette, name='Look up loyalty status')
             and find_all(palette, name='Create support ticket'),
             'the search narrows the palette to the matching action')
    rawinput.pressKey('Return')

    wanted = variable_labels(sample_action('createTicket'))
    find(window, 'label', _('Values It Needs'))
    shown = []

    def every_label_shown():
        shown[:] = texts_under(window)
        return all(label in shown for label in wanted)

    s.expect(every_label_shown, f'the details page lists the {len(wanted)} values it needs',
             detail=lambda: f'wanted: {wanted}\nshown: {shown}')


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

    create = find(window, 'push button', _('Create Action'))
    s.expect_translated('Create Action', create.name, 'the Create Action button')
    click(create)
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
    press(find(dialog, 'list item', 'text'))  # unfolds the field's row
    choose(find(dialog, 'combo box', _('Kind')), _('Variable'))
    type_into(find(dialog, 'text', _('Label')), 'Greeting')

    save = find(dialog, 'push button', without_mnemonic(_('_Save')))
    s.expect(lambda: has_state(save, pyatspi.STATE_SENSITIVE), 'Save turns on once the action is valid')
    click(save)
    s.expect(lambda: _('New Action') not in app.windows(), 'Save closes the dialog')

    with open(catalog, encoding='utf-8') as f:
        saved = f.read()
    s.tap.check('"echoGreeting"' in saved and url in saved, 'the action is in the catalog file', saved)
    s.tap.check(password not in saved, 'the catalog file has no secret value in it', saved)

    palette = find(window, 'list', _('Actions'))
    press(find(palette, 'label', 'Echo a greeting'))
    send_test = find(window, 'push button', _('Send Test Request'))
    s.expect_translated('Send Test Request', send_test.name, 'the details page button')
    click(send_test)
    tester = app.window(_('Send Test Request'))
    type_into(find(tester, 'text', 'Greeting'), 'Bonjour e2e')
    click(find(tester, 'push button', without_mnemonic(_('Se_nd'))))
    outcome = find(tester, 'list item', _('Outcome'))
    s.expect(lambda: any('http_200' in t for t in texts_under(outcome)),
             'the test request ends with the outcome http_200', timeout=60)
    body = find(tester, 'text', _('Response Body'))
    s.expect(lambda: '"Bonjour e2e"' in text_of(body), 'the response body shows the value the sandbox echoed',
             detail=lambda: text_of(body))
    shown = '\n'.join(texts_under(tester))
    s.tap.check(password not in shown, 'the result shows no secret value', shown)


def technical_user_manages_actions(s):
    """Duplicates an action in Manage Actions, deletes the copy, and takes
    the deletion back with Undo; the catalog file follows each step."""
    _ = s._
    catalog = s.copy_sample_catalog('manage.json')
    app = s.launch(catalog)
    window = main_window(s, app)
    find(window, 'list', _('Actions'))
    rawinput.keyCombo('<Control>m')
    manage = app.window(_('Manage Actions'))
    table = find(manage, name=_('Actions'), match=lambda n: n.roleName in ('table', 'tree table', 'list'))

    select_row(table, 'Send SMS')
    rawinput.keyCombo('<Shift>F10')
    click(find(manage, 'menu item', without_mnemonic(_('D_uplicate'))))
    copy = _('%s (copy)') % 'Send SMS'
    s.expect(lambda: find_all(table, 'label', copy) and copy in labels_in(catalog),
             f'Duplicate adds "{copy}" to the table and the catalog file')

    select_row(table, copy)
    rawinput.pressKey('Delete')
    s.expect(lambda: not find_all(table, 'label', copy) and copy not in labels_in(catalog),
             'Delete takes it out of the table and the file')
    s.expect(lambda: find_all(manage, 'label', _('“%s” deleted') % copy), 'a toast says it was deleted')
    click(find(manage, 'push button', without_mnemonic(_('_Undo'))))
    s.expect(lambda: find_all(table, 'label', copy) and copy in labels_in(catalog),
             'Undo brings it back, in the table and in the file')


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
    s.expect_translated('This catalog is read-only', text_of(title), 'the read-only message')
    s.expect(lambda: any(catalog in t and 'fields[0].type' in t and '"int"' in t for t in texts_under(window)),
             'the problem names the file, the field and the wrong value')
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
