"""People (accounts) and their role memberships, scoped to a region or a unit."""
