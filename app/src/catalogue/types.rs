//! Catalogue types shared by the browser and the server: framework stages, service and
//! version states, the G-Cloud value lists and police facts, and the listing itself.

use crate::money::Money;
use chrono::{DateTime, NaiveDate, Utc};
use serde::{Deserialize, Serialize};

string_enum!(
    /// Where a framework is in its life. Worked out from its dates (`rules::stage`); the
    /// national body moves it by hand by setting the next date to today.
    FrameworkStage {
        Coming => "coming", "Coming soon";
        Open => "open", "Open for applications";
        Live => "live", "Live";
        Expired => "expired", "Expired";
    }
);

string_enum!(
    /// A supplier's application to a framework as a whole.
    ApplicationStatus {
        Draft => "draft", "Draft";
        Submitted => "submitted", "Submitted";
        Decided => "decided", "Decided";
    }
);

string_enum!(
    /// The national body's decision on one lot of an application.
    LotDecision {
        Pending => "pending", "Waiting for a decision";
        Approved => "approved", "Approved";
        Rejected => "rejected", "Rejected";
    }
);

string_enum!(
    /// A service as buyers know it. A draft has never been published; a published service may
    /// also have an edit in progress (see its working version).
    ServiceStatus {
        Draft => "draft", "Draft";
        Published => "published", "Published";
        Suspended => "suspended", "Suspended";
        Withdrawn => "withdrawn", "Withdrawn";
    }
);

string_enum!(
    /// One version of a listing. Every version is kept.
    VersionState {
        Draft => "draft", "Draft";
        Submitted => "submitted", "Submitted for review";
        Returned => "returned", "Returned with comments";
        Published => "published", "Live";
        Superseded => "superseded", "Replaced by a later version";
        Discarded => "discarded", "Discarded";
    }
);

string_enum!(
    /// G-Cloud's price units ("if none apply choose Unit").
    PriceUnit {
        Unit => "unit", "unit";
        Person => "person", "person";
        Licence => "licence", "licence";
        User => "user", "user";
        Device => "device", "device";
        Instance => "instance", "instance";
        Server => "server", "server";
        VirtualMachine => "virtual_machine", "virtual machine";
        Transaction => "transaction", "transaction";
        Megabyte => "megabyte", "megabyte";
        Gigabyte => "gigabyte", "gigabyte";
        Terabyte => "terabyte", "terabyte";
    }
);

string_enum!(
    /// G-Cloud's price intervals (a price may have none).
    PriceInterval {
        Second => "second", "second";
        Minute => "minute", "minute";
        Hour => "hour", "hour";
        Day => "day", "day";
        Week => "week", "week";
        Month => "month", "month";
        Quarter => "quarter", "quarter";
        SixMonths => "6_months", "6 months";
        Year => "year", "year";
    }
);

string_enum!(
    DataLocation {
        Uk => "uk", "UK";
        Eea => "eea", "European Economic Area (EEA)";
        Other => "other", "Outside the UK and EEA";
    }
);

string_enum!(
    /// Government staff security clearance, lowest first: a service whose staff hold DV also
    /// counts as SC and BPSS (`rules::clearance_meets`).
    Clearance {
        None => "none", "None";
        Bpss => "bpss", "Baseline Personnel Security Standard (BPSS)";
        Sc => "sc", "Security Check (SC)";
        Dv => "dv", "Developed Vetting (DV)";
    }
);

string_enum!(
    /// Non-Police Personnel Vetting, lowest first.
    Vetting {
        None => "none", "None";
        Nppv1 => "nppv1", "NPPV level 1";
        Nppv2 => "nppv2", "NPPV level 2";
        Nppv3 => "nppv3", "NPPV level 3";
    }
);

string_enum!(
    Standard {
        Iso27001 => "iso27001", "ISO/IEC 27001";
        CyberEssentials => "cyber_essentials", "Cyber Essentials";
        CyberEssentialsPlus => "cyber_essentials_plus", "Cyber Essentials Plus";
        CsaStar => "csa_star", "CSA STAR";
    }
);

