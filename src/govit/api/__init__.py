"""The JSON API (R8.5): the same services and permissions as the web pages."""
