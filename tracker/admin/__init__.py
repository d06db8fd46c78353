"""The network coordinator's pages: users, roles, case teams, the audit log."""
