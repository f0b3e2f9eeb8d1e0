//! A search as a URL holds it: read from GET parameters (the page, the REST API and the
//! island's server function all read the same query string) and written back into links, so
//! every result page is a shareable URL.

use super::facets::{facet, FACETS};
use crate::money::Money;
use crate::validation::FieldErrors;
use std::collections::BTreeMap;

#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum Sort {
    #[default]
    Relevance,
    PriceLowest,
    PriceHighest,
}

impl Sort {
    pub const ALL: [Sort; 3] = [Sort::Relevance, Sort::PriceLowest, Sort::PriceHighest];

    pub fn parse(s: &str) -> Option<Sort> {
        match s {
            "" | "relevance" => Some(Sort::Relevance),
            "price" | "price-lowest" => Some(Sort::PriceLowest),
            "price-highest" => Some(Sort::PriceHighest),
            _ => None,
        }
    }

    pub fn as_str(&self) -> &'static str {
        match self {
            Sort::Relevance => "relevance",
            Sort::PriceLowest => "price-lowest",
            Sort::PriceHighest => "price-highest",
        }
    }

    pub fn label(&self) -> &'static str {
        match self {
            Sort::Relevance => "Relevance",
            Sort::PriceLowest => "Price: lowest first",
            Sort::PriceHighest => "Price: highest first",
        }
    }
}

/// A search as asked: words, filters (filter key to chosen values), price range, order and
/// page (from 1).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct SearchRequest {
    pub q: String,
    pub filters: BTreeMap<String, Vec<String>>,
    pub price_from: Option<Money>,
    pub price_to: Option<Money>,
    pub sort: Sort,
    pub page: u64,
}

/// The highest price a filter takes (£1 billion): more is surely a slip.
const MAX_PRICE_PENCE: i64 = 100_000_000_000;

