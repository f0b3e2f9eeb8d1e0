//! Every form field against a table of hostile inputs, on both databases: the answer is never
//! a server error, a NUL byte is refused with a message, and markup comes back escaped.

use app::identity::seed::seed_demo;
use axum::http::StatusCode;
use bluelamp_tests::{link_id, on_each_backend, Client};

/// What people (and attackers) paste into forms.
const HOSTILE: &[(&str, &str)] = &[
    ("NUL byte", "before\0after"),
    ("only NUL", "\0"),
    ("ten thousand characters", ""), // filled in below
    ("right-to-left override", "\u{202E}gnp.exe"),
    ("emoji", "🚓🔵 Kent 👮‍♀️"),
    ("SQL", "x' OR '1'='1'; DROP TABLE app_user; --"),
    (
        "HTML",
        "<script>alert(1)</script><img src=x onerror=alert(2)>",
    ),
    ("percent and underscore", "%_%\\_"),
    ("zero-width and combining", "a\u{200B}b\u{0301}\u{FEFF}"),
];

fn values() -> Vec<(&'static str, String)> {
    HOSTILE
        .iter()
        .map(|(name, v)| {
            if v.is_empty() {
                (*name, "x".repeat(10_000))
            } else {
                (*name, v.to_string())
            }
        })
        .collect()
}

/// Who posts a form.
#[derive(Clone, Copy)]
enum Who {
    Anonymous,
    NationalAdmin,
    Supplier,
}

/// A form: its path, its fields with ordinary values, and who posts it.
struct Form {
    path: String,
    fields: Vec<(&'static str, &'static str)>,
    who: Who,
}

async fn forms(c: &mut Client) -> Vec<Form> {
    let forces = c.get("/admin/forces").await.body;
    let kent = link_id(&forces, "/admin/forces/", ">Kent Police<");
    let users = c.get(&format!("/organisations/{kent}/users")).await.body;
    let buyer = link_id(&users, "/users/", ">Tom Fletcher<");
    let suppliers = c.get("/admin/suppliers?status=pending").await.body;
    let pending = link_id(&suppliers, "/admin/suppliers/", "Juniper");
    let anon = |path: &str, fields: Vec<(&'static str, &'static str)>| Form {
        path: path.to_string(),
        fields,
        who: Who::Anonymous,
    };
    let signed = |path: String, fields: Vec<(&'static str, &'static str)>| Form {
        path,
        fields,
        who: Who::NationalAdmin,
    };
    vec![
        anon(
            "/sign-in",
            vec![
                ("email", "fuzz{n}@kent.police.uk"), // {n}: a fresh account each post, so the per-account slow-down stays out of it
                ("password", "not-the-password"),
                ("next", "/"),
            ],
        ),
        anon(
            "/register/force",
            vec![
                ("name", "Fuzz Person"),
                ("email", "fuzz.person@kent.police.uk"),
                ("password", "violet-otter-canal"),
                ("confirm_password", "violet-otter-canal"),
            ],
        ),
        anon(
            "/register/supplier",
            vec![
                ("company_name", "Fuzz Ltd"),
                ("companies_house_number", "99887766"),
                ("supplier_size", "sme"),
                ("contact_phone", "01632 960 001"),
                ("name", "Fuzz Vendor"),
                ("email", "vendor@fuzz.example"),
                ("password", "violet-otter-canal"),
                ("confirm_password", "violet-otter-canal"),
            ],
        ),
        anon(
            "/invitation/not-a-token",
            vec![
                ("password", "violet-otter-canal"),
                ("confirm_password", "violet-otter-canal"),
            ],
        ),
        anon("/sign-in/code", vec![("code", "123456")]),
        signed(
            "/account/password".into(),
            vec![
                ("current_password", "wrong-current-pw"),
                ("new_password", "violet-otter-canal"),
                ("confirm_password", "violet-otter-canal"),
            ],
        ),
        signed(
            "/account/authenticator".into(),
            vec![
                ("current_password", "bluelamp-demo-2026"),
                ("code", "123456"),
            ],
        ),
        signed(
            format!("/organisations/{kent}/users/invite"),
            vec![
                ("name", "Fuzz Invitee"),
                ("email", "invitee@kent.police.uk"),
                ("admin", "on"),
            ],
        ),
        signed(
            format!("/users/{buyer}"),
            vec![("intent", "roles"), ("evaluator", "on")],
        ),
        signed(
            format!("/admin/suppliers/{pending}"),
            vec![("decision", "reject"), ("reason", "Not enough evidence")],
        ),
        signed(
            format!("/admin/forces/{kent}"),
            vec![("domains", "kent.police.uk")],
        ),
    ]
}

