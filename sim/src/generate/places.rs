//! Real cities with their region, a postal code and the phone area code, per country, and the
//! street names and formats of each country, so generated addresses pass UTIL-01's rules.

/// A city a customer can be in: (city, state or region, postal code, area code).
pub type Place = (&'static str, Option<&'static str>, &'static str, &'static str);

pub fn places(country: &str) -> &'static [Place] {
    match country {
        "US" => &[
            ("Seattle", Some("WA"), "98101", "206"),
            ("Denver", Some("CO"), "80202", "303"),
            ("Austin", Some("TX"), "78701", "512"),
            ("Chicago", Some("IL"), "60601", "312"),
            ("Boston", Some("MA"), "02108", "617"),
            ("Atlanta", Some("GA"), "30303", "404"),
            ("Portland", Some("OR"), "97204", "503"),
            ("Phoenix", Some("AZ"), "85004", "602"),
            ("Minneapolis", Some("MN"), "55401", "612"),
            ("Nashville", Some("TN"), "37203", "615"),
            ("Raleigh", Some("NC"), "27601", "919"),
            ("San Diego", Some("CA"), "92101", "619"),
            ("Columbus", Some("OH"), "43215", "614"),
            ("Salt Lake City", Some("UT"), "84111", "801"),
            ("Richmond", Some("VA"), "23219", "804"),
            ("Madison", Some("WI"), "53703", "608"),
        ],
        "CA" => &[
            ("Toronto", Some("ON"), "M5H 2N2", "416"),
            ("Vancouver", Some("BC"), "V6B 1A1", "604"),
            ("Montréal", Some("QC"), "H2Y 1C6", "514"),
            ("Calgary", Some("AB"), "T2P 1J9", "403"),
            ("Ottawa", Some("ON"), "K1P 1J1", "613"),
            ("Halifax", Some("NS"), "B3J 1S9", "902"),
        ],
        "GB" => &[
            ("London", None, "EC2A 4NE", "20"),
            ("Manchester", None, "M1 1AD", "161"),
            ("Birmingham", None, "B1 1BB", "121"),
            ("Leeds", None, "LS1 4AP", "113"),
            ("Bristol", None, "BS1 4DJ", "117"),
            ("Edinburgh", None, "EH1 1YZ", "131"),
            ("Glasgow", None, "G1 1XQ", "141"),
            ("Cardiff", None, "CF10 1EP", "29"),
        ],
        "DE" => &[
            ("Berlin", None, "10115", "30"),
            ("München", None, "80331", "89"),
            ("Hamburg", None, "20095", "40"),
            ("Köln", None, "50667", "221"),
            ("Frankfurt am Main", None, "60311", "69"),
            ("Stuttgart", None, "70173", "711"),
            ("Düsseldorf", None, "40213", "211"),
            ("Leipzig", None, "04109", "341"),
            ("Nürnberg", None, "90402", "911"),
            ("Bremen", None, "28195", "421"),
        ],
        "AT" => &[
            ("Wien", None, "1010", "1"),
            ("Graz", None, "8010", "316"),
            ("Linz", None, "4020", "732"),
            ("Salzburg", None, "5020", "662"),
            ("Innsbruck", None, "6020", "512"),
        ],
        "CN" => &[
            ("Shanghai", Some("Shanghai"), "200001", "21"),
            ("Beijing", Some("Beijing"), "100010", "10"),
            ("Shenzhen", Some("Guangdong"), "518000", "755"),
            ("Guangzhou", Some("Guangdong"), "510030", "20"),
            ("Hangzhou", Some("Zhejiang"), "310002", "571"),
            ("Chengdu", Some("Sichuan"), "610016", "28"),
            ("Nanjing", Some("Jiangsu"), "210005", "25"),
            ("Wuhan", Some("Hubei"), "430014", "27"),
            ("Suzhou", Some("Jiangsu"), "215002", "512"),
            ("Xiamen", Some("Fujian"), "361001", "592"),
        ],
        "FR" => &[
            ("Paris", None, "75001", "1"),
            ("Lyon", None, "69001", "4"),
            ("Marseille", None, "13001", "4"),
            ("Toulouse", None, "31000", "5"),
            ("Lille", None, "59000", "3"),
            ("Nantes", None, "44000", "2"),
            ("Bordeaux", None, "33000", "5"),
        ],
        "NL" => &[
            ("Amsterdam", None, "1012 AB", "20"),
            ("Rotterdam", None, "3011 AD", "10"),
            ("Utrecht", None, "3511 AA", "30"),
            ("Eindhoven", None, "5611 AA", "40"),
            ("Den Haag", None, "2511 AA", "70"),
        ],
        _ => places("US"),
    }
}

/// Street names of a country.
pub fn streets(country: &str) -> &'static [&'static str] {
    match country {
        "DE" | "AT" => &[
            "Hauptstraße",
            "Bahnhofstraße",
            "Gartenstraße",
            "Schillerstraße",
            "Goethestraße",
            "Lindenallee",
            "Industriestraße",
            "Marktplatz",
        ],
        "CN" => &[
            "Nanjing Road",
            "Huaihai Road",
            "Renmin Road",
            "Zhongshan Road",
            "Jiefang Road",
            "Keji Road",
            "Century Avenue",
        ],
        "FR" => &[
            "Rue de la République",
            "Avenue Victor Hugo",
            "Rue du Commerce",
            "Boulevard Voltaire",
            "Rue Nationale",
        ],
        "NL" => &[
            "Kerkstraat",
            "Stationsweg",
            "Dorpsstraat",
            "Molenweg",
            "Keizersgracht",
        ],
        "GB" => &[
            "High Street",
            "Station Road",
            "King Street",
            "Victoria Road",
            "Church Lane",
            "Mill Lane",
        ],
        _ => &[
            "Main Street",
            "Pine Street",
            "2nd Avenue",
            "Market Street",
            "Elm Street",
            "Park Avenue",
            "Lake Street",
            "Oak Street",
        ],
    }
}

/// A first address line in the country's usual order: "12 Main Street", "Hauptstraße 12".
pub fn street_line(country: &str, street: &str, number: u64) -> String {
    match country {
        "DE" | "AT" | "NL" => format!("{street} {number}"),
        "CN" => format!("No. {number} {street}"),
        "FR" => format!("{number} {street}"),
        _ => format!("{number} {street}"),
    }
}

/// A phone number in the national format of `country` with `area` code and `line` digits.
pub fn phone(country: &str, area: &str, line: &str) -> String {
    match country {
        "US" | "CA" => format!("{area}{}", &line[..7]),
        "CN" => format!("0{area}{}", &line[..8]),
        _ => format!("0{area}{}", &line[..7]),
    }
}

/// Culture and language of a country's customers.
pub fn culture(country: &str) -> (&'static str, &'static str) {
    match country {
        "DE" => ("de-DE", "de"),
        "AT" => ("de-AT", "de"),
        "CN" => ("zh-CN", "zh"),
        "FR" => ("fr-FR", "fr"),
        "NL" => ("nl-NL", "nl"),
        "GB" => ("en-GB", "en"),
        "CA" => ("en-CA", "en"),
        _ => ("en-US", "en"),
    }
}
