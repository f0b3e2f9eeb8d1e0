//! Classification and the dashboards: the database runs the rules exactly as Rust reads them;
//! a rule change moves the dashboard by exactly its preview; overrides are a force's own and
//! outlive rule changes; the rollups equal the payments after every kind of change (imports,
//! rollbacks, overrides, buyer mapping, supplier merges, reclassification), checked over
//! random sequences of them; who may see and do what; aggregation opportunities start a
//! shared procurement; the replacement planner finds what can replace a system.

use super::*;
use app::catalogue::entity::contract;
use app::error::ServiceError;
use app::spend::classify::{classify, LineFacts, RuleSpec};
use app::spend::entity::{
    spend_kind, spend_override, spend_rule, spend_supplier, spend_supplier_name, spend_system,
};
use app::spend::register::SystemStatus;
use app::spend::rules::supplier_key;
use app::spend::service::classification::{self, RuleChange, RuleForm};
use app::spend::service::dashboard::{self, DashboardQuery, Filter};
use app::spend::service::opportunities::StartFrom;
use app::spend::service::{job, lines, opportunities, rollup};
use app::spend::types::SpendClass;
use bluelamp_tests::on_each_backend;
use rand::{Rng, SeedableRng};
use sea_orm::{ActiveModelTrait, QueryOrder, Set};

async fn assert_rollups_equal_payments(db: &Db, after: &str) {
    let differences = rollup::check(&db.conn).await.unwrap();
    assert!(
        differences.is_empty(),
        "after {after}: {:?}",
        &differences[..differences.len().min(5)]
    );
}

/// The rule and class a payment reads through its kind (`None` for its rule when overridden),
/// with its override's class when it has one.
async fn class_of(db: &Db, p: &spend_payment::Model) -> (Option<i32>, SpendClass) {
    if let Some(o) = p.override_id {
        let o = spend_override::Entity::find_by_id(o)
            .one(&db.conn)
            .await
            .unwrap()
            .expect("its override");
        return (None, o.class);
    }
    let k = spend_kind::Entity::find_by_id(p.kind_id.expect("a kind"))
        .one(&db.conn)
        .await
        .unwrap()
        .expect("its kind");
    (k.rule_id, k.class)
}

/// Every payment's class, through its kind, is what the rules, read by Rust, give it
/// (overrides aside).
async fn assert_database_agrees_with_rust(db: &Db) {
    let rules: Vec<RuleSpec> = classification::rules_in_force(&db.conn).await.unwrap();
    let kinds: std::collections::HashMap<i32, spend_kind::Model> = spend_kind::Entity::find()
        .all(&db.conn)
        .await
        .unwrap()
        .into_iter()
        .map(|k| (k.id, k))
        .collect();
    let payments = spend_payment::Entity::find()
        .filter(spend_payment::Column::OverrideId.is_null())
        .all(&db.conn)
        .await
        .unwrap();
    assert!(payments.len() > 1000);
    for p in &payments {
        let facts = LineFacts {
            supplier_id: p.supplier_id,
            description: &p.description,
            expense_type: &p.expense_type,
            cost_centre: &p.cost_centre,
            lot: &p.lot,
            ..LineFacts::default()
        };
        let want = classify(&rules, &facts);
        let kind = &kinds[&p.kind_id.expect("every payment here has a kind")];
        assert_eq!(
            (kind.rule_id, kind.class),
            (
                want.map(|r| r.id),
                want.and_then(|r| r.class)
                    .unwrap_or(SpendClass::Unclassified)
            ),
            "payment {} “{}” / “{}”",
            p.id,
            p.description,
            p.expense_type
        );
    }
}

/// The national legacy, new and unclassified money over every year, from the dashboard.
async fn national_totals(db: &Db, who: &Viewer) -> (i64, i64, i64) {
    let d = dashboard::dashboard(db, Some(who), Filter::default())
        .await
        .unwrap();
    d.yearly.iter().fold((0, 0, 0), |(l, n, u), p| {
        (l + p.legacy, n + p.new, u + p.unclassified)
    })
}

fn managed_service_rule(position: &str) -> RuleForm {
    RuleForm {
        name: "Managed service charges".into(),
        class: "legacy".into(),
        description_words: "MANAGED service".into(),
        position: position.into(),
        ..RuleForm::default()
    }
}

