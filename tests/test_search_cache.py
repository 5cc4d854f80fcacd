"""Each page's search entry kept between builds: the same page gives the same entry without
reading its HTML again; a changed page, title or name gives a new one."""

from __future__ import annotations

from pathlib import Path

import pytest

from generator.site import search
from generator.site.search import EntryCache, page_entry

HTML = "<article><h1>王晓明</h1><p>综合受理岗，<b>首问负责</b>。</p><table><tr><td>1号</td></tr></table></article>"


def test_a_kept_entry_is_the_entry_and_is_not_made_again(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    made = EntryCache(tmp_path / "search")
    first = made.entry("people/wang/", "王晓明", HTML, None)
    assert first == page_entry("people/wang/", "王晓明", HTML, None)
    made.save()

    calls: list[str] = []
    real = search.page_entry

    def counted(*args: object) -> object:
        calls.append(str(args[0]))
        return real(*args)  # type: ignore[arg-type]

    monkeypatch.setattr(search, "page_entry", counted)
    kept = EntryCache(tmp_path / "search")
    assert kept.entry("people/wang/", "王晓明", HTML, None) == first
    assert calls == []  # read from the cache
    changed = kept.entry("people/wang/", "王晓明", HTML.replace("首问", "限时"), None)
    assert "限时负责" in changed.text and calls == ["people/wang/"]
    assert kept.entry("people/wang/", "王小明", HTML, None).title == "王小明"
    assert calls == ["people/wang/", "people/wang/"]


def test_a_damaged_cache_is_made_again(tmp_path: Path) -> None:
    folder = tmp_path / "search"
    cache = EntryCache(folder)
    expected = cache.entry("a/", "标题", HTML, None)
    cache.save()
    for path in folder.iterdir():
        path.write_text("{not json", encoding="utf-8")
    assert EntryCache(folder).entry("a/", "标题", HTML, None) == expected
