"""A letter in several files ("a photo of each page"): chosen together in one input,
each checked as a single upload is, kept in the order chosen; the team puts them
in order or removes one; a refused file keeps nothing out of order."""
import io
import re

import pytest
from PIL import Image

from tests import factories
from tracker.extensions import db
from tracker.files.models import StoredFile
from tracker.letters.models import Letter, LetterPage, LetterStatus
from tracker.security.audit import AuditEntry

WRITER = {"author_name": "Rev. Ana Example", "relation": "clergy", "relationship_detail": "her pastor",
          "known_for": "11 years", "organization": "St. Example Parish", "author_contact": "", "language": "English",
          "body": "", "translation_text": "", "translator_name": "", "translator_address": "", "translator_statement": "",
          "website": ""}
COLOURS = ["red", "green", "blue", "yellow", "purple", "orange", "white", "black", "gray", "pink"]


def photo(number: int) -> bytes:
    """A small photo of page `number`: its own size and colour, so its place can be told apart."""
    buffer = io.BytesIO()
    Image.new("RGB", (40 + number, 30), COLOURS[number % len(COLOURS)]).save(buffer, "PNG")
    return buffer.getvalue()


def pages(count: int, start: int = 1) -> list[tuple[io.BytesIO, str]]:
    return [(io.BytesIO(photo(number)), f"page{number}.png") for number in range(start, start + count)]


def names(letter: Letter) -> list[str]:
    return [page.file.original_name for page in letter.pages]


def nonce(page: str) -> str:
    return re.search(r'name="form_nonce" type="hidden" value="([^"]+)"', page).group(1)


@pytest.fixture
def case(app, users):
    case = factories.consenting_case(team=[users["campaign"], users["legal"]], name="Files Example")
    factories.make_campaign(case, slug="files-case")
    return case


PUBLIC = "/c/files-case/letter"


def _staff_new(case) -> str:
    return f"/cases/{case.id}/letters/new"


@pytest.fixture(params=["public", "staff"])
def form(request, client, login_as, case):
    """(a client, the address of the letter form) for the public page and for the team."""
    if request.param == "public":
        return client, PUBLIC
    return login_as("campaign"), _staff_new(case)


@pytest.mark.parametrize("count", [1, 3])
def test_several_files_in_one_input_make_one_letter_in_the_order_chosen(form, count):
    client, url = form
    response = client.submit(url, {**WRITER, "letter_files": pages(count)}, content_type="multipart/form-data")
    assert response.status_code == 302
    letter = Letter.query.one()
    assert names(letter) == [f"page{number}.png" for number in range(1, count + 1)]
    assert [page.position for page in letter.pages] == list(range(count))
    assert [page.file.width for page in letter.pages] == [40 + number for number in range(1, count + 1)]
    assert all(page.file.claimed for page in letter.pages)
    assert StoredFile.query.count() == count


def test_the_input_takes_several_files_and_says_how_many(client, case):
    page = client.text(PUBLIC)
    field = re.search(r'<input[^>]*id="letter_files"[^>]*>', page).group(0)
    assert "multiple" in field and 'type="file"' in field and "image/png" in field
    assert "up to 20" in page


def test_twenty_one_files_are_refused_with_the_limit_and_nothing_is_kept(form):
    client, url = form
    response = client.submit(url, {**WRITER, "body": "My letter, typed too.", "letter_files": pages(21)},
                              content_type="multipart/form-data")
    page = response.get_data(as_text=True)
    assert response.status_code == 200
    assert "You chose 21 files; at most 20 can be sent." in page
    assert "My letter, typed too." in page and 'value="Rev. Ana Example"' in page
    assert Letter.query.count() == 0 and StoredFile.query.count() == 0


def test_twenty_files_are_accepted(client, case):
    response = client.submit(PUBLIC, {**WRITER, "letter_files": pages(20)}, content_type="multipart/form-data")
    assert response.status_code == 302
    assert names(Letter.query.one()) == [f"page{number}.png" for number in range(1, 21)]


