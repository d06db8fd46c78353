"""Public campaigns: the consent-gated campaign page, petitions and their signatures."""
