"""The installation's settings: the kecamatan's in the shared database, so kiosks sharing it
agree; this computer's own (DESK_KEYS: its printer, paper, look, keys, name on paper) in its
desk file (kiosk.desk.desk_file), over the shared value where the desk has set one."""

from __future__ import annotations

from collections.abc import Mapping

from sqlalchemy import Table
from sqlmodel import Session

from kiosk.base import config, database, keymap
from kiosk.base.errors import Problem
from models import Setting

_TABLE: Table = Setting.__table__  # type: ignore[attr-defined]

DEFAULTS: dict[str, str] = {
    "desk_name": "Meja Bantuan JKN",
    "default_email": "",
    "bank_required": "0",
    "printer": "",
    "ascii_look": "0",
    "idle_lock_minutes": "5",
    # Seconds the NIKs revealed with F9 stay in clear before they are masked again.
    "reveal_seconds": "15",
    "village_code": "",
    # The postcode of the desk's own village (each desa has its own): offered for its families.
    "village_postcode": "",
    # "1": the household's income band may be left empty (BPJS's form asks it).
    "income_optional": "0",
    # "training" (simulator, the demo default) or "manual" (the operator keys in BPJS's answers).
    "gateway": "manual",
    "slip_format": "a4",
    # The screen's language: "" follows KIOSK_LANG (Bahasa Indonesia when it is not set).
    "language": "",
    # Slips and referral notes are read by the family: Bahasa Indonesia unless set otherwise.
    "slip_language": "id",
    # Put before the QR token, e.g. the village website's case page; empty: the bare token.
    "qr_url_prefix": "",
    # "1": a locked-down kiosk, where only a supervisor may quit (Ctrl+Q).
    "quit_supervisor_only": "0",
    # The desk's own keys for the shared concepts, e.g. "print=f5" (see kiosk.base.keymap).
    "keymap": "",
    # Months after a case is closed before its personal data is removed (kiosk purge).
    "retention_months": "24",
    # A draft untouched this many days, or a VA left unpaid this many days past BPJS's
    # payment window, is closed and its personal data removed.
    "abandoned_days": "30",
    # Days a coverage claim (a list's row, a check's answer) is trusted before it must be
    # checked again by hand (kiosk.rules.standing).
    "coverage_window_days": "90",
    # The regency's UHC status as the desk last verified it ("prioritas", "cut_off", "none";
    # "" not set), and the day it was verified (kiosk.rules.routes).
    "uhc_status": "",
    "uhc_verified_on": "",
    # How a family reaches the desk (a phone or WhatsApp number, opening hours), on letters.
    "desk_contact": "",
    # Who families contact about their data (the desk's data-protection contact), on the notice.
    "privacy_contact": "",
    # Drives a restore-on-reboot tool (Deep Freeze) puts back at each restart, e.g. "C:":
    # the kiosk warns while its data folder is on one (kiosk.desk.frozen).
    "frozen_drives": "",
    # "1": CSV files for Excel set to Indonesian (";" between cells, a BOM), not ",".
    "csv_excel": "0",
}
# What belongs to the machine rather than the kecamatan: each desk keeps its own, in its
# desk file. The rest (the rules, retention, the gateway, the village) is shared.
DESK_KEYS = (
    "desk_name", "desk_contact", "default_email", "printer", "slip_format", "ascii_look",
    "keymap", "idle_lock_minutes", "language", "quit_supervisor_only", "frozen_drives",
    "csv_excel",
)  # fmt: skip
SLIP_FORMATS = ("a4", "a5", "80mm", "58mm")
GATEWAYS = ("manual", "training")
LANGUAGES = ("id", "en")
FLAGS = ("bank_required", "ascii_look", "quit_supervisor_only", "csv_excel", "income_optional")


def get(session: Session, key: str) -> str:
    """A setting: this desk's own where it has set one, else the shared value, else the
    default."""
    if key in DESK_KEYS:
        own = desk_values()
        if key in own:
            return own[key]
    return shared(session, key)


