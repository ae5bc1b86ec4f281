//! The offers table: ids, names, limits and list prices of what each cloud sells.

use super::catalog::Offer;
use crate::cloud::Cloud;

const AZURE: &str = "MS-AZR-0145P";
const AZURE_USGOV: &str = "MS-AZR-USGOV-0145P";
const AZURE_GERMANY: &str = "MS-AZR-DE-0145P";
const E3: &str = "796B6B5F-613C-4E24-A17C-EBA730D49C02";
const E1: &str = "91FD106F-4B2C-4938-95AC-F54F74E9A239";
const BUSINESS_PREMIUM: &str = "031C9E47-4802-4248-838E-778FB1D2CC05";
const EXCHANGE_P1: &str = "195416C1-3447-423A-B37B-EE59A99A19C4";
const E5: &str = "2E5A7F3C-9B1D-4C6E-8F0A-3D2B1C4E5F60";
const POWER_BI: &str = "A8D6A1F2-3B4C-4D5E-9F60-718293A4B5C6";
const VISIO: &str = "4B1E8C2D-7A6F-4E3D-B2C1-0F9E8D7C6B5A";
const PROJECT: &str = "C3D2E1F0-A9B8-4C7D-8E6F-5A4B3C2D1E0F";
const INTUNE_DEVICE: &str = "D4E5F6A7-B8C9-4D0E-A1F2-B3C4D5E6F708";
const EMS_E3: &str = "E5F6A7B8-C9D0-4E1F-A2B3-C4D5E6F70819";
const DYNAMICS_SALES: &str = "F6A7B8C9-D0E1-4F2A-B3C4-D5E6F708192A";
const ATP: &str = "84A03D81-6B37-4D66-8D4A-FAEA24541538";
const ARCHIVING: &str = "0B1C2D3E-4F5A-4B6C-9D7E-8F9A0B1C2D3E";
const AUDIO_CONFERENCING: &str = "1C2D3E4F-5A6B-4C7D-8E9F-A0B1C2D3E4F5";

const OFFICE: (&str, &str) = ("SmallBusiness_Key", "Small Business");
const ENTERPRISE: (&str, &str) = ("Enterprise_Key", "Enterprise");
pub(super) const AZURE_CATEGORY: (&str, &str) = ("Azure_Key", "Azure");

macro_rules! offer {
    ($id:expr, $name:expr, $description:expr, $max:expr, $category:expr, $price:expr) => {
        Offer {
            id: $id,
            name: $name,
            description: $description,
            minimum_quantity: 1,
            maximum_quantity: $max,
            is_add_on: false,
            prerequisites: &[],
            category: $category,
            product: ($id, $name),
            usd_monthly_price: $price,
        }
    };
}

fn azure(id: &'static str) -> Offer {
    Offer {
        id,
        name: "Microsoft Azure",
        description: "Azure Cloud Solution Provider offer for Partners and Resellers",
        minimum_quantity: 1,
        maximum_quantity: 1,
        is_add_on: false,
        prerequisites: &[],
        category: AZURE_CATEGORY,
        product: (id, "Microsoft Azure"),
        usd_monthly_price: 0.0,
    }
}

fn add_on(id: &'static str, name: &'static str, prerequisites: &'static [&'static str], price: f64) -> Offer {
    Offer {
        id,
        name,
        description: "Add-on that extends a base subscription.",
        minimum_quantity: 1,
        maximum_quantity: 10_000,
        is_add_on: true,
        prerequisites,
        category: ENTERPRISE,
        product: (id, name),
        usd_monthly_price: price,
    }
}

