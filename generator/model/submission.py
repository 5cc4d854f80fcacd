"""When a nomination's form reached the organisers (`submitted`, `accepted_late`) and the
steps of its review (`review`), against the campaign's timeline.

The seeds: “所有材料于6月15日前报窗口管理科，逾期未报者视为自动放弃”; “经支委会审核后上报中心
机关党委……由中心机关党委会议研究确定表彰人员名单”, then the 公示.
"""

from __future__ import annotations

from ..sources.problems import Problems
from .records import Campaign, Nomination, PeriodName


def check_submission(campaign: Campaign, nomination: Nomination, problems: Problems) -> None:
    """`submitted` against the nomination period (late is an error unless `accepted_late`;
    a withdrawn or vetoed nomination is not published, so its lateness is no error)."""
    period = campaign.period(PeriodName.NOMINATION)
    if period is None:
        return  # no deadline to compare with
    start, deadline = period.start.date(), period.end.date()
    submitted = nomination.submitted
    if submitted is None:
        if nomination.accepted_late:
            problems.warning(
                nomination.mark_of("accepted_late"),
                "字段“accepted_late”不起作用：没有写报送日期（submitted）",
            )
        return
    where = nomination.mark_of("submitted")
    if submitted > deadline:
        if not nomination.accepted_late and nomination.published:
            problems.error(
                where,
                f"于 {submitted.isoformat()} 报送，晚于推荐截止日 {deadline.isoformat()}：逾期视为自动放弃；如经同意补报，请写 accepted_late（理由）",
            )
        return
    if nomination.accepted_late:
        problems.warning(
            nomination.mark_of("accepted_late"),
            f"字段“accepted_late”不起作用：于 {submitted.isoformat()} 报送，未晚于推荐截止日 {deadline.isoformat()}",
        )
    if submitted < start:
        problems.warning(
            where,
            f"于 {submitted.isoformat()} 报送，早于推荐开始日 {start.isoformat()}，请核对报送日期",
        )


def check_review(campaign: Campaign, nomination: Nomination, problems: Problems) -> None:
    """Each review step within the campaign: not before nominations open, and before the
    results go public (the 公示, or the vote where there is none). A step before `submitted`
    is usual (经支委会审核后上报: the branch reviews before the form goes up). The steps' order
    is checked when they are read."""
    if not nomination.review:
        return
    opened = campaign.period(PeriodName.NOMINATION)
    public = campaign.period(PeriodName.PUBLICITY) or campaign.period(PeriodName.VOTING)
    for number, step in enumerate(nomination.review, start=1):
        where = step.mark or nomination.mark_of("review")
        name = f"字段“review”第 {number} 步“{step.by}”"
        if opened is not None and step.day < opened.start.date():
            problems.warning(
                where,
                f"{name}的日期 {step.day.isoformat()} 早于推荐开始日 {opened.start.date().isoformat()}，请核对日期",
            )
        if public is not None and step.day > public.start.date():
            problems.warning(
                where,
                f"{name}的日期 {step.day.isoformat()} 晚于{public.label}开始日 {public.start.date().isoformat()}，审核应在{public.label}前完成",
            )
