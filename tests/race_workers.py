"""Code run in separate processes by the race and crash tests: each is a kiosk of its own.

Kept free of pytest so `multiprocessing` (spawn) and a plain `python -c` can import it.
"""

from __future__ import annotations

import os
import sys
from typing import Any

from sqlmodel import Session

CONTACT = {
    "phone": "0812 3456 7890", "email": "pelayanan@cikembulan.desa.id",
    "bank": "BRI", "account": "1234567890", "bank_required": False,
}  # fmt: skip


def walk_to_submit(session: Session, case: Any, fktp: str = "0403P001") -> None:
    """Every step of the walk up to submission, each committed as the kiosk would."""
    from kiosk import registration as reg

    reg.finish_members(session, case)
    reg.set_class(session, case, 3)
    reg.choose_fktp(session, case, fktp)
    reg.confirm_fktp(session, case, None)
    reg.set_contact(session, case, **CONTACT)  # type: ignore[arg-type]
    reg.give_consent(session, case, None)


def register(url: str, kk: str, kiosk: str, barrier: Any) -> tuple[str, str]:
    """Look up `kk` and register the family, starting when every racer is ready.

    Returns (outcome, case code): "submitted" with the new case's code, or "has_case" with
    the code of the case that won.
    """
    from kiosk import registration as reg
    from kiosk.database import make_engine, session
    from kiosk.drafts import Holder
    from kiosk.gateway import TrainingGateway

    engine = make_engine(url)
    with session(engine) as s:
        s.connection()  # connected before the start, so the race is on the statements
        barrier.wait(timeout=60)
        begun = reg.begin(s, kk, None, "training", holder=Holder(None, kiosk))
        if begun.outcome != "started":
            assert begun.existing is not None
            return begun.outcome, begun.existing.code
        case = begun.case
        walk_to_submit(s, case)
        reg.submit(s, case, TrainingGateway(), None)
        return "submitted", case.code


def guess_pin(url: str, name: str, barrier: Any) -> bool:
    """One wrong PIN at the same moment as the other kiosks; True if it was checked."""
    from kiosk import operators
    from kiosk.database import make_engine, session

    engine = make_engine(url)
    with session(engine) as s:
        s.connection()
        barrier.wait(timeout=60)
        return operators.login(s, name, "9999").checked


def first_start(url: str, barrier: Any) -> str:
    """A kiosk starting on a new, empty database: migrations, settings, the signing key."""
    from kiosk import settings
    from kiosk.database import make_engine, migrate, session

    engine = make_engine(url)
    barrier.wait(timeout=60)
    migrate(engine)
    with session(engine) as s:
        settings.put(s, "desk_name", "Meja Bantuan")
        s.commit()
        return settings.signing_secret(s).hex()


def crash_child(url: str, kks: list[str]) -> None:
    """Register families one after another, printing each committed step, until killed."""
    from kiosk import registration as reg
    from kiosk.database import make_engine, session
    from kiosk.gateway import TrainingGateway

    engine = make_engine(url)
    print("ready", flush=True)
    with session(engine) as s:
        for kk in kks:
            begun = reg.begin(s, kk, None, "training")
            if begun.case is None:
                continue
            case = begun.case
            print(f"step {case.code} draft", flush=True)
            walk_to_submit(s, case)
            print(f"step {case.code} draft", flush=True)
            reg.submit(s, case, TrainingGateway(), None)
            print(f"step {case.code} {case.status}", flush=True)
    print("finished", flush=True)


if __name__ == "__main__":  # python -m tests.race_workers URL KK...
    crash_child(sys.argv[1], sys.argv[2:])
    os._exit(0)
