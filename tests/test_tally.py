"""The vote tally: real vote exports in temp folders, counts asserted exactly."""

from __future__ import annotations

import random
import re
import shutil
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from generator.build import load
from generator.model.records import Campaign, Category, Period, Voting
from generator.sources.fields import BEIJING
from generator.sources.problems import Mark, Problems
from generator.voting.tally import (
    CHANNELS,
    REASONS,
    Audit,
    Candidate,
    Proposed,
    TallyResult,
    candidates_of,
    format_report,
    normalise_phone,
    propose,
    read_results,
    results_are_current,
    tally_campaign,
    write_results,
)
from tests.conftest import SiteProject

DATA = Path(__file__).parent / "data" / "votes"
START = datetime(2026, 11, 20, 9, 0, tzinfo=BEIJING)
END = datetime(2026, 11, 30, 18, 0, tzinfo=BEIJING)
CANDIDATES = [
    Candidate(3, "zhang-san", "post"),
    Candidate(7, "wang-xiaoming", "post"),
    Candidate(8, "li-hua", "post"),
    Candidate(12, "tax-window", "window"),
]
NAMES = {"zhang-san": "张三", "wang-xiaoming": "王晓明", "li-hua": "李华", "tax-window": "税务窗口"}
SMS_HEADER = "时间,手机号,短信内容\n"
HOTLINE_HEADER = "时间,来电号码,编号\n"


def make_campaign(
    root: Path, window: tuple[datetime, datetime] | None = (START, END), **voting: object
) -> Campaign:
    mark = Mark(root / "index.md")
    return Campaign(
        id="2026-test",
        title="测试评选",
        short_title="2026年度测试评选",
        year=2026,
        issuer="测试中心",
        document_no=None,
        published=date(2026, 11, 1),
        categories=(
            Category("post", "优秀党员示范岗", "person", mark, quota=2),
            Category("window", "最美服务窗口", "window", mark, quota=1),
        ),
        timeline=(Period("voting", window[0], window[1], True),) if window else (),
        voting=Voting(**voting),  # type: ignore[arg-type]
        veto=(),
        contacts=(),
        body="",
        mark=mark,
    )


def votes_folder(tmp_path: Path, files: dict[str, str | bytes]) -> Path:
    folder = tmp_path / "votes"
    folder.mkdir(parents=True, exist_ok=True)
    for name, text in files.items():
        (folder / name).write_bytes(text if isinstance(text, bytes) else text.encode("utf-8"))
    return folder


def tally(
    tmp_path: Path,
    files: dict[str, str | bytes],
    candidates: list[Candidate] = CANDIDATES,
    **voting: object,
) -> tuple[TallyResult, Problems]:
    folder = votes_folder(tmp_path, files)
    problems = Problems()
    result = tally_campaign(make_campaign(tmp_path, **voting), candidates, folder, problems)
    return result, problems


def counts(result: TallyResult, channel: str) -> dict[int, int]:
    """Non-zero valid votes of one channel by code."""
    return {code: by[channel] for code, by in result.counts.items() if by[channel]}


def rejected(audit: Audit) -> dict[str, int]:
    return {reason: n for reason, n in audit.rejected.items() if n}


def messages(problems: Problems, root: Path) -> list[str]:
    return [p.format(root) for p in problems.items]


# -- real export shapes ------------------------------------------------------------------------


def test_fixture_files_keep_their_bytes() -> None:
    """The fixtures are what Excel and the platforms write; a checkout must not normalise them."""
    assert (DATA / "sms-utf8-bom-crlf.csv").read_bytes().startswith(b"\xef\xbb\xbf")
    assert b"\r\n" in (DATA / "sms-utf8-bom-crlf.csv").read_bytes()
    gb = (DATA / "sms-gb18030.csv").read_bytes()
    with pytest.raises(UnicodeDecodeError):
        gb.decode("utf-8")
    with pytest.raises(UnicodeDecodeError):
        gb.decode("gbk")  # 𠮷 exists only in GB18030
    assert (DATA / "online-export.csv").read_bytes().startswith(b"\xef\xbb\xbf")


def test_sms_export_utf8_bom_crlf_quoted_noisy(tmp_path: Path) -> None:
    files = {"sms-1121.csv": (DATA / "sms-utf8-bom-crlf.csv").read_bytes()}
    result, problems = tally(tmp_path, files)
    assert problems.items == []
    # 投7号, "7号 张伟", " 07 ", 投票７ and 他说"投7号" are five votes for 7
    assert counts(result, "sms") == {7: 5, 8: 1, 12: 1}
    audit = result.channels["sms"]
    assert (audit.rows, audit.valid) == (13, 7)
    assert rejected(audit) == {
        "unreadable": 2,  # 投七号 (Chinese numerals are not read), a row without a phone
        "unknown_code": 1,  # 投99号
        "several_codes": 1,  # 投7号和8号
        "outside_window": 1,  # 2026-11-19
        "duplicate": 1,  # the first row again
    }
    assert result.unknown_codes == {99: 1}


def test_sms_export_gb18030(tmp_path: Path) -> None:
    files = {"sms-1122.csv": (DATA / "sms-gb18030.csv").read_bytes()}
    result, problems = tally(tmp_path, files)
    assert problems.items == []
    assert counts(result, "sms") == {8: 2, 3: 2}
    assert (result.channels["sms"].rows, result.channels["sms"].valid) == (4, 4)


def test_gbk_export_with_gbk_only_text(tmp_path: Path) -> None:
    text = SMS_HEADER + "2026-11-22 08:00:00,13900139000,投8号 谢谢\n"
    result, problems = tally(tmp_path, {"sms.csv": text.encode("gbk")})
    assert problems.items == []
    assert counts(result, "sms") == {8: 1}


