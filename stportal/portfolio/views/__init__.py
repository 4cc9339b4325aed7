"""The portfolio pages (issue 5), one module per page group: the overview with the follow-up,
the supervision log, study time, assessments, courses, the written and quality work, annual
reviews and delmål progress. Each view parses the request, asks `stportal.access`, calls one
service of `stportal.portfolio.services` (or reads) and renders or redirects."""