def all_values(session: Session) -> dict[str, str]:
    """Every setting as `get` reads it, the desk's file read and checked once for all."""
    own = desk_values()
    return {key: own[key] if key in own else shared(session, key) for key in DEFAULTS}


def shared(session: Session, key: str) -> str:
    """The value every desk on this database shares (the one a desk without its own uses)."""
    row = session.get(Setting, key)
    return row.value if row is not None else DEFAULTS.get(key, "")


def desk_values() -> dict[str, str]:
    """This desk's own settings as its file holds them; a value the file holds wrongly
    (edited by hand) is left out, so the shared one is used."""
    from kiosk.desk import desk_file

    values, _problem = desk_file.read()
    own = {k: v for k, v in values.items() if k in DESK_KEYS}
    for key in check(own):
        own.pop(key, None)
    return own


def get_bool(session: Session, key: str) -> bool:
    return get(session, key) == "1"


def get_int(session: Session, key: str) -> int:
    return int_of({key: get(session, key)}, key)


def int_of(values: Mapping[str, str], key: str) -> int:
    """A whole-number setting from settings already read (the app's copy), its default when
    it is missing or not a number."""
    try:
        return int(values.get(key, DEFAULTS[key]))
    except ValueError:
        return int(DEFAULTS[key])


def put(session: Session, key: str, value: str | bool | int) -> None:
    """Store a setting; kiosks writing the same key at once never collide (one upsert)."""
    if isinstance(value, bool):
        value = "1" if value else "0"
    conn = session.connection()
    insert = database.insert_for(conn, _TABLE)
    conn.execute(
        insert.values(key=key, value=str(value)).on_conflict_do_update(
            index_elements=["key"], set_={"value": str(value)}
        )
    )
    cached = session.identity_map.get(session.identity_key(Setting, key))
    if cached is not None:
        session.expire(cached)


# Whole numbers a supervisor types: the least and the most allowed, and what is said else.
RANGES: dict[str, tuple[int, int, str]] = {
    "idle_lock_minutes": (1, 120, "settings.minutes"),
    "reveal_seconds": (5, 120, "settings.reveal_range"),
    "retention_months": (1, 120, "settings.retention"),
    "abandoned_days": (7, 365, "settings.abandoned"),
    "coverage_window_days": (7, 365, "settings.coverage_window"),
}


def check(values: dict[str, str]) -> dict[str, Problem]:
    """What is wrong with settings a supervisor typed, per key (nothing is stored here)."""
    from kiosk.base import text
    from kiosk.rules import ids, routes

    problems: dict[str, Problem] = {}
    email = values.get("default_email", "").strip()
    if email and not ids.check_email(email).ok:
        problems["default_email"] = Problem("email.invalid")
    for key, (low, high, said) in RANGES.items():
        number = values.get(key, DEFAULTS[key]).strip()
        if not number.isdigit() or not low <= int(number) <= high:
            problems[key] = Problem(said)
    verified = values.get("uhc_verified_on", "").strip()
    if verified:
        from kiosk.base import clock

        day = clock.parse_date(verified)
        if day is None:
            problems["uhc_verified_on"] = Problem("settings.uhc_date")
        elif day > clock.today():
            problems["uhc_verified_on"] = Problem("settings.uhc_date_future")
    if values.get("uhc_status", "").strip() and not verified:
        problems["uhc_verified_on"] = Problem("settings.uhc_date_needed")
    postcode = values.get("village_postcode", "").strip()
    if postcode:
        from kiosk.rules import participant

        checked = participant.check_postcode(postcode, values.get("village_code", ""))
        if checked.errors:
            problems["village_postcode"] = checked.errors[0]
    village = ids.normalise_digits(values.get("village_code", ""))
    if village and (len(village) != 10 or not village.isdigit()):
        problems["village_code"] = Problem("settings.village")
    choices = {
        "slip_format": SLIP_FORMATS,
        "gateway": GATEWAYS,
        "slip_language": LANGUAGES,
        "language": ("", *LANGUAGES),
        "uhc_status": ("", *routes.UHC_STATUSES),
    }
    for key, allowed in choices.items():
        if key in values and values[key] not in allowed:
            problems[key] = Problem("settings.choice")
    for key in FLAGS:
        if key in values and values[key] not in ("0", "1"):
            problems[key] = Problem("settings.choice")
    if "keymap" in values:
        parsed = parse_keymap(values["keymap"])
        if isinstance(parsed, Problem):
            problems["keymap"] = parsed
    for key, value in values.items():
        control = text.control_problem(value.replace("\n", " "))  # the keymap has lines
        if control is not None:
            problems.setdefault(key, control)
    unknown = set(values) - set(DEFAULTS)
    if unknown:
        problems[sorted(unknown)[0]] = Problem("settings.choice")
    return problems


