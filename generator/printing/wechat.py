"""The WeChat (公众号) article of a campaign stage and the SMS that goes with it.

`wechat_article` writes `wechat-<stage>/` under the job's folder: `article.html`, a fragment
to paste into the 公众号 editor (which strips `<style>`, `<script>` and classes, so every
element carries its whole style inline), the portraits it shows (`images/<person-id>.jpg`, the
portrait pipeline's largest JPEG, to upload with it) and `sms.txt`, one SMS of at most 300
characters with the issuer's 【】 signature and the stage's page.

The stages: `candidates` (during voting: the candidates with their codes and how to vote),
`publicity` (the 公示: those proposed, the period, the objection channels), `results` (those
awarded). What is shown comes from the site's page contexts (publish policy applied), so an
article never says more than the site does on the same day. The template is
`print/wechat.html` of the theme folders (a centre's own replaces the package's), rendered
by Jinja2 with autoescape: a record's value is always text.
"""

from __future__ import annotations

import shutil
from dataclasses import dataclass, fields
from datetime import datetime
from pathlib import Path
from typing import Literal

import jinja2

from ..model.records import ChannelKind, Period, PeriodName, RecordKind
from ..model.stages import StageKey
from ..site.pages.publicity import PublicityContext, publicity_page
from ..site.pages.results import ResultsContext, results_page
from ..site.pages.vote import VoteContext, vote_page
from ..site.views import CampaignView, ChannelView, ContactView, NominationView
from .job import PrintJob, unit_shown
from .typeset import TEMPLATE_FOLDER, TypesetError

WechatStage = Literal["candidates", "publicity", "results"]
STAGES: dict[str, str] = {"candidates": "候选对象", "publicity": "公示", "results": "评选结果"}
TEMPLATE = "wechat.html"
ARTICLE = "article.html"
SMS = "sms.txt"
IMAGES = "images"
SMS_LIMIT = 300  # characters, the 【】 signature and the link included
# The stage an article is about, by where the campaign stands on the build date.
_BY_STAGE = {
    StageKey.VOTING: "candidates",
    StageKey.PUBLICITY: "publicity",
    StageKey.ANNOUNCED: "results",
}


@dataclass(frozen=True)
class Entry:
    """One person (or window, or branch) of the article."""

    id: str
    name: str
    kind: RecordKind
    image: str | None  # images/<id>.jpg, beside article.html
    unit: str | None  # left out when it is the entry's own name (a window is its own unit)
    position: str | None
    facts: tuple[tuple[str, str], ...]  # what the publish policy allows: (性别, 女) …
    title: str | None
    subtitle: str | None
    code: int | None
    vote: str | None  # 短信编辑“投7”发送至10690000, for the candidates
    votes: int | None  # the published count, where the campaign publishes counts


@dataclass(frozen=True)
class Article:
    """What the template is given: each field is a template variable of that name."""

    stage: str
    campaign: CampaignView
    groups: list[tuple[str, str, list[Entry]]]  # (category, 3名, its entries)
    count: int
    counter: str  # 名 | 个 | 名（个）
    period: str  # the stage's period in words
    state: str  # before | open | closed
    channels: tuple[ChannelView, ...]
    rules: tuple[str, ...]
    example: int | None  # the first code, for the SMS format's example (如“投1”)
    supervision: ContactView | None
    contacts: tuple[ContactView, ...]
    voted: bool  # the campaign had a vote
    address: str | None  # the stage's page on the site
    campaign_address: str | None  # the campaign's page
    issuer: str
    date: str


def counter(kinds: set[RecordKind]) -> str:
    """名 for people, 个 for windows and branches, 名（个） for both."""
    people = RecordKind.PERSON in kinds
    groups = bool(kinds - {RecordKind.PERSON})
    return "名（个）" if people and groups else ("个" if groups else "名")


def short_period(period: Period) -> str:
    """A period as an SMS writes it, what the end shares with the start left out:
    2026年11月20日至27日, 2026年11月20日9:00至30日18:00, 2026年12月28日至2027年1月3日."""

    def moment(at: datetime, year: bool, month: bool, day: bool) -> str:
        text = (f"{at.year}年" if year else "") + (f"{at.month}月" if month else "")
        text += f"{at.day}日" if day else ""
        return text + (f"{at.hour}:{at.minute:02d}" if period.has_time else "")

    start, end = period.start, period.end
    first = moment(start, True, True, True)
    new_year = end.year != start.year
    new_month = new_year or end.month != start.month
    new_day = new_month or end.day != start.day
    if not new_day and not period.has_time:
        return first
    return f"{first}至{moment(end, new_year, new_month, new_day)}"


