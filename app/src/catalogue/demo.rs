//! A demo catalogue: fictional suppliers and realistic, deterministic service listings.
//!
//! Used by `seed --demo` (a few hundred services) and `bluelamp generate --services N` (up to
//! 100,000).
//!
//! Search, filters and the review queue can only be tried properly on a catalogue that looks
//! like the real thing: many suppliers, most of them small, selling police-specific products
//! (digital evidence, custody, command and control, ANPR, rostering, case files, intelligence)
//! beside the generic cloud hosting, software and support every force also buys. Copying real
//! G-Cloud listings would put other people's words and names in front of users, so every name
//! and sentence here is written for Bluelamp and combined by a small seeded generator: service
//! `i` is always the same service, each one within the G-Cloud limits so it can be published,
//! and the first few hundred use every value a buyer can filter on.
//!
//! Pure and std only (no `rand`): a splitmix64 seeded from the service number.

use crate::catalogue::types::{
    Clearance, DataLocation, ExportFormat, Listing, Network, PriceInterval, PriceUnit, Standard,
    Vetting,
};
use crate::money::Money;

/// A fictional supplier for the demo catalogue.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct DemoSupplier {
    pub name: &'static str,
    /// Made up, in the Companies House shape `^([0-9]{2}|[A-Za-z]{2})[0-9]{6}$`.
    pub companies_house_number: &'static str,
    /// A small or medium-sized enterprise (not large).
    pub sme: bool,
    /// A made-up domain under the reserved `.example` top-level domain.
    pub domain: &'static str,
    pub contact_name: &'static str,
}

const fn supplier(
    name: &'static str,
    companies_house_number: &'static str,
    sme: bool,
    domain: &'static str,
    contact_name: &'static str,
) -> DemoSupplier {
    DemoSupplier {
        name,
        companies_house_number,
        sme,
        domain,
        contact_name,
    }
}

/// Invented firms (any likeness to a real one is an accident): two thirds SMEs, as on
/// G-Cloud.
static SUPPLIERS: &[DemoSupplier] = &[
    supplier(
        "Ashdown Digital Ltd",
        "10482731",
        true,
        "ashdown-digital.co.uk.example",
        "Priya Natarajan",
    ),
    supplier(
        "Albion Managed Services plc",
        "02874519",
        false,
        "albion-managed.co.uk.example",
        "Graham Whitfield",
    ),
    supplier(
        "Brackenfield Systems Ltd",
        "09317264",
        true,
        "brackenfield-systems.co.uk.example",
        "Tom Ashworth",
    ),
    supplier(
        "Calder Data Ltd",
        "SC584120",
        true,
        "calder-data.co.uk.example",
        "Morag Campbell",
    ),
    supplier(
        "Britannic Cloud Ltd",
        "03918265",
        false,
        "britannic-cloud.co.uk.example",
        "Sunita Patel",
    ),
    supplier(
        "Dunmore Technologies Ltd",
        "11820457",
        true,
        "dunmore-technologies.co.uk.example",
        "Daniel Okafor",
    ),
    supplier(
        "Eskdale Cloud Services Ltd",
        "SC702318",
        true,
        "eskdale-cloud.co.uk.example",
        "Fiona MacLeod",
    ),
    supplier(
        "Crownfield Technology Group plc",
        "01763428",
        false,
        "crownfield-group.co.uk.example",
        "David Kerr",
    ),
    supplier(
        "Fellside Software Ltd",
        "08751936",
        true,
        "fellside-software.co.uk.example",
        "Gareth Pritchard",
    ),
    supplier(
        "Greyfriars Software Ltd",
        "12046583",
        true,
        "greyfriars-software.co.uk.example",
        "Helen Yeung",
    ),
    supplier(
        "Dalriada Systems Ltd",
        "SC117034",
        false,
        "dalriada-systems.co.uk.example",
        "Laura Bennett",
    ),
    supplier(
        "Hollins Solutions Ltd",
        "10927354",
        true,
        "hollins-solutions.co.uk.example",
        "Imran Siddiqui",
    ),
    supplier(
        "Kestrel Software Ltd",
        "07634182",
        true,
        "kestrel-software.co.uk.example",
        "Kate Lindqvist",
    ),
    supplier(
        "Elmstead Business Services plc",
        "04287631",
        false,
        "elmstead.co.uk.example",
        "Michael O'Brien",
    ),
    supplier(
        "Lanyon Secure Ltd",
        "NI658213",
        true,
        "lanyon-secure.co.uk.example",
        "Ciaran Doherty",
    ),
    supplier(
        "Marlowe Public Sector Consulting LLP",
        "OC412876",
        true,
        "marlowe-consulting.co.uk.example",
        "Rachel Hume",
    ),
    supplier(
        "Forthright Technology plc",
        "02591847",
        false,
        "forthright-technology.co.uk.example",
        "Yasmin Hussain",
    ),
    supplier(
        "Nettlebed Informatics Ltd",
        "09562817",
        true,
        "nettlebed-informatics.co.uk.example",
        "Owen Jenkins",
    ),
    supplier(
        "Oakhanger Technology Ltd",
        "13208745",
        true,
        "oakhanger-technology.co.uk.example",
        "Sophie Turnbull",
    ),
    supplier(
        "Gatehouse Public Services Ltd",
        "03562094",
        false,
        "gatehouse-ps.co.uk.example",
        "Stuart McAllister",
    ),
    supplier(
        "Pentland Digital Ltd",
        "SC641590",
        true,
        "pentland-digital.co.uk.example",
        "Alasdair Ross",
    ),
    supplier(
        "Quayside Cloud Ltd",
        "11473029",
        true,
        "quayside-cloud.co.uk.example",
        "Nadia Rahman",
    ),
    supplier(
        "Hartwell Digital plc",
        "05128736",
        false,
        "hartwell-digital.co.uk.example",
        "Catherine Holt",
    ),
    supplier(
        "Redbrook Digital Ltd",
        "12690384",
        true,
        "redbrook-digital.co.uk.example",
        "Lewis Fairbairn",
    ),
    supplier(
        "Saltmarsh Systems Ltd",
        "10274619",
        true,
        "saltmarsh-systems.co.uk.example",
        "Eilidh Grant",
    ),
    supplier(
        "Kingsmead Group plc",
        "04619827",
        false,
        "kingsmead-group.co.uk.example",
        "Peter Lam",
    ),
    supplier(
        "Thornbury IT Ltd",
        "10385276",
        true,
        "thornbury-it.co.uk.example",
        "Marcus Bell",
    ),
    supplier(
        "Upton Lane Software Ltd",
        "08219645",
        true,
        "upton-lane.co.uk.example",
        "Joanna Nowak",
    ),
    supplier(
        "Lindisfarne Enterprise Software Ltd",
        "03047291",
        false,
        "lindisfarne-software.co.uk.example",
        "Angela Moss",
    ),
    supplier(
        "Wrenfield Data Ltd",
        "12875403",
        true,
        "wrenfield-data.co.uk.example",
        "Ben Hargreaves",
    ),
    supplier(
        "Yarrow Integration Ltd",
        "11039582",
        true,
        "yarrow-integration.co.uk.example",
        "Amara Eze",
    ),
    supplier(
        "Meridian Business Solutions plc",
        "05892314",
        false,
        "meridian-business.co.uk.example",
        "Simon Threlfall",
    ),
    supplier(
        "Zennor Labs Ltd",
        "13594027",
        true,
        "zennor-labs.co.uk.example",
        "Chloe Pennington",
    ),
    supplier(
        "Tamar Valley Technology Ltd",
        "09846310",
        true,
        "tamar-valley-tech.co.uk.example",
        "Rhys Morgan",
    ),
    supplier(
        "Severnside Networks Ltd",
        "04730856",
        false,
        "severnside-networks.co.uk.example",
        "Victoria Adebayo",
    ),
    supplier(
        "Cairnstone Consulting Ltd",
        "SC689045",
        true,
        "cairnstone.co.uk.example",
        "Isla Fraser",
    ),
];

/// The demo suppliers. `Generated::supplier` indexes this slice.
pub fn suppliers() -> &'static [DemoSupplier] {
    SUPPLIERS
}

/// A lot of the framework the demo services are listed on.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct LotInput<'a> {
    pub slug: &'a str,
    pub max_categories: usize,
    /// Leaf categories: id, name, parent name.
    pub categories: Vec<(i32, &'a str, Option<&'a str>)>,
}

/// One generated service: who sells it, on which lot, and its listing.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Generated {
    /// Index into [`suppliers`].
    pub supplier: usize,
    pub lot_slug: String,
    pub listing: Listing,
}

// ---------------------------------------------------------------------------------------------
// The generator's randomness: splitmix64, seeded from the service number.

fn mix(mut z: u64) -> u64 {
    z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
    z ^ (z >> 31)
}

struct Rng(u64);

impl Rng {
    fn new(seed: u64) -> Rng {
        // "Bluelamp" in ASCII, so service 0 does not start from a state of zero.
        Rng(mix(seed ^ 0x426C_7565_6C61_6D70))
    }

    fn next_u64(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        mix(self.0)
    }

    /// A number in `0..n` (0 when `n` is 0).
    fn below_u64(&mut self, n: u64) -> u64 {
        if n == 0 {
            0
        } else {
            self.next_u64() % n
        }
    }

    fn below(&mut self, n: usize) -> usize {
        self.below_u64(n as u64) as usize
    }

    /// True `percent` times in a hundred.
    fn chance(&mut self, percent: u64) -> bool {
        self.next_u64() % 100 < percent
    }

    /// One item of a table; only ever given the non-empty tables in this file.
    fn pick<'t, T>(&mut self, items: &'t [T]) -> &'t T {
        &items[self.below(items.len())]
    }

    /// `k` distinct indexes of `0..n` in random order.
    fn sample(&mut self, n: usize, k: usize) -> Vec<usize> {
        let mut indexes: Vec<usize> = (0..n).collect();
        let k = k.min(n);
        for j in 0..k {
            let r = j + self.below(n - j);
            indexes.swap(j, r);
        }
        indexes.truncate(k);
        indexes
    }

    /// One value of a weighted table.
    fn weighted<T: Copy>(&mut self, options: &[(T, u64)]) -> T {
        let total: u64 = options.iter().map(|(_, w)| *w).sum();
        let mut r = self.below_u64(total);
        for (value, w) in options {
            if r < *w {
                return *value;
            }
            r -= *w;
        }
        options[0].0
    }
}

// ---------------------------------------------------------------------------------------------
// What the text is made from: one theme per kind of product.

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Kind {
    Hosting,
    Software,
    Support,
}

/// A price a theme is sold at: the unit and interval, and the range (in pence) the minimum
/// is drawn from in whole `step`s. A maximum, when there is one, is 110% to `max_pct`% of
/// the minimum.
struct Price {
    unit: PriceUnit,
    interval: Option<PriceInterval>,
    lo: u64,
    hi: u64,
    step: u64,
    max_pct: u64,
}

const fn price(
    unit: PriceUnit,
    interval: Option<PriceInterval>,
    lo: u64,
    hi: u64,
    step: u64,
    max_pct: u64,
) -> Price {
    Price {
        unit,
        interval,
        lo,
        hi,
        step,
        max_pct,
    }
}

const HOUR: Option<PriceInterval> = Some(PriceInterval::Hour);
const DAY: Option<PriceInterval> = Some(PriceInterval::Day);
const MONTH: Option<PriceInterval> = Some(PriceInterval::Month);
const YEAR: Option<PriceInterval> = Some(PriceInterval::Year);
/// A one-off price.
const ONCE: Option<PriceInterval> = None;

struct Theme {
    kind: Kind,
    /// Made for policing (rather than any public body).
    police: bool,
    /// The product part of a name: "{product line} {core} {edition}".
    cores: &'static [&'static str],
    /// First sentences of a summary, each short enough to take a second.
    summaries: &'static [&'static str],
    features: &'static [&'static str],
    benefits: &'static [&'static str],
    /// Category names (any lot's spelling, matched ignoring case).
    categories: &'static [&'static str],
    prices: &'static [Price],
    /// What a buyer's data is, for the data extraction sentence.
    data: &'static str,
    /// What "Other" means when it is an export format.
    other_format: &'static str,
    /// Words in the names of legacy functions this product can replace.
    replaces: &'static [&'static str],
}

