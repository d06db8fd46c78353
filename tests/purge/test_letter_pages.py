"""A purge takes a letter's files (every page, in whatever order) and no one else's,
and deletes as many as its confirmation page said it would."""
from __future__ import annotations

from tests import factories
from tracker.extensions import db
from tracker.files.models import StoredFile
from tracker.letters.models import LetterPage
from tracker.purge import services
from tracker.purge.services import PurgeReason


def _letter_with_pages(case, count: int, text: str):
    files = [factories.stored_file(factories.pdf_bytes(text=f"{text} {number}"), f"page{number}.pdf")
             for number in range(1, count + 1)]
    return factories.make_letter(case, body=None, letter_files=files), [stored.id for stored in files]


def test_a_purge_deletes_every_file_of_the_case_s_letters_and_says_how_many_beforehand(app, users):
    purged_case = factories.consenting_case(name="Pagina Purgada")
    kept_case = factories.consenting_case(name="Pagina Guardada")
    _, purged_files = _letter_with_pages(purged_case, 3, "Purged page")
    kept_letter, kept_files = _letter_with_pages(kept_case, 2, "Kept page")
    scope = services.scope_for_case(purged_case)
    preview = services.preview(scope)
    assert preview["letter_pages"] == 3 and preview["stored_files"] == 3

    result = services.purge(scope, users["admin"], PurgeReason.REQUEST, via="test")
    db.session.commit()
    assert result.counts["letter_pages"] == 3 and result.counts["stored_files"] == 3
    assert result.counts.get("unused_uploads", 0) == 0
    assert db.session.scalars(db.select(StoredFile.id).where(StoredFile.id.in_(purged_files))).all() == []
    assert [page.stored_file_id for page in LetterPage.query.order_by(LetterPage.position)] == kept_files
    assert sorted(db.session.scalars(db.select(StoredFile.id))) == sorted(kept_files)
    assert kept_letter.id in {page.letter_id for page in LetterPage.query}
