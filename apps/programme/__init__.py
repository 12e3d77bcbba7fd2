"""The development programme: versions, focus areas, goals, sub-goals, adoptions by the eight boards.
"""
