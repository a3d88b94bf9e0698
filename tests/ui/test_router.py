"""The walk's one table: every step's way back and next step, and where a draft resumes."""

from __future__ import annotations

import importlib

from screens import router


def test_the_walk_goes_forward_in_the_drafts_order_and_back_one_step() -> None:
    assert [router.next_step(s) for s in ("kk", "routes", "fktp", "contact", "confirm")] == [
        "members", "fktp", "contact", "confirm", "done",
    ]  # fmt: skip
    # After the members, the core says whether the family stops to choose a route.
    assert router.next_step("members") == "routes" and router.back_from("routes") == "members"
    # The outcomes of the KK step go on to the members, as the KK step does.
    assert {router.next_step(s) for s in ("not_found", "carry_over", "manual")} == {"members"}
    assert [router.back_from(s) for s in ("confirm", "contact", "fktp", "members", "kk")] == [
        "contact", "fktp", "members", "kk", None,
    ]  # fmt: skip
    assert router.back_from("manual") == router.back_from("refer") == "not_found"
    assert all(back in router.WALK for s in router.WALK if (back := router.back_from(s)))


def test_a_draft_resumes_at_its_step_and_never_at_done() -> None:
    assert router.resume_at("fktp") == "fktp"
    assert router.resume_at("done") == "kk" and router.resume_at("gone") == "kk"


def test_every_screen_the_tables_name_exists_and_knows_its_name() -> None:
    for module, cls in router.screens():
        assert hasattr(importlib.import_module(module), cls), (module, cls)
    for name in router.WALK:
        assert name == router.step_class(name).NAME
    assert router.BAR == ("kk", "members", "fktp", "contact", "confirm")  # routes: "members"
