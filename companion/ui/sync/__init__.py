"""The window's side of sync: rounds off the GUI thread, Preferences > Sync, Home's new people."""
