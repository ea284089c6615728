"""The register's pages: the public list (filtered by ward, tenure, holding type and community
asset status, with the assets outside Birmingham's wards listed as such) and each asset's page,
which anyone may read; and for asset officers, adding and editing an asset, importing a register
file (upload, read the dry run's report, confirm) and confirming disposals."""

import hashlib
import io
import secrets
from pathlib import Path

from django.conf import settings
from django.contrib import messages
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from localism.core.errors import Conflict
from localism.core.paging import page_of
from localism.core.views import form_page, posted, refusal

from .. import rules_proposals as proposal_rules
from .. import services
from ..forms.register import AssetFilterForm, AssetForm, ConfirmDisposalForm, ConfirmImportForm, RegisterUploadForm
from ..models import Asset
from ..selectors import proposals as proposal_selectors
from ..selectors import register as selectors

ASSETS_PER_PAGE = 50
MANAGE = "assets.change_asset"
ADD = "assets.add_asset"
ASSET_ADDED = "The asset has been added."
ASSET_UPDATED = "The asset has been updated."
IMPORTED = "The register file has been imported."
NOTHING_TO_CONFIRM = "There is no checked file to import: upload it again."
DISPOSAL_CONFIRMED = "The disposal of {name} has been confirmed."
SESSION_KEY = "asset_import"


@require_GET
def asset_list(request):
    form = AssetFilterForm(request.GET or None, holding_types=selectors.holding_types())
    assets = selectors.asset_list(**form.filters())
    page = page_of(request, assets, ASSETS_PER_PAGE)
    return render(request, "assets/list.html", {
        "form": form, "page": page, "assets": page.object_list,
        "may_manage": request.user.has_perm(MANAGE), "outside": form.filters().get("outside_birmingham"),
    })


@require_GET
def asset_detail(request, pk):
    asset = get_object_or_404(selectors.asset_with_ward(), pk=pk)
    may_manage = request.user.has_perm(MANAGE, asset)
    may_propose = not asset.disposed_at and request.user.has_perm("assets.propose_asset_use", asset)
    # The uses proposed from Ward Plans: for asset officers and the ward's councillors.
    sees_proposals = request.user.has_perm("assets.answer_asset_use") or (
        asset.ward_id and proposal_rules.seated_in_asset_ward.test(request.user, asset))
    return render(request, "assets/detail.html", {
        "asset": asset, "may_manage": may_manage, "may_propose": may_propose,
        "proposals": proposal_selectors.asset_proposals(asset) if sees_proposals else None,
        "history": selectors.asset_history(asset) if may_manage else None,
    })


@require_http_methods(["GET", "POST"])
def asset_new(request):
    if refused := refusal(request, ADD, None):
        return refused
    form = AssetForm(posted(request))
    if form.is_bound and form.is_valid():
        asset = form.submit(services.asset_create, user=request.user, **form.asset_fields())
        if asset is not None:
            messages.success(request, ASSET_ADDED)
            return redirect(asset)
    return form_page(request, "assets/form.html", {"form": form})


@require_http_methods(["GET", "POST"])
def asset_edit(request, pk):
    asset = get_object_or_404(Asset, pk=pk)
    if refused := refusal(request, MANAGE, asset):
        return refused
    form = AssetForm(posted(request), editing=True, initial=AssetForm.initial_for(asset))
    if form.is_bound and form.is_valid():
        saved = form.submit(services.asset_update, user=request.user, asset_id=asset.pk,
                            version=form.cleaned_data["version"], **form.asset_fields())
        if saved is not None:
            messages.success(request, ASSET_UPDATED)
            return redirect(saved)
    return form_page(request, "assets/form.html", {"form": form, "asset": asset})


def _staging_dir() -> Path:
    return Path(settings.MEDIA_ROOT) / "asset-imports"


def _staged(request) -> tuple[dict, Path] | None:
    held = request.session.get(SESSION_KEY)
    if not held:
        return None
    path = _staging_dir() / f"{held['token']}.csv"
    return (held, path) if path.exists() else None


