"""What every app needs and no domain: typed service errors and their one mapping to pages, the
API and admin; the versioned, audited save; date and time fields and the from/to filter; the
history diff; status tags; admin mixins. Apps import this, never each other's presentation code."""