string_enum!(
    Network {
        Psn => "psn", "Public Services Network (PSN)";
        Pnn => "pnn", "Police National Network (PNN)";
        Hscn => "hscn", "Health and Social Care Network (HSCN)";
    }
);

string_enum!(
    ExportFormat {
        Csv => "csv", "CSV";
        Json => "json", "JSON";
        Xml => "xml", "XML";
        Odf => "odf", "ODF";
        Other => "other", "Other";
    }
);

string_enum!(
    /// The national body's editable lists a listing picks from.
    TermKind {
        NationalSystem => "national_system", "National systems a service works with";
        LegacyFunction => "legacy_function", "Legacy functions a service can replace";
    }
);

string_enum!(
    /// The parts of a listing, each its own page in the supplier's task list.
    Section {
        About => "about", "About the service";
        Pricing => "pricing", "Pricing";
        Documents => "documents", "Documents";
        Assurance => "assurance", "Security and assurance";
        Police => "police", "Police facts and interoperability";
    }
);

/// Money in a listing is kept as integer pence, as everywhere else in the database.
mod pence {
    use crate::money::Money;
    use serde::{Deserialize, Deserializer, Serializer};

    pub fn serialize<S: Serializer>(m: &Option<Money>, s: S) -> Result<S::Ok, S::Error> {
        match m {
            Some(m) => s.serialize_some(&m.pence()),
            None => s.serialize_none(),
        }
    }

    pub fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<Option<Money>, D::Error> {
        Ok(Option::<i64>::deserialize(d)?.map(Money::from_pence))
    }
}

/// Everything a supplier says about a service: one version's content. A draft may be
/// incomplete (or, copied from G-Cloud, over a limit); `rules::check_section` says what is
/// still to do, and a version is only submitted when every section passes.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct Listing {
    // About the service
    pub name: String,
    pub summary: String,
    pub features: Vec<String>,
    pub benefits: Vec<String>,
    /// Category ids of the service's lot.
    pub categories: Vec<i32>,
    // Pricing
    #[serde(with = "pence")]
    pub price_min: Option<Money>,
    #[serde(with = "pence")]
    pub price_max: Option<Money>,
    pub price_unit: Option<PriceUnit>,
    pub price_interval: Option<PriceInterval>,
    pub vat_included: Option<bool>,
    pub free_trial: Option<bool>,
    // Documents
    pub service_definition_url: String,
    pub terms_url: String,
    pub pricing_url: String,
    // Security and assurance
    pub data_location: Option<DataLocation>,
    pub clearance: Option<Clearance>,
    pub vetting: Option<Vetting>,
    pub standards: Vec<Standard>,
    pub networks: Vec<Network>,
    // Police facts and interoperability
    pub open_api: Option<bool>,
    pub api_docs_url: String,
    pub export_formats: Vec<ExportFormat>,
    pub data_extraction: String,
    /// Term ids (national systems).
    pub works_with: Vec<i32>,
    /// Term ids (legacy functions).
    pub can_replace: Vec<i32>,
}

