//! The header's customer search (`/api/customers/search`): ranking (exact ids, then name and
//! domain prefixes, then fragments, then resellers, then typos), what a result carries, the
//! accounts a person may see, and bad text refused with a reason.

use crate::support::TestApp;
use crate::support::customers::{Customer, id};
use crate::support::roles::{Call, Demo, Needs};
use serde_json::Value;
use sqlx::PgPool;
use uuid::Uuid;

const CONTOSO: Uuid = id(0xA);
const NORTHWIND: Uuid = id(0xB);
const OLD_CONTOSO: Uuid = id(0xC);
const ADVENTURE: Uuid = id(0xD);
const CONTOSO_PHARMA: Uuid = id(0xE);
const TAILSPIN: Uuid = id(0xF);
const RESELLER: Uuid = id(0x5E11);
const TAILSPIN_SUBSCRIPTION: Uuid = id(0x5AB);

/// Six customers over the two accounts (Contoso Pharma alone on the second).
async fn customers(pool: &PgPool, demo: &Demo) {
    let (first, second) = (demo.accounts[0], demo.accounts[1]);
    let none: &[(Uuid, &str, Option<&str>)] = &[];
    let rows = [
        Customer {
            account: first,
            id: CONTOSO,
            name: "Contoso Ltd",
            domain: "contosoltd.onmicrosoft.com",
            other_domains: &["contoso.com"],
            reseller: None,
            subscriptions: &[
                (id(0xA1), "active", None),
                (id(0xA2), "active", None),
                (id(0xA3), "suspended", None),
            ],
        },
        Customer {
            account: first,
            id: NORTHWIND,
            name: "Northwind Traders",
            domain: "northwind.onmicrosoft.com",
            other_domains: &["shop.contoso-partners.net"],
            reseller: None,
            subscriptions: none,
        },
        Customer {
            account: first,
            id: OLD_CONTOSO,
            name: "Old Contoso Holdings",
            domain: "oldch.onmicrosoft.com",
            other_domains: &[],
            reseller: None,
            subscriptions: none,
        },
        Customer {
            account: first,
            id: ADVENTURE,
            name: "Adventure Works",
            domain: "adventureworks.onmicrosoft.com",
            other_domains: &[],
            reseller: Some(RESELLER),
            subscriptions: &[(id(0xD1), "active", Some("4567890"))],
        },
        Customer {
            account: second,
            id: CONTOSO_PHARMA,
            name: "Contoso Pharma",
            domain: "contosopharma.partner.onmschina.cn",
            other_domains: &[],
            reseller: None,
            subscriptions: none,
        },
        Customer {
            account: first,
            id: TAILSPIN,
            name: "Tailspin Toys (50%_off)",
            domain: "tailspin.onmicrosoft.com",
            other_domains: &[],
            reseller: None,
            subscriptions: &[(TAILSPIN_SUBSCRIPTION, "deleted", None)],
        },
    ];
    for row in &rows {
        row.insert(pool).await;
    }
}

async fn search(app: &TestApp, text: &str) -> (u16, Value) {
    let body = format!("q={}", urlencode(text));
    let (status, body) = Call::new("/api/customers/search", body, Needs::Nothing)
        .send(app)
        .await;
    (status, serde_json::from_str(&body).unwrap_or(Value::String(body)))
}

fn urlencode(text: &str) -> String {
    url::form_urlencoded::byte_serialize(text.as_bytes()).collect()
}

/// (customer id, why it matched) of each result, in order.
fn found(results: &Value) -> Vec<(Uuid, String)> {
    results
        .as_array()
        .unwrap_or_else(|| panic!("a list: {results}"))
        .iter()
        .map(|hit| {
            (
                hit["customer_id"].as_str().unwrap().parse().unwrap(),
                hit["matched"].as_str().unwrap().to_owned(),
            )
        })
        .collect()
}

fn ids(results: &Value) -> Vec<Uuid> {
    found(results).into_iter().map(|(id, _)| id).collect()
}