def test_utf16_tab_separated_excel_unicode_text(tmp_path: Path) -> None:
    text = "时间\t手机号\t短信内容\r\n2026-11-22 08:00:00\t13900139000\t投8号\r\n"
    result, problems = tally(tmp_path, {"sms-unicode.csv": text.encode("utf-16")})
    assert problems.items == []
    assert counts(result, "sms") == {8: 1}


def test_hotline_log(tmp_path: Path) -> None:
    files = {"hotline.csv": (DATA / "hotline.csv").read_bytes()}
    result, problems = tally(tmp_path, files)
    assert problems.items == []
    assert counts(result, "hotline") == {7: 2, 12: 1}
    assert rejected(result.channels["hotline"]) == {"unreadable": 1}  # no code given


def test_online_export_counts_rows_and_votes(tmp_path: Path) -> None:
    files = {"online-export.csv": (DATA / "online-export.csv").read_bytes()}
    result, problems = tally(tmp_path, files)
    assert problems.items == []
    assert counts(result, "online") == {7: 1200, 8: 800, 12: 350}
    audit = result.channels["online"]
    # rows: one per candidate row (the 合计 row is checked, not counted); votes: their 得票数
    assert (audit.rows, audit.valid, audit.invalid) == (4, 3, 1)
    assert rejected(audit) == {"unknown_code": 1}
    assert (audit.votes, audit.invalid_votes) == (2350, 20)
    assert audit.rejected_votes["unknown_code"] == 20
    assert result.unknown_codes == {15: 20}


def test_all_channels_weighted_and_ranked(tmp_path: Path) -> None:
    files = {path.name: path.read_bytes() for path in DATA.glob("*.csv")}
    weights = (("online", 1), ("sms", 10), ("hotline", 10))
    result, problems = tally(tmp_path, files, weights=weights)
    assert problems.items == []
    assert result.counts[7] == {"online": 1200, "sms": 5, "hotline": 2}
    assert result.total(7) == 1200 + 50 + 20
    assert result.total(8) == 800 + 30
    assert result.total(3) == 20
    assert result.total(12) == 350 + 10 + 10
    assert [(r.code, r.rank) for r in result.ranks["post"]] == [(7, 1), (8, 2), (3, 3)]
    assert [(r.code, r.total) for r in result.ranks["window"]] == [(12, 370)]
    assert sorted(result.inputs) == sorted(files)
    assert all(len(sha) == 64 for sha in result.inputs.values())


# -- rules ------------------------------------------------------------------------------------


def test_window_is_inclusive_and_in_beijing_time(tmp_path: Path) -> None:
    rows = [
        "2026-11-20 08:59:59,13800000001,投7号",  # a second early
        "2026-11-20 09:00:00,13800000002,投7号",  # the first second
        "2026-11-20T01:00:00Z,13800000003,投7号",  # 09:00 in Beijing
        "2026-11-20T00:59:59+00:00,13800000004,投7号",  # 08:59:59 in Beijing
        "2026-11-30 18:00:00,13800000005,投7号",  # the last second
        "2026-11-30 18:00:01,13800000006,投7号",  # a second late
        "2026年11月25日 10:00,13800000007,投7号",
        "2026-11-25 10:00:00.250,13800000008,投7号",
        "2026-11-25,13800000009,投7号",  # no time of day: unreadable
        "2026-02-30 10:00:00,13800000010,投7号",  # no such day
        "2026-11-25 24:00:00,13800000011,投7号",
    ]
    result, _ = tally(tmp_path, {"sms.csv": SMS_HEADER + "\n".join(rows)})
    assert counts(result, "sms") == {7: 5}
    assert rejected(result.channels["sms"]) == {"outside_window": 3, "unreadable": 3}
    assert result.last_vote == END


def test_phone_formats_are_one_person(tmp_path: Path) -> None:
    rows = [
        "2026-11-21 09:00:00,13800138000,投7号",
        "2026-11-21 09:01:00,138 0013 8000,投8号",
        "2026-11-21 09:02:00,+86 13800138000,投3号",
        "2026-11-21 09:03:00,0086-138-0013-8000,投7号",
        "2026-11-21 09:04:00,１３８００１３８０００,投8号",
        "2026-11-21 09:05:00,13800138001,投3号",
    ]
    result, _ = tally(tmp_path, {"sms.csv": SMS_HEADER + "\n".join(rows)}, per_phone=1)
    assert counts(result, "sms") == {7: 1, 3: 1}
    assert rejected(result.channels["sms"]) == {"over_limit": 4}
    assert {normalise_phone(t) for t in ["138 0013 8000", "+86 13800138000", "(138)00138000"]} == {
        "13800138000"
    }
    assert normalise_phone("13800138000.0") == "13800138000"
    assert normalise_phone("138.0013.8000") is None
    assert normalise_phone("1.38001E+10") is None
    assert normalise_phone("无") is None


def test_limits_apply_to_sms_and_hotline_together_by_time(tmp_path: Path) -> None:
    sms = SMS_HEADER + "\n".join(
        [
            "2026-11-21 10:00:00,13800138000,投8号",  # later on the 21st: over the limit
            "2026-11-22 00:00:00,13800138000,投8号",  # the 22nd in Beijing: counts
            "2026-11-22 12:00:00,13800138000,投3号",  # the same time as a call: SMS comes first
        ]
    )
    hotline = HOTLINE_HEADER + "\n".join(
        [
            "2026-11-21 09:30:00,+86 138 0013 8000,7",  # the first vote of the 21st
            "2026-11-22 12:00:00,13800138000,7",  # second of the 22nd: over
        ]
    )
    files: dict[str, str | bytes] = {"sms.csv": sms, "hotline.csv": hotline}
    result, _ = tally(tmp_path, files, per_phone_per_day=1)
    assert counts(result, "hotline") == {7: 1}
    assert counts(result, "sms") == {8: 1}
    # over: 10:00 on the 21st, 12:00 on the 22nd
    assert result.channels["sms"].rejected["over_limit"] == 2
    assert result.channels["hotline"].rejected["over_limit"] == 1
    capped, _ = tally(tmp_path / "again", files, per_phone_per_day=5, per_phone=2)
    assert capped.channels["sms"].valid + capped.channels["hotline"].valid == 2