/// A framework as everyone sees it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct FrameworkSummary {
    pub id: i32,
    pub name: String,
    pub description: String,
    pub applications_open: NaiveDate,
    pub goes_live: NaiveDate,
    pub expires: NaiveDate,
    pub stage: FrameworkStage,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct LotSummary {
    pub id: i32,
    pub framework_id: i32,
    pub slug: String,
    pub name: String,
    pub description: String,
    pub max_categories: i32,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct CategoryRow {
    pub id: i32,
    pub lot_id: i32,
    pub parent_id: Option<i32>,
    pub name: String,
    pub retired: bool,
    /// Published services in this category (for a parent: in any of its children).
    pub services: u64,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct TermRow {
    pub id: i32,
    pub kind: TermKind,
    pub name: String,
    pub retired: bool,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct QuestionRow {
    pub id: i32,
    pub position: i32,
    pub text: String,
    /// Details are required when the answer is this one ("yes" or "no").
    pub details_when: bool,
}

/// A lot with its categories, for pages and for checking a listing.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct LotWithCategories {
    pub lot: LotSummary,
    pub categories: Vec<CategoryRow>,
    /// Published services on this lot.
    pub services: u64,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct FrameworkDetail {
    pub framework: FrameworkSummary,
    pub lots: Vec<LotWithCategories>,
    pub questions: Vec<QuestionRow>,
}

/// A supplier's application as the supplier and the national body see it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ApplicationDetail {
    pub id: i32,
    pub framework: FrameworkSummary,
    pub supplier_id: i32,
    pub supplier_name: String,
    pub status: ApplicationStatus,
    pub submitted_at: Option<DateTime<Utc>>,
    pub decided_at: Option<DateTime<Utc>>,
    pub answers: Vec<AnswerRow>,
    pub lots: Vec<ApplicationLotRow>,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct AnswerRow {
    pub question: QuestionRow,
    pub answer: Option<bool>,
    pub details: String,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ApplicationLotRow {
    pub lot: LotSummary,
    pub applied: bool,
    pub decision: Option<LotDecision>,
    pub reason: Option<String>,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ApplicationSummary {
    pub id: i32,
    pub framework_id: i32,
    pub framework_name: String,
    pub supplier_id: i32,
    pub supplier_name: String,
    pub status: ApplicationStatus,
    pub submitted_at: Option<DateTime<Utc>>,
}

/// One version of a service, with who made and reviewed it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct VersionRow {
    pub id: i32,
    pub number: i32,
    pub state: VersionState,
    pub listing: Listing,
    pub created_by: String,
    pub created_at: DateTime<Utc>,
    pub submitted_at: Option<DateTime<Utc>>,
    pub reviewed_by: Option<String>,
    pub reviewed_at: Option<DateTime<Utc>>,
    pub review_comment: Option<String>,
}

/// A service with the versions the page needs.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ServiceDetail {
    pub id: i32,
    pub supplier_id: i32,
    pub supplier_name: String,
    pub supplier_size: Option<crate::identity::types::SupplierSize>,
    pub framework: FrameworkSummary,
    pub lot: LotWithCategories,
    pub status: ServiceStatus,
    pub status_reason: Option<String>,
    /// The version buyers see.
    pub live: Option<VersionRow>,
    /// The draft, or the edit in progress.
    pub working: Option<VersionRow>,
    pub terms: Vec<TermRow>,
    pub updated_at: DateTime<Utc>,
}

impl ServiceDetail {
    /// The version a supplier or reviewer is working on, else the live one.
    pub fn current(&self) -> Option<&VersionRow> {
        self.working.as_ref().or(self.live.as_ref())
    }

    pub fn name(&self) -> String {
        self.current()
            .map(|v| v.listing.name.clone())
            .filter(|n| !n.trim().is_empty())
            .unwrap_or_else(|| format!("Untitled service {}", self.id))
    }
}

/// A service in a list (dashboard, supplier page, review queue).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ServiceSummary {
    pub id: i32,
    pub name: String,
    pub summary: String,
    pub supplier_id: i32,
    pub supplier_name: String,
    pub lot_name: String,
    pub status: ServiceStatus,
    pub working_state: Option<VersionState>,
    pub price_min: Option<Money>,
    pub price_unit: Option<PriceUnit>,
    pub price_interval: Option<PriceInterval>,
    pub updated_at: DateTime<Utc>,
}

/// An entry in the national body's review queue.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ReviewItem {
    pub service_id: i32,
    pub version_id: i32,
    pub name: String,
    pub supplier_name: String,
    pub lot_name: String,
    /// An edit of a published service (shown with its diff) rather than a new one.
    pub is_edit: bool,
    pub submitted_at: DateTime<Utc>,
}

/// One changed field between two versions.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct FieldChange {
    pub field: &'static str,
    pub before: String,
    pub after: String,
}

