//! Which identity provider a sign-in goes to when the user did not just click one: the guard's
//! automatic redirect, "Sign in again" and "Try again" reuse the provider chosen last in this
//! tab, so a federated user is not dropped on the Hosted UI's chooser.

use crate::config::Config;

/// The `identity_provider` for a sign-in the user did not start with a provider button.
/// `remembered` is the provider chosen last in this tab (`None` after the plain Login).
/// A remembered name the configuration no longer lists is ignored. Without one, a deployment
/// that hides the plain Login and has exactly one provider goes straight to it; otherwise the
/// Hosted UI shows its own chooser.
pub fn provider_for_resume(config: &Config, remembered: Option<&str>) -> Option<String> {
    let providers = &config.identity_providers;
    if let Some(name) = remembered
        && providers.iter().any(|provider| provider.name == name)
    {
        return Some(name.to_string());
    }
    match providers.as_slice() {
        [only] if !config.show_hosted_ui_login => Some(only.name.clone()),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::config::IdentityProvider;

    fn config(providers: &[&str], show_hosted_ui_login: bool) -> Config {
        Config {
            identity_providers: providers
                .iter()
                .map(|name| IdentityProvider {
                    name: (*name).into(),
                    label: format!("Sign in with {name}"),
                })
                .collect(),
            show_hosted_ui_login,
            ..crate::auth::test_config()
        }
    }

    #[test]
    fn reuses_the_remembered_provider() {
        let config = config(&["Okta", "AzureAD"], true);
        assert_eq!(
            provider_for_resume(&config, Some("AzureAD")).as_deref(),
            Some("AzureAD")
        );
    }

    #[test]
    fn plain_hosted_ui_without_a_remembered_provider() {
        assert_eq!(provider_for_resume(&config(&["Okta"], true), None), None);
        assert_eq!(provider_for_resume(&config(&[], true), None), None);
        assert_eq!(
            provider_for_resume(&config(&["Okta", "AzureAD"], false), None),
            None,
            "several providers and no plain Login: the Hosted UI chooser lists them"
        );
    }

    #[test]
    fn a_provider_no_longer_configured_is_forgotten() {
        assert_eq!(
            provider_for_resume(&config(&["Okta"], true), Some("Google")),
            None
        );
    }

    #[test]
    fn the_only_provider_when_the_plain_login_is_hidden() {
        assert_eq!(
            provider_for_resume(&config(&["Okta"], false), None).as_deref(),
            Some("Okta")
        );
        assert_eq!(
            provider_for_resume(&config(&["Okta"], false), Some("Gone")).as_deref(),
            Some("Okta")
        );
    }
}
