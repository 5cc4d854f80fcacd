"""Chinese personal names: the surname (compound ones included), how it is read, and the
record id made from a name.

`name_slug`: 王晓明 → wang-xiaoming, 欧阳娜娜 → ouyang-nana, 单田芳 → shan-tianfang: the
surname, a hyphen, the given name. pypinyin reads a character as it is most often read,
which for a surname is often wrong (单 dan, 曾 ceng, 区 qu); `SURNAME_READINGS` holds the
readings of surnames that differ from their character's everyday one.
"""

from __future__ import annotations

import re
import unicodedata

COMPOUND_SURNAMES = frozenset(
    {
        "欧阳",
        "司马",
        "诸葛",
        "上官",
        "东方",
        "皇甫",
        "尉迟",
        "公孙",
        "慕容",
        "长孙",
        "令狐",
        "司徒",
        "夏侯",
        "轩辕",
        "万俟",
        "单于",
        "澹台",
        "宇文",
        "端木",
        "呼延",
        "南宫",
        "鲜于",
    }
)

# A surname's reading where pypinyin reads its characters otherwise (tones left out, ü as v).
SURNAME_READINGS = {
    "单": "shan",
    "曾": "zeng",
    "仇": "qiu",
    "解": "xie",
    "区": "ou",
    "朴": "piao",
    "查": "zha",
    "乐": "yue",
    "盖": "ge",
    "缪": "miao",
    "覃": "qin",
    "翟": "zhai",
    "种": "chong",
    "召": "shao",
    "繁": "po",
    "员": "yun",
    "阚": "kan",
    "句": "gou",
    "秘": "bi",
    "能": "nai",
    "黑": "he",
    "祭": "zhai",
    "隗": "wei",
    "郇": "xun",
    "佴": "nai",
    "折": "she",
    "重": "chong",
    "薄": "bo",
    "都": "du",
    "洗": "xian",
    "莘": "xin",
    "尉迟": "yuchi",
    "万俟": "moqi",
    "单于": "chanyu",
    "长孙": "zhangsun",
}

FALLBACK = "person"  # the id of a name with nothing in it that pinyin or letters can spell

# Between the parts of a name written with them: 阿依古丽·买买提, Anna Li.
_SEPARATORS = re.compile(r"[\s·・•‧∙.\-_,，、]+")
_NOT_ID = re.compile(r"[^a-z0-9]+")


def surname(name: str) -> str:
    """The surname of a Chinese name: 欧阳娜娜 → 欧阳, 王晓明 → 王."""
    name = name.strip()
    return name[:2] if name[:2] in COMPOUND_SURNAMES else name[:1]


def name_slug(name: str) -> str:
    """A record id from a person's name: surname, hyphen, given name, in pinyin.

    王晓明 → wang-xiaoming, 欧阳娜娜 → ouyang-nana, 单田芳 → shan-tianfang; a name written in
    parts gives one word a part (阿依古丽·买买提 → ayiguli-maimaiti). Always matches
    `^[a-z0-9][a-z0-9-]*$`; a name with nothing to spell gives `FALLBACK`.
    """
    parts = [part for part in _SEPARATORS.split(unicodedata.normalize("NFKC", name)) if part]
    if len(parts) == 1 and _is_han(parts[0][0]):
        family = surname(parts[0])
        words = [
            SURNAME_READINGS.get(family) or _spelled(family),
            _spelled(parts[0][len(family) :]),
        ]
    else:
        words = [_spelled(part) for part in parts]
    return "-".join(word for word in words if word) or FALLBACK


def _spelled(text: str) -> str:
    """Text in lower-case letters and digits: Han characters in pinyin, accents dropped."""
    from pypinyin import lazy_pinyin  # ~0.6 s to import; only `honours new` makes ids

    letters = "".join(lazy_pinyin(text))  # what is not Han is kept as it is
    plain = unicodedata.normalize("NFKD", letters).encode("ascii", "ignore").decode()
    return _NOT_ID.sub("", plain.lower())


def _is_han(char: str) -> bool:
    return unicodedata.name(char, "").startswith("CJK ")
