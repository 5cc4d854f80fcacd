"""/boards/, /boards/<id>/ (the board as a web page) and /screens/<id>/ (for a hallway TV)."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

from ...boards.definitions import Screen
from ..boardviews import BoardView, Slide, board_view
from ..views import Views
from .spec import PageContext, PageKind, PageSpec


@dataclass(frozen=True)
class BoardsContext(PageContext):
    boards: list[BoardView]


@dataclass(frozen=True)
class BoardContext(PageContext):
    board: BoardView


@dataclass(frozen=True)
class ScreenContext(PageContext):
    board: BoardView
    slides: list[Slide]
    screen: Screen


def board_pages(views: Views) -> Iterator[PageSpec]:
    boards = [board_view(views, board, views.months) for board in views.boards.values()]
    if not boards:
        return
    yield PageSpec("boards/index.md", PageKind.BOARDS, "荣誉榜", BoardsContext(boards), in_nav=True)
    for board in boards:
        yield PageSpec(
            board.src_uri,
            PageKind.BOARD,
            board.title,
            BoardContext(board),
            description=board.title,
        )
        yield PageSpec(
            board.screen_uri,
            PageKind.SCREEN,
            board.title,
            ScreenContext(board, list(board.slides()), board.screen),
            description=f"{board.title}（大厅屏幕）",
            template="screen.html",
            search_exclude=True,
        )
