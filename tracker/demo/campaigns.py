"""Fictional demo campaigns: pages and petitions with a few hundred invented
signatures (see tracker/demo/__init__.py).

Every name and email here is invented; emails use example.org.
"""
from __future__ import annotations

import random
from datetime import timedelta

from tracker.campaigns.models import Campaign, Petition, Signature, SignatureSource
from tracker.campaigns.services import email_index, public_name
from tracker.cases.models import Case, ConsentLevel
from tracker.extensions import db
from tracker.types import utcnow

FIRST = [
    "Ana", "Luis", "Grace", "Tomás", "Mei", "Daniel", "Amina", "Jorge", "Hannah", "Kofi", "Lucía", "Peter",
    "Sofía", "Ibrahim", "Emily", "Rafael", "Nadia", "Samuel", "Carmen", "Yusuf", "Julia", "Marco", "Esther",
    "Andrés", "Priya", "Miguel", "Ruth", "Chinedu", "Isabel", "Omar", "Teresa", "Kenji", "Beatriz", "Josué",
]
LAST = [
    "Alvarado", "Brennan", "Castañeda", "Delacroix", "Ekwueme", "Fischer", "Gutiérrez", "Halvorsen", "Ibarra",
    "Jankowski", "Kowalczyk", "Lindgren", "Maldonado", "Nakamura", "Okonjo", "Pereira", "Quiroga", "Rosales",
    "Sandoval", "Thorsen", "Underwood", "Valdivia", "Whitcombe", "Xiong", "Yilmaz", "Zamora",
]
PLACES = ["Chicago", "Evanston", "Cicero", "Oak Park", "Berwyn", "Skokie", "60608", "60623", "60640", "60647"]
COMMENTS = [
    "Families belong together.",
    "She is my neighbour and a friend to everyone on our block.",
    "Our parish stands with this family.",
    "Please use your discretion and let him stay.",
    "",
    "",
    "",
]

# Case index (in tracker/demo/cases.py) -> (address, story, signatures).
CAMPAIGNS = {
    0: ("keep-rosa-home", (
        "Rosa came to Chicago sixteen years ago and has raised her two children here. She volunteers at "
        "St. Brigid's food pantry every Saturday and is known on her block as the person who checks on "
        "elderly neighbours. Her children, 9 and 13, were born here. She has a hearing in immigration court "
        "soon, and her family and parish are asking for your support."
    ), 340),
    2: ("stand-with-lucia", (
        "Lucía's four-year-old daughter is a US citizen with a heart condition, and Lucía is her only "
        "caregiver through her treatments at the children's hospital. Lucía never received the notice "
        "for her hearing: it was sent to an old address. We ask ICE to grant her a stay of removal."
    ), 210),
    3: ("justice-for-wei", (
        "Wei runs a small restaurant that employs six people in Chinatown and is a member of a "
        "house church. His appeal is before the Board of Immigration Appeals."
    ), 120),
    6: ("free-kwame", (
        "Kwame coaches the youth soccer team at the neighbourhood park. He was detained at a routine "
        "check-in, far from his fiancée and the kids he coaches. Call the field office and ask for his release."
    ), 460),
}


# The campaigns written in Spanish too (the others show their English texts to a Spanish visitor).
SPANISH_STORIES = {
    0: (
        "Rosa llegó a Chicago hace dieciséis años y aquí ha criado a sus dos hijos. Cada sábado es voluntaria "
        "en la despensa de alimentos de St. Brigid's, y en su cuadra la conocen como la persona que cuida a los "
        "vecinos mayores. Sus hijos, de 9 y 13 años, nacieron aquí. Pronto tiene una audiencia en la corte de "
        "inmigración, y su familia y su parroquia piden tu apoyo."
    ),
    2: (
        "La hija de Lucía tiene cuatro años, es ciudadana estadounidense y tiene una enfermedad del corazón; "
        "Lucía es la única persona que la cuida durante sus tratamientos en el hospital infantil. Lucía nunca "
        "recibió la notificación de su audiencia: la enviaron a una dirección antigua. Pedimos a ICE que le "
        "conceda la suspensión de la deportación."
    ),
}


def _signatures(petition: Petition, count: int, rng: random.Random, weeks: int) -> None:
    now = utcnow()
    seen = set()
    for number in range(count):
        first, last = rng.choice(FIRST), rng.choice(LAST)
        email = f"{first.lower()}.{last.lower()}.{number}@example.org".encode("ascii", "ignore").decode()
        if email in seen:
            continue
        seen.add(email)
        paper = number % 9 == 0
        db.session.add(
            Signature(
                petition_id=petition.id,
                name=f"{first} {last}",
                email=None if paper else email,
                email_index=None if paper else email_index(email),
                city=rng.choice(PLACES),
                comment=rng.choice(COMMENTS) or None,
                contact_ok=rng.random() < 0.4,
                source=SignatureSource.PAPER if paper else SignatureSource.ONLINE,
                # More signatures as the campaign grows: later days are busier.
                signed_at=now - timedelta(days=weeks * 7 * (1 - rng.random() ** 0.6), minutes=rng.randint(0, 1440)),
            )
        )


def _campaign(case: Case, rng: random.Random, slug: str, story: str | None, signatures: int, *, published: bool) -> Campaign:
    name = public_name(case) or "our neighbour"
    campaign = Campaign(
        case_id=case.id,
        slug=slug,
        published=published,
        headline=f"Keep {name.split()[0]} home",
        story=story,
        ask=f"We ask the ICE Field Office Director to let {name} stay with their family and community.",
        target="ICE Field Office Director, Chicago",
        show_a_number=case.consent_level is ConsentLevel.FULL_NAME,
    )
    db.session.add(campaign)
    db.session.flush()
    petition = Petition(
        campaign=campaign,
        title=f"Let {name.split()[0]} stay",
        target="ICE Field Office Director, Chicago",
        ask=(
            f"We, neighbours, parishioners and friends of {name}, ask you to use your discretion to "
            f"let {name} remain with their family and community."
        ),
        goal=500 if signatures < 400 else 1000,
        is_open=True,
    )
    db.session.add(petition)
    db.session.flush()
    _signatures(petition, signatures, rng, weeks=6)
    return campaign


def _in_spanish(campaign: Campaign, case: Case, story: str) -> None:
    name = public_name(case) or "nuestra vecina"
    first = name.split()[0]
    campaign.headline_es = f"Que {first} se quede en casa"
    campaign.story_es = story
    campaign.ask_es = (f"Pedimos a la Dirección de la Oficina Local de ICE que permita a {name} quedarse con su "
                       "familia y su comunidad.")
    campaign.petition.title_es = f"Que {first} se quede"
    campaign.petition.ask_es = (
        f"Somos vecinos, feligreses y amistades de {name}. Le pedimos que use su discreción para que {name} "
        "pueda seguir con su familia y su comunidad."
    )


def load_demo_campaigns(cases: list[Case]) -> None:
    """Campaign pages for the consenting cases."""
    rng = random.Random(2026)
    for index, case in enumerate(cases):
        if case.consent_level is ConsentLevel.NONE:
            continue
        # A consenting case without a prepared story gets an unpublished draft.
        slug, story, signatures = CAMPAIGNS.get(index, (f"campaign-{case.id}", None, 40))
        campaign = _campaign(case, rng, slug, story, signatures, published=index in CAMPAIGNS)
        if index in SPANISH_STORIES:
            _in_spanish(campaign, case, SPANISH_STORIES[index])
