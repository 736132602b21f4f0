"""Feeds: one feature's modules."""