/// Every theme, police software first: the first services cycle through this list in order.
static THEMES: &[Theme] = &[
    // ---- Police software
    Theme {
        kind: Kind::Software,
        police: true,
        cores: &[
            "Digital Evidence Manager",
            "Evidence Vault",
            "Digital Evidence Hub",
            "Evidence Exchange",
        ],
        summaries: &[
            "Cloud digital evidence management that lets officers upload, review and share images, video and documents from a single secure record for each investigation.",
            "Collects digital evidence from body-worn cameras, CCTV, phones and the public, keeps it with a full chain of custody and shares it securely with the CPS.",
            "A secure store for every piece of digital evidence a force holds, with automatic retention, audit trails and controlled sharing with partners and the courts.",
        ],
        features: &[
            "Bulk upload from CCTV, phones and removable media",
            "Public upload portal for witness images and video",
            "Full chain of custody and audit trail",
            "Role-based access down to individual exhibits",
            "Secure sharing links for the CPS and defence",
            "Automatic retention and review under MoPI",
            "Playback of proprietary CCTV formats in the browser",
            "Hash checking to prove files are unaltered",
            "Case folders linked to crime references",
            "Search by officer, location, date or tag",
            "Redaction of faces and number plates before sharing",
        ],
        benefits: &[
            "Ends the copying of evidence to discs and USB sticks",
            "Cuts the time officers spend collecting CCTV footage",
            "Gives prosecutors evidence they can open first time",
            "Shows who accessed each exhibit and when",
            "Reduces storage costs through automatic retention rules",
            "Keeps investigations moving when files are large",
            "Supports compliance with the Forensic Science Regulator's codes",
            "One place to find every file for a case",
        ],
        categories: &[
            "Law enforcement",
            "Document management",
            "Content storage and sharing",
            "Electronic discovery (legal)",
            "Image management and picture archiving",
            "File sending and file sharing",
        ],
        prices: &[
            price(PriceUnit::User, MONTH, 1_200, 3_800, 50, 250),
            price(PriceUnit::Terabyte, MONTH, 4_000, 11_000, 500, 200),
            price(PriceUnit::Licence, YEAR, 1_800_000, 9_500_000, 50_000, 200),
        ],
        data: "evidence files, metadata and audit trails",
        other_format: "original media files",
        replaces: &["evidence", "exhibit", "property", "digital media"],
    },
    Theme {
        kind: Kind::Software,
        police: true,
        cores: &["Custody Record", "Custody Suite Manager", "Detention Log", "Custody Records"],
        summaries: &[
            "An electronic custody record for busy suites that guides custody officers through booking in, risk assessment, reviews and release, and keeps PACE clocks in view.",
            "Records every detainee's journey through custody, from arrival and risk assessment to rights, reviews, property and release, in one auditable record.",
            "Cloud custody software that prompts detention officers with PACE timings, welfare checks and risk warnings so nothing is missed on a busy shift.",
        ],
        features: &[
            "PACE and review clock timers with alerts",
            "Risk assessment with prompts from previous detentions",
            "Cell visit and welfare check recording",
            "Detainee property logging with barcode labels",
            "Rights and entitlements recorded with electronic signature",
            "Live custody suite board on wall screens",
            "Healthcare and appropriate adult referrals",
            "Biometrics capture prompts at booking in",
            "Interpreter and solicitor contact logging",
            "Release, bail and charge decision recording",
            "Access for independent custody visitors",
        ],
        benefits: &[
            "Helps keep detainees safe with timely welfare prompts",
            "Reduces missed PACE deadlines and review breaches",
            "Gives sergeants a clear view of the whole suite",
            "Produces a complete record ready for court or complaint",
            "Cuts double keying between custody and case systems",
            "Supports inspection by HMICFRS and custody visitors",
            "Shares detention information safely with healthcare partners",
            "Works on desktops, tablets and wall displays",
        ],
        categories: &["Law enforcement", "Case management", "Workflow", "Reporting and dashboards"],
        prices: &[
            price(PriceUnit::User, MONTH, 900, 2_800, 50, 200),
            price(PriceUnit::Licence, YEAR, 2_500_000, 12_000_000, 50_000, 180),
        ],
        data: "custody records, attachments and audit logs",
        other_format: "PDF custody record bundles",
        replaces: &["custody", "detention"],
    },
    Theme {
        kind: Kind::Software,
        police: true,
        cores: &[
            "Command and Control",
            "Incident Command",
            "Control Room Dispatch",
            "Call Handling and Dispatch",
        ],
        summaries: &[
            "Command and control software for police control rooms: take emergency and non-emergency calls, grade incidents, dispatch resources and track them to resolution.",
            "A cloud control room platform that brings call handling, incident logs, live resource locations and mapping into one screen for dispatchers and supervisors.",
            "Helps control rooms answer, assess and deploy faster, with THRIVE risk prompts, automatic resource recommendations and a live picture of every incident.",
        ],
        features: &[
            "Incident logs with grading and THRIVE prompts",
            "Live map of officers and vehicles",
            "Resource recommendations by skill and distance",
            "Integration with telephony and caller location",
            "Radio status messages from officers' terminals",
            "Multi-agency incident sharing with fire and ambulance",
            "Duplicate call detection for the same incident",
            "Supervisor dashboards for demand and response times",
            "Active-active hosting across two data centres",
            "Configurable call scripts and question sets",
        ],
        benefits: &[
            "Gets the right officer to an incident sooner",
            "Gives supervisors a live view of demand",
            "Reduces call handling time with guided scripts",
            "Keeps a complete, timed record of every decision",
            "Lets neighbouring forces support each other in busy periods",
            "Cuts the cost of running control room servers",
            "Improves response time reporting for the force",
            "Supports consistent risk assessment across shifts",
        ],
        categories: &[
            "Law enforcement",
            "Call centre",
            "Transportation dispatch",
            "Geographic information systems and mapping",
            "Unified communications",
        ],
        prices: &[
            price(PriceUnit::User, MONTH, 3_500, 9_000, 250, 180),
            price(PriceUnit::Licence, YEAR, 6_000_000, 35_000_000, 250_000, 160),
        ],
        data: "incident logs, call records and resource histories",
        other_format: "GIS shapefiles",
        replaces: &["command", "control room", "dispatch", "call handling"],
    },
    Theme {
        kind: Kind::Software,
        police: true,
        cores: &[
            "ANPR Back Office",
            "ANPR Hotlist Manager",
            "Number Plate Intelligence",
            "ANPR Analytics",
        ],
        summaries: &[
            "A back office for automatic number plate recognition that manages cameras, hotlists and alerts, and lets analysts search reads within national retention rules.",
            "Collects reads from fixed, mobile and vehicle-mounted ANPR cameras, raises hotlist alerts in seconds and gives investigators audited search across the force.",
            "ANPR back office software that keeps camera health, hotlists and alerting in one place and shares reads with the national service.",
        ],
        features: &[
            "Hotlist management with expiry and owner details",
            "Real-time alerts to control rooms and vehicles",
            "Camera health and read-rate monitoring",
            "Audited searches with a recorded purpose",
            "Convoy and vehicle pattern analysis",
            "Map of camera sites and recent reads",
            "Retention rules applied automatically to reads",
            "Export of search results for evidence",
            "Support for fixed, mobile and in-car cameras",
            "Role-based access for analysts and investigators",
        ],
        benefits: &[
            "Turns camera reads into timely alerts for officers",
            "Shows which cameras need maintenance before they fail",
            "Helps meet the national ANPR standards",
            "Gives investigators quick, lawful access to read history",
            "Reduces manual hotlist administration",
            "Helps locate vehicles linked to serious crime",
            "Keeps an auditable record of every search made",
        ],
        categories: &[
            "Law enforcement",
            "Data mining, analysis tools and analytics",
            "Geographic information systems and mapping",
            "Complex event processing",
            "Analytics",
        ],
        prices: &[
            price(PriceUnit::Device, MONTH, 600, 2_200, 50, 200),
            price(PriceUnit::Licence, YEAR, 1_500_000, 8_000_000, 50_000, 200),
        ],
        data: "camera records, hotlists and search audit logs",
        other_format: "camera configuration files",
        replaces: &["anpr", "number plate"],
    },
    Theme {
        kind: Kind::Software,
        police: true,
        cores: &[
            "Duty Rostering",
            "Shift Planner",
            "Duty Management",
            "Resource Deployment Planner",
        ],
        summaries: &[
            "Duty management for shift-based officers and staff: plan rosters, handle changes and overtime, and keep rest days and working time rules in check.",
            "Builds fair rosters for response, neighbourhood and specialist teams, and lets officers see duties, swap shifts and request leave from their phone.",
            "Cloud rostering that matches officers with the right skills to each shift, tracks overtime and rest day working, and feeds hours to payroll.",
        ],
        features: &[
            "Rolling shift pattern templates",
            "Skills and qualification checks when rostering",
            "Overtime and rest day working claims",
            "Officer self-service on phone and desktop",
            "Minimum staffing alerts for each team",
            "Police Regulations and working time checks",
            "Annual leave and time off in lieu",
            "Event and operation planning with mutual aid",
            "Payroll export of hours and allowances",
            "Court warning and availability management",
        ],
        benefits: &[
            "Puts the right number of officers on every shift",
            "Cuts the time supervisors spend building rosters",
            "Reduces unplanned overtime costs",
            "Gives officers earlier notice of their duties",
            "Helps protect rest days and officer wellbeing",
            "Makes court warnings less disruptive to shifts",
            "Removes errors from manual overtime claims",
        ],
        categories: &[
            "Employee scheduling",
            "Workforce management",
            "Holiday planning and absence management",
            "Time and expense tracking",
            "Booking, scheduling and diary management",
        ],
        prices: &[
            price(PriceUnit::User, MONTH, 350, 900, 25, 200),
            price(PriceUnit::User, YEAR, 4_000, 10_000, 100, 180),
        ],
        data: "rosters, duty records and overtime claims",
        other_format: "iCalendar files",
        replaces: &["duty", "duties", "roster", "shift"],
    },
    Theme {
        kind: Kind::Software,
        police: true,
        cores: &[
            "Case File Builder",
            "Prosecution File Manager",
            "Case Preparation",
            "Charging File Workflow",
        ],
        summaries: &[
            "Helps officers build prosecution case files to the national file standard, check them before submission and send them to the CPS electronically.",
            "Case file preparation software that brings statements, exhibits and disclosure schedules together and tracks each file from charge to court.",
            "Guides officers and case builders through file quality checks, so case files reach the CPS complete, on time and in the right format.",
        ],
        features: &[
            "Templates for national case file forms",
            "File quality checks before submission",
            "Electronic transfer to the CPS",
            "Disclosure schedules built alongside the file",
            "Task lists for officers, supervisors and case builders",
            "Tracking of files from charge to court",
            "Statement capture on mobile devices",
            "Reminders for court dates and upgrade requests",
            "Witness care and victim contact records",
            "Dashboards for file quality and timeliness",
        ],
        benefits: &[
            "Fewer case files returned by the CPS",
            "Saves officer time on form filling",
            "Shows supervisors where files are held up",
            "Helps victims and witnesses get timely updates",
            "Reduces hearings adjourned for missing material",
            "Improves compliance with disclosure obligations",
            "One complete record of every prosecution file",
        ],
        categories: &[
            "Law enforcement",
            "Legal case management",
            "Case management",
            "Legal document management",
            "Document management",
            "Workflow",
        ],
        prices: &[
            price(PriceUnit::User, MONTH, 800, 2_400, 50, 200),
            price(PriceUnit::Licence, YEAR, 2_000_000, 9_000_000, 50_000, 180),
        ],
        data: "case files, statements and disclosure schedules",
        other_format: "PDF case file bundles",
        replaces: &["case", "prosecution", "file preparation", "charging"],
    },
    Theme {
        kind: Kind::Software,
        police: true,
        cores: &[
            "Intelligence Manager",
            "Intelligence Hub",
            "Intelligence Records",
            "Link Analysis Workspace",
        ],
        summaries: &[
            "Intelligence management for police forces: submit, evaluate, sanitise and disseminate intelligence reports with 3x5x2 grading and a full audit trail.",
            "Brings intelligence reports, entities and associations into one searchable system, with link charts and maps for analysts and investigators.",
            "Lets officers submit intelligence from anywhere and gives researchers the tools to evaluate, sanitise and share it quickly and lawfully.",
        ],
        features: &[
            "3x5x2 evaluation and handling codes",
            "Sanitisation workflow with supervisor approval",
            "Entity resolution across people, places and vehicles",
            "Link charts and timeline views",
            "Mapping of intelligence by location",
            "Tasking and briefing packs for shifts",
            "Mobile intelligence submission for officers",
            "Review and deletion scheduling under MoPI",
            "Compartmented access for sensitive operations",
            "Full-text search across reports and attachments",
        ],
        benefits: &[
            "Gets intelligence to the right people faster",
            "Reduces duplicate records of the same person",
            "Helps analysts spot links across investigations",
            "Improves the quality of daily briefings",
            "Protects sensitive sources with compartmented access",
            "Keeps intelligence holdings lawful and reviewed",
            "Saves research time with one search",
        ],
        categories: &[
            "Law enforcement",
            "Data mining, analysis tools and analytics",
            "Data visualisation",
            "Business intelligence",
            "Analytics",
        ],
        prices: &[
            price(PriceUnit::User, MONTH, 2_500, 7_500, 100, 180),
            price(PriceUnit::Licence, YEAR, 3_000_000, 15_000_000, 100_000, 170),
        ],
        data: "intelligence reports, entities and audit logs",
        other_format: "link chart files",
        replaces: &["intelligence", "briefing"],
    },
    Theme {
        kind: Kind::Software,
        police: true,
        cores: &["Body-Worn Video Storage", "Body-Worn Video Manager", "Video Evidence Store"],
        summaries: &[
            "Secure cloud storage and management for body-worn video, with automatic upload from docks, retention by category and sharing with the CPS.",
            "Stores and manages footage from body-worn and vehicle cameras, so officers can tag, review and share video without leaving their desk.",
            "A body-worn video back office that handles uploads, retention, redaction and sharing, priced per camera so costs grow with your fleet.",
        ],
        features: &[
            "Automatic upload from docking stations",
            "Works with common body-worn camera models",
            "Retention periods set by incident category",
            "Browser playback with bookmarks and notes",
            "Face and plate redaction before disclosure",
            "Secure sharing with the CPS and courts",
            "Camera allocation to officers and shifts",
            "Audit of every view, download and share",
            "Bulk tagging with crime and incident numbers",
            "Storage tiering for older footage",
        ],
        benefits: &[
            "Frees officers from copying video to discs",
            "Keeps footage safe with a clear audit trail",
            "Reduces storage costs through automatic deletion",
            "Gives prosecutors footage in a format they can play",
            "Scales with the number of cameras in use",
            "Helps resolve complaints quickly with reliable footage",
        ],
        categories: &[
            "Law enforcement",
            "Photography and multimedia",
            "Image management and picture archiving",
            "Content storage and sharing",
            "File storage",
        ],
        prices: &[
            price(PriceUnit::Device, MONTH, 900, 3_000, 50, 200),
            price(PriceUnit::Terabyte, MONTH, 3_500, 9_000, 250, 180),
            price(PriceUnit::Gigabyte, MONTH, 3, 9, 1, 200),
        ],
        data: "video files, metadata and audit logs",
        other_format: "MP4 video files",
        replaces: &["body-worn", "body worn", "video"],
    },
    Theme {
        kind: Kind::Software,
        police: true,
        cores: &[
            "Online Crime Reporting",
            "Public Contact Portal",
            "Report Online",
            "Public Contact Hub",
        ],
        summaries: &[
            "Lets the public report crimes, incidents and lost property online at any time, with smart forms that route each report straight to the right team.",
            "A public contact platform for police forces that brings online reporting, live chat and case updates together, so people get answers without calling 101.",
            "Online forms, chat and automated updates that reduce demand on contact centres and keep victims informed about their report.",
        ],
        features: &[
            "Accessible online forms to WCAG 2.2 AA",
            "Reports routed by type and location",
            "Live chat with handover to contact officers",
            "Automatic updates to victims by email and SMS",
            "Reference numbers issued instantly",
            "Upload of images and documents by the public",
            "Welsh language versions of every form",
            "Chatbot answers to common questions",
            "Integration with crime recording systems",
            "Satisfaction surveys after contact",
        ],
        benefits: &[
            "Reduces calls to 101 and front counters",
            "Lets people contact the police at any time",
            "Keeps victims informed without extra officer effort",
            "Captures better information first time",
            "Frees contact handlers for urgent calls",
            "Helps meet the Victims' Code on updates",
        ],
        categories: &[
            "Constituent engagement",
            "Forms and surveys",
            "Live chat",
            "Customer service and support",
            "Virtual agents",
            "Contact management",
            "Law enforcement",
        ],
        prices: &[
            price(PriceUnit::Transaction, ONCE, 20, 140, 5, 200),
            price(PriceUnit::User, MONTH, 2_000, 6_000, 100, 180),
            price(PriceUnit::Licence, YEAR, 1_200_000, 6_000_000, 50_000, 200),
        ],
        data: "submitted reports, attachments and contact histories",
        other_format: "PDF copies of reports",
        replaces: &[
            "public contact",
            "crime reporting",
            "online reporting",
            "front counter",
            "enquir",
        ],
    },
    Theme {
        kind: Kind::Software,
        police: true,
        cores: &["Disclosure Redaction", "Auto-Redact", "Redaction Studio", "Disclosure Manager"],
        summaries: &[
            "Finds and redacts personal data in documents, images, audio and video before disclosure, with a reviewer checking every suggested redaction.",
            "Disclosure software for police forces that schedules unused material, redacts sensitive details and produces disclosure packages for the CPS.",
            "Speeds up redaction for criminal disclosure, subject access and freedom of information requests using automatic detection and human review.",
        ],
        features: &[
            "Automatic detection of names, addresses and phone numbers",
            "Face, plate and screen redaction in video",
            "Voice redaction in audio recordings",
            "Reviewer approval for every redaction",
            "Unused material schedules",
            "Redaction reasons recorded for audit",
            "Bulk processing of large document sets",
            "Export of redacted bundles as PDF",
            "Templates for subject access and FOI responses",
            "Side-by-side view of original and redacted copies",
        ],
        benefits: &[
            "Cuts redaction time from days to hours",
            "Reduces the risk of personal data being disclosed",
            "Helps meet disclosure deadlines in serious cases",
            "Keeps a defensible record of every decision",
            "Lets staff handle more requests without extra hires",
            "Consistent redaction across teams and departments",
        ],
        categories: &[
            "Legal document management",
            "Electronic discovery (legal)",
            "Document management",
            "Law enforcement",
            "Photography and multimedia",
            "Machine learning and artificial intelligence",
        ],
        prices: &[
            price(PriceUnit::User, MONTH, 3_000, 8_500, 100, 180),
            price(PriceUnit::Transaction, ONCE, 150, 900, 25, 200),
        ],
        data: "source material, redacted copies and decision logs",
        other_format: "PDF disclosure bundles",
        replaces: &["disclosure", "redaction", "subject access", "freedom of information"],
    },
    Theme {
        kind: Kind::Software,
        police: true,
        cores: &["Vetting Case Manager", "Force Vetting", "Vetting Workflow", "Clearance Tracker"],
        summaries: &[
            "Manages police vetting from application to decision, with checks, reviews, renewals and appeals tracked against the Vetting Code of Practice.",
            "Case management for force vetting units that tracks NPPV and recruitment vetting, sends renewal reminders and keeps a full audit of decisions.",
            "Gives vetting units one workflow for officers, staff, contractors and volunteers, with online forms, check tracking and aftercare reminders.",
        ],
        features: &[
            "Online vetting forms for applicants",
            "Check tracking across local and national systems",
            "Renewal and aftercare reminders",
            "Appeals and review workflow",
            "Risk assessment and decision recording",
            "Contractor and NPPV clearance register",
            "Secure messaging with applicants",
            "Reports on volumes and turnaround times",
            "Role-based access for vetting officers",
            "Links to recruitment and HR records",
        ],
        benefits: &[
            "Shortens the time to clear new recruits",
            "Stops clearances lapsing without review",
            "Gives a defensible record of every decision",
            "Reduces paper forms and rekeying",
            "Shows managers where cases are waiting",
            "Supports consistent decisions across the unit",
        ],
        categories: &[
            "Case management",
            "Workflow",
            "Applicant tracking",
            "Security risk management",
            "Governance, risk management and compliance (GRC)",
            "Recruitment",
        ],
        prices: &[
            price(PriceUnit::User, MONTH, 1_500, 4_000, 50, 180),
            price(PriceUnit::Transaction, ONCE, 400, 1_500, 50, 180),
        ],
        data: "vetting cases, forms and decision records",
        other_format: "PDF case summaries",
        replaces: &["vetting", "clearance", "professional standards"],
    },
    Theme {
        kind: Kind::Software,
        police: true,
        cores: &[
            "Fleet Telematics",
            "Fleet Manager",
            "Vehicle Tracking",
            "Driver Behaviour Monitor",
        ],
        summaries: &[
            "Telematics for police fleets that tracks vehicle location, usage and driving behaviour, and flags servicing and defects before vehicles go off the road.",
            "Fleet management software for emergency service vehicles: bookings, servicing, fuel, defects and live tracking in one system.",
            "Helps forces right-size their fleet with accurate usage data, driver behaviour reports and automatic collision alerts.",
        ],
        features: &[
            "Live vehicle location on a map",
            "Blue light and siren usage logging",
            "Driver identification by card or app",
            "Harsh braking and speeding reports",
            "Servicing, MOT and defect scheduling",
            "Fuel card and mileage reconciliation",
            "Pool vehicle booking",
            "Collision alerts with location and speed",
            "Utilisation reports by station and team",
            "Electric vehicle charging and range data",
        ],
        benefits: &[
            "Reduces the number of vehicles a force needs",
            "Lowers fuel and maintenance costs",
            "Improves driver safety with behaviour feedback",
            "Gives evidence after collisions and complaints",
            "Keeps more vehicles available for response",
            "Supports the move to electric vehicles",
        ],
        categories: &[
            "Fleet management",
            "Fleet tracking",
            "Transportation dispatch",
            "Geographic information systems and mapping",
            "Asset management",
            "Field service management",
        ],
        prices: &[
            price(PriceUnit::Device, MONTH, 700, 2_200, 25, 180),
            price(PriceUnit::Licence, YEAR, 800_000, 4_500_000, 50_000, 180),
        ],
        data: "vehicle, journey and maintenance records",
        other_format: "GPX route files",
        replaces: &["fleet", "vehicle", "transport", "telematics"],
    },
    Theme {
        kind: Kind::Software,
        police: true,
        cores: &[
            "Police Records Management",
            "Crime and Incident Records",
            "Occurrence Manager",
            "Crime Recording",
        ],
        summaries: &[
            "A records management system for police forces that holds crimes, incidents, people, property and investigations in one searchable record.",
            "Cloud crime and incident recording that helps forces meet national crime recording standards and gives investigators one view of every person and place.",
            "Brings crime recording, investigations, property and intelligence together, replacing separate legacy databases with one modern system.",
        ],
        features: &[
            "Crime recording to national standards",
            "Home Office Counting Rules validation",
            "Person, object, location and event records",
            "Investigation plans and task allocation",
            "Property and exhibit tracking",
            "Duplicate record detection and merging",
            "Full-text search across all records",
            "Mobile access for officers on patrol",
            "Automatic review scheduling under MoPI",
            "Statutory returns to the Home Office",
        ],
        benefits: &[
            "One record of each person, place and crime",
            "Improves crime data integrity",
            "Saves officers time on duplicate entry",
            "Makes statutory returns quicker and more accurate",
            "Helps investigators find linked incidents",
            "Replaces several ageing databases",
        ],
        categories: &[
            "Law enforcement",
            "Case management",
            "Document management",
            "Legal case management",
            "Reporting and dashboards",
        ],
        prices: &[
            price(PriceUnit::User, MONTH, 1_800, 4_500, 100, 180),
            price(PriceUnit::Licence, YEAR, 15_000_000, 60_000_000, 500_000, 150),
        ],
        data: "crime, incident and person records",
        other_format: "database export files",
        replaces: &["records", "crime recording", "occurrence"],
    },
    Theme {
        kind: Kind::Software,
        police: true,
        cores: &[
            "Mobile Policing",
            "Digital Pocket Notebook",
            "Mobile Data for Officers",
            "Officer Mobile App",
        ],
        summaries: &[
            "A mobile app that lets officers check records, complete forms and take statements on patrol, so they spend less time returning to the station.",
            "Digital pocket notebooks and mobile forms for frontline officers, with offline working and automatic upload to force systems.",
            "Puts searches, forms, maps and briefings on officers' phones and tablets, with strong device security and offline working.",
        ],
        features: &[
            "Digital pocket notebook with signatures",
            "Offline working with automatic sync",
            "Person and vehicle checks from the street",
            "Statement capture with electronic signature",
            "Stop and search recording",
            "Briefings and tasks on the device",
            "Maps with beat and incident locations",
            "Photo capture linked to records",
            "Works on Android and iOS",
            "Configurable forms without coding",
        ],
        benefits: &[
            "Keeps officers visible in communities for longer",
            "Removes paper notebooks and rekeying",
            "Gets information to the station immediately",
            "Improves the quality of stop and search records",
            "Gives officers the facts before they attend",
            "Fewer trips back to base during a shift",
        ],
        categories: &[
            "Law enforcement",
            "Mobile device management",
            "Forms and surveys",
            "Field service management",
        ],
        prices: &[
            price(PriceUnit::User, MONTH, 600, 1_800, 50, 200),
            price(PriceUnit::Device, MONTH, 500, 1_500, 50, 180),
        ],
        data: "notebook entries, forms and attachments",
        other_format: "PDF notebook exports",
        replaces: &["pocket", "mobile data", "mobile working", "notebook"],
    },
    Theme {
        kind: Kind::Software,
        police: true,
        cores: &[
            "Safeguarding Referrals",
            "Public Protection Manager",
            "Missing Persons Coordinator",
            "Domestic Abuse Case Tracker",
        ],
        summaries: &[
            "Manages safeguarding referrals between police and partner agencies, with risk assessments, multi-agency meetings and shared actions in one place.",
            "Helps public protection units record risk, coordinate missing person investigations and share information safely with councils and health.",
            "Case management for vulnerability and public protection, from the first referral to multi-agency safeguarding plans and their review.",
        ],
        features: &[
            "DASH and other risk assessment forms",
            "Referrals to and from partner agencies",
            "Multi-agency meeting agendas and actions",
            "Missing person risk grading and tasks",
            "Secure partner portal with controlled access",
            "Chronologies for each child or adult",
            "Alerts when risk levels change",
            "Reports on repeat victims and locations",
            "Information sharing agreement controls",
            "Records of decisions and rationale",
        ],
        benefits: &[
            "Gets vulnerable people help sooner",
            "Gives partners a shared view of risk",
            "Reduces duplicate referrals and phone calls",
            "Helps find missing people faster",
            "Provides a clear record for reviews and inspections",
            "Supports consistent risk decisions",
        ],
        categories: &[
            "Case management",
            "Law enforcement",
            "Workflow",
            "Partner relationship management (PRM)",
            "Contact management",
        ],
        prices: &[
            price(PriceUnit::User, MONTH, 1_200, 3_500, 50, 180),
            price(PriceUnit::Licence, YEAR, 2_000_000, 8_000_000, 50_000, 170),
        ],
        data: "referrals, risk assessments and case notes",
        other_format: "PDF chronologies",
        replaces: &["safeguarding", "public protection", "missing", "domestic abuse", "vulnerab"],
    },
    // ---- Generic software
    Theme {
        kind: Kind::Software,
        police: false,
        cores: &[
            "Identity and Access",
            "Single Sign-On",
            "Access Manager",
            "Privileged Access Vault",
        ],
        summaries: &[
            "Cloud identity and access management with single sign-on, multi-factor authentication and automated joiner, mover and leaver processes.",
            "Gives staff one secure sign-in to every application, with multi-factor authentication, conditional access and a full audit of who accessed what.",
            "Controls and records privileged access to servers and applications, with just-in-time elevation and session recording.",
        ],
        features: &[
            "Single sign-on with SAML and OpenID Connect",
            "Multi-factor authentication including passkeys",
            "Joiner, mover and leaver automation",
            "Conditional access by device and location",
            "Self-service password reset",
            "Privileged session recording",
            "Access reviews and certification campaigns",
            "Directory synchronisation",
            "Audit logs exportable to your SIEM",
            "Guest access for partner organisations",
        ],
        benefits: &[
            "Fewer passwords for staff to remember",
            "Reduces the risk of account compromise",
            "Removes access promptly when people leave",
            "Cuts service desk password reset calls",
            "Shows auditors who has access to what",
            "Lets partners collaborate without extra accounts",
        ],
        categories: &[
            "Authentication, identity and access management",
            "Password management",
            "Remote access",
            "Security risk management",
            "Audit tools",
        ],
        prices: &[
            price(PriceUnit::User, MONTH, 180, 750, 10, 200),
            price(PriceUnit::User, YEAR, 2_000, 8_000, 100, 180),
        ],
        data: "user accounts, group memberships and audit logs",
        other_format: "LDIF directory files",
        replaces: &["identity", "access control", "directory", "password", "sign-on"],
    },
    Theme {
        kind: Kind::Software,
        police: false,
        cores: &["HR and Payroll", "People Hub", "Payroll Service", "Employee Self-Service"],
        summaries: &[
            "Cloud HR and payroll for public sector employers, covering the employee record, absence, pay, pensions and self-service in one system.",
            "Runs payroll for officers, staff and volunteers with the allowances, pension schemes and deductions that police pay rules need.",
            "Employee self-service and HR case management that lets managers approve leave, record absence and update contracts without paperwork.",
        ],
        features: &[
            "Employee record with contracts and history",
            "Payroll with pension scheme calculations",
            "Absence and sickness recording",
            "Manager and employee self-service",
            "Real Time Information submissions to HMRC",
            "Recruitment and onboarding workflow",
            "Performance reviews and objectives",
            "Training and qualification records",
            "Organisation charts and establishment control",
            "Workforce reports and dashboards",
        ],
        benefits: &[
            "Pays people accurately and on time",
            "Reduces HR administration",
            "Gives managers the information to support their teams",
            "Cuts paper forms and manual payroll adjustments",
            "Keeps establishment and budget figures aligned",
            "Lets staff update their own details",
        ],
        categories: &[
            "Payroll",
            "Salary",
            "Employee self-service",
            "Holiday planning and absence management",
            "Recruitment",
            "Performance management",
            "Benefits administration",
            "Workforce analytics",
        ],
        prices: &[
            price(PriceUnit::User, MONTH, 250, 900, 10, 200),
            price(PriceUnit::User, YEAR, 3_000, 10_000, 100, 180),
        ],
        data: "employee, absence and payroll records",
        other_format: "BACS payment files",
        replaces: &["hr", "human resources", "payroll", "personnel", "absence"],
    },
    Theme {
        kind: Kind::Software,
        police: false,
        cores: &["Finance and Procurement", "Cloud ERP", "Purchase to Pay", "Financial Management"],
        summaries: &[
            "Cloud finance for public bodies covering the general ledger, budgets, purchase to pay and fixed assets, with reports budget holders can run themselves.",
            "An enterprise resource planning suite that joins up finance, procurement and asset management, replacing separate legacy systems.",
            "Purchase to pay software that takes requisitions, orders, invoices and payments online, with approval rules matched to your scheme of delegation.",
        ],
        features: &[
            "General ledger and multi-year budgets",
            "Purchase orders with approval workflows",
            "Invoice scanning and automatic matching",
            "Fixed asset register and depreciation",
            "Budget holder dashboards",
            "Supplier self-service portal",
            "Bank reconciliation",
            "Grant and funding tracking",
            "Year-end and statutory reporting",
            "Expenses with mobile receipt capture",
        ],
        benefits: &[
            "Faster month-end and year-end close",
            "Gives budget holders live spending figures",
            "Pays suppliers on time",
            "Reduces off-contract spending",
            "One system instead of several",
            "Stronger controls with a clear audit trail",
        ],
        categories: &[
            "Enterprise resource planning (ERP)",
            "Financial management",
            "Accounts payable",
            "Accounts receivable",
            "Budgeting",
            "Procurement",
            "Purchasing",
            "Asset management",
            "Expense management, expense reporting",
        ],
        prices: &[
            price(PriceUnit::User, MONTH, 2_000, 9_500, 100, 180),
            price(PriceUnit::Licence, YEAR, 3_000_000, 25_000_000, 100_000, 160),
        ],
        data: "ledgers, transactions and supplier records",
        other_format: "accounting interchange files",
        replaces: &["financ", "procurement", "purchasing", "erp", "budget", "accounts"],
    },
    Theme {
        kind: Kind::Software,
        police: false,
        cores: &[
            "Secure Collaboration",
            "Team Workspace",
            "Secure File Exchange",
            "Meetings and Messaging",
        ],
        summaries: &[
            "Secure file sharing, chat and online meetings for teams who work across organisations, with controls suited to official and sensitive information.",
            "A team workspace for documents, tasks and conversations that partners can join securely, without emailing attachments back and forth.",
            "Sends and receives large or sensitive files securely, with expiry dates, download tracking and encryption in transit and at rest.",
        ],
        features: &[
            "Shared workspaces with guest access",
            "Large file transfer up to 50 GB",
            "Chat, voice and video meetings",
            "Document co-editing in the browser",
            "Download tracking and link expiry",
            "Protective marking labels",
            "Task lists and shared calendars",
            "Encryption in transit and at rest",
            "Mobile apps for iOS and Android",
            "Retention policies by workspace",
        ],
        benefits: &[
            "Stops sensitive files being sent by email",
            "Makes partnership working easier",
            "Fewer meetings in person and less travel",
            "Keeps a record of who saw each document",
            "Works on any device",
            "Reduces version confusion on shared documents",
        ],
        categories: &[
            "Content storage and sharing",
            "File sending and file sharing",
            "Instant messaging (IM) and chat",
            "Online meetings",
            "Project collaboration",
            "Email and secure email",
            "Video conferencing",
            "Task management",
        ],
        prices: &[price(PriceUnit::User, MONTH, 200, 1_150, 10, 200)],
        data: "files, messages and workspace records",
        other_format: "original document files",
        replaces: &["intranet", "file sharing", "email", "collaboration", "messaging"],
    },
    Theme {
        kind: Kind::Software,
        police: false,
        cores: &[
            "Performance Analytics",
            "Insight Dashboards",
            "Demand Analytics",
            "Data Platform",
        ],
        summaries: &[
            "Analytics and dashboards that bring data from operational systems together, so leaders and analysts can see demand, performance and trends.",
            "A self-service business intelligence platform with ready-made dashboards, a governed data model and scheduled reports for every team.",
            "Forecasts demand and highlights where resources are stretched, using the data you already hold and models your analysts can explain.",
        ],
        features: &[
            "Connectors for common databases and files",
            "Drag-and-drop dashboard builder",
            "Scheduled and emailed reports",
            "Row-level security on every dataset",
            "Demand forecasting models",
            "Maps and hotspot analysis",
            "Natural language questions over data",
            "Data quality checks and alerts",
            "Dashboards embedded in other applications",
            "Version-controlled data models",
        ],
        benefits: &[
            "One version of the truth for performance meetings",
            "Less time compiling spreadsheets",
            "Earlier warning of rising demand",
            "Lets analysts focus on analysis, not extraction",
            "Helps target resources where they are needed",
            "Makes data available to every manager",
        ],
        categories: &[
            "Analytics",
            "Business intelligence",
            "Data visualisation",
            "Reporting and dashboards",
            "Data mining, analysis tools and analytics",
            "Machine learning and artificial intelligence",
        ],
        prices: &[
            price(PriceUnit::User, MONTH, 1_000, 4_500, 50, 200),
            price(PriceUnit::Licence, YEAR, 1_000_000, 9_000_000, 50_000, 180),
        ],
        data: "datasets, dashboards and report definitions",
        other_format: "Parquet files",
        replaces: &["management information", "performance reporting", "dashboard", "analytics"],
    },
    Theme {
        kind: Kind::Software,
        police: false,
        cores: &[
            "Security Monitoring",
            "Log Analytics",
            "Threat Detection",
            "Security Operations Platform",
        ],
        summaries: &[
            "Cloud security information and event management that collects logs from across your estate, detects threats and helps analysts respond quickly.",
            "Threat detection and response for endpoints, cloud services and networks, with alerts triaged by an automated rules engine and your own analysts.",
            "Collects, searches and retains audit logs from every system, so security teams can investigate incidents and prove compliance.",
        ],
        features: &[
            "Log collection from cloud and on-premises sources",
            "Detection rules mapped to MITRE ATT&CK",
            "Automated response playbooks",
            "Endpoint detection and response agent",
            "Long-term log retention and search",
            "Case management for security incidents",
            "Dashboards for compliance reporting",
            "Threat intelligence feeds",
            "User and entity behaviour analytics",
            "Alerting by email, SMS and chat",
        ],
        benefits: &[
            "Finds attacks before they cause damage",
            "Reduces alert fatigue for analysts",
            "Gives auditors evidence of monitoring",
            "One place to investigate incidents",
            "Helps meet protective monitoring requirements",
            "Predictable costs as log volumes grow",
        ],
        categories: &[
            "Log management",
            "Secure content and threat management",
            "Security risk management",
            "Security",
            "Systems monitoring",
            "Fault management, monitoring and alerting",
            "Audit tools",
        ],
        prices: &[
            price(PriceUnit::Gigabyte, MONTH, 15, 250, 5, 200),
            price(PriceUnit::Device, MONTH, 200, 900, 25, 180),
            price(PriceUnit::Licence, YEAR, 1_500_000, 12_000_000, 50_000, 170),
        ],
        data: "security events, alerts and incident records",
        other_format: "syslog archives",
        replaces: &["security monitoring", "audit", "logging", "siem"],
    },
    Theme {
        kind: Kind::Software,
        police: false,
        cores: &["IT Service Desk", "Service Management", "Asset and Service Desk"],
        summaries: &[
            "IT service management in the cloud: incidents, requests, changes and assets in one place, with a self-service portal for staff.",
            "A service desk that lets staff log and track IT requests online, and gives support teams workflows, knowledge articles and service level reporting.",
            "Tracks hardware, software and licences alongside incidents and changes, so IT teams know what they own and what it costs.",
        ],
        features: &[
            "Incident, request and change management",
            "Self-service portal and knowledge base",
            "Service level targets and escalation",
            "Hardware and software asset discovery",
            "Licence compliance tracking",
            "Change advisory board workflow",
            "Email, chat and phone channels",
            "Customer satisfaction surveys",
            "Reports on volumes and resolution times",
            "Configuration management database",
        ],
        benefits: &[
            "Staff get help without waiting on the phone",
            "Fewer repeat incidents through problem management",
            "Clear view of IT assets and their costs",
            "Reduces wasted software licences",
            "Better control of changes to live systems",
            "Service levels that can be measured and reported",
        ],
        categories: &[
            "Customer helpdesk (service desk)",
            "IT asset management",
            "Configuration and patch management",
            "Workflow",
            "Licence management",
        ],
        prices: &[
            price(PriceUnit::User, MONTH, 1_500, 6_000, 100, 180),
            price(PriceUnit::Licence, YEAR, 1_000_000, 6_000_000, 50_000, 180),
        ],
        data: "tickets, assets and knowledge articles",
        other_format: "HTML knowledge articles",
        replaces: &["service desk", "helpdesk", "help desk", "it asset"],
    },
    Theme {
        kind: Kind::Software,
        police: false,
        cores: &[
            "Learning Platform",
            "eLearning Portal",
            "Training Records",
            "Learning and Development",
        ],
        summaries: &[
            "A learning platform for courses, assessments and training records, so organisations can plan, deliver and prove mandatory training.",
            "Online learning with accessible courses, classroom booking and qualification tracking, with reports on who needs to complete what.",
            "Tracks skills, qualifications and licences to practise across the workforce, and sends reminders before they expire.",
        ],
        features: &[
            "Course builder with video and quizzes",
            "Classroom and trainer booking",
            "Mandatory training assigned by role",
            "Qualification and expiry tracking",
            "SCORM and xAPI content support",
            "Mobile learning on any device",
            "Certificates issued on completion",
            "Manager dashboards for team compliance",
            "Accessible to WCAG 2.2 AA",
            "Reminders before qualifications lapse",
        ],
        benefits: &[
            "Proves compliance with mandatory training",
            "Lets staff learn at a time that suits them",
            "Reduces classroom and travel costs",
            "Stops qualifications lapsing unnoticed",
            "Gives managers a clear view of team skills",
            "Makes training consistent across sites",
        ],
        categories: &[
            "eLearning",
            "Training",
            "Online courses",
            "Asynchronous learning",
            "Examination (applicant testing)",
        ],
        prices: &[
            price(PriceUnit::User, YEAR, 600, 3_000, 50, 200),
            price(PriceUnit::User, MONTH, 100, 450, 10, 200),
        ],
        data: "learner records, results and course content",
        other_format: "SCORM packages",
        replaces: &["training", "learning", "course"],
    },
    Theme {
        kind: Kind::Software,
        police: false,
        cores: &[
            "Cloud Telephony",
            "Contact Centre",
            "Unified Communications",
            "Secure SMS Gateway",
        ],
        summaries: &[
            "Cloud telephony and contact centre software with call queues, recording and reporting, replacing ageing on-premises switchboards.",
            "Unified communications that brings calls, voicemail, messaging and video into one app on desktops and mobiles.",
            "Sends and receives SMS messages from your own systems through a secure gateway, with delivery receipts and full message logs.",
        ],
        features: &[
            "Call queues with skills-based routing",
            "Call recording with secure retention",
            "Interactive voice response menus",
            "Softphone for desktop and mobile",
            "SMS sending from web and API",
            "Real-time wallboards",
            "Number porting from your current provider",
            "Voicemail to email",
            "Integration with CRM and case systems",
            "Call statistics and reporting",
        ],
        benefits: &[
            "Callers reach the right person first time",
            "Staff can take calls from anywhere",
            "Removes the cost of maintaining phone hardware",
            "Evidence-quality call recordings when needed",
            "Reach people quickly by text message",
            "Clear figures on call demand and answer rates",
        ],
        categories: &[
            "Telephony (including VOIP and SIP connectivity)",
            "Unified communications",
            "Call centre",
            "Interactive voice response (IVR)",
            "Call accounting",
            "SMS",
        ],
        prices: &[
            price(PriceUnit::User, MONTH, 600, 3_000, 50, 200),
            price(PriceUnit::Transaction, ONCE, 3, 6, 1, 150),
        ],
        data: "call records, recordings and message logs",
        other_format: "WAV recordings",
        replaces: &["telephon", "switchboard", "contact centre", "call recording", "sms"],
    },
    // ---- Cloud hosting
    Theme {
        kind: Kind::Hosting,
        police: false,
        cores: &["Cloud Compute", "Virtual Servers", "Managed Compute", "Application Hosting"],
        summaries: &[
            "Virtual servers on demand, with a choice of sizes, operating systems and storage, billed for what you use and managed through a portal or API.",
            "Managed application hosting with patching, monitoring and backups included, for organisations that want cloud benefits without running servers themselves.",
            "Infrastructure as a service for public sector workloads, with dedicated or shared hosts and private connections to government networks.",
        ],
        features: &[
            "Windows and Linux virtual machines",
            "Per-hour or monthly billing",
            "Self-service portal and API",
            "Infrastructure as code with Terraform",
            "Automatic patching and monitoring options",
            "Dedicated hosts for sensitive workloads",
            "Snapshots and scheduled backups",
            "Private network connections",
            "Autoscaling groups",
            "Two availability zones as standard",
        ],
        benefits: &[
            "Pay only for the capacity you use",
            "Launch new environments in minutes",
            "No hardware to buy or maintain",
            "Scale up for busy periods and back down",
            "Predictable costs with reserved capacity",
            "Frees your team from routine server administration",
        ],
        categories: &[
            "Compute and application hosting",
            "Platform as a service (PaaS)",
            "Load balancing",
            "Networking (including network as a service)",
            "Container service",
        ],
        prices: &[
            price(PriceUnit::VirtualMachine, HOUR, 4, 95, 1, 300),
            price(PriceUnit::Server, MONTH, 18_000, 145_000, 500, 200),
            price(PriceUnit::Instance, MONTH, 4_500, 60_000, 500, 200),
        ],
        data: "virtual machine images, volumes and configuration",
        other_format: "OVF images",
        replaces: &[],
    },
    Theme {
        kind: Kind::Hosting,
        police: false,
        cores: &["Object Storage", "Block Storage", "Secure Storage", "Archive Storage"],
        summaries: &[
            "Durable object storage with versioning, lifecycle rules and an S3-compatible API, for documents, media and backups at any scale.",
            "Fast block storage for virtual machines and databases, with snapshots, encryption and a choice of performance tiers.",
            "Low-cost archive storage for records you must keep for years, with immutability options and retrieval within hours.",
        ],
        features: &[
            "S3-compatible API",
            "Object versioning and lifecycle rules",
            "Encryption at rest with your own keys",
            "Immutable storage for retention",
            "Performance tiers for hot and cold data",
            "Replication across two data centres",
            "Snapshots and point-in-time copies",
            "Usage reporting by bucket or volume",
            "No charges for data transfer in",
            "Access logging for every request",
        ],
        benefits: &[
            "Store as much as you need without buying disks",
            "Protects records from accidental or malicious deletion",
            "Lower costs for data you rarely read",
            "Works with existing backup and media tools",
            "Keeps data safe through replication",
            "Clear monthly costs per gigabyte",
        ],
        categories: &[
            "Object storage",
            "Block storage",
            "Other storage services",
            "Archiving, backup and disaster recovery",
        ],
        prices: &[
            price(PriceUnit::Gigabyte, MONTH, 1, 12, 1, 300),
            price(PriceUnit::Terabyte, MONTH, 1_200, 7_500, 100, 200),
        ],
        data: "stored objects, volumes and metadata",
        other_format: "raw volume images",
        replaces: &[],
    },
    Theme {
        kind: Kind::Hosting,
        police: false,
        cores: &[
            "Backup and Recovery",
            "Disaster Recovery as a Service",
            "Immutable Backup",
            "Cloud Workspace Backup",
        ],
        summaries: &[
            "Managed backup for servers, databases and cloud applications, with immutable copies held off-site and restores you can run yourself.",
            "Disaster recovery as a service that replicates your critical systems to a second site and lets you fail over in minutes, with regular tested recoveries.",
            "Protects against ransomware with immutable, air-gapped backups and recovery testing built into the service.",
        ],
        features: &[
            "Immutable backup copies",
            "Replication to a second data centre",
            "Self-service file and server restores",
            "Recovery testing without affecting live systems",
            "Backup of cloud email and files",
            "Agentless virtual machine protection",
            "Retention policies from days to years",
            "Encryption with customer-held keys",
            "Recovery point objectives from 15 minutes",
            "Monthly recovery reports",
        ],
        benefits: &[
            "Recover quickly after ransomware or failure",
            "Proves you can restore when auditors ask",
            "Removes tape handling and off-site courier costs",
            "Protects data held in cloud applications",
            "Predictable cost per protected server",
            "Peace of mind through regular testing",
        ],
        categories: &[
            "Archiving, backup and disaster recovery",
            "Object storage",
            "Other storage services",
        ],
        prices: &[
            price(PriceUnit::Terabyte, MONTH, 2_500, 9_500, 100, 180),
            price(PriceUnit::Server, MONTH, 800, 4_500, 50, 180),
            price(PriceUnit::VirtualMachine, MONTH, 600, 3_000, 50, 180),
        ],
        data: "backup sets, catalogues and recovery reports",
        other_format: "native backup archives",
        replaces: &[],
    },
    Theme {
        kind: Kind::Hosting,
        police: false,
        cores: &["Managed Database", "Managed PostgreSQL", "Data Warehouse", "Search Service"],
        summaries: &[
            "Fully managed relational databases with automated backups, patching, high availability and point-in-time recovery.",
            "A cloud data warehouse that loads data from your operational systems and answers analytical queries in seconds.",
            "Managed search and NoSQL databases for applications that need fast full-text search over large volumes of records.",
        ],
        features: &[
            "PostgreSQL, MySQL and SQL Server engines",
            "Automatic failover between zones",
            "Point-in-time recovery",
            "Read replicas for reporting",
            "Encryption at rest and in transit",
            "Scheduled maintenance windows",
            "Columnar storage for analytics",
            "Full-text search with relevance tuning",
            "Performance insights and slow query logs",
            "Private network endpoints only",
        ],
        benefits: &[
            "No database servers to patch or back up",
            "Higher availability than a single server",
            "Faster reports without slowing live systems",
            "Scale storage and compute separately",
            "Restore to any point in the last 35 days",
            "Specialist database support when you need it",
        ],
        categories: &[
            "Relational database",
            "NoSQL database",
            "Other database services",
            "Data warehousing",
            "Search",
        ],
        prices: &[
            price(PriceUnit::Instance, HOUR, 8, 240, 1, 300),
            price(PriceUnit::Instance, MONTH, 6_000, 180_000, 500, 200),
            price(PriceUnit::Gigabyte, MONTH, 8, 35, 1, 200),
        ],
        data: "databases, backups and schemas",
        other_format: "SQL dump files",
        replaces: &[],
    },
    Theme {
        kind: Kind::Hosting,
        police: false,
        cores: &[
            "Container Platform",
            "Managed Kubernetes",
            "Application Platform",
            "Serverless Functions",
        ],
        summaries: &[
            "Managed Kubernetes clusters with upgrades, monitoring and security hardening handled for you, so teams can focus on their applications.",
            "A platform as a service where developers deploy code from their repository and the platform handles scaling, routing and certificates.",
            "Runs containers and event-driven functions on secure shared infrastructure, with built-in logging, metrics and deployment pipelines.",
        ],
        features: &[
            "Managed Kubernetes control plane",
            "Automatic cluster upgrades",
            "Deploy from Git with build pipelines",
            "Autoscaling on load or schedule",
            "Managed TLS certificates",
            "Private container registry",
            "Built-in logs and metrics",
            "Message queues and event triggers",
            "Network policies between services",
            "Blue-green and canary deployments",
        ],
        benefits: &[
            "Developers ship changes faster",
            "Less time spent maintaining infrastructure",
            "Applications scale automatically with demand",
            "Consistent environments from test to live",
            "Pay for the resources your applications use",
            "Security patches applied without downtime",
        ],
        categories: &[
            "Container service",
            "Platform as a service (PaaS)",
            "Compute and application hosting",
            "Message queuing and processing",
            "Load balancing",
        ],
        prices: &[
            price(PriceUnit::Instance, HOUR, 2, 60, 1, 300),
            price(PriceUnit::Instance, MONTH, 2_000, 45_000, 500, 200),
            price(PriceUnit::Unit, MONTH, 25_000, 300_000, 5_000, 180),
        ],
        data: "container images, application configuration and logs",
        other_format: "OCI container images",
        replaces: &[],
    },
    Theme {
        kind: Kind::Hosting,
        police: false,
        cores: &[
            "Managed Firewall",
            "DDoS Protection",
            "Web Application Firewall",
            "Secure Web Gateway",
        ],
        summaries: &[
            "A managed next-generation firewall service that protects your cloud and on-premises networks, with rules changed on request and traffic watched constantly.",
            "Protects public websites and online services from denial of service attacks and malicious traffic, with a content delivery network in front.",
            "Filters web traffic for staff wherever they work, blocking malicious sites and downloads and applying your acceptable use policy.",
        ],
        features: &[
            "Next-generation firewall with intrusion prevention",
            "Always-on DDoS mitigation",
            "Web application firewall rules for common attacks",
            "Content delivery network with edge caching",
            "URL filtering and malware scanning",
            "Rule changes by request or portal",
            "Traffic and threat reports",
            "High availability pairs",
            "TLS inspection with privacy exemptions",
            "Bot detection and rate limiting",
        ],
        benefits: &[
            "Keeps online services up during attacks",
            "Reduces the load on your own servers",
            "Expert firewall management without extra staff",
            "Consistent protection for remote workers",
            "Clear reports for security boards",
            "Faster websites for the public",
        ],
        categories: &[
            "Firewall",
            "Distributed denial of service attack (DDOS) protection",
            "Intrusion detection",
            "Infrastructure and platform security",
            "Content delivery network",
            "Networking (including network as a service)",
        ],
        prices: &[
            price(PriceUnit::Unit, MONTH, 18_000, 250_000, 1_000, 180),
            price(PriceUnit::Instance, MONTH, 9_000, 95_000, 500, 180),
        ],
        data: "rule sets, configuration and traffic logs",
        other_format: "firewall configuration exports",
        replaces: &[],
    },
    Theme {
        kind: Kind::Hosting,
        police: false,
        cores: &[
            "Protective Monitoring",
            "Managed Logging",
            "Log Retention Service",
            "Security Operations Centre",
        ],
        summaries: &[
            "Protective monitoring for public sector systems, collecting logs from your infrastructure and alerting our analysts to suspicious activity around the clock.",
            "Hosted log collection, search and retention, with dashboards and alerts, priced on the volume of data you send.",
            "A managed security operations centre that watches your cloud estate, investigates alerts and tells you what to do when something is wrong.",
        ],
        features: &[
            "Log collection agents and syslog endpoints",
            "Round-the-clock analyst monitoring",
            "Alerts on suspicious sign-ins and changes",
            "Retention from 90 days to 7 years",
            "Search across all collected logs",
            "Monthly security reports",
            "Incident response support",
            "Dashboards for each system",
            "Integration with ticketing tools",
            "Tamper-evident log storage",
        ],
        benefits: &[
            "Meets protective monitoring requirements",
            "Threats spotted and acted on quickly",
            "No need to staff your own security centre",
            "Evidence for audits and investigations",
            "Costs that follow the volume of logs",
            "Clear advice when incidents happen",
        ],
        categories: &[
            "Protective monitoring",
            "Logging and analysis",
            "Intrusion detection",
            "Infrastructure and platform security",
        ],
        prices: &[
            price(PriceUnit::Megabyte, MONTH, 1, 3, 1, 200),
            price(PriceUnit::Gigabyte, MONTH, 20, 180, 5, 200),
            price(PriceUnit::Device, MONTH, 300, 1_500, 25, 180),
        ],
        data: "log data, alerts and incident reports",
        other_format: "compressed log archives",
        replaces: &[],
    },
    Theme {
        kind: Kind::Hosting,
        police: false,
        cores: &["Message Broker", "Integration Platform", "Event Streaming", "API Gateway"],
        summaries: &[
            "A managed message broker and integration platform that connects your applications reliably, with queues, topics and retries handled for you.",
            "Hosted event streaming for high volumes of data between systems, with guaranteed ordering, replay and encryption.",
            "An API gateway that publishes, secures and monitors your APIs, with rate limits, keys and usage reports.",
        ],
        features: &[
            "Managed queues and topics",
            "Guaranteed delivery with retries",
            "Event streaming with replay",
            "API keys and OAuth protection",
            "Rate limiting and quotas",
            "Message transformation and routing",
            "Dead-letter queues and alerts",
            "Usage and latency dashboards",
            "Private connections to your networks",
            "High availability across zones",
        ],
        benefits: &[
            "Systems exchange data reliably",
            "Fewer point-to-point interfaces to maintain",
            "New integrations built faster",
            "Protects back-end systems from overload",
            "Clear view of data flowing between systems",
            "Pay for the capacity you use",
        ],
        categories: &[
            "Message queuing and processing",
            "Platform as a service (PaaS)",
            "Networking (including network as a service)",
            "Other database services",
        ],
        prices: &[
            price(PriceUnit::Unit, MONTH, 9_000, 90_000, 500, 200),
            price(PriceUnit::Instance, HOUR, 5, 120, 1, 200),
        ],
        data: "message definitions, routes and logs",
        other_format: "Avro schema files",
        replaces: &[],
    },
    Theme {
        kind: Kind::Hosting,
        police: true,
        cores: &[
            "Police Private Cloud",
            "Secure Cloud for Policing",
            "Force Data Centre Hosting",
            "Policing Workload Hosting",
        ],
        summaries: &[
            "Private cloud hosting built for policing workloads, with dedicated infrastructure and the assurance forces need to move systems out of their own data centres.",
            "Hosting for police applications that need stronger separation than public cloud, run on dedicated servers with monitoring and support included.",
            "Moves force systems out of ageing server rooms into a managed private cloud, with capacity that grows as you consolidate.",
        ],
        features: &[
            "Dedicated hosts for each force",
            "Managed hypervisor and storage",
            "Monitoring and patching included",
            "Secure remote management",
            "Capacity reports and forecasting",
            "Disaster recovery to a second site",
            "Assured for OFFICIAL-SENSITIVE data",
            "Support for legacy operating systems",
            "Migration help from existing data centres",
            "Named technical account manager",
        ],
        benefits: &[
            "Close ageing force data centres",
            "Stronger separation than shared cloud",
            "Support staff who understand policing",
            "Reduced hardware refresh costs",
            "Keeps legacy applications running safely",
            "One supplier for hosting and support",
        ],
        categories: &[
            "Compute and application hosting",
            "Networking (including network as a service)",
            "Infrastructure and platform security",
            "Platform as a service (PaaS)",
            "Archiving, backup and disaster recovery",
        ],
        prices: &[
            price(PriceUnit::Server, MONTH, 45_000, 250_000, 1_000, 180),
            price(PriceUnit::VirtualMachine, MONTH, 8_000, 45_000, 500, 180),
        ],
        data: "virtual machines, data volumes and configuration",
        other_format: "OVF images",
        replaces: &[],
    },
    // ---- Cloud support
    Theme {
        kind: Kind::Support,
        police: false,
        cores: &[
            "Cloud Migration Service",
            "Legacy System Migration",
            "Data Migration Service",
            "Data Centre Exit",
        ],
        summaries: &[
            "Experienced consultants plan and carry out your move to the cloud, from discovery and design through migration, testing and handover to your team.",
            "Moves data from legacy systems into new cloud services, with cleansing, reconciliation and dress rehearsals so go-live is uneventful.",
            "Helps organisations leave their own data centres, migrating servers and applications to cloud hosting in planned, low-risk waves.",
        ],
        features: &[
            "Discovery of applications and dependencies",
            "Migration plans in waves by risk",
            "Data cleansing and reconciliation",
            "Dress rehearsal migrations",
            "Cutover planning and weekend go-lives",
            "Rollback plans for every wave",
            "Knowledge transfer to in-house teams",
            "Post-migration support and tuning",
            "Cost modelling for target platforms",
            "Security assurance during transition",
        ],
        benefits: &[
            "Moves systems without disrupting services",
            "Reduces the risk of data loss",
            "Gets you off unsupported platforms sooner",
            "Leaves your team able to run the new service",
            "Clear plan and costs from the start",
            "Experience of public sector migrations",
        ],
        categories: &["Setup and migration", "Planning", "Ongoing support"],
        prices: &[
            price(PriceUnit::Person, DAY, 65_000, 120_000, 2_500, 130),
            price(PriceUnit::Unit, ONCE, 800_000, 6_000_000, 50_000, 170),
        ],
        data: "migration plans, mappings and reconciliation reports",
        other_format: "migration scripts",
        replaces: &[],
    },
    Theme {
        kind: Kind::Support,
        police: false,
        cores: &[
            "IT Health Check",
            "Penetration Testing",
            "Cyber Assurance Review",
            "Red Team Exercise",
        ],
        summaries: &[
            "Penetration testing and IT health checks for public sector systems by accredited testers, with clear reports and retesting included.",
            "Independent security testing of applications, infrastructure and cloud configuration, prioritised by risk and explained in plain English.",
            "Tests how well your people, processes and technology would stand up to a real attack, and helps you fix what we find.",
        ],
        features: &[
            "Infrastructure and web application testing",
            "Cloud configuration review",
            "Code-assisted application testing",
            "Social engineering and phishing simulation",
            "Reports with risk ratings and fixes",
            "Free retest of critical findings",
            "Testing for public sector network connection",
            "Secure delivery of reports",
            "Executive summary for senior leaders",
            "Experienced, accredited testers",
        ],
        benefits: &[
            "Find weaknesses before attackers do",
            "Evidence for accreditation and network connection",
            "Clear priorities for remediation",
            "Independent assurance for senior leaders",
            "Reports your technical teams can act on",
            "Confidence before new systems go live",
        ],
        categories: &["Security services", "Quality assurance and performance testing", "Planning"],
        prices: &[
            price(PriceUnit::Person, DAY, 75_000, 130_000, 2_500, 130),
            price(PriceUnit::Unit, ONCE, 450_000, 2_800_000, 25_000, 170),
        ],
        data: "test plans, findings and reports",
        other_format: "PDF reports",
        replaces: &[],
    },
    Theme {
        kind: Kind::Support,
        police: false,
        cores: &[
            "Cloud Skills Training",
            "Administrator Training",
            "Digital Skills for Officers",
            "Train the Trainer",
        ],
        summaries: &[
            "Practical training for technical teams adopting cloud services, delivered in person or online and tailored to the platforms you use.",
            "Digital skills courses for officers and staff, from everyday tools to handling digital evidence, delivered by trainers who know policing.",
            "Trains your own trainers to deliver courses on new systems, with materials, lesson plans and follow-up support.",
        ],
        features: &[
            "Courses tailored to your systems",
            "Classroom, online or blended delivery",
            "Hands-on labs and exercises",
            "Course materials you can reuse",
            "Assessments and completion certificates",
            "Train the trainer programmes",
            "Accessible materials for all learners",
            "Sessions to fit shift patterns",
            "Follow-up clinics after go-live",
            "Training needs analysis",
        ],
        benefits: &[
            "Staff confident with new systems from day one",
            "Fewer calls to the service desk",
            "Training arranged around operational demands",
            "Builds skills that stay in your organisation",
            "Better return on your technology investment",
            "Consistent practice across teams",
        ],
        categories: &["Training", "Ongoing support", "Planning"],
        prices: &[
            price(PriceUnit::Person, DAY, 65_000, 110_000, 2_500, 130),
            price(PriceUnit::User, ONCE, 18_000, 95_000, 1_000, 150),
            price(PriceUnit::Unit, DAY, 150_000, 450_000, 5_000, 150),
        ],
        data: "course materials, attendance and assessment records",
        other_format: "SCORM packages",
        replaces: &[],
    },
    Theme {
        kind: Kind::Support,
        police: false,
        cores: &[
            "Managed Cloud Support",
            "Application Support",
            "24/7 Service Management",
            "Cloud Operations",
        ],
        summaries: &[
            "Round-the-clock support and operations for your cloud services, covering monitoring, incident response, patching and monthly service reviews.",
            "Takes over day-to-day support of your business applications, with an agreed service level, a named service manager and continuous improvement.",
            "Keeps cloud platforms healthy and secure with proactive monitoring, cost optimisation and a service desk your staff can call.",
        ],
        features: &[
            "24/7 monitoring and incident response",
            "Patching and vulnerability management",
            "Named service delivery manager",
            "Monthly service and cost reviews",
            "Agreed service levels with credits",
            "Change management to ITIL practice",
            "Cost optimisation recommendations",
            "Runbooks and knowledge base",
            "Support for third-party applications",
            "Quarterly resilience testing",
        ],
        benefits: &[
            "Frees your team for improvement work",
            "Problems fixed before users notice",
            "Lower cloud bills through regular optimisation",
            "Predictable monthly support cost",
            "One point of contact for every issue",
            "Systems kept patched and secure",
        ],
        categories: &[
            "Ongoing support",
            "Security services",
            "Quality assurance and performance testing",
        ],
        prices: &[
            price(PriceUnit::Unit, MONTH, 150_000, 1_800_000, 10_000, 170),
            price(PriceUnit::Server, MONTH, 4_500, 25_000, 250, 160),
            price(PriceUnit::Person, DAY, 60_000, 105_000, 2_500, 130),
        ],
        data: "tickets, runbooks and service reports",
        other_format: "runbook documents",
        replaces: &[],
    },
    Theme {
        kind: Kind::Support,
        police: false,
        cores: &[
            "Cloud Readiness Assessment",
            "Digital Discovery",
            "Cloud Strategy and Architecture",
            "Technology Roadmap",
        ],
        summaries: &[
            "Assesses your applications, infrastructure and skills, and produces a costed plan for moving to cloud services that fits your organisation.",
            "User-centred discovery that works out what users need, what exists already and whether a new digital service is worth building.",
            "Senior architects help shape your cloud strategy, target architecture and roadmap, with business cases that finance teams can approve.",
        ],
        features: &[
            "Application and infrastructure assessment",
            "Costed options and business case",
            "Target architecture and roadmap",
            "User research and service mapping",
            "Risk and dependency analysis",
            "Skills and organisational readiness review",
            "Workshops with senior stakeholders",
            "Vendor-neutral recommendations",
            "Alignment with the Technology Code of Practice",
            "Outputs in open formats",
        ],
        benefits: &[
            "Clear, costed plan before spending on delivery",
            "Decisions grounded in evidence",
            "Avoids lock-in through vendor-neutral advice",
            "Builds support among senior leaders",
            "Reduces the risk of failed projects",
            "Aligns technology with operational priorities",
        ],
        categories: &["Planning", "Setup and migration", "Security services"],
        prices: &[
            price(PriceUnit::Person, DAY, 70_000, 125_000, 2_500, 130),
            price(PriceUnit::Unit, ONCE, 600_000, 4_000_000, 50_000, 170),
        ],
        data: "reports, models and workshop outputs",
        other_format: "architecture model files",
        replaces: &[],
    },
    Theme {
        kind: Kind::Support,
        police: true,
        cores: &[
            "Force Implementation Service",
            "Police Systems Integration",
            "Records Convergence Programme",
            "Policing Go-Live Support",
        ],
        summaries: &[
            "Implementation support for forces introducing new operational systems, from business change and configuration to data migration, training and go-live.",
            "Integrates police systems with each other and with national services, using specialists who know policing data and processes.",
            "Helps forces and collaborations bring records together onto one platform, with data cleansing, business change and officer training.",
        ],
        features: &[
            "Business process mapping with officers",
            "System configuration and testing",
            "Interfaces with national police systems",
            "Data migration from legacy systems",
            "Training for officers and staff",
            "Floor-walking support at go-live",
            "Benefits tracking after go-live",
            "Programme and project management",
            "Change and communications planning",
            "Support for regional collaboration programmes",
        ],
        benefits: &[
            "Smooth go-live with minimal operational impact",
            "Officers confident with new systems",
            "Data that is clean and usable from day one",
            "Specialists who understand policing processes",
            "Realised benefits, not just delivered technology",
            "Reduced risk on complex programmes",
        ],
        categories: &["Setup and migration", "Planning", "Training", "Ongoing support"],
        prices: &[
            price(PriceUnit::Person, DAY, 65_000, 115_000, 2_500, 130),
            price(PriceUnit::Unit, ONCE, 1_500_000, 9_000_000, 50_000, 160),
        ],
        data: "project documents, configuration and migration records",
        other_format: "configuration exports",
        replaces: &[],
    },
    Theme {
        kind: Kind::Support,
        police: false,
        cores: &[
            "Performance and Load Testing",
            "Test Automation",
            "Accessibility Testing",
            "Quality Assurance Service",
        ],
        summaries: &[
            "Independent testing of new and changed systems, from functional and regression testing to load testing at peak demand.",
            "Builds automated test suites that run with every change, so your teams release faster with fewer defects.",
            "Accessibility audits against WCAG 2.2 with assistive technology users, and practical help to fix what we find.",
        ],
        features: &[
            "Functional and regression testing",
            "Load and soak testing at scale",
            "Automated test frameworks",
            "Accessibility audits to WCAG 2.2 AA",
            "Testing with assistive technology users",
            "Test strategy and planning",
            "Defect triage with your developers",
            "Performance tuning advice",
            "Continuous integration pipelines",
            "Test reports for go-live decisions",
        ],
        benefits: &[
            "Confidence that systems cope with peak demand",
            "Fewer defects reaching live service",
            "Services that everyone can use",
            "Faster releases through automation",
            "Evidence for go-live decisions",
            "Meets public sector accessibility regulations",
        ],
        categories: &["Quality assurance and performance testing", "Planning", "Ongoing support"],
        prices: &[
            price(PriceUnit::Person, DAY, 60_000, 105_000, 2_500, 130),
            price(PriceUnit::Unit, ONCE, 350_000, 2_500_000, 25_000, 170),
        ],
        data: "test plans, scripts and results",
        other_format: "test script files",
        replaces: &[],
    },
];

