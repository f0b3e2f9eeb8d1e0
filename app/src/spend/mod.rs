//! Spend: every force's technology spend, imported from the files forces and the Crown
//! Commercial Service publish. So far: the file parser (`parse`) and the matching rules (`rules`).

pub mod parse;
pub mod rules;
