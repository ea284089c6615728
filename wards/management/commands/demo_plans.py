"""Create demonstration Ward Forums, meetings, Ward Plans and budgets for a few wards.

Everything is marked as demonstration data: plans, forums and meetings carry is_demo, invented
organisations' names end with "(demo)", and the only people involved are the demo accounts.
Everything is made through the services, acting as the demo admin (the wards are not all the
demo councillor's); progress on the actions the demo officer leads is posted by that officer.
Running it again creates nothing new.
"""

import datetime
from collections import Counter
from decimal import Decimal
from zoneinfo import ZoneInfo

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.utils import timezone

from localism.accounts import services as account_services
from localism.accounts.models import Organisation, User
from localism.core.errors import ServiceError
from wards import services
from wards.demo.plans import AREAS, ORGANISATIONS
from wards.models import PlanStatus, Ward, WardBudget, WardForum, WardPlan
from wards.models.plans import financial_year, period_after

LONDON = ZoneInfo("Europe/London")
DEMO_USERS = ["admin", "officer"]


def evening(day: datetime.date, weekday: int, hour: int = 18, minute: int = 30) -> datetime.datetime:
    """The first given weekday on or after the day, at an evening time in Birmingham."""
    day += datetime.timedelta(days=(weekday - day.weekday()) % 7)
    return datetime.datetime.combine(day, datetime.time(hour, minute), tzinfo=LONDON)


