"""Events: one feature's modules."""
