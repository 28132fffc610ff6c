"""For the tenancy walk (tests/foundation/test_tenancy.py): kwargs addressing a given agency's ledger."""

from gongkai.disclosures.models import Attachment, CatalogueNode, DisclosureItem


def _item(agency):
    pk = DisclosureItem.objects.filter(agency=agency).order_by("pk").values_list("pk", flat=True).first()
    return {"pk": pk} if pk else None


def _node(agency):
    pk = CatalogueNode.objects.filter(agency=agency).order_by("pk").values_list("pk", flat=True).first()
    return {"pk": pk} if pk else None


def _attachment(agency):
    att = Attachment.objects.filter(item__agency=agency).order_by("pk").first()
    return {"pk": att.item_id, "att_id": att.pk} if att else None


def _agency(agency):
    return {"agency_id": agency.pk}


TENANCY_SAMPLES = {
    "detail": _item,
    "edit": _item,
    "act": lambda agency: {**_item(agency), "name": "submit"} if _item(agency) else None,
    "node": _node,
    "attachment": _attachment,
    "catalogue": _agency,
    "guide": _agency,
    "settings": _agency,
    "tallies": _agency,
}
