"""The eight municipalities, their populations and the officials' logins.

The municipality page aggregates what concerns one municipality: it reads budgets (fee shares), meetings
(hosted), programme (adoptions) and rotations (host years).
"""