def test_a_bad_file_in_the_middle_is_named_and_nothing_is_stored(form):
    client, url = form
    chosen = [*pages(1), (io.BytesIO(b"MZ\x90\x00 not a picture at all"), "page2\u202egnp.exe.png"), *pages(1, start=3)]
    response = client.submit(url, {**WRITER, "body": "Dear judge, she is family to us.", "letter_files": chosen},
                             content_type="multipart/form-data")
    page = response.get_data(as_text=True)
    assert response.status_code == 200
    error = re.search(r'id="letter_files-error">(.*?)</p>', page, flags=re.S).group(1)
    # The refused file is named (its name cleaned of the hidden right-to-left mark), with the reason.
    assert "page2gnp.exe.png: Only PDF, JPEG or PNG files are accepted" in error and "\u202e" not in page
    assert "2 other files you chose were not kept either" in error
    assert "Dear judge, she is family to us." in page and 'value="Rev. Ana Example"' in page
    assert 'aria-invalid="true"' in re.search(r'<input[^>]*id="letter_files"[^>]*>', page).group(0)
    assert "letter_files__kept" not in page
    assert Letter.query.count() == 0 and StoredFile.query.count() == 0


def test_files_kept_while_the_form_is_corrected_stay_first_and_new_ones_follow(client, case):
    first = client.submit(PUBLIC, {**WRITER, "known_for": "", "letter_files": pages(2)},
                          content_type="multipart/form-data").get_data(as_text=True)
    assert "Say how long you have known them" in first
    tokens = re.findall(r'name="letter_files__kept" value="([^"]+)"', first)
    assert len(tokens) == 2 and first.index("page1.png") < first.index("page2.png")
    response = client.submit(PUBLIC, {**WRITER, "letter_files__kept": tokens, "letter_files": pages(1, start=3)},
                             content_type="multipart/form-data")
    assert response.status_code == 302
    assert names(Letter.query.one()) == ["page1.png", "page2.png", "page3.png"]


def test_the_kept_files_can_be_dropped_to_start_again(client, case):
    first = client.submit(PUBLIC, {**WRITER, "known_for": "", "letter_files": pages(2)},
                          content_type="multipart/form-data").get_data(as_text=True)
    tokens = re.findall(r'name="letter_files__kept" value="([^"]+)"', first)
    client.submit(PUBLIC, {**WRITER, "letter_files__kept": tokens, "letter_files__forget": "1",
                           "letter_files": pages(1, start=5)}, content_type="multipart/form-data")
    assert names(Letter.query.one()) == ["page5.png"]


def test_kept_files_count_toward_the_limit(client, case):
    first = client.submit(PUBLIC, {**WRITER, "known_for": "", "letter_files": pages(15)},
                          content_type="multipart/form-data").get_data(as_text=True)
    tokens = re.findall(r'name="letter_files__kept" value="([^"]+)"', first)
    page = client.submit(PUBLIC, {**WRITER, "letter_files__kept": tokens, "letter_files": pages(6, start=16)},
                         content_type="multipart/form-data").get_data(as_text=True)
    assert "there is room for 5 more" in page
    assert Letter.query.count() == 0


def test_when_the_pixels_of_one_send_run_out_the_files_before_are_kept_in_order(client, case, app, monkeypatch):
    monkeypatch.setitem(app.config, "UPLOAD_REQUEST_MAX_PIXELS", 3 * 45 * 30)
    page = client.submit(PUBLIC, {**WRITER, "letter_files": pages(5)}, content_type="multipart/form-data").get_data(as_text=True)
    assert "The files before page4.png are kept" in page and "from page4.png on" in page
    tokens = re.findall(r'name="letter_files__kept" value="([^"]+)"', page)
    assert len(tokens) == 3 and Letter.query.count() == 0
    response = client.submit(PUBLIC, {**WRITER, "letter_files__kept": tokens, "letter_files": pages(2, start=4)},
                             content_type="multipart/form-data")
    assert response.status_code == 302
    assert names(Letter.query.one()) == [f"page{number}.png" for number in range(1, 6)]


