//! What everyone reads: a service (410 with a notice once withdrawn or suspended) and a
//! supplier's published services.

use crate::access::{can, CatalogueAction};
use crate::catalogue::pages::service::{GonePage, ServicePage};
use crate::catalogue::pages::supplier::SupplierCataloguePage;
use crate::catalogue::service::{self, load};
use crate::error::ServiceError;
use crate::validation::FieldErrors;
use crate::web::{Ctx, PageResult};
use axum::extract::Path;
use axum::http::StatusCode;
use leptos::prelude::*;

pub async fn service_page(ctx: Ctx, Path(id): Path<i32>) -> PageResult {
    match service::public_service(ctx.db(), ctx.viewer(), id).await {
        Ok(detail) => {
            let manage = can(
                ctx.viewer(),
                CatalogueAction::ViewServiceRecords {
                    org_id: detail.supplier_id,
                },
            )
            .then(|| format!("/services/{id}/manage"));
            let lot = load::find_lot(&ctx.db().conn, detail.lot.lot.id).await?;
            let choices = load::choices(&ctx.db().conn, &lot).await?;
            let title = detail.name();
            let compared = ctx.compare_basket().await.contains(&id);
            Ok(ctx
                .page(
                    &title,
                    view! { <ServicePage detail=detail choices=choices manage=manage compared=compared /> },
                )
                .await)
        }
        Err(ServiceError::Gone(notice)) => {
            let supplier = load::find_service(&ctx.db().conn, id).await?.supplier_id;
            let manage = can(
                ctx.viewer(),
                CatalogueAction::ViewServiceRecords { org_id: supplier },
            )
            .then(|| format!("/services/{id}/manage"));
            Ok(ctx
                .page_with_status(
                    StatusCode::GONE,
                    "This service is no longer available",
                    view! { <GonePage notice=notice manage=manage /> },
                )
                .await)
        }
        Err(e) => Err(e.into()),
    }
}

pub(super) async fn supplier_with(
    ctx: &Ctx,
    id: i32,
    errors: FieldErrors,
    problem: Option<String>,
) -> PageResult {
    let (org, services) = service::supplier_page(ctx.db(), ctx.viewer(), id).await?;
    let can_suspend = can(ctx.viewer(), CatalogueAction::SuspendServices);
    let size = org.supplier_size.map(|s| s.label().to_string());
    let title = org.name.clone();
    let invalid = !errors.is_empty() || problem.is_some();
    let body = view! {
        <SupplierCataloguePage
            name=org.name
            size=size
            supplier_id=id
            services=services
            can_suspend=can_suspend
            errors=errors
            problem=problem
        />
    };
    Ok(ctx.form_page(invalid, &title, body).await)
}

pub async fn supplier(ctx: Ctx, Path(id): Path<i32>) -> PageResult {
    supplier_with(&ctx, id, FieldErrors::new(), None).await
}
