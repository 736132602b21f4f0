"""Settings: one feature's modules."""
