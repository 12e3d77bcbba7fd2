"""The printed documents (PDF): kallelse, programme, yearly plan. Reads every domain app it prints.
"""
