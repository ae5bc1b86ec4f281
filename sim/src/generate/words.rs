//! Words for believable company and person names per language.

/// (first names, last names) of a country's people.
pub fn person_names(country: &str) -> (&'static [&'static str], &'static [&'static str]) {
    match country {
        "DE" | "AT" => (
            &[
                "Anna",
                "Lukas",
                "Sophie",
                "Jonas",
                "Marie",
                "Felix",
                "Laura",
                "Maximilian",
                "Lea",
                "Tobias",
                "Katharina",
                "Stefan",
            ],
            &[
                "Müller",
                "Schmidt",
                "Schneider",
                "Fischer",
                "Weber",
                "Meyer",
                "Wagner",
                "Becker",
                "Hoffmann",
                "Koch",
                "Richter",
                "Wolf",
            ],
        ),
        "CN" => (
            &[
                "Wei", "Fang", "Jing", "Lei", "Min", "Hao", "Xiu", "Yong", "Li", "Tao", "Yan", "Jun",
            ],
            &[
                "Wang", "Li", "Zhang", "Liu", "Chen", "Yang", "Huang", "Zhao", "Wu", "Zhou", "Xu", "Sun",
            ],
        ),
        "FR" => (
            &[
                "Camille", "Louis", "Chloé", "Hugo", "Léa", "Arthur", "Manon", "Jules", "Inès", "Théo",
            ],
            &[
                "Martin", "Bernard", "Dubois", "Thomas", "Robert", "Richard", "Petit", "Durand", "Leroy",
                "Moreau",
            ],
        ),
        "NL" => (
            &[
                "Daan", "Emma", "Sem", "Julia", "Lucas", "Tess", "Finn", "Sanne", "Bram", "Lotte",
            ],
            &[
                "de Jong",
                "Jansen",
                "de Vries",
                "van den Berg",
                "Bakker",
                "Visser",
                "Smit",
                "Meijer",
                "de Boer",
                "Mulder",
            ],
        ),
        _ => (
            &[
                "Olivia", "Liam", "Emma", "Noah", "Ava", "James", "Sophia", "Lucas", "Mia", "Ethan", "Grace",
                "Daniel", "Chloe", "Ryan", "Maya", "Owen",
            ],
            &[
                "Smith", "Johnson", "Williams", "Brown", "Garcia", "Miller", "Davis", "Martinez", "Anderson",
                "Taylor", "Thomas", "Moore", "Clark", "Lewis", "Walker", "Hall",
            ],
        ),
    }
}

