#!/usr/bin/env bash
# City Tasks' Cognito pieces with the AWS CLI v2, the same settings as user-pool-client.yaml:
# a prefix domain on managed login (branding version 2), the app client (public, code grant
# with PKCE, no secret), and managed login's default style for it. See README "Deploying".
#
#   POOL_ID=eu-west-1_AbC123 DOMAIN_PREFIX=city-tasks SITE=https://tasks.example.com \
#     bash deploy/cognito/user-pool-client.sh
#
# It prints the values for config.json (or the CITY_TASKS_* variables). The localhost URLs
# are for `cargo xtask dev --config`; drop them for a production-only client.
# crates/deploy-check/tests/cognito_files.rs checks every option against the CLI reference.
set -euo pipefail
: "${POOL_ID:?set POOL_ID to the user pool id}"
: "${DOMAIN_PREFIX:?set DOMAIN_PREFIX, e.g. city-tasks}"
: "${SITE:?set SITE to https://<your host>, no trailing slash}"
REGION="${POOL_ID%%_*}"

# Branding -> Domain: managed login (2); 1 is the classic hosted UI (the only one on Lite).
aws cognito-idp create-user-pool-domain \
  --user-pool-id "$POOL_ID" \
  --domain "$DOMAIN_PREFIX" \
  --managed-login-version 2

# Applications -> App clients -> Single-page application, with its Login pages settings.
CLIENT_ID=$(aws cognito-idp create-user-pool-client \
  --user-pool-id "$POOL_ID" \
  --client-name city-tasks \
  --no-generate-secret \
  --allowed-o-auth-flows-user-pool-client \
  --allowed-o-auth-flows code \
  --allowed-o-auth-scopes openid email profile \
  --supported-identity-providers COGNITO \
  --callback-urls "$SITE/home" "http://localhost:8080/home" \
  --logout-urls "$SITE/" "http://localhost:8080/" \
  --explicit-auth-flows ALLOW_REFRESH_TOKEN_AUTH \
  --prevent-user-existence-errors ENABLED \
  --enable-token-revocation \
  --query UserPoolClient.ClientId \
  --output text)

# Managed login pages need a style for the client; Cognito's defaults are enough.
aws cognito-idp create-managed-login-branding \
  --user-pool-id "$POOL_ID" \
  --client-id "$CLIENT_ID" \
  --use-cognito-provided-values

echo "CITY_TASKS_ISSUER=https://cognito-idp.$REGION.amazonaws.com/$POOL_ID"
echo "CITY_TASKS_AUTH_DOMAIN=https://$DOMAIN_PREFIX.auth.$REGION.amazoncognito.com"
echo "CITY_TASKS_CLIENT_ID=$CLIENT_ID"
echo "CITY_TASKS_REDIRECT_URI=$SITE/home"
echo "CITY_TASKS_LOGOUT_URI=$SITE/"
