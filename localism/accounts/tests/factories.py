import factory
from rest_framework.authtoken.models import Token

from localism.accounts.models import Organisation, User


class OrganisationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Organisation
        django_get_or_create = ["name"]

    name = factory.Sequence(lambda n: f"Organisation {n}")
    slug = factory.Sequence(lambda n: f"organisation-{n}")
    kind = Organisation.Kind.VOLUNTARY_COMMUNITY


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        django_get_or_create = ["username"]
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"user{n}")
    first_name = factory.Faker("first_name", locale="en_GB")
    last_name = factory.Faker("last_name", locale="en_GB")
    email = factory.LazyAttribute(lambda u: f"{u.username}@example.org")
    role = User.Role.RESIDENT
    password = factory.django.Password("correct horse battery staple")

    class Params:
        admin = factory.Trait(role=User.Role.ADMIN, is_staff=True, is_superuser=True)
        councillor = factory.Trait(role=User.Role.COUNCILLOR)
        officer = factory.Trait(role=User.Role.OFFICER)
        partner = factory.Trait(role=User.Role.PARTNER, organisation=factory.SubFactory(OrganisationFactory))


def token_for(user) -> str:
    return Token.objects.get_or_create(user=user)[0].key
