#!/usr/bin/env sh
# Writes random secrets for docker-compose.yml into deploy/secrets/ (kept out of git), leaving existing ones.
set -eu
cd "$(dirname "$0")"
mkdir -p secrets && chmod 700 secrets
new() { [ -s "secrets/$1" ] || { umask 077; printf '%s' "$2" > "secrets/$1"; }; }
new postgres_password "$(openssl rand -hex 24)"
new database_url "postgres://cyber_norms:$(cat secrets/postgres_password)@db:5432/cyber_norms"
new jwt_secret "$(openssl rand -base64 48)"
new s3_access_key "cnt-$(openssl rand -hex 8)"
new s3_secret_key "$(openssl rand -hex 24)"
new admin_password "$(openssl rand -base64 18)"
new metrics_token "$(openssl rand -hex 24)"
echo "Secrets are in $(pwd)/secrets; the first admin's password is in secrets/admin_password"
