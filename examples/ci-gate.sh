#!/bin/sh
# A CI gate for a rollback: previews the rollback of an Astro Deployment, with its history
# read live from the Astro API, and fails the job unless the rollback can go ahead. One
# command, no jq: the exit status is the verdict.
#
#   ASTRO_API_TOKEN        an API token that may view the Deployment (keep it a CI secret)
#   ASTRO_ORGANIZATION_ID  the Organization's id
#   ASTRO_DEPLOYMENT_ID    the Deployment's id
#   ROLLBACK_TO            the entry to roll back to (default: previous, the newest older
#                          entry whose code differs from the code running now)
#   ROLLBACK_DESCRIPTION   the rollback's description (optional)
#
# Other arguments go to `deploy-rollback plan` (say --api-url, --now or -o json).
#
# Exit status: 0 the rollback can go ahead; 1 it is blocked; 3 it needs action first (the
# steps say what); 2 it could not be previewed (a setting, the token, the API).
set -u

deploy-rollback plan --api --check --to "${ROLLBACK_TO:-previous}" \
  ${ROLLBACK_DESCRIPTION:+--description "$ROLLBACK_DESCRIPTION"} "$@"
status=$?

case $status in
  0) echo "ci-gate: the rollback can go ahead." >&2 ;;
  1) echo "ci-gate: the rollback is blocked; the reasons are above." >&2 ;;
  3) echo "ci-gate: the rollback needs action first; the steps are above." >&2 ;;
  *) echo "ci-gate: the rollback could not be previewed; the error is above." >&2 ;;
esac
exit "$status"
