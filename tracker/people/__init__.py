"""People facing deportation: identity, restricted fields, search, duplicate A-numbers."""
