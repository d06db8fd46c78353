"""Purging a person's record, the case file for the attorney, and retention of closed cases."""