/// Product-line words that start every name. A supplier's first services each get a
/// different one, so no supplier repeats a name early on.
static PRODUCT_LINES: &[&str] = &[
    "Aspen",
    "Bastion",
    "Cadence",
    "Clearway",
    "Compass",
    "Corvid",
    "Crucible",
    "Ember",
    "Equinox",
    "Fathom",
    "Flint",
    "Garrison",
    "Halyard",
    "Helm",
    "Keystone",
    "Kittiwake",
    "Lodestar",
    "Lumen",
    "Marshal",
    "Mosaic",
    "Nimbus",
    "Northstar",
    "Orbit",
    "Palisade",
    "Paragon",
    "Pathway",
    "Quartz",
    "Rampart",
    "Relay",
    "Sable",
    "Sentry",
    "Signal",
    "Stratus",
    "Tessera",
    "Tidemark",
    "Vanguard",
    "Vector",
    "Waypoint",
    "Wayfarer",
    "Zephyr",
];

static SOFTWARE_EDITIONS: &[&str] = &[
    "Essentials",
    "Professional",
    "Enterprise",
    "Standard",
    "Plus",
    "Cloud",
    "Online",
    "Premium",
    "Connect",
    "Core",
    "Pro",
    "Express",
];
static POLICE_EDITIONS: &[&str] = &[
    "Regional Edition",
    "Collaboration Edition",
    "Frontline",
    "Single Force",
    "Multi-Force",
    "Enterprise",
    "Cloud",
    "Connect",
    "Plus",
    "Essentials",
];
static HOSTING_EDITIONS: &[&str] = &[
    "Standard",
    "Premium",
    "Secure",
    "Flex",
    "Reserved",
    "On Demand",
    "Assured",
    "Dedicated",
    "Essentials",
    "Plus",
];
static SUPPORT_EDITIONS: &[&str] = &[
    "Discovery",
    "Rapid Start",
    "Accelerator",
    "Foundation",
    "Professional",
    "Enterprise",
    "Essentials",
    "Premium",
    "Lite",
    "Plus",
];