#[tokio::test]
async fn the_demo_is_classified_and_a_rule_change_moves_the_dashboard_by_its_preview() {
    on_each_backend!(|db| {
        let w = world(db).await;
        assert_rollups_equal_payments(db, "the demo seed").await;
        assert_database_agrees_with_rust(db).await;
        // A national picture: legacy near 90% at first, falling.
        let d = dashboard::dashboard(db, Some(&w.national), Filter::default())
            .await
            .unwrap();
        // The generated years (£100 million and more each), not the small real files.
        let generated: Vec<_> = d
            .yearly
            .iter()
            .filter(|p| p.total() > 10_000_000_000)
            .collect();
        let first = generated.first().unwrap().share().unwrap();
        let last = generated.last().unwrap().share().unwrap();
        assert!(first > "80".parse().unwrap(), "{first}");
        assert!(
            last < first - "10".parse::<app::money::Money>().unwrap().decimal(),
            "{first} then {last}"
        );
        assert!(d.target.is_some() && d.on_track.is_some());
        assert_eq!(d.ranking.len(), 43, "every force is ranked");

        let before = national_totals(db, &w.national).await;
        let change = RuleChange::Save {
            id: None,
            form: managed_service_rule("1").into(),
        };
        let preview = classification::preview(db, Some(&w.national), &change)
            .await
            .unwrap();
        assert!(preview.lines_moved() > 0);
        assert!(preview.moves.iter().all(|m| m.to == SpendClass::Legacy));
        assert!(!preview.sample.is_empty());
        // Nothing is saved by a preview.
        assert_eq!(national_totals(db, &w.national).await, before);
        let applied = classification::save(db, Some(&w.national), change)
            .await
            .unwrap();
        assert_eq!(applied.preview.legacy_change(), preview.legacy_change());
        let after = national_totals(db, &w.national).await;
        assert_eq!(
            after.0 - before.0,
            preview.legacy_change().pence(),
            "legacy moves by exactly the preview"
        );
        assert_eq!(
            after.0 + after.1 + after.2,
            before.0 + before.1 + before.2,
            "no money appears or disappears"
        );
        assert_rollups_equal_payments(db, "adding a rule").await;
        assert_database_agrees_with_rust(db).await;
        // The new rule is first; removing it moves the money back.
        let rules = classification::rules_in_force(&db.conn).await.unwrap();
        assert_eq!(rules[0].name, "Managed service charges");
        let id = applied.rule_id.unwrap();
        classification::save(db, Some(&w.national), RuleChange::Remove { id })
            .await
            .unwrap();
        assert_eq!(national_totals(db, &w.national).await, before);
        assert_rollups_equal_payments(db, "removing a rule").await;
    });
}

#[tokio::test]
async fn a_rule_must_say_something_and_only_the_national_body_edits_rules_and_targets() {
    on_each_backend!(|db| {
        let w = world(db).await;
        let empty = RuleChange::Save {
            id: None,
            form: Box::new(RuleForm {
                position: "99".into(),
                supplier: "nonsense".into(),
                ..RuleForm::default()
            }),
        };
        let Err(ServiceError::Invalid(e)) =
            classification::preview(db, Some(&w.national), &empty).await
        else {
            panic!("refused")
        };
        for field in ["name", "class", "supplier", "position"] {
            assert!(e.get(field).is_some(), "{field}: {e:?}");
        }
        let change = RuleChange::Save {
            id: None,
            form: managed_service_rule("").into(),
        };
        for who in [&w.kent, &w.essex] {
            assert!(matches!(
                classification::preview(db, Some(who), &change).await,
                Err(ServiceError::Forbidden)
            ));
            assert!(matches!(
                classification::save(db, Some(who), change.clone()).await,
                Err(ServiceError::Forbidden)
            ));
            assert!(matches!(
                dashboard::set_target(db, Some(who), "50", "2030").await,
                Err(ServiceError::Forbidden)
            ));
        }
        let Err(ServiceError::Invalid(e)) =
            dashboard::set_target(db, Some(&w.national), "150", "1999").await
        else {
            panic!("refused")
        };
        assert!(e.get("percent").is_some() && e.get("by_year").is_some());
        dashboard::set_target(db, Some(&w.analyst), "55", "2031")
            .await
            .unwrap();
        let t = dashboard::target(&db.conn).await.unwrap().unwrap();
        assert_eq!((t.percent, t.by_year), (55, 2031));
    });
}

