"""A desk's own keys: `print=f5; back=f3,escape` in the keymap setting.

Each name is a concept every screen shares (the binding ids of screens/keys.py); the value
is one or more keys, as the terminal names them. The setting is checked by
`kiosk.desk.settings.parse_keymap`; how a key is written for the operator is `kiosk.base.i18n`.
"""

from __future__ import annotations

import re

# Each key means one thing on every screen: concept -> default keys. A screen offers a
# concept where it applies (members: F2 adds a member; Done: F2 starts the next family).
DEFAULTS: dict[str, str] = {
    "help": "f1",  # the keys of the screen shown
    "new": "f2",  # something new: a registration, the next family, a member, a family by hand
    "back": "f3,escape",  # one step back (or close a form), nothing lost
    "open": "f4",  # open or record the thing selected: a case, a member, BPJS's answer
    "again": "f5",  # look again: refresh a list, another KK number
    "choose": "f6",  # choose or mark: consent, the family's choice, has a card, all come
    "print": "f7",  # print the slip or the referral note
    "cancel": "f8",  # stop: cancel a draft or a case, refer the family to the office
    "reveal": "f9",  # show what is masked (NIK), for a moment and audited
    "next": "f10",  # the step is done, the form is saved
    "copy": "ctrl+c",  # copy the case code and the VA, to paste into WhatsApp for the family
    "settings": "ctrl+o",  # the desk's settings, for a supervisor ("o" for options)
    "reports": "ctrl+r",  # the desk's reports
    "log": "ctrl+l",  # log a person served who leaves no case (information, a complaint)
    "outreach": "ctrl+t",  # the road to universal cover: the village's map, door to door
    "pin": "ctrl+p",  # change your own PIN
    "lock": "f12",
    "quit": "ctrl+q",
}
CONCEPTS = tuple(DEFAULTS)
KEY = re.compile(
    r"^((ctrl|shift|alt)\+)*([a-z0-9]|f([1-9]|1[0-9]|2[0-4])|escape|enter|tab|space|backspace|delete|insert|home|end|pageup|pagedown|up|down|left|right)$"
)


# The keys in use: the defaults with the desk's keymap over them (set by the app).
_in_use: dict[str, str] = dict(DEFAULTS)


def use(keymap: dict[str, str]) -> None:
    """The desk's keymap is in force: messages that name a key name the desk's key."""
    _in_use.clear()
    _in_use.update(DEFAULTS)
    _in_use.update(keymap)


def keys_of(concept: str) -> str:
    """The keys of a concept in force at this desk, as the terminal names them ("f3,escape")."""
    return _in_use.get(concept, concept)
