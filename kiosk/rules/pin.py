"""An operator's PIN: how many digits it has.

A module of its own: the login screen's field is as long as this, and loading the other ID
rules (or the operators' module, with argon2) before the first frame would cost the start."""

from __future__ import annotations

MIN_PIN, MAX_PIN = 6, 12