#[tokio::test]
async fn every_form_field_survives_hostile_input() {
    on_each_backend!(|db| {
        seed_demo(db).await.unwrap();
        let mut admin = Client::new(db);
        admin.sign_in("admin@npto.example").await;
        let mut anonymous = admin.fresh();
        let forms = forms(&mut admin).await;
        // The identity forms have no supplier's: a signed-out client stands in.
        let mut unused = admin.fresh();
        let failures = fuzz(forms, [&mut anonymous, &mut admin, &mut unused]).await;
        assert!(failures.is_empty(), "{}", failures.join("\n"));
        // A value that tries to close the textarea stays inside it, as text.
        let forces = admin.get("/admin/forces").await.body;
        let kent = link_id(&forces, "/admin/forces/", ">Kent Police<");
        let r = admin
            .post_form(
                &format!("/admin/forces/{kent}"),
                &[("domains", "</textarea><script>alert(3)</script>")],
            )
            .await;
        assert!(
            !r.body.contains("<script>alert(3)"),
            "textarea broken out of"
        );
        assert!(r.body.contains("&lt;/textarea&gt;&lt;script&gt;alert(3)"));
        // The admin is still signed in and the app still works.
        assert_eq!(admin.get("/admin/suppliers").await.status, StatusCode::OK);
    });
}

/// Posts every field of every form with every hostile value; returns what went wrong.
async fn fuzz(forms: Vec<Form>, clients: [&mut Client; 3]) -> Vec<String> {
    let [anonymous, admin, supplier] = clients;
    let mut failures = Vec::new();
    let mut n = 0u32;
    for form in forms {
        for (i, (field, _)) in form.fields.iter().enumerate() {
            for (name, value) in values() {
                n += 1;
                let mut fields: Vec<(&str, String)> = form
                    .fields
                    .iter()
                    .map(|(k, v)| (*k, v.to_string()))
                    .collect();
                for f in fields.iter_mut() {
                    f.1 = f.1.replace("{n}", &n.to_string());
                }
                fields[i].1 = value.clone();
                // Each post from its own address, so the budget for anonymous posts and
                // the sign-in throttle stay out of the way of what is tested here.
                let c: &mut Client = match form.who {
                    Who::Anonymous => &mut *anonymous,
                    Who::NationalAdmin => &mut *admin,
                    Who::Supplier => &mut *supplier,
                };
                c.forwarded_for = Some(format!(
                    "10.{}.{}.{}",
                    n / 65536 % 256,
                    n / 256 % 256,
                    n % 256
                ));
                let pairs: Vec<(&str, &str)> =
                    fields.iter().map(|(k, v)| (*k, v.as_str())).collect();
                let r = c.post_form(&form.path, &pairs).await;
                let status = r.status;
                let what = format!("{} {field} = {name}: {status}", form.path);
                if status.is_server_error() {
                    failures.push(format!("{what} (server error)"));
                }
                if value.contains('\0') && status != StatusCode::BAD_REQUEST {
                    failures.push(format!("{what} (a NUL byte must be refused with 400)"));
                }
                if value.contains('\0') && !r.body.contains("hidden control character") {
                    failures.push(format!("{what} (no message about the NUL byte)"));
                }
                if r.body.contains("<script>alert(1)</script>") {
                    failures.push(format!("{what} (markup came back unescaped)"));
                }
            }
        }
    }
    failures
}

