"""Key figures (nyckeltal) per municipality and year, with the Kolada import.
"""