#[sqlx::test(migrations = "../migrations")]
async fn results_are_ranked_ids_then_prefixes_then_fragments_then_typos(pool: PgPool) {
    let mut app = TestApp::spawn(pool.clone()).await;
    let demo = Demo::set_up(&app, &pool).await;
    customers(&pool, &demo).await;
    app.sign_in("avery.admin").await;

    // Names that start with the text (the closer first), then names and domains containing it.
    let (status, results) = search(&app, "Contoso").await;
    assert_eq!(status, 200, "{results}");
    assert_eq!(
        found(&results),
        [
            (CONTOSO, "name_prefix".to_owned()),
            (CONTOSO_PHARMA, "name_prefix".to_owned()),
            (OLD_CONTOSO, "name".to_owned()),
            (NORTHWIND, "domain".to_owned()),
        ]
    );
    // A later word of a name (found by its start), and a fragment inside words (by trigrams).
    assert_eq!(
        found(&search(&app, "holdings").await.1),
        [(OLD_CONTOSO, "name".to_owned())]
    );
    let inside: Vec<Uuid> = ids(&search(&app, "ntoso").await.1);
    assert_eq!(inside, [CONTOSO, CONTOSO_PHARMA, OLD_CONTOSO, NORTHWIND]);
    // A domain, typed in capitals; the result names the domain that matched.
    let (_, results) = search(&app, "CONTOSO.COM").await;
    assert_eq!(found(&results), [(CONTOSO, "domain_prefix".to_owned())]);
    assert_eq!(results[0]["domain"], "contoso.com");
    // A fragment of a custom domain.
    let (_, results) = search(&app, "o-partn").await;
    assert_eq!(ids(&results), [NORTHWIND]);
    // A typo finds the names it is close to, and nothing unrelated.
    let (_, results) = search(&app, "contsoo").await;
    let typo = found(&results);
    assert!(typo.iter().all(|(_, why)| why == "similar_name"), "{typo:?}");
    assert_eq!(typo.first().map(|hit| hit.0), Some(CONTOSO), "{typo:?}");
    assert!(!ids(&results).contains(&NORTHWIND) && !ids(&results).contains(&TAILSPIN));
    // Exact ids: customer (tenant), subscription, indirect reseller, MPN id of record.
    let by_id = |text: String| {
        let app = &app;
        async move { found(&search(app, &text).await.1) }
    };
    assert_eq!(
        by_id(TAILSPIN.to_string()).await,
        [(TAILSPIN, "customer_id".to_owned())]
    );
    assert_eq!(
        by_id(TAILSPIN_SUBSCRIPTION.to_string().to_uppercase()).await,
        [(TAILSPIN, "subscription_id".to_owned())]
    );
    assert_eq!(
        by_id(RESELLER.to_string()).await,
        [(ADVENTURE, "reseller".to_owned())]
    );
    assert_eq!(
        by_id("4567890".to_owned()).await,
        [(ADVENTURE, "reseller".to_owned())]
    );
    // % and _ are literal text, not wildcards.
    assert_eq!(ids(&search(&app, "50%_off").await.1), [TAILSPIN]);
    assert!(ids(&search(&app, "c%o").await.1).is_empty());
}