/// The catalogue's forms: the national body's and a supplier's.
async fn catalogue_forms(admin: &mut Client, supplier: &mut Client) -> Vec<Form> {
    let frameworks = admin.get("/frameworks").await.body;
    let live = link_id(&frameworks, "/frameworks/", ">Police Cloud 1<");
    let open = link_id(&frameworks, "/frameworks/", ">Police Cloud 2<");
    let page = admin.get(&format!("/frameworks/{live}")).await.body;
    let lot = link_id(
        &page,
        &format!("/frameworks/{live}/lots/"),
        "Cloud software",
    );
    let queue = admin.get("/admin/reviews").await.body;
    let submitted = link_id(&queue, "/admin/reviews/", "");
    let r = supplier
        .post_form("/supplier/services/new", &[("lot", lot.as_str())])
        .await;
    let manage = r.location.expect("a new draft");
    let national = |path: String, fields: Vec<(&'static str, &'static str)>| Form {
        path,
        fields,
        who: Who::NationalAdmin,
    };
    let vendor = |path: String, fields: Vec<(&'static str, &'static str)>| Form {
        path,
        fields,
        who: Who::Supplier,
    };
    let framework = vec![
        ("name", "Police Cloud 9"),
        ("description", "Cloud services"),
        ("applications_open", "2030-01-01"),
        ("goes_live", "2030-03-01"),
        ("expires", "2032-03-01"),
    ];
    vec![
        national("/frameworks/new".into(), framework.clone()),
        national(format!("/frameworks/{open}/edit"), framework),
        national(
            format!("/frameworks/{live}/lots/{lot}/categories"),
            vec![("intent", "add"), ("name", "Fuzz {n}"), ("parent", "")],
        ),
        national(
            "/admin/catalogue-lists/legacy_function".into(),
            vec![("intent", "add"), ("name", "Fuzz {n}")],
        ),
        national(
            format!("/frameworks/{open}/declaration"),
            vec![
                ("intent", "add"),
                ("name", "Fuzz {n}?"),
                ("details_when", "yes"),
            ],
        ),
        national(
            format!("/admin/reviews/{submitted}"),
            vec![("intent", "return"), ("reason", "Please add a price")],
        ),
        vendor(
            format!("{manage}/about"),
            vec![
                ("name", "Fuzz service"),
                ("summary", "A service"),
                ("features", "One"),
                ("benefits", "Two"),
                ("categories", "1"),
            ],
        ),
        vendor(
            format!("{manage}/pricing"),
            vec![
                ("price_min", "1.00"),
                ("price_max", "2.00"),
                ("price_unit", "user"),
                ("price_interval", "month"),
                ("vat_included", "no"),
                ("free_trial", "no"),
            ],
        ),
        vendor(
            format!("{manage}/documents"),
            vec![
                ("service_definition_url", "https://a.example/d.pdf"),
                ("terms_url", "https://a.example/t.pdf"),
                ("pricing_url", "https://a.example/p.pdf"),
            ],
        ),
        vendor(
            format!("{manage}/assurance"),
            vec![
                ("data_location", "uk"),
                ("clearance", "sc"),
                ("vetting", "nppv1"),
                ("standards", "iso27001"),
                ("networks", "pnn"),
            ],
        ),
        vendor(
            format!("{manage}/police"),
            vec![
                ("open_api", "yes"),
                ("api_docs_url", "https://a.example/api"),
                ("export_formats", "csv"),
                ("data_extraction", "As CSV"),
                ("works_with", "1"),
                ("can_replace", "11"),
            ],
        ),
        vendor(manage.clone(), vec![("intent", "submit")]),
        vendor(
            "/supplier/services/import".into(),
            vec![("lot", "auto"), ("json", "{\"serviceName\": \"Fuzz\"}")],
        ),
        vendor(
            format!("/frameworks/{open}/application"),
            vec![("intent", "save"), ("lots", "1")],
        ),
    ]
}