def sms_channel(channels: tuple[ChannelView, ...]) -> ChannelView | None:
    return next((c for c in channels if c.kind == ChannelKind.SMS and c.number), None)


def wechat_article(job: PrintJob, campaign_id: str, stage: str | None = None) -> list[Path]:
    """Write `wechat-<stage>/` (article.html, images/<id>.jpg, sms.txt) into `job.out`; the
    files written. `stage`: candidates | publicity | results; None: the campaign's stage on
    the build date. A ValueError (in Chinese) when there is nothing to publish."""
    views = job.views
    campaign = views.visible_campaigns().get(campaign_id)
    if campaign is None:
        if campaign_id in views.content.campaigns:
            raise ValueError(f"评选活动“{campaign_id}”的通知尚未发布，不能生成微信文章")
        known = "、".join(sorted(views.visible_campaigns())) or "无"
        raise ValueError(f"没有评选活动“{campaign_id}”（现有：{known}）")
    view = views.campaign(campaign)
    if stage is None:
        found = _BY_STAGE.get(view.stage.key)
        if found is None:
            raise ValueError(
                f"“{view.name}”目前处于“{view.stage.label}”阶段，没有可发布的微信文章："
                "候选对象在投票期间发布，拟表彰对象在公示期间发布，评选结果在公示期满后发布"
            )
        stage = found
    if stage not in STAGES:
        raise ValueError(f"微信文章的阶段“{stage}”无效：应为 candidates、publicity 或 results")

    voting_period = campaign.period(PeriodName.VOTING)
    groups: list[tuple[str, list[NominationView]]]
    sms_with: ChannelView | None = None
    if stage == "candidates":
        vote = next(vote_page(views, campaign_id), None)
        if vote is None or voting_period is None:
            raise ValueError(f"“{view.name}”不设群众投票，没有候选对象投票文章")
        assert isinstance(vote.context, VoteContext)
        groups = [(name, group) for name, group in vote.context.groups if group]
        if not groups:
            raise ValueError(f"“{view.name}”的候选对象尚未确定，不能生成投票文章")
        period, state = vote.context.window, vote.context.state
        sms_period = short_period(voting_period)
        sms_with = sms_channel(view.voting)
        address_uri = vote.src_uri
    elif stage == "publicity":
        page = next(publicity_page(views, campaign_id), None)
        publicity = campaign.period(PeriodName.PUBLICITY)
        if page is None or publicity is None:
            raise ValueError(f"“{view.name}”不设公示期，没有公示文章")
        assert isinstance(page.context, PublicityContext)
        groups = page.context.groups
        period, state = page.context.period, page.context.state
        if not groups:
            raise ValueError(
                f"“{view.name}”的拟表彰对象尚未公示（公示期：{period}），不能生成公示文章"
            )
        sms_period = short_period(publicity)
        address_uri = page.src_uri
    else:
        results = results_page(views, campaign_id)
        assert isinstance(results.context, ResultsContext)
        groups = results.context.groups
        if not groups:
            raise ValueError(f"“{view.name}”的评选结果尚未公布，没有获表彰对象")
        commendation = campaign.period(PeriodName.COMMENDATION)
        period, state = view.commendation or "", "closed"
        sms_period = short_period(commendation) if commendation else ""
        address_uri = results.src_uri

    folder = job.out / f"wechat-{stage}"
    images = folder / IMAGES
    images.mkdir(parents=True, exist_ok=True)
    written: list[Path] = []
    entries: list[tuple[str, str, list[Entry]]] = []
    kinds: set[RecordKind] = set()
    for category, nominations in groups:
        shown = []
        for n in nominations:
            person = n.person
            kinds.add(person.kind)
            image = None
            source = job.portrait_file(person.id)
            if source is not None and source.is_file():
                target = images / f"{person.id}.jpg"
                if not target.is_file() or target.read_bytes() != source.read_bytes():
                    shutil.copyfile(source, target)
                written.append(target)
                image = f"{IMAGES}/{person.id}.jpg"
            unit = unit_shown(person)
            vote_text = None
            if sms_with is not None and n.code is not None:
                vote_text = f"短信编辑“{sms_with.message(n.code)}”发送至{sms_with.number}"
            shown.append(
                Entry(
                    id=person.id,
                    name=person.name,
                    kind=person.kind,
                    image=image,
                    unit=unit,
                    position=person.position,
                    facts=person.facts,
                    title=n.title,
                    subtitle=n.subtitle,
                    code=n.code,
                    vote=vote_text,
                    votes=n.votes,
                )
            )
        entries.append((category, f"{len(shown)}{counter({e.kind for e in shown})}", shown))
    for stale in sorted(images.glob("*.jpg")):  # people no longer in the article
        if stale not in written:
            stale.unlink()

    codes = [e.code for _, _, group in entries for e in group if e.code is not None]
    article = Article(
        stage=stage,
        campaign=view,
        groups=entries,
        count=sum(len(group) for _, _, group in entries),
        counter=counter(kinds),
        period=period,
        state=state,
        channels=view.voting,
        rules=view.rules,
        example=codes[0] if codes else None,
        supervision=views.supervision(),
        contacts=view.contacts,
        voted=voting_period is not None,
        address=job.address(address_uri),
        campaign_address=job.address(view.src_uri),
        issuer=view.issuer,
        date=job.date_text,
    )
    html = render(job.folders, article)
    (folder / ARTICLE).write_bytes(html.encode("utf-8"))
    text = sms_text(article, sms_period, sms_with)
    if len(text) > SMS_LIMIT:
        job.problems.warning(
            campaign.mark,
            f"“{view.name}”的{STAGES[stage]}短信有{len(text)}字，超过{SMS_LIMIT}字，请删减后再发送",
        )
    (folder / SMS).write_bytes(text.encode("utf-8"))
    paths = [folder / ARTICLE, *written, folder / SMS]
    job.written.extend(paths)
    return paths


