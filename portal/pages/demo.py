import datetime

from django.utils import timezone

from portal.accounts.models import Agency

from .models import Announcement

DEMO_ANNOUNCEMENTS = [
    {
        "title_zh": "系統維護公告：本平臺將於週六凌晨2時至4時暫停服務",
        "title_en": "Maintenance: the platform is unavailable on Saturday from 02:00 to 04:00",
        "body_zh": "維護期間已儲存之草稿不受影響，造成不便，敬請見諒。",
        "body_en": "Saved drafts are not affected. We apologise for the inconvenience.",
        "agency": Agency.NIA,
        "important": True,
        "days_ago": 1,
    },
    {
        "title_zh": "就業金卡線上申請與一次繳費說明",
        "title_en": "Gold Card: apply online and pay all agencies' fees once",
        "body_zh": "就業金卡申請案於線上繳費完成後進入審核，規費繳納後不予退還。",
        "body_en": "A Gold Card application enters review once paid online. Paid fees are not "
        "refunded.",
        "agency": Agency.NIA,
        "important": False,
        "days_ago": 7,
    },
    {
        "title_zh": "在臺移工一站式申請聘僱及居留整合服務",
        "title_en": "One-stop employment and residence service for migrant workers in Taiwan",
        "body_zh": "雇主申請期滿續聘、期滿轉換及接續聘僱，應先取得在臺一站式序號。",
        "body_en": "Employers renewing, transferring or taking over migrant workers first get a "
        "one-stop serial.",
        "agency": Agency.WDA,
        "important": False,
        "days_ago": 14,
    },
]


def load_demo_announcements() -> None:
    today = timezone.localdate()
    for row in DEMO_ANNOUNCEMENTS:
        row = dict(row)
        published_on = today - datetime.timedelta(days=row.pop("days_ago"))
        Announcement.objects.update_or_create(
            title_en=row["title_en"], defaults={**row, "published_on": published_on}
        )
