"""Accounts, roles, sign-in and the `users` command line."""
