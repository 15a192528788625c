"""Carrying an approved data change or pickup change into the card's record. The card's
answers keep the applicant's data; the change is recorded in the service case and its audit
row, and the card's columns that queries use are updated with them."""

from goldcard.models.case import GoldCardCase
from goldcard.models.choices import Service
from portal.forms.address import ADDRESS_PARTS


def apply_change(service_case) -> None:
    card = GoldCardCase.objects.select_for_update().get(pk=service_case.card_id)
    answers = {code: dict(values) for code, values in card.answers.items()}
    if service_case.service == Service.DATA_CHANGE:
        change = service_case.section_answers("data_change")
        items = set(change.get("changes") or [])
        if "address" in items:
            answers.setdefault("residence", {}).update(
                {part: change.get(part, "") for part in ADDRESS_PARTS}
            )
        if "passport" in items:
            passport = answers.setdefault("passport", {})
            passport["previous_passport_number"] = passport.get("passport_number", "")
            passport["passport_number"] = change.get("new_passport_number", "")
            passport["expiry_date"] = change.get("new_passport_expiry", "")
        if "phone" in items:
            answers.setdefault("basic", {})["home_phone"] = change.get("new_phone", "")
        if "email" in items:
            answers.setdefault("basic", {})["email"] = change.get("new_email", "")
            card.applicant_email = change.get("new_email", "")
    elif service_case.service == Service.PICKUP_CHANGE:
        change = service_case.section_answers("pickup_change")
        if change.get("new_mission"):
            answers.setdefault("visa", {})["mission"] = change["new_mission"]
        station = str(change.get("new_station") or "")
        if station.isdigit():
            answers.setdefault("residence", {})["pickup_station"] = station
            card.pickup_station_id = int(station)
    card.answers = answers
    card.save(update_fields=["answers", "applicant_email", "pickup_station", "updated_at"])
