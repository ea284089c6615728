"""The demonstration hubs of the council's LoCAL programme, as data: their organisations,
spaces, occupiers, services and regular bookings. hubs/management/commands/demo_hubs.py creates
them through the hubs services. Invented organisations' names end with "(demo)"."""

import uuid
from decimal import Decimal

from localism.accounts.models import Organisation

from ..models import BookableBy, BookerKind, HubService, Occupancy, Space

MON, TUE, WED, THU, FRI, SAT = range(6)
WEEKDAYS = (MON, TUE, WED, THU, FRI)
K = Organisation.Kind
Kind = Space.Kind
Cat = HubService.Category
A = Occupancy.Agreement
# Bookings are made for the three weeks either side of today.
WINDOW_DAYS = 21
# Regular bookings keep one series id from run to run, derived from the hub, room and time.
SERIES_NAMESPACE = uuid.UUID("6f1c2d0e-3a57-4c4b-9a51-2f0c8d7e4b10")

# Every organisation the demonstration uses, by a short key. "council" and "nhs" come from
# demo_accounts (the officer's and the partner's); several others are shared with demo_plans.
ORGANISATIONS = {
    "council": ("Neighbourhoods Directorate (demo)", K.COUNCIL_DIRECTORATE),
    "nhs": ("Community Health Partnership (demo)", K.NHS_BODY),
    "housing_dir": ("City Housing Directorate (demo)", K.COUNCIL_DIRECTORATE),
    "skills_dir": ("Employment and Skills Service (demo)", K.COUNCIL_DIRECTORATE),
    "libraries": ("Library Service (demo)", K.COUNCIL_DIRECTORATE),
    "registration": ("Registration Service (demo)", K.COUNCIL_DIRECTORATE),
    # Newtown
    "nt_housing": ("Aston Brook Homes (demo)", K.HOUSING_ASSOCIATION),
    "nt_outreach": ("Newtown Street Outreach (demo)", K.VOLUNTARY_COMMUNITY),
    # Sparkbrook
    "sb_housing": ("Ladypool Homes (demo)", K.HOUSING_ASSOCIATION),
    "sb_police": ("West Midlands Police, Sparkbrook and Balsall Heath Neighbourhood Team (demo)", K.POLICE),
    "sb_kitchen": ("Stoney Lane Community Kitchen (demo)", K.SOCIAL_ENTERPRISE),
    "sb_youth": ("Sparkbrook Youth Project (demo)", K.VOLUNTARY_COMMUNITY),
    # Shard End
    "se_nhs": ("East Birmingham Community Health Network (demo)", K.NHS_BODY),
    "se_police": ("West Midlands Police, Shard End Neighbourhood Team (demo)", K.POLICE),
    "se_partnership": ("Shard End Community Partnership (demo)", K.VOLUNTARY_COMMUNITY),
    "se_repair": ("Shard End Repair and Reuse (demo)", K.SOCIAL_ENTERPRISE),
    "se_money": ("East Birmingham Money Advice (demo)", K.VOLUNTARY_COMMUNITY),
    "se_cafe": ("All Saints Square Café (demo)", K.SOCIAL_ENTERPRISE),
    # Sutton Coldfield
    "st_town": ("Royal Sutton Coldfield Town Council (demo)", K.PARISH_TOWN_COUNCIL),
    "st_nhs": ("Sutton Coldfield Health Partnership (demo)", K.NHS_BODY),
    "st_police": ("West Midlands Police, Sutton Coldfield Neighbourhood Team (demo)", K.POLICE),
    "st_housing": ("Trinity Homes Housing Association (demo)", K.HOUSING_ASSOCIATION),
    "st_volunteers": ("Sutton Coldfield Community Volunteers (demo)", K.VOLUNTARY_COMMUNITY),
}


# What an hour of a bookable demo space costs, by kind of space and of booker (pounds; none is
# free): the council's own use is free, partners and community groups pay less than businesses,
# as hubs' published room-hire charges do.
_P, _C, _B = BookerKind.PARTNER, BookerKind.COMMUNITY, BookerKind.PRIVATE
RATES = {
    Space.Kind.HALL: {_P: Decimal("20"), _C: Decimal("12"), _B: Decimal("45")},
    Space.Kind.ROOM: {_P: Decimal("12"), _C: Decimal("6"), _B: Decimal("28")},
    Space.Kind.STUDIO: {_P: Decimal("15"), _C: Decimal("8"), _B: Decimal("32")},
    Space.Kind.KITCHEN: {_P: Decimal("15"), _C: Decimal("8"), _B: Decimal("35")},
    Space.Kind.IT_SUITE: {_P: Decimal("18"), _C: Decimal("10"), _B: Decimal("40")},
    Space.Kind.CLINIC: {_P: Decimal("14"), _C: Decimal("10"), _B: Decimal("30")},
}