/// Every cloud's offers, in catalog order: global (everything), 21Vianet (Office 365 without
/// Azure), US Government (no Office 365), Germany (Office 365 and Azure Germany).
pub fn offers() -> Vec<(Cloud, Offer)> {
    {
        let office = || {
            vec![
                offer!(
                    E3,
                    "Office 365 E3",
                    "Office apps, email, meetings and file storage for enterprises.",
                    10_000,
                    ENTERPRISE,
                    23.0
                ),
                offer!(
                    E1,
                    "Office 365 E1",
                    "Web versions of Office apps with email and file storage.",
                    10_000,
                    ENTERPRISE,
                    10.0
                ),
                offer!(
                    EXCHANGE_P1,
                    "Exchange Online (Plan 1)",
                    "Business email with a 50 GB mailbox.",
                    10_000,
                    OFFICE,
                    4.0
                ),
                offer!(
                    POWER_BI,
                    "Power BI Pro",
                    "Self-service analytics and dashboards.",
                    10_000,
                    ENTERPRISE,
                    10.0
                ),
                add_on(
                    ATP,
                    "Office 365 Advanced Threat Protection (Plan 1)",
                    &[E3, E1],
                    2.0,
                ),
                add_on(ARCHIVING, "Exchange Online Archiving", &[EXCHANGE_P1, E1], 3.0),
            ]
        };
        let project = || {
            offer!(
                PROJECT,
                "Project Plan 3",
                "Project and portfolio management.",
                10_000,
                ENTERPRISE,
                30.0
            )
        };
        let mut offers = Vec::new();
        let mut global = office();
        global.extend([
            azure(AZURE),
            offer!(
                BUSINESS_PREMIUM,
                "Microsoft 365 Business Premium",
                "Office apps and advanced security for small businesses.",
                300,
                OFFICE,
                22.0
            ),
            offer!(
                E5,
                "Microsoft 365 E5",
                "Office, Windows and security with advanced compliance.",
                10_000,
                ENTERPRISE,
                57.0
            ),
            offer!(
                VISIO,
                "Visio Plan 2",
                "Diagramming for professionals.",
                10_000,
                ENTERPRISE,
                15.0
            ),
            project(),
            offer!(
                INTUNE_DEVICE,
                "Intune Device",
                "Device management for shared devices.",
                10_000,
                ENTERPRISE,
                2.0
            ),
            offer!(
                EMS_E3,
                "Enterprise Mobility + Security E3",
                "Identity and device protection.",
                10_000,
                ENTERPRISE,
                10.6
            ),
            offer!(
                DYNAMICS_SALES,
                "Dynamics 365 Sales Enterprise",
                "Sales force automation.",
                10_000,
                ENTERPRISE,
                95.0
            ),
            add_on(
                AUDIO_CONFERENCING,
                "Microsoft Teams Audio Conferencing",
                &[E3, E1],
                4.0,
            ),
        ]);
        offers.extend(global.into_iter().map(|offer| (Cloud::Global, offer)));
        let mut china = office();
        china.push(project());
        offers.extend(china.into_iter().map(|offer| (Cloud::China, offer)));
        let usgov = vec![
            azure(AZURE_USGOV),
            offer!(
                DYNAMICS_SALES,
                "Dynamics 365 Sales Enterprise (Government)",
                "Sales force automation for government.",
                10_000,
                ENTERPRISE,
                95.0
            ),
            offer!(
                EMS_E3,
                "Enterprise Mobility + Security E3 (Government)",
                "Identity and device protection.",
                10_000,
                ENTERPRISE,
                10.6
            ),
            offer!(
                INTUNE_DEVICE,
                "Intune Device (Government)",
                "Device management for shared devices.",
                10_000,
                ENTERPRISE,
                2.0
            ),
            offer!(
                POWER_BI,
                "Power BI Pro (Government)",
                "Self-service analytics and dashboards.",
                10_000,
                ENTERPRISE,
                10.0
            ),
        ];
        offers.extend(usgov.into_iter().map(|offer| (Cloud::UsGov, offer)));
        let mut germany = office();
        germany.push(azure(AZURE_GERMANY));
        offers.extend(germany.into_iter().map(|offer| (Cloud::Germany, offer)));
        offers
    }
}