def test_same_second_same_phone_same_channel_lower_code_first(tmp_path: Path) -> None:
    rows = ["2026-11-21 10:00:00,13800138000,投8号", "2026-11-21 10:00:00,13800138000,投7号"]
    for order in (rows, rows[::-1]):
        result, _ = tally(tmp_path, {"sms.csv": SMS_HEADER + "\n".join(order)}, per_phone=1)
        assert counts(result, "sms") == {7: 1}


@pytest.mark.parametrize(("policy", "expected"), [("reject", {8: 1}), ("first", {7: 2, 8: 1})])
def test_several_codes(tmp_path: Path, policy: str, expected: dict[int, int]) -> None:
    rows = [
        "2026-11-21 10:00:00,13800000001,投7号和8号",
        "2026-11-21 10:00:00,13800000002,7号 7号",  # one code, twice
        "2026-11-21 10:00:00,13800000003,投8号",
        "2026-11-21 10:00:00,13800000004,投99号 7号",  # first is unknown: not a fallback to 7
    ]
    result, _ = tally(tmp_path, {"sms.csv": SMS_HEADER + "\n".join(rows)}, several_codes=policy)
    expected = {7: 1, **expected} if policy == "reject" else expected
    assert counts(result, "sms") == expected
    audit = result.channels["sms"]
    if policy == "reject":
        assert rejected(audit) == {"several_codes": 2}
    else:
        assert rejected(audit) == {"unknown_code": 1}


def test_duplicates_across_files_and_formats(tmp_path: Path) -> None:
    first = (
        SMS_HEADER
        + "2026-11-21 09:15:00,13800138000,投7号\n2026-11-21 09:16:00,13800138001,投8号\n"
    )
    again = (
        SMS_HEADER + "2026/11/21 9:15,138 0013 8000, 投7号 \n2026-11-21 09:16:00,13800138001,8\n"
    )
    result, problems = tally(tmp_path, {"sms-a.csv": first, "sms-b.csv": again})
    assert problems.items == []
    assert counts(result, "sms") == {7: 1, 8: 2}  # `8` is not the same content as `投8号`
    assert rejected(result.channels["sms"]) == {"duplicate": 1}
    assert result.files["sms-a.csv"].valid == 2
    assert rejected(result.files["sms-b.csv"]) == {"duplicate": 1}


def test_blank_lines_and_excel_padding_are_not_rows(tmp_path: Path) -> None:
    text = "时间,手机号,短信内容,,\n\n2026-11-21 09:15:00,13800138000,投7号,,\n,,,,\n\n"
    result, problems = tally(tmp_path, {"sms.csv": text})
    assert problems.items == []
    assert (result.channels["sms"].rows, counts(result, "sms")) == (1, {7: 1})


def test_no_voting_period(tmp_path: Path) -> None:
    folder = votes_folder(tmp_path, {"sms.csv": SMS_HEADER + "2026-11-21 09:15:00,13800138000,7\n"})
    problems = Problems()
    campaign = make_campaign(tmp_path, window=None)
    result = tally_campaign(campaign, CANDIDATES, folder, problems)
    assert rejected(result.channels["sms"]) == {"outside_window": 1}
    assert [p.message for p in problems.errors] == [
        "活动没有设置投票时间（timeline.voting），短信和热线投票都按“投票时间外”计，请补上投票时间"
    ]


# -- malformed files -----------------------------------------------------------------------------