#[tokio::test]
async fn every_catalogue_form_field_survives_hostile_input() {
    on_each_backend!(|db| {
        app::seed::demo(db).await.unwrap();
        let mut admin = Client::signed_in(db, "admin@npto.example").await;
        let mut supplier = Client::signed_in(db, "admin@beacon-analytics.example").await;
        let mut anonymous = admin.fresh();
        let forms = catalogue_forms(&mut admin, &mut supplier).await;
        let failures = fuzz(forms, [&mut anonymous, &mut admin, &mut supplier]).await;
        assert!(failures.is_empty(), "{}", failures.join("\n"));
    });
}

#[tokio::test]
async fn a_nul_byte_in_json_is_refused_in_the_api_shape() {
    on_each_backend!(|db| {
        let mut c = Client::new(db);
        let r = c
            .post_json(
                "/api/v1/sign-in",
                serde_json::json!({ "email": "a\u{0}b@kent.police.uk", "password": "x" }),
            )
            .await;
        assert_eq!(r.status, StatusCode::BAD_REQUEST);
        assert!(r.body.contains("\"error\""), "{}", r.body);
    });
}

#[tokio::test]
async fn every_procurement_form_field_survives_hostile_input() {
    use app::procurement::entity::{procurement, procurement_question};
    use sea_orm::{ColumnTrait, EntityTrait, QueryFilter};
    on_each_backend!(|db| {
        app::seed::demo(db).await.unwrap();
        let id = |title: &'static str| async move {
            procurement::Entity::find()
                .filter(procurement::Column::Title.eq(title))
                .one(&db.conn)
                .await
                .unwrap()
                .unwrap()
                .id
        };
        let draft = id("Body-worn video replacement").await;
        let open = id("Digital interview recording").await;
        let published = id("Custody record system for the South East").await;
        let bids_in = id("Mobile data terminals for response officers").await;
        let question = procurement_question::Entity::find()
            .filter(procurement_question::Column::ProcurementId.eq(published))
            .filter(procurement_question::Column::Answer.is_null())
            .one(&db.conn)
            .await
            .unwrap()
            .unwrap()
            .id;
        let leak = |s: String| -> &'static str { Box::leak(s.into_boxed_str()) };
        let force = |path: String, fields: Vec<(&'static str, &'static str)>| Form {
            path,
            fields,
            who: Who::NationalAdmin,
        };
        let vendor = |path: String, fields: Vec<(&'static str, &'static str)>| Form {
            path,
            fields,
            who: Who::Supplier,
        };
        let forms = vec![
            force("/procurements/new".into(), vec![("title", "Fuzz {n}")]),
            force(
                format!("/procurements/{draft}/edit"),
                vec![
                    ("title", "Fuzz"),
                    ("summary", "A summary"),
                    ("description", "A description"),
                    ("lot", "1"),
                    ("essential", "One\nTwo"),
                    ("criterion_1_kind", "price"),
                    ("criterion_1_weight", "100"),
                    ("unit", "devices"),
                    ("quantity", "10"),
                    ("value", "1,000"),
                    ("join_deadline_day", "1"),
                    ("join_deadline_time", "12:00"),
                ],
            ),
            force(
                format!("/procurements/{draft}/collaborators"),
                vec![("email", "admin@kent.police.uk")],
            ),
            force(
                format!("/procurements/{open}/join"),
                vec![
                    ("quantity", "10"),
                    ("value", "1,000"),
                    ("contact_name", "A Person"),
                    ("contact_email", "a@kent.police.uk"),
                ],
            ),
            force(
                format!("/procurements/{published}/amend"),
                vec![
                    ("reason", "Because"),
                    ("summary", "New"),
                    ("bid_deadline_day", "1"),
                ],
            ),
            force(
                format!("/procurements/{published}/questions/{question}/answer"),
                vec![
                    (leak(format!("answer-{question}")), "An answer"),
                    (leak(format!("private_reason-{question}")), "Sensitive"),
                ],
            ),
            force(
                "/notifications/preferences".into(),
                vec![("email", "published")],
            ),
            vendor(
                format!("/opportunities/{published}/questions"),
                vec![("question", "A question {n}?")],
            ),
            vendor(
                format!("/opportunities/{bids_in}/bid"),
                vec![
                    ("action", "save"),
                    ("total", "1,000.00"),
                    ("requirement_1_meets", "yes"),
                    ("requirement_1_text", "Met"),
                    ("criterion_1", "Our answer"),
                    ("links", "https://a.example/x"),
                ],
            ),
            Form {
                path: "/dev/clock".into(),
                fields: vec![("hours", "0")],
                who: Who::Anonymous,
            },
            // Last: a valid reason cancels it.
            force(
                format!("/procurements/{published}/cancel"),
                vec![("reason", "Because")],
            ),
        ];
        let mut kent = Client::signed_in(db, "buyer@kent.police.uk").await;
        let mut cobalt = Client::signed_in(db, "admin@cobalt-records-systems.example").await;
        let mut anonymous = kent.fresh();
        let mut failures = fuzz(forms, [&mut anonymous, &mut kent, &mut cobalt]).await;
        let mut national = Client::signed_in(db, "admin@npto.example").await;
        let tender = vec![Form {
            path: "/admin/tender-period".into(),
            fields: vec![("days", "10")],
            who: Who::NationalAdmin,
        }];
        failures.extend(fuzz(tender, [&mut anonymous, &mut national, &mut cobalt]).await);

        // Evaluation onwards: the evaluator's sheet, the lead's moderation, award and
        // decision on a challenge, and a bidder's challenge.
        use app::procurement::entity::{bid, evaluation_assignment, procurement_challenge};
        let evaluating = id("Digital evidence sharing platform").await;
        let standstill = id("Command and control replacement").await;
        let assigned = evaluation_assignment::Entity::find()
            .filter(evaluation_assignment::Column::ProcurementId.eq(evaluating))
            .all(&db.conn)
            .await
            .unwrap();
        let evaluator_id = bluelamp_tests::viewer(db, "evaluator@kent.police.uk")
            .await
            .user_id;
        let sheet_bid = assigned
            .iter()
            .find(|a| a.user_id == evaluator_id)
            .unwrap()
            .bid_id;
        let any_bid = bid::Entity::find()
            .filter(bid::Column::ProcurementId.eq(evaluating))
            .one(&db.conn)
            .await
            .unwrap()
            .unwrap()
            .id;
        let challenge = procurement_challenge::Entity::find()
            .filter(procurement_challenge::Column::ProcurementId.eq(standstill))
            .one(&db.conn)
            .await
            .unwrap()
            .unwrap()
            .id;
        let mut evaluator = Client::signed_in(db, "evaluator@kent.police.uk").await;
        let sheet = vec![force(
            format!("/procurements/{evaluating}/evaluate/{sheet_bid}"),
            vec![
                ("action", "save"),
                ("declaration", "none"),
                ("declaration_note", "None"),
                ("compliant", "no"),
                ("compliance_reason", "Fails one"),
                ("score_1", "3"),
                ("justification_1", "Because {n}"),
            ],
        )];
        failures.extend(fuzz(sheet, [&mut anonymous, &mut evaluator, &mut cobalt]).await);
        let lead = vec![
            force(
                format!("/procurements/{evaluating}/moderation/{any_bid}"),
                vec![
                    (leak(format!("compliant-{any_bid}")), "yes"),
                    (leak(format!("score_1-{any_bid}")), "3"),
                    (leak(format!("rationale_1-{any_bid}")), "Agreed"),
                ],
            ),
            force(
                format!("/procurements/{evaluating}/evaluators"),
                vec![("evaluator", "1"), ("bids", "1")],
            ),
            force(
                format!("/procurements/{evaluating}/award"),
                vec![
                    ("bid", "1"),
                    ("reason", "Because"),
                    ("contract_start_day", "1"),
                    ("contract_start_month", "4"),
                    ("contract_start_year", "2027"),
                ],
            ),
            vendor(
                format!("/opportunities/{standstill}/challenge"),
                vec![("grounds", "Unfair {n}")],
            ),
            // Last: a valid decision decides it.
            force(
                format!("/procurements/{standstill}/challenges/{challenge}"),
                vec![
                    (leak(format!("outcome_reason-{challenge}")), "Because"),
                    (leak(format!("outcome-{challenge}")), "dismissed"),
                ],
            ),
        ];
        failures.extend(fuzz(lead, [&mut anonymous, &mut kent, &mut cobalt]).await);
        assert!(failures.is_empty(), "{}", failures.join("\n"));
    });
}