#[tokio::test]
async fn a_force_sees_its_own_figures_beside_the_aggregates_and_overrides_its_own_lines() {
    on_each_backend!(|db| {
        let w = world(db).await;
        let kent = w.kent.org_id;
        let essex = w.essex.org_id;
        // Kent's dashboard starts at Kent, with its region and every force beside it.
        let d = dashboard::dashboard(db, Some(&w.kent), Filter::default())
            .await
            .unwrap();
        assert_eq!(d.filter.force, Some(kent));
        assert_eq!(d.comparison.len(), 3);
        assert!(
            d.ranking.is_empty(),
            "forces are ranked for the national body"
        );
        // Another force alone is not Kent's to see; aggregates are.
        let essex_filter = dashboard::read_query(&DashboardQuery {
            force: essex.to_string(),
            ..DashboardQuery::default()
        })
        .unwrap();
        assert!(matches!(
            dashboard::dashboard(db, Some(&w.kent), essex_filter.clone()).await,
            Err(ServiceError::Forbidden)
        ));
        dashboard::dashboard(db, Some(&w.national), essex_filter)
            .await
            .unwrap();
        let all = dashboard::read_query(&DashboardQuery {
            scope: "national".into(),
            ..DashboardQuery::default()
        })
        .unwrap();
        let national = dashboard::dashboard(db, Some(&w.kent), all).await.unwrap();
        assert_eq!(national.scope, "All forces");
        assert!(dashboard::read_query(&DashboardQuery {
            period: "fortnight".into(),
            ..DashboardQuery::default()
        })
        .is_err());
        assert!(matches!(
            lines::lines(db, Some(&w.kent), essex, None, 1).await,
            Err(ServiceError::Forbidden)
        ));

        // Kent's unclassified queue, largest first; it overrides two lines.
        let queue = lines::lines(db, Some(&w.kent), kent, Some(SpendClass::Unclassified), 1)
            .await
            .unwrap();
        assert!(queue.total >= 2 && queue.can_override);
        assert!(queue
            .rows
            .windows(2)
            .all(|p| p[0].amount_pence >= p[1].amount_pence));
        let ids: Vec<i32> = queue.rows.iter().take(2).map(|r| r.id).collect();
        let moved: i64 = queue.rows.iter().take(2).map(|r| r.amount_pence).sum();
        let before = dashboard::dashboard(db, Some(&w.kent), Filter::default())
            .await
            .unwrap();
        let legacy_before: i64 = before.yearly.iter().map(|p| p.legacy).sum();
        // A reason is needed, and only the force's own people may.
        assert!(matches!(
            lines::override_lines(db, Some(&w.kent), kent, &ids, Some(SpendClass::Legacy), " ")
                .await,
            Err(ServiceError::Invalid(_))
        ));
        for who in [&w.essex, &w.national] {
            assert!(matches!(
                lines::override_lines(db, Some(who), kent, &ids, Some(SpendClass::Legacy), "x")
                    .await,
                Err(ServiceError::Forbidden)
            ));
        }
        // Essex cannot slip Kent's lines into its own override.
        assert!(matches!(
            lines::override_lines(
                db,
                Some(&w.essex),
                essex,
                &ids,
                Some(SpendClass::Legacy),
                "x"
            )
            .await,
            Err(ServiceError::Invalid(_))
        ));
        let n = lines::override_lines(
            db,
            Some(&w.kent),
            kent,
            &ids,
            Some(SpendClass::Legacy),
            "Managed service for the legacy control room",
        )
        .await
        .unwrap();
        assert_eq!(n, 2);
        let after = dashboard::dashboard(db, Some(&w.kent), Filter::default())
            .await
            .unwrap();
        let legacy_after: i64 = after.yearly.iter().map(|p| p.legacy).sum();
        assert_eq!(legacy_after - legacy_before, moved);
        assert_rollups_equal_payments(db, "an override").await;
        let shown = lines::lines(db, Some(&w.kent), kent, Some(SpendClass::Legacy), 1)
            .await
            .unwrap();
        assert!(shown.total > 0);
        // Overrides outlive rule changes: a rule making those lines new leaves them alone.
        let change = RuleChange::Save {
            id: None,
            form: Box::new(RuleForm {
                name: "Everything managed is new".into(),
                class: "new".into(),
                description_words: "managed".into(),
                position: "1".into(),
                ..RuleForm::default()
            }),
        };
        classification::save(db, Some(&w.national), change)
            .await
            .unwrap();
        for id in &ids {
            let p = spend_payment::Entity::find_by_id(*id)
                .one(&db.conn)
                .await
                .unwrap()
                .unwrap();
            assert!(p.override_id.is_some());
            assert_eq!(class_of(db, &p).await, (None, SpendClass::Legacy));
        }
        assert_rollups_equal_payments(db, "a rule change after an override").await;
    });
}

/// Random sequences of every change that moves payments, the rollups checked after each.
#[tokio::test]
async fn the_rollups_equal_the_payments_after_any_sequence_of_changes() {
    on_each_backend!(|db| {
        let w = world(db).await;
        let kent = w.kent.org_id;
        for seed in 0..3u64 {
            let mut rng = rand::rngs::StdRng::seed_from_u64(seed);
            for step in 0..6 {
                let what = rng.gen_range(0..5);
                match what {
                    0 => {
                        // An import of Kent's file, run to its end.
                        let name = format!("kent-{seed}-{step}.csv");
                        let mut bytes = kent_file();
                        // Each file's payments differ, so none is a duplicate of another's.
                        bytes.extend_from_slice(
                            format!(
                                "07/04/2024,Acme Ltd,{}.00,Step {seed} {step},01/04/2024\r\n",
                                500 + step
                            )
                            .as_bytes(),
                        );
                        upload_and_confirm(
                            db,
                            &w.kent,
                            PublisherChoice::Force(kent),
                            &name,
                            &bytes,
                        )
                        .await;
                        job::run_queued(db, "w").await.unwrap();
                    }
                    1 => {
                        // Roll back the newest finished import.
                        let newest = spend_import::Entity::find()
                            .filter(spend_import::Column::State.eq("done"))
                            .order_by_desc(spend_import::Column::Id)
                            .one(&db.conn)
                            .await
                            .unwrap()
                            .unwrap();
                        service::roll_back(db, Some(&w.national), newest.id)
                            .await
                            .unwrap();
                    }
                    2 => {
                        // Override a few of Kent's largest unclassified payments.
                        let queue = lines::lines(
                            db,
                            Some(&w.kent),
                            kent,
                            Some(SpendClass::Unclassified),
                            1,
                        )
                        .await
                        .unwrap();
                        let take = rng.gen_range(1..4);
                        let ids: Vec<i32> = queue.rows.iter().take(take).map(|r| r.id).collect();
                        if !ids.is_empty() {
                            let class = if rng.gen_bool(0.5) {
                                SpendClass::Legacy
                            } else {
                                SpendClass::New
                            };
                            lines::override_lines(
                                db,
                                Some(&w.kent),
                                kent,
                                &ids,
                                Some(class),
                                "checked",
                            )
                            .await
                            .unwrap();
                        }
                    }
                    3 => {
                        // A rule: a random word of the generated descriptions, a random class.
                        let word = [
                            "support", "cloud", "licence", "hardware", "managed", "laptop",
                        ][rng.gen_range(0..6)];
                        let class = if rng.gen_bool(0.5) { "legacy" } else { "new" };
                        let count = spend_rule::Entity::find().count(&db.conn).await.unwrap();
                        let form = RuleForm {
                            name: format!("{word} {seed} {step}"),
                            class: class.into(),
                            description_words: word.into(),
                            position: rng.gen_range(1..=count + 1).to_string(),
                            ..RuleForm::default()
                        };
                        classification::save(
                            db,
                            Some(&w.national),
                            RuleChange::Save {
                                id: None,
                                form: Box::new(form),
                            },
                        )
                        .await
                        .unwrap();
                        assert_database_agrees_with_rust(db).await;
                    }
                    _ => {
                        // Merge two suppliers.
                        let suppliers = service::list_suppliers(db, Some(&w.national), "")
                            .await
                            .unwrap();
                        if suppliers.len() > 2 {
                            let a = suppliers[rng.gen_range(0..suppliers.len())].supplier.id;
                            let b = suppliers[rng.gen_range(0..suppliers.len())].supplier.id;
                            if a != b {
                                service::merge_suppliers(db, Some(&w.national), a, Some(b))
                                    .await
                                    .unwrap();
                            }
                        }
                    }
                }
                assert_rollups_equal_payments(db, &format!("seed {seed} step {step} ({what})"))
                    .await;
            }
        }
    });
}