GOOD_SMS = SMS_HEADER + "2026-11-21 09:15:00,13900000000,投8号\n"
MALFORMED: list[tuple[str, bytes, list[str]]] = [
    (
        "sms-no-phone.csv",
        "时间,短信内容\n2026-11-21 09:15:00,投7号\n".encode(),
        [
            "sms-no-phone.csv:1:1: 错误：缺少“手机号”列（表头可写：手机号、手机号码、号码、phone）。整个文件未计入"
        ],
    ),
    (
        "sms-unquoted-comma.csv",
        (
            SMS_HEADER
            + "2026-11-21 09:15:00,13800138000,投7号\n2026-11-21 09:16:00,13800138001,投7号,张伟\n"
        ).encode(),
        [
            "sms-unquoted-comma.csv:3:1: 错误：这一行有 4 列，表头有 3 列：内容里的逗号要用英文双引号括起来。整个文件未计入"
        ],
    ),
    (
        "hotline-short-row.csv",
        (
            HOTLINE_HEADER + "2026-11-21 09:15:00,13800138000,7\n2026-11-21 09:16:00,13800138001\n"
        ).encode(),
        ["hotline-short-row.csv:3:1: 错误：这一行有 2 列，表头有 3 列。整个文件未计入"],
    ),
    (
        "online-fraction.csv",
        "编号,票数\n7,100\n8,12.5\n3,abc\n".encode(),
        [
            "online-fraction.csv:3:1: 错误：票数“12.5”不是整数。整个文件未计入",
            "online-fraction.csv:4:1: 错误：票数“abc”不是整数。整个文件未计入",
        ],
    ),
    (
        "online-negative.csv",
        "编号,票数\n7,100\n8,-12\n3,－5\n".encode(),
        [
            "online-negative.csv:3:1: 错误：票数“-12”不能为负数。整个文件未计入",
            "online-negative.csv:4:1: 错误：票数“－5”不能为负数。整个文件未计入",
        ],
    ),
    (
        "online-total-mismatch.csv",
        "编号,票数\n7,100\n8,50\n合计,200\n".encode(),
        [
            "online-total-mismatch.csv:4:1: 错误：合计行的票数 200 与各行票数之和 150 不符，导出可能不完整。整个文件未计入"
        ],
    ),
    (
        "online-two-code-columns.csv",
        "编号,code,票数\n7,7,100\n".encode(),
        [
            "online-two-code-columns.csv:1:1: 错误：有多列都可作“编号”：第 1 列“编号”、第 2 列“code”，请只留一列。整个文件未计入"
        ],
    ),
    (
        "sms-unclosed-quote.csv",
        (
            SMS_HEADER
            + '2026-11-21 09:15:00,13800138000,投7号\n2026-11-21 09:16:00,13800138001,"投7号\n2026-11-21 09:17:00,13800138002,投7号\n'
        ).encode(),
        [
            "sms-unclosed-quote.csv:3:33: 错误：CSV 格式有误：引号没有闭合（从这里起直到文件末尾都在引号里）。整个文件未计入"
        ],
    ),
    (
        "sms-bad-quote.csv",
        (
            SMS_HEADER
            + '2026-11-21 09:15:00,13800138000,"投7号\n王伟"\n2026-11-21 09:16:00,13800138001,"投7号"张伟\n'
        ).encode(),
        [
            'sms-bad-quote.csv:4:38: 错误：CSV 格式有误：引号后面应紧跟逗号（内容里的引号要写成两个 ""）。整个文件未计入'
        ],
    ),
    (
        "sms-photo.csv",
        b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR",
        [
            "sms-photo.csv:1:1: 错误：不是文本文件（含有二进制内容），请使用平台导出的 CSV 文件。整个文件未计入"
        ],
    ),
    (
        "sms-workbook.csv",
        b"PK\x03\x04\x14\x00\x06\x00",
        [
            "sms-workbook.csv:1:1: 错误：是 Excel 工作簿，不是 CSV：请在 Excel 中“另存为”“CSV UTF-8（逗号分隔）”。整个文件未计入"
        ],
    ),
    (
        "sms-not-encoded.csv",
        SMS_HEADER.encode() + b"2026-11-21 09:15:00,13800138000,\xff\xfe\xff\n",
        [
            "sms-not-encoded.csv:2:1: 错误：有无法识别的文字：文件既不是 UTF-8，也不是 GBK/GB18030 文本（可能已损坏）。整个文件未计入"
        ],
    ),
    (
        "sms-damaged.csv",
        SMS_HEADER.encode()
        + "2026-11-21 09:15:00,13800138000,投7号\n".encode() * 5
        + b"2026-11-21 09:16:00,13800138001,\xe6\x8a\n",
        [
            "sms-damaged.csv:7:1: 错误：有无法识别的文字：文件既不是 UTF-8，也不是 GBK/GB18030 文本（可能已损坏）。整个文件未计入"
        ],
    ),
    (
        "sms-1121.xlsx",
        GOOD_SMS.encode(),
        [
            "sms-1121.xlsx:1:1: 错误：不是 CSV 文件：请另存为“CSV UTF-8（逗号分隔）”，文件名以 .csv 结尾。整个文件未计入"
        ],
    ),
]


@pytest.mark.parametrize(("name", "data", "expected"), MALFORMED, ids=[m[0] for m in MALFORMED])
def test_malformed_file_is_reported_and_not_counted(
    tmp_path: Path, name: str, data: bytes, expected: list[str]
) -> None:
    result, problems = tally(tmp_path, {name: data, "sms-good.csv": GOOD_SMS})
    assert messages(problems, tmp_path / "votes") == expected
    assert not result.files[name].counted
    assert result.files[name].rows == 0
    assert name in result.inputs  # fixing the file makes the results stale
    # nothing from the bad file, everything from the good one
    assert {c: sum(by.values()) for c, by in result.counts.items() if sum(by.values())} == {8: 1}
    assert result.files["sms-good.csv"].valid == 1


def test_many_bad_rows_are_summarised(tmp_path: Path) -> None:
    text = SMS_HEADER + "".join(
        f"2026-11-21 09:15:{i:02d},1380013800{i % 10},投7号,多余\n" for i in range(15)
    )
    _, problems = tally(tmp_path, {"sms.csv": text})
    assert len(problems.errors) == 11
    assert problems.errors[-1].message == "另有 5 处同类问题。整个文件未计入"


def test_identical_online_exports_count_once(tmp_path: Path) -> None:
    export = "编号,票数\n7,100\n"
    result, problems = tally(tmp_path, {"online-1.csv": export, "online-2.csv": export})
    assert counts(result, "online") == {7: 100}
    assert messages(problems, tmp_path / "votes") == [
        "online-2.csv:1:1: 警告：与 online-1.csv 内容完全相同，已忽略（同一份导出只计一次），可删去此文件"
    ]


def test_online_code_listed_twice_is_summed_and_warned(tmp_path: Path) -> None:
    export = "编号,姓名,票数\n7,王晓明,100\n8,李华,5\n7,王晓明,20\n7号和8号,?,3\n,,4\n"
    result, problems = tally(tmp_path, {"online.csv": export})
    assert counts(result, "online") == {7: 120, 8: 5}
    assert rejected(result.channels["online"]) == {"unreadable": 2}  # two codes in a cell; none
    assert result.channels["online"].rejected_votes["unreadable"] == 7
    assert messages(problems, tmp_path / "votes") == [
        "online.csv:4:1: 警告：编号 7 出现了多次（第 2、4 行），票数已累加"
    ]


