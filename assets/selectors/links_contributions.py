"""What the wards app's ward page shows of developer contributions, through localism.core.links:
the Section 106 and CIL money received, allocated and spent for sites in the ward, and its
neighbourhood CIL available this financial year, each linking to the ward's contributions page.
A fixed number of queries for any number of wards."""

from django.urls import reverse

from localism.core.links import Link

from ..services import neighbourhood_cil as ncil
from .contributions import wards_money


def ward_contribution_links(wards) -> dict[int, list[Link]]:
    period = ncil.current_period()
    found = {}
    for row in wards_money(wards, period=period):
        url = reverse("contributions:ward", kwargs={"slug": row.ward.slug})
        received = row.s106["received"] + row.cil["received"]
        allocated = row.s106["allocated"] + row.ncil_allocated
        spent = row.s106["spent"] + row.ncil_spent
        found[row.ward.pk] = [
            Link("Contributions received", url, note=f"£{received:,.2f}"),
            Link("Allocated", url, note=f"£{allocated:,.2f}"),
            Link("Spent", url, note=f"£{spent:,.2f}"),
            Link(f"Neighbourhood CIL available ({period})", url, note=f"£{row.ncil_available:,.2f}"),
        ]
    return found