def save_all(
    session: Session, values: dict[str, str], operator_id: int | None = None
) -> dict[str, Problem]:
    """Store every setting at once, or none when any is wrong (one commit); each change is
    audited with its old and new value."""
    from kiosk.desk import audit

    problems = check(values)
    if problems:
        return problems
    real = values.get("gateway", "").strip() == "manual" != get(session, "gateway")
    if real:  # training ends: no one may still log in with the PIN everyone has read
        from kiosk.desk import operators

        names = operators.with_first_pin(session)
        if names:
            return {"gateway": Problem("settings.first_pins", {"names": ", ".join(names)})}
    own = {key: value.strip() for key, value in values.items() if key in DESK_KEYS}
    before = desk_values()
    if own:
        problem = _write_desk({**before, **own})
        if problem is not None:
            return {next(iter(own)): problem}
    try:
        for key, value in values.items():
            old = before[key] if key in before else shared(session, key)
            new = value.strip()
            if old != new:
                where = f"{config.desk_identity()}/" if key in own else ""
                audit.record(session, "setting", operator_id=operator_id,
                             detail=f"{where}{key}: {old!r} -> {new!r}"[:300])  # fmt: skip
            if key not in own:
                put(session, key, new)
        session.commit()
    except BaseException:
        _write_desk(before)  # the desk file as it was: nothing saved, nothing unaudited
        raise
    return {}


def desk_file_said() -> str:
    """Where this desk's own settings are kept, and whether the file could be read."""
    from kiosk.base.i18n import t
    from kiosk.desk import desk_file

    _values, problem = desk_file.read()
    key = f"settings.desk_file_{problem}" if problem else "settings.desk_file_at"
    return t(key, file=desk_file.shown())


def _write_desk(values: dict[str, str]) -> Problem | None:
    from kiosk.desk import desk_file

    try:
        desk_file.write(values)
    except OSError as exc:
        return Problem("settings.desk_file", {"file": desk_file.path(), "why": exc.strerror or ""})
    return None


def is_training(session: Session) -> bool:
    return get(session, "gateway") == "training"


def parse_keymap(text: str) -> dict[str, str] | Problem:
    """The keymap written in the setting, or what is wrong with it."""
    desk_keys: dict[str, str] = {}
    for part in filter(None, (p.strip() for p in text.replace("\n", ";").split(";"))):
        name, sep, keys = (s.strip().lower() for s in part.partition("="))
        if not sep or name not in keymap.CONCEPTS:
            return Problem(
                "keymap.name", {"name": name or part, "names": ", ".join(keymap.CONCEPTS)}
            )
        listed = [k.strip() for k in keys.split(",") if k.strip()]
        if not listed or any(not keymap.KEY.match(k) for k in listed):
            return Problem("keymap.key", {"keys": keys})
        desk_keys[name] = ",".join(listed)
    return desk_keys