/// How many times the first services cycle through every theme and price (so the first
/// `THEMES.len() * CYCLES` services use every price unit and every legacy-function match).
const CYCLES: u64 = 3;

const LOCATION_POLICE: &[(DataLocation, u64)] = &[
    (DataLocation::Uk, 92),
    (DataLocation::Eea, 7),
    (DataLocation::Other, 1),
];
const LOCATION_OTHER: &[(DataLocation, u64)] = &[
    (DataLocation::Uk, 78),
    (DataLocation::Eea, 16),
    (DataLocation::Other, 6),
];
const CLEARANCE_POLICE: &[(Clearance, u64)] = &[
    (Clearance::None, 5),
    (Clearance::Bpss, 45),
    (Clearance::Sc, 40),
    (Clearance::Dv, 10),
];
const CLEARANCE_OTHER: &[(Clearance, u64)] = &[
    (Clearance::None, 20),
    (Clearance::Bpss, 50),
    (Clearance::Sc, 25),
    (Clearance::Dv, 5),
];
const VETTING_POLICE: &[(Vetting, u64)] = &[
    (Vetting::None, 8),
    (Vetting::Nppv1, 17),
    (Vetting::Nppv2, 40),
    (Vetting::Nppv3, 35),
];
const VETTING_OTHER: &[(Vetting, u64)] = &[
    (Vetting::None, 45),
    (Vetting::Nppv1, 25),
    (Vetting::Nppv2, 20),
    (Vetting::Nppv3, 10),
];
const FORMATS: &[(ExportFormat, u64)] = &[
    (ExportFormat::Csv, 50),
    (ExportFormat::Json, 25),
    (ExportFormat::Xml, 10),
    (ExportFormat::Odf, 8),
    (ExportFormat::Other, 7),
];