/// (distinctive names, trades, legal forms) of a country's companies.
pub fn company_words(
    country: &str,
) -> (
    &'static [&'static str],
    &'static [&'static str],
    &'static [&'static str],
) {
    match country {
        "DE" | "AT" => (
            &[
                "Rheinland",
                "Alpen",
                "Nordsee",
                "Schwarzwald",
                "Hanse",
                "Isar",
                "Elbe",
                "Spree",
                "Bodensee",
                "Main",
                "Taunus",
                "Weser",
                "Harz",
                "Mosel",
                "Allgäu",
            ],
            &[
                "Maschinenbau",
                "Logistik",
                "Steuerberatung",
                "Bäckerei",
                "Elektrotechnik",
                "Immobilien",
                "Software",
                "Medizintechnik",
                "Handel",
                "Baustoffe",
                "Zahnarztpraxis",
                "Druckerei",
                "Brauerei",
                "Architekten",
                "Versicherungsmakler",
            ],
            if country == "AT" {
                &["GmbH", "GmbH", "AG", "KG"]
            } else {
                &["GmbH", "GmbH", "AG", "GmbH & Co. KG", "e.K."]
            },
        ),
        "CN" => (
            &[
                "Shanghai Jinghua",
                "Beijing Huaxin",
                "Shenzhen Tengyun",
                "Hangzhou Xinrui",
                "Guangzhou Hengtai",
                "Chengdu Tianfu",
                "Suzhou Ruida",
                "Nanjing Jinling",
                "Wuhan Changjiang",
                "Xiamen Haiyun",
                "Qingdao Haixin",
                "Tianjin Bohai",
            ],
            &[
                "Trading",
                "Technology",
                "Logistics",
                "Pharmaceutical",
                "Electronics",
                "Textile",
                "Food",
                "Network",
                "Education",
                "Machinery",
                "Environmental",
                "Software",
            ],
            &["Co., Ltd."],
        ),
        "FR" => (
            &[
                "Lumière",
                "Provence",
                "Bretagne",
                "Seine",
                "Alpine",
                "Azur",
                "Loire",
                "Champagne",
                "Normandie",
                "Gascogne",
            ],
            &[
                "Conseil",
                "Logistique",
                "Ingénierie",
                "Boulangerie",
                "Immobilier",
                "Transports",
                "Informatique",
                "Santé",
            ],
            &["SARL", "SAS", "SA"],
        ),
        "NL" => (
            &[
                "Noordzee",
                "Tulp",
                "Delta",
                "Polder",
                "Molen",
                "Grachten",
                "Zuiderzee",
                "Veluwe",
            ],
            &[
                "Logistiek",
                "Techniek",
                "Advies",
                "Bouw",
                "Software",
                "Handel",
                "Zorg",
            ],
            &["B.V.", "B.V.", "N.V."],
        ),
        _ => (
            &[
                "Blue Ridge",
                "Northwind",
                "Cascade",
                "Summit",
                "Harbor",
                "Prairie",
                "Redwood",
                "Silver Lake",
                "Lakeshore",
                "Granite",
                "Evergreen",
                "Ironwood",
                "Maple",
                "Bayview",
                "Copper Creek",
                "Westfield",
                "Pioneer",
                "Riverside",
                "Oakmont",
                "Highland",
            ],
            &[
                "Dental",
                "Logistics",
                "Engineering",
                "Bakery",
                "Legal",
                "Realty",
                "Outfitters",
                "Analytics",
                "Medical Group",
                "Construction",
                "Consulting",
                "Foods",
                "Motors",
                "Labs",
                "Insurance",
                "Architects",
                "Accounting",
                "Veterinary Clinic",
                "Printing",
                "Brewing",
            ],
            match country {
                "GB" => &["Ltd", "Ltd", "LLP", "plc"],
                "CA" => &["Inc.", "Ltd.", "Corp."],
                _ => &["Inc.", "LLC", "Co.", "Corp."],
            },
        ),
    }
}

/// Public-sector customers of the US Government cloud: (counties, departments, contractor names).
pub const GOVERNMENT: (&[&str], &[&str], &[&str]) = (
    &[
        "King",
        "Travis",
        "Cook",
        "Maricopa",
        "Hennepin",
        "Davidson",
        "Wake",
        "Franklin",
        "Salt Lake",
        "Dane",
        "Fairfax",
        "Multnomah",
    ],
    &[
        "Public Works",
        "Sheriff's Office",
        "Health Department",
        "Water District",
        "Transit Authority",
        "School District",
        "Courts",
        "Parks and Recreation",
    ],
    &[
        "Liberty",
        "Patriot",
        "Keystone",
        "Sentinel",
        "Potomac",
        "Frontier",
        "Constitution",
        "Ridgeline",
    ],
);

/// Titles of typical Partner Center service requests, with their support topic.
pub const SERVICE_REQUESTS: [(&str, &str, &str); 8] = [
    (
        "Cannot open customer's admin center from Partner Center",
        "moderate",
        "Partner Center Issues",
    ),
    (
        "Invoice shows duplicate licence charges",
        "moderate",
        "Billing and invoices",
    ),
    (
        "Customer creation fails with address validation error",
        "critical",
        "Cannot create a customer",
    ),
    (
        "Azure subscription stuck in pending provisioning",
        "critical",
        "Provisioning",
    ),
    (
        "MPN ID association rejected for indirect reseller",
        "minimal",
        "Cannot manage my profile",
    ),
    (
        "Need credit for cancelled Office 365 licences",
        "minimal",
        "Billing and invoices",
    ),
    (
        "Delegated admin access removed by customer",
        "moderate",
        "Partner Center Issues",
    ),
    (
        "Reconciliation file missing usage for last billing day",
        "moderate",
        "Billing and invoices",
    ),
];
