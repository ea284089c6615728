// Initialise GOV.UK Frontend components (ES module; load with type="module").
//
// The relative specifier resolves to /static/govuk/govuk-frontend.min.js when
// this file is served from /static/js/init.js, and keeps working if STATIC_URL
// changes or ManifestStaticFilesStorage hashes file names.
//
// initAll() does nothing on browsers that GOV.UK Frontend does not support
// (<body> lacks the govuk-frontend-supported class set in base.html).
import { initAll } from '../govuk/govuk-frontend.min.js'

initAll()
