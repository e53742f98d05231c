"""Vague-wording and SMART rules: pattern data in ``rules/patterns``, one loader, one engine."""