def test_the_same_form_sent_twice_with_its_files_is_one_letter(form):
    client, url = form
    form_nonce = nonce(client.text(url))
    for _ in range(2):
        client.submit(url, {**WRITER, "form_nonce": form_nonce, "letter_files": pages(3)},
                      content_type="multipart/form-data")
    assert Letter.query.count() == 1 and LetterPage.query.count() == 3
    assert names(Letter.query.one()) == ["page1.png", "page2.png", "page3.png"]


def test_an_invited_writer_adds_pages_after_the_ones_sent(login_as, case, client):
    staff = login_as("campaign")
    answer = staff.submit(f"/cases/{case.id}/letters/invitations", {"author_name": "Rev. Ana Example", "relation": "clergy",
                                                                    "days": "30"}).get_data(as_text=True)
    link = re.search(r'value="http[^"]+(/letters/invite/[^"]+)"', answer).group(1)
    client.submit(link, {**WRITER, "letter_files": pages(2)}, content_type="multipart/form-data")
    page = client.text(link)
    assert "Already uploaded: 2 files." in page
    client.submit(link, {**WRITER, "letter_files": pages(1, start=3)}, content_type="multipart/form-data")
    assert names(Letter.query.one()) == ["page1.png", "page2.png", "page3.png"]


# --- The team puts the files in order ------------------------------------------------------------


@pytest.fixture
def letter(case):
    files = [factories.stored_file(photo(number), f"page{number}.png") for number in (1, 2, 3)]
    return factories.make_letter(case, body=None, status=LetterStatus.RECEIVED, letter_files=files)


def _page(letter_id: int, name: str) -> LetterPage:
    db.session.expire_all()
    return next(page for page in db.session.get(Letter, letter_id).pages if page.file.original_name == name)


def test_the_review_page_lists_the_files_in_order_with_clean_names(login_as, letter):
    _page(letter.id, "page2.png").file.original_name = "page\u202e2.png"
    db.session.commit()
    page = login_as("campaign").text(f"/letters/{letter.id}")
    listed = re.search(r'<ol class="file-list letter-pages">(.*?)</ol>', page, flags=re.S).group(1)
    assert re.findall(r">(page\d\.png)</a>", listed) == ["page1.png", "page2.png", "page3.png"]
    assert "\u202e" not in page


def test_staff_move_a_file_up_and_down_and_each_move_is_audited(login_as, letter):
    staff = login_as("campaign")
    edit = staff.text(f"/letters/{letter.id}/edit")
    assert 'id="letter-pages"' in edit and "Move up" in edit and "Move down" in edit
    third = _page(letter.id, "page3.png")
    response = staff.submit(f"/letters/{letter.id}/pages/{third.id}/up")
    assert response.status_code == 302 and response.location.endswith(f"/letters/{letter.id}/edit#letter-pages")
    assert names(db.session.get(Letter, letter.id)) == ["page1.png", "page3.png", "page2.png"]
    first = _page(letter.id, "page1.png")
    staff.submit(f"/letters/{letter.id}/pages/{first.id}/down")
    assert names(db.session.get(Letter, letter.id)) == ["page3.png", "page1.png", "page2.png"]
    assert [page.position for page in db.session.get(Letter, letter.id).pages] == [0, 1, 2]
    # Already first: nothing moves.
    staff.submit(f"/letters/{letter.id}/pages/{_page(letter.id, 'page3.png').id}/up")
    assert names(db.session.get(Letter, letter.id)) == ["page3.png", "page1.png", "page2.png"]
    moves = AuditEntry.query.filter_by(action="letters.page_moved").all()
    assert [move.detail for move in moves] == ["file 3 is now file 2 of 3", "file 1 is now file 2 of 3"]


