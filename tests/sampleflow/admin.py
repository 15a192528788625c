from django.contrib import admin

from portal.cases.admin import CaseAdmin

from .models import SampleCase

admin.site.register(SampleCase, CaseAdmin)
