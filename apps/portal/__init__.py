"""The site's own pages, composed over the domain apps: home, search, accessibility statement; the seed
command, which loads every app's data; the roles (groups) migration. Nothing imports it.
"""
