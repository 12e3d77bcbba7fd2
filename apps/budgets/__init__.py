"""Budgets per year with their lines, and the fee shares of the eight municipalities.
"""
