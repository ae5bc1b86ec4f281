//! Company and person names, and the domains derived from them.

use super::words::{GOVERNMENT, company_words, person_names};
use crate::cloud::Cloud;
use crate::dice::Dice;
use std::collections::HashSet;

/// Lower-case ASCII letters and digits of `text`, with German and French letters spelled out.
pub fn slug(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for character in text.chars().flat_map(char::to_lowercase) {
        match character {
            'ä' => out.push_str("ae"),
            'ö' => out.push_str("oe"),
            'ü' => out.push_str("ue"),
            'ß' => out.push_str("ss"),
            'é' | 'è' | 'ê' => out.push('e'),
            'à' | 'â' => out.push('a'),
            'ç' => out.push('c'),
            'ô' => out.push('o'),
            c if c.is_ascii_alphanumeric() => out.push(c),
            _ => {}
        }
    }
    out
}

/// Hands out company names and domains that are unique within one account.
pub struct Namer {
    names: HashSet<String>,
    domains: HashSet<String>,
}

impl Namer {
    pub fn new() -> Namer {
        Namer {
            names: HashSet::new(),
            domains: HashSet::new(),
        }
    }

    /// A company name for a customer in `country` of a `cloud` partner; `city` breaks ties.
    pub fn company(&mut self, dice: &mut Dice, cloud: Cloud, country: &str, city: &str) -> String {
        let base = if cloud == Cloud::UsGov {
            government_name(dice, city)
        } else {
            commercial_name(dice, country)
        };
        let mut name = base.clone();
        let mut attempt = 1;
        while !self.names.insert(name.clone()) {
            attempt += 1;
            name = if attempt == 2 {
                format!("{base} ({city})")
            } else {
                format!("{base} ({city} {attempt})")
            };
        }
        name
    }

    /// A free initial domain for `company`: `{slug}.{suffix}`.
    pub fn domain(&mut self, company: &str, suffix: &str) -> String {
        let words: Vec<String> = company.split_whitespace().take(2).map(slug).collect();
        let mut stem: String = words.concat();
        stem.truncate(24);
        let mut domain = format!("{stem}.{suffix}");
        let mut counter = 1;
        while !self.domains.insert(domain.clone()) {
            counter += 1;
            domain = format!("{stem}{counter}.{suffix}");
        }
        domain
    }
}

fn commercial_name(dice: &mut Dice, country: &str) -> String {
    let (names, trades, forms) = company_words(country);
    format!("{} {} {}", dice.pick(names), dice.pick(trades), dice.pick(forms))
}

fn government_name(dice: &mut Dice, city: &str) -> String {
    let (counties, departments, contractors) = GOVERNMENT;
    match dice.range(0, 3) {
        0 => format!("City of {city}"),
        1 => format!("{} County {}", dice.pick(counties), dice.pick(departments)),
        _ => format!("{} Federal Solutions LLC", dice.pick(contractors)),
    }
}

/// A person of `country`: (first name, last name).
pub fn person(dice: &mut Dice, country: &str) -> (&'static str, &'static str) {
    let (first, last) = person_names(country);
    (
        *dice.pick::<&'static str>(first),
        *dice.pick::<&'static str>(last),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn slugs_spell_out_umlauts_and_drop_punctuation() {
        assert_eq!(slug("Müller & Söhne GmbH"), "muellersoehnegmbh");
        assert_eq!(slug("Co., Ltd."), "coltd");
    }

    #[test]
    fn names_and_domains_never_repeat_within_an_account() {
        let mut dice = Dice::new(1, "test", 0);
        let mut namer = Namer::new();
        let mut seen = HashSet::new();
        for _ in 0..2000 {
            let name = namer.company(&mut dice, Cloud::Global, "US", "Denver");
            assert!(seen.insert(name.clone()), "{name} repeated");
            namer.domain(&name, "onmicrosoft.com");
        }
        assert_eq!(namer.domains.len(), 2000);
    }
}