#[sqlx::test(migrations = "../migrations")]
async fn typos_are_corrected_word_by_word_and_domains_follow_their_changes(pool: PgPool) {
    let mut app = TestApp::spawn(pool.clone()).await;
    let demo = Demo::set_up(&app, &pool).await;
    customers(&pool, &demo).await;
    app.sign_in("avery.admin").await;

    // Two letters swapped in one word of two: the other word and the order stay.
    let (_, results) = search(&app, "Nortwhind Traders").await;
    assert_eq!(found(&results), [(NORTHWIND, "similar_name".to_owned())]);
    // A corrected word is looked for in names only (Northwind's domain has "contoso" too).
    assert_eq!(
        ids(&search(&app, "kontoso").await.1),
        [CONTOSO, CONTOSO_PHARMA, OLD_CONTOSO]
    );
    // Too far from any word, or a word nobody's name has: nothing.
    assert!(ids(&search(&app, "qwertzuiop").await.1).is_empty());
    assert!(ids(&search(&app, "contoso zzzz").await.1).is_empty());
    // The words of a name on an account the person has no role on do not correct their typos.
    app.sign_in("sasha.sales").await; // the first account only: Contoso Pharma is on the second
    assert!(ids(&search(&app, "phrama").await.1).is_empty());
    app.sign_in("avery.admin").await;
    assert_eq!(ids(&search(&app, "phrama").await.1), [CONTOSO_PHARMA]);

    // A domain added or removed is found, or not, at once.
    sqlx::query(
        "INSERT INTO customer_domains (account_id, customer_id, domain, synced_at)
         VALUES ($1, $2, 'adatum.example', now())",
    )
    .bind(demo.accounts[0])
    .bind(TAILSPIN)
    .execute(&pool)
    .await
    .unwrap();
    assert_eq!(
        found(&search(&app, "datum.exa").await.1),
        [(TAILSPIN, "domain".to_owned())]
    );
    assert_eq!(search(&app, "datum.exa").await.1[0]["domain"], "adatum.example");
    sqlx::query("DELETE FROM customer_domains WHERE domain = 'contoso.com'")
        .execute(&pool)
        .await
        .unwrap();
    assert!(ids(&search(&app, "contoso.com").await.1).is_empty());
}

#[sqlx::test(migrations = "../migrations")]
async fn a_result_names_its_account_relationship_subscriptions_and_freshness(pool: PgPool) {
    let mut app = TestApp::spawn(pool.clone()).await;
    let demo = Demo::set_up(&app, &pool).await;
    customers(&pool, &demo).await;
    app.sign_in("avery.admin").await;

    let (_, results) = search(&app, "contoso ltd").await;
    let hit = &results[0];
    assert_eq!(hit["customer_id"], CONTOSO.to_string());
    assert_eq!(hit["account_id"], demo.accounts[0].to_string());
    assert!(!hit["account_name"].as_str().unwrap().is_empty());
    assert!(hit["cloud"].is_string());
    assert_eq!(hit["reseller"], Value::Null);
    assert_eq!(
        hit["subscriptions"],
        serde_json::json!([{"status": "active", "count": 2}, {"status": "suspended", "count": 1}])
    );
    let age = hit["synced"]["relative_seconds"].as_i64().unwrap();
    assert!((-200..=-170).contains(&age), "synced about 3 minutes ago: {age}");

    let (_, results) = search(&app, "adventure").await;
    assert_eq!(results[0]["reseller"], RESELLER.to_string());
}

#[sqlx::test(migrations = "../migrations")]
async fn a_person_finds_customers_only_on_accounts_they_have_a_role_on(pool: PgPool) {
    let mut app = TestApp::spawn(pool.clone()).await;
    let demo = Demo::set_up(&app, &pool).await;
    customers(&pool, &demo).await;

    app.sign_in("sasha.sales").await; // the first account only
    assert_eq!(
        ids(&search(&app, "contoso").await.1),
        [CONTOSO, OLD_CONTOSO, NORTHWIND]
    );
    app.sign_in("val.viewer").await; // the second account only
    assert_eq!(ids(&search(&app, "contoso").await.1), [CONTOSO_PHARMA]);
    assert!(ids(&search(&app, &TAILSPIN.to_string()).await.1).is_empty());
    app.sign_in("partner.admin").await; // no role anywhere
    assert_eq!(search(&app, "contoso").await.0, 403);
}

#[sqlx::test(migrations = "../migrations")]
async fn bad_search_text_is_refused_with_the_reason(pool: PgPool) {
    let mut app = TestApp::spawn(pool.clone()).await;
    Demo::set_up(&app, &pool).await;
    app.sign_in("harper.helpdesk").await;
    let long = "x".repeat(101);
    for (text, reason) in [
        ("", "at least 2 characters"),
        (" a ", "at least 2 characters"),
        (long.as_str(), "limited to 100 characters"),
        ("con\ttoso", "control characters"),
        ("line\nbreak", "control characters"),
    ] {
        let (status, body) = search(&app, text).await;
        assert_eq!(status, 422, "{text:?}: {body}");
        assert!(body.to_string().contains(reason), "{text:?}: {body}");
    }
}
