use crate::identity::types::{OrgSummary, UserRow, UserStatus};
use leptos::prelude::*;

fn status_tag(s: UserStatus) -> impl IntoView {
    let class = match s {
        UserStatus::Active => "govuk-tag govuk-tag--green",
        UserStatus::Invited => "govuk-tag govuk-tag--blue",
        UserStatus::Unconfirmed => "govuk-tag govuk-tag--yellow",
        UserStatus::Disabled => "govuk-tag govuk-tag--grey",
    };
    view! { <strong class=class>{s.label()}</strong> }
}

#[component]
pub fn UsersPage(org: OrgSummary, users: Vec<UserRow>) -> impl IntoView {
    let invite_href = format!("/organisations/{}/users/invite", org.id);
    view! {
        <span class="govuk-caption-l">{org.name.clone()}</span>
        <h1 class="govuk-heading-l">"Users"</h1>
        <a class="govuk-button" href=invite_href>
            "Invite a user"
        </a>
        <table class="govuk-table">
            <caption class="govuk-table__caption govuk-table__caption--m">
                {format!("{} users", users.len())}
            </caption>
            <thead class="govuk-table__head">
                <tr class="govuk-table__row">
                    <th scope="col" class="govuk-table__header">
                        "Name"
                    </th>
                    <th scope="col" class="govuk-table__header">
                        "Email address"
                    </th>
                    <th scope="col" class="govuk-table__header">
                        "Roles"
                    </th>
                    <th scope="col" class="govuk-table__header">
                        "Status"
                    </th>
                </tr>
            </thead>
            <tbody class="govuk-table__body">
                {users
                    .into_iter()
                    .map(|u| {
                        let roles = u
                            .roles
                            .iter()
                            .map(|r| r.label())
                            .collect::<Vec<_>>()
                            .join(", ");
                        view! {
                            <tr class="govuk-table__row">
                                <td class="govuk-table__cell">
                                    <a class="govuk-link" href=format!("/users/{}", u.id)>
                                        {u.name}
                                    </a>
                                </td>
                                <td class="govuk-table__cell">{u.email}</td>
                                <td class="govuk-table__cell">{roles}</td>
                                <td class="govuk-table__cell">{status_tag(u.status)}</td>
                            </tr>
                        }
                    })
                    .collect_view()}
            </tbody>
        </table>
    }
}