def test_other_files_and_empty_files_are_warned(tmp_path: Path) -> None:
    files: dict[str, str | bytes] = {
        "说明.txt": "备注",
        "sms-empty.csv": "\n\n",
        "hotline-header-only.csv": HOTLINE_HEADER,
    }
    result, problems = tally(tmp_path, files)
    assert messages(problems, tmp_path / "votes") == [
        "sms-empty.csv:1:1: 警告：文件是空的，没有可计的票",
        "说明.txt:1:1: 警告：不是投票文件，已忽略：投票文件名应以 online、sms 或 hotline 开头，以 .csv 结尾",
    ]
    assert result.channels["hotline"].rows == 0


def test_phones_mangled_by_excel_are_unreadable_and_warned(tmp_path: Path) -> None:
    text = (
        SMS_HEADER
        + "2026-11-21 09:15:00,1.38001E+10,投7号\n2026-11-21 09:16:00,1.38001E+10,投8号\n"
    )
    result, problems = tally(tmp_path, {"sms.csv": text})
    assert rejected(result.channels["sms"]) == {"unreadable": 2}
    assert [p.message for p in problems.warnings] == [
        "有 2 个号码被 Excel 改成了科学计数法（如 1.38001E+10），这些行按“无法识别”计：请使用平台导出的原始文件"
    ]


# -- ranks, proposals, results file, report ----------------------------------------------------------


def sms_votes(votes: dict[int, int]) -> str:
    """An SMS log giving each code that many votes, each from its own phone."""
    rows, phone = [], 13000000000
    for code, number in votes.items():
        for _ in range(number):
            phone += 1
            rows.append(f"2026-11-21 10:00:00,{phone},投{code}号")
    return SMS_HEADER + "\n".join(rows) + "\n"


def test_ties_share_a_rank_and_are_not_cut(tmp_path: Path) -> None:
    result, _ = tally(tmp_path, {"sms.csv": sms_votes({7: 5, 8: 3, 3: 3})})
    assert [(r.code, r.total, r.rank, r.tie) for r in result.ranks["post"]] == [
        (7, 5, 1, False),
        (3, 3, 2, True),
        (8, 3, 2, True),
    ]
    assert result.ranks["window"][0].rank == 1  # no votes is still a place
    proposals = propose(result, {"post": 2, "window": 1})
    assert proposals["post"] == [
        Proposed(7, 5, 1, False),
        Proposed(3, 3, 2, True),  # tied across the edge of the quota: both listed, flagged
        Proposed(8, 3, 2, True),
    ]
    assert proposals["window"] == [Proposed(12, 0, 1, False)]
    assert propose(result, {"post": 1}) == {"post": [Proposed(7, 5, 1, False)]}
    assert propose(result, {"post": 3})["post"][-1] == Proposed(8, 3, 2, False)
    assert propose(result, {"post": None}) == {}
    assert propose(result, {"post": 0}) == {"post": []}


def test_results_file_round_trip_idempotent_and_private(tmp_path: Path) -> None:
    files = {path.name: path.read_bytes() for path in DATA.glob("*.csv")}
    result, _ = tally(tmp_path, files, per_phone_per_day=1)
    folder = tmp_path / "votes"
    path = folder / "results.yml"
    write_results(result, path)
    first = path.read_bytes()
    again, _ = tally(tmp_path, {}, per_phone_per_day=1)  # the same folder, a new run (new hash key)
    write_results(again, path)
    assert path.read_bytes() == first
    text = first.decode("utf-8")
    assert text.startswith("# 计票结果")
    for phone in ["13800138000", "0013", "12345678", "13900139"]:
        assert phone not in text
    problems = Problems()
    assert read_results(path, problems) == result
    assert problems.items == []
    campaign = make_campaign(tmp_path, per_phone_per_day=1)
    assert results_are_current(result, folder, campaign, CANDIDATES)
    assert not results_are_current(result, folder, make_campaign(tmp_path, per_phone_per_day=2))
    assert not results_are_current(
        result, folder, campaign, [*CANDIDATES, Candidate(20, "x", "post")]
    )
    (folder / "sms-late.csv").write_text(GOOD_SMS, encoding="utf-8")
    assert not results_are_current(result, folder)
    (folder / "sms-late.csv").unlink()
    assert results_are_current(result, folder)


DAMAGED = "错误：计票结果文件有误，未能读取：请重新运行 honours tally 生成，不要手工修改"


def damaged(tmp_path: Path, edit: dict[str, str]) -> tuple[str, list[str]]:
    """A results.yml as the tally writes it, with each `old` line replaced by `new`; the edited
    text and the messages reading it gives (the file is not used then)."""
    files = {path.name: path.read_bytes() for path in DATA.glob("*.csv")}
    result, _ = tally(tmp_path, files)
    path = tmp_path / "votes" / "results.yml"
    write_results(result, path)
    text = path.read_text(encoding="utf-8")
    for old, new in edit.items():
        assert text.count(old) == 1, old
        text = text.replace(old, new)
    path.write_text(text, encoding="utf-8")
    problems = Problems()
    assert read_results(path, problems) is None
    return text, messages(problems, tmp_path / "votes")


def line_of(text: str, line: str) -> int:
    return text.splitlines().index(line) + 1