def rates_for(spec: dict) -> dict:
    """The hourly rates of a demo space: none for one that is not bookable."""
    if spec["bookable_by"] == BookableBy.NOBODY:
        return {}
    return RATES.get(spec["kind"], {})


def space(name, kind, capacity, area, bookable_by=BookableBy.NOBODY, approval=True, notes="", occupiers=1):
    """`occupiers`: how many organisations may occupy the space at once (1 unless it is shared)."""
    return dict(name=name, kind=kind, capacity=capacity, floor_area_m2=Decimal(str(area)), bookable_by=bookable_by,
                approval_needed=approval, notes=notes, max_occupiers=occupiers)


def occupier(org, agreement, spaces, *, began, term=None, ends_in=None, break_after=None, charge=0, notes=""):
    """`began`: months before the start of this month; `term`: months it runs for; `ends_in`:
    days from today when it ends (for agreements coming to an end); `break_after`: months from
    the start to the break date."""
    return dict(org=org, agreement=agreement, spaces=spaces, began=began, term=term, ends_in=ends_in,
                break_after=break_after, charge=Decimal(charge), notes=notes)


def service(name, org, category, description, who_for, how, schedule):
    """`schedule`: (weekdays, opens, closes) rows."""
    return dict(name=name, org=org, category=category, description=description, who_for=who_for,
                how_to_access=how, schedule=schedule)


def slot(space_name, weekday, starts, ends, purpose, attendees, *, org=None, booked_for="", every=1,
         partner=False, weeks=None, waits_from=None):
    """A weekly (or fortnightly: `every`=2) booking. The officer books it, for `org` or
    `booked_for`; or, with `partner`, the demo partner asks for it for their organisation, in
    the weeks given (0 is this week), and requests from week `waits_from` on wait for approval
    while earlier ones are approved."""
    return dict(space=space_name, weekday=weekday, starts=starts, ends=ends, purpose=purpose, attendees=attendees,
                org=org, booked_for=booked_for, every=every, partner=partner, weeks=weeks, waits_from=waits_from)


ACCESSIBLE = ("Step-free entrance and lift to every floor, a hearing loop at reception and accessible "
              "toilets on each floor.")

