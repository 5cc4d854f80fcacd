"""The 星级党员 board on paper: an A3 poster per board and month it shows, every star member with
the heading of their branch or floor, portraits embedded, pages not blank, fonts embedded, the
same bytes twice, and an unknown board named in Chinese."""

from __future__ import annotations

from pathlib import Path

import pypdf
import pytest

from generator.boards.ratings import Month, latest, month_label
from generator.printing.boardposter import board_posters, floor_label, unit_line
from generator.site.boardviews import board_view
from generator.site.views import Views
from tests.conftest import print_job
from tests.pdfcheck import ink, pdf_text, render, unembedded_fonts

A3 = (841.89, 1190.55)  # points


@pytest.fixture(scope="module")
def posters(print_views: Views, tmp_path_factory: pytest.TempPathFactory) -> dict[str, list[Path]]:
    out = tmp_path_factory.mktemp("boards")
    job = print_job(print_views, out)
    printed = {board: board_posters(job, board) for board in print_views.boards}
    assert job.problems.items == []
    return printed


def month_of(views: Views, month: str | None) -> Month | None:
    return latest(views.months) if month == "latest" else views.months.get(month or "")


def expected_stars(views: Views, board_id: str) -> dict[str, list[tuple[str, str]]]:
    """Independently of the module: file name → (member's name, branch or floor heading) of every
    star member each month the board shows."""
    board = views.boards[board_id]
    found: dict[str, list[tuple[str, str]]] = {}
    for section in board.sections:
        if section.month is None:
            continue
        month = month_of(views, section.month)
        assert month is not None
        members = found.setdefault(f"{board.title}-{month_label(month.month)}.pdf", [])
        if section.branch is not None:
            heading = views.unit(section.branch).name  # type: ignore[union-attr]
            ratings = month.by_branch(views.content)[section.branch]
            members += [(views.person(r.person).name, heading) for r in ratings]
        elif section.floor is not None:
            ratings = month.by_floor(views.content).get(section.floor, [])
            heading = floor_label(section.floor)
            members += [(views.person(r.person).name, heading) for r in ratings]
        else:
            for branch, ratings in month.by_branch(views.content).items():
                heading = views.unit(branch).name  # type: ignore[union-attr]
                members += [(views.person(r.person).name, heading) for r in ratings]
    return found


def test_the_demo_has_a_star_board_and_one_without_stars(print_views: Views) -> None:
    kinds = {
        board_id: any(s.month is not None for s in board.sections)
        for board_id, board in print_views.boards.items()
    }
    assert True in kinds.values() and False in kinds.values()


def test_a_poster_per_month_the_board_shows(
    posters: dict[str, list[Path]], print_views: Views
) -> None:
    for board_id, paths in posters.items():
        names = sorted(p.name for p in paths)
        expected = sorted(expected_stars(print_views, board_id))
        if expected:
            assert names == expected
        else:  # no star section: one poster, of the build date's month
            title = print_views.boards[board_id].title
            assert names == [f"{title}-2026年11月.pdf"]
    stars = sorted(p.name for p in posters["stars"])
    assert stars == sorted(f"星级党员荣誉榜-2026年{m}月.pdf" for m in (8, 9, 10))


def test_every_star_member_is_on_the_poster_under_their_branch(
    posters: dict[str, list[Path]], print_views: Views
) -> None:
    for board_id, paths in posters.items():
        expected = expected_stars(print_views, board_id)
        for path in paths:
            text = pdf_text(path)
            members = expected.get(path.name, [])
            for name, heading in members:
                assert name in text, (path.name, name)
                assert heading in text, (path.name, heading)
                # the heading comes before the member
                assert text.index(heading) < text.rindex(name), (path.name, heading, name)
    ten = pdf_text(next(p for p in posters["stars"] if "2026年10月" in p.name))
    assert "★★★" in ten and "星党员" in ten  # the stars and the honour
    assert "2026年10月" in ten


def test_the_board_without_stars_shows_its_sections(
    posters: dict[str, list[Path]], print_views: Views
) -> None:
    view = board_view(print_views, print_views.boards["pioneers"], print_views.months)
    [path] = posters["pioneers"]
    text = pdf_text(path)
    for section in view.sections:
        assert section.title in text
        for entry in section.entries:
            assert entry.person.name in text


def test_the_party_board_shows_committee_posts_and_commitments(
    posters: dict[str, list[Path]], print_views: Views
) -> None:
    """The 党员公示栏 on paper: the branch's committee with each role, every member with their
    post and commitment, and the 承诺墙 with the status of each commitment."""
    view = board_view(print_views, print_views.boards["floor-1"], print_views.months)
    [path] = posters["floor-1"]
    text = "".join(pdf_text(path).split())
    sign, members, wall = view.sections
    assert sign.sign is not None
    for m in sign.sign.committee:
        assert m.role in text and m.person.name in text
    for person in (e.person for e in members.entries):
        assert person.name in text
        for post in person.posts:
            assert post.kind in text
        if person.commitment:
            assert "".join(f"承诺：{person.commitment.text}".split())[:12] in text
    statuses = {c.status for e in wall.entries for c in e.person.commitments}
    assert {"已兑现", "进行中", "未兑现"} <= statuses
    for status in statuses:
        assert f"【{status}】" in text


def test_a3_portrait_with_portraits_and_fonts_embedded(posters: dict[str, list[Path]]) -> None:
    for paths in posters.values():
        for path in paths:
            reader = pypdf.PdfReader(path)
            for page in reader.pages:
                size = (float(page.mediabox.width), float(page.mediabox.height))
                assert abs(size[0] - A3[0]) < 1 and abs(size[1] - A3[1]) < 1
            assert len(reader.pages[0].images) > 0
            assert unembedded_fonts(path) == []


def test_every_portrait_of_the_month_is_embedded(
    posters: dict[str, list[Path]], print_views: Views
) -> None:
    ten = next(p for p in posters["stars"] if "2026年10月" in p.name)
    members = expected_stars(print_views, "stars")[ten.name]
    images = sum(len(page.images) for page in pypdf.PdfReader(ten).pages)
    assert images >= len({name for name, _ in members})


def test_posters_are_not_blank(posters: dict[str, list[Path]], tmp_path: Path) -> None:
    for board, paths in posters.items():
        for path in paths:
            for page in render(path, tmp_path / board, dpi=20):
                # the coloured page, portraits and text: 80 to 90 % at 20 dpi
                assert 0.4 < ink(page) < 0.95, (path.name, ink(page))


def test_the_same_records_give_the_same_bytes(
    posters: dict[str, list[Path]], print_views: Views, tmp_path: Path
) -> None:
    again = board_posters(print_job(print_views, tmp_path), "stars")
    assert [p.read_bytes() for p in again] == [p.read_bytes() for p in posters["stars"]]


def test_an_unknown_board_names_the_known_ones(print_views: Views, tmp_path: Path) -> None:
    job = print_job(print_views, tmp_path)
    with pytest.raises(ValueError) as raised:
        board_posters(job, "no-such")
    message = str(raised.value)
    assert "没有编号为“no-such”的荣誉榜" in message
    for board_id, board in print_views.boards.items():
        assert board_id in message and board.title in message


def test_the_line_under_a_name_is_the_screens(print_views: Views) -> None:
    person = print_views.person("chen-jing")
    line = unit_line(person)
    assert line is not None
    if person.unit is not None:
        assert person.unit.name in line
    assert floor_label("2") == "2楼" and floor_label("负一层") == "负一层"