#[tokio::test]
async fn every_spend_classification_form_field_survives_hostile_input() {
    on_each_backend!(|db| {
        app::seed::demo(db).await.unwrap();
        let kent_id = bluelamp_tests::viewer(db, "buyer@kent.police.uk")
            .await
            .org_id;
        let leak = |s: String| -> &'static str { Box::leak(s.into_boxed_str()) };
        // No class chosen: every post comes back as the form with its messages, so the
        // hostile values are shown again rather than saved (saving reclassifies the demo).
        let national = vec![
            Form {
                path: "/spend/rules/new".into(),
                fields: vec![
                    ("name", "Fuzz {n}"),
                    ("class", ""),
                    ("description_words", "managed service"),
                    ("expense_type", "41"),
                    ("cost_centre", "ICT"),
                    ("supplier", ""),
                    ("system", ""),
                    ("function", ""),
                    ("lot", ""),
                    ("system_status", "legacy"),
                    ("support_ends_before", "31/03/2027"),
                    ("on_contract", "yes"),
                    ("position", "1"),
                ],
                who: Who::NationalAdmin,
            },
            Form {
                path: "/spend/target".into(),
                fields: vec![("percent", "60"), ("by_year", "")],
                who: Who::NationalAdmin,
            },
        ];
        // (Kent's people post as the second client, named NationalAdmin here.)
        let kent = vec![
            Form {
                path: leak(format!("/spend/lines/override?force={kent_id}")).into(),
                fields: vec![
                    ("lines", ""),
                    ("new_class", "legacy"),
                    ("reason", "Checked"),
                ],
                who: Who::NationalAdmin,
            },
            Form {
                path: "/spend/opportunities/start".into(),
                fields: vec![
                    ("supplier", ""),
                    ("function", "1"),
                    ("year", "2023"),
                    ("product", ""),
                ],
                who: Who::NationalAdmin,
            },
        ];
        let mut admin = Client::signed_in(db, "admin@npto.example").await;
        let mut buyer = Client::signed_in(db, "buyer@kent.police.uk").await;
        let mut anonymous = admin.fresh();
        let mut unused = admin.fresh();
        let mut failures = fuzz(national, [&mut anonymous, &mut admin, &mut unused]).await;
        failures.extend(fuzz(kent, [&mut anonymous, &mut buyer, &mut unused]).await);
        assert!(failures.is_empty(), "{}", failures.join("\n"));
        // Hostile GET parameters on the dashboard are named, never a server error.
        for q in [
            "year=%00",
            "period=%3Cscript%3E",
            "force=abc",
            "supplier=1e9",
            "function=999999",
            "function=%3Cscript%3E",
            "region=%00",
        ] {
            let r = admin.get(&format!("/spend/dashboard?{q}")).await;
            assert!(!r.status.is_server_error(), "{q}: {}", r.status);
            assert!(!r.body.contains("<script>"), "{q}");
        }
    });
}