def test_staff_remove_a_file_and_the_upload_is_deleted(login_as, letter):
    staff = login_as("legal")
    second = _page(letter.id, "page2.png")
    stored_id = second.stored_file_id
    response = staff.submit(f"/letters/{letter.id}/pages/{second.id}/remove")
    assert response.status_code == 302
    current = db.session.get(Letter, letter.id)
    assert names(current) == ["page1.png", "page3.png"] and [page.position for page in current.pages] == [0, 1]
    assert db.session.get(StoredFile, stored_id) is None
    assert AuditEntry.query.filter_by(action="letters.page_removed").count() == 1


def test_only_the_case_team_orders_files_and_never_on_an_approved_letter(login_as, letter):
    page = _page(letter.id, "page1.png")
    url = f"/letters/{letter.id}/pages/{page.id}/down"
    assert login_as("outsider").submit(url).status_code == 404
    assert login_as("congregation").submit(url).status_code == 403
    letter.status = LetterStatus.APPROVED
    db.session.commit()
    login_as("campaign").submit(url)
    assert names(db.session.get(Letter, letter.id)) == ["page1.png", "page2.png", "page3.png"]
    assert AuditEntry.query.filter_by(action="letters.page_moved").count() == 0


def test_a_page_of_another_letter_is_not_found(login_as, case, letter):
    other = factories.make_letter(case, author="Other Writer", body=None,
                                  letter_files=[factories.stored_file(photo(7), "other.png")])
    foreign = other.pages[0].id
    staff = login_as("campaign")
    assert staff.submit(f"/letters/{letter.id}/pages/{foreign}/remove").status_code == 404
    assert staff.get(f"/letters/{letter.id}/pages/{foreign}").status_code == 404
    assert LetterPage.query.count() == 4


def test_a_file_of_the_letter_opens_for_the_team_and_the_read_is_audited(login_as, letter):
    page = _page(letter.id, "page2.png")
    response = login_as("campaign").get(f"/letters/{letter.id}/pages/{page.id}")
    assert response.status_code == 200 and response.mimetype == "image/png"
    assert Image.open(io.BytesIO(response.data)).size == (42, 30)
    assert AuditEntry.query.filter_by(action="letters.file_read").one().detail == "letter file 2"


def test_the_letters_list_costs_the_same_queries_for_few_or_many_files(login_as, case, count_queries):
    staff = login_as("campaign")
    url = f"/cases/{case.id}/letters"

    def add_letters(count: int, files_each: int):
        for number in range(count):
            files = [factories.stored_file(photo(page), f"page{page}.png") for page in range(files_each)]
            factories.make_letter(case, author=f"Writer {number}", body=None, letter_files=files)

    add_letters(1, 1)
    staff.get(url)  # the first request of a client warms its session up
    with count_queries() as few:
        assert staff.get(url).status_code == 200
    add_letters(6, 3)
    with count_queries() as many:
        assert staff.get(url).status_code == 200
    assert many.count == few.count, "\n".join(s[:160].replace("\n", " ") for s in many.statements)


def test_staff_add_files_after_the_letter_s_own_and_the_limit_counts_them(login_as, letter):
    staff = login_as("legal")
    edit = f"/letters/{letter.id}/edit"
    page = staff.submit(edit, {**WRITER, "letter_files": pages(18, start=4)},
                        content_type="multipart/form-data").get_data(as_text=True)
    assert "there is room for 17 more" in page and "3 are already there" in page
    assert LetterPage.query.count() == 3
    response = staff.submit(edit, {**WRITER, "letter_files": pages(2, start=4)}, content_type="multipart/form-data")
    assert response.status_code == 302
    assert names(db.session.get(Letter, letter.id)) == [f"page{number}.png" for number in range(1, 6)]
    assert "2 letter file(s) added" in AuditEntry.query.filter_by(action="letters.submit").one().detail
