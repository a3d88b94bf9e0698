"""What the operator copies to send to the family (pasted into WhatsApp Web): the case code,
and while the VA is to be paid, the VA number and the monthly amount. Never a NIK, a KK or
a card number."""

from __future__ import annotations

from kiosk.base.i18n import t
from kiosk.rules import casecode, ids, rates
from models import Case, CaseStatus


def family_message(case: Case) -> str:
    """One line for the family. The VA only while it is to be paid: a cancelled or closed
    case's VA, copied, would be paid into a case that no longer exists."""
    code = casecode.display(case.code)
    if case.status == CaseStatus.VA_ISSUED and case.va_number:
        return t("share.pay", va=ids.format_va(case.va_number),
                 amount=rates.rupiah(case.monthly_amount), code=code)  # fmt: skip
    return t("share.code", code=code, status=t(f"status.{case.status}"))