HUBS = [
    dict(
        name="New Aston House",
        library=None,
        ward="E05011156",  # Newtown: the housing options centre at New Aston House is in Newtown
        address="New Aston House, Newtown",
        postcode="B19 2SW",
        description=(
            "The council's first customer service centre, with the housing options and homelessness team. "
            "Residents come here for help with council tax, benefits and housing, and anyone who is homeless "
            "or about to lose their home can get advice the same day."
        ),
        accessibility=ACCESSIBLE,
        hours=[(d, "09:00", "17:00") for d in WEEKDAYS],
        spaces=[
            space("Customer service centre", Kind.DESKS, 30, 210),
            space("Housing options office", Kind.OFFICE, 28, 180),
            space("Interview room 1", Kind.ROOM, 4, 10.5, BookableBy.STAFF, approval=False,
                  notes="Private room with a panic alarm, for housing assessments."),
            space("Interview room 2", Kind.ROOM, 4, 10.5, BookableBy.STAFF, approval=False,
                  notes="Private room with a panic alarm, for housing assessments."),
            space("Interview room 3", Kind.ROOM, 4, 12, BookableBy.STAFF, approval=False,
                  notes="Has a video link for interpreters."),
            space("Health room", Kind.CLINIC, 3, 14),
            space("Partner office", Kind.OFFICE, 8, 42),
            space("Outreach base", Kind.OFFICE, 4, 18),
            space("First-floor meeting room", Kind.ROOM, 14, 32, BookableBy.PARTNERS,
                  notes="Screen and video-conferencing."),
            space("Training room", Kind.ROOM, 24, 48, BookableBy.COMMUNITY,
                  notes="Tables for 24 in rows or groups; screen and flip charts."),
        ],
        occupancies=[
            occupier("housing_dir", A.COUNCIL_USE,
                      ["Housing options office", "Interview room 1", "Interview room 2", "Interview room 3"],
                      began=62, notes="The housing options and homelessness team."),
            occupier("council", A.COUNCIL_USE, ["Customer service centre"], began=62,
                      notes="Customer service advisers for council tax, benefits and blue badges."),
            occupier("nhs", A.LICENCE, ["Health room"], began=10, ends_in=100, charge="4200",
                      notes="Homeless health outreach clinic. Renewal under discussion."),
            occupier("nt_housing", A.LEASE, ["Partner office"], began=30, term=120, break_after=60, charge="9600",
                      notes="Lettings and tenancy support team; tenant's break at five years."),
            occupier("nt_outreach", A.LICENCE, ["Outreach base"], began=18, ends_in=160, charge="1200",
                      notes="Charity running street outreach to rough sleepers; a peppercorn charge."),
        ],
        services=[
            service("Housing options and homelessness advice", "housing_dir", Cat.HOUSING,
                    "Advice and help for anyone who is homeless or at risk of losing their home: assessments, "
                    "emergency accommodation, and help to keep a tenancy or find a new home.",
                    "Anyone in Birmingham who is homeless or may soon be",
                    "Drop in before 3pm, or call ahead for an appointment",
                    [(WEEKDAYS, "09:00", "16:30")]),
            service("Customer service centre", "council", Cat.COUNCIL,
                    "Face-to-face help with council tax, housing benefit, blue badges and reporting problems.",
                    "Birmingham residents", "Drop in", [(WEEKDAYS, "09:00", "17:00")]),
            service("Homeless health drop-in", "nhs", Cat.HEALTH,
                    "A nurse and a GP see people who are sleeping rough or in temporary accommodation, with or "
                    "without a GP of their own.", "People who are homeless or in temporary accommodation",
                    "Drop in; no need to be registered with a GP", [((TUE, THU), "10:00", "13:00")]),
            service("Street outreach breakfast and advice", "nt_outreach", Cat.ADVICE,
                    "A hot breakfast, a change of clothes and help to find a bed for the night.",
                    "People sleeping rough", "Drop in", [((WED,), "09:00", "11:00")]),
        ],
        bookings=[
            slot("Interview room 1", MON, "09:30", "12:30", "Homelessness assessment appointments", 3,
                 org="housing_dir"),
            slot("Interview room 1", WED, "09:30", "12:30", "Homelessness assessment appointments", 3,
                 org="housing_dir"),
            slot("Interview room 2", TUE, "13:30", "16:30", "Housing register interviews", 2, org="housing_dir"),
            slot("First-floor meeting room", TUE, "10:00", "11:30", "Housing options team meeting", 12,
                 org="housing_dir"),
            slot("First-floor meeting room", THU, "14:00", "15:30", "Homeless health outreach case review", 6,
                 partner=True, weeks=(-2, -1, 1, 2), waits_from=2),
            slot("Training room", WED, "13:00", "16:00", "Tenancy sustainment training for partner staff", 18,
                 org="housing_dir", every=2),
            slot("Training room", FRI, "09:30", "10:30", "Street outreach volunteers' briefing", 10,
                 org="nt_outreach"),
        ],
        closures=[],
    ),
    dict(
        name="Farm Road — Sparkbrook Community and Health Centre",
        library=None,
        ward="E05011170",  # Sparkbrook & Balsall Heath East
        address="Farm Road, Sparkbrook",
        postcode="B11 1LU",
        description=(
            "A partnership with the NHS overlooking Farm Park: a customer service centre, a community library, "
            "GP practices, midwife and district nurse clinics and a dentist, with offices for social enterprises "
            "and four community rooms to hire."
        ),
        accessibility=ACCESSIBLE,
        hours=[(d, "08:30", "18:00") for d in WEEKDAYS] + [(SAT, "09:00", "13:00")],
        spaces=[
            space("Customer service centre", Kind.DESKS, 24, 160),
            space("Community library and computers", Kind.IT_SUITE, 16, 85,
                  notes="Open to everyone in opening hours: books, twelve computers and free Wi-Fi."),
            *(space(f"Community room {n}", Kind.ROOM, cap, area, BookableBy.COMMUNITY,
                    notes="Rooms 1 to 3 open up into one space for up to 70: book all three.")
              for n, cap, area in [(1, 20, 38), (2, 20, 38), (3, 25, 46)]),
            space("Community room 4", Kind.ROOM, 10, 21, BookableBy.PARTNERS, approval=False,
                  notes="Partners book it without waiting for approval."),
            space("Community kitchen", Kind.KITCHEN, 14, 36, BookableBy.COMMUNITY,
                  notes="Domestic cookers and a food-hygiene rated kitchen; hirers need a food hygiene certificate."),
            space("Clinic room A", Kind.CLINIC, 3, 15.5),
            space("Clinic room B", Kind.CLINIC, 3, 15.5),
            *(space(f"Enterprise office {n}", Kind.OFFICE, 4, 17.5) for n in (1, 2, 3)),
            space("Police office", Kind.OFFICE, 4, 16),
        ],
        occupancies=[
            occupier("council", A.COUNCIL_USE, ["Customer service centre", "Community library and computers"],
                      began=56, notes="Customer service centre and community library."),
            occupier("nhs", A.LICENCE, ["Clinic room A", "Clinic room B"], began=24, term=36, charge="11500",
                      notes="Midwife and district nurse clinics."),
            occupier("sb_housing", A.LEASE, ["Enterprise office 1"], began=20, term=60, break_after=36,
                      charge="7200", notes="Neighbourhood housing office; mutual break at three years."),
            occupier("sb_kitchen", A.LICENCE, ["Enterprise office 2"], began=11, ends_in=45, charge="1800",
                      notes="Social enterprise office. Moving to its own premises when the licence ends."),
            occupier("sb_youth", A.LICENCE, ["Enterprise office 3"], began=6, ends_in=150, charge="1500",
                      notes="Youth work charity, on a short licence while it looks for a base of its own."),
            occupier("sb_police", A.MOU, ["Police office"], began=36,
                      notes="Neighbourhood team's base in Sparkbrook; no charge under the partnership agreement."),
        ],
        services=[
            service("Customer service centre", "council", Cat.COUNCIL,
                    "Face-to-face help with council tax, benefits, housing and money advice.",
                    "Birmingham residents", "Drop in", [(WEEKDAYS, "09:00", "17:00")]),
            service("Community library", "libraries", Cat.LIBRARY,
                    "Books to borrow in English, Urdu, Bengali and Somali, computers and free Wi-Fi.",
                    "Everyone", "Drop in; join with proof of address", [(WEEKDAYS, "10:00", "16:00")]),
            service("Midwife clinic", "nhs", Cat.HEALTH,
                    "Antenatal appointments with community midwives.", "Pregnant women living nearby",
                    "By appointment through your GP or midwife", [((MON, WED), "09:00", "12:30")]),
            service("District nurse clinic", "nhs", Cat.HEALTH,
                    "Wound care, dressings and injections for people who can travel to the clinic.",
                    "Adults registered with a local GP", "By referral from your GP",
                    [((TUE, THU), "13:30", "17:00")]),
            service("Cook and eat together", "sb_kitchen", Cat.WELLBEING,
                    "Cook a healthy meal on a budget, then sit down and eat it together.",
                    "Adults, especially people living alone", "Drop in; free", [((THU,), "11:00", "14:00")]),
            service("Youth club", "sb_youth", Cat.FAMILIES,
                    "Games, sport, homework help and someone to talk to.", "Young people aged 11 to 18",
                    "Drop in", [((TUE,), "15:30", "17:30")]),
            service("Police surgery", "sb_police", Cat.SAFETY,
                    "Talk to the neighbourhood team about crime and anti-social behaviour where you live.",
                    "Residents of Sparkbrook and Balsall Heath", "Drop in", [((FRI,), "14:00", "16:00")]),
        ],
        bookings=[
            slot("Community room 1", MON, "10:00", "12:00", "Parent and toddler group", 18,
                 booked_for="Sparkbrook Parents Together"),
            slot("Community room 2", TUE, "15:30", "17:30", "Youth club", 20, org="sb_youth"),
            slot("Community room 3", WED, "13:00", "15:00", "ESOL conversation class", 16, org="skills_dir", every=2),
            slot("Community room 3", SAT, "09:30", "12:30", "Saturday homework club", 15,
                 booked_for="Farm Park Tutors", every=2),
            slot("Community room 4", MON, "14:00", "16:00", "Stop-smoking group", 8, partner=True,
                 weeks=(-3, -2, -1, 1, 2, 3)),
            slot("Community room 1", THU, "10:00", "12:00", "Antenatal class", 12, partner=True,
                 weeks=(-3, -1, 1, 3), waits_from=3),
            slot("Community kitchen", THU, "11:00", "14:00", "Cook and eat together", 12, org="sb_kitchen"),
            slot("Community room 4", FRI, "14:00", "16:00", "Police surgery", 6, org="sb_police"),
        ],
        closures=[dict(space="Community room 3", starts_in=35, days=3, reason="Floor resurfacing")],
    ),
    dict(
        name="The Shard, Shard End",
        library="shard-end-library",  # Shard End Library, The Shard, All Saints Square, B34 7AQ
        spaces=[
            space("Neighbourhood office", Kind.OFFICE, 10, 48, occupiers=2,
                  notes="Shared by the council's neighbourhood staff and the police neighbourhood team."),
            space("Community space", Kind.HALL, 60, 115, BookableBy.COMMUNITY,
                  notes="Opens onto the café; stacking chairs for 60 and tables for 40."),
            space("Meeting room", Kind.ROOM, 10, 22, BookableBy.PARTNERS),
            space("Library computer room", Kind.IT_SUITE, 12, 40, BookableBy.STAFF, approval=False,
                  notes="Ten computers; book it for group sessions."),
            space("Advice room", Kind.ROOM, 3, 9.5),
            space("Clinic room", Kind.CLINIC, 3, 14),
            space("Café", Kind.KITCHEN, 30, 55),
        ],
        occupancies=[
            occupier("council", A.COUNCIL_USE, ["Neighbourhood office"], began=60,
                      notes="Neighbourhood office and library staff."),
            occupier("se_police", A.MOU, ["Neighbourhood office"], began=40,
                      notes="Two hot desks for the neighbourhood team."),
            occupier("se_money", A.LICENCE, ["Advice room"], began=14, ends_in=120, charge="2400",
                      notes="Debt advice on Tuesdays and Thursdays."),
            occupier("se_nhs", A.LICENCE, ["Clinic room"], began=8, term=24, charge="3900",
                      notes="Baby clinic and health visitors."),
            occupier("se_cafe", A.LICENCE, ["Café"], began=26, term=36, charge="6000",
                      notes="Community café run as a social enterprise."),
        ],
        services=[
            service("Neighbourhood office", "council", Cat.COUNCIL,
                    "Help with council services, forms and complaints, and information about what is on locally.",
                    "Shard End residents", "Drop in", [(WEEKDAYS, "09:30", "12:30")]),
            service("Debt and money advice", "se_money", Cat.ADVICE,
                    "Free, confidential advice on debts, bills and benefits from trained advisers.",
                    "Anyone worried about money", "By appointment; drop in if you have a court or bailiff letter",
                    [((TUE, THU), "09:30", "12:30"), ((THU,), "14:00", "16:30")]),
            service("Baby clinic", "se_nhs", Cat.FAMILIES,
                    "Weighing, feeding advice and development checks with the health visiting team.",
                    "Parents of babies and children under five", "Drop in", [((WED,), "09:30", "12:00")]),
            service("Repair café", "se_repair", Cat.COMMUNITY,
                    "Bring something broken and volunteers will help you mend it.", "Everyone", "Drop in; free",
                    [((WED,), "14:00", "16:30")]),
            service("Police drop-in", "se_police", Cat.SAFETY,
                    "Meet the neighbourhood team and report concerns.", "Shard End residents", "Drop in",
                    [((MON,), "14:00", "16:00")]),
        ],
        bookings=[
            slot("Community space", MON, "10:00", "12:00", "Chair-based exercise for over-60s", 25,
                 org="se_partnership"),
            slot("Community space", WED, "14:00", "16:30", "Repair café", 30, org="se_repair"),
            slot("Community space", FRI, "10:00", "12:30", "Shard End Community Partnership meeting", 35,
                 org="se_partnership", every=2),
            slot("Meeting room", TUE, "14:00", "15:30", "Neighbourhood tasking meeting", 8, org="se_police"),
            slot("Meeting room", THU, "10:00", "12:00", "Community health champions training", 8, partner=True,
                 weeks=(-2, 1, 2), waits_from=2),
            slot("Library computer room", THU, "14:00", "16:00", "Job club", 10, org="skills_dir"),
        ],
        closures=[],
    ),
    dict(
        name="Sutton Library hub",
        library="sutton-coldfield-library",  # Sutton Coldfield Library, Lower Parade, B72 1XX
        spaces=[
            space("Neighbourhood office", Kind.OFFICE, 8, 40),
            space("District office", Kind.OFFICE, 22, 140, notes="Back office for the district's council teams."),
            space("Register office", Kind.OFFICE, 4, 20, notes="Registration of births and deaths."),
            space("First-floor office", Kind.OFFICE, 10, 52),
            space("Police contact point", Kind.OFFICE, 2, 8),
            space("Volunteer hub", Kind.DESKS, 6, 24),
            space("Meeting room 1", Kind.ROOM, 12, 26, BookableBy.PARTNERS),
            space("Meeting room 2", Kind.ROOM, 6, 14, BookableBy.STAFF, approval=False),
            space("Activity room", Kind.STUDIO, 30, 68, BookableBy.COMMUNITY,
                  notes="Sprung floor, mats and chairs; suits exercise classes and talks."),
            space("IT suite", Kind.IT_SUITE, 10, 34, BookableBy.STAFF, approval=False),
        ],
        occupancies=[
            occupier("council", A.COUNCIL_USE, ["Neighbourhood office", "District office"], began=72,
                      notes="Neighbourhood office and the district's back office."),
            occupier("registration", A.COUNCIL_USE, ["Register office"], began=72,
                      notes="Registrar for births and deaths."),
            occupier("st_housing", A.LEASE, ["First-floor office"], began=40, term=72, break_after=48,
                      charge="10800", notes="Area housing office; tenant's break after four years."),
            occupier("st_police", A.MOU, ["Police contact point"], began=30,
                      notes="Public contact point for the neighbourhood team."),
            occupier("st_volunteers", A.LICENCE, ["Volunteer hub"], began=11, ends_in=40, charge="600",
                      notes="Volunteer centre; a new licence is being drawn up."),
        ],
        services=[
            service("Neighbourhood office", "council", Cat.COUNCIL,
                    "Help with council services, forms and complaints.", "Sutton Coldfield residents", "Drop in",
                    [(WEEKDAYS, "09:30", "16:00")]),
            service("Register a birth or death", "registration", Cat.COUNCIL,
                    "Register a birth or a death that happened in Birmingham.", "Parents and next of kin",
                    "By appointment only", [((TUE, THU), "09:30", "16:00")]),
            service("Job club", "skills_dir", Cat.EMPLOYMENT,
                    "Help with CVs, job searches and applications, on the library's computers.", "Job seekers",
                    "Drop in", [((MON,), "10:00", "12:00")]),
            service("Digital help drop-in", "st_volunteers", Cat.LEARNING,
                    "Volunteers help with phones, tablets, e-mail and online forms.", "Anyone, especially older people",
                    "Drop in", [((WED,), "10:00", "12:00"), ((SAT,), "10:00", "12:00")]),
            service("Strength and balance class", "st_nhs", Cat.OLDER_PEOPLE,
                    "Gentle exercise to build strength and prevent falls, led by a physiotherapist.",
                    "People over 65", "By referral from your GP, or call to join", [((THU,), "13:30", "15:00")]),
            service("Police contact point", "st_police", Cat.SAFETY,
                    "Report crime, hand in found property and talk to the neighbourhood team.",
                    "Sutton Coldfield residents", "Drop in", [((SAT,), "10:00", "12:00")]),
        ],
        bookings=[
            slot("IT suite", MON, "10:00", "12:00", "Job club", 10, org="skills_dir"),
            slot("Meeting room 1", MON, "14:00", "15:30", "District team meeting", 10, org="council"),
            slot("Activity room", WED, "10:00", "12:00", "Digital help drop-in", 12, org="st_volunteers"),
            slot("Activity room", THU, "13:30", "15:00", "Strength and balance class", 16, org="st_nhs"),
            slot("Activity room", SAT, "10:00", "12:00", "Community grants workshop", 20, org="st_town", every=2),
            slot("Meeting room 1", WED, "14:00", "16:00", "Social prescribing link workers' meeting", 6,
                 partner=True, weeks=(-3, -1, 1, 2), waits_from=2),
            slot("Meeting room 2", FRI, "10:00", "11:00", "Tenancy support appointments", 3, org="st_housing"),
        ],
        closures=[],
    ),
]
