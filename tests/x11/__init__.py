"""Tests that need a real X server and a system tray host (the suite starts Xvfb and trayer)."""
