"""The pages of the council's service contracts: the public list (filtered by ward, status and
whether the renewal window is open) and each contract's page (specifications, reviews, the wards'
input and answers, the window's dates); for commissioning officers, adding and editing a contract,
adding a specification version and a review, answering the wards' input, recording the renewal
decision and importing an OCDS release package; for a ward's councillors, the input form. Each
page asks the rules; the services check them again and raise typed errors that land on the forms."""

from django import forms
from django.contrib import messages
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.views.decorators.http import require_GET, require_http_methods

from localism.core.errors import Invalid
from localism.core.forms import BoundedModelChoiceField
from localism.core.paging import page_of
from localism.core.views import deny, form_page, posted, refusal
from wards.models import Priority, Ward

from ..forms.contracts import (
    AnswerForm,
    ContractEditForm,
    ContractForm,
    ImportForm,
    RenewalForm,
    ReviewForm,
    SpecificationForm,
    WardInputForm,
)
from ..models import Contract, WardInput
from ..rules_contracts import can_submit_ward_input
from ..selectors import contracts as selectors
from ..services import contracts as services
from ..services import contracts_ocds as ocds

PER_PAGE = 50
MANAGE = "assets.manage_contracts"
FIELDS = services.FIELDS


class FilterForm(forms.Form):
    ward = BoundedModelChoiceField(queryset=Ward.objects.current().order_by("name"), to_field_name="gss_code",
                                  required=False, empty_label="All wards", label="Ward")
    status = forms.ChoiceField(choices=[("", "Any status"), *Contract.Status.choices], required=False, label="Status")
    window = forms.BooleanField(required=False, label="Only contracts open to wards' input")


def _contract(pk):
    try:
        return selectors.contract_get(pk=pk)
    except Contract.DoesNotExist:
        raise Http404("No contract has that address.") from None


@require_GET
def contract_list(request):
    form = FilterForm(request.GET or None)
    data = form.cleaned_data if form.is_valid() else {}
    today = timezone.localdate()
    contracts = selectors.contract_list(ward=data.get("ward"), status=data.get("status") or None,
                                        window_open=bool(data.get("window")), today=today)
    page = page_of(request, contracts, PER_PAGE)
    rows = [(c, c.window_state(today)) for c in page.object_list]
    return render(request, "assets/contracts/list.html", {
        "form": form, "page": page, "rows": rows,
        "may_manage": request.user.has_perm(MANAGE)})


@require_GET
def contract_detail(request, pk):
    contract = _contract(pk)
    today = timezone.localdate()
    return render(request, "assets/contracts/detail.html", {
        "contract": contract, "state": contract.window_state(today), "opens": contract.window_opens(),
        "may_manage": request.user.has_perm(MANAGE, contract),
        "may_input": contract.window_is_open(today) and can_submit_ward_input.test(request.user, contract),
        "unanswered": [i for i in contract.ward_inputs.all() if not i.answer]})


def _values(form):
    return {k: v for k, v in form.cleaned_data.items() if k in FIELDS}


@require_http_methods(["GET", "POST"])
def contract_new(request):
    if refused := refusal(request, MANAGE, None):
        return refused
    form = ContractForm(posted(request))
    if form.is_bound and form.is_valid():
        data = form.cleaned_data
        contract = form.submit(services.contract_create, user=request.user, wards=data["wards"],
                               suppliers=data["suppliers"], **_values(form))
        if contract is not None:
            messages.success(request, "The contract has been added.")
            return redirect(contract)
    return form_page(request, "assets/contracts/form.html", {"form": form, "heading": "Add a contract"})


@require_http_methods(["GET", "POST"])
def contract_edit(request, pk):
    contract = get_object_or_404(Contract, pk=pk)
    if refused := refusal(request, MANAGE, contract):
        return refused
    initial = {name: getattr(contract, name) for name in FIELDS}
    initial.update(wards=list(contract.wards.all()), suppliers=list(contract.suppliers.all()),
                   version=contract.version)
    form = ContractEditForm(posted(request), initial=initial)
    if form.is_bound and form.is_valid():
        data = form.cleaned_data
        saved = form.submit(services.contract_update, user=request.user, contract=contract, version=data["version"],
                            wards=data["wards"], suppliers=data["suppliers"], **_values(form))
        if saved is not None:
            messages.success(request, "The contract has been updated.")
            return redirect(saved)
    return form_page(request, "assets/contracts/form.html", {"form": form, "contract": contract,
                                                             "heading": f"Edit {contract.title}"})