def test_results_file_of_the_wrong_types(tmp_path: Path) -> None:
    text, found = damaged(
        tmp_path,
        {
            "  per_phone_per_day: null\n": "  per_phone_per_day: 两票\n",
            "      counted: true\n      rejected:\n        duplicate: 0\n        outside_window: 0\n"
            "        over_limit: 0\n        several_codes: 0\n        unknown_code: 0\n"
            "        unreadable: 1\n": "      counted: true\n      rejected: 1\n",
            "  12:\n": "  十二:\n",
            "last_vote: '2026-11-23T09:02:00+08:00'\n": "last_vote: 11月23日\n",
        },
    )
    assert found == [
        f"results.yml:1:1: {DAMAGED}",
        f"results.yml:{line_of(text, '      rejected: 1')}:17: 错误：字段“audit.files.hotline.csv.rejected”应为键值对（字段: 值），而不是单个值",
        f"results.yml:{line_of(text, '  十二:')}:3: 错误：字段“candidates”中的“十二”应为编号（不小于 1 的整数）",
        f"results.yml:{line_of(text, 'last_vote: 11月23日')}:12: 错误：字段“last_vote”的日期“11月23日”无效：应写作 YYYY-MM-DD（如 2024-06-25），可加时间 2024-06-25T09:00+08:00",
        f"results.yml:{line_of(text, '  per_phone_per_day: 两票')}:22: 错误：字段“rules.per_phone_per_day”应为整数，而不是“两票”",
    ]


def test_results_file_with_unknown_and_missing_fields(tmp_path: Path) -> None:
    text, found = damaged(
        tmp_path,
        {
            "  several_codes: reject\n": "  several_code: first\n",
            "    nominee: wang-xiaoming\n": "",
            "format: 1\n": "format: 1\nwinner: 7\n",
        },
    )
    rules = line_of(text, "rules:") + 1
    assert found == [
        f"results.yml:1:1: {DAMAGED}",
        f"results.yml:{line_of(text, '  7:') + 1}:5: 错误：缺少必填字段“candidates.7.nominee”",
        f"results.yml:{line_of(text, 'winner: 7')}:1: 错误：未知字段“winner”",
        f"results.yml:{rules}:3: 错误：缺少必填字段“rules.several_codes”",
        f"results.yml:{line_of(text, '  several_code: first')}:3: 错误：未知字段“rules.several_code”，您是否想写“several_codes”？",
    ]


def test_results_file_edited_by_hand(tmp_path: Path) -> None:
    """Votes changed without the total, or ranks changed: the file is not what a tally wrote."""
    text, found = damaged(tmp_path, {"      sms: 5\n": "      sms: 6\n"})
    assert found == [
        f"results.yml:1:1: {DAMAGED}",
        f"results.yml:{line_of(text, '    total: 1207')}:12: 错误：字段“candidates.7.total”应为各渠道票数乘以权重之和 1208，而不是 1207",
    ]
    text, found = damaged(tmp_path, {"  - code: 7\n    rank: 1\n": "  - code: 7\n    rank: 2\n"})
    assert found == [
        f"results.yml:1:1: {DAMAGED}",
        f"results.yml:{line_of(text, 'ranks:') + 1}:3: 错误：字段“ranks”与 candidates 中各候选人的合计票数算出的名次不符",
    ]


def test_results_file_not_readable_at_all(tmp_path: Path) -> None:
    path = tmp_path / "results.yml"
    for text, expected in [
        ("", []),
        (
            "format: 2\ncampaign: x\n",
            ["results.yml:1:9: 错误：字段“format”应为 1（本程序写出的格式），而不是 2"],
        ),
        (
            "format: 1\ncampaign: [x\n",
            ["results.yml:2:11: 错误：YAML 格式错误：方括号“[ ]”没有闭合"],
        ),
    ]:
        path.write_text(text, encoding="utf-8")
        problems = Problems()
        assert read_results(path, problems) is None
        assert messages(problems, tmp_path) == [f"results.yml:1:1: {DAMAGED}", *expected]


def test_report(tmp_path: Path) -> None:
    files = {path.name: path.read_bytes() for path in DATA.glob("*.csv")}
    files["sms-tie.csv"] = sms_votes({3: 801})
    result, _ = tally(tmp_path, files)
    report = format_report(
        result,
        NAMES,
        category_names={"post": "优秀党员示范岗", "window": "最美服务窗口"},
        title="2026年度测试评选",
    )
    assert report == (
        "2026年度测试评选 计票结果\n"
        "（合计 = 网络×1 + 短信×1 + 热线×1；短信、热线有效票截至 2026-11-23 09:02:00）\n"
        "\n"
        "优秀党员示范岗\n"
        "  编号  姓名    网络  短信  热线  合计   名次\n"
        "     7  王晓明  1200     5     2  1207      1\n"
        "     3  张三       0   803     0   803  并列2\n"
        "     8  李华     800     3     0   803  并列2\n"
        "\n"
        "最美服务窗口\n"
        "  编号  姓名      网络  短信  热线  合计  名次\n"
        "    12  税务窗口   350     1     1   352     1\n"
        "\n"
        "计票情况\n"
        "  网络投票：读取 4 行，有效 3，无效 1：编号不存在 1、无法识别 0；共 2370 票，有效 2350 票，无效 20 票\n"
        "  短信投票：读取 818 行，有效 812，无效 6：投票时间外 1、重复 1、超出限额 0、多个编号 1、编号不存在 1、无法识别 2\n"
        "  热线投票：读取 4 行，有效 3，无效 1：投票时间外 0、重复 0、超出限额 0、多个编号 0、编号不存在 0、无法识别 1\n"
        "  文件：\n"
        "    hotline.csv（热线投票）：读取 4 行，有效 3，无效 1：投票时间外 0、重复 0、超出限额 0、多个编号 0、编号不存在 0、无法识别 1\n"
        "    online-export.csv（网络投票）：读取 4 行，有效 3，无效 1：编号不存在 1、无法识别 0；共 2370 票，有效 2350 票，无效 20 票\n"
        "    sms-gb18030.csv（短信投票）：读取 4 行，有效 4，无效 0：投票时间外 0、重复 0、超出限额 0、多个编号 0、编号不存在 0、无法识别 0\n"
        "    sms-tie.csv（短信投票）：读取 801 行，有效 801，无效 0：投票时间外 0、重复 0、超出限额 0、多个编号 0、编号不存在 0、无法识别 0\n"
        "    sms-utf8-bom-crlf.csv（短信投票）：读取 13 行，有效 7，无效 6：投票时间外 1、重复 1、超出限额 0、多个编号 1、编号不存在 1、无法识别 2\n"
        "  不存在的编号：15（20 票）、99（1 票）\n"
    )