/// A form's fields as submitted: repeated names (checkboxes) are kept, so one type serves
/// every section's form.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Pairs(pub Vec<(String, String)>);

impl Pairs {
    pub fn one(&self, name: &str) -> &str {
        self.0
            .iter()
            .find(|(k, _)| k == name)
            .map(|(_, v)| v.as_str())
            .unwrap_or("")
    }

    pub fn all(&self, name: &str) -> Vec<&str> {
        self.0
            .iter()
            .filter(|(k, _)| k == name)
            .map(|(_, v)| v.as_str())
            .collect()
    }

    pub fn push(&mut self, name: &str, value: impl Into<String>) {
        self.0.push((name.to_string(), value.into()));
    }
}

#[derive(Clone, Debug, Default, Serialize, Deserialize)]
#[serde(default)]
pub struct FrameworkForm {
    pub name: String,
    pub description: String,
    pub applications_open: String,
    pub goes_live: String,
    pub expires: String,
}

#[derive(Clone, Debug, Default, Serialize, Deserialize)]
#[serde(default)]
pub struct ReasonForm {
    /// What the button asked for, where a page has several ("publish", "return", ...).
    pub intent: String,
    pub reason: String,
}

/// What a G-Cloud import made: the draft, and the fields left for the supplier.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ImportedDraft {
    pub service_id: i32,
    pub name: String,
    pub to_complete: Vec<String>,
}

/// One change on a list page (categories of a lot, a catalogue list, declaration questions):
/// `intent` is "add", "rename", "retire" or "restore"; `id` the entry changed.
#[derive(Clone, Debug, Default, Serialize, Deserialize)]
#[serde(default)]
pub struct EntryForm {
    pub intent: String,
    pub id: String,
    pub name: String,
    /// A category's parent (software), empty for none.
    pub parent: String,
    /// A declaration question's "details needed when": "yes" or "no".
    pub details_when: String,
}

#[derive(Clone, Debug, Default, Serialize, Deserialize)]
#[serde(default)]
pub struct ImportForm {
    /// A lot id, or "auto" for the lot each record names.
    pub lot: String,
    pub json: String,
}

/// One service's column.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct CompareColumn {
    pub id: i32,
    pub name: String,
    pub supplier_id: i32,
    pub supplier_name: String,
    /// Why the service can no longer be compared (withdrawn, suspended, framework expired),
    /// when it went after it was added; its column then shows this instead of values.
    pub gone: Option<String>,
}

/// One field across the columns: `values[i]` belongs to `columns[i]` (empty for a gone one).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct CompareRow {
    pub label: String,
    pub values: Vec<String>,
    /// True when the services still available do not all say the same.
    pub differs: bool,
}

/// Services side by side (`service::compare`).
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Comparison {
    pub columns: Vec<CompareColumn>,
    pub rows: Vec<CompareRow>,
}

string_enum!(
    /// Where a project is: searching (the search may be saved again), ended (the record is
    /// frozen; assessing), closed (the outcome is recorded).
    ProjectStatus {
        Searching => "searching", "Searching";
        Ended => "ended", "Search ended";
        Closed => "closed", "Closed";
    }
);

string_enum!(
    /// How a project ended.
    ProjectOutcome {
        Awarded => "awarded", "Awarded";
        NoSuitable => "no_suitable", "No suitable service";
        Cancelled => "cancelled", "Cancelled";
    }
);

string_enum!(
    /// How a contract came about.
    ContractSource {
        DirectAward => "direct_award", "Direct award";
        SharedProcurement => "shared_procurement", "Shared procurement";
    }
);

/// "Save this search": into an existing project, or a new one with this name.
#[derive(Clone, Debug, Default, Serialize, Deserialize)]
#[serde(default)]
pub struct SaveSearchForm {
    /// The search page's query string.
    pub search: String,
    /// A project id, or "new".
    pub project: String,
    pub name: String,
}

