//! Shared procurements: the words and shapes every door (page, REST, server function) shares.
//! Compiles to wasm too, so an island can hold them.

use crate::money::Money;
use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

string_enum!(
    /// Where a shared procurement is. A `Draft` is private to the lead force; `OpenToJoin`
    /// until its join deadline, when every other force may add its demand; `Published` once the
    /// lead has sent it to the lot's suppliers, who ask questions and bid until the bid
    /// deadline; `Closed` after it, when the bids are opened, evaluated and moderated;
    /// `Standstill` once the lead awards, while bidders may challenge; `Awarded` when the award
    /// is confirmed and every force has its contract; `Cancelled` at any point before, with a
    /// reason.
    ProcurementState {
        Draft => "draft", "Draft";
        OpenToJoin => "open_to_join", "Open to join";
        Published => "published", "Open for bids";
        Closed => "closed", "Bids closed";
        Standstill => "standstill", "In standstill";
        Awarded => "awarded", "Awarded";
        Cancelled => "cancelled", "Cancelled";
    }
);

string_enum!(
    /// How a criterion is scored. Every procurement has at least one price criterion.
    CriterionKind {
        Price => "price", "Price";
        Quality => "quality", "Quality";
        SocialValue => "social_value", "Social value";
    }
);

string_enum!(
    /// Whether a requirement must be met or only counts in a bid's favour.
    RequirementKind {
        Essential => "essential", "Essential";
        NiceToHave => "nice_to_have", "Nice to have";
    }
);

/// A requirement: one short statement a bid answers "meets" or "does not meet".
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Requirement {
    pub kind: RequirementKind,
    pub text: String,
}

/// An evaluation criterion and its weight (the weights of a procurement total 100). A quality
/// or social value criterion says how it is scored: its scale (e.g. "0 to 4") and guidance on
/// what earns each score.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Criterion {
    pub kind: CriterionKind,
    pub name: String,
    pub weight: u32,
    pub scale: String,
    pub guidance: String,
}

/// The dates every bidder works to, in order: forces join until `join`, suppliers ask
/// questions until `clarification` and bid until `bid`; the lead aims to finish evaluating by
/// `evaluation` and to award by `award`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Timeline {
    pub join: DateTime<Utc>,
    pub clarification: DateTime<Utc>,
    pub bid: DateTime<Utc>,
    pub evaluation: DateTime<Utc>,
    pub award: DateTime<Utc>,
}

impl Timeline {
    /// The dates with the form fields they are entered in, in order.
    pub fn fields(&self) -> [(&'static str, &'static str, DateTime<Utc>); 5] {
        [
            ("join_deadline", "The join deadline", self.join),
            (
                "clarification_deadline",
                "The clarification deadline",
                self.clarification,
            ),
            ("bid_deadline", "The bid deadline", self.bid),
            (
                "evaluation_target",
                "The evaluation target",
                self.evaluation,
            ),
            ("award_target", "The award target", self.award),
        ]
    }
}

/// A force's demand: a quantity in the procurement's unit, an estimated value, or both.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Demand {
    pub quantity: Option<u64>,
    pub value: Option<Money>,
}

/// The demand of every force that has joined (the lead's included), added up.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct DemandTotal {
    pub forces: usize,
    pub quantity: u64,
    pub value: Money,
}

string_enum!(
    /// A supplier's bid: a `Draft` only it sees, `Submitted` (counted, and opened after the
    /// bid deadline), or `Withdrawn` before the deadline.
    BidStatus {
        Draft => "draft", "Draft";
        Submitted => "submitted", "Submitted";
        Withdrawn => "withdrawn", "Withdrawn";
    }
);

string_enum!(
    /// What a notification is about; each user chooses which kinds also come by email.
    NotificationKind {
        OpenedToJoin => "opened_to_join", "A procurement is open to join";
        Joined => "joined", "A force joined or changed its demand";
        Published => "published", "A procurement was published to suppliers";
        Amended => "amended", "A procurement was amended";
        QuestionAnswered => "question_answered", "A question was answered";
        DeadlineSoon => "deadline_soon", "A deadline is 2 days away";
        BidReceived => "bid_received", "A bid was received";
        DeadlinePassed => "deadline_passed", "A deadline passed";
        EvaluationAssigned => "evaluation_assigned", "Bids were assigned to you to evaluate";
        ScoresDue => "scores_due", "Your scores are due in 2 days";
        Award => "award", "A procurement was awarded";
        Challenge => "challenge", "An award was challenged, or a challenge decided";
        StandstillEnding => "standstill_ending", "A standstill period is ending";
        ContractCreated => "contract_created", "A contract was created";
    }
);

/// A supplier's answer to one requirement.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct RequirementResponse {
    /// None until the supplier says.
    pub meets: Option<bool>,
    pub text: String,
}

/// A bid's content: what nobody but its supplier may read before the bid deadline.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct BidContent {
    pub total: Option<Money>,
    /// (force id, price) when the procurement asks for prices per force.
    pub per_force: Vec<(i32, Money)>,
    /// One per requirement, in the procurement's order (essential first).
    pub requirements: Vec<RequirementResponse>,
    /// One per criterion that is not price, in the procurement's order.
    pub criteria: Vec<String>,
    /// Links to further material, one a line.
    pub links: Vec<String>,
}

/// A shared procurement's specification, checked: what forces join and suppliers bid on.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Spec {
    pub title: String,
    pub summary: String,
    pub description: String,
    pub lot_id: i32,
    pub requirements: Vec<Requirement>,
    pub criteria: Vec<Criterion>,
    /// What the quantities count ("licences", "officers").
    pub unit: String,
    pub lead_demand: Demand,
    pub per_force_prices: bool,
    pub timeline: Timeline,
}

string_enum!(
    /// An evaluator's declaration about one bid: no conflict of interest (may score it), or a
    /// conflict (may not; the lead assigns someone else).
    Declaration {
        NoConflict => "none", "No conflict of interest";
        Conflict => "conflict", "Conflict of interest";
    }
);

string_enum!(
    /// What the lead decided about a bidder's challenge to an award.
    ChallengeOutcome {
        Upheld => "upheld", "Upheld: the award is withdrawn for re-evaluation";
        Dismissed => "dismissed", "Dismissed: the award stands";
    }
);