def test_with_loaded_content(project: SiteProject) -> None:
    """A campaign read from index.md: limits, candidates from published nominations only."""
    index = project.content / "campaigns" / "2026-model-post" / "index.md"
    text = re.sub(r"^voting:\n(?:  .*\n)*", "", index.read_text(encoding="utf-8"), flags=re.M)
    voting = "voting:\n  limits: {per_phone_per_day: 1}\n  weights: {sms: 2}\n"
    index.write_text(text.replace("\nveto:\n", f"\n{voting}veto:\n", 1), encoding="utf-8")
    loaded = load(project.content)[0]
    assert loaded.content is not None, loaded.problems.report()
    assert loaded.problems.errors == []
    campaign = loaded.content.campaigns["2026-model-post"]
    candidates = candidates_of(loaded.content.nominations_of(campaign.id))
    assert {(c.nominee, c.category) for c in candidates} == {
        ("wang-xiaoming", "model-post"),
        ("tax-window", "window"),
    }  # li-hua is vetoed: no candidate
    window_code = next(c.code for c in candidates if c.category == "window")
    folder = project.content / "campaigns" / campaign.id / "votes"
    folder.mkdir()
    (folder / "sms.csv").write_text(
        SMS_HEADER
        + f"2026-11-21 09:00:00,13800138000,投7号\n2026-11-21 10:00:00,13800138000,投{window_code}号\n",
        encoding="utf-8",
    )
    problems = Problems()
    result = tally_campaign(campaign, candidates, folder, problems)
    assert problems.items == []
    assert result.total(7) == 2  # weight 2
    assert result.channels["sms"].rejected["over_limit"] == 1


# -- properties ---------------------------------------------------------------------------------

PHONES = ["13800138000", "13800138001", "13900139002", "13700137003", "0755-12345678"]
DAYS = [date(2026, 11, 21), date(2026, 11, 22), date(2026, 11, 23)]
PROPERTY_CANDIDATES = [
    Candidate(code, f"n{code}", "post" if code % 2 else "window") for code in range(1, 16)
]


def phone_text(phone: str, style: int) -> str:
    if style == 1 and len(phone) == 11:
        return f"{phone[:3]} {phone[3:7]} {phone[7:]}"
    if style == 2 and len(phone) == 11:
        return f"+86 {phone}"
    return phone


def time_text(moment: datetime, style: int) -> str:
    if style == 1:
        return f"{moment.year}/{moment.month}/{moment.day} {moment.hour}:{moment:%M}:{moment:%S}"
    if style == 2:
        return moment.astimezone(UTC).isoformat()  # a day boundary may move: Beijing time counts
    return f"{moment:%Y-%m-%d %H:%M:%S}"


MESSAGES = ["投{}号", "{}", " 0{} ", "投票{}", "{}号 张伟", "投{}号和{}号", "你好", "投99号"]

vote = st.tuples(
    st.sampled_from(["sms", "hotline"]),
    st.integers(0, len(PHONES) - 1),
    st.integers(0, len(DAYS) - 1),
    st.integers(0, 86399),
    st.integers(1, 15),
    st.integers(0, len(MESSAGES) - 1),
    st.integers(0, 2),
    st.integers(0, 2),
)
outside = st.sampled_from(
    ["2026-11-20 08:59:59", "2026-12-01 00:00:00", "2026-11-30 18:00:01", "坏时间", ""]
)


def rows_of(
    votes: list[tuple[str, int, int, int, int, int, int, int]],
) -> dict[str, list[str]]:
    rows: dict[str, list[str]] = {"sms": [], "hotline": []}
    for channel, phone, day, second, code, message, phone_style, time_style in votes:
        moment = datetime.combine(DAYS[day], datetime.min.time(), BEIJING) + timedelta(
            seconds=second
        )
        text = MESSAGES[message].format(code, code % 15 + 1)
        if channel == "hotline":
            text = f"{code}号" if message % 2 else str(code)
        rows[channel].append(
            f'{time_text(moment, time_style)},{phone_text(PHONES[phone], phone_style)},"{text}"'
        )
    return rows


def write_split(folder: Path, rows: dict[str, list[str]], parts: int, seed: int) -> None:
    """The rows shuffled and dealt into `parts` files per channel."""
    if folder.exists():
        shutil.rmtree(folder)
    folder.mkdir(parents=True)
    rng = random.Random(seed)
    for channel, lines in rows.items():
        shuffled = lines[:]
        rng.shuffle(shuffled)
        header = SMS_HEADER if channel == "sms" else HOTLINE_HEADER
        for part in range(parts):
            chunk = shuffled[part::parts]
            (folder / f"{channel}-{part}.csv").write_text(
                header + "\n".join(chunk) + "\n", encoding="utf-8"
            )