#[tokio::test]
async fn an_opportunity_starts_a_shared_procurement_and_the_planner_finds_replacements() {
    on_each_backend!(|db| {
        let w = world(db).await;
        let o = opportunities::opportunities(db, Some(&w.national), None)
            .await
            .unwrap();
        assert!(!o.suppliers.is_empty() && !o.products.is_empty());
        assert!(o.suppliers.iter().all(|s| s.forces.len() >= 3));
        assert!(!o.can_start, "the national body does not lead procurements");
        // Kent sees the opportunities it is part of, and starts one.
        let k = opportunities::opportunities(db, Some(&w.kent), Some(o.year))
            .await
            .unwrap();
        assert!(k.can_start);
        let s = k
            .suppliers
            .iter()
            .find(|s| s.forces.iter().any(|f| f.force_id == w.kent.org_id))
            .unwrap();
        let id = opportunities::start_procurement(
            db,
            Some(&w.kent),
            StartFrom::Supplier {
                id: s.supplier_id,
                year: Some(o.year),
            },
        )
        .await
        .unwrap();
        let p = app::procurement::entity::procurement::Entity::find_by_id(id)
            .one(&db.conn)
            .await
            .unwrap()
            .unwrap();
        assert_eq!(p.lead_force_id, w.kent.org_id);
        assert!(p.title.contains(&s.supplier));
        let form: serde_json::Value = serde_json::from_str(&p.form).unwrap();
        let invited = form["invited"].as_str().unwrap();
        assert_eq!(invited.split(',').count(), s.forces.len() - 1);
        assert!(form["description"]
            .as_str()
            .unwrap()
            .contains(&s.forces[0].force));
        // A product opportunity too, and the national body cannot start one.
        let product = k.products.first().unwrap().product.clone();
        opportunities::start_procurement(db, Some(&w.kent), StartFrom::Product(product.clone()))
            .await
            .unwrap();
        assert!(opportunities::start_procurement(
            db,
            Some(&w.national),
            StartFrom::Product(product)
        )
        .await
        .is_err());
        // A year must be chosen for a supplier.
        assert!(matches!(
            opportunities::start_procurement(
                db,
                Some(&w.kent),
                StartFrom::Supplier {
                    id: s.supplier_id,
                    year: None
                }
            )
            .await,
            Err(ServiceError::Invalid(_))
        ));

        // Functions several forces paid for separately: each force's share is the money the
        // dashboard gives that force for that function in the year, and one starts a shared
        // procurement on the lot of the services that can replace it.
        assert!(o.functions.iter().all(|f| f.forces.len() >= 3));
        let f = o
            .functions
            .iter()
            .find(|f| f.forces.iter().any(|s| s.force_id == w.kent.org_id))
            .expect("the demo's rules give functions that Kent and others pay for");
        let kent_share = f
            .forces
            .iter()
            .find(|s| s.force_id == w.kent.org_id)
            .unwrap();
        let d = dashboard::dashboard(
            db,
            Some(&w.kent),
            Filter {
                force: Some(w.kent.org_id),
                year: Some(o.year),
                ..Filter::default()
            },
        )
        .await
        .unwrap();
        let (_, p) = d
            .functions
            .iter()
            .find(|(id, _)| *id == f.function_id)
            .unwrap();
        assert_eq!(p.total(), kent_share.pence);
        assert_eq!(
            f.total.pence(),
            f.forces.iter().map(|s| s.pence).sum::<i64>()
        );
        let id = opportunities::start_procurement(
            db,
            Some(&w.kent),
            StartFrom::Function {
                id: f.function_id,
                year: Some(o.year),
            },
        )
        .await
        .unwrap();
        let p = app::procurement::entity::procurement::Entity::find_by_id(id)
            .one(&db.conn)
            .await
            .unwrap()
            .unwrap();
        assert!(p.title.contains(&f.function), "{}", p.title);
        let form: serde_json::Value = serde_json::from_str(&p.form).unwrap();
        assert_eq!(
            form["invited"].as_str().unwrap().split(',').count(),
            f.forces.len() - 1
        );
        assert!(
            form["lot"].as_str().is_some_and(|l| !l.is_empty()),
            "the lot of the services that can replace {}: {form}",
            f.function
        );

        // The planner: Kent's systems reaching end of support, with what could replace them.
        let plan = opportunities::planner(db, Some(&w.national), None, None)
            .await
            .unwrap();
        assert!(!plan.groups.is_empty());
        assert!(plan.groups.iter().any(|g| !g.replacements.is_empty()));
        assert!(plan
            .groups
            .iter()
            .flat_map(|g| &g.rows)
            .all(|r| r.end_of_support.is_some_and(|d| d <= plan.until)));
        let mine = opportunities::planner(db, Some(&w.kent), None, None)
            .await
            .unwrap();
        assert!(mine
            .groups
            .iter()
            .flat_map(|g| &g.rows)
            .all(|r| r.force == "Kent Police"));
        assert!(matches!(
            opportunities::planner(db, Some(&w.kent), Some(w.essex.org_id), None).await,
            Err(ServiceError::Forbidden)
        ));
    });
}

