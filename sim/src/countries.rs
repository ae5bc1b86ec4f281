//! Address rules per market (UTIL-01): which fields are required and the formats of postal
//! codes and phone numbers. Address checks in CUST-01, CUST-09 and UTIL-02 use the same rules.

use regex::Regex;
use serde_json::{Value, json};
use std::collections::HashMap;
use std::sync::OnceLock;

/// The rules of one country.
pub struct CountryRules {
    pub iso2: &'static str,
    pub default_culture: &'static str,
    pub states: &'static [&'static str],
    pub postal_code: &'static str,
    pub phone: &'static str,
    pub languages: &'static [&'static str],
    pub cultures: &'static [&'static str],
    pub calling_code: &'static str,
    pub tax_id_format: &'static str,
    pub region: &'static str,
    pub agreement_region: &'static str,
}

const US_STATES: &[&str] = &[
    "AK", "AL", "AR", "AZ", "CA", "CO", "CT", "DC", "DE", "FL", "GA", "HI", "IA", "ID", "IL", "IN", "KS",
    "KY", "LA", "MA", "MD", "ME", "MI", "MN", "MO", "MS", "MT", "NC", "ND", "NE", "NH", "NJ", "NM", "NV",
    "NY", "OH", "OK", "OR", "PA", "RI", "SC", "SD", "TN", "TX", "UT", "VA", "VT", "WA", "WI", "WV", "WY",
];
const CA_PROVINCES: &[&str] = &[
    "AB", "BC", "MB", "NB", "NL", "NS", "NT", "NU", "ON", "PE", "QC", "SK", "YT",
];

/// Countries that require `organizationRegistrationNumber` and a phone number (contract CUST-01).
pub const REGISTRATION_NUMBER_COUNTRIES: [&str; 11] =
    ["AM", "AZ", "BY", "HU", "KZ", "KG", "MD", "RU", "TJ", "UZ", "UA"];

fn table() -> &'static [CountryRules] {
    const EU_PHONE: &str = r"^\+?[0-9 ()/-]{6,20}$";
    &[
        CountryRules {
            iso2: "US",
            default_culture: "en-US",
            states: US_STATES,
            postal_code: r"^\d{5}(-\d{4})?$",
            phone: r"^(1[\-\/\.]?)?(\((\d{3})\)|(\d{3}))[\-\/\.]?(\d{3})[\-\/\.]?(\d{4})$",
            languages: &["en", "es"],
            cultures: &["en-US", "es-US"],
            calling_code: "1",
            tax_id_format: "US######",
            region: "NorthAndLatinAmerica",
            agreement_region: "AOC",
        },
        CountryRules {
            iso2: "CA",
            default_culture: "en-CA",
            states: CA_PROVINCES,
            postal_code: r"^[A-Za-z]\d[A-Za-z] ?\d[A-Za-z]\d$",
            phone: r"^(1[\-\/\.]?)?(\((\d{3})\)|(\d{3}))[\-\/\.]?(\d{3})[\-\/\.]?(\d{4})$",
            languages: &["en", "fr"],
            cultures: &["en-CA", "fr-CA"],
            calling_code: "1",
            tax_id_format: "",
            region: "NorthAndLatinAmerica",
            agreement_region: "AOC",
        },
        CountryRules {
            iso2: "GB",
            default_culture: "en-GB",
            states: &[],
            postal_code: r"^[A-Za-z]{1,2}\d[A-Za-z\d]? ?\d[A-Za-z]{2}$",
            phone: EU_PHONE,
            languages: &["en"],
            cultures: &["en-GB"],
            calling_code: "44",
            tax_id_format: "GB#########",
            region: "Europe",
            agreement_region: "EMEA",
        },
        CountryRules {
            iso2: "DE",
            default_culture: "de-DE",
            states: &[],
            postal_code: r"^\d{5}$",
            phone: EU_PHONE,
            languages: &["de", "en"],
            cultures: &["de-DE", "en-GB"],
            calling_code: "49",
            tax_id_format: "DE#########",
            region: "Europe",
            agreement_region: "EMEA",
        },
        CountryRules {
            iso2: "AT",
            default_culture: "de-AT",
            states: &[],
            postal_code: r"^\d{4}$",
            phone: EU_PHONE,
            languages: &["de", "en"],
            cultures: &["de-AT", "en-GB"],
            calling_code: "43",
            tax_id_format: "ATU########",
            region: "Europe",
            agreement_region: "EMEA",
        },
        CountryRules {
            iso2: "FR",
            default_culture: "fr-FR",
            states: &[],
            postal_code: r"^\d{5}$",
            phone: EU_PHONE,
            languages: &["fr", "en"],
            cultures: &["fr-FR", "en-GB"],
            calling_code: "33",
            tax_id_format: "FR###########",
            region: "Europe",
            agreement_region: "EMEA",
        },
        CountryRules {
            iso2: "NL",
            default_culture: "nl-NL",
            states: &[],
            postal_code: r"^\d{4} ?[A-Za-z]{2}$",
            phone: EU_PHONE,
            languages: &["nl", "en"],
            cultures: &["nl-NL", "en-GB"],
            calling_code: "31",
            tax_id_format: "NL#########B##",
            region: "Europe",
            agreement_region: "EMEA",
        },
        CountryRules {
            iso2: "CN",
            default_culture: "zh-CN",
            states: &[],
            postal_code: r"^\d{6}$",
            phone: r"^\+?[0-9 -]{8,20}$",
            languages: &["zh", "en"],
            cultures: &["zh-CN", "en-US"],
            calling_code: "86",
            tax_id_format: "",
            region: "AsiaPacific",
            agreement_region: "APGC",
        },
    ]
}

