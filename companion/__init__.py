"""Common Ground: a private networking companion built on shared interests and giving first."""

__version__ = "0.1.0"

APP_NAME = "Common Ground"
APP_ID = "org.commonground.Companion"
