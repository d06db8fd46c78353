"""Support-letter packets: one PDF for the decision-maker, every build kept."""
