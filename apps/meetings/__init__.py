"""Meetings, their agendas and documents; the calendar, meeting pages, feeds and open data.
"""
