"""The demonstration Ward Forums, meetings, Ward Plans and budgets: texts and figures only. The
`demo_plans` command creates them through the services.

Invented organisations' names end with "(demo)". Days are counted from the day the demo runs:
`days` of a meeting (negative: held already), `due` of an action, `days` before today of a spend
line.
"""

from decimal import Decimal

from localism.accounts.models import Organisation
from wards.models import ActionStatus, Source, Theme

MON, TUE, WED, THU = 0, 1, 2, 3
S = ActionStatus
K = Organisation.Kind

# Every organisation the demonstration uses, by a short key. The first two come from demo_accounts.
ORGANISATIONS = {
    "council": ("Neighbourhoods Directorate (demo)", K.COUNCIL_DIRECTORATE),
    "nhs": ("Community Health Partnership (demo)", K.NHS_BODY),
    "street_scene": ("Street Scene and Waste Services (demo)", K.COUNCIL_DIRECTORATE),
    "housing_dir": ("City Housing Directorate (demo)", K.COUNCIL_DIRECTORATE),
    "skills_dir": ("Employment and Skills Service (demo)", K.COUNCIL_DIRECTORATE),
    "transport_dir": ("Transport and Connectivity (demo)", K.COUNCIL_DIRECTORATE),
    # Sparkbrook and Balsall Heath
    "sb_housing": ("Ladypool Homes (demo)", K.HOUSING_ASSOCIATION),
    "sb_police": ("West Midlands Police, Sparkbrook and Balsall Heath Neighbourhood Team (demo)", K.POLICE),
    "sb_residents": ("Balsall Heath Residents' Network (demo)", K.VOLUNTARY_COMMUNITY),
    "sb_kitchen": ("Stoney Lane Community Kitchen (demo)", K.SOCIAL_ENTERPRISE),
    "sb_youth": ("Sparkbrook Youth Project (demo)", K.VOLUNTARY_COMMUNITY),
    # Shard End
    "se_nhs": ("East Birmingham Community Health Network (demo)", K.NHS_BODY),
    "se_housing": ("Cole Valley Housing Association (demo)", K.HOUSING_ASSOCIATION),
    "se_police": ("West Midlands Police, Shard End Neighbourhood Team (demo)", K.POLICE),
    "se_partnership": ("Shard End Community Partnership (demo)", K.VOLUNTARY_COMMUNITY),
    "se_repair": ("Shard End Repair and Reuse (demo)", K.SOCIAL_ENTERPRISE),
    "se_money": ("East Birmingham Money Advice (demo)", K.VOLUNTARY_COMMUNITY),
    # Sutton Trinity
    "st_town": ("Royal Sutton Coldfield Town Council (demo)", K.PARISH_TOWN_COUNCIL),
    "st_nhs": ("Sutton Coldfield Health Partnership (demo)", K.NHS_BODY),
    "st_police": ("West Midlands Police, Sutton Coldfield Neighbourhood Team (demo)", K.POLICE),
    "st_housing": ("Trinity Homes Housing Association (demo)", K.HOUSING_ASSOCIATION),
    "st_volunteers": ("Sutton Coldfield Community Volunteers (demo)", K.VOLUNTARY_COMMUNITY),
    "st_cafe": ("Trinity Hill Community Café (demo)", K.SOCIAL_ENTERPRISE),
}


def act(description, lead, *partners, due, status=S.NOT_STARTED, officer=False, updates=()):
    """An action: `due` is days from today; `updates` are (note, new status) in order."""
    return dict(description=description, lead=lead, partners=partners, due=due, status=status,
                officer=officer, updates=updates)


def priority(title, description, theme, source, actions):
    return dict(title=title, description=description, theme=theme, source=source, actions=actions)


FARM_ROAD = "Farm Road Community and Health Centre, Farm Road, Sparkbrook"
LADYPOOL = "Ladypool Road Community Centre, Balsall Heath"
THE_SHARD = "The Shard, All Saints Square, Shard End"
SHARD_LIBRARY = "Shard End Library community room, The Shard, All Saints Square"
SUTTON_LIBRARY = "Sutton Coldfield Library, Lower Parade, Sutton Coldfield"
SUTTON_TOWN_HALL = "Sutton Coldfield Town Hall, Upper Clifton Road"

