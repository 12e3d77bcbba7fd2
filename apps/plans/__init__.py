"""The yearly plan (inriktning): priorities and activities of a year; its page reads budgets, meetings and
programme.
"""