@require_http_methods(["GET", "POST"])
def register_import(request):
    """Upload a register file; it is read as a dry run and its report shown. Only a file with
    no problems can be confirmed, and the confirmation imports the very file that was checked
    (kept on the server for the confirmation, named by a token in the officer's session)."""
    if refused := refusal(request, MANAGE, None):
        return refused
    if request.method == "POST" and "token" in request.POST:
        return _confirm_import(request)
    form = RegisterUploadForm(request.POST or None, request.FILES or None)
    report = problems = None
    if form.is_bound and form.is_valid():
        data = form.cleaned_data["file"].read()
        try:
            report = services.assets_import(user=request.user, data=data, commit=False)
        except services.AssetImportError as e:
            problems = e.problems
        else:
            if earlier := _staged(request):  # a checked file never confirmed: this one replaces it
                earlier[1].unlink(missing_ok=True)
            token = secrets.token_hex(16)
            _staging_dir().mkdir(parents=True, exist_ok=True)
            (_staging_dir() / f"{token}.csv").write_bytes(data)
            request.session[SESSION_KEY] = {"token": token, "name": form.cleaned_data["file"].name[:200],
                                            "sha256": hashlib.sha256(data).hexdigest()}
    status = 400 if (problems or form.errors) else 200
    return render(request, "assets/import.html", {
        "form": form, "report": report, "problems": problems,
        "confirm": ConfirmImportForm(initial={"token": request.session.get(SESSION_KEY, {}).get("token")}),
        "max_mb": settings.ASSETS_IMPORT_MAX_BYTES / 1_000_000,
    }, status=status)


def _confirm_import(request):
    form = ConfirmImportForm(request.POST)
    staged = _staged(request)
    if not form.is_valid() or staged is None or staged[0]["token"] != form.cleaned_data["token"]:
        messages.error(request, NOTHING_TO_CONFIRM)
        return redirect("assets:import")
    held, path = staged
    data = path.read_bytes()
    try:
        if hashlib.sha256(data).hexdigest() != held["sha256"]:
            raise services.AssetImportError([NOTHING_TO_CONFIRM])
        report = services.assets_import(user=request.user, data=data, commit=True)
    except services.AssetImportError as e:
        return render(request, "assets/import.html", {
            "form": RegisterUploadForm(), "problems": e.problems,
            "max_mb": settings.ASSETS_IMPORT_MAX_BYTES / 1_000_000}, status=400)
    finally:
        path.unlink(missing_ok=True)
        request.session.pop(SESSION_KEY, None)
    messages.success(request, IMPORTED + " " + report.lines()[0].capitalize() + ".")
    return redirect("assets:disposals" if report.missing else "assets:list")


@require_GET
def disposals(request):
    if refused := refusal(request, MANAGE, None):
        return refused
    page = page_of(request, selectors.assets_awaiting_disposal(), ASSETS_PER_PAGE)
    return render(request, "assets/disposals.html", {"page": page, "assets": page.object_list})


@require_POST
def disposal_confirm(request, pk):
    asset = get_object_or_404(Asset, pk=pk)
    if refused := refusal(request, MANAGE, asset):
        return refused
    form = ConfirmDisposalForm(request.POST)
    if not form.is_valid():
        raise Http404("No such confirmation.")
    try:
        services.asset_disposal_confirm(user=request.user, asset_id=asset.pk, version=form.cleaned_data["version"])
    except Conflict as e:
        messages.error(request, e.message)
    else:
        messages.success(request, DISPOSAL_CONFIRMED.format(name=asset.name))
    page = request.POST.get("page", "")  # back to the page it was confirmed on (page_of forgives one past the end)
    back = reverse("assets:disposals")
    return redirect(f"{back}?page={page}" if page.isdigit() and len(page) < 10 else back)


@require_GET
def register_export(request):
    """The register in the Transparency Code's columns, for anyone (it is what the Code publishes)."""
    out = io.StringIO()
    selectors.register_csv_write(out)
    response = HttpResponse(out.getvalue(), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = 'attachment; filename="birmingham-land-and-assets.csv"'
    return response
