import factory

from assets.models import Asset, Tenure


class AssetFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Asset

    asset_code = factory.Sequence(lambda n: f"BCC/{n:05d}")
    name = factory.Sequence(lambda n: f"Council building {n}")
    street = "Victoria Square"
    post_town = "Birmingham"
    tenure = Tenure.FREEHOLD
    tenure_detail = "Occupied by the local authority"
    holding_type = "Land and Building"
