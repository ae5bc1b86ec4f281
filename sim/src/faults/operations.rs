//! Names each Partner Center request by its contract operation id (`CUST-03`, `SUB-06`, …),
//! for counters, throttling families and scheduled faults.

use axum::http::Method;

/// The operation id of `method path?query` (path after `/pc/{host}/v1`), or `UNKNOWN`.
/// PATCH variants (SUB-05/06/07, USR-04/07/08) are refined by the handler once the body is read.
pub fn classify(method: &Method, path: &str, query: Option<&str>) -> &'static str {
    let query = query.unwrap_or("").to_ascii_lowercase();
    let has = |name: &str| query.split('&').any(|pair| pair.split('=').next() == Some(name));
    let segments: Vec<String> = path
        .trim_matches('/')
        .split('/')
        .map(str::to_ascii_lowercase)
        .collect();
    let segments: Vec<&str> = segments.iter().map(String::as_str).collect();
    let get = method == Method::GET;
    let post = method == Method::POST;
    let patch = method == Method::PATCH;
    match segments.as_slice() {
        ["customers"] if post => "CUST-01",
        ["customers"] if get && has("filter") => "CUST-04",
        ["customers"] if get => "CUST-03",
        ["customers", "relationshiprequests"] => "CUST-06",
        ["customers", "usagerecords"] => "USE-06",
        ["customers", _] if get => "CUST-02",
        ["customers", _] if method == Method::DELETE => "CUST-05",
        ["customers", _, "profiles", "company"] => "CUST-07",
        ["customers", _, "profiles", "billing"] if get => "CUST-08",
        ["customers", _, "profiles", "billing"] if method == Method::PUT => "CUST-09",
        ["customers", _, "managedservices"] => "CUST-10",
        ["customers", _, "orders"] if post => "ORD-01",
        ["customers", _, "orders"] if get => "ORD-03",
        ["customers", _, "orders", _] => "ORD-04",
        ["customers", _, "subscriptions"] if has("orderid") || has("order_id") => "SUB-03",
        ["customers", _, "subscriptions"] if has("mpnid") || has("mpn_id") => "SUB-04",
        ["customers", _, "subscriptions"] => "SUB-01",
        ["customers", _, "subscriptions", "usagerecords"] => "USE-05",
        ["customers", _, "subscriptions", _] if get => "SUB-02",
        ["customers", _, "subscriptions", _] if patch => "SUB-05",
        ["customers", _, "subscriptions", _, "provisioningstatus"] => "SUB-08",
        ["customers", _, "subscriptions", _, "utilizations", "azure"] => "USE-01",
        ["customers", _, "subscriptions", _, "usagerecords", "resources"] => "USE-02",
        ["customers", _, "subscriptions", _, "usagesummary"] => "USE-04",
        ["customers", _, "users"] if post => "USR-01",
        ["customers", _, "users"] if get && has("filter") => "USR-06",
        ["customers", _, "users"] => "USR-02",
        ["customers", _, "users", _] if get => "USR-03",
        ["customers", _, "users", _] if patch => "USR-04",
        ["customers", _, "users", _] if method == Method::DELETE => "USR-05",
        ["customers", _, "usagesummary"] => "USE-03",
        ["customers", _, "usagebudget"] if patch => "BUD-02",
        ["customers", _, "usagebudget"] => "BUD-01",
        ["customers", _, "servicerequests"] => "SUP-06",
        ["countryvalidationrules", _] => "UTIL-01",
        ["validations", "address"] => "UTIL-02",
        ["domains", _] => "UTIL-03",
        ["offers"] => "OFFR-02",
        ["offers", _] => "OFFR-01",
        ["invoices"] => "INV-02",
        ["invoices", "summary"] => "INV-04",
        ["invoices", _] => "INV-01",
        ["invoices", _, "lineitems", ..] => "INV-03",
        ["servicerequests", "supporttopics"] => "SUP-01",
        ["servicerequests"] => "SUP-03",
        ["servicerequests", _] if post => "SUP-02",
        ["servicerequests", _] if patch => "SUP-05",
        ["servicerequests", _] => "SUP-04",
        ["ratecards", "azure"] => "PRICE-01",
        ["auditrecords"] => "AUD-01",
        ["relationships"] => "PRT-10",
        _ => "UNKNOWN",
    }
}

/// The throttling family of an operation: customers, subscriptions and orders are the
/// documented ones (500/min per tenant); the rest get their own buckets.
pub fn family(operation: &str) -> &'static str {
    match operation.split('-').next().unwrap_or("") {
        "CUST" | "UTIL" => "customers",
        "SUB" => "subscriptions",
        "ORD" => "orders",
        "USR" | "ROLE" => "users",
        "USE" | "BUD" | "PRICE" => "usage",
        "INV" | "COST" => "invoices",
        "SUP" => "support",
        "AUD" => "audit",
        "OFFR" => "offers",
        "PRT" => "profiles",
        _ => "other",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn requests_are_named_by_their_contract_operation() {
        let id = "4d3cf487-70f4-4e1e-9ff1-b2bfce8d9f04";
        let cases = [
            (Method::POST, "/customers".to_owned(), None, "CUST-01"),
            (Method::GET, "/customers".to_owned(), Some("size=40"), "CUST-03"),
            (
                Method::GET,
                "/customers".to_owned(),
                Some("size=0&filter=%7B%7D"),
                "CUST-04",
            ),
            (Method::GET, format!("/customers/{id}"), None, "CUST-02"),
            (
                Method::PATCH,
                format!("/customers/{id}/subscriptions/{id}"),
                None,
                "SUB-05",
            ),
            (
                Method::GET,
                format!("/customers/{id}/subscriptions"),
                Some("order_id=x"),
                "SUB-03",
            ),
            (
                Method::GET,
                format!("/customers/{id}/subscriptions/{id}/utilizations/azure"),
                None,
                "USE-01",
            ),
            (
                Method::HEAD,
                "/domains/contoso.onmicrosoft.com".to_owned(),
                None,
                "UTIL-03",
            ),
            (
                Method::GET,
                "/invoices/D070002EGD/lineitems/Office/BillingLineItems".to_owned(),
                None,
                "INV-03",
            ),
            (Method::POST, "/servicerequests/en-US".to_owned(), None, "SUP-02"),
            (Method::GET, "/nothing/here".to_owned(), None, "UNKNOWN"),
        ];
        for (method, path, query, expected) in cases {
            assert_eq!(classify(&method, &path, query), expected, "{method} {path}");
        }
        assert_eq!(family("SUB-06"), "subscriptions");
        assert_eq!(family("CUST-03"), "customers");
    }
}