/// The assessment: how the buyer judged the services of the record.
#[derive(Clone, Debug, Default, Serialize, Deserialize)]
#[serde(default)]
pub struct AssessmentForm {
    pub assessment: String,
}

/// The outcome as typed: dates as GOV.UK's three boxes each.
#[derive(Clone, Debug, Default, Serialize, Deserialize)]
#[serde(default)]
pub struct OutcomeForm {
    pub outcome: String,
    /// A record item's service id.
    pub service: String,
    pub value: String,
    pub start_day: String,
    pub start_month: String,
    pub start_year: String,
    pub end_day: String,
    pub end_month: String,
    pub end_year: String,
    pub reference: String,
    pub reason: String,
}

/// What an outcome form says once read.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum OutcomeTerms {
    Awarded {
        service_id: i32,
        value: Money,
        start: NaiveDate,
        end: NaiveDate,
        reference: String,
    },
    NoSuitable {
        reason: String,
    },
    Cancelled {
        reason: String,
    },
}

/// A project in the list.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ProjectRow {
    pub id: i32,
    pub name: String,
    pub force_name: String,
    pub status: ProjectStatus,
    pub outcome: Option<ProjectOutcome>,
    pub updated_at: DateTime<Utc>,
}

/// One service of a frozen record.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct RecordItem {
    pub position: i32,
    pub service_id: i32,
    pub version_id: i32,
    pub version_number: i32,
    pub service_name: String,
    pub supplier_id: i32,
    pub supplier_name: String,
    pub lot_name: String,
    pub price_min: Option<Money>,
    pub price_max: Option<Money>,
    pub price_text: String,
}

/// A contract in the register.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ContractRow {
    pub id: i32,
    pub force_name: String,
    pub supplier_id: i32,
    pub supplier_name: String,
    pub service_id: Option<i32>,
    pub title: String,
    pub value: Money,
    pub start_date: NaiveDate,
    pub end_date: NaiveDate,
    pub reference: String,
    pub source: ContractSource,
    pub project_id: Option<i32>,
    pub force_id: i32,
    pub procurement_id: Option<i32>,
    pub lot: String,
    pub share_method: Option<String>,
}

/// The contract register's filters, as GET parameters (each optional; as typed).
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct ContractFilter {
    pub force: String,
    pub supplier: String,
    pub lot: String,
    /// Pounds, at least.
    pub min: String,
    /// Pounds, at most.
    pub max: String,
    /// Ending within this many months from today.
    pub ending: String,
    pub source: String,
}

/// The contract register, filtered, with the choices its filters offer.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Register {
    pub rows: Vec<ContractRow>,
    pub total: Money,
    pub forces: Vec<(i32, String)>,
    pub suppliers: Vec<(i32, String)>,
    pub lots: Vec<(i32, String)>,
    /// Filters that could not be read, ignored, each with its message.
    pub errors: crate::validation::FieldErrors,
    pub national: bool,
}

/// A project with everything its page shows.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ProjectDetail {
    pub id: i32,
    pub force_id: i32,
    pub force_name: String,
    pub name: String,
    pub search: String,
    pub status: ProjectStatus,
    pub outcome: Option<ProjectOutcome>,
    pub created_by: String,
    pub created_at: DateTime<Utc>,
    pub saved_at: DateTime<Utc>,
    /// How many services the saved search finds now (while searching).
    pub current_total: Option<u64>,
    pub ended_at: Option<DateTime<Utc>>,
    pub ended_by: Option<String>,
    /// The search's words and filters as read, one line each.
    pub filters: Vec<String>,
    pub items: Vec<RecordItem>,
    pub assessment: Option<String>,
    pub assessed_at: Option<DateTime<Utc>>,
    pub assessed_by: Option<String>,
    pub outcome_at: Option<DateTime<Utc>>,
    pub outcome_by: Option<String>,
    pub outcome_reason: Option<String>,
    pub contract: Option<ContractRow>,
    /// Whether the viewer may act on it (its force's staff; the national body only reads).
    pub can_run: bool,
}
