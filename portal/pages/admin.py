from django.contrib import admin

from .models import Announcement


@admin.register(Announcement)
class AnnouncementAdmin(admin.ModelAdmin):
    list_display = ["title_zh", "title_en", "agency", "published_on", "important", "is_published"]
    list_filter = ["agency", "important", "is_published"]
    search_fields = ["title_zh", "title_en", "body_zh", "body_en"]
    date_hierarchy = "published_on"
