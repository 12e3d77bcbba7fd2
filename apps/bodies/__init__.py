"""Bodies (committee, management group, networks …), the people in them and their roles, external partners.

The body page reads meetings and programme (the goals the body owns); the body list's planning action drafts
meetings through apps.meetings.
"""