def run(folder: Path, **voting: object) -> TallyResult:
    problems = Problems()
    result = tally_campaign(make_campaign(folder, **voting), PROPERTY_CANDIDATES, folder, problems)
    assert problems.errors == []
    return result


def summary(result: TallyResult) -> tuple[object, ...]:
    """All that must not depend on how rows are ordered or split into files."""
    return (result.counts, result.ranks, result.channels, result.unknown_codes, result.last_vote)


PROPERTY = settings(
    max_examples=50, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
limits = st.fixed_dictionaries(
    {
        "per_phone_per_day": st.none() | st.integers(1, 3),
        "per_phone": st.none() | st.integers(1, 6),
        "several_codes": st.sampled_from(["reject", "first"]),
    }
)


@PROPERTY
@given(
    st.lists(vote, max_size=40),
    st.lists(outside, max_size=3),
    limits,
    st.integers(1, 3),
    st.integers(),
)
def test_property_independent_of_row_order_and_files(
    tmp_path: Path,
    votes: list[tuple[str, int, int, int, int, int, int, int]],
    late: list[str],
    voting: dict[str, object],
    parts: int,
    seed: int,
) -> None:
    rows = rows_of(votes)
    rows["sms"] += [f"{moment},13800138000,投7号" for moment in late]
    write_split(tmp_path / "one", rows, 1, 0)
    write_split(tmp_path / "split", rows, parts, seed)
    assert summary(run(tmp_path / "one", **voting)) == summary(run(tmp_path / "split", **voting))


@PROPERTY
@given(st.lists(vote, max_size=40), limits, st.integers(1, 3))
def test_property_every_row_is_accounted_for_and_idempotent(
    tmp_path: Path,
    votes: list[tuple[str, int, int, int, int, int, int, int]],
    voting: dict[str, object],
    parts: int,
) -> None:
    rows = rows_of(votes)
    folder = tmp_path / "votes"
    write_split(folder, rows, parts, 1)
    result = run(folder, **voting)
    for channel in CHANNELS:
        audit = result.channels[channel]
        assert audit.valid + sum(audit.rejected[r] for r in REASONS) == audit.rows
        assert audit.rows == len(rows.get(channel, []))
        assert audit.votes == sum(by[channel] for by in result.counts.values())
        files = [a for a in result.files.values() if a.channel == channel]
        assert sum(a.rows for a in files) == audit.rows
        assert all(a.valid + a.invalid == a.rows for a in files)
    write_results(result, folder / "results.yml")
    first = (folder / "results.yml").read_bytes()
    write_results(run(folder, **voting), folder / "results.yml")
    assert (folder / "results.yml").read_bytes() == first
    assert read_results(folder / "results.yml", Problems()) == result


@PROPERTY
@given(
    st.lists(
        st.tuples(
            st.sampled_from(["sms", "hotline"]),
            st.integers(0, 4),
            st.integers(0, 2),
            st.integers(0, 86399),
            st.integers(0, 2),
        ),
        max_size=60,
    ),
    st.integers(1, 3),
    st.none() | st.integers(1, 5),
)
def test_property_per_phone_limits_hold(
    tmp_path: Path,
    votes: list[tuple[str, int, int, int, int]],
    per_day: int,
    per_phone: int | None,
) -> None:
    """Each phone votes for its own code each day, so counts show what every phone got.

    The expected counts come from a plain model: each phone's distinct votes in time
    order (SMS before hotline at the same second), counted while under both limits.
    """
    rows: dict[str, list[str]] = {"sms": [], "hotline": []}
    model: dict[int, set[tuple[int, int, int]]] = {}
    for channel, phone, day, second, time_style in votes:
        moment = datetime.combine(DAYS[day], datetime.min.time(), BEIJING) + timedelta(
            seconds=second
        )
        beijing_day = moment.astimezone(BEIJING).date()
        code = 1 + phone * 3 + (beijing_day - DAYS[0]).days
        text = f"投{code}号" if channel == "sms" else str(code)
        rows[channel].append(
            f"{time_text(moment, time_style)},{phone_text(PHONES[phone], time_style)},{text}"
        )
        model.setdefault(phone, set()).add((int(moment.timestamp()), CHANNELS.index(channel), code))
    folder = tmp_path / "votes"
    write_split(folder, rows, 2, 7)
    result = run(folder, per_phone_per_day=per_day, per_phone=per_phone)
    expected: dict[int, int] = {}
    for phone_votes in model.values():
        used, by_day = 0, dict[int, int]()
        for _, _, code in sorted(phone_votes):
            if by_day.get(code, 0) < per_day and (per_phone is None or used < per_phone):
                by_day[code] = by_day.get(code, 0) + 1
                used += 1
                expected[code] = expected.get(code, 0) + 1
    got = {code: sum(by.values()) for code, by in result.counts.items() if sum(by.values())}
    assert got == expected
    for phone in range(5):
        codes = [1 + phone * 3 + day for day in range(3)]
        assert all(got.get(code, 0) <= per_day for code in codes)
        assert per_phone is None or sum(got.get(code, 0) for code in codes) <= per_phone


def test_results_file_has_no_run_specific_content(tmp_path: Path) -> None:
    """Two runs from scratch on the same files, in different folders, give the same bytes."""
    files = {path.name: path.read_bytes() for path in DATA.glob("*.csv")}
    texts = []
    for name in ("a", "b"):
        result, _ = tally(tmp_path / name, files)
        write_results(result, tmp_path / f"{name}.yml")
        texts.append((tmp_path / f"{name}.yml").read_bytes())
    assert texts[0] == texts[1]