def _staff_form(request, pk, form_class, service, heading, done, **extra):
    contract = get_object_or_404(Contract, pk=pk)
    if refused := refusal(request, MANAGE, contract):
        return refused
    form = form_class(posted(request), initial={"version": contract.version})
    if form.is_bound and form.is_valid():
        saved = form.submit(service, user=request.user, contract=contract, **form.cleaned_data, **extra)
        if saved is not None:
            messages.success(request, done)
            return redirect(contract)
    return form_page(request, "assets/contracts/form.html", {"form": form, "contract": contract,
                                                             "heading": heading.format(title=contract.title)})


@require_http_methods(["GET", "POST"])
def specification_new(request, pk):
    return _staff_form(request, pk, SpecificationForm, services.specification_add,
                       "Add a specification version to {title}", "The specification version has been added.")


@require_http_methods(["GET", "POST"])
def review_new(request, pk):
    return _staff_form(request, pk, ReviewForm, services.review_add, "Add a review of {title}",
                       "The review has been added.")


@require_http_methods(["GET", "POST"])
def renewal_record(request, pk):
    return _staff_form(request, pk, RenewalForm, services.renewal_record, "Record the renewal decision on {title}",
                       "The renewal decision has been recorded.")


@require_http_methods(["GET", "POST"])
def input_answer(request, pk, input_pk):
    ward_input = get_object_or_404(WardInput.objects.select_related("contract", "ward"), pk=input_pk, contract_id=pk)
    if refused := refusal(request, MANAGE, ward_input.contract):
        return refused
    form = AnswerForm(posted(request), initial={"version": ward_input.version, "answer": ward_input.answer})
    if form.is_bound and form.is_valid():
        saved = form.submit(services.ward_input_answer, user=request.user, ward_input=ward_input,
                            answer=form.cleaned_data["answer"], version=form.cleaned_data["version"])
        if saved is not None:
            messages.success(request, "Your answer has been recorded.")
            return redirect(ward_input.contract)
    return form_page(request, "assets/contracts/form.html", {
        "form": form, "contract": ward_input.contract, "ward_input": ward_input,
        "heading": f"Answer {ward_input.ward.name}'s input on {ward_input.contract.title}"})


@require_http_methods(["GET", "POST"])
def input_new(request, pk):
    contract = get_object_or_404(Contract, pk=pk)
    if not can_submit_ward_input.test(request.user, contract):  # a seat, for admins too
        return deny(request)
    today = timezone.localdate()
    wards = services.input_wards(request.user, contract)
    priorities = (Priority.objects.filter(plan__wards__in=wards).distinct().select_related("plan")
                  .order_by("plan__title", "position", "pk"))
    form = WardInputForm(posted(request), wards=wards, priorities=priorities,
                         initial={"ward": wards.first() if wards.count() == 1 else None})
    if not contract.window_is_open(today):
        form.add_error(None, services.WINDOW_CLOSED.format(opens=f"{contract.window_opens():%-d %B %Y}",
                                                           closes=f"{contract.decision_due:%-d %B %Y}"))
    elif form.is_bound and form.is_valid():
        data = form.cleaned_data
        saved = form.submit(services.ward_input_submit, user=request.user, contract=contract, ward=data["ward"],
                            statement=data["statement"], priorities=data["priorities"], today=today)
        if saved is not None:
            messages.success(request, "The ward's input has been sent to the commissioning officers.")
            return redirect(contract)
    return form_page(request, "assets/contracts/form.html", {
        "form": form, "contract": contract, "heading": f"Give your ward's input on {contract.title}",
        "intro": "Say what the ward wants from the renewal, linked to priorities of its Ward Plan. The "
                 "commissioning officer answers before the renewal decision is recorded."})


@require_http_methods(["GET", "POST"])
def contract_import(request):
    if refused := refusal(request, MANAGE, None):
        return refused
    form = ImportForm(request.POST or None, request.FILES or None)
    counts = None
    if form.is_bound and form.is_valid():
        data = form.cleaned_data["file"].read(ocds.MAX_BYTES + 1)
        commit = request.POST.get("commit") == "yes"
        try:
            counts = ocds.contracts_import(user=request.user, data=data, commit=commit)
        except Invalid as error:
            for message in error.message_dict.get("file", error.messages):
                form.add_error("file", message)
        else:
            if commit:
                messages.success(request, f"Imported: {counts['created']} added, {counts['updated']} updated.")
                return redirect("contracts:list")
    return form_page(request, "assets/contracts/import.html", {"form": form, "counts": counts})
