"""The HTTP API and the web page (``eventwire serve``)."""
from .app import create_app

__all__ = ["create_app"]