AREAS = [
    dict(
        name="Sparkbrook and Balsall Heath",
        wards=["E05011170", "E05011122"],  # Sparkbrook & Balsall Heath East, Balsall Heath West
        budgets={"E05011170": Decimal("55000"), "E05011122": Decimal("40000")},
        forum=dict(
            name="Sparkbrook and Balsall Heath Ward Forum",
            description=(
                "A joint forum for Sparkbrook & Balsall Heath East and Balsall Heath West, held together "
                "because residents, services and community groups work across both wards. Everyone who "
                "lives or works in either ward is welcome; meetings alternate between Farm Road and "
                "Ladypool Road."
            ),
            members=["nhs", "sb_housing", "sb_police", "sb_residents", "sb_kitchen", "sb_youth"],
        ),
        held=[
            dict(days=-90, weekday=TUE, venue=FARM_ROAD, attendance=34,
                 attended=["nhs", "sb_police", "sb_residents", "sb_kitchen", "council"],
                 agenda=("1. Welcome and introductions\n2. The joint Ward Plan for {period}: what residents told us\n"
                         "3. Fly-tipping in the back alleys\n4. Any other business"),
                 minutes=(
                     "Councillors for both wards opened the meeting and explained why the two wards are "
                     "writing one plan together. Residents raised fly-tipping in the alleys behind Ladypool "
                     "Road as the biggest problem, followed by speeding on Stoney Lane. Street Scene agreed to "
                     "walk the worst alleys with residents before the next meeting. Several people said that "
                     "the same faces come to every forum; the Residents' Network offered to run listening "
                     "sessions with residents who rarely take part."
                 )),
            dict(days=-49, weekday=WED, venue=LADYPOOL, attendance=27,
                 attended=["sb_housing", "sb_police", "sb_residents", "sb_youth", "council"],
                 agenda=("1. Minutes of the last meeting\n2. Alley mapping walk: results\n"
                         "3. Housing repairs: update from Ladypool Homes\n4. Young people's summer programme\n"
                         "5. Ward budget proposals"),
                 minutes=(
                     "The alley walk identified 22 alleys needing regular cleansing; five groups of neighbours "
                     "have asked for gates. Ladypool Homes reported that most outstanding repairs are damp and "
                     "mould cases and promised a surgery at Farm Road. The Youth Project presented the summer "
                     "programme, and the forum supported funding it from the ward budget. The neighbourhood team "
                     "asked for volunteers for two new Street Watch groups."
                 )),
            dict(days=-16, weekday=TUE, venue=FARM_ROAD, attendance=41,
                 attended=["nhs", "sb_housing", "sb_police", "sb_residents", "sb_kitchen", "sb_youth"],
                 agenda=("1. Progress on the Ward Plan actions\n2. Health checks at the community kitchen\n"
                         "3. What the listening sessions heard\n4. Early thoughts on the plan for {next_period}"),
                 minutes=(
                     "The meeting reviewed every action in the plan: the Street Watch groups are running, but "
                     "the speed signs on Ladypool Road are late because of utility works. The NHS reported 96 "
                     "health checks at the community kitchen so far. The listening sessions heard most about "
                     "bins, damp homes and safe walking routes to school, and the forum agreed that damp and "
                     "mould should be a priority next year. A record 41 people attended, a third of them for "
                     "the first time."
                 )),
        ],
        planned=[
            dict(days=12, weekday=TUE, venue=LADYPOOL,
                 agenda=("1. Minutes of the last meeting\n2. Draft Ward Plan for {next_period}: have your say\n"
                         "3. Alley gates: which alleys are next\n4. Neighbourhood policing update")),
            dict(days=54, weekday=WED, venue=FARM_ROAD,
                 agenda=("1. Minutes of the last meeting\n2. Ward budget: what has been spent and what is left\n"
                         "3. Young people's evening sessions at Farm Road\n4. Any other business")),
        ],
        plan=dict(
            title="Sparkbrook and Balsall Heath Ward Plan",
            summary=(
                "A joint plan for Sparkbrook & Balsall Heath East and Balsall Heath West, set with residents at "
                "the Ward Forum and in listening sessions across both wards. It focuses on clean alleys and "
                "streets, safer roads, health close to home, more for young people, and hearing the quiet "
                "voices of residents who rarely take part."
            ),
            priorities=[
                priority(
                    "Clear fly-tipping from back alleys and keep them clean",
                    "Fly-tipping in the alleys behind terraced streets was raised more than anything else at the "
                    "forum. We want the worst alleys cleared, gated where neighbours want it, and kept clean.",
                    Theme.CLEAN_GREEN, Source.FORUM,
                    [
                        act("Walk the worst alleys with residents and Street Scene crews, and agree a cleansing "
                            "rota for each.", "street_scene", "sb_residents", due=-30, status=S.ON_TRACK,
                            officer=True,
                            updates=[("Mapping walk done with 14 residents: 22 alleys photographed and added "
                                      "to the rota.", S.DONE)]),
                        act("Run four community clean-up days with skips for bulky waste, one each quarter.",
                            "sb_residents", "street_scene", "sb_housing", due=150,
                            updates=[("First clean-up day held on a Saturday: three tonnes removed by 40 "
                                      "volunteers.", S.ON_TRACK)]),
                        act("Fit gates on the five alleys where neighbours have agreed them.", "council",
                            "sb_police", "sb_housing", due=75, status=S.ON_TRACK,
                            updates=[("Gates ordered for three alleys; consent for the other two is still "
                                      "outstanding.", S.AT_RISK)]),
                        act("Take enforcement action against fly-tippers caught on camera.", "street_scene",
                            "sb_police", due=180),
                    ],
                ),
                priority(
                    "Safer streets and roads around schools",
                    "Residents asked for action on speeding, anti-social behaviour near the parks and drug "
                    "dealing in a few streets. The neighbourhood police team reports to every forum.",
                    Theme.COMMUNITY_SAFETY, Source.CONSULTATION,
                    [
                        act("Hold a monthly police surgery at Farm Road Community and Health Centre.",
                            "sb_police", "council", due=200, status=S.ON_TRACK),
                        act("Put speed signs and school-time enforcement on Stoney Lane and Ladypool Road.",
                            "transport_dir", "sb_police", due=-10, status=S.ON_TRACK, officer=True,
                            updates=[("Signs installed on Stoney Lane; Ladypool Road delayed by utility "
                                      "works.", S.OFF_TRACK)]),
                        act("Train volunteers for two new Street Watch groups.", "sb_residents", "sb_police",
                            due=-45, status=S.ON_TRACK,
                            updates=[("Both groups trained: 18 volunteers now walk their streets weekly.",
                                      S.DONE)]),
                    ],
                ),
                priority(
                    "Health and wellbeing close to home",
                    "Diabetes and poor mental health are common in both wards, and many residents do not see a "
                    "GP until things are serious. The NHS and community groups will bring checks and support to "
                    "places people already go.",
                    Theme.HEALTH_WELLBEING, Source.FORUM,
                    [
                        act("Offer free health checks at the community kitchen on the first Saturday of each "
                            "month.", "nhs", "sb_kitchen", due=180,
                            updates=[("Three sessions held: 96 checks, 11 people referred to their GP.",
                                      S.ON_TRACK)]),
                        act("Start a walking group and a women-only exercise class at Farm Road.", "nhs",
                            "sb_residents", due=60,
                            updates=[("Room booked, but no instructor found yet for the women-only class.",
                                      S.AT_RISK)]),
                        act("Publish a plain-language guide to local mental health support in English, Urdu, "
                            "Bengali and Somali.", "council", "nhs", "sb_youth", due=35, officer=True),
                    ],
                ),
                priority(
                    "More for young people to do, and routes into work",
                    "Young people told us there is little to do in the evenings and few routes into local jobs. "
                    "We will open up buildings in the evenings and link young people with employers.",
                    Theme.CHILDREN_YOUNG_PEOPLE, Source.RESIDENT_IDEA,
                    [
                        act("Run a summer holiday programme of sport, arts and cooking for 11 to 18-year-olds.",
                            "sb_youth", "sb_kitchen", "sb_police", due=-20, status=S.ON_TRACK,
                            updates=[("Six-week programme ran at two venues; 210 young people took part.",
                                      S.DONE)]),
                        act("Open Farm Road two evenings a week for youth sessions.", "council", "sb_youth",
                            due=90, officer=True,
                            updates=[("Caretaking cover agreed for one evening; the second is still being "
                                      "discussed.", S.AT_RISK)]),
                        act("Offer paid kitchen traineeships to eight young people at the community kitchen.",
                            "sb_kitchen", "skills_dir", due=150, status=S.ON_TRACK),
                    ],
                ),
                priority(
                    "Hearing the quiet voices",
                    "Most people who come to the forum are already involved. We will go to residents who rarely "
                    "take part, including council tenants, parents at home with young children, older people "
                    "and newer arrivals, and ask them what matters.",
                    Theme.COMMUNITY_CULTURE, Source.COUNCILLOR,
                    [
                        act("Hold listening sessions in community languages at the kitchen, community rooms and "
                            "school gates.", "sb_residents", "sb_kitchen", "council", due=45, status=S.ON_TRACK,
                            updates=[("Four sessions held; people asked above all for cleaner streets and safer "
                                      "walking routes.", S.ON_TRACK)]),
                        act("Survey council and housing association tenants door to door about the Ward Plan.",
                            "sb_housing", "housing_dir", due=100),
                    ],
                ),
            ],
        ),
        draft=dict(
            edit=dict(position=2, title="Safer streets and safer walking routes to school",
                      description="Carried over from this year, with a new focus from the listening sessions: "
                                  "parents want safe walking routes to the primary schools, with crossings "
                                  "patrolled at the start and end of the day."),
            add=priority(
                "Warm, dry homes: tackling damp and mould",
                "Damp and mould came up in most listening sessions and in the tenants' survey. Landlords, the "
                "council and the NHS will work together so that reports are inspected and fixed quickly.",
                Theme.HOUSING, Source.CONSULTATION,
                [
                    act("Hold a monthly damp and mould surgery at Farm Road with Ladypool Homes and City "
                        "Housing.", "sb_housing", "housing_dir", "nhs", due=420),
                    act("Give every family with a child with asthma a home check within a month of "
                        "referral.", "housing_dir", "nhs", due=480),
                ],
            ),
        ),
        spend=[
            dict(ward="E05011170", priority=1, amount="3200.00", days=62,
                 description="Skip hire and equipment for the community clean-up days"),
            dict(ward="E05011170", priority=1, amount="9750.00", days=31,
                 description="Alley gates for three alleys, supplied and fitted"),
            dict(ward="E05011170", priority=4, amount="6500.00", days=80,
                 description="Summer holiday programme for young people"),
            dict(ward="E05011122", priority=5, amount="1450.00", days=40,
                 description="Listening sessions: interpreters, childcare and refreshments"),
            dict(ward="E05011122", priority=2, amount="2100.00", days=55,
                 description="Street Watch training and high-visibility kit"),
            dict(ward="E05011122", priority=3, amount="1800.00", days=21,
                 description="Health check sessions at the community kitchen: room hire and food"),
        ],
    ),
    dict(
        name="Shard End",
        wards=["E05011165"],
        budgets={"E05011165": Decimal("45000")},
        forum=dict(
            name="Shard End Ward Forum",
            description=(
                "The forum for Shard End, held at The Shard, where the library, neighbourhood office, "
                "community space and café share one building. Everyone who lives or works in the ward is welcome."
            ),
            members=["se_nhs", "se_housing", "se_police", "se_partnership", "se_repair", "se_money"],
        ),
        held=[
            dict(days=-70, weekday=THU, venue=THE_SHARD, attendance=29,
                 attended=["se_housing", "se_police", "se_partnership", "se_money", "council"],
                 agenda=("1. Welcome and introductions\n2. The Ward Plan for {period}\n"
                         "3. Fly-tipping along the Cole Valley\n4. Repairs in rented homes\n5. Any other business"),
                 minutes=(
                     "The councillor introduced the Ward Plan and the forum's partners. Residents described "
                     "fly-tipping along the Cole Valley path and in the service road behind the shops, and "
                     "off-road motorbikes on the path at weekends. Cole Valley Housing Association heard several "
                     "complaints about slow repairs and agreed to attend a monthly repairs surgery at The Shard. "
                     "East Birmingham Money Advice reported rising demand for help with energy debts."
                 )),
            dict(days=-21, weekday=THU, venue=SHARD_LIBRARY, attendance=36,
                 attended=["se_nhs", "se_housing", "se_police", "se_partnership", "se_repair", "council"],
                 agenda=("1. Minutes of the last meeting\n2. CCTV and the bulky waste weekends: results\n"
                         "3. Motorbikes on the Cole Valley path\n4. The warm welcome café\n5. Ward budget"),
                 minutes=(
                     "Street Scene reported 186 bulky waste collections over two weekends, much of it passed to "
                     "the repair café for reuse. The police have seized nine motorbikes, but residents want "
                     "barriers at the path entrances that still let wheelchairs and pushchairs through. The warm "
                     "welcome café now sees 30 to 40 older residents each week. The forum agreed to spend part of "
                     "the ward budget on CCTV cameras at fly-tipping hotspots."
                 )),
        ],
        planned=[
            dict(days=17, weekday=THU, venue=THE_SHARD,
                 agenda=("1. Minutes of the last meeting\n2. Jobs fair at The Shard: how to get involved\n"
                         "3. Repairs surgery: what has changed\n4. Draft Ward Plan for {next_period}")),
            dict(days=59, weekday=THU, venue=THE_SHARD,
                 agenda=("1. Minutes of the last meeting\n2. Bus links to hospitals and jobs\n"
                         "3. Ward budget: spending so far\n4. Any other business")),
        ],
        plan=dict(
            title="Shard End Ward Plan",
            summary=(
                "Set with residents at the Ward Forum at The Shard and through a survey in the library. Shard "
                "End's priorities are stopping fly-tipping and off-road motorbikes along the Cole Valley, "
                "getting repairs done in rented homes, help with money and work, and support for older "
                "residents who are lonely."
            ),
            priorities=[
                priority(
                    "Stop fly-tipping along the Cole Valley and behind the shops",
                    "Fly-tipping along the river path and in the service road behind the shopping parade spoils "
                    "the ward's best green space. We will catch those responsible and make it easy to get rid "
                    "of bulky waste properly.",
                    Theme.CLEAN_GREEN, Source.FORUM,
                    [
                        act("Put two deployable CCTV cameras at the worst fly-tipping spots and act on every "
                            "clear image.", "street_scene", "se_police", due=40, status=S.ON_TRACK, officer=True,
                            updates=[("Cameras in place at two sites; one case passed to the council's "
                                      "lawyers.", S.ON_TRACK)]),
                        act("Run free bulky waste collection weekends for Shard End households.",
                            "street_scene", "se_housing", "se_repair", due=-35,
                            updates=[("Two weekends held: 186 collections, much of it passed on for reuse.",
                                      S.DONE)]),
                        act("Recruit litter-picking volunteers and lend them kit from the library.",
                            "se_partnership", "council", due=90, status=S.ON_TRACK),
                    ],
                ),
                priority(
                    "Get repairs done in rented homes",
                    "Long waits for repairs, and damp and mould, were the biggest concerns in the tenants' "
                    "survey. Landlords will come to the ward, not the other way round.",
                    Theme.HOUSING, Source.CONSULTATION,
                    [
                        act("Hold a monthly repairs surgery at The Shard where tenants can report and chase "
                            "repairs in person.", "housing_dir", "se_housing", due=150, status=S.ON_TRACK,
                            officer=True,
                            updates=[("63 repairs logged at the surgery; the average wait is still above "
                                      "target.", S.AT_RISK)]),
                        act("Inspect every home reported with damp and mould within ten working days.",
                            "se_housing", "housing_dir", "se_nhs", due=60, status=S.ON_TRACK,
                            updates=[("Inspections are falling behind because of a shortage of surveyors.",
                                      S.OFF_TRACK)]),
                    ],
                ),
                priority(
                    "Help with money, debt and finding work",
                    "More residents are asking for help with debts and bills. We will bring advice into the "
                    "library and link residents with employers nearby.",
                    Theme.JOBS_SKILLS, Source.COUNCILLOR,
                    [
                        act("Offer a weekly drop-in for debt and benefits advice at the library.", "se_money",
                            "council", due=200, status=S.ON_TRACK),
                        act("Hold a jobs fair at The Shard with employers from the airport and nearby business "
                            "parks.", "skills_dir", "se_partnership", due=45,
                            updates=[("Twelve employers booked and the hall confirmed.", S.ON_TRACK)]),
                        act("Support twenty residents through a construction skills course and on to job "
                            "interviews.", "skills_dir", "se_housing", due=170, officer=True),
                    ],
                ),
                priority(
                    "Tackle off-road motorbikes and anti-social behaviour",
                    "Residents asked for action on motorbikes on the Cole Valley path, which frighten walkers "
                    "and damage the grass.",
                    Theme.COMMUNITY_SAFETY, Source.RESIDENT_IDEA,
                    [
                        act("Run joint police and ranger patrols of the Cole Valley path at weekends in spring "
                            "and summer.", "se_police", "council", due=-15, status=S.ON_TRACK,
                            updates=[("Patrols ran for twelve weekends and nine motorbikes were seized.",
                                      S.DONE)]),
                        act("Fit barriers at three path entrances that stop motorbikes but let wheelchairs and "
                            "pushchairs through.", "transport_dir", "se_police", due=70,
                            updates=[("The first design blocked wheelchairs; a new design is needed.",
                                      S.AT_RISK)]),
                        act("Let residents report motorbike nuisance anonymously through the Community "
                            "Partnership.", "se_partnership", "se_police", due=100),
                    ],
                ),
                priority(
                    "Older residents living well and not alone",
                    "The library survey found many older residents who live alone and rarely go out. We will "
                    "give them reasons and help to do so, and ask those we do not usually hear from what would "
                    "help.",
                    Theme.HEALTH_WELLBEING, Source.CONSULTATION,
                    [
                        act("Start a weekly warm welcome café for older residents at The Shard.",
                            "se_partnership", "se_nhs", "se_money", due=-50, status=S.ON_TRACK,
                            updates=[("The café runs every Wednesday with 30 to 40 people each week.", S.DONE)]),
                        act("Bring a social prescribing link worker to the library every fortnight.", "se_nhs",
                            "council", due=120, status=S.ON_TRACK),
                        act("Ask residents who never come to the forum what would help them, through GP "
                            "surgeries and the food bank.", "se_nhs", "se_partnership", due=80),
                    ],
                ),
            ],
        ),
        draft=dict(
            edit=dict(position=3, title="Help with money, debt and the cost of living",
                      description="Carried over from this year. Energy debt is now the most common reason "
                                  "residents ask for advice, so the drop-in will add help with bills and "
                                  "grants for insulation."),
            add=priority(
                "Better bus links to hospitals and jobs",
                "Residents without cars told the forum that getting to Heartlands Hospital and the business "
                "parks takes two buses and more than an hour.",
                Theme.TRANSPORT, Source.RESIDENT_IDEA,
                [
                    act("Collect residents' journeys and put the evidence for better bus links to the "
                        "regional transport authority.", "transport_dir", "se_partnership", due=450),
                ],
            ),
        ),
        spend=[
            dict(ward="E05011165", priority=1, amount="7800.00", days=45,
                 description="Two deployable CCTV cameras: hire for twelve months"),
            dict(ward="E05011165", priority=1, amount="4250.00", days=35,
                 description="Bulky waste collection weekends"),
            dict(ward="E05011165", priority=5, amount="2600.00", days=60,
                 description="Warm welcome café: hall hire and refreshments for the year"),
            dict(ward="E05011165", priority=3, amount="1200.00", days=10,
                 description="Jobs fair at The Shard: stands and publicity"),
        ],
    ),
    dict(
        name="Sutton Trinity",
        wards=["E05011178"],
        budgets={"E05011178": Decimal("42000")},
        forum=dict(
            name="Sutton Trinity Ward Forum",
            description=(
                "The forum for Sutton Trinity, held at Sutton Coldfield Library with the Royal Town Council, "
                "local services, residents' groups and businesses from the town centre."
            ),
            members=["st_town", "st_nhs", "st_police", "st_housing", "st_volunteers", "st_cafe"],
        ),
        held=[
            dict(days=-100, weekday=MON, venue=SUTTON_LIBRARY, attendance=31,
                 attended=["st_town", "st_nhs", "st_police", "st_volunteers", "council"],
                 agenda=("1. Welcome and introductions\n2. How the Ward Forum and the Town Council work together\n"
                         "3. The Ward Plan for {period}\n4. Any other business"),
                 minutes=(
                     "The councillor and the Town Council's representative explained how the ward and the town "
                     "council share the work. Residents' top concerns were litter and graffiti on the Parade, "
                     "older people living alone, and feeling unsafe near the station in the evenings. The Town "
                     "Council offered to fund planters and a youth club. The forum agreed the plan's priorities."
                 )),
            dict(days=-56, weekday=MON, venue=SUTTON_TOWN_HALL, attendance=24,
                 attended=["st_town", "st_police", "st_housing", "st_cafe"],
                 agenda=("1. Minutes of the last meeting\n2. Safer evenings in the town centre\n"
                         "3. Crossings on the ring road\n4. Ward budget"),
                 minutes=(
                     "The neighbourhood team described the Safer Evenings scheme with bars and taxi ranks. "
                     "Residents who use wheelchairs described the crossings on the ring road, and Transport and "
                     "Connectivity agreed to walk them together. The forum supported funding a part-time "
                     "befriending coordinator from the ward budget."
                 )),
            dict(days=-18, weekday=MON, venue=SUTTON_LIBRARY, attendance=38,
                 attended=["st_town", "st_nhs", "st_police", "st_housing", "st_volunteers", "st_cafe"],
                 agenda=("1. Minutes of the last meeting\n2. Progress on the Ward Plan\n"
                         "3. Befriending scheme: first months\n4. Early thoughts on the plan for {next_period}"),
                 minutes=(
                     "Most actions are on track, but the lighting on the path between the station and the car "
                     "parks has not started because the contractor withdrew. The befriending scheme has made 42 "
                     "pairings and needs more volunteers in the north of the ward. Traders asked the forum to "
                     "help fill empty shops on the Parade next year."
                 )),
        ],
        planned=[
            dict(days=14, weekday=MON, venue=SUTTON_LIBRARY,
                 agenda=("1. Minutes of the last meeting\n2. Draft Ward Plan for {next_period}: have your say\n"
                         "3. Lighting near the station: the new timetable\n4. Youth club update")),
            dict(days=56, weekday=MON, venue=SUTTON_TOWN_HALL,
                 agenda=("1. Minutes of the last meeting\n2. Empty shops on the Parade\n"
                         "3. Ward budget: spending so far\n4. Any other business")),
        ],
        plan=dict(
            title="Sutton Trinity Ward Plan",
            summary=(
                "Agreed at the Ward Forum with the Royal Town Council, residents' groups and local services. "
                "The plan focuses on a clean and welcoming town centre, safe travel, support for older people "
                "living alone, things for young people to do, safer evenings, and hearing from residents who "
                "rarely take part."
            ),
            priorities=[
                priority(
                    "A clean, welcoming town centre",
                    "Litter, overflowing bins and graffiti on the Parade were the forum's first concern. The "
                    "council and the Town Council will share the work of keeping the centre clean and green.",
                    Theme.CLEAN_GREEN, Source.FORUM,
                    [
                        act("Deep clean the Parade and the station approach every quarter, and remove graffiti "
                            "within five working days.", "street_scene", "st_town", due=100, status=S.ON_TRACK,
                            officer=True,
                            updates=[("Two deep cleans done; graffiti is removed in four days on average.",
                                      S.ON_TRACK)]),
                        act("Put extra planters and hanging baskets on the Parade, looked after by volunteers.",
                            "st_town", "st_volunteers", due=-25, status=S.ON_TRACK,
                            updates=[("Baskets and planters in place for the summer.", S.DONE)]),
                        act("Replace the overflowing town centre litter bins with larger ones.",
                            "street_scene", "st_town", due=30,
                            updates=[("The supplier is late: the new bins are now due next quarter.",
                                      S.OFF_TRACK)]),
                    ],
                ),
                priority(
                    "Safe, easy travel around the town centre",
                    "Residents who use wheelchairs, walking aids and pushchairs find the ring road crossings "
                    "hard to use, and there is too little cycle parking.",
                    Theme.TRANSPORT, Source.CONSULTATION,
                    [
                        act("Review the ring road crossings with residents who use wheelchairs and walking "
                            "aids.", "transport_dir", "st_volunteers", due=60,
                            updates=[("Walkabout held with eleven residents: three crossings need longer green "
                                      "times.", S.ON_TRACK)]),
                        act("Add cycle parking at the station and the library.", "transport_dir", "st_town",
                            due=140),
                    ],
                ),
                priority(
                    "Older people living well and not alone",
                    "Sutton Trinity has many older residents, and a growing number live alone. We will help "
                    "them stay well, active and in touch with their neighbours.",
                    Theme.HEALTH_WELLBEING, Source.COUNCILLOR,
                    [
                        act("Run a befriending scheme pairing volunteers with older residents who live alone.",
                            "st_volunteers", "st_nhs", "st_housing", due=180, status=S.ON_TRACK,
                            updates=[("42 pairings made; more volunteers needed in the north of the ward.",
                                      S.AT_RISK)]),
                        act("Hold falls-prevention and health check sessions at the library.", "st_nhs",
                            "council", due=-40, status=S.ON_TRACK,
                            updates=[("Six sessions held with 120 residents.", S.DONE)]),
                        act("Give GP practices a directory of local groups for social prescribing.", "council",
                            "st_nhs", due=50, officer=True),
                    ],
                ),
                priority(
                    "Things for young people to do",
                    "Young people said there is nowhere to go in the town centre that does not cost money.",
                    Theme.CHILDREN_YOUNG_PEOPLE, Source.RESIDENT_IDEA,
                    [
                        act("Run a weekly youth club at the Town Hall, funded by the Town Council.", "st_town",
                            "st_volunteers", due=120, status=S.ON_TRACK),
                        act("Offer young people barista and catering training at the community café.",
                            "st_cafe", "skills_dir", due=160),
                    ],
                ),
                priority(
                    "Safer evenings in the town centre",
                    "Residents, especially women and young people, said they avoid the station and the path "
                    "to the car parks after dark.",
                    Theme.COMMUNITY_SAFETY, Source.FORUM,
                    [
                        act("Run a Safer Evenings scheme with bars, restaurants and taxi ranks.", "st_police",
                            "st_town", due=90, status=S.ON_TRACK,
                            updates=[("Scheme launched with 14 venues signed up.", S.ON_TRACK)]),
                        act("Improve the lighting on the path between the station and the car parks.",
                            "transport_dir", "st_police", due=-5, status=S.AT_RISK,
                            updates=[("Work has not started because the lighting contractor withdrew.",
                                      S.OFF_TRACK)]),
                    ],
                ),
                priority(
                    "Hearing from residents who rarely take part",
                    "The forum hears mostly from people who are already involved. We will reach people in care "
                    "homes, young parents and people living in the flats above the shops.",
                    Theme.COMMUNITY_CULTURE, Source.COUNCILLOR,
                    [
                        act("Take short surveys to care homes, parent and toddler groups and the flats above "
                            "the Parade.", "st_volunteers", "council", due=75),
                        act("Hold one forum meeting on a Saturday morning at the library, with a crèche.",
                            "council", "st_town", due=130, officer=True),
                    ],
                ),
            ],
        ),
        draft=dict(
            edit=dict(position=5, title="Safer evenings and better lighting in the town centre",
                      description="Carried over from this year, with the lighting between the station and the "
                                  "car parks as the first job, now that a new contractor has been found."),
            add=priority(
                "Fill the empty shops on the Parade",
                "Traders told the forum that empty units make the centre feel run down. The Town Council and "
                "the council will help new and local businesses into them.",
                Theme.JOBS_SKILLS, Source.FORUM,
                [
                    act("Run a pop-up shop scheme in empty units for local makers and new businesses.",
                        "st_town", "skills_dir", due=430),
                ],
            ),
        ),
        spend=[
            dict(ward="E05011178", priority=3, amount="9600.00", days=70,
                 description="Befriending coordinator, part-time for six months"),
            dict(ward="E05011178", priority=4, amount="4800.00", days=30,
                 description="Youth club sessions at the Town Hall"),
            dict(ward="E05011178", priority=3, amount="950.00", days=40,
                 description="Falls-prevention sessions: room hire and equipment"),
            dict(ward="E05011178", priority=6, amount="700.00", days=12,
                 description="Survey printing and a crèche for the Saturday forum"),
        ],
    ),
]
