"""The content-addressed cache under `.cache/<name>/` (generator/sources/store.py): what is put
is read back by the next run, a new version or a damaged file starts empty (never an error),
entries unused by KEEP_RUNS runs go, keys cannot collide, and `honours cache` sees and clears it."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from generator.sources.store import ENTRIES, KEEP_RUNS, MANIFEST, Store, clear, digest, usage

# JSON values as a store keeps them (no NaN: JSON has none).
VALUES = st.recursive(
    st.none()
    | st.booleans()
    | st.integers(-(2**53), 2**53)
    | st.floats(allow_nan=False, allow_infinity=False)
    | st.text(),
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(), inner, max_size=4),
    max_leaves=12,
).filter(lambda value: value is not None)  # None is what `get` says of a miss


def run(folder: Path, version: str = "1", used: tuple[str, ...] = ()) -> Store:
    """One run: open the store, ask for `used`, save."""
    store = Store(folder, version)
    for key in used:
        store.get(key)
    store.save()
    return store


@settings(max_examples=60, deadline=None)
@given(st.dictionaries(st.text(min_size=1, max_size=20), VALUES, max_size=8))
def test_what_is_put_is_read_back_by_the_next_run(
    tmp_path_factory: pytest.TempPathFactory, entries: dict[str, object]
) -> None:
    folder = tmp_path_factory.mktemp("store") / "bodies"
    store = Store(folder, "1")
    for key, value in entries.items():
        store.put(key, value)
    store.save()
    again = Store(folder, "1")
    assert {key: again.get(key) for key in entries} == entries
    assert again.run == 2
    assert again.get("never put") is None


def test_a_new_version_starts_empty(tmp_path: Path) -> None:
    store = Store(tmp_path / "bodies", "1")
    store.put("k", [1, 2])
    store.save()
    assert Store(tmp_path / "bodies", "1").get("k") == [1, 2]
    newer = Store(tmp_path / "bodies", "2")
    assert newer.get("k") is None and newer.run == 1
    newer.save()  # and the old entries are gone from the files, not only hidden
    assert json.loads((tmp_path / "bodies" / ENTRIES).read_text("utf-8")) == {}
    assert Store(tmp_path / "bodies", "1").get("k") is None


DAMAGED: dict[str, tuple[str, str | bytes]] = {
    "entries not JSON": (ENTRIES, "{not json"),
    "entries a list": (ENTRIES, "[1, 2]"),
    "manifest truncated": (MANIFEST, '{"version": "1", "ru'),
    "manifest not a mapping": (MANIFEST, '"1"'),
    "runs not a number": (MANIFEST, '{"version": "1", "runs": "x", "used": {"k": 1}}'),
    "runs a boolean": (MANIFEST, '{"version": "1", "runs": true, "used": {"k": 1}}'),
    "used not a mapping": (MANIFEST, '{"version": "1", "runs": 1, "used": ["k"]}'),
    "not UTF-8": (ENTRIES, b"\xff\xfe{"),
}


def test_damaged_files_are_an_empty_cache_never_an_error(tmp_path: Path) -> None:
    for name, (file, text) in DAMAGED.items():
        folder = tmp_path / name.replace(" ", "-")
        store = Store(folder, "1")
        store.put("k", "value")
        store.save()
        if isinstance(text, bytes):
            (folder / file).write_bytes(text)
        else:
            (folder / file).write_text(text, "utf-8")
        damaged = Store(folder, "1")
        assert damaged.get("k") is None, name
        damaged.put("k", "again")
        damaged.save()  # and it mends itself
        assert Store(folder, "1").get("k") == "again", name


def test_a_run_counted_ahead_of_the_manifest_is_still_pruned(tmp_path: Path) -> None:
    folder = tmp_path / "bodies"
    store = Store(folder, "1")
    store.put("k", 1)
    store.save()
    manifest = json.loads((folder / MANIFEST).read_text("utf-8"))
    manifest["used"]["k"] = 10**9  # written by hand, or by a broken run
    (folder / MANIFEST).write_text(json.dumps(manifest), "utf-8")
    for _ in range(KEEP_RUNS):
        run(folder)
    assert Store(folder, "1").get("k") is None


def test_entries_unused_by_the_last_runs_are_pruned(tmp_path: Path) -> None:
    folder = tmp_path / "bodies"
    store = Store(folder, "1")
    store.put("old", "o")
    store.put("kept", "k")
    store.save()  # run 1 used both
    for number in range(2, KEEP_RUNS + 1):  # runs 2…5 use only "kept"
        run(folder, used=("kept",))
        assert "old" in json.loads((folder / ENTRIES).read_text("utf-8")), number
    run(folder, used=("kept",))  # run 6: "old" unused by runs 2…6, KEEP_RUNS in a row
    entries = json.loads((folder / ENTRIES).read_text("utf-8"))
    assert entries == {"kept": "k"}
    manifest = json.loads((folder / MANIFEST).read_text("utf-8"))
    assert manifest["runs"] == KEEP_RUNS + 1 and set(manifest["used"]) == {"kept"}


def test_an_entry_used_once_in_a_while_stays(tmp_path: Path) -> None:
    folder = tmp_path / "bodies"
    store = Store(folder, "1")
    store.put("k", 1)
    store.save()
    for number in range(3 * KEEP_RUNS):
        run(folder, used=("k",) if number % (KEEP_RUNS - 1) == 0 else ())
    assert Store(folder, "1").get("k") == 1


@settings(max_examples=300, deadline=None)
@given(
    st.lists(st.text(max_size=6) | st.binary(max_size=6), max_size=4),
    st.lists(st.text(max_size=6) | st.binary(max_size=6), max_size=4),
)
def test_keys_of_different_parts_differ(
    first: list[str | bytes], second: list[str | bytes]
) -> None:
    as_bytes = [
        [p.encode() if isinstance(p, str) else p for p in parts] for parts in (first, second)
    ]
    if as_bytes[0] != as_bytes[1]:
        assert digest(*first) != digest(*second)
    else:
        assert digest(*first) == digest(*second)


def test_keys_are_length_prefixed() -> None:
    assert digest("ab", "c") != digest("a", "bc")
    assert digest("a", "") != digest("a")
    assert digest("1:a") != digest("a")
    assert digest("王") == digest("王".encode())


def test_usage_and_clear(tmp_path: Path) -> None:
    cache = tmp_path / ".cache"
    store = Store(cache / "bodies", "1")
    store.put("k", "x" * 1000)
    store.save()
    (cache / "portraits").mkdir()
    (cache / "portraits" / "a-240.jpg").write_bytes(b"\0" * 2048)
    (cache / "build-site.lock").write_bytes(b"")  # a file, not a folder: not listed
    outside = tmp_path / "elsewhere"
    outside.mkdir()
    (outside / "keep.txt").write_text("mine", "utf-8")
    (cache / "portraits" / "link").symlink_to(outside)  # a link is deleted, never followed

    found = {u.name: (u.files, u.size) for u in usage(cache)}
    assert set(found) == {"bodies", "portraits"}
    assert found["bodies"][0] == 2 and found["bodies"][1] > 1000
    assert found["portraits"] == (1, 2048)

    assert clear(cache) == []
    assert not cache.exists()
    assert (outside / "keep.txt").read_text("utf-8") == "mine"
    assert list(usage(cache)) == []


def test_clear_through_a_link_empties_what_it_points_to(tmp_path: Path) -> None:
    real = tmp_path / "real-cache"
    run(real / "bodies")
    (tmp_path / ".cache").symlink_to(real)
    assert clear(tmp_path / ".cache") == []
    assert (tmp_path / ".cache").is_symlink() and real.is_dir() and list(real.iterdir()) == []
