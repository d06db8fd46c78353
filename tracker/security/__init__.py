"""Protection of restricted data: field encryption, blind indexes, audit log, access rules."""
