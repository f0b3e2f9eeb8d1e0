//! The REST API's OpenAPI document: OpenAPI 3.1, every route in it (and each one answered),
//! and the documented shapes the same as the real answers' (the schema-only mirrors of the
//! pages' types cannot drift unnoticed).

use app::seed::demo as seed_demo;
use axum::http::StatusCode;
use bluelamp_tests::{on_each_backend, Client};
use serde_json::Value;
use std::collections::BTreeSet;

/// Every /api/v1 route, written out by hand: (method, path as documented).
const ROUTES: &[(&str, &str)] = &[
    ("post", "/sign-in"),
    ("post", "/sign-out"),
    ("get", "/me"),
    ("get", "/services"),
    ("get", "/services/{id}"),
    ("get", "/suppliers"),
    ("get", "/frameworks"),
    ("get", "/admin/suppliers"),
    ("post", "/suppliers/{id}/decision"),
    ("get", "/audit-events"),
    ("get", "/procurements/{id}"),
    ("get", "/opportunities"),
    ("get", "/ocds/releases"),
    ("get", "/ocds/{ocid}"),
    ("get", "/ocds/{ocid}/record"),
    ("get", "/openapi.json"),
];

fn keys(v: &Value) -> BTreeSet<String> {
    v.as_object()
        .unwrap_or_else(|| panic!("an object: {v}"))
        .keys()
        .cloned()
        .collect()
}

fn schema_keys(doc: &Value, name: &str) -> BTreeSet<String> {
    keys(&doc["components"]["schemas"][name]["properties"])
}

#[tokio::test]
async fn the_openapi_document_covers_every_route_and_matches_the_answers() {
    on_each_backend!(|db| {
        seed_demo(db).await.unwrap();
        let mut anon = Client::new(db);
        let r = anon.get("/api/v1/openapi.json").await;
        assert_eq!(r.status, StatusCode::OK);
        assert!(r.headers["content-type"]
            .to_str()
            .unwrap()
            .starts_with("application/json"));
        let doc: Value = serde_json::from_str(&r.body).unwrap();
        assert!(
            doc["openapi"].as_str().unwrap().starts_with("3.1"),
            "{}",
            doc["openapi"]
        );
        assert_eq!(doc["servers"][0]["url"], "/api/v1");

        // Exactly the routes, each with its method, a summary and its responses.
        let documented: BTreeSet<(String, String)> = doc["paths"]
            .as_object()
            .unwrap()
            .iter()
            .flat_map(|(path, ops)| {
                ops.as_object()
                    .unwrap()
                    .keys()
                    .filter(|m| ["get", "post", "put", "patch", "delete"].contains(&m.as_str()))
                    .map(move |m| (m.clone(), path.clone()))
            })
            .collect();
        let expected: BTreeSet<(String, String)> = ROUTES
            .iter()
            .map(|(m, p)| (m.to_string(), p.to_string()))
            .collect();
        assert_eq!(documented, expected);
        for (m, p) in ROUTES {
            let op = &doc["paths"][p][m];
            assert!(
                op["responses"].as_object().is_some_and(|r| !r.is_empty()),
                "{m} {p}"
            );
            assert!(
                op["tags"].as_array().is_some_and(|t| !t.is_empty()),
                "{m} {p}"
            );
        }

        // Each documented route is served (not the API's "no such route" answer).
        let search: Value =
            serde_json::from_str(&anon.get("/api/v1/services?q=evidence").await.body).unwrap();
        let service_id = search["services"][0]["id"].as_i64().unwrap().to_string();
        let mut admin = Client::signed_in(db, "admin@npto.example").await;
        let ocid = {
            use sea_orm::EntityTrait;
            app::procurement::entity::ocds_release::Entity::find()
                .one(&db.conn)
                .await
                .unwrap()
                .expect("the demo's releases")
                .ocid
        };
        for (m, p) in ROUTES {
            let path = format!(
                "/api/v1{}",
                p.replace("{id}", &service_id).replace("{ocid}", &ocid)
            );
            let r = if *m == "get" {
                admin.fresh().get(&path).await
            } else {
                admin.fresh().post_json(&path, serde_json::json!({})).await
            };
            assert_ne!(r.status, StatusCode::METHOD_NOT_ALLOWED, "{m} {path}");
            assert!(
                !(r.status == StatusCode::NOT_FOUND
                    && r.body.contains("\"not found\"")
                    && *p != "/services/{id}"),
                "{m} {path} is not served"
            );
        }

        // The documented shapes are the answers' shapes.
        assert_eq!(keys(&search), schema_keys(&doc, "ApiSearch"));
        assert_eq!(
            keys(&search["services"][0]),
            schema_keys(&doc, "ApiServiceSummary")
        );
        assert_eq!(keys(&search["facets"][0]), schema_keys(&doc, "ApiFacet"));
        let one: Value = serde_json::from_str(
            &anon
                .get(&format!("/api/v1/services/{service_id}"))
                .await
                .body,
        )
        .unwrap();
        assert_eq!(keys(&one), schema_keys(&doc, "ApiService"));
        let frameworks: Value =
            serde_json::from_str(&anon.get("/api/v1/frameworks").await.body).unwrap();
        assert_eq!(keys(&frameworks[0]), schema_keys(&doc, "FrameworkBody"));
        let suppliers: Value =
            serde_json::from_str(&anon.get("/api/v1/suppliers").await.body).unwrap();
        assert_eq!(keys(&suppliers[0]), schema_keys(&doc, "SupplierBody"));
        let me: Value = serde_json::from_str(&admin.get("/api/v1/me").await.body).unwrap();
        assert_eq!(keys(&me), schema_keys(&doc, "PersonBody"));
        let orgs: Value =
            serde_json::from_str(&admin.get("/api/v1/admin/suppliers").await.body).unwrap();
        assert_eq!(keys(&orgs[0]), schema_keys(&doc, "OrganisationBody"));
        let audit: Value =
            serde_json::from_str(&admin.get("/api/v1/audit-events").await.body).unwrap();
        assert_eq!(keys(&audit), schema_keys(&doc, "AuditPageBody"));
        assert_eq!(keys(&audit["rows"][0]), schema_keys(&doc, "AuditEventBody"));
        let published = {
            use app::procurement::entity::procurement;
            use sea_orm::{ColumnTrait, EntityTrait, QueryFilter};
            procurement::Entity::find()
                .filter(procurement::Column::Title.eq("Custody record system for the South East"))
                .one(&db.conn)
                .await
                .unwrap()
                .unwrap()
                .id
        };
        let p: Value = serde_json::from_str(
            &admin
                .get(&format!("/api/v1/procurements/{published}"))
                .await
                .body,
        )
        .unwrap();
        assert_eq!(keys(&p), schema_keys(&doc, "ApiProcurement"));
        assert_eq!(keys(&p["demand"][0]), schema_keys(&doc, "ApiDemand"));
        let mut cobalt = Client::signed_in(db, "admin@cobalt-records-systems.example").await;
        let opps: Value =
            serde_json::from_str(&cobalt.get("/api/v1/opportunities").await.body).unwrap();
        assert_eq!(keys(&opps[0]), schema_keys(&doc, "ApiOpportunity"));
        let bad: Value =
            serde_json::from_str(&anon.get("/api/v1/services?page=0").await.body).unwrap();
        assert!(keys(&bad).is_subset(&schema_keys(&doc, "ErrorBody")));
    });
}
