"""The KV state files' format, checks and size bound (app.engine.kv_persist), without a model."""

from __future__ import annotations

import io
import logging
import os
import time

import pytest

from app.engine import kv_persist
from app.engine.kv_persist import CorruptStateFile, StateStore
from app.settings import Settings, kv_state_dir

KEY = {"model": {"path": "/m.gguf", "size": 1, "mtime_ns": 2, "head_sha256": "ab"}, "n_ctx": 4096}


def packed(tokens: list[int], state: bytes, key=KEY) -> bytes:
    return kv_persist.pack_header(key, tokens, state) + kv_persist._token_bytes(tokens) + state


def read_back(data: bytes) -> tuple[dict, list[int], bytes]:
    f = io.BytesIO(data)
    header, tokens, offset = kv_persist.read_header(f)
    assert f.tell() == offset
    return header, tokens, bytes(kv_persist.read_state(f, header))


def test_a_file_reads_back_as_written():
    tokens, state = list(range(700)), os.urandom(5000)
    header, got_tokens, got_state = read_back(packed(tokens, state))
    assert got_tokens == tokens and got_state == state
    assert header["key"] == KEY and header["n_tokens"] == 700
    assert header["format"] == kv_persist.FORMAT_VERSION


# The magic, the version, the header, the tokens, the state (tokens: the last 7,800 bytes
# but 5,000).
@pytest.mark.parametrize("where", [0, 6, 50, -6000, -4000, -1])
def test_any_flipped_byte_is_caught(where):
    data = bytearray(packed(list(range(700)), os.urandom(5000)))
    data[where] ^= 0x01
    with pytest.raises(CorruptStateFile):
        read_back(bytes(data))


@pytest.mark.parametrize("cut", [0, 10, 60, -6000, -4000, -1])
def test_a_truncated_file_is_caught(cut):
    data = packed(list(range(700)), os.urandom(5000))
    with pytest.raises(CorruptStateFile):
        read_back(data[:cut])


def test_trailing_bytes_are_caught():
    with pytest.raises(CorruptStateFile):
        read_back(packed([1, 2, 3], b"abc") + b"x")


def test_eviction_removes_the_oldest_until_the_bound_holds(tmp_path):
    files = [(tmp_path / f"{i}", 100, float(t)) for i, t in enumerate([5, 1, 3, 2])]
    assert kv_persist.eviction_order(files, 400) == []
    assert kv_persist.eviction_order(files, 250) == [tmp_path / "1", tmp_path / "3"]
    assert kv_persist.eviction_order(files, 0) == [tmp_path / n for n in "1320"]


def test_common_prefix():
    assert kv_persist.common_prefix([1, 2, 3], [1, 2, 4, 5]) == 2
    assert kv_persist.common_prefix([], [1]) == 0


def store(folder, key=KEY, space="aaaa", max_bytes=1 << 20) -> StateStore:
    return StateStore(folder, key, space, max_bytes)


def test_the_longest_shared_prefix_wins_and_a_superseded_file_goes(tmp_path):
    s = store(tmp_path)
    rubric = list(range(600))
    s.save(rubric + [1, 2], b"s1")
    s.save(rubric + [7, 8, 9], b"s2")
    entry, n = s.best(rubric + [7, 8, 10])
    assert n == 602 and entry.tokens[-1] == 9
    assert s.load_state(entry) == b"s2"
    # A longer state of the same conversation replaces the shorter one.
    s.save(rubric + [7, 8, 9, 10, 11], b"s3")
    assert sorted(len(e.tokens) for e in s.entries()) == [602, 605]
    assert s.covered(rubric + [7, 8]) and not s.covered(rubric + [3])


def test_a_corrupt_file_is_removed_with_a_log_line(tmp_path, caplog):
    s = store(tmp_path)
    path = s.save(list(range(600)), b"state" * 100)
    data = bytearray(path.read_bytes())
    data[-3] ^= 0xFF  # in the state: found when it is loaded
    path.write_bytes(bytes(data))
    entry, _ = store(tmp_path).best(list(range(600)))
    with caplog.at_level(logging.WARNING, logger="app.engine.kv_persist"):
        assert store(tmp_path).load_state(entry) is None
    assert not path.exists()
    assert "removed: corrupt (state checksum mismatch)" in caplog.text


def test_a_stale_file_is_removed_and_another_namespace_is_left_alone(tmp_path, caplog):
    old = store(tmp_path, key={**KEY, "n_ctx": 2048})
    stale = old.save(list(range(600)), b"x")
    other = store(tmp_path, space="bbbb").save(list(range(600)), b"y")
    with caplog.at_level(logging.WARNING, logger="app.engine.kv_persist"):
        assert store(tmp_path).best(list(range(600))) == (None, 0)
    assert not stale.exists() and other.exists()
    assert "removed: stale (differs in n_ctx)" in caplog.text


def test_the_folder_stays_under_its_bound_least_recently_used_first(tmp_path):
    s = store(tmp_path, max_bytes=3 * 9000)
    paths = []
    for i in range(3):
        paths.append(s.save([i] * 600, os.urandom(6000)))
        time.sleep(0.02)  # distinct mtimes
    entry = next(e for e in s.entries() if e.path == paths[0])
    s.load_state(entry)  # used now: the newest
    time.sleep(0.02)
    paths.append(s.save([9] * 600, os.urandom(6000)))
    left = {p for p in tmp_path.iterdir()}
    assert left == {paths[0], paths[2], paths[3]}
    assert sum(p.stat().st_size for p in left) <= 3 * 9000


def test_a_state_larger_than_the_bound_is_not_saved(tmp_path):
    assert store(tmp_path, max_bytes=1000).save(list(range(600)), b"z" * 10) is None
    assert list(tmp_path.iterdir()) == []


def test_old_half_written_files_are_cleaned(tmp_path):
    tmp = tmp_path / f"aaaa-x{kv_persist.SUFFIX}.123.tmp"
    tmp.write_bytes(b"half")
    old = time.time() - kv_persist.STALE_TMP_SECONDS - 5
    os.utime(tmp, (old, old))
    store(tmp_path).save(list(range(600)), b"s")
    assert not tmp.exists()


def test_the_adapter_has_its_own_namespace(tmp_path):
    base = kv_persist.namespace(tmp_path / "m.gguf")
    with_adapter = kv_persist.namespace(tmp_path / "m.gguf", {"path": "/a.gguf", "scale": 1.0})
    assert base != with_adapter


def test_the_app_saves_states_in_its_cache_folder_by_default(tmp_path, _fresh_home):
    settings = Settings(tmp_path / "settings.json")
    options = settings.load_options(str(tmp_path / "m.gguf"))
    assert options.state_dir == str(kv_state_dir())
    assert kv_state_dir().is_relative_to(_fresh_home)
    assert options.state_max_bytes == 1 << 30
    settings["kv_state_max_mb"] = 0
    assert settings.load_options(str(tmp_path / "m.gguf")).state_dir is None
