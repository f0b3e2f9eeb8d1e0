//! Checks of the form fields several use cases ask for: names, and a new password typed twice.

use crate::identity::rules::{check_password, normalise_email};
use crate::validation::FieldErrors;

pub(super) fn check_name(errors: &mut FieldErrors, field: &str, value: &str, what: &str) -> String {
    let v = value.trim();
    if v.is_empty() {
        errors.add(field, format!("Enter {what}"));
    } else if v.chars().count() > 200 {
        errors.add(
            field,
            format!("{} must be 200 characters or fewer", capitalise(what)),
        );
    }
    v.to_string()
}

fn capitalise(s: &str) -> String {
    let s = s.trim_start_matches("your ").trim_start_matches("the ");
    let mut c = s.chars();
    match c.next() {
        Some(f) => f.to_uppercase().collect::<String>() + c.as_str(),
        None => String::new(),
    }
}

/// `personal`: the email address and organisation name the password must not contain.
pub(super) fn check_new_password(
    errors: &mut FieldErrors,
    password: &str,
    confirm: &str,
    field: &str,
    personal: &[&str],
) {
    match check_password(password, personal) {
        Err(m) => errors.add(field, m),
        Ok(()) if password != confirm => errors.add("confirm_password", "Passwords do not match"),
        Ok(()) => {}
    }
}

/// The fields about the person that both registration forms ask for: name, email address
/// (normalised, or None when invalid) and a new password typed twice, which must not contain
/// the organisation's name (for force staff, whose force is known by the email's domain, the
/// domain's words stand for it: "kent" of kent.police.uk).
pub(super) fn check_person(
    errors: &mut FieldErrors,
    name: &str,
    email: &str,
    password: &str,
    confirm: &str,
    organisation: Option<&str>,
) -> (String, Option<String>) {
    let name = check_name(errors, "name", name, "your full name");
    let email = normalise_email(email)
        .map_err(|m| errors.add("email", m))
        .ok();
    let email_text = email.as_deref().unwrap_or("");
    let organisation =
        organisation.unwrap_or_else(|| crate::identity::rules::email_domain(email_text));
    let personal = [email_text, organisation];
    check_new_password(errors, password, confirm, "password", &personal);
    (name, email)
}