#[tokio::test]
async fn a_rule_gives_a_function_and_the_dashboard_shows_new_technology_by_it() {
    on_each_backend!(|db| {
        let w = world(db).await;
        let functions = app::spend::service::functions(&db.conn).await.unwrap();
        let id_of = |name: &str| functions.iter().find(|(_, n)| n == name).unwrap().0;
        let (records, custody) = (id_of("Records management"), id_of("Custody"));
        let d = dashboard::dashboard(db, Some(&w.national), Filter::default())
            .await
            .unwrap();
        let row = |d: &dashboard::Dashboard, id: i32| {
            d.functions
                .iter()
                .find(|(f, _)| *f == id)
                .map(|(_, p)| p.clone())
                .unwrap_or_default()
        };
        let records_new = row(&d, records).new;
        assert!(records_new > 0, "{:?}", d.functions);
        // The function filter's figures for the year are that row's.
        let filtered = dashboard::dashboard(
            db,
            Some(&w.national),
            Filter {
                function: Some(records),
                year: Some(d.year),
                ..Filter::default()
            },
        )
        .await
        .unwrap();
        let year_point = filtered
            .yearly
            .iter()
            .find(|p| p.label == d.year_label())
            .unwrap();
        assert_eq!(year_point.new, records_new);
        assert_eq!(year_point.total(), row(&d, records).total());
        // One supplier's yearly figures: its row in the year's top suppliers.
        let (top, top_point) = d.suppliers[0].clone();
        let by_supplier = dashboard::dashboard(
            db,
            Some(&w.national),
            Filter {
                supplier: Some(top),
                year: Some(d.year),
                ..Filter::default()
            },
        )
        .await
        .unwrap();
        let supplier_year = by_supplier
            .yearly
            .iter()
            .find(|p| p.label == d.year_label())
            .unwrap();
        assert_eq!(supplier_year.total(), top_point.total());

        // Giving the rule another function moves no money between classes, but moves it
        // between functions, the rollups in step.
        let rule = spend_rule::Entity::find()
            .filter(spend_rule::Column::FunctionId.eq(records))
            .one(&db.conn)
            .await
            .unwrap()
            .unwrap();
        let (model, position) = classification::rule(db, Some(&w.national), rule.id)
            .await
            .unwrap();
        let mut form = RuleForm::of(&model, position);
        form.function = custody.to_string();
        let change = RuleChange::Save {
            id: Some(rule.id),
            form: form.into(),
        };
        let preview = classification::preview(db, Some(&w.national), &change)
            .await
            .unwrap();
        assert_eq!(preview.lines_moved(), 0);
        classification::save(db, Some(&w.national), change)
            .await
            .unwrap();
        let after = dashboard::dashboard(db, Some(&w.national), Filter::default())
            .await
            .unwrap();
        assert_eq!(row(&after, records).new, 0);
        assert_eq!(row(&after, custody).new, row(&d, custody).new + records_new);
        assert_rollups_equal_payments(db, "a rule's function changed").await;

        // A function that is not on the list is refused, on the form and in the filter.
        let mut form = RuleForm::of(&model, position);
        form.function = "999999".into();
        let refused = classification::preview(
            db,
            Some(&w.national),
            &RuleChange::Save {
                id: Some(rule.id),
                form: form.into(),
            },
        )
        .await;
        assert!(
            matches!(&refused, Err(ServiceError::Invalid(e)) if e.get("function").is_some()),
            "{refused:?}"
        );
        let refused = dashboard::dashboard(
            db,
            Some(&w.national),
            Filter {
                function: Some(999_999),
                ..Filter::default()
            },
        )
        .await;
        assert!(matches!(refused, Err(ServiceError::Invalid(_))));
    });
}

/// Saves a rule as the national body, first in the order.
async fn save_first(db: &Db, w: &World, form: RuleForm) -> i32 {
    let applied = classification::save(
        db,
        Some(&w.national),
        RuleChange::Save {
            id: None,
            form: Box::new(RuleForm {
                position: "1".into(),
                ..form
            }),
        },
    )
    .await
    .unwrap();
    applied.rule_id.unwrap()
}

/// The (force, supplier) pairs of the kinds a rule classifies.
async fn pairs_of_rule(db: &Db, rule: i32) -> std::collections::BTreeSet<(i32, i32)> {
    spend_kind::Entity::find()
        .filter(spend_kind::Column::RuleId.eq(rule))
        .all(&db.conn)
        .await
        .unwrap()
        .into_iter()
        .map(|k| (k.force_id, k.supplier_id))
        .collect()
}

