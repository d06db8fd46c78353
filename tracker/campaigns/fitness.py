"""Whether each public text of a case fits the person's publicity consent.

Staff requests check: a form refuses public text that holds more of the name
than consent allows or the A-number where it may not appear, and `recheck`
stores, for every public text of a case, whether it still fits (run whenever
consent, the names, the A-number or a public text changes). The public page
only reads those stored verdicts (`hidden_fields`): it never loads or
decrypts anything to decide.
"""
from __future__ import annotations

from dataclasses import dataclass

from flask import url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from sqlalchemy import delete, select

from tracker.actions.models import Action
from tracker.campaigns import consent
from tracker.campaigns.models import Campaign, UnfitText, new_page_version
from tracker.cases.models import Case, ConsentLevel
from tracker.extensions import db
from tracker.security import audit
from tracker.timeline.models import Event, Visibility

# Every text the public (or a congregation) may read, by record and field.
PUBLIC_FIELDS = {
    # The web address is a public word too: it is shared on flyers, in links and in the page's own tags.
    "campaign": {"headline": _l("Headline"), "slug": _l("Web address"), "story": _l("Public story"),
                 "ask": _l("What we ask"), "headline_es": _l("Headline in Spanish"),
                 "story_es": _l("Public story in Spanish"), "ask_es": _l("What we ask, in Spanish"),
                 "target": _l("Decision-maker"), "photo_alt": _l("Photo description")},
    "petition": {"title": _l("Petition title"), "target": _l("Addressed to"), "ask": _l("Petition text"),
                 "title_es": _l("Petition title in Spanish"), "ask_es": _l("Petition text in Spanish"),
                 "delivered_to": _l("Delivered to")},
    "action": {"title": _l("Title"), "place": _l("Where"), "description": _l("What supporters should know"),
               "call_hours": _l("Calling hours"), "script": _l("Call script"),
               "title_es": _l("Title in Spanish"), "description_es": _l("What supporters should know, in Spanish"),
               "script_es": _l("Call script in Spanish")},
    "event": {"title": _l("Title"), "location": _l("Location")},
}
RECORD_NAMES = {"campaign": _l("Campaign page"), "petition": _l("Petition"), "action": _l("Action"),
                "event": _l("Public date")}
# Consent levels from the narrowest: a change down this list narrows consent.
_BREADTH = {ConsentLevel.NONE: 0, ConsentLevel.FIRST_NAME: 1, ConsentLevel.FULL_NAME: 2}


def campaign_of(case: Case) -> Campaign | None:
    return db.session.scalar(select(Campaign).where(Campaign.case_id == case.id))


def rules(case: Case, *, level: ConsentLevel | None = None, show_a_number: bool | None = None) -> consent.PublicRules:
    """The rules for the case's public texts: its consent, or the consent a form is about to save.

    A staff request only: it reads (decrypts) the A-number when it may not appear.
    """
    level = level or case.consent_level
    if show_a_number is None:
        campaign = campaign_of(case)
        show_a_number = bool(campaign and campaign.show_a_number)
    quoted = show_a_number and level is not ConsentLevel.NONE
    person = case.person
    return consent.rules_for(
        level.value, person.legal_name, person.preferred_name, None if quoted else person.a_number, show_a_number
    )


def narrows(case: Case, campaign: Campaign | None, level: ConsentLevel, show_a_number: bool) -> bool:
    """True when a change takes consent away (a lower level, or the A-number no longer shown)."""
    return _BREADTH[level] < _BREADTH[case.consent_level] or bool(
        campaign and campaign.show_a_number and not show_a_number
    )


def message(label: str, found: list[consent.Finding], rules: consent.PublicRules) -> str:
    """What to remove from a field, and why."""
    parts = []
    for finding in found:
        if finding.kind == "name":
            words = "”, “".join(finding.words)
            if rules.level == consent.FIRST_NAME:
                parts.append(_(
                    "%(field)s: remove “%(words)s”. The person agreed to their first name only: “%(first)s” may "
                    "appear in public, no other part of their legal name.",
                    field=label, words=words, first=rules.public_name,
                ))
            else:
                parts.append(_(
                    "%(field)s: remove “%(words)s”. Without publicity consent no part of the person's name may "
                    "appear in public.", field=label, words=words,
                ))
        else:
            parts.append(_(
                "%(field)s: remove the A-number. It may appear in public only while “Show the A-number publicly” "
                "is ticked.", field=label,
            ))
    return " ".join(parts)


def _check_form(form, fields, rules: consent.PublicRules) -> bool:
    fits = True
    for name in fields:
        field = getattr(form, name)
        found = consent.findings(field.data if isinstance(field.data, str) else None, rules)
        if found:
            field.errors = [*field.errors, message(field.label.text, found, rules)]
            fits = False
    return fits