/// Service number `i` (from 0) of a demo catalogue, always the same for the same inputs.
///
/// The lot is chosen by weight (software about 60%, hosting 25%, support 15%), the
/// supplier by `i` so every supplier gets an even share. The first services cycle through
/// every theme and price, and the first few through every assurance value, national system
/// and export format, so a few hundred services use every value a buyer can filter on.
///
/// `lots` are the framework's lots (a lot is recognised by "hosting", "software" or
/// "support" in its slug); `national_systems` and `legacy_functions` are the national body's
/// lists as (term id, name). A legacy function is offered as replaceable by products whose
/// theme words its name contains ("records", "custody", "command", "case", "intelligence",
/// "ANPR", "evidence", "duty", "HR", "finance" and others).
pub fn service(
    i: u64,
    lots: &[LotInput<'_>],
    national_systems: &[(i32, &str)],
    legacy_functions: &[(i32, &str)],
) -> Generated {
    let mut rng = Rng::new(i);
    let firm_count = SUPPLIERS.len() as u64;
    let supplier = (i % firm_count) as usize;
    let round = (i / firm_count) as usize;
    let firm = &SUPPLIERS[supplier];
    let cycling = i < THEMES.len() as u64 * CYCLES;

    let (theme_index, lot_index) = choose_theme(i, &mut rng, lots);
    let theme = &THEMES[theme_index];
    let lot = lot_index.and_then(|l| lots.get(l));
    let price_index = if cycling {
        (i / THEMES.len() as u64) as usize % theme.prices.len()
    } else {
        rng.below(theme.prices.len())
    };
    let price = &theme.prices[price_index];

    // The facts first, so the text only claims what the listing says.
    let facts = facts(i, &mut rng, theme);
    let export_formats = export_formats(i, &mut rng);
    let (works_with, headline_system) = works_with(i, &mut rng, theme, national_systems);
    let can_replace = can_replace(&mut rng, theme, cycling, legacy_functions);

    let line = PRODUCT_LINES[(supplier * 7 + round) % PRODUCT_LINES.len()];
    let name = product_name(&mut rng, theme, line);
    let summary = summary(&mut rng, theme, &facts);
    let features = features(&mut rng, theme, &facts, headline_system);
    let benefit_count = 3 + rng.below(5);
    let benefits = pick_items(&mut rng, theme.benefits, benefit_count);
    let categories = categories(&mut rng, theme, lot);
    let (price_min, price_max) = amounts(&mut rng, price);
    let data_extraction = data_extraction(&mut rng, theme, &export_formats, facts.open_api);

    let slug = slug(&name);
    let document = |file: &str| format!("https://{}/gcloud/{slug}/{file}.pdf", firm.domain);
    let listing = Listing {
        name,
        summary,
        features,
        benefits,
        categories,
        price_min: Some(price_min),
        price_max,
        price_unit: Some(price.unit),
        price_interval: price.interval,
        vat_included: Some(rng.chance(12)),
        free_trial: Some(facts.free_trial),
        service_definition_url: document("service-definition"),
        terms_url: document("terms"),
        pricing_url: document("pricing"),
        data_location: Some(facts.data_location),
        clearance: Some(facts.clearance),
        vetting: Some(facts.vetting),
        standards: facts.standards,
        networks: facts.networks,
        open_api: Some(facts.open_api),
        api_docs_url: if facts.open_api {
            format!("https://{}/developers", firm.domain)
        } else {
            String::new()
        },
        export_formats,
        data_extraction,
        works_with,
        can_replace,
    };
    Generated {
        supplier,
        lot_slug: lot.map(|l| l.slug.to_string()).unwrap_or_default(),
        listing,
    }
}

fn lot_kind(slug: &str) -> Option<Kind> {
    if mentions(slug, "hosting") {
        Some(Kind::Hosting)
    } else if mentions(slug, "software") {
        Some(Kind::Software)
    } else if mentions(slug, "support") {
        Some(Kind::Support)
    } else {
        None
    }
}

fn lot_weight(slug: &str) -> u64 {
    match lot_kind(slug) {
        Some(Kind::Software) => 60,
        Some(Kind::Hosting) => 25,
        Some(Kind::Support) => 15,
        None => 10,
    }
}

/// The theme and the lot (an index into `lots`; None when there are no lots). While
/// cycling, theme `i % THEMES.len()` on the first lot of its kind; otherwise a lot by weight
/// and a theme of its kind.
fn choose_theme(i: u64, rng: &mut Rng, lots: &[LotInput<'_>]) -> (usize, Option<usize>) {
    let count = THEMES.len() as u64;
    if i < count * CYCLES {
        let t = (i % count) as usize;
        let kind = THEMES[t].kind;
        if let Some(l) = lots.iter().position(|lot| lot_kind(lot.slug) == Some(kind)) {
            return (t, Some(l));
        }
    }
    let lot = if lots.is_empty() {
        None
    } else {
        let total: u64 = lots.iter().map(|l| lot_weight(l.slug)).sum();
        let mut r = rng.below_u64(total);
        let mut chosen = lots.len() - 1;
        for (k, l) in lots.iter().enumerate() {
            let w = lot_weight(l.slug);
            if r < w {
                chosen = k;
                break;
            }
            r -= w;
        }
        Some(chosen)
    };
    let kind = lot.and_then(|l| lot_kind(lots[l].slug));
    let fits = |t: &Theme| kind.is_none_or(|k| t.kind == k);
    let candidates = THEMES.iter().filter(|t| fits(t)).count();
    let nth = rng.below(candidates);
    let theme = THEMES
        .iter()
        .enumerate()
        .filter(|(_, t)| fits(t))
        .nth(nth)
        .map_or(0, |(k, _)| k);
    (theme, lot)
}

/// The value of `all` at position `i`, while `i` is small: how the first services cover
/// every value of a list.
fn forced<T: Copy>(all: &[T], i: u64) -> Option<T> {
    usize::try_from(i).ok().and_then(|k| all.get(k)).copied()
}

/// A service's assurance and pricing facts.
struct Facts {
    police: bool,
    kind: Kind,
    data_location: DataLocation,
    clearance: Clearance,
    vetting: Vetting,
    standards: Vec<Standard>,
    networks: Vec<Network>,
    open_api: bool,
    free_trial: bool,
}

fn facts(i: u64, rng: &mut Rng, theme: &Theme) -> Facts {
    let police = theme.police;
    let data_location = match forced(DataLocation::ALL, i) {
        Some(v) => v,
        None => rng.weighted(if police {
            LOCATION_POLICE
        } else {
            LOCATION_OTHER
        }),
    };
    let clearance = match forced(Clearance::ALL, i) {
        Some(v) => v,
        None => rng.weighted(if police {
            CLEARANCE_POLICE
        } else {
            CLEARANCE_OTHER
        }),
    };
    let vetting = match forced(Vetting::ALL, i) {
        Some(v) => v,
        None => rng.weighted(if police {
            VETTING_POLICE
        } else {
            VETTING_OTHER
        }),
    };

    let mut standards: Vec<Standard> = forced(Standard::ALL, i).into_iter().collect();
    if rng.chance(60) {
        standards.push(Standard::Iso27001);
    }
    if rng.chance(70) {
        standards.push(Standard::CyberEssentials);
    }
    if rng.chance(35) {
        standards.push(Standard::CyberEssentialsPlus);
    }
    if rng.chance(if theme.kind == Kind::Hosting { 30 } else { 8 }) {
        standards.push(Standard::CsaStar);
    }
    // Cyber Essentials Plus includes Cyber Essentials.
    if standards.contains(&Standard::CyberEssentialsPlus) {
        standards.push(Standard::CyberEssentials);
    }
    standards.sort();
    standards.dedup();

    let mut networks: Vec<Network> = forced(Network::ALL, i).into_iter().collect();
    if rng.chance(if theme.kind == Kind::Hosting { 60 } else { 45 }) {
        networks.push(Network::Psn);
    }
    if rng.chance(if police { 75 } else { 8 }) {
        networks.push(Network::Pnn);
    }
    if rng.chance(7) {
        networks.push(Network::Hscn);
    }
    networks.sort();
    networks.dedup();

    let open_api = rng.chance(match theme.kind {
        Kind::Software => 70,
        Kind::Hosting => 85,
        Kind::Support => 8,
    });
    let free_trial = rng.chance(match theme.kind {
        Kind::Software => 30,
        Kind::Hosting => 20,
        Kind::Support => 3,
    });
    Facts {
        police,
        kind: theme.kind,
        data_location,
        clearance,
        vetting,
        standards,
        networks,
        open_api,
        free_trial,
    }
}

/// One to three formats.
fn export_formats(i: u64, rng: &mut Rng) -> Vec<ExportFormat> {
    let target = 1 + rng.below(3);
    let mut formats: Vec<ExportFormat> = forced(ExportFormat::ALL, i).into_iter().collect();
    let mut tries = 0;
    while formats.len() < target && tries < 20 {
        let f = rng.weighted(FORMATS);
        if !formats.contains(&f) {
            formats.push(f);
        }
        tries += 1;
    }
    if formats.is_empty() {
        formats.push(ExportFormat::Csv);
    }
    formats.sort();
    formats
}

/// The national systems a service works with (ids), and one of them to name in a feature.
/// Police products work with one to three; generic ones rarely with any.
fn works_with<'s>(
    i: u64,
    rng: &mut Rng,
    theme: &Theme,
    systems: &[(i32, &'s str)],
) -> (Vec<i32>, Option<&'s str>) {
    let n = systems.len();
    if n == 0 {
        return (Vec::new(), None);
    }
    let mut picked: Vec<usize> = Vec::new();
    if theme.police {
        picked.push((i % n as u64) as usize);
        for _ in 0..rng.below(3) {
            let k = rng.below(n);
            if !picked.contains(&k) {
                picked.push(k);
            }
        }
    } else if let Some(k) = usize::try_from(i).ok().filter(|k| *k < n) {
        picked.push(k);
    } else if rng.chance(12) {
        picked.push(rng.below(n));
    }
    let headline = picked.first().map(|k| systems[*k].1);
    let mut ids: Vec<i32> = picked.iter().map(|k| systems[*k].0).collect();
    ids.sort_unstable();
    ids.dedup();
    (ids, headline)
}

/// The legacy functions a software product can replace: those whose names contain one of
/// its theme's words.
fn can_replace(rng: &mut Rng, theme: &Theme, cycling: bool, legacy: &[(i32, &str)]) -> Vec<i32> {
    if theme.kind != Kind::Software || theme.replaces.is_empty() {
        return Vec::new();
    }
    let offered = rng.chance(if theme.police { 85 } else { 50 });
    if !(cycling || offered) {
        return Vec::new();
    }
    let mut ids: Vec<i32> = legacy
        .iter()
        .filter(|(_, name)| theme.replaces.iter().any(|word| mentions(name, word)))
        .map(|(id, _)| *id)
        .collect();
    ids.sort_unstable();
    ids.dedup();
    ids
}

fn product_name(rng: &mut Rng, theme: &Theme, line: &str) -> String {
    let core = *rng.pick(theme.cores);
    let editions = match (theme.kind, theme.police) {
        (Kind::Software, true) => POLICE_EDITIONS,
        (Kind::Software, false) => SOFTWARE_EDITIONS,
        (Kind::Hosting, _) => HOSTING_EDITIONS,
        (Kind::Support, _) => SUPPORT_EDITIONS,
    };
    let edition = if rng.chance(60) {
        *rng.pick(editions)
    } else {
        ""
    };
    let mut name = String::with_capacity(line.len() + core.len() + edition.len() + 2);
    name.push_str(line);
    name.push(' ');
    name.push_str(core);
    if !edition.is_empty() && !core.contains(edition) {
        name.push(' ');
        name.push_str(edition);
    }
    name
}

/// One or two sentences: the theme's, and sometimes one about the service's facts.
fn summary(rng: &mut Rng, theme: &Theme, facts: &Facts) -> String {
    let first = *rng.pick(theme.summaries);
    let mut closers: Vec<&'static str> = Vec::new();
    if facts.kind == Kind::Support {
        match facts.vetting {
            Vetting::Nppv3 => closers.push("Our consultants are vetted to NPPV level 3."),
            Vetting::Nppv2 => closers.push("Our consultants are vetted to NPPV level 2."),
            Vetting::Nppv1 | Vetting::None => {}
        }
        match facts.clearance {
            Clearance::Dv => closers.push("Our consultants hold Developed Vetting clearance."),
            Clearance::Sc => closers.push("Our consultants hold Security Check clearance."),
            Clearance::Bpss | Clearance::None => {}
        }
        closers.push("Delivered remotely or on site, to suit your teams.");
    } else {
        match facts.data_location {
            DataLocation::Uk => closers.push("All data is stored and processed in the UK."),
            DataLocation::Eea => {
                closers.push("Data is held in data centres in the European Economic Area.")
            }
            DataLocation::Other => {}
        }
        if facts.networks.contains(&Network::Pnn) {
            closers.push("Available over the Police National Network.");
        }
        if facts.networks.contains(&Network::Psn) {
            closers.push("Also available over the Public Services Network.");
        }
        if facts.open_api {
            closers.push("An open API connects it to your other systems.");
        }
        if facts.free_trial {
            closers.push("A free trial is available.");
        }
        if facts.police {
            closers.push("Designed with officers and staff from UK forces.");
        }
    }
    if facts.standards.contains(&Standard::CyberEssentialsPlus) {
        closers.push("Certified to Cyber Essentials Plus.");
    }
    if facts.standards.contains(&Standard::Iso27001) {
        closers.push("Certified to ISO/IEC 27001.");
    }
    let mut text = String::with_capacity(first.len() + 64);
    text.push_str(first);
    if !closers.is_empty() && rng.chance(75) {
        let closer = *rng.pick(&closers);
        let fits = words(first) + words(closer) <= 50
            && first.chars().count() + 1 + closer.chars().count() <= 500;
        if fits {
            text.push(' ');
            text.push_str(closer);
        }
    }
    text
}

/// `count` distinct items of a table (all of it when it is shorter), in random order.
fn pick_items(rng: &mut Rng, table: &[&str], count: usize) -> Vec<String> {
    rng.sample(table.len(), count)
        .into_iter()
        .map(|k| table[k].to_string())
        .collect()
}

/// Four to eight of the theme's features, and up to two about the service's facts.
fn features(
    rng: &mut Rng,
    theme: &Theme,
    facts: &Facts,
    headline_system: Option<&str>,
) -> Vec<String> {
    let count = 4 + rng.below(5);
    let mut out = pick_items(rng, theme.features, count);
    if facts.open_api && facts.kind != Kind::Support && rng.chance(40) {
        out.push("Open, documented API for integration".to_string());
    }
    if facts.networks.contains(&Network::Pnn) && rng.chance(40) {
        out.push("Available over the Police National Network".to_string());
    }
    if let Some(system) = headline_system {
        let feature = format!("Works with {system}");
        if list_item_fits(&feature) && rng.chance(70) {
            out.push(feature);
        }
    }
    out.truncate(10);
    out
}

/// One to six of the theme's categories found in the lot (at most the lot's maximum); when
/// none of them is in the lot, one to three of the lot's categories.
fn categories(rng: &mut Rng, theme: &Theme, lot: Option<&LotInput<'_>>) -> Vec<i32> {
    let Some(lot) = lot else {
        return Vec::new();
    };
    let mut pool: Vec<i32> = lot
        .categories
        .iter()
        .filter(|(_, name, _)| {
            theme
                .categories
                .iter()
                .any(|c| c.eq_ignore_ascii_case(name))
        })
        .map(|(id, _, _)| *id)
        .collect();
    let mut most = 6;
    if pool.is_empty() {
        pool = lot.categories.iter().map(|(id, _, _)| *id).collect();
        most = 3;
    }
    pool.sort_unstable();
    pool.dedup();
    let most = most.min(lot.max_categories.max(1)).min(pool.len());
    if most == 0 {
        return Vec::new();
    }
    let count = 1 + rng.below(most);
    let mut picked: Vec<i32> = rng
        .sample(pool.len(), count)
        .into_iter()
        .map(|k| pool[k])
        .collect();
    picked.sort_unstable();
    picked
}

/// The minimum price, and sometimes a maximum above it.
fn amounts(rng: &mut Rng, price: &Price) -> (Money, Option<Money>) {
    let step = price.step.max(1);
    let steps = price.hi.saturating_sub(price.lo) / step;
    let min = price.lo + step * rng.below_u64(steps + 1);
    let max = if rng.chance(45) {
        let pct = 110 + rng.below_u64(price.max_pct.saturating_sub(110) + 1);
        let raw = (min * pct / 100).div_ceil(step) * step;
        Some(raw.max(min + step))
    } else {
        None
    };
    let money = |pence: u64| Money::from_pence(i64::try_from(pence).unwrap_or(i64::MAX));
    (money(min), max.map(money))
}

/// One sentence on how buyers get their data out.
fn data_extraction(
    rng: &mut Rng,
    theme: &Theme,
    formats: &[ExportFormat],
    open_api: bool,
) -> String {
    let mut what = String::new();
    for (k, f) in formats.iter().enumerate() {
        if k > 0 {
            what.push_str(if k + 1 == formats.len() {
                " and "
            } else {
                ", "
            });
        }
        what.push_str(match f {
            ExportFormat::Csv => "CSV",
            ExportFormat::Json => "JSON",
            ExportFormat::Xml => "XML",
            ExportFormat::Odf => "ODF documents",
            ExportFormat::Other => theme.other_format,
        });
    }
    let days = *rng.pick(&[14, 30, 30, 60, 90]);
    let data = theme.data;
    match theme.kind {
        Kind::Software => {
            let how = if open_api {
                "from the admin console or through the API"
            } else {
                *rng.pick(&["from the admin console", "on request to our service desk"])
            };
            if rng.chance(50) {
                format!(
                    "Administrators can export all {data} as {what} {how} at any time, and at \
                     the end of the contract we securely delete remaining copies within {days} \
                     days."
                )
            } else {
                format!(
                    "At the end of the contract buyers can download all {data} as {what} {how}, \
                     after which we delete every remaining copy within {days} days."
                )
            }
        }
        Kind::Hosting => format!(
            "Buyers can copy out all {data} as {what} at any time using the portal or API, and \
             we securely erase remaining copies within {days} days of the contract ending."
        ),
        Kind::Support => format!(
            "At the end of the engagement we hand over all {data} as {what}, and we delete our \
             working copies within {days} days."
        ),
    }
}

/// A name as a URL path segment: lower-case letters and digits, words joined by hyphens.
fn slug(name: &str) -> String {
    let mut out = String::with_capacity(name.len());
    let mut gap = false;
    for c in name.chars() {
        if c.is_ascii_alphanumeric() {
            if gap && !out.is_empty() {
                out.push('-');
            }
            gap = false;
            out.push(c.to_ascii_lowercase());
        } else {
            gap = true;
        }
    }
    out
}

fn words(s: &str) -> usize {
    s.split_whitespace().count()
}

/// Within G-Cloud's limits for a feature or benefit: 10 words and 100 characters.
fn list_item_fits(s: &str) -> bool {
    words(s) <= 10 && s.chars().count() <= 100
}

/// Whether `text` contains `word` (ASCII, ignoring case) starting at a word boundary; a word
/// of three letters or fewer ("hr") must also end at one.
fn mentions(text: &str, word: &str) -> bool {
    let t = text.as_bytes();
    let w = word.as_bytes();
    if w.is_empty() || w.len() > t.len() {
        return false;
    }
    let whole = w.len() <= 3;
    (0..=t.len() - w.len()).any(|start| {
        let end = start + w.len();
        let starts = start == 0 || !t[start - 1].is_ascii_alphanumeric();
        let ends = end == t.len() || !t[end].is_ascii_alphanumeric();
        starts && (ends || !whole) && t[start..end].eq_ignore_ascii_case(w)
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::catalogue::rules::{check_listing, Choices};
    use crate::catalogue::types::TermKind;
    use std::collections::HashSet;
    use std::fmt::Debug;
    use std::hash::Hash;

    const LOTS_FILE: &str = include_str!("../../data/gcloud13-lots.txt");

    /// The G-Cloud 13 lots as the seeder reads them: `lot|slug|name|max|description`,
    /// `parent|name`, `leaf|name`; leaves numbered from 1 in file order.
    fn lots() -> Vec<LotInput<'static>> {
        let mut lots: Vec<LotInput<'static>> = Vec::new();
        let mut parent: Option<&'static str> = None;
        let mut next_id = 1;
        for line in LOTS_FILE.lines().map(str::trim) {
            if line.is_empty() || line.starts_with('#') {
                continue;
            }
            let fields: Vec<&'static str> = line.split('|').collect();
            match fields[0] {
                "lot" => {
                    lots.push(LotInput {
                        slug: fields[1],
                        max_categories: fields[3].parse().unwrap(),
                        categories: Vec::new(),
                    });
                    parent = None;
                }
                "parent" => parent = Some(fields[1]),
                "leaf" => {
                    lots.last_mut()
                        .unwrap()
                        .categories
                        .push((next_id, fields[1], parent));
                    next_id += 1;
                }
                other => panic!("unexpected line kind {other}"),
            }
        }
        lots
    }

    fn national_systems() -> Vec<(i32, &'static str)> {
        vec![
            (101, "Police National Computer (PNC)"),
            (102, "Police National Database (PND)"),
            (103, "National ANPR Service (NAS)"),
            (104, "Home Office Biometrics (IDENT1)"),
            (105, "Law Enforcement Data Service (LEDS)"),
        ]
    }

    fn legacy_functions() -> Vec<(i32, &'static str)> {
        vec![
            (201, "Records management"),
            (202, "Custody"),
            (203, "Command and control"),
            (204, "Case preparation"),
            (205, "Intelligence"),
            (206, "ANPR back office"),
            (207, "Digital evidence"),
            (208, "Duty management"),
            (209, "HR"),
            (210, "Finance"),
        ]
    }

    fn choices(lot: &LotInput<'_>, systems: &[(i32, &str)], legacy: &[(i32, &str)]) -> Choices {
        Choices {
            max_categories: lot.max_categories,
            categories: lot
                .categories
                .iter()
                .map(|(id, name, parent)| {
                    (*id, name.to_string(), parent.map(str::to_string), false)
                })
                .collect(),
            terms: systems
                .iter()
                .map(|(id, name)| (*id, TermKind::NationalSystem, name.to_string(), false))
                .chain(
                    legacy
                        .iter()
                        .map(|(id, name)| (*id, TermKind::LegacyFunction, name.to_string(), false)),
                )
                .collect(),
        }
    }

    fn word_count(s: &str) -> usize {
        s.split_whitespace().count()
    }

    fn char_count(s: &str) -> usize {
        s.chars().count()
    }

    fn distinct<T: Hash + Eq>(items: &[T]) -> bool {
        items.iter().collect::<HashSet<&T>>().len() == items.len()
    }

    fn check_list(i: u64, what: &str, items: &[String]) {
        assert!(
            (1..=10).contains(&items.len()),
            "service {i}: {} {what}",
            items.len()
        );
        assert!(distinct(items), "service {i}: a repeated {what} item");
        for item in items {
            assert!(!item.trim().is_empty(), "service {i}: an empty {what} item");
            assert!(
                word_count(item) <= 10 && char_count(item) <= 100,
                "service {i}: {what} item too long: {item}"
            );
        }
    }

    /// Every G-Cloud limit and every promise of `service` about one generated service.
    fn check(
        i: u64,
        g: &Generated,
        lots: &[LotInput<'_>],
        systems: &[(i32, &str)],
        legacy: &[(i32, &str)],
    ) {
        let firm = &suppliers()[g.supplier];
        let lot = lots
            .iter()
            .find(|l| l.slug == g.lot_slug)
            .unwrap_or_else(|| panic!("service {i}: unknown lot {:?}", g.lot_slug));
        let l = &g.listing;

        // About the service
        assert!(!l.name.trim().is_empty(), "service {i}: no name");
        assert!(
            char_count(&l.name) <= 100,
            "service {i}: name too long: {}",
            l.name
        );
        let summary_words = word_count(&l.summary);
        assert!(
            (1..=50).contains(&summary_words) && char_count(&l.summary) <= 500,
            "service {i}: summary too long: {}",
            l.summary
        );
        assert!(
            l.summary.ends_with('.') && l.summary.matches(". ").count() <= 1,
            "service {i}: summary is not one or two sentences: {}",
            l.summary
        );
        check_list(i, "feature", &l.features);
        check_list(i, "benefit", &l.benefits);
        assert!(
            (1..=lot.max_categories).contains(&l.categories.len()),
            "service {i}: {} categories",
            l.categories.len()
        );
        assert!(distinct(&l.categories), "service {i}: a repeated category");
        for c in &l.categories {
            assert!(
                lot.categories.iter().any(|(id, _, _)| id == c),
                "service {i}: category {c} is not in {}",
                lot.slug
            );
        }

        // Pricing
        let min = l
            .price_min
            .unwrap_or_else(|| panic!("service {i}: no minimum price"));
        assert!(min > Money::ZERO, "service {i}: free");
        if let Some(max) = l.price_max {
            assert!(max >= min, "service {i}: maximum {max} below minimum {min}");
        }
        assert!(l.price_unit.is_some(), "service {i}: no price unit");
        assert!(
            l.vat_included.is_some() && l.free_trial.is_some(),
            "service {i}: pricing answers"
        );

        // Documents
        let base = format!("https://{}/gcloud/{}/", firm.domain, slug(&l.name));
        assert_eq!(
            l.service_definition_url,
            format!("{base}service-definition.pdf"),
            "service {i}"
        );
        assert_eq!(l.terms_url, format!("{base}terms.pdf"), "service {i}");
        assert_eq!(l.pricing_url, format!("{base}pricing.pdf"), "service {i}");

        // Security and assurance
        assert!(
            l.data_location.is_some() && l.clearance.is_some() && l.vetting.is_some(),
            "service {i}: assurance answers"
        );
        assert!(
            l.standards.len() <= 4 && distinct(&l.standards),
            "service {i}: standards"
        );
        if l.standards.contains(&Standard::CyberEssentialsPlus) {
            assert!(
                l.standards.contains(&Standard::CyberEssentials),
                "service {i}: Cyber Essentials Plus without Cyber Essentials"
            );
        }
        assert!(distinct(&l.networks), "service {i}: networks");

        // Police facts and interoperability
        match l.open_api {
            Some(true) => {
                assert_eq!(
                    l.api_docs_url,
                    format!("https://{}/developers", firm.domain)
                );
            }
            Some(false) => assert!(
                l.api_docs_url.is_empty(),
                "service {i}: API docs without API"
            ),
            None => panic!("service {i}: no open API answer"),
        }
        assert!(
            (1..=3).contains(&l.export_formats.len()) && distinct(&l.export_formats),
            "service {i}: export formats {:?}",
            l.export_formats
        );
        let extraction = &l.data_extraction;
        assert!(
            !extraction.trim().is_empty()
                && word_count(extraction) <= 200
                && char_count(extraction) <= 2000,
            "service {i}: data extraction: {extraction}"
        );
        assert!(
            extraction.ends_with('.') && !extraction.contains(". "),
            "service {i}: data extraction is not one sentence: {extraction}"
        );
        assert!(
            l.works_with.len() <= 3 && distinct(&l.works_with),
            "service {i}: works with"
        );
        for t in &l.works_with {
            assert!(
                systems.iter().any(|(id, _)| id == t),
                "service {i}: unknown system {t}"
            );
        }
        assert!(distinct(&l.can_replace), "service {i}: can replace");
        for t in &l.can_replace {
            assert!(
                legacy.iter().any(|(id, _)| id == t),
                "service {i}: unknown function {t}"
            );
        }
    }

    fn assert_all_used<T: Hash + Eq + Debug>(what: &str, all: &[T], used: &HashSet<T>) {
        for v in all {
            assert!(used.contains(v), "no service has {what} {v:?}");
        }
    }

    #[test]
    fn three_hundred_services_pass_the_limits_and_use_every_value() {
        let lots = lots();
        let systems = national_systems();
        let legacy = legacy_functions();
        let lot_choices: Vec<Choices> =
            lots.iter().map(|l| choices(l, &systems, &legacy)).collect();

        let mut locations = HashSet::new();
        let mut clearances = HashSet::new();
        let mut vettings = HashSet::new();
        let mut standards = HashSet::new();
        let mut networks = HashSet::new();
        let mut formats = HashSet::new();
        let mut units = HashSet::new();
        let mut terms = HashSet::new();
        let mut firms = HashSet::new();
        let mut lot_slugs = HashSet::new();
        let mut yes_no = HashSet::new();
        let mut names = HashSet::new();
        for i in 0..300 {
            let g = service(i, &lots, &systems, &legacy);
            check(i, &g, &lots, &systems, &legacy);
            let k = lots.iter().position(|l| l.slug == g.lot_slug).unwrap();
            let problems = check_listing(&g.listing, &lot_choices[k]);
            assert!(problems.is_empty(), "service {i}: {problems:?}");
            assert!(
                names.insert((g.supplier, g.listing.name.clone())),
                "service {i}: supplier {} repeats {:?}",
                g.supplier,
                g.listing.name
            );

            let l = &g.listing;
            locations.extend(l.data_location);
            clearances.extend(l.clearance);
            vettings.extend(l.vetting);
            standards.extend(l.standards.iter().copied());
            networks.extend(l.networks.iter().copied());
            formats.extend(l.export_formats.iter().copied());
            units.extend(l.price_unit);
            terms.extend(l.works_with.iter().chain(&l.can_replace).copied());
            firms.insert(g.supplier);
            lot_slugs.insert(g.lot_slug.clone());
            yes_no.insert(("open API", l.open_api == Some(true)));
            yes_no.insert(("free trial", l.free_trial == Some(true)));
            yes_no.insert(("VAT included", l.vat_included == Some(true)));
            yes_no.insert(("maximum price", l.price_max.is_some()));
            yes_no.insert(("price interval", l.price_interval.is_some()));
            yes_no.insert(("works with", !l.works_with.is_empty()));
            yes_no.insert(("can replace", !l.can_replace.is_empty()));
        }

        assert_all_used("data location", DataLocation::ALL, &locations);
        assert_all_used("clearance", Clearance::ALL, &clearances);
        assert_all_used("vetting", Vetting::ALL, &vettings);
        assert_all_used("standard", Standard::ALL, &standards);
        assert_all_used("network", Network::ALL, &networks);
        assert_all_used("export format", ExportFormat::ALL, &formats);
        assert_all_used("price unit", PriceUnit::ALL, &units);
        let ids: Vec<i32> = systems.iter().chain(&legacy).map(|(id, _)| *id).collect();
        assert_all_used("term", &ids, &terms);
        let slugs: Vec<String> = lots.iter().map(|l| l.slug.to_string()).collect();
        assert_all_used("lot", &slugs, &lot_slugs);
        for what in [
            "open API",
            "free trial",
            "VAT included",
            "maximum price",
            "price interval",
            "works with",
            "can replace",
        ] {
            assert!(
                yes_no.contains(&(what, true)) && yes_no.contains(&(what, false)),
                "{what}"
            );
        }
        assert!(firms.len() >= 25, "only {} suppliers", firms.len());
        assert!(firms.iter().any(|s| suppliers()[*s].sme), "no SME");
        assert!(
            firms.iter().any(|s| !suppliers()[*s].sme),
            "no large supplier"
        );
    }

    #[test]
    fn lots_are_chosen_by_weight() {
        let lots = lots();
        let mut software = 0;
        let mut hosting = 0;
        let mut support = 0;
        for i in 0..3_000 {
            match lot_kind(&service(i, &lots, &[], &[]).lot_slug) {
                Some(Kind::Software) => software += 1,
                Some(Kind::Hosting) => hosting += 1,
                Some(Kind::Support) => support += 1,
                None => panic!("service {i} has no lot"),
            }
        }
        assert!((1_500..=2_100).contains(&software), "software {software}");
        assert!((500..=1_000).contains(&hosting), "hosting {hosting}");
        assert!((250..=700).contains(&support), "support {support}");
    }

    #[test]
    fn the_same_number_is_the_same_service() {
        let lots = lots();
        let systems = national_systems();
        let legacy = legacy_functions();
        assert_eq!(
            service(7, &lots, &systems, &legacy),
            service(7, &lots, &systems, &legacy)
        );
        assert_ne!(
            service(7, &lots, &systems, &legacy).listing,
            service(8, &lots, &systems, &legacy).listing
        );
    }

    #[test]
    fn a_hundred_thousand_services_with_varied_names() {
        let lots = lots();
        let systems = national_systems();
        let legacy = legacy_functions();
        let mut names = HashSet::new();
        for i in 0..100_000 {
            let g = service(i, &lots, &systems, &legacy);
            check(i, &g, &lots, &systems, &legacy);
            names.insert(g.listing.name);
        }
        assert!(names.len() > 20_000, "only {} different names", names.len());
    }

    #[test]
    fn no_lots_or_lists_is_not_a_panic() {
        let g = service(3, &[], &[], &[]);
        assert!(g.lot_slug.is_empty());
        assert!(g.listing.categories.is_empty());
        assert!(g.listing.works_with.is_empty() && g.listing.can_replace.is_empty());
        assert!(!g.listing.name.is_empty());
    }

    #[test]
    fn suppliers_are_plausible_and_made_up() {
        let all = suppliers();
        assert!(all.len() >= 30);
        let smes = all.iter().filter(|s| s.sme).count();
        assert!((60..=75).contains(&(smes * 100 / all.len())), "{smes} SMEs");
        let mut seen = HashSet::new();
        for s in all {
            let ch = s.companies_house_number.as_bytes();
            let shaped = ch.len() == 8
                && (ch[..2].iter().all(u8::is_ascii_digit)
                    || ch[..2].iter().all(u8::is_ascii_alphabetic))
                && ch[2..].iter().all(u8::is_ascii_digit);
            assert!(shaped, "{}", s.companies_house_number);
            assert!(s.domain.ends_with(".example"), "{}", s.domain);
            assert!(!s.contact_name.is_empty());
            assert!(seen.insert(s.name), "{}", s.name);
            assert!(
                seen.insert(s.companies_house_number),
                "{}",
                s.companies_house_number
            );
            assert!(seen.insert(s.domain), "{}", s.domain);
        }
    }

    #[test]
    fn theme_tables_fit_the_limits_and_the_lots() {
        let lots = lots();
        let longest_line = PRODUCT_LINES.iter().map(|l| l.len()).max().unwrap();
        let longest_edition = [
            SOFTWARE_EDITIONS,
            POLICE_EDITIONS,
            HOSTING_EDITIONS,
            SUPPORT_EDITIONS,
        ]
        .concat()
        .iter()
        .map(|e| e.len())
        .max()
        .unwrap();
        let mut units = HashSet::new();
        for (k, t) in THEMES.iter().enumerate() {
            assert!(!t.cores.is_empty() && !t.summaries.is_empty(), "theme {k}");
            for core in t.cores {
                assert!(
                    longest_line + core.len() + longest_edition + 2 <= 100,
                    "{core}"
                );
            }
            for s in t.summaries {
                // Forty words leaves room for a second, short sentence.
                assert!(word_count(s) <= 40 && char_count(s) <= 400, "too long: {s}");
                assert!(
                    s.ends_with('.') && !s.contains(". "),
                    "not one sentence: {s}"
                );
            }
            assert!(t.features.len() >= 8 && t.benefits.len() >= 6, "theme {k}");
            assert!(distinct(t.features) && distinct(t.benefits), "theme {k}");
            for item in t.features.iter().chain(t.benefits) {
                assert!(list_item_fits(item), "too long: {item}");
            }
            let lot = lots
                .iter()
                .find(|l| lot_kind(l.slug) == Some(t.kind))
                .unwrap();
            for c in t.categories {
                assert!(
                    lot.categories
                        .iter()
                        .any(|(_, name, _)| name.eq_ignore_ascii_case(c)),
                    "theme {k}: no category {c:?} in {}",
                    lot.slug
                );
            }
            assert!(
                !t.prices.is_empty() && t.prices.len() as u64 <= CYCLES,
                "theme {k}: every price is used while cycling"
            );
            for p in t.prices {
                assert!(
                    p.step > 0 && p.lo > 0 && p.lo <= p.hi && p.max_pct >= 110,
                    "theme {k}"
                );
                units.insert(p.unit);
            }
            assert!(
                t.kind == Kind::Software || t.replaces.is_empty(),
                "theme {k}"
            );
        }
        assert_all_used("price unit", PriceUnit::ALL, &units);
        // The first services carry the forced values: make them police products.
        assert!(THEMES[..5]
            .iter()
            .all(|t| t.police && t.kind == Kind::Software));
        assert!(PRODUCT_LINES.len() >= 10 && distinct(PRODUCT_LINES));
    }

    #[test]
    fn theme_words_match_at_word_starts() {
        assert!(mentions("HR", "hr"));
        assert!(mentions("HR and payroll", "hr"));
        assert!(!mentions("Three-way matching", "hr"));
        assert!(!mentions("Chronologies", "hr"));
        assert!(!mentions("HRM", "hr"));
        assert!(mentions("Financial management", "financ"));
        assert!(mentions("Casework", "case"));
        assert!(!mentions("Showcase", "case"));
        assert!(mentions("cloud-hosting", "hosting"));
        assert!(!mentions("", "case"));
    }

    #[test]
    fn names_become_url_slugs() {
        assert_eq!(
            slug("Lodestar 24/7 Service Management"),
            "lodestar-24-7-service-management"
        );
        assert_eq!(slug("Flint Auto-Redact  Pro"), "flint-auto-redact-pro");
    }
}
