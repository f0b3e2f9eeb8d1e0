//! A plausible systems register for each of the 43 forces: one system for each function on
//! the national body's list, from the suppliers and products forces really run, with go-live
//! years, support dates and maintenance costs that vary by force size. Deterministic: a
//! force's register is the same on every run.

use crate::spend::register::SystemStatus;
use chrono::NaiveDate;

/// (function, [(supplier, product)]) as forces run them.
pub const PRODUCTS: &[(&str, &[(&str, &str)])] = &[
    (
        "Records management",
        &[
            ("Niche Technology", "Niche RMS"),
            ("NEC Software Solutions", "Athena"),
            ("NEC Software Solutions", "Connect"),
            ("Capita", "Unifi"),
        ],
    ),
    (
        "Command and control",
        &[
            ("Sopra Steria", "STORM"),
            ("Capita", "ControlWorks"),
            ("Motorola Solutions", "Vision CAD"),
            ("Saab", "SAFE"),
        ],
    ),
    (
        "Custody",
        &[
            ("NEC Software Solutions", "NSPIS Custody"),
            ("Niche Technology", "Niche Custody"),
            ("Capita", "Custody Manager"),
        ],
    ),
    (
        "Case preparation",
        &[
            ("NEC Software Solutions", "Case Preparation"),
            ("Niche Technology", "Niche Case File"),
        ],
    ),
    (
        "Intelligence",
        &[
            ("Chorus Intelligence", "Chorus"),
            ("i2 Group", "iBase"),
            ("Niche Technology", "Niche Intelligence"),
        ],
    ),
    (
        "ANPR",
        &[
            ("Genetec", "AutoVu"),
            ("Videalert", "ANPR Back Office"),
            ("NEC Software Solutions", "ANPR Manager"),
        ],
    ),
    (
        "Digital evidence",
        &[
            ("Axon", "Axon Evidence"),
            ("NICE", "Investigate"),
            ("Motorola Solutions", "VideoManager"),
        ],
    ),
    (
        "Duty management",
        &[
            ("Crown", "Duty Management System"),
            ("UKG", "Kronos Workforce Central"),
            ("Capita", "Duty Manager"),
        ],
    ),
    (
        "HR",
        &[
            ("Oracle", "Oracle HCM Cloud"),
            ("SAP", "SuccessFactors"),
            ("MHR", "iTrent"),
        ],
    ),
    (
        "Finance",
        &[
            ("Oracle", "Oracle Fusion"),
            ("SAP", "S/4HANA"),
            ("Unit4", "Unit4 ERP"),
        ],
    ),
];

/// One demo system.
pub struct DemoSystem {
    pub function: &'static str,
    pub supplier: &'static str,
    pub product: &'static str,
    pub go_live_year: i32,
    pub end_of_support: Option<NaiveDate>,
    pub annual_maintenance_pence: i64,
    pub status: SystemStatus,
}

fn hash(s: &str, salt: u64) -> u64 {
    // FNV-1a: stable across runs and platforms, unlike the std hasher.
    let mut h: u64 = 0xcbf2_9ce4_8422_2325 ^ salt;
    for b in s.bytes() {
        h ^= u64::from(b);
        h = h.wrapping_mul(0x0000_0100_0000_01b3);
    }
    h
}

/// `force`'s register; `size` scales costs (1 for a small force, up to 10 for the Met).
pub fn register_for(force: &str, size: i64) -> Vec<DemoSystem> {
    PRODUCTS
        .iter()
        .enumerate()
        .map(|(i, (function, products))| {
            let h = hash(force, i as u64);
            let (supplier, product) = products[(h % products.len() as u64) as usize];
            let mut go_live_year = 2006 + ((h >> 8) % 19) as i32;
            let support_years = 8 + ((h >> 16) % 8) as i32;
            let status = match (go_live_year, (h >> 24) % 10) {
                (_, 0) => SystemStatus::BeingRetired,
                (_, 1) => {
                    // A replacement being bought: it goes live next year.
                    go_live_year = 2027;
                    SystemStatus::Planned
                }
                (y, _) if y < 2014 => SystemStatus::Legacy,
                _ => SystemStatus::Current,
            };
            let end_of_support = NaiveDate::from_ymd_opt(go_live_year + support_years, 3, 31);
            // Core operational systems cost more to keep than back-office ones.
            let base: i64 = if i < 3 { 180_000 } else { 45_000 };
            let pounds = base * size + ((h >> 32) % 40_000) as i64;
            DemoSystem {
                function,
                supplier,
                product,
                go_live_year,
                end_of_support,
                annual_maintenance_pence: pounds * 100,
                status,
            }
        })
        .collect()
}

/// A force's size for scaling costs, from its name: the largest forces by officers.
pub fn size_of(force: &str) -> i64 {
    match force {
        "Metropolitan Police Service" => 10,
        "West Midlands Police" | "Greater Manchester Police" => 5,
        "West Yorkshire Police" | "Thames Valley Police" | "Merseyside Police" => 4,
        "Hampshire and Isle of Wight Constabulary"
        | "Kent Police"
        | "Northumbria Police"
        | "Lancashire Constabulary"
        | "South Yorkshire Police"
        | "Avon and Somerset Constabulary"
        | "Essex Police"
        | "Devon and Cornwall Police" => 3,
        _ => 2,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn each_force_has_one_system_a_function_and_the_same_every_time() {
        let a = register_for("Kent Police", 3);
        assert_eq!(a.len(), PRODUCTS.len());
        let b = register_for("Kent Police", 3);
        assert!(a.iter().zip(&b).all(|(x, y)| x.product == y.product
            && x.annual_maintenance_pence == y.annual_maintenance_pence));
        assert!(a.iter().all(|s| (2006..=2027).contains(&s.go_live_year)));
        // Different forces run different products somewhere.
        let c = register_for("Essex Police", 3);
        assert!(a.iter().zip(&c).any(|(x, y)| x.product != y.product));
    }
}
