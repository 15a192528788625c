"""Pre-entering dependants' data: a list with add, edit and remove. Not an application."""

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _

from goldcard.models import Dependant
from portal.forms.people import DATE
from portal.reference.choices import nationality_choices
from portal.reference.models import Nationality


class DependantForm(forms.ModelForm):
    class Meta:
        model = Dependant
        fields = [
            "relationship",
            "surname",
            "given_name",
            "date_of_birth",
            "nationality",
            "passport_number",
        ]
        widgets = {"date_of_birth": DATE}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        field = self.fields["nationality"]
        field.queryset = Nationality.objects.active()
        # Named and ordered for the page's language, as on the application's tabs.
        field.to_field_name = "code"
        field.choices = [("", "---------"), *nationality_choices(foreign_only=False)]


@login_required
def dependants(request):
    return render(
        request,
        "goldcard/dependants.html",
        {"dependants": Dependant.objects.filter(holder=request.user).select_related("nationality")},
    )


@login_required
def dependant_edit(request, pk=None):
    dependant = get_object_or_404(Dependant, pk=pk, holder=request.user) if pk else None
    form = DependantForm(request.POST or None, instance=dependant)
    if request.method == "POST" and "remove" in request.POST and dependant is not None:
        dependant.delete()
        messages.success(request, _("The dependant's data was removed."))
        return redirect("goldcard:dependants")
    if request.method == "POST" and form.is_valid():
        form.instance.holder = request.user
        form.save()
        messages.success(request, _("Saved. Remember: this is not an application."))
        return redirect("goldcard:dependants")
    return render(
        request,
        "goldcard/dependant_form.html",
        {"form": form, "dependant": dependant},
        status=400 if form.errors else 200,
    )
