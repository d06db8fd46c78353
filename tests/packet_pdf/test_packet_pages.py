"""Building, keeping and downloading packets through the web page and the command line."""
import hashlib
import re

from tests import factories
from tracker.extensions import db
from tracker.letters.models import Relation
from tracker.packets.models import Packet
from tracker.security.audit import AuditEntry


def _form(case, letters, **changes):
    form = {"recipient_kind": "ice", "recipient": "Field Office Director\nChicago", "cover_text": "Dear Director:\n\nPlease.",
            "include_petition": "", "include_signers": "", "include_id_copies": "y", "add_service": "", "service_text": ""}
    for position, letter in enumerate(letters, start=1):
        form[f"include_{letter.id}"] = "1"
        form[f"order_{letter.id}"] = str(position)
    form.update(changes)
    return form


def _case(users):
    case = factories.consenting_case(team=[users["campaign"], users["legal"]], name="Web Packet Example")
    factories.make_campaign(case, slug="web-packet")
    first = factories.make_letter(case, author="First Writer", relation=Relation.FAMILY)
    second = factories.make_letter(case, author="Second Writer", relation=Relation.CLERGY)
    return case, first, second


def test_rebuilding_keeps_every_version_downloadable_with_its_hash(login_as, users):
    case, first, second = _case(users)
    client = login_as("campaign")
    client.submit(f"/cases/{case.id}/packets", _form(case, [first, second]))
    client.submit(f"/cases/{case.id}/packets", _form(case, [first, second]))
    versions = Packet.query.order_by(Packet.version).all()
    assert [packet.version for packet in versions] == [1, 2]
    for packet in versions:
        data = client.get(f"/packets/{packet.id}/download").data
        assert data.startswith(b"%PDF") and hashlib.sha256(data).hexdigest() == packet.sha256
    assert AuditEntry.query.filter_by(action="packet.build").count() == 2
    assert AuditEntry.query.filter_by(action="packet.download").count() == 2


def test_only_the_case_team_builds_or_downloads(login_as, users, client):
    case, first, second = _case(users)
    login_as("legal").submit(f"/cases/{case.id}/packets", _form(case, [first]))
    packet = Packet.query.one()
    assert login_as("outsider").get(f"/packets/{packet.id}/download").status_code == 404
    assert login_as("outsider").submit(f"/cases/{case.id}/packets", _form(case, [first])).status_code == 404
    assert login_as("congregation").get(f"/packets/{packet.id}/download").status_code == 403
    assert client.get(f"/packets/{packet.id}/download").status_code == 302
    assert Packet.query.count() == 1


def test_positions_order_the_exhibits_and_unticked_letters_stay_out(login_as, users):
    case, first, second = _case(users)
    third = factories.make_letter(case, author="Third Writer")
    form = _form(case, [first, second, third])
    form[f"order_{first.id}"], form[f"order_{second.id}"] = "2", "1"
    del form[f"include_{third.id}"]
    login_as("campaign").submit(f"/cases/{case.id}/packets", form)
    exhibits = [(exhibit.label, exhibit.title.split(" — ")[0]) for exhibit in Packet.query.one().exhibits]
    assert exhibits == [("A", "Letter from Second Writer"), ("B", "Letter from First Writer")]


def test_bad_choices_are_explained_and_build_nothing(login_as, users):
    case, first, second = _case(users)
    client = login_as("campaign")
    bad_position = client.submit(f"/cases/{case.id}/packets", _form(case, [first, second], **{f"order_{first.id}": "x"}))
    assert bad_position.status_code == 400 and "position number" in bad_position.get_data(as_text=True)
    signers_alone = client.submit(f"/cases/{case.id}/packets", _form(case, [first], include_signers="y"))
    assert "goes with the petition summary" in signers_alone.get_data(as_text=True)
    nothing = client.submit(f"/cases/{case.id}/packets", {**_form(case, []), "cover_text": "Dear Director"})
    assert "Choose at least one letter" in nothing.get_data(as_text=True)
    assert Packet.query.count() == 0


def test_the_recipient_presets_come_from_the_case(login_as, users):
    case, first, _ = _case(users)
    case.judge, case.ice_field_office = "IJ Example Judge", "Example Field Office, 1 Main St"
    db.session.commit()
    page = login_as("campaign").text(f"/cases/{case.id}/packets")
    assert "The Honorable Example Judge" in page and "Example Field Office, 1 Main St" in page


def test_the_command_line_builds_the_same_packet_and_records_a_version(app, users, tmp_path):
    case, _, _ = _case(users)
    case.ice_field_office = "Example Field Office, 1 Main St"
    users["campaign"].title = "Campaign lead"
    db.session.commit()
    out = tmp_path / "packet.pdf"
    result = app.test_cli_runner().invoke(args=["packets", "build", str(case.id), "--out", str(out), "--as", users["campaign"].email])
    assert result.exit_code == 0, result.output
    packet = Packet.query.one()
    assert re.search(rf"Packet version 1 of case {case.id}: {packet.page_count} pages", result.output)
    assert hashlib.sha256(out.read_bytes()).hexdigest() == packet.sha256
    unknown = app.test_cli_runner().invoke(args=["packets", "build", "424242", "--out", str(out)])
    assert unknown.exit_code != 0 and "There is no case 424242" in unknown.output
