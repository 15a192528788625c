"""Payments knows no workflow's services by name: the fee services are what the workflows
declare (Workflow.fees, or an app's AppConfig.fees until its workflow is built)."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.utils import translation

from goldcard.models import GoldCardCase, GoldCardService
from payments import catalogue
from payments.models import FeeRate
from payments.pricing import PricingError, price

pytestmark = pytest.mark.django_db


def test_the_catalogue_is_what_the_workflows_declare():
    declared = {fee.code for fee in GoldCardCase.workflow.fees + GoldCardService.workflow.fees}
    assert declared == {
        "goldcard_new",
        "goldcard_extension",
        "goldcard_data_change",
        "goldcard_reissue",
    }
    services = catalogue.fee_services()
    assert declared <= set(services)
    assert {"arc_issue", "employment_permit_review"} <= set(services)  # apps still to build
    with translation.override("en"):
        assert str(catalogue.label("goldcard_reissue")) == "Employment Gold Card reissue"


def test_a_rate_for_a_service_nobody_declares_is_refused():
    rate = FeeRate(service="visa_on_arrival", amount=100, valid_from=datetime.date(2026, 1, 1))

    with pytest.raises(ValidationError) as refused:
        rate.full_clean()
    assert "service" in refused.value.message_dict


def test_pricing_an_undeclared_service_fails_plainly():
    with pytest.raises(PricingError):
        price("visa_on_arrival")