def render(folders: list[Path], article: Article) -> str:
    """The article's HTML from `print/wechat.html` (the last template folder that has one)."""
    environment = jinja2.Environment(
        loader=jinja2.FileSystemLoader([str(f) for f in reversed(folders)]),
        autoescape=True,
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )
    where = next(
        (f / TEMPLATE for f in reversed(folders) if (f / TEMPLATE).is_file()),
        f"{TEMPLATE_FOLDER}/{TEMPLATE}",
    )
    try:
        template = environment.get_template(TEMPLATE)
        return template.render({f.name: getattr(article, f.name) for f in fields(article)})
    except jinja2.TemplateNotFound:
        raise TypesetError(f"找不到微信文章模板 {TEMPLATE_FOLDER}/{TEMPLATE}") from None
    except jinja2.TemplateSyntaxError as error:
        raise TypesetError(
            f"微信文章模板 {error.filename or where} 第{error.lineno}行有误：{error.message}"
        ) from None
    except jinja2.UndefinedError as error:
        raise TypesetError(f"微信文章模板 {where} 用了没有的数据：{error.message}") from None


def sms_text(article: Article, period: str, channel: ChannelView | None) -> str:
    """The stage's SMS: 【issuer】, what is published, the dates, the stage's page; as many
    names as fit in SMS_LIMIT characters (the rest as 等N名), the optional clauses first to go."""
    view = article.campaign
    listed = [
        f"{e.code}号{e.name}" if article.stage == "candidates" and e.code is not None else e.name
        for _, _, group in article.groups
        for e in group
    ]
    total = f"{article.count}{article.counter}"
    link = f"详见 {article.address}" if article.address else ""
    categories = {category for category, _, _ in article.groups}

    def names(k: int) -> str:
        return f"{'、'.join(listed[:k])}等{total}" if k else f"共{total}"

    def compose(k: int, full: bool) -> str:
        head = f"【{article.issuer}】{view.name}"
        if article.stage == "candidates":
            when = "投票正在进行" if article.state == "open" else "投票"
            text = f"{head}{when}，投票时间{period}。候选对象：{names(k)}。"
            if channel is not None:
                how = f"编辑“{channel.prefix}{'+' if channel.prefix else ''}编号”"
                text += f"短信{how}发送至{channel.number}"
                if full and article.example is not None:
                    text += f"，如“{channel.message(article.example)}”"
                text += "。"
            else:
                hotline = next((c for c in article.channels if c.kind == "hotline"), None)
                if hotline is not None and hotline.number:
                    text += f"拨打{hotline.number}报出编号投票。"
            if full and article.rules:
                text += article.rules[0].rstrip("。；;") + "。"
        elif article.stage == "publicity":
            text = f"{head}拟表彰对象公示：{names(k)}。公示期{period}"
            if full:
                text += "，如有异议请向监督部门反映"
            phone = article.supervision.phone if article.supervision else None
            text += f"，监督电话{phone}。" if phone else "。"
        else:
            roll = "名单" if view.name.endswith("表彰") else "表彰名单"
            text = f"{head}{roll}：{names(k)}"
            if len(categories) == 1:
                text += f"被评为“{next(iter(categories))}”" + (f"，于{period}" if period else "，")
            else:
                text += f"于{period}" if period else ""
            text += "受到表彰。"
            if full:
                text += "向先进典型学习！"
        return text + link

    attempts = [(len(listed), True)] + [(k, False) for k in range(len(listed), -1, -1)]
    for k, full in attempts:
        text = compose(k, full)
        if len(text) <= SMS_LIMIT:
            return text
    return compose(0, False)
