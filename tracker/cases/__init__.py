"""Cases (removal matters), their teams, filings, and each user's dashboard."""
