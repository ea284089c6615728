from django.apps import AppConfig


class AssetsConfig(AppConfig):
    name = "assets"

    def ready(self):
        from localism.core import links

        from .selectors import contracts as contract_links
        from .selectors import links as asset_links
        from .selectors import links_contributions
        from .services import notices

        notices.declare()  # the kinds of event the assets app publishes (localism.core.events)

        # The wards app's pages show the assets in a ward and the uses proposed from a plan.
        links.provide("ward_assets", asset_links.ward_asset_links)
        links.provide("priority_assets", asset_links.priority_asset_links)
        links.provide("priority_propose", asset_links.priority_propose_links)
        # The contracts serving a ward, renewing soonest first, with their renewal window's state.
        links.provide("ward_contracts", contract_links.ward_contract_links)
        # The ward page shows the developer contributions in the ward.
        links.provide("ward_contributions", links_contributions.ward_contribution_links)