def refuse_unfit(form, case: Case, record: str, *, level: ConsentLevel | None = None,
                 show_a_number: bool | None = None) -> bool:
    """Put a message beside each public field of `form` (a form for a `record`)
    that holds what consent does not allow; True when everything fits.

    Nothing is public without consent, so then nothing is refused: the texts
    are checked again, and hidden if they do not fit, when consent is given.
    """
    level = level or case.consent_level
    if level is ConsentLevel.NONE:
        return True
    fields = tuple(name for name in PUBLIC_FIELDS[record] if hasattr(form, name))
    return _check_form(form, fields, rules(case, level=level, show_a_number=show_a_number))


def unfit_texts(case: Case, texts: dict[str, str | None]) -> list[str]:
    """For texts that go to the public outside a form field (an update to signers):
    what to remove from each, by its label; empty when all fit."""
    if case.consent_level is ConsentLevel.NONE:
        return []
    case_rules = rules(case)
    return [message(label, found, case_rules) for label, text in texts.items() if (found := consent.findings(text, case_rules))]


def _public_records(case: Case):
    """(record, id, object) for every record of the case whose texts the public may read."""
    campaign = campaign_of(case)
    if campaign is not None:
        yield "campaign", campaign.id, campaign
        if campaign.petition is not None:
            yield "petition", campaign.petition.id, campaign.petition
    for action in db.session.scalars(select(Action).where(Action.case_id == case.id, Action.is_public.is_(True))):
        yield "action", action.id, action
    events = select(Event).where(Event.case_id == case.id, Event.visibility == Visibility.PUBLIC, Event.removed_at.is_(None))
    for event in db.session.scalars(events):
        yield "event", event.id, event


def recheck(case: Case) -> list[UnfitText]:
    """Check every public text of the case against its consent now and store the
    verdicts; the public page shows none of what does not fit from this moment."""
    db.session.execute(delete(UnfitText).where(UnfitText.case_id == case.id))
    campaign = campaign_of(case)
    if campaign is not None:
        # A new version of the page, even when no verdict changes (page_cache.py).
        campaign.page_version = new_page_version()
    unfit = []
    if case.consent_level is not ConsentLevel.NONE:
        case_rules = rules(case)
        if case_rules.checks_anything:
            for record, record_id, item in _public_records(case):
                for name in PUBLIC_FIELDS[record]:
                    found = consent.findings(getattr(item, name), case_rules)
                    if found:
                        unfit.append(UnfitText(
                            case_id=case.id, record=record, record_id=record_id, field=name,
                            reason=",".join(finding.kind for finding in found),
                            words=", ".join(word for finding in found for word in finding.words)[:400] or None,
                        ))
    db.session.add_all(unfit)
    if campaign is not None and campaign.published and any(item.record == "campaign" and item.field == "slug" for item in unfit):
        # A page cannot be shown without its address: it goes offline until the lead
        # gives it an address that fits and publishes it again.
        campaign.published = False
        audit.record("campaign.offline", target=case, detail="web address no longer fits the publicity consent")
    db.session.flush()
    return unfit


# A change to one of these can make a public text unfit (or fit again).
PERSON_FIELDS = frozenset({"legal_name", "preferred_name", "a_number"})


def recheck_person(person, changed) -> None:
    """After a person's record changed: re-check their cases if a name or the A-number did."""
    if PERSON_FIELDS.intersection(changed):
        for case in person.cases:
            recheck(case)


def hidden_fields(case_ids) -> frozenset[tuple[str, int, str]]:
    """(record, id, field) of every public text of these cases that the public page must leave out."""
    ids = list(case_ids)
    if not ids:
        return frozenset()
    rows = db.session.execute(select(UnfitText.record, UnfitText.record_id, UnfitText.field).where(UnfitText.case_id.in_(ids)))
    return frozenset(tuple(row) for row in rows)


@dataclass(frozen=True)
class UnfitEntry:
    """A hidden text, as the campaign lead sees it listed to fix."""

    where: str
    field: str
    problem: str
    fix_url: str


def unfit_entries(case: Case) -> list[UnfitEntry]:
    """The texts of the case hidden from the public, each with what to remove and where to fix it."""
    rows = db.session.scalars(select(UnfitText).where(UnfitText.case_id == case.id).order_by(UnfitText.id)).all()
    entries = []
    for row in rows:
        label = str(PUBLIC_FIELDS[row.record][row.field])
        problems = []
        if "name" in row.reason:
            problems.append(_("part of the name beyond consent (remove “%(words)s”)", words=row.words or ""))
        if "a_number" in row.reason:
            problems.append(_("the A-number, which may not be shown"))
        if row.field == "slug":
            problems.append(_("the page is offline until it has a new web address and is published again"))
        where = str(RECORD_NAMES[row.record])
        if row.record == "action":
            action = db.session.get(Action, row.record_id)
            where = _("Action “%(title)s”", title=action.title) if action else where
            fix_url = url_for("actions.edit", action_id=row.record_id)
        elif row.record == "event":
            fix_url = url_for("timeline.edit_event", event_id=row.record_id)
        elif row.record == "petition":
            fix_url = url_for("campaigns.petition", case_id=case.id)
        else:
            fix_url = url_for("campaigns.settings", case_id=case.id)
        entries.append(UnfitEntry(where, label, "; ".join(problems), fix_url))
    return entries

