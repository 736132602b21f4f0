"""Widgets: one feature's modules."""