/// What a link changes of the current search.
pub enum Change<'a> {
    /// The same search, another page.
    Page(u64),
    /// Without one filter value.
    Without(&'a str, &'a str),
    /// Without a whole filter (`price` for the price range).
    WithoutFilter(&'a str),
    /// Other words, the rest kept.
    Words(&'a str),
}

impl SearchRequest {
    /// Reads GET parameters. Unknown parameters are ignored (as links from elsewhere may carry
    /// them); a value a parameter cannot hold is an error naming it, for a 400 page, and is
    /// left out of the search returned beside the errors (the corrected search to offer).
    pub fn from_pairs<I, K, V>(pairs: I) -> (SearchRequest, FieldErrors)
    where
        I: IntoIterator<Item = (K, V)>,
        K: AsRef<str>,
        V: AsRef<str>,
    {
        let mut r = SearchRequest {
            page: 1,
            ..SearchRequest::default()
        };
        let mut errors = FieldErrors::new();
        for (k, v) in pairs {
            let (k, v) = (k.as_ref(), v.as_ref().trim());
            match k {
                "q" => r.q = v.to_string(),
                "page" if !v.is_empty() => match v.parse::<u64>() {
                    Ok(p) if p >= 1 => r.page = p,
                    _ => errors.add("page", "The page must be a whole number, 1 or more"),
                },
                "sort" => match Sort::parse(v) {
                    Some(s) => r.sort = s,
                    None => errors.add("sort", "Sort by relevance, lowest price or highest price"),
                },
                "price_from" | "price_to" if !v.is_empty() => match Money::parse(v) {
                    Ok(m) if m.pence() >= 0 && m.pence() <= MAX_PRICE_PENCE => {
                        if k == "price_from" {
                            r.price_from = Some(m)
                        } else {
                            r.price_to = Some(m)
                        }
                    }
                    _ => errors.add(
                        k,
                        format!(
                            "Enter the {} price in pounds, like 25 or 1,250.50",
                            if k == "price_from" {
                                "lowest"
                            } else {
                                "highest"
                            }
                        ),
                    ),
                },
                _ if !v.is_empty() && facet(k).is_some() => {
                    let values = r.filters.entry(k.to_string()).or_default();
                    if !values.iter().any(|x| x == v) {
                        values.push(v.to_string());
                    }
                }
                _ => {}
            }
        }
        if let (Some(from), Some(to)) = (r.price_from, r.price_to) {
            if from > to {
                errors.add(
                    "price_to",
                    "The highest price must be the same as or more than the lowest",
                );
                r.price_to = None;
            }
        }
        (r, errors)
    }

    /// The query string (without `?`) of this search changed by `change`: filters in the
    /// page's order, the first page unless a page is asked for.
    pub fn query_string(&self, change: Change<'_>) -> String {
        let mut out = form_urlencoded::Serializer::new(String::new());
        let q = match change {
            Change::Words(w) => w,
            _ => self.q.as_str(),
        };
        if !q.is_empty() {
            out.append_pair("q", q);
        }
        for f in FACETS {
            if matches!(change, Change::WithoutFilter(k) if k == f.key) {
                continue;
            }
            for v in self.filters.get(f.key).into_iter().flatten() {
                if !matches!(change, Change::Without(k, x) if k == f.key && x == v) {
                    out.append_pair(f.key, v);
                }
            }
        }
        if !matches!(change, Change::WithoutFilter("price")) {
            if let Some(m) = self.price_from {
                out.append_pair("price_from", &pounds(m));
            }
            if let Some(m) = self.price_to {
                out.append_pair("price_to", &pounds(m));
            }
        }
        if self.sort != Sort::Relevance {
            out.append_pair("sort", self.sort.as_str());
        }
        if let Change::Page(p) = change {
            if p > 1 {
                out.append_pair("page", &p.to_string());
            }
        }
        out.finish()
    }

    /// Whether any filter or price is chosen.
    pub fn is_filtered(&self) -> bool {
        self.filters.values().any(|v| !v.is_empty())
            || self.price_from.is_some()
            || self.price_to.is_some()
    }
}

/// A price as a URL and a form field hold it: "1250.50" (prices here are never negative).
pub fn pounds(m: Money) -> String {
    let p = m.pence().unsigned_abs();
    format!("{}.{:02}", p / 100, p % 100)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_and_writes_the_same_search() {
        let r = SearchRequest::from_pairs([
            ("q", "case files"),
            ("network", "pnn"),
            ("network", "psn"),
            ("network", "pnn"),
            ("utm_source", "mail"),
            ("price_to", "£1,250.50"),
            ("sort", "price-lowest"),
            ("page", "3"),
        ])
        .0;
        assert_eq!(r.page, 3);
        assert_eq!(r.filters["network"], ["pnn", "psn"]);
        assert_eq!(
            r.query_string(Change::Page(3)),
            "q=case+files&network=pnn&network=psn&price_to=1250.50&sort=price-lowest&page=3"
        );
        assert_eq!(
            r.query_string(Change::Without("network", "pnn")),
            "q=case+files&network=psn&price_to=1250.50&sort=price-lowest"
        );
        let (again, errors) = SearchRequest::from_pairs(form_urlencoded::parse(
            r.query_string(Change::Page(3)).as_bytes(),
        ));
        assert!(errors.is_empty());
        assert_eq!(again, r);
    }

    #[test]
    fn refuses_what_a_parameter_cannot_hold() {
        for (k, v) in [
            ("page", "0"),
            ("page", "two"),
            ("sort", "newest"),
            ("price_from", "cheap"),
            ("price_from", "-5"),
        ] {
            let (corrected, e) = SearchRequest::from_pairs([("q", "cctv"), (k, v)]);
            assert!(e.get(k).is_some(), "{k}={v}");
            assert_eq!(corrected.query_string(Change::Page(1)), "q=cctv", "{k}={v}");
        }
        let (_, e) = SearchRequest::from_pairs([("price_from", "10"), ("price_to", "5")]);
        assert!(e.get("price_to").is_some());
    }
}
