//! A realistic force spend file of any length, for trying and benchmarking the import: the
//! columns a force's "payments over £500" file has, amounts written the ways forces write
//! them (plain, with £ and thousands, in brackets for credit notes), suppliers spelt more than
//! one way. Deterministic: the same length gives the same file.

use std::io::{self, Write};

const SUPPLIERS: &[&str] = &[
    "Microsoft Ltd",
    "MICROSOFT LIMITED",
    "Capita Business Services Ltd",
    "NEC Software Solutions UK Ltd",
    "Motorola Solutions UK Ltd",
    "Airwave Solutions Ltd",
    "Axon Public Safety UK Ltd",
    "Niche Technology Inc",
    "Sopra Steria Ltd",
    "CGI IT UK Ltd",
    "BT Group plc",
    "Vodafone Ltd",
    "Softcat plc",
    "Computacenter (UK) Ltd",
    "Insight Direct (UK) Ltd",
    "Civica UK Ltd",
    "Oracle Corporation UK Ltd",
    "SAP (UK) Ltd",
    "Cellebrite UK Ltd",
    "Genetec UK Ltd",
    "Northgate Public Services (UK) Ltd",
    "Atos IT Services UK Ltd",
    "Dell Corporation Ltd",
    "Hewlett Packard Enterprise Ltd",
    "Amazon Web Services EMEA SARL",
    "Redspeed International Ltd",
    "Jaama Ltd",
    "Chorus Intelligence Ltd",
    "Egress Software Technologies Ltd",
    "Crown Commercial Service",
];

const SERVICE_AREAS: &[&str] = &[
    "ICT",
    "Digital Services",
    "Information Management",
    "Contact Management",
    "Custody",
    "Forensics",
    "Fleet",
];

const EXPENSE_TYPES: &[&str] = &[
    "Software Licences",
    "Hardware Maintenance",
    "Software Maintenance",
    "ICT Consultancy",
    "Telephony",
    "Airwave Charges",
    "Hardware Purchase",
];

const DESCRIPTIONS: &[&str] = &[
    "Annual licence renewal",
    "Support and maintenance Q1",
    "Support and maintenance Q2",
    "Mobile data charges",
    "Records management system support",
    "Command and control maintenance",
    "Body worn video licences",
    "Laptop refresh",
    "Cloud hosting",
    "Digital evidence storage",
];

/// A small, fast, deterministic generator (xorshift64*): the file must be the same on every
/// run, and needs no cryptographic quality.
struct Dice(u64);

impl Dice {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_F491_4F6C_DD1D)
    }

    fn pick<'a>(&mut self, from: &[&'a str]) -> &'a str {
        from[(self.next() % from.len() as u64) as usize]
    }
}

fn amount(pence: i64, style: u64) -> String {
    let pounds = pence.abs() / 100;
    let p = pence.abs() % 100;
    let grouped = crate::money::group_thousands(pounds.unsigned_abs());
    match (pence < 0, style % 4) {
        (true, 0 | 1) => format!("\"({grouped}.{p:02})\""),
        (true, _) => format!("-{pounds}.{p:02}"),
        (false, 0) => format!("{pounds}.{p:02}"),
        (false, 1) => format!("\"£{grouped}.{p:02}\""),
        (false, 2) => format!("\" {grouped}.{p:02} \""),
        (false, _) => {
            // "734.9": one decimal place when the pence end in 0.
            if p % 10 == 0 {
                format!("{pounds}.{}", p / 10)
            } else {
                format!("{pounds}.{p:02}")
            }
        }
    }
}

/// Writes `rows` payments of `force` as a force publishes them (UTF-8, CRLF, a header row),
/// and answers the total in pence.
pub fn write_force_file(out: &mut impl Write, force: &str, rows: u64) -> io::Result<i64> {
    let mut dice = Dice(0x9E37_79B9_7F4A_7C15 ^ rows);
    write!(
        out,
        "Body Name,Service Area,Expense Type,Payment Date,Transaction Number,Amount,Supplier Name,Description\r\n"
    )?;
    let mut total: i64 = 0;
    for i in 0..rows {
        let day = 1 + dice.next() % 28;
        let month = 1 + dice.next() % 12;
        let year = 2021 + dice.next() % 4;
        let mut pence = 50_000 + (dice.next() % 25_000_000) as i64;
        if dice.next().is_multiple_of(50) {
            pence = -pence / 10;
        }
        total += pence;
        write!(
            out,
            "{force},{},{},{day:02}/{month:02}/{year},{},{},{},{}\r\n",
            dice.pick(SERVICE_AREAS),
            dice.pick(EXPENSE_TYPES),
            1_000_000 + i,
            amount(pence, dice.next()),
            dice.pick(SUPPLIERS),
            dice.pick(DESCRIPTIONS),
        )?;
    }
    Ok(total)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::spend::parse::{mapping, row, stream};
    use std::sync::Arc;

    #[test]
    fn the_generated_file_reads_back_to_its_total() {
        let mut buf = Vec::new();
        let total = write_force_file(&mut buf, "Kent Police", 2000).unwrap();
        let mut s =
            stream::Stream::open(&buf[..], encoding_rs::UTF_8, b',', Arc::default()).unwrap();
        let m = mapping::guess(&s.header.cells);
        let cols = row::Columns::new(&m, s.header.cells.len(), false).unwrap();
        let mut sum = 0;
        let mut n = 0;
        while let Some(r) = s.next_row().unwrap() {
            sum += row::read_row(&cols, &r).unwrap().amount.money.pence();
            n += 1;
        }
        assert_eq!((n, sum), (2000, total));
    }
}
