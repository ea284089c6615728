#!/usr/bin/env bash
# Build the front-end assets that are committed under static/.
#
#   frontend/build.sh            (runnable from any working directory)
#
# Outputs (all committed; a fresh checkout never needs npm):
#   static/govuk/localism.css               compiled from frontend/src/localism.scss
#   static/govuk/govuk-frontend.min.js(.map) GOV.UK Frontend ES module bundle
#   static/govuk/assets/                    GOV.UK Frontend fonts, images, manifest.json
#   static/vendor/htmx.min.js               htmx
#   tests/e2e/vendor/axe.min.js             axe-core, for the browser tests' accessibility checks
#   static/govuk/VERSION                    versions used for the build
set -euo pipefail

FRONTEND_DIR="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
REPO_ROOT="$(cd "${FRONTEND_DIR}/.." && pwd)"
STATIC_DIR="${REPO_ROOT}/static"
GOVUK_OUT="${STATIC_DIR}/govuk"
VENDOR_OUT="${STATIC_DIR}/vendor"

cd "${FRONTEND_DIR}"

echo "==> npm ci"
npm ci --no-audit --no-fund --ignore-scripts

GOVUK_PKG="${FRONTEND_DIR}/node_modules/govuk-frontend"
GOVUK_DIST="${GOVUK_PKG}/dist/govuk"
HTMX_PKG="${FRONTEND_DIR}/node_modules/htmx.org"
SASS_BIN="${FRONTEND_DIR}/node_modules/.bin/sass"

pkg_version() {
  node -p "require(process.argv[1]).version" "$1/package.json"
}

GOVUK_VERSION="$(pkg_version "${GOVUK_PKG}")"
HTMX_VERSION="$(pkg_version "${HTMX_PKG}")"
SASS_VERSION="$(pkg_version "${FRONTEND_DIR}/node_modules/sass")"

mkdir -p "${GOVUK_OUT}" "${VENDOR_OUT}"

echo "==> sass ${SASS_VERSION}: src/localism.scss -> static/govuk/localism.css"
"${SASS_BIN}" \
  --load-path="${FRONTEND_DIR}/node_modules" \
  --style=compressed \
  --no-source-map \
  --quiet-deps \
  "${FRONTEND_DIR}/src/localism.scss" \
  "${GOVUK_OUT}/localism.css"

echo "==> govuk-frontend ${GOVUK_VERSION}: JS and assets"
# The .map is copied too: the bundle ends with a sourceMappingURL comment, and
# Django's ManifestStaticFilesStorage fails collectstatic if that file is missing.
cp "${GOVUK_DIST}/govuk-frontend.min.js" "${GOVUK_OUT}/govuk-frontend.min.js"
cp "${GOVUK_DIST}/govuk-frontend.min.js.map" "${GOVUK_OUT}/govuk-frontend.min.js.map"

# Replace the assets folder wholesale so files dropped upstream do not linger.
rm -rf "${GOVUK_OUT}/assets"
cp -R "${GOVUK_DIST}/assets" "${GOVUK_OUT}/assets"

echo "==> htmx.org ${HTMX_VERSION}"
cp "${HTMX_PKG}/dist/htmx.min.js" "${VENDOR_OUT}/htmx.min.js"

echo "==> axe-core (for the accessibility checks in tests/e2e)"
mkdir -p "${REPO_ROOT}/tests/e2e/vendor"
cp "${FRONTEND_DIR}/node_modules/axe-core/axe.min.js" "${REPO_ROOT}/tests/e2e/vendor/axe.min.js"

cat > "${GOVUK_OUT}/VERSION" <<EOF
govuk-frontend ${GOVUK_VERSION}
sass ${SASS_VERSION}
htmx.org ${HTMX_VERSION}
EOF

echo "==> done"
cat "${GOVUK_OUT}/VERSION"