/// The (force, supplier) pairs of every kind `keep` says yes to.
async fn pairs_where(
    db: &Db,
    keep: impl Fn(&spend_kind::Model) -> bool,
) -> std::collections::BTreeSet<(i32, i32)> {
    spend_kind::Entity::find()
        .all(&db.conn)
        .await
        .unwrap()
        .into_iter()
        .filter(|k| keep(k))
        .map(|k| (k.force_id, k.supplier_id))
        .collect()
}

/// The (force, supplier) pairs of every kind whose force holds a contract with its supplier.
async fn contract_pairs(db: &Db) -> std::collections::BTreeSet<(i32, i32)> {
    let contracts = contract::Entity::find().all(&db.conn).await.unwrap();
    let suppliers = spend_supplier::Entity::find().all(&db.conn).await.unwrap();
    let held: std::collections::BTreeSet<(i32, i32)> = contracts
        .iter()
        .flat_map(|c| {
            suppliers
                .iter()
                .filter(move |s| s.organisation_id == Some(c.supplier_id))
                .map(move |s| (c.force_id, s.id))
        })
        .collect();
    pairs_where(db, |k| held.contains(&(k.force_id, k.supplier_id))).await
}

#[tokio::test]
async fn rules_read_the_framework_lot_the_systems_register_and_the_contracts() {
    on_each_backend!(|db| {
        let w = world(db).await;

        // The Crown Commercial Service's G-Cloud return names each payment's framework lot.
        let page = classification::rules_page(db, Some(&w.national))
            .await
            .unwrap();
        let lot = page
            .lots
            .iter()
            .find(|l| l.starts_with("G-Cloud lot"))
            .unwrap_or_else(|| panic!("the G-Cloud rows' lots: {:?}", page.lots))
            .clone();
        // Any case; first in the order, it takes every payment of that lot.
        let rule = save_first(
            db,
            &w,
            RuleForm {
                name: "Bought on a G-Cloud lot".into(),
                class: "new".into(),
                lot: lot.to_uppercase(),
                ..RuleForm::default()
            },
        )
        .await;
        let of_lot = spend_payment::Entity::find()
            .filter(spend_payment::Column::Lot.eq(lot.clone()))
            .filter(spend_payment::Column::OverrideId.is_null())
            .all(&db.conn)
            .await
            .unwrap();
        assert!(!of_lot.is_empty());
        for p in &of_lot {
            assert_eq!(class_of(db, p).await, (Some(rule), SpendClass::New));
        }
        let saved = spend_rule::Entity::find_by_id(rule)
            .one(&db.conn)
            .await
            .unwrap()
            .unwrap();
        assert_eq!(saved.lot, lot, "kept as the payments spell it");
        assert_rollups_equal_payments(db, "a lot rule").await;

        // What the register says: payments to a supplier of a system the force's register
        // calls legacy, whatever the description.
        let rule = save_first(
            db,
            &w,
            RuleForm {
                name: "Suppliers of legacy systems".into(),
                class: "legacy".into(),
                system_status: "legacy".into(),
                ..RuleForm::default()
            },
        )
        .await;
        let systems = spend_system::Entity::find().all(&db.conn).await.unwrap();
        let suppliers = spend_supplier::Entity::find().all(&db.conn).await.unwrap();
        // A supplier's keys: its own and its spellings'.
        let mut keys: Vec<(String, i32)> =
            suppliers.iter().map(|s| (s.key.clone(), s.id)).collect();
        for n in spend_supplier_name::Entity::find()
            .all(&db.conn)
            .await
            .unwrap()
        {
            keys.push((supplier_key(&n.name), n.supplier_id));
        }
        let legacy_pairs: std::collections::BTreeSet<(i32, i32)> = systems
            .iter()
            .filter(|s| s.status == SystemStatus::Legacy)
            .flat_map(|s| {
                let key = supplier_key(&s.supplier);
                keys.iter()
                    .filter(move |(k, _)| *k == key)
                    .map(move |(_, id)| (s.force_id, *id))
            })
            .collect();
        let ruled = pairs_of_rule(db, rule).await;
        assert!(
            !ruled.is_empty(),
            "the demo pays suppliers of legacy systems"
        );
        assert_eq!(
            ruled,
            pairs_where(db, |k| legacy_pairs.contains(&(k.force_id, k.supplier_id))).await
        );
        assert_rollups_equal_payments(db, "a register rule").await;

        // Kent retires its legacy systems from the register: its payments leave the rule in
        // the same transaction, and the rollups follow.
        let kent = w.kent.org_id;
        assert!(ruled.iter().any(|(f, _)| *f == kent));
        for s in systems
            .iter()
            .filter(|s| s.force_id == kent && s.status == SystemStatus::Legacy)
        {
            service::delete_system(db, Some(&w.kent), s.id)
                .await
                .unwrap();
        }
        let after = pairs_of_rule(db, rule).await;
        assert!(after.iter().all(|(f, _)| *f != kent));
        assert_eq!(
            after,
            ruled.iter().filter(|(f, _)| *f != kent).copied().collect()
        );
        assert_rollups_equal_payments(db, "a register change").await;

        // A day that does not exist is refused.
        let form = RuleForm {
            name: "Support ends soon".into(),
            class: "legacy".into(),
            support_ends_before: "31/02/2027".into(),
            ..RuleForm::default()
        };
        let Err(ServiceError::Invalid(e)) = classification::preview(
            db,
            Some(&w.national),
            &RuleChange::Save {
                id: None,
                form: Box::new(form),
            },
        )
        .await
        else {
            panic!("31 February refused")
        };
        assert!(e.get("support_ends_before").is_some(), "{e:?}");

        // Contracts: the forces holding one with a supplier (the demo's shared procurement
        // awarded three).
        let rule = save_first(
            db,
            &w,
            RuleForm {
                name: "Bought on a contract".into(),
                class: "new".into(),
                on_contract: "yes".into(),
                ..RuleForm::default()
            },
        )
        .await;
        let contracts = contract::Entity::find().all(&db.conn).await.unwrap();
        assert!(
            pairs_of_rule(db, rule).await.is_empty(),
            "no demo force pays a supplier it holds a contract with"
        );
        // A catalogue supplier holding contracts, and a supplier paid by a force holding none
        // with it, made one: an import links a payee to the catalogue's supplier when it
        // first sees it; linking one already paid happens only here, so the forces holding
        // contracts with it are reclassified by hand.
        let org = contracts[0].supplier_id;
        let holders: Vec<i32> = contracts
            .iter()
            .filter(|c| c.supplier_id == org)
            .map(|c| c.force_id)
            .collect();
        let paid = spend_kind::Entity::find()
            .filter(spend_kind::Column::ForceId.is_not_in(holders.clone()))
            .filter(spend_kind::Column::ForceId.ne(0))
            .filter(spend_kind::Column::Lines.gt(0))
            .one(&db.conn)
            .await
            .unwrap()
            .unwrap();
        let (gainer, payee) = (paid.force_id, paid.supplier_id);
        spend_supplier::ActiveModel {
            id: Set(payee),
            organisation_id: Set(Some(org)),
            ..Default::default()
        }
        .update(&db.conn)
        .await
        .unwrap();
        for f in &holders {
            classification::links_changed(&db.conn, *f).await.unwrap();
        }
        let before = pairs_of_rule(db, rule).await;
        assert_eq!(before, contract_pairs(db).await);
        assert!(before.iter().all(|(f, _)| *f != gainer));
        // That force gains a contract with it, as an award or a direct award makes one: in
        // that transaction, `links_changed` reclassifies the force's payments.
        let txn = db.write().await.unwrap();
        contract::ActiveModel {
            force_id: Set(gainer),
            supplier_id: Set(org),
            title: Set("Support".into()),
            value_pence: Set(100_000),
            start_date: Set(chrono::NaiveDate::from_ymd_opt(2025, 4, 1).unwrap()),
            end_date: Set(chrono::NaiveDate::from_ymd_opt(2027, 3, 31).unwrap()),
            reference: Set("TEST-1".into()),
            source: Set(app::catalogue::types::ContractSource::DirectAward),
            created_by: Set(w.national.user_id),
            created_at: Set(chrono::Utc::now()),
            ..Default::default()
        }
        .insert(&*txn)
        .await
        .unwrap();
        assert!(classification::links_changed(&*txn, gainer).await.unwrap() > 0);
        txn.commit().await.unwrap();
        let after = pairs_of_rule(db, rule).await;
        assert!(after.contains(&(gainer, payee)));
        assert_eq!(after, contract_pairs(db).await);
        assert_rollups_equal_payments(db, "a contract rule").await;

        // A value no list offers is refused, field by field.
        let Err(ServiceError::Invalid(e)) = classification::preview(
            db,
            Some(&w.national),
            &RuleChange::Save {
                id: None,
                form: Box::new(RuleForm {
                    name: "Nonsense".into(),
                    class: "new".into(),
                    lot: "No such lot".into(),
                    system_status: "ancient".into(),
                    on_contract: "maybe".into(),
                    ..RuleForm::default()
                }),
            },
        )
        .await
        else {
            panic!("refused")
        };
        for field in ["lot", "system_status", "on_contract"] {
            assert!(e.get(field).is_some(), "{field}: {e:?}");
        }
    });
}

