"""Uses proposed for assets from Ward Plans: a councillor of the asset's ward proposes, from a
priority of their plan; asset officers see and answer; nobody else. The pages and the service
agree, and the plan page shows the proposal under its priority."""

import pytest
from django.urls import reverse

from assets.models import AssetUseProposal
from assets.services import proposals as services
from assets.tests.conftest import asset_officer
from assets.tests.factories import AssetFactory
from localism.accounts.tests.factories import UserFactory
from localism.core.errors import Invalid, Refused
from wards.models import Ward
from wards.tests.factories import CouncillorSeatFactory
from wards.tests.factories_plans import PriorityFactory, WardPlanFactory

pytestmark = pytest.mark.django_db

SBHE, SHARD_END = "E05011170", "E05011165"
Status = AssetUseProposal.Status


def ward(code):
    return Ward.objects.current().get(gss_code=code)


@pytest.fixture
def setting():
    sbhe = ward(SBHE)
    plan = WardPlanFactory(wards=[sbhe])
    return {
        "asset": AssetFactory(name="Former Ladypool Road depot", ward=sbhe),
        "priority": PriorityFactory(plan=plan, title="Somewhere for young people"),
        "people": {
            "councillor_own": CouncillorSeatFactory(ward=sbhe).councillor,
            "councillor_other": CouncillorSeatFactory(ward=ward(SHARD_END)).councillor,
            "officer": UserFactory(officer=True),
            "asset_officer": asset_officer(),
            "partner": UserFactory(partner=True),
            "resident": UserFactory(),
        },
    }


def _post(client, setting, user, **extra):
    if user is not None:
        client.force_login(user)
    data = {"asset": setting["asset"].pk, "priority": setting["priority"].pk,
            "proposed_use": "A youth club run with the local mosque's volunteers.", **extra}
    return client.post(reverse("assets:proposal-new") + f"?asset={setting['asset'].pk}", data)


def test_a_councillor_of_the_ward_proposes_a_use(client, setting):
    response = _post(client, setting, setting["people"]["councillor_own"])
    proposal = AssetUseProposal.objects.get()
    assert response.status_code == 302 and response.url == proposal.get_absolute_url()
    assert proposal.status == Status.PROPOSED and proposal.priority == setting["priority"]
    assert proposal.proposed_by == setting["people"]["councillor_own"]
    assert proposal.history.count() == 1


@pytest.mark.parametrize("role", ["councillor_other", "officer", "asset_officer", "partner", "resident"])
def test_nobody_else_proposes(client, setting, role):
    user = setting["people"][role]
    client.force_login(user)
    page = client.get(reverse("assets:proposal-new") + f"?asset={setting['asset'].pk}")
    assert page.status_code == 403
    assert _post(client, setting, user).status_code == 403
    with pytest.raises(Refused):
        services.asset_use_propose(user=user, asset=setting["asset"], priority=setting["priority"],
                                   proposed_use="Anything")
    assert not AssetUseProposal.objects.exists()


def test_anonymous_is_sent_to_sign_in(client, setting):
    response = _post(client, setting, None)
    assert response.status_code == 302 and response.url.startswith("/accounts/login/")
    assert not AssetUseProposal.objects.exists()


def test_a_priority_of_another_wards_plan_is_refused_on_the_form(client, setting):
    other_plan = WardPlanFactory(wards=[ward(SHARD_END)])
    other = PriorityFactory(plan=other_plan)
    councillor = setting["people"]["councillor_own"]
    # A priority the councillor cannot edit, or of another ward, is not accepted.
    with pytest.raises(Invalid) as raised:
        services.asset_use_propose(user=councillor, asset=setting["asset"], priority=other, proposed_use="x")
    assert services.PRIORITY_NOT_YOURS in str(raised.value)
    response = _post(client, setting, councillor, proposed_use="")
    assert response.status_code == 400 and "Enter the use you propose" in response.content.decode()


def test_a_second_open_proposal_from_the_same_priority_is_refused(client, setting):
    _post(client, setting, setting["people"]["councillor_own"])
    response = _post(client, setting, setting["people"]["councillor_own"])
    assert response.status_code == 409
    assert "already has a proposal" in response.content.decode()


def test_asset_officers_see_and_answer(client, setting):
    councillor = setting["people"]["councillor_own"]
    proposal = services.asset_use_propose(user=councillor, asset=setting["asset"], priority=setting["priority"],
                                          proposed_use="A youth club")
    officer = setting["people"]["asset_officer"]
    client.force_login(officer)
    listing = client.get(reverse("assets:proposals")).content.decode()
    assert "Former Ladypool Road depot" in listing and "A youth club" in listing
    assert "A youth club" in client.get(setting["asset"].get_absolute_url()).content.decode()
    # Agreeing needs the reasons.
    page = client.post(proposal.get_absolute_url(), {"status": Status.AGREED, "answer": "", "version": 1})
    assert page.status_code == 400 and services.ANSWER_MISSING in page.content.decode()
    page = client.post(proposal.get_absolute_url(), {"status": Status.AGREED, "version": 1,
                                                    "answer": "Agreed for a five-year licence."})
    assert page.status_code == 302
    proposal.refresh_from_db()
    assert proposal.status == Status.AGREED and proposal.answered_by == officer
    # The councillor reads the answer; another ward's councillor may not.
    client.force_login(councillor)
    assert "Agreed for a five-year licence." in client.get(proposal.get_absolute_url()).content.decode()
    client.force_login(setting["people"]["councillor_other"])
    assert client.get(proposal.get_absolute_url()).status_code == 403


@pytest.mark.parametrize("role", ["councillor_own", "councillor_other", "officer", "partner", "resident"])
def test_only_asset_officers_answer_and_list(client, setting, role):
    proposal = services.asset_use_propose(user=setting["people"]["councillor_own"], asset=setting["asset"],
                                          priority=setting["priority"], proposed_use="A youth club")
    client.force_login(setting["people"][role])
    assert client.get(reverse("assets:proposals")).status_code == 403
    response = client.post(proposal.get_absolute_url(), {"status": Status.DECLINED, "answer": "No", "version": 1})
    assert response.status_code == 403
    proposal.refresh_from_db()
    assert proposal.status == Status.PROPOSED


def test_the_plan_page_shows_the_proposal_under_its_priority(client, setting):
    councillor = setting["people"]["councillor_own"]
    services.asset_use_propose(user=councillor, asset=setting["asset"], priority=setting["priority"],
                               proposed_use="A youth club")
    client.force_login(councillor)
    html = client.get(setting["priority"].plan.get_absolute_url()).content.decode()
    assert "A use proposed for Former Ladypool Road depot" in html
    assert f"{reverse('assets:proposal-new')}?priority={setting['priority'].pk}" in html
    # The asset's page offers the councillor the form.
    assert "Propose a use for this asset" in client.get(setting["asset"].get_absolute_url()).content.decode()
    client.force_login(setting["people"]["councillor_other"])
    assert "Propose a use for this asset" not in client.get(setting["asset"].get_absolute_url()).content.decode()


def test_the_form_from_a_priority_offers_the_wards_assets(client, setting):
    client.force_login(setting["people"]["councillor_own"])
    AssetFactory(name="Elsewhere", ward=ward(SHARD_END))
    html = client.get(reverse("assets:proposal-new") + f"?priority={setting['priority'].pk}").content.decode()
    assert "Former Ladypool Road depot" in html and "Elsewhere" not in html