class Command(BaseCommand):
    help = ("Create demonstration Ward Forums, meetings, Ward Plans and budgets for four wards "
            "(needs the demo_accounts users). Safe to run again.")

    def handle(self, *args, **options):
        users = {u.username: u for u in User.objects.filter(username__in=DEMO_USERS)}
        if len(users) < len(DEMO_USERS):
            raise CommandError("Run demo_accounts first: the 'admin' and 'officer' users are needed.")
        self.admin, self.officer = users["admin"], users["officer"]
        self.now = timezone.now()
        self.today = timezone.localdate(self.now)
        self.period = financial_year(self.today)
        self.next_period = period_after(self.period)
        self.created = Counter()
        try:
            with transaction.atomic():
                self.organisations = self._organisations()
                for area in AREAS:
                    self._area(area)
        except (ValidationError, ServiceError) as error:
            raise CommandError(f"Could not create the demonstration plans: {error}") from error

        if not sum(self.created.values()):
            self.stdout.write("Nothing new: the demonstration forums, plans and budgets are already in place.")
            return
        c = self.created
        self.stdout.write(
            f"Created {c['organisations']} organisations, {c['forums']} forums, {c['held']} held and "
            f"{c['planned']} planned meetings, {c['published']} published {self.period} and {c['drafts']} draft "
            f"{self.next_period} plans, {c['priorities']} priorities, {c['actions']} actions, "
            f"{c['progress']} progress updates, {c['budgets']} budgets and {c['spend']} spend lines."
        )

    # Organisations, forums and meetings

    def _organisations(self) -> dict[str, Organisation]:
        organisations, new = account_services.organisations_ensure(specs=ORGANISATIONS, is_demo=True)
        self.created["organisations"] += new
        return organisations

    def _area(self, area: dict) -> None:
        try:
            wards = [Ward.objects.current().get(gss_code=code) for code in area["wards"]]
        except Ward.DoesNotExist as error:
            raise CommandError("Load the wards first: manage.py load_wards --commit") from error
        before = sum(self.created.values())
        self._forum(area, wards)
        plan = self._plans(area, wards)
        if plan is not None:
            self._budgets(area, wards, plan)
        ward_names = ", ".join(w.name for w in wards)
        made = "created" if sum(self.created.values()) > before else "already in place"
        self.stdout.write(f"  {area['name']} ({ward_names}): {made}")

    def _forum(self, area: dict, wards: list[Ward]) -> WardForum:
        spec = area["forum"]
        forum = WardForum.objects.filter(name=spec["name"], is_demo=True).first()
        if forum is None:
            forum = services.ward_forum_create(
                user=self.admin, name=spec["name"], description=spec["description"], wards=wards,
                members=[self.organisations[k] for k in spec["members"]], is_demo=True)
            self.created["forums"] += 1
        if not forum.meetings.filter(is_demo=True).exists():
            self._meetings(area, forum)
        return forum

    def _meetings(self, area: dict, forum: WardForum) -> None:
        texts = {"period": self.period, "next_period": self.next_period}
        for spec in area["held"] + area["planned"]:
            starts_at = evening(self.today + datetime.timedelta(days=spec["days"]), spec["weekday"])
            meeting = services.forum_meeting_schedule(
                forum=forum, user=self.admin, starts_at=starts_at, ends_at=starts_at + datetime.timedelta(hours=2),
                venue=spec["venue"], agenda=spec["agenda"].format(**texts), is_demo=True,
                allow_past=True,  # the held meetings of the demonstration are in the past
            )
            if "minutes" in spec:
                services.forum_meeting_record(
                    meeting=meeting, user=self.admin, minutes=spec["minutes"].format(**texts),
                    attendance_count=spec["attendance"],
                    organisations=[self.organisations[k] for k in spec["attended"]], now=self.now,
                )
                self.created["held"] += 1
            else:
                self.created["planned"] += 1

    # Plans

    def _plans(self, area: dict, wards: list[Ward]) -> WardPlan | None:
        """The area's published demo plan for this year (made if missing) and next year's draft."""
        if WardPlan.objects.filter(wards__in=wards, is_demo=False).exists():
            self.stdout.write(f"  {area['name']} has plans of its own: no demonstration plans added.")
            return None
        plan = WardPlan.objects.filter(wards__in=wards, period=self.period, is_demo=True).distinct().first()
        if plan is None:
            plan = self._published_plan(area, wards)
        if not WardPlan.objects.filter(wards__in=wards, period=self.next_period).exists():
            self._draft_plan(area, wards, plan)
        return plan

    def _published_plan(self, area: dict, wards: list[Ward]) -> WardPlan:
        spec = area["plan"]
        plan = services.ward_plan_create(
            user=self.admin, wards=wards, period=self.period, title=f"{spec['title']} {self.period}",
            summary=spec["summary"], is_demo=True,
        )
        for item in spec["priorities"]:
            self._priority(plan, item)
        plan.refresh_from_db()
        plan = services.ward_plan_set_status(plan=plan, user=self.admin, version=plan.version,
                                             status=PlanStatus.PUBLISHED, now=self.now)
        self.created["published"] += 1
        return plan

    def _draft_plan(self, area: dict, wards: list[Ward], published: WardPlan) -> WardPlan:
        spec, changes = area["plan"], area["draft"]
        draft = services.ward_plan_create(
            user=self.admin, wards=wards, period=self.next_period,
            title=f"{spec['title']} {self.next_period}",
            summary=f"Draft for {self.next_period}, carried over from {self.period}. " + spec["summary"],
            copy_from=published, is_demo=True,
        )
        self.created["drafts"] += 1
        edit = changes["edit"]
        target = draft.priorities.get(position=edit["position"])
        services.priority_update(
            priority=target, user=self.admin, version=target.version, title=edit["title"],
            description=edit["description"], theme=target.theme, source=target.source,
            neighbourhood=target.neighbourhood,
        )
        self._priority(draft, changes["add"])
        return draft

    def _priority(self, plan: WardPlan, spec: dict) -> None:
        item = services.priority_create(plan=plan, user=self.admin, title=spec["title"],
                                        description=spec["description"], theme=spec["theme"],
                                        source=spec["source"])
        self.created["priorities"] += 1
        for a in spec["actions"]:
            action = services.action_create(
                priority=item, user=self.admin, description=a["description"],
                lead_organisation=self.organisations[a["lead"]],
                lead_officer=self.officer if a["officer"] else None,
                partners=[self.organisations[k] for k in a["partners"]],
                due_date=self.today + datetime.timedelta(days=a["due"]), status=a["status"], allow_past=True,
            )
            self.created["actions"] += 1
            author = self.officer if a["officer"] else self.admin
            for note, status in a["updates"]:
                services.progress_update_create(action=action, user=author, note=note, status=status)
                self.created["progress"] += 1

    # Budgets

    def _budgets(self, area: dict, wards: list[Ward], plan: WardPlan) -> None:
        """A budget for each ward this year, with spend lines, unless the ward has one already."""
        priorities = {p.position: p for p in plan.priorities.all()}
        year_start = datetime.date(int(self.period[:4]), 4, 1)
        for ward in wards:
            if WardBudget.objects.filter(ward=ward, period=self.period).exists():
                continue
            budget = services.ward_budget_set(user=self.admin, ward=ward, period=self.period,
                                              allocation=area["budgets"][ward.gss_code])
            self.created["budgets"] += 1
            for line in (s for s in area["spend"] if s["ward"] == ward.gss_code):
                services.spend_line_create(
                    budget=budget, user=self.admin, description=line["description"],
                    amount=Decimal(line["amount"]), priority=priorities.get(line["priority"]),
                    spent_on=max(year_start, self.today - datetime.timedelta(days=line["days"])),
                )
                self.created["spend"] += 1
