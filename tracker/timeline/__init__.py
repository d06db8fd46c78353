"""The case timeline: dated events, derived legal deadlines, hearing verification."""
