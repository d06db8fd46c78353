"""What a supporter can do next on a campaign, offered on each thank-you page
(after signing, writing a letter, pledging): sign the petition, write a letter,
pledge to one of the next actions, add an action to their calendar, share.
Never what they just did: the petition is not offered after signing, nor the
letter after writing one, nor a pledge to the action just pledged to."""
from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from tracker.actions.models import Action
from tracker.actions.services import PublicAction, open_to_congregations, public_actions
from tracker.campaigns.models import Campaign
from tracker.campaigns.services import PublicPage

# How many of the coming actions a thank-you page lists.
NEXT_ACTIONS = 3

Done = Literal["sign", "letter", "pledge"]


@dataclass(frozen=True)
class NextSteps:
    slug: str
    sign: bool  # the petition is open, and the supporter did not just sign it
    letter: bool  # a support letter, unless one was just written
    pledged: PublicAction | None  # the action just pledged to: to add to a calendar
    actions: list[PublicAction]  # the next actions open for pledges (not the one just pledged to)


def pledgeable_actions(case_id: int, limit: int | None = None) -> list[PublicAction]:
    """The case's actions the public may see and pledge to (public, upcoming, not
    cancelled, of a live campaign), soonest first, with texts fitted to consent."""
    query = open_to_congregations().where(Action.case_id == case_id)
    if limit is not None:
        query = query.order_by(Action.starts_at, Action.id).limit(limit)
    return public_actions(query)


def next_steps(campaign: Campaign, page: PublicPage, done: Done, *, pledged_action_id: int | None = None,
               actions: list[PublicAction] | None = None) -> NextSteps:
    """What to offer after `done`. `actions`: the pledgeable actions when the page
    has them already (the pledge form); else the next few are loaded."""
    if actions is None:
        actions = pledgeable_actions(campaign.case_id, limit=NEXT_ACTIONS + 1)
    # Only an action the public may still pledge to is offered for the calendar.
    pledged = next((item for item in actions if item.action.id == pledged_action_id), None) if done == "pledge" else None
    others = [item for item in actions if item is not pledged][:NEXT_ACTIONS]
    return NextSteps(
        slug=page.slug,
        sign=done != "sign" and page.petition is not None and page.petition.is_open,
        letter=done != "letter",
        pledged=pledged,
        actions=others,
    )