/// The rules for `iso2`, if this simulator knows the country.
pub fn rules(iso2: &str) -> Option<&'static CountryRules> {
    table().iter().find(|rules| rules.iso2.eq_ignore_ascii_case(iso2))
}

fn compiled(pattern: &'static str) -> &'static Regex {
    static CACHE: OnceLock<std::sync::Mutex<HashMap<&'static str, &'static Regex>>> = OnceLock::new();
    let mut cache = CACHE
        .get_or_init(Default::default)
        .lock()
        .expect("regex cache lock");
    cache
        .entry(pattern)
        .or_insert_with(|| Box::leak(Box::new(Regex::new(pattern).expect("table regexes are valid"))))
}

impl CountryRules {
    pub fn state_required(&self) -> bool {
        !self.states.is_empty()
    }

    pub fn postal_code_ok(&self, postal_code: &str) -> bool {
        compiled(self.postal_code).is_match(postal_code.trim())
    }

    pub fn phone_ok(&self, phone: &str) -> bool {
        compiled(self.phone).is_match(phone.trim())
    }

    /// The UTIL-01 body.
    pub fn to_json(&self) -> Value {
        json!({
            "iso2Code": self.iso2,
            "defaultCulture": self.default_culture,
            "isStateRequired": self.state_required(),
            "states": { "value": self.states },
            "supportedLanguages": { "value": self.languages },
            "supportedCultures": { "value": self.cultures },
            "isPostalCodeRequired": true,
            "postalCodeRegex": self.postal_code,
            "isCityRequired": true,
            "isVatIdSupported": self.region == "Europe",
            "taxIdFormat": self.tax_id_format,
            "taxIdSample": self.tax_id_format.replace('#', "9"),
            "phoneNumberRegex": self.phone,
            "isRegistrationNumberSupported": false,
            "isTaxIdSupported": !self.tax_id_format.is_empty(),
            "resellerAgreementRegion": self.agreement_region,
            "geographicRegion": self.region,
            "countryCallingCodes": { "value": [self.calling_code] },
            "attributes": { "objectType": "CountryInformation" },
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn postal_codes_and_phones_follow_each_market() {
        let us = rules("us").unwrap();
        assert!(us.postal_code_ok("98052") && us.postal_code_ok("98052-1234") && !us.postal_code_ok("9805"));
        assert!(
            us.phone_ok("4255551212")
                && us.phone_ok("(425)555-1212")
                && !us.phone_ok("(425) 555-1212")
                && !us.phone_ok("12")
        );
        assert!(rules("DE").unwrap().postal_code_ok("10115"));
        assert!(rules("GB").unwrap().postal_code_ok("EC2A 4NE"));
        assert!(rules("CA").unwrap().postal_code_ok("M5H 2N2"));
        assert!(rules("ZZ").is_none());
    }
}
