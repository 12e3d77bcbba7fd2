"""Shared machinery that every app stands on: admin base classes and mixins, spreadsheet formats, widgets and
the base resource, history restore, the page cache and its data version, the login throttle, the template tags
and filters used across apps, the health check. Imports no domain app.
"""