/// A payment as the dashboards count it (of a finished import, by a force), its class read
/// in Rust through its override or its kind.
struct Counted {
    force: i32,
    day: chrono::NaiveDate,
    pence: i64,
    class: SpendClass,
    supplier: i32,
}

async fn counted_payments(db: &Db) -> Vec<Counted> {
    use app::spend::types::ImportState;
    let done: std::collections::HashSet<i32> = spend_import::Entity::find()
        .filter(spend_import::Column::State.eq(ImportState::Done))
        .all(&db.conn)
        .await
        .unwrap()
        .into_iter()
        .map(|i| i.id)
        .collect();
    let kinds: std::collections::HashMap<i32, SpendClass> = spend_kind::Entity::find()
        .all(&db.conn)
        .await
        .unwrap()
        .into_iter()
        .map(|k| (k.id, k.class))
        .collect();
    let overrides: std::collections::HashMap<i32, SpendClass> = spend_override::Entity::find()
        .all(&db.conn)
        .await
        .unwrap()
        .into_iter()
        .map(|o| (o.id, o.class))
        .collect();
    spend_payment::Entity::find()
        .all(&db.conn)
        .await
        .unwrap()
        .into_iter()
        .filter(|p| done.contains(&p.import_id))
        .filter_map(|p| {
            let class = match p.override_id {
                Some(o) => overrides[&o],
                None => kinds[&p.kind_id.expect("a counted payment has a kind")],
            };
            Some(Counted {
                force: p.force_id?,
                day: p.paid_on,
                pence: p.amount_pence,
                class,
                supplier: p.supplier_id,
            })
        })
        .collect()
}

type Sums<K> = std::collections::BTreeMap<K, [i64; 3]>;

