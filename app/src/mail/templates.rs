//! The messages Bluelamp sends, written as GOV.UK Notify writes them: a plain subject, short
//! paragraphs, the link on a line of its own, what to do if it was not you. Each has a
//! plain-text body and an HTML body built from the same paragraphs.

/// A message ready for the outbox.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Mail {
    pub to: String,
    pub subject: String,
    pub text: String,
    pub html: String,
    /// The message holds a link with a secret token: its body is deleted once sent.
    pub carries_token: bool,
}

/// One piece of a message.
enum Block<'a> {
    Para(String),
    Link(&'a str),
}

fn escape(s: &str) -> String {
    s.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
        .replace('\'', "&#39;")
}

fn build(to: &str, subject: &str, blocks: &[Block<'_>]) -> Mail {
    let mut text = String::new();
    let mut body = String::new();
    let mut carries_token = false;
    for b in blocks {
        match b {
            Block::Para(p) => {
                text.push_str(p);
                body.push_str(&format!(
                    r#"<p style="font-size:19px;line-height:1.315789474;margin:0 0 30px 0;color:#0b0c0c">{}</p>"#,
                    escape(p)
                ));
            }
            Block::Link(url) => {
                carries_token = true;
                text.push_str(url);
                body.push_str(&format!(
                    r#"<p style="font-size:19px;line-height:1.315789474;margin:0 0 30px 0"><a href="{0}" style="color:#1d70b8">{0}</a></p>"#,
                    escape(url)
                ));
            }
        }
        text.push_str("\n\n");
    }
    text.push_str("Bluelamp\n");
    let html = format!(
        r#"<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><title>{title}</title></head><body style="font-family:Helvetica,Arial,sans-serif;margin:0;padding:0"><div style="background:#0b0c0c;padding:10px 20px"><span style="color:#ffffff;font-size:28px;font-weight:700">Bluelamp</span></div><div style="max-width:580px;padding:30px 20px">{body}<p style="font-size:19px;color:#505a5f;margin:0">Bluelamp: technology procurement for police forces</p></div></body></html>"#,
        title = escape(subject)
    );
    Mail {
        to: to.to_string(),
        subject: subject.to_string(),
        text,
        html,
        carries_token,
    }
}

pub fn confirm_registration(to: &str, name: &str, link: &str) -> Mail {
    build(
        to,
        "Confirm your email address",
        &[
            Block::Para(format!("Dear {name},")),
            Block::Para("Confirm your email address to finish registering with Bluelamp:".into()),
            Block::Link(link),
            Block::Para("The link works once and expires in 24 hours.".into()),
            Block::Para(
                "If you did not register, ignore this email: no account is created until the link is followed."
                    .into(),
            ),
        ],
    )
}

/// To the owner of an address someone tried to register again: the same response on the page,
/// so nobody learns which addresses have accounts.
pub fn already_registered(to: &str, sign_in_link: &str) -> Mail {
    build(
        to,
        "Someone tried to register with your email address",
        &[
            Block::Para(
                "Someone tried to register a Bluelamp account with this email address, which already has an account."
                    .into(),
            ),
            Block::Para("If it was you, sign in instead:".into()),
            Block::Para(sign_in_link.to_string()),
            Block::Para(
                "If it was not you, you do not need to do anything: your account has not changed."
                    .into(),
            ),
        ],
    )
}

/// To someone registering a supplier whose Companies House number is already registered or
/// applying: told by email, not on the page, so the page never names another applicant.
pub fn supplier_already_registered(to: &str, company_number: &str) -> Mail {
    build(
        to,
        "Your supplier registration",
        &[
            Block::Para(format!(
                "A supplier with Companies House number {company_number} is already registered with Bluelamp, or has applied."
            )),
            Block::Para(
                "Ask that organisation's Bluelamp administrator to invite you, or contact the national body if you think this is wrong."
                    .into(),
            ),
        ],
    )
}

pub fn invitation(to: &str, organisation: &str, invited_by: &str, link: &str) -> Mail {
    build(
        to,
        &format!("You are invited to join {organisation} on Bluelamp"),
        &[
            Block::Para(format!(
                "{invited_by} has invited you to join {organisation} on Bluelamp."
            )),
            Block::Para("Choose a password to activate your account:".into()),
            Block::Link(link),
            Block::Para("The link works once and expires in 7 days.".into()),
            Block::Para("If you were not expecting this, ignore this email.".into()),
        ],
    )
}

pub fn first_admin(to: &str, link: &str) -> Mail {
    build(
        to,
        "Set your Bluelamp password",
        &[
            Block::Para("You are the first administrator of the national body on Bluelamp.".into()),
            Block::Para(
                "Choose a password, then set up an authenticator app when you first sign in:"
                    .into(),
            ),
            Block::Link(link),
            Block::Para("The link works once and expires in 7 days.".into()),
        ],
    )
}

pub fn mfa_reset(to: &str, reset_by: &str) -> Mail {
    build(
        to,
        "Your Bluelamp sign-in codes were reset",
        &[
            Block::Para(format!(
                "{reset_by} of the national body reset the authenticator app and recovery codes on your Bluelamp account."
            )),
            Block::Para(
                "When you next sign in you will set up an authenticator app again. If you did not ask for this, contact the national body at once."
                    .into(),
            ),
        ],
    )
}

/// A notification also sent by email (the user chose it): what happened, and where to read
/// more. No link: the message is the same in the inbox, which is where people act on it.
pub fn notification(to: &str, subject: &str, message: &str) -> Mail {
    build(
        to,
        subject,
        &[
            Block::Para(message.to_string()),
            Block::Para(
                "Sign in to Bluelamp to see it: it is in your notifications. You can choose there which notifications come by email."
                    .into(),
            ),
        ],
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn both_bodies_carry_the_link_and_html_is_escaped() {
        let m = confirm_registration(
            "jo@kent.police.uk",
            "Jo <script>",
            "https://b.example/confirm/abc",
        );
        assert!(m.carries_token);
        assert!(m.text.contains("\nhttps://b.example/confirm/abc\n"));
        assert!(m.html.contains(r#"href="https://b.example/confirm/abc""#));
        assert!(m.html.contains("Jo &lt;script&gt;"));
        assert!(!m.html.contains("<script>"));
        assert!(!already_registered("a@b.example", "https://b.example/sign-in").carries_token);
    }
}
