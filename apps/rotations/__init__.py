"""Host rotations: which municipality hosts a body's meetings in which year.
"""
