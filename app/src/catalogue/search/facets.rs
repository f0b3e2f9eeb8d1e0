//! The filters a search offers and the values a service holds for each, with the Digital
//! Marketplace's semantics: several values of a single-choice field match any of them (OR),
//! several of a multi-value field must all hold (AND), different fields all apply (AND). A
//! service holds its "at least" values too: SC clearance also holds BPSS, NPPV 3 also 2 and
//! 1, data kept in the UK also "UK or EEA", Cyber Essentials Plus also Cyber Essentials, and a
//! category also its parents, so one filter finds every service that meets it.

use crate::catalogue::rules::standards_held;
use crate::catalogue::types::{Clearance, DataLocation, Listing, Vetting};

/// How several chosen values of one filter combine.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Combine {
    /// A service has one value: any chosen value matches.
    Any,
    /// A service has several: every chosen value must hold.
    All,
}

/// A filter: its key (the URL's parameter) and heading.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Facet {
    pub key: &'static str,
    pub label: &'static str,
    pub combine: Combine,
}

pub const LOT: Facet = Facet {
    key: "lot",
    label: "Lot",
    combine: Combine::Any,
};
pub const CATEGORY: Facet = Facet {
    key: "category",
    label: "Categories",
    combine: Combine::All,
};
pub const DATA_LOCATION: Facet = Facet {
    key: "location",
    label: "Data location",
    combine: Combine::Any,
};
pub const CLEARANCE: Facet = Facet {
    key: "clearance",
    label: "Staff security clearance (at least)",
    combine: Combine::Any,
};
pub const VETTING: Facet = Facet {
    key: "vetting",
    label: "Police vetting (at least)",
    combine: Combine::Any,
};
pub const STANDARDS: Facet = Facet {
    key: "standard",
    label: "Security standards",
    combine: Combine::All,
};
pub const NETWORKS: Facet = Facet {
    key: "network",
    label: "Networks",
    combine: Combine::All,
};
pub const OPEN_API: Facet = Facet {
    key: "open_api",
    label: "Open API",
    combine: Combine::Any,
};
pub const WORKS_WITH: Facet = Facet {
    key: "works_with",
    label: "Works with",
    combine: Combine::All,
};
pub const CAN_REPLACE: Facet = Facet {
    key: "can_replace",
    label: "Can replace",
    combine: Combine::All,
};
pub const SUPPLIER_SIZE: Facet = Facet {
    key: "supplier_size",
    label: "Supplier size",
    combine: Combine::Any,
};

/// Every filter, in the order the page shows them.
pub const FACETS: &[Facet] = &[
    LOT,
    CATEGORY,
    DATA_LOCATION,
    CLEARANCE,
    VETTING,
    STANDARDS,
    NETWORKS,
    OPEN_API,
    WORKS_WITH,
    CAN_REPLACE,
    SUPPLIER_SIZE,
];

pub fn facet(key: &str) -> Option<Facet> {
    FACETS.iter().copied().find(|f| f.key == key)
}

/// The value a service "in the UK or EEA" filter matches.
pub const UK_OR_EEA: &str = "uk_or_eea";

/// Every (filter, value) a published service holds. `parents` gives a category's parent, so
/// a category also holds its ancestors; `supplier_size` is the supplier's, when known.
pub fn values_of(
    listing: &Listing,
    lot_id: i32,
    parents: &dyn Fn(i32) -> Option<i32>,
    supplier_size: Option<&str>,
) -> Vec<(&'static str, String)> {
    let mut out: Vec<(&'static str, String)> = vec![(LOT.key, lot_id.to_string())];
    for &c in &listing.categories {
        let mut at = Some(c);
        // A tree is shallow; the bound only guards against a cycle in bad data.
        for _ in 0..8 {
            let Some(id) = at else { break };
            out.push((CATEGORY.key, id.to_string()));
            at = parents(id);
        }
    }
    if let Some(l) = listing.data_location {
        out.push((DATA_LOCATION.key, l.as_str().to_string()));
        if matches!(l, DataLocation::Uk | DataLocation::Eea) {
            out.push((DATA_LOCATION.key, UK_OR_EEA.to_string()));
        }
    }
    if let Some(have) = listing.clearance {
        for c in Clearance::ALL
            .iter()
            .filter(|c| **c != Clearance::None && **c <= have)
        {
            out.push((CLEARANCE.key, c.as_str().to_string()));
        }
    }
    if let Some(have) = listing.vetting {
        for v in Vetting::ALL
            .iter()
            .filter(|v| **v != Vetting::None && **v <= have)
        {
            out.push((VETTING.key, v.as_str().to_string()));
        }
    }
    for s in standards_held(&listing.standards) {
        out.push((STANDARDS.key, s.as_str().to_string()));
    }
    for n in &listing.networks {
        out.push((NETWORKS.key, n.as_str().to_string()));
    }
    if listing.open_api == Some(true) {
        out.push((OPEN_API.key, "yes".to_string()));
    }
    for t in &listing.works_with {
        out.push((WORKS_WITH.key, t.to_string()));
    }
    for t in &listing.can_replace {
        out.push((CAN_REPLACE.key, t.to_string()));
    }
    if let Some(size) = supplier_size {
        out.push((SUPPLIER_SIZE.key, size.to_string()));
    }
    out.sort();
    out.dedup();
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::catalogue::types::Standard;

    #[test]
    fn a_service_holds_what_it_meets_at_least() {
        let listing = Listing {
            categories: vec![12],
            data_location: Some(DataLocation::Uk),
            clearance: Some(Clearance::Sc),
            vetting: Some(Vetting::Nppv2),
            standards: vec![Standard::CyberEssentialsPlus],
            open_api: Some(true),
            ..Listing::default()
        };
        let parents = |id| (id == 12).then_some(1);
        let v = values_of(&listing, 3, &parents, Some("sme"));
        let has = |f: &str, x: &str| v.iter().any(|(k, val)| *k == f && val == x);
        assert!(has("lot", "3"));
        assert!(
            has("category", "12") && has("category", "1"),
            "a category and its parent"
        );
        assert!(has("location", "uk") && has("location", UK_OR_EEA));
        assert!(has("clearance", "sc") && has("clearance", "bpss") && !has("clearance", "dv"));
        assert!(has("vetting", "nppv1") && has("vetting", "nppv2") && !has("vetting", "nppv3"));
        assert!(has("standard", "cyber_essentials") && has("standard", "cyber_essentials_plus"));
        assert!(has("open_api", "yes") && has("supplier_size", "sme"));
        assert!(!v.iter().any(|(_, x)| x == "none"));
    }
}
