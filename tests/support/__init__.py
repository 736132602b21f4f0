"""Helpers shared by the whole suite: test keyring, network guard, CLI runner.

Kept free of imports at package level: every subprocess a test starts imports
``tests.support.network_guard`` through ``sitecustomize``, so this must stay cheap.
"""