fn add_to<K: Ord>(sums: &mut Sums<K>, key: K, p: &Counted) {
    let at = match p.class {
        SpendClass::Legacy => 0,
        SpendClass::New => 1,
        _ => 2,
    };
    sums.entry(key).or_default()[at] += p.pence;
}

/// Which forces' payments a figure covers.
type Covers<'a> = &'a dyn Fn(i32) -> bool;

fn triple(p: &dashboard::Point) -> [i64; 3] {
    [p.legacy, p.new, p.unclassified]
}

#[tokio::test]
async fn the_dashboard_figures_are_the_payments_own_sums_nationally_in_a_region_and_for_a_force() {
    use app::identity::entity::organisation;
    use app::spend::classify::{financial_year, year_and_quarter};
    use chrono::Datelike;
    on_each_backend!(|db| {
        let w = world(db).await;
        let payments = counted_payments(db).await;
        assert!(payments.len() > 1000);
        let first_year = financial_year(db.now().date_naive()) - dashboard::YEARS_SHOWN + 1;
        let kent = w.kent.org_id;
        let region = organisation::Entity::find_by_id(kent)
            .one(&db.conn)
            .await
            .unwrap()
            .unwrap()
            .region
            .expect("Kent is in a region");
        let regional: Vec<i32> = organisation::Entity::find()
            .filter(organisation::Column::Region.eq(region.clone()))
            .all(&db.conn)
            .await
            .unwrap()
            .into_iter()
            .map(|o| o.id)
            .collect();
        assert!(regional.len() > 1 && regional.contains(&kent));
        let everyone = |_: i32| true;
        let in_region = |f: i32| regional.contains(&f);
        let only_kent = |f: i32| f == kent;
        let yearly = |covers: Covers<'_>| -> Vec<[i64; 3]> {
            let mut sums = Sums::new();
            for p in payments.iter().filter(|p| covers(p.force)) {
                let y = financial_year(p.day);
                if y >= first_year {
                    add_to(&mut sums, y, p);
                }
            }
            sums.into_values().collect()
        };
        let cases: [(&Viewer, &str, Covers<'_>); 3] = [
            (&w.national, "", &everyone),
            (&w.national, region.as_str(), &in_region),
            (&w.kent, "", &only_kent),
        ];
        for (who, region, covers) in cases {
            for period in ["year", "quarter", "month"] {
                let filter = dashboard::read_query(&DashboardQuery {
                    region: region.into(),
                    period: period.into(),
                    ..DashboardQuery::default()
                })
                .unwrap();
                let d = dashboard::dashboard(db, Some(who), filter).await.unwrap();
                let what = format!("{} by {period}", d.scope);
                assert_eq!(
                    d.yearly.iter().map(triple).collect::<Vec<_>>(),
                    yearly(covers),
                    "{what}: years"
                );
                // The series: the years, or the year's quarters or months.
                let mut sums = Sums::new();
                for p in payments.iter().filter(|p| covers(p.force)) {
                    let month = p.day.year() * 100 + p.day.month() as i32;
                    let (y, q) = year_and_quarter(month);
                    let key = match period {
                        "year" if y >= first_year => y,
                        "quarter" if y == d.year => q as i32,
                        "month" if y == d.year => month,
                        _ => continue,
                    };
                    add_to(&mut sums, key, p);
                }
                assert_eq!(
                    d.series.iter().map(triple).collect::<Vec<_>>(),
                    sums.into_values().collect::<Vec<_>>(),
                    "{what}: the series"
                );
                // The year's forces (for the national body) and suppliers.
                let in_year = || {
                    payments
                        .iter()
                        .filter(|p| covers(p.force) && financial_year(p.day) == d.year)
                };
                if who.is_national() {
                    let mut forces = Sums::new();
                    in_year().for_each(|p| add_to(&mut forces, p.force, p));
                    let ranked: Sums<i32> =
                        d.ranking.iter().map(|(f, p)| (*f, triple(p))).collect();
                    assert_eq!(ranked, forces, "{what}: the forces ranked");
                }
                let mut suppliers = Sums::new();
                in_year().for_each(|p| add_to(&mut suppliers, p.supplier, p));
                assert_eq!(d.supplier_choices.len(), suppliers.len(), "{what}");
                let mut largest: Vec<i64> = suppliers.values().map(|s| s.iter().sum()).collect();
                largest.sort_by(|a, b| b.cmp(a));
                largest.truncate(10);
                assert_eq!(
                    d.suppliers
                        .iter()
                        .map(|(_, p)| p.total())
                        .collect::<Vec<_>>(),
                    largest,
                    "{what}: the top suppliers"
                );
                for (id, p) in &d.suppliers {
                    assert_eq!(triple(p), suppliers[id], "{what}: supplier {id}");
                    assert!(!p.label.is_empty());
                }
                let year_total: i64 = in_year().map(|p| p.pence).sum();
                assert_eq!(d.on_contract + d.off_contract, year_total, "{what}");
            }
        }
        // Kent's comparison: Kent, its region, every force.
        let d = dashboard::dashboard(db, Some(&w.kent), Filter::default())
            .await
            .unwrap();
        let compared: Vec<Vec<[i64; 3]>> = d
            .comparison
            .iter()
            .map(|(_, points)| points.iter().map(triple).collect())
            .collect();
        assert_eq!(
            compared,
            vec![yearly(&only_kent), yearly(&in_region), yearly(&everyone)]
        );
    });
}
