"""Subscribable iCalendar feeds (per user, per case) and their revocable tokens."""
