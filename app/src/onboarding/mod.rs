//! Onboarding new customers: the wizard that creates a customer and its first order.

mod onboarding_page;

pub use onboarding_page::OnboardingPage;
